/**
 * The simulator's one source of randomness. Unseeded it is the platform's
 * CSPRNG; seeded it is a small deterministic generator (xoshiro128**), so
 * tests, screenshots and classroom demos see the same key IDs and
 * ciphertexts on every run. The seeded mode is for teaching, not secrecy.
 */
export interface RandomSource {
  /** Fresh bytes in a buffer of their own (never a view into shared memory). */
  bytes(length: number): Uint8Array;
  /** Overwrites `target` with the next bytes: the same stream bytes(target.length) would have given. */
  fill?(target: Uint8Array): void;
  /** The generator's state, for snapshots; undefined when unseeded. */
  state(): number[] | undefined;
}

/** Random bytes straight into `target`, through fill() when the source has it. */
export function fillRandom(random: RandomSource, target: Uint8Array): void {
  if (random.fill) random.fill(target);
  else target.set(random.bytes(target.length));
}

/** How many bytes the platform source is asked for at a time. */
export const POOL_SIZE = 4096;
/** Draws longer than this skip the pool: they would drain it for little gain. */
const POOLED_MAX = 256;
/** getRandomValues fills at most 65536 bytes per call. */
const PLATFORM_MAX = 65536;

/**
 * The platform CSPRNG, drawn in blocks: a call needs 12 to 64 random bytes
 * (request and event IDs, a nonce, a data key), and one getRandomValues call
 * per 4 KB is much cheaper than three or four per call. Every draw is copied
 * out into its own buffer and its bytes in the pool are zeroed, so no caller
 * holds a view of bytes handed to another.
 */
export class CryptoRandom implements RandomSource {
  private readonly pool = new Uint8Array(POOL_SIZE);
  /** Bytes of the pool already handed out; POOL_SIZE means empty. */
  private used = POOL_SIZE;

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.fill(out);
    return out;
  }

  fill(target: Uint8Array): void {
    const length = target.length;
    if (length > POOLED_MAX) {
      // getRandomValues takes no shared memory; such a target gets a copy.
      const into = target.buffer instanceof ArrayBuffer ? (target as Uint8Array<ArrayBuffer>) : new Uint8Array(length);
      for (let i = 0; i < length; i += PLATFORM_MAX) globalThis.crypto.getRandomValues(into.subarray(i, Math.min(length, i + PLATFORM_MAX)));
      if (into !== target) target.set(into);
      return;
    }
    if (this.used + length > POOL_SIZE) {
      globalThis.crypto.getRandomValues(this.pool);
      this.used = 0;
    }
    // Byte by byte: for draws this short, cheaper than making subarray views to copy with.
    const pool = this.pool;
    const from = this.used;
    for (let i = 0; i < length; i++) {
      target[i] = pool[from + i]!;
      pool[from + i] = 0;
    }
    this.used = from + length;
  }

  state(): undefined {
    return undefined;
  }
}

export class SeededRandom implements RandomSource {
  private s: Uint32Array;

  constructor(seed: number | number[]) {
    if (Array.isArray(seed)) {
      this.s = Uint32Array.from(seed);
      return;
    }
    // splitmix32 spreads one number over the four words of state.
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s = Uint32Array.of(next(), next(), next(), next());
  }

  private nextWord(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.fill(out);
    return out;
  }

  /**
   * Not pooled: the generator costs no system call, and a pool would change
   * which bytes a seeded run sees (a draw of n bytes uses ceil(n/4) words and
   * drops the rest of the last one), so seeded IDs and ciphertexts would no
   * longer match older runs and saved snapshots.
   */
  fill(target: Uint8Array): void {
    const length = target.length;
    for (let i = 0; i < length; i += 4) {
      const word = this.nextWord();
      for (let j = 0; j < 4 && i + j < length; j++) target[i + j] = (word >>> (8 * j)) & 0xff;
    }
  }

  state(): number[] {
    return Array.from(this.s);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
