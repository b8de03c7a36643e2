import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kms } from '../../src/kms/kms.ts';
import { takeSnapshot } from '../../src/kms/store.ts';
import { expectError, newKms, randomBytes } from '../support/kms-test-helpers.ts';
import { opensslDir, publicPem } from '../support/openssl.ts';

const CASES: [spec: string, algorithm: string][] = [
  ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256'],
  ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_384'],
  ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_512'],
  ['RSA_2048', 'RSASSA_PSS_SHA_256'],
  ['RSA_2048', 'RSASSA_PSS_SHA_384'],
  ['RSA_2048', 'RSASSA_PSS_SHA_512'],
  ['RSA_3072', 'RSASSA_PSS_SHA_384'],
  ['RSA_4096', 'RSASSA_PKCS1_V1_5_SHA_512'],
  ['ECC_NIST_P256', 'ECDSA_SHA_256'],
  ['ECC_NIST_P384', 'ECDSA_SHA_384'],
  ['ECC_NIST_P521', 'ECDSA_SHA_512'],
];

let kms: Kms;
const keys = new Map<string, { KeyId: string; publicKey: Uint8Array }>();
const sha = (algorithm: string, data: Uint8Array) => new Uint8Array(createHash(`sha${algorithm.slice(-3)}`).update(data).digest());

beforeAll(async () => {
  kms = await newKms(81);
  for (const spec of new Set(CASES.map(([s]) => s))) {
    const { KeyId } = (await kms.createKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    keys.set(spec, { KeyId, publicKey: (await kms.getPublicKey({ KeyId })).PublicKey });
  }
}, 60_000);

describe('Sign and Verify with MessageType DIGEST', () => {
  it.each(CASES)('%s %s: a digest signed as is equals signing the message, for KMS and for OpenSSL', async (spec, algorithm) => {
    const { KeyId, publicKey } = keys.get(spec)!;
    const message = randomBytes(300);
    const digest = sha(algorithm, message);
    const { Signature } = await kms.sign({ KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm });
    // The digest signature is a signature of the message...
    await kms.verify({ KeyId, Message: message, Signature, SigningAlgorithm: algorithm });
    await kms.verify({ KeyId, Message: digest, MessageType: 'DIGEST', Signature, SigningAlgorithm: algorithm });
    // ...and a RAW signature verifies against the digest.
    const raw = (await kms.sign({ KeyId, Message: message, SigningAlgorithm: algorithm })).Signature;
    await kms.verify({ KeyId, Message: digest, MessageType: 'DIGEST', Signature: raw, SigningAlgorithm: algorithm });
    // Signing the digest as a RAW message signs its hash instead: it does not verify as a digest signature.
    const twice = (await kms.sign({ KeyId, Message: digest, SigningAlgorithm: algorithm })).Signature;
    await expectError(kms.verify({ KeyId, Message: digest, MessageType: 'DIGEST', Signature: twice, SigningAlgorithm: algorithm }), 'KMSInvalidSignatureException', '');

    const dir = opensslDir({ 'pub.pem': publicPem(publicKey), msg: message, sig: Signature });
    const pss = algorithm.includes('PSS') ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1'] : [];
    const checked = dir.run(['dgst', `-sha${algorithm.slice(-3)}`, '-verify', 'pub.pem', '-signature', 'sig', ...pss, 'msg']);
    dir.remove();
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);

    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.boolean(), async (bit, inDigest) => {
        const flip = (b: Uint8Array) => {
          const c = b.slice();
          c[(bit >> 3) % c.length]! ^= 1 << (bit & 7);
          return c;
        };
        const request = inDigest
          ? { KeyId, Message: flip(digest), MessageType: 'DIGEST', Signature, SigningAlgorithm: algorithm }
          : { KeyId, Message: digest, MessageType: 'DIGEST', Signature: flip(Signature), SigningAlgorithm: algorithm };
        await expectError(kms.verify(request), 'KMSInvalidSignatureException', '');
      }),
      { numRuns: 8 },
    );
  }, 30_000);

  it('keeps the private key for digests sealed: a snapshot holds ciphertext and a non-extractable key, no JWK', async () => {
    const { KeyId } = keys.get('ECC_NIST_P256')!;
    const material = takeSnapshot(kms).keys.find((k) => k.keyId === KeyId)!.materials[0]!;
    expect(material.sealKey?.extractable).toBe(false);
    expect(material.sealedPrivate).toBeInstanceOf(Uint8Array);
    const text = new TextDecoder('latin1').decode(material.sealedPrivate);
    expect(text).not.toContain('"d"');
    expect(text).not.toContain('"kty"');
    const encryption = (await kms.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).KeyMetadata;
    expect(takeSnapshot(kms).keys.find((k) => k.keyId === encryption.KeyId)!.materials[0]!.sealedPrivate).toBeUndefined();
  });
});
