/**
 * The model's memory on its own: which files count as stored, and how it recognises bytes it has
 * named before (whole, as base64 words, or spelled in hex) without keeping them.
 */
import { describe, expect, it } from 'vitest';
import { digest, observe, observeText } from '../../../src/cli/invocation.ts';
import { recognise } from '../../../src/components/envelope/effects.ts';
import { emptyWorld, put, remember, storedGroups } from '../../../src/components/envelope/world.ts';

describe('storage', () => {
  it('stores an encrypted data key only beside data encrypted with that same data key', () => {
    const world = emptyWorld();
    put(world, 'file', '/d/key.enc', [{ kind: 'encrypted-data-key', dataKeyFingerprint: 'aaaa0000' }]);
    put(world, 'file', '/d/other.enc', [{ kind: 'encrypted-data', cipher: 'AES-256-CBC', dataKeyFingerprint: 'bbbb1111' }]);
    put(world, 'file', '/e/data.enc', [{ kind: 'encrypted-data', cipher: 'AES-256-CBC', dataKeyFingerprint: 'aaaa0000' }]);
    expect(storedGroups(world).size).toBe(0);
    put(world, 'file', '/d/data.enc', [{ kind: 'encrypted-data', cipher: 'AES-256-CBC', dataKeyFingerprint: 'aaaa0000' }]);
    expect([...storedGroups(world).keys()].sort()).toEqual(['file:/d/data.enc', 'file:/d/key.enc']);
    // A file that also holds the plaintext data key is never "stored".
    put(world, 'file', '/d/key.enc', [{ kind: 'data-key' }, { kind: 'encrypted-data-key' }]);
    expect(storedGroups(world).size).toBe(0);
  });
});

describe('recognising bytes', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
  const base64 = btoa(String.fromCharCode(...key));
  const hex = [...key].map((b) => b.toString(16).padStart(2, '0')).join('');
  const named = { kind: 'data-key' as const, ref: digest(key), fingerprint: 'abcd0123' };

  it('knows the raw bytes, the base64 text inside other text, and the same bytes spelled in hex', () => {
    const world = emptyWorld();
    remember(world, digest(key), [named]);
    remember(world, digest(new TextEncoder().encode(base64)), [named]);
    expect(recognise(world, observe(key))).toEqual([named]);
    expect(recognise(world, observeText(`{"Plaintext": "${base64}",\n "KeyId": "k"}`))).toEqual([named]);
    expect(recognise(world, observeText(`${base64}\tAQIDBAUGBwgJCgsMDQ4PEA==\n`))).toEqual([named]);
    expect(recognise(world, observeText(`${hex}\n`))).toEqual([named]);
    expect(recognise(world, observeText(`${hex.toUpperCase()}`))).toEqual([named]);
    // A different key, a truncated one, or nothing at all: not recognised.
    expect(recognise(world, observeText(base64.slice(0, 30)))).toEqual([]);
    expect(recognise(world, observe(key.slice(1)))).toEqual([]);
    expect(recognise(world, observe(new Uint8Array(0)))).toEqual([]);
  });

  it('keeps digests only, and forgets the oldest past its bound', () => {
    const world = emptyWorld();
    for (let i = 0; i < 1000; i++) remember(world, `d${i}`, [{ kind: 'encrypted-data' }]);
    expect(world.known.size).toBeLessThanOrEqual(400);
    expect(world.known.has('d999')).toBe(true);
    expect(world.known.has('d0')).toBe(false);
    expect(digest(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(observe(key).words).toEqual([]); // binary: only the whole digest
  });
});
