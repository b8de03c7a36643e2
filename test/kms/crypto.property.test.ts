import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { OVERHEAD } from '../../src/kms/ciphertext.ts';
import type { Kms } from '../../src/kms/kms.ts';
import type { DecryptRequest } from '../../src/kms/types.ts';
import { failure, newKms } from '../support/kms-test-helpers.ts';

type Context = Record<string, string>;

// Well-formed Unicode strings (no lone surrogates), including the empty string.
const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const contextArb: fc.Arbitrary<Context> = fc.dictionary(text(16), text(32), { maxKeys: 5 });
const plaintextArb = fc.uint8Array({ minLength: 1, maxLength: 4096 });

function sameContext(a: Context | undefined, b: Context | undefined): boolean {
  const ea = Object.entries(a ?? {});
  const eb = new Map(Object.entries(b ?? {}));
  return ea.length === eb.size && ea.every(([k, v]) => eb.has(k) && eb.get(k) === v);
}

function withContext(blob: Uint8Array, context: Context | undefined): DecryptRequest {
  return context === undefined ? { CiphertextBlob: blob } : { CiphertextBlob: blob, EncryptionContext: context };
}

/** A key name not yet in the context. */
function freshKey(context: Context, base: string): string {
  let key = base;
  while (Object.hasOwn(context, key)) key += '+';
  return key;
}

type Mutation = { kind: 'add' | 'remove' | 'change-value' | 'rename-key' | 'omit'; key: string; value: string; pick: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('add', 'remove', 'change-value', 'rename-key', 'omit'),
  key: text(16),
  value: text(32),
  pick: fc.nat(),
});

/** Applies a change that always yields a different context (undefined = send no context at all). */
function mutate(context: Context, m: Mutation): Context | undefined {
  const entries = Object.entries(context);
  if (entries.length === 0 || m.kind === 'add') return { ...context, [freshKey(context, m.key)]: m.value };
  const [key, value] = entries[m.pick % entries.length]!;
  const rest = Object.fromEntries(entries.filter(([k]) => k !== key));
  switch (m.kind) {
    case 'remove':
      return rest;
    case 'omit':
      return undefined;
    case 'change-value':
      return { ...context, [key]: m.value === value ? `${value}x` : m.value };
    case 'rename-key':
      return { ...rest, [freshKey(context, m.key === key ? `${key}x` : m.key)]: value };
  }
}

let kms: Kms;
let freshKeyId: string;
let rotatedKeyId: string;

beforeAll(async () => {
  kms = await newKms(42);
  freshKeyId = (await kms.createKey()).KeyMetadata.KeyId;
  // A key with material versions 0, 1 and 2: a bit flip in the version bytes of a version-2 blob can
  // name material the key really has (version 0, 3 → no), which must still be refused.
  rotatedKeyId = (await kms.createKey()).KeyMetadata.KeyId;
  await kms.rotateKeyOnDemand({ KeyId: rotatedKeyId });
  await kms.rotateKeyOnDemand({ KeyId: rotatedKeyId });
  // A key that existed and was deleted, so the "deleted keys" set is not empty while flips are tested.
  const doomed = (await kms.createKey()).KeyMetadata.KeyId;
  await kms.scheduleKeyDeletion({ KeyId: doomed, PendingWindowInDays: 7 });
  await kms.advanceTime(8 * 86400000);
});

const keyArb = fc.constantFrom('fresh', 'rotated').map((which) => (which === 'fresh' ? freshKeyId : rotatedKeyId));

describe('Encrypt → Decrypt (property)', () => {
  it('round-trips any 1–4096-byte plaintext under any encryption context, in any pair order', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, plaintextArb, contextArb, async (keyId, plaintext, context) => {
        const enc = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context });
        expect(enc.CiphertextBlob.length).toBe(plaintext.length + OVERHEAD);
        const reordered = Object.fromEntries(Object.entries(context).reverse());
        const dec = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: reordered });
        expect(dec.Plaintext).toEqual(plaintext);
        expect(dec.KeyId).toBe(enc.KeyId);
      }),
      { numRuns: 60 },
    );
  });

  it('GenerateDataKey: the encrypted copy decrypts to the returned plaintext for any size and context', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, fc.integer({ min: 1, max: 1024 }), contextArb, async (keyId, n, context) => {
        const dk = await kms.generateDataKey({ KeyId: keyId, NumberOfBytes: n, EncryptionContext: context });
        expect(dk.Plaintext.length).toBe(n);
        const dec = await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: context });
        expect(dec.Plaintext).toEqual(dk.Plaintext);
        expect(dec.KeyMaterialId).toBe(dk.KeyMaterialId);
      }),
      { numRuns: 40 },
    );
  });
});

describe('tampering (property)', () => {
  it('flipping any single bit of a ciphertext is rejected with InvalidCiphertextException', async () => {
    await fc.assert(
      fc.asyncProperty(
        keyArb,
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        contextArb,
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (keyId, plaintext, context, position, bit) => {
          const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context });
          const flipped = CiphertextBlob.slice();
          const at = position % flipped.length;
          flipped[at]! ^= 1 << bit;
          const error = await failure(kms.decrypt({ CiphertextBlob: flipped, EncryptionContext: context }));
          expect({ at, name: error.name, message: error.message }).toEqual({ at, name: 'InvalidCiphertextException', message: '' });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('flipping a bit in the key-ID bytes (offset 5..20) names a key that never existed: still InvalidCiphertextException', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, fc.integer({ min: 5, max: 20 }), fc.integer({ min: 0, max: 7 }), async (keyId, at, bit) => {
        const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: Uint8Array.of(1, 2, 3) });
        const flipped = CiphertextBlob.slice();
        flipped[at]! ^= 1 << bit;
        const error = await failure(kms.decrypt({ CiphertextBlob: flipped }));
        expect({ at, bit, name: error.name, message: error.message }).toEqual({ at, bit, name: 'InvalidCiphertextException', message: '' });
        // The same holds when the caller names the real key: the blob is still not a valid ciphertext for it.
        const named = await failure(kms.decrypt({ CiphertextBlob: flipped, KeyId: keyId }));
        expect(named.name).toBe('InvalidCiphertextException');
      }),
      { numRuns: 60 },
    );
  });

  it('flipping a bit in the material-version bytes (offset 21..24) is rejected, even when it names existing material', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 21, max: 24 }), fc.integer({ min: 0, max: 7 }), async (at, bit) => {
        const { CiphertextBlob } = await kms.encrypt({ KeyId: rotatedKeyId, Plaintext: Uint8Array.of(9) });
        expect(CiphertextBlob[24]).toBe(2);
        const flipped = CiphertextBlob.slice();
        flipped[at]! ^= 1 << bit;
        const error = await failure(kms.decrypt({ CiphertextBlob: flipped }));
        expect({ at, bit, name: error.name, message: error.message }).toEqual({ at, bit, name: 'InvalidCiphertextException', message: '' });
      }),
      { numRuns: 32 },
    );
  });

  it('decrypting with any different encryption context is rejected with InvalidCiphertextException', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, fc.uint8Array({ minLength: 1, maxLength: 64 }), contextArb, mutationArb, async (keyId, plaintext, context, m) => {
        const changed = mutate(context, m);
        expect(sameContext(context, changed)).toBe(false);
        const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context });
        const error = await failure(kms.decrypt(withContext(CiphertextBlob, changed)));
        expect({ name: error.name, message: error.message }).toEqual({ name: 'InvalidCiphertextException', message: '' });
        // ReEncrypt checks the source context the same way.
        const viaReEncrypt = await failure(
          kms.reEncrypt(
            changed === undefined
              ? { CiphertextBlob, DestinationKeyId: freshKeyId }
              : { CiphertextBlob, SourceEncryptionContext: changed, DestinationKeyId: freshKeyId },
          ),
        );
        expect(viaReEncrypt.name).toBe('InvalidCiphertextException');
        // And the right context still works, so the rejection was about the context.
        expect((await kms.decrypt(withContext(CiphertextBlob, context))).Plaintext).toEqual(plaintext);
      }),
      { numRuns: 60 },
    );
  });
});
