import { describe, expect, it } from 'vitest';
import { deployConfigFromEnv, normalizeBase, normalizeSite } from '../../src/lib/deploy-config.ts';

describe('normalizeBase', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['/', '/'],
    ['  ', '/'],
    ['kms-lab', '/kms-lab/'],
    ['/kms-lab', '/kms-lab/'],
    ['/kms-lab/', '/kms-lab/'],
    ['//kms-lab//', '/kms-lab/'],
    ['org/kms-lab', '/org/kms-lab/'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeBase(raw)).toBe(expected);
  });
});

describe('normalizeSite', () => {
  it('keeps the origin of an absolute URL', () => {
    expect(normalizeSite('https://octo.github.io/')).toBe('https://octo.github.io');
    expect(normalizeSite(' http://localhost:4321 ')).toBe('http://localhost:4321');
  });

  it('treats a missing or blank value as no site', () => {
    expect(normalizeSite(undefined)).toBeUndefined();
    expect(normalizeSite('')).toBeUndefined();
  });

  it('refuses values that are not http(s) URLs', () => {
    expect(() => normalizeSite('octo.github.io')).toThrow(/absolute URL/);
    expect(() => normalizeSite('ftp://octo.github.io')).toThrow(/http or https/);
  });
});

describe('deployConfigFromEnv', () => {
  it('defaults to a root deployment', () => {
    expect(deployConfigFromEnv({})).toEqual({ site: undefined, base: '/' });
  });

  it('reads the GitHub Pages settings', () => {
    expect(deployConfigFromEnv({ SITE_URL: 'https://octo.github.io', BASE_PATH: '/kms-lab' })).toEqual({
      site: 'https://octo.github.io',
      base: '/kms-lab/',
    });
  });
});
