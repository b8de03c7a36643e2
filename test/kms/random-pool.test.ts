// The pooled platform random source: one getRandomValues call per 4 KB, draws in buffers of their own, seeded streams unchanged.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Kms } from '../../src/kms/kms.ts';
import { CryptoRandom, fillRandom, POOL_SIZE, SeededRandom, type RandomSource } from '../../src/kms/random.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const spyOnPlatform = () => vi.spyOn(globalThis.crypto, 'getRandomValues');

describe('CryptoRandom draws the platform source in blocks', () => {
  it('asks getRandomValues once per 4 KB of small draws, not once per draw', () => {
    const random = new CryptoRandom();
    const spy = spyOnPlatform();
    let drawn = 0;
    for (let i = 0; i < 300; i++) {
      const n = [12, 16, 32][i % 3]!;
      random.bytes(n);
      drawn += n;
    }
    expect(drawn).toBeGreaterThan(POOL_SIZE);
    expect(spy).toHaveBeenCalledTimes(Math.ceil(drawn / POOL_SIZE));
  });

  it('Encrypt and GenerateDataKey no longer call getRandomValues three or four times each', async () => {
    const kms = await Kms.create();
    const { KeyMetadata } = await kms.createKey({});
    const spy = spyOnPlatform();
    for (let i = 0; i < 40; i++) {
      await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: Uint8Array.of(1, 2, 3) });
      await kms.generateDataKey({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256' });
    }
    // 80 calls drew 40 × (16 + 12 + 16) + 40 × (16 + 32 + 12 + 16) bytes: fewer than 4 blocks.
    expect(spy.mock.calls.length).toBeLessThanOrEqual(Math.ceil((40 * 44 + 40 * 76) / POOL_SIZE) + 1);
  });

  it('hands out every draw in a buffer of its own, and never the same bytes twice, across refills', () => {
    const random = new CryptoRandom();
    const seen = new Set<string>();
    for (let i = 0; i < (3 * POOL_SIZE) / 16; i++) {
      const b = random.bytes(16);
      expect(b.byteOffset).toBe(0);
      expect(b.buffer.byteLength).toBe(16);
      const key = Array.from(b).join(',');
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('changing a handed-out buffer changes nothing the pool gives next', () => {
    const a = new CryptoRandom();
    const first = a.bytes(32);
    first.fill(7);
    const next = a.bytes(4000);
    expect(next.some((b) => b !== 7)).toBe(true);
  });

  it('draws bigger than the pool go straight to the platform, in 64 KB slices', () => {
    const random = new CryptoRandom();
    const spy = spyOnPlatform();
    const big = random.bytes(140_000);
    expect(spy).toHaveBeenCalledTimes(3);
    expect(spy.mock.calls.every(([view]) => (view as Uint8Array).byteLength <= 65536)).toBe(true);
    expect(new Set(big.subarray(0, 4096)).size).toBeGreaterThan(200);
  });

  it('fill() writes into a view in place, with no copy left behind in the target’s other bytes', () => {
    const random = new CryptoRandom();
    const target = new Uint8Array(64);
    fillRandom(random, target.subarray(20, 32));
    expect(target.subarray(0, 20).every((b) => b === 0)).toBe(true);
    expect(target.subarray(32).every((b) => b === 0)).toBe(true);
    expect(target.subarray(20, 32).some((b) => b !== 0)).toBe(true);
  });
});

describe('the seeded generator is not pooled: its stream is what it always was', () => {
  it('fill() gives the same bytes as bytes() for every length, so seeded IDs and ciphertexts repeat', () => {
    const a = new SeededRandom(99);
    const b = new SeededRandom(99);
    for (const n of [16, 12, 32, 1, 5, 7, 64, 3, 16]) {
      const into = new Uint8Array(n);
      a.fill(into);
      expect(into).toEqual(b.bytes(n));
    }
    expect(a.state()).toEqual(b.state());
  });

  it('keeps the xoshiro128** output it had before: the first bytes for seed 42', () => {
    // Pinned from the generator as it was before the pool, so a change to the stream shows here.
    expect(Array.from(new SeededRandom(42).bytes(16))).toEqual(FIRST_16_FOR_SEED_42);
  });

  it('a source with bytes() only still works wherever fill() is used', () => {
    const calls: number[] = [];
    const plain: RandomSource = {
      bytes: (n) => {
        calls.push(n);
        return new Uint8Array(n).fill(9);
      },
      state: () => undefined,
    };
    const target = new Uint8Array(12);
    fillRandom(plain, target);
    expect(calls).toEqual([12]);
    expect(target.every((b) => b === 9)).toBe(true);
  });
});

const FIRST_16_FOR_SEED_42 = [172, 28, 30, 169, 233, 54, 123, 32, 250, 127, 152, 28, 158, 222, 159, 208];
