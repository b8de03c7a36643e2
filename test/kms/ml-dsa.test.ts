import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoreSnapshot, takeSnapshot } from '../../src/kms/store.ts';
import { encode, expectError, newKms } from '../support/kms-test-helpers.ts';
import { opensslDir } from '../support/openssl.ts';

/** FIPS 204 sizes: public key and signature bytes of each parameter set. */
const LEVELS = [
  ['ML_DSA_44', 1312, 2420, '2.16.840.1.101.3.4.3.17'],
  ['ML_DSA_65', 1952, 3309, '2.16.840.1.101.3.4.3.18'],
  ['ML_DSA_87', 2592, 4627, '2.16.840.1.101.3.4.3.19'],
] as const;

const shake = (data: Uint8Array, bytes: number) => new Uint8Array(createHash('shake256', { outputLength: bytes }).update(data).digest());

describe('ML-DSA keys (computed by @noble/post-quantum)', () => {
  it.each(LEVELS)('%s: SPKI with its OID, RAW signatures that verify, EXTERNAL_MU computed outside equal to RAW', async (KeySpec, publicBytes, signatureBytes, oid) => {
    const kms = await newKms(111);
    const meta = (await kms.createKey({ KeySpec, KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    expect(meta).toMatchObject({ KeySpec, SigningAlgorithms: ['ML_DSA_SHAKE_256'] });
    expect(meta).not.toHaveProperty('CustomerMasterKeySpec');
    const { KeyId } = meta;
    const { PublicKey } = await kms.getPublicKey({ KeyId });
    const dir = opensslDir({ 'pub.der': PublicKey });
    const parsed = dir.run(['asn1parse', '-inform', 'DER', '-in', 'pub.der']).stdout.toString();
    dir.remove();
    expect(parsed).toContain(oid);
    expect(PublicKey.length).toBe(publicBytes + 22);
    const message = encode(`post-quantum ${KeySpec}`);
    const { Signature } = await kms.sign({ KeyId, Message: message, SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    expect(Signature).toHaveLength(signatureBytes);
    await kms.verify({ KeyId, Message: message, Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    // μ = SHAKE256(SHAKE256(pk, 64) || 0x00 || 0x00 || M, 64) (FIPS 204, empty context), computed with Node.
    const tr = shake(PublicKey.subarray(PublicKey.length - publicBytes), 64);
    const mu = shake(new Uint8Array([...tr, 0, 0, ...message]), 64);
    const fromMu = await kms.sign({ KeyId, Message: mu, MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    await kms.verify({ KeyId, Message: message, Signature: fromMu.Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    await kms.verify({ KeyId, Message: mu, MessageType: 'EXTERNAL_MU', Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.boolean(), async (bit, inMessage) => {
        const flip = (b: Uint8Array) => {
          const c = b.slice();
          c[(bit >> 3) % c.length]! ^= 1 << (bit & 7);
          return c;
        };
        const request = inMessage
          ? { KeyId, Message: flip(message), Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' }
          : { KeyId, Message: message, Signature: flip(Signature), SigningAlgorithm: 'ML_DSA_SHAKE_256' };
        await expectError(kms.verify(request), 'KMSInvalidSignatureException', '');
      }),
      { numRuns: 10 },
    );
  }, 30_000);

  it('refuses DIGEST, a μ that is not 64 bytes, and EXTERNAL_MU for other keys', async () => {
    const kms = await newKms(112);
    const { KeyId } = (await kms.createKey({ KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    await expectError(kms.sign({ KeyId, Message: new Uint8Array(32), MessageType: 'DIGEST', SigningAlgorithm: 'ML_DSA_SHAKE_256' }), 'ValidationException');
    await expectError(kms.sign({ KeyId, Message: new Uint8Array(32), MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' }), 'ValidationException');
    await expectError(kms.sign({ KeyId, Message: encode('x'), SigningAlgorithm: 'ECDSA_SHA_256' }), 'InvalidKeyUsageException', 'Algorithm ECDSA_SHA_256 is incompatible with key spec ML_DSA_44.');
    const ecc = (await kms.createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    await expectError(kms.sign({ KeyId: ecc.KeyId, Message: new Uint8Array(64), MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ECDSA_SHA_256' }), 'InvalidKeyUsageException');
  });

  it('keeps the seed sealed, repeats with a seed, and signs after a snapshot', async () => {
    const make = async () => {
      const kms = await newKms(113);
      const { KeyId } = (await kms.createKey({ KeySpec: 'ML_DSA_65', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
      return { kms, KeyId, PublicKey: (await kms.getPublicKey({ KeyId })).PublicKey };
    };
    const first = await make();
    expect((await make()).PublicKey).toEqual(first.PublicKey);
    const snapshot = takeSnapshot(first.kms);
    const material = snapshot.keys.find((k) => k.keyId === first.KeyId)!.materials[0]!;
    expect(material.sealKey?.extractable).toBe(false);
    expect(material.sealedPrivate).toHaveLength(12 + 32 + 16);
    const { Signature } = await restoreSnapshot(snapshot).sign({ KeyId: first.KeyId, Message: encode('later'), SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    await first.kms.verify({ KeyId: first.KeyId, Message: encode('later'), Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' });
  });
});
