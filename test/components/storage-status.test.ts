import { describe, expect, it } from 'vitest';
import { describeFailures } from '../../src/components/storage-notice.ts';

// The module keeps one page's failures; each test here loads a fresh copy.
async function freshModule() {
  const { vi } = await import('vitest');
  vi.resetModules();
  return import('../../src/components/storage-status.ts');
}

describe('failed writes to localStorage', () => {
  it('tell the page the first time for each kind, with why', async () => {
    Object.assign(globalThis, { window: new EventTarget() });
    const status = await freshModule();
    const heard: unknown[] = [];
    status.onStorageFailure((f) => heard.push(f));
    Object.assign(globalThis, {
      localStorage: {
        setItem() {
          throw new DOMException('full', 'QuotaExceededError');
        },
        removeItem() {},
      },
    });
    expect(status.saveItem('a', 'x', 'command history')).toBe(false);
    expect(status.saveItem('a', 'y', 'command history')).toBe(false);
    expect(status.saveItem('b', null, 'layout choices')).toBe(true);
    Object.assign(globalThis, {
      localStorage: {
        setItem() {
          throw new DOMException('denied', 'SecurityError');
        },
      },
    });
    expect(status.saveItem('c', 'z', 'layout choices')).toBe(false);
    expect(heard).toEqual([
      { what: 'command history', reason: 'full' },
      { what: 'layout choices', reason: 'blocked' },
    ]);
    expect(describeFailures(status.storageFailures())).toBe(
      "This browser's storage for the site is full: your command history and layout choices are not being saved and will be gone when you leave this page. Free some space (clear other site data) or export what you need.",
    );
  });

  it('word one blocked kind as a sentence', () => {
    expect(describeFailures([{ what: 'progress', reason: 'blocked' }])).toBe(
      'This browser does not let the site store anything: your progress is not being saved and will be gone when you leave this page. Allow site data for this site to keep it.',
    );
    expect(describeFailures([])).toBe('');
  });
});
