// Blob framing: sealBlob builds the documented layout with one buffer of its own, the nonce drawn straight into the header.
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalContext, HEADER_LENGTH, openBlob, readHeader, sealBlob, TAG_LENGTH } from '../../src/kms/ciphertext.ts';
import { SeededRandom } from '../../src/kms/random.ts';

const KEY_ID = '2c3715eb-7a41-4c5e-9d2f-0123456789ab';
const subtle = globalThis.crypto.subtle;
const aes = () => subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

/** The layout as the format comment in ciphertext.ts describes it, built byte by byte here. */
function expectedHeader(version: number, nonce: Uint8Array): Uint8Array {
  const hex = KEY_ID.replace(/-/g, '');
  const id = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  return Uint8Array.from([0x01, 0x02, 0x02, 0x00, 0x78, ...id, version >>> 24, (version >>> 16) & 0xff, (version >>> 8) & 0xff, version & 0xff, ...nonce]);
}

const CONTEXTS: [string, Record<string, string> | undefined][] = [
  ['no context', undefined],
  ['an empty context', {}],
  ['a short context', { purpose: 'test', a: 'bc' }],
  ['a context longer than the ciphertext', { long: 'v'.repeat(500), 'ünï': 'välue' }],
];

describe('sealBlob', () => {
  for (const [label, context] of CONTEXTS) {
    for (const transfer of [true, false]) {
      const mode = transfer ? 'with transfer' : 'without transfer';
      it(`writes header ‖ AES-GCM(plaintext) with the header and context as additional data (${label}, ${mode})`, async () => {
        const key = await aes();
        const plaintext = new TextEncoder().encode('framing under test');
        const nonce = Uint8Array.from({ length: 12 }, (_, i) => 200 + i);
        const seal = () => sealBlob(key, KEY_ID, 258, nonce, plaintext, context);
        const blob = transfer ? await seal() : await withoutTransfer(seal);
        expect(blob.length).toBe(HEADER_LENGTH + plaintext.length + TAG_LENGTH);
        expect(blob.byteOffset).toBe(0);
        expect(blob.buffer.byteLength).toBe(blob.length);
        const header = expectedHeader(258, nonce);
        expect(blob.subarray(0, HEADER_LENGTH)).toEqual(header);
        // Open it with raw WebCrypto and additional data assembled independently.
        const additionalData = new Uint8Array([...header, ...canonicalContext(context)]);
        const plain = await subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData, tagLength: 128 }, key, blob.slice(HEADER_LENGTH));
        expect(new Uint8Array(plain)).toEqual(plaintext);
        expect(await openBlob(key, blob, readHeader(blob), context)).toEqual(plaintext);
      });
    }
  }

  it('given a random source, draws the nonce straight into the header: the same 12 bytes bytes(12) would give', async () => {
    const key = await aes();
    const blob = await sealBlob(key, KEY_ID, 0, new SeededRandom(7), Uint8Array.of(1, 2, 3), undefined);
    expect(blob.subarray(25, HEADER_LENGTH)).toEqual(new SeededRandom(7).bytes(12));
    expect(readHeader(blob).nonce).toEqual(new SeededRandom(7).bytes(12));
  });

  it('returns a blob that owns its buffer, so a caller cannot reach other bytes through .buffer', async () => {
    const blob = await sealBlob(await aes(), KEY_ID, 0, new SeededRandom(1), new Uint8Array(100), { k: 'v' });
    expect(blob.byteOffset).toBe(0);
    expect(blob.buffer.byteLength).toBe(blob.length);
  });
});

/** Runs `work` as on a platform without ArrayBuffer.prototype.transfer (browsers before 2024). */
async function withoutTransfer<T>(work: () => Promise<T>): Promise<T> {
  const proto = ArrayBuffer.prototype as { transfer?: unknown };
  const saved = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'transfer');
  delete proto.transfer;
  try {
    return await work();
  } finally {
    if (saved) Object.defineProperty(ArrayBuffer.prototype, 'transfer', saved);
  }
}

describe('sealBlob allocates one buffer of its own', () => {
  const RealUint8Array = globalThis.Uint8Array;
  afterEach(() => {
    globalThis.Uint8Array = RealUint8Array;
  });

  /**
   * Counts `new Uint8Array(length)` (fresh memory; views over an existing buffer are not counted) while `work` runs.
   * TextEncoder's bytes for context strings are made natively and not counted; the old framing's extra
   * buffers (header, key ID, context, additional data, the final concatenation) all were.
   */
  async function freshAllocations(work: () => Promise<unknown>): Promise<number[]> {
    const lengths: number[] = [];
    globalThis.Uint8Array = new Proxy(RealUint8Array, {
      construct(target, args: unknown[], newTarget) {
        if (typeof args[0] === 'number') lengths.push(args[0]);
        return Reflect.construct(target, args, newTarget) as object;
      },
    });
    try {
      await work();
    } finally {
      globalThis.Uint8Array = RealUint8Array;
    }
    return lengths;
  }

  const plaintext = new RealUint8Array(4096);
  const longContext = { long: 'v'.repeat(5000) };
  const aadLength = (context: Record<string, string> | undefined) => HEADER_LENGTH + canonicalContext(context).length;

  it('with transfer: only the additional data (header and context); WebCrypto’s output becomes the blob', async () => {
    expect(typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer).toBe('function');
    const key = await aes();
    for (const context of [undefined, { purpose: 'test' }, longContext]) {
      const lengths = await freshAllocations(() => sealBlob(key, KEY_ID, 0, new SeededRandom(3), plaintext, context));
      expect(lengths).toEqual([aadLength(context)]);
    }
  });

  it('without transfer: just the blob, the additional data borrowing the ciphertext’s room', async () => {
    const key = await aes();
    for (const context of [undefined, { purpose: 'test' }]) {
      const lengths = await withoutTransfer(() => freshAllocations(() => sealBlob(key, KEY_ID, 0, new SeededRandom(3), plaintext, context)));
      expect(lengths).toEqual([HEADER_LENGTH + 4096 + TAG_LENGTH]);
    }
  });

  it('without transfer, for a context longer than the ciphertext: room for the additional data, then the blob', async () => {
    const key = await aes();
    const lengths = await withoutTransfer(() => freshAllocations(() => sealBlob(key, KEY_ID, 0, new SeededRandom(3), plaintext, longContext)));
    expect(lengths).toEqual([aadLength(longContext), HEADER_LENGTH + 4096 + TAG_LENGTH]);
  });

  it('gives the same blob with and without transfer', async () => {
    const key = await aes();
    for (const context of [undefined, { purpose: 'test' }, longContext]) {
      const moved = await sealBlob(key, KEY_ID, 9, new SeededRandom(4), plaintext, context);
      const copied = await withoutTransfer(() => sealBlob(key, KEY_ID, 9, new SeededRandom(4), plaintext, context));
      expect(moved).toEqual(copied);
      expect(await withoutTransfer(() => openBlob(key, moved, readHeader(moved), context))).toEqual(plaintext);
    }
  });
});
