import { describe, expect, it } from 'vitest';

Object.assign(globalThis, { window: new EventTarget() });
const { historyStore, scrollbackStore } = await import('../../../src/components/terminal/terminal-storage.ts');
const { onStorageFailure } = await import('../../../src/components/storage-status.ts');

/** localStorage that holds at most `room` characters of values, and then refuses as a full quota does. */
function storage(room: number) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem(key: string, value: string) {
      const used = [...items].reduce((n, [k, v]) => n + (k === key ? 0 : v.length), 0);
      if (used + value.length > room) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('the terminal’s saved history and scrollback', () => {
  it('round-trip through localStorage', () => {
    Object.assign(globalThis, { localStorage: storage(1_000) });
    historyStore.save(['ls', 'aws kms list-keys']);
    expect(historyStore.load()).toEqual(['ls', 'aws kms list-keys']);
    scrollbackStore.save('kms-lab-scrollback 1\n$ ls');
    expect(scrollbackStore.load()).toBe('kms-lab-scrollback 1\n$ ls');
  });

  it('report a full storage once per kind, and never bring back an older scrollback', () => {
    const heard: string[] = [];
    const stop = onStorageFailure((f) => heard.push(`${f.what}: ${f.reason}`));
    const full = storage(40);
    Object.assign(globalThis, { localStorage: full });
    scrollbackStore.save('old text');
    scrollbackStore.save('x'.repeat(100));
    scrollbackStore.save('y'.repeat(100));
    expect(scrollbackStore.load()).toBeUndefined();
    historyStore.save(['z'.repeat(100)]);
    expect(heard).toEqual(['terminal text: full', 'command history: full']);
    stop();
  });

  it('read nothing, and throw nothing, when storage is blocked', () => {
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    expect(historyStore.load()).toEqual([]);
    expect(scrollbackStore.load()).toBeUndefined();
    expect(() => historyStore.save(['ls'])).not.toThrow();
    expect(() => scrollbackStore.save('text')).not.toThrow();
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, writable: true, value: storage(10) });
  });
});
