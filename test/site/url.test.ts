import { describe, expect, it } from 'vitest';
import { lessonHref, withBase } from '../../src/lib/url.ts';

describe('withBase', () => {
  it('joins paths under the root', () => {
    expect(withBase('', '/')).toBe('/');
    expect(withBase('favicon.svg', '/')).toBe('/favicon.svg');
    expect(withBase('/favicon.svg', '/')).toBe('/favicon.svg');
  });

  it('joins paths under a sub-path with or without its trailing slash', () => {
    expect(withBase('', '/kms-lab/')).toBe('/kms-lab/');
    expect(withBase('#lessons', '/kms-lab')).toBe('/kms-lab/#lessons');
    expect(withBase('/lessons/x/', '/kms-lab/')).toBe('/kms-lab/lessons/x/');
  });
});

describe('lessonHref', () => {
  it('points at the lesson directory', () => {
    expect(lessonHref('data-keys', '/kms-lab/')).toBe('/kms-lab/lessons/data-keys/');
    expect(lessonHref('data-keys', '/')).toBe('/lessons/data-keys/');
  });
});
