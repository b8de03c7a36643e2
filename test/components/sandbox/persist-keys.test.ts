// The keys in chunks and rows: what saves write, what a read gives back, and what it refuses.
import { describe, expect, it } from 'vitest';
import { MemoryBackend, type WriteBatch } from '../../../src/components/sandbox/persist-backend.ts';
import { KEY_CHUNK, KEY_ROWS_MAX, KeyPlaces, readKeys, type KeyWrites } from '../../../src/components/sandbox/persist-keys.ts';
import type { KeyRecord } from '../../../src/kms/keys.ts';

/** Stand-ins for key records: the layout reads only keyId. */
const key = (keyId: string, version = 0) => ({ keyId, version }) as unknown as KeyRecord;
const noAudit = { putRows: [], putChunks: [], deleteRows: [], through: 0 };

async function write(backend: MemoryBackend, keys: KeyWrites, nextKeyOrder: number, full = false): Promise<void> {
  const generation = (backend.stores.meta.get('sandbox') as { generation?: number } | undefined)?.generation ?? 0;
  const batch: WriteBatch = { full, meta: { generation: generation + 1, nextKeyOrder }, keys, putFiles: [], deleteFiles: [], deleteFileTrees: [], audit: noAudit };
  expect(await backend.write(generation, () => batch)).toBe('ok');
}

const readBack = async (backend: MemoryBackend, nextOrder: number) => readKeys((await backend.read()).keys, nextOrder);

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const written = (w: KeyWrites) => w.putRows.length + w.putChunks.reduce((n, [, chunk]) => n + chunk.keys.length, 0);

describe('the keys in their store', () => {
  it('after any run of creations, changes and deletions, reads back as the key map, in its order, from few records', async () => {
    const next = random(19);
    const backend = new MemoryBackend();
    const places = new KeyPlaces();
    const keys = new Map<string, KeyRecord>();
    let made = 0;
    await write(backend, places.all(keys), places.next, true);
    for (let step = 0; step < 200; step++) {
      const changed = new Set<string>();
      const r = next();
      const n = r < 0.1 ? 100 + Math.floor(next() * 300) : 1 + Math.floor(next() * 4);
      for (let i = 0; i < n; i++) {
        const what = next();
        const ids = [...keys.keys()];
        if (what < 0.5 || ids.length === 0) {
          const keyId = `k${made++}`;
          keys.set(keyId, key(keyId));
          changed.add(keyId);
        } else if (what < 0.85) {
          const keyId = ids[Math.floor(next() * ids.length)]!;
          keys.set(keyId, key(keyId, step));
          changed.add(keyId);
        } else {
          const keyId = ids[Math.floor(next() * ids.length)]!;
          keys.delete(keyId);
          changed.add(keyId);
        }
      }
      const writes = places.changed(changed, keys);
      // Only the changed keys, or the chunks they fall in when folding.
      expect(written(writes)).toBeLessThanOrEqual(Math.max(changed.size, KEY_CHUNK * writes.putChunks.length));
      await write(backend, writes, places.next);
      const read = await readBack(backend, places.next);
      expect(read.records).toEqual([...keys.values()]);
      expect(backend.stores.keys.size).toBeLessThan(KEY_ROWS_MAX);
      expect(backend.stores.keyChunks.size).toBeLessThanOrEqual(Math.ceil(places.next / KEY_CHUNK));
      // A sandbox restored here goes on from the same places.
      if (step % 50 === 49) places.adopt(read);
    }
    expect(made).toBeGreaterThan(1500);
  });

  it('a change writes that key alone, as a row that overrides its chunk; a deleted key is a tombstone until the fold', async () => {
    const backend = new MemoryBackend();
    const places = new KeyPlaces();
    const keys = new Map<string, KeyRecord>(Array.from({ length: 250 }, (_, i) => [`k${i}`, key(`k${i}`)]));
    const full = places.all(keys);
    expect(full.putChunks.map(([index, chunk]) => [index, chunk.keys.length])).toEqual([
      [0, 100],
      [1, 100],
      [2, 50],
    ]);
    await write(backend, full, places.next, true);
    keys.set('k7', key('k7', 1));
    keys.delete('k150');
    const writes = places.changed(new Set(['k7', 'k150']), keys);
    expect(writes.putRows).toEqual([
      ['k7', { order: 7, record: key('k7', 1) }],
      ['k150', { keyId: 'k150', order: 150, gone: true }],
    ]);
    expect(writes.putChunks).toEqual([]);
    await write(backend, writes, places.next);
    const read = await readBack(backend, places.next);
    expect(read.records).toEqual([...keys.values()]);
    expect([...read.rows]).toEqual(['k150', 'k7']);
    expect(read.gone).toEqual(new Map([['k150', 150]]));

    // KEY_ROWS_MAX keys with rows: their chunks are written again and the rows go.
    places.adopt(read);
    const more = new Set(Array.from({ length: KEY_ROWS_MAX - 2 }, (_, i) => `k${200 + i}`));
    for (const keyId of more) keys.set(keyId, key(keyId, 2));
    const fold = places.changed(more, keys);
    expect(fold.putChunks.map(([index]) => index).sort()).toEqual([0, 1, 2]);
    expect(fold.putRows).toEqual([]);
    expect(new Set(fold.deleteRows)).toEqual(new Set(['k7', 'k150', ...more]));
    await write(backend, fold, places.next);
    expect(backend.stores.keys.size).toBe(0);
    expect((await readBack(backend, places.next)).records).toEqual([...keys.values()]);
  });

  it('carries on a store of version 2 (a row per key): the first save folds the rows into chunks', async () => {
    const backend = new MemoryBackend();
    const keys = new Map<string, KeyRecord>(Array.from({ length: 120 }, (_, i) => [`k${i}`, key(`k${i}`)]));
    [...keys.values()].forEach((record, order) => backend.stores.keys.set(record.keyId, { order, record }));
    const places = new KeyPlaces();
    places.adopt(await readBack(backend, 120));
    keys.set('k3', key('k3', 1));
    const writes = places.changed(new Set(['k3']), keys);
    expect(writes.putChunks.map(([index]) => index)).toEqual([0, 1]);
    await write(backend, writes, places.next);
    expect(backend.stores.keys.size).toBe(0);
    expect((await readBack(backend, 120)).records).toEqual([...keys.values()]);
  });

  it('refuses what no save writes: an order past meta.nextKeyOrder or outside its chunk, a key in two chunks', () => {
    const row = (keyId: string, order: number) => ({ order, record: key(keyId) });
    expect(() => readKeys([row('a', 5)], 5)).toThrow(/keys\.0\.order: expected less than meta\.nextKeyOrder \(5\)/);
    expect(() => readKeys([{ index: 1, keys: [row('a', 5)] }], 500)).toThrow(/keys\.0\.keys\.0\.order: expected an order in chunk 1/);
    expect(() => readKeys([{ index: 0, keys: [row('a', 5)] }, { index: 1, keys: [row('a', 105)] }], 500)).toThrow(/keys\.1\.keys\.0: key a appears twice/);
    expect(() => readKeys([{ keyId: 7, order: 1, gone: true }], 5)).toThrow(/keys\.0\.keyId: expected a string/);
    expect(() => readKeys([{ order: 1, record: null }], 5)).toThrow(/keys\.0\.record: expected an object, got null/);
  });
});
