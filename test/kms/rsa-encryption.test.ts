import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kms } from '../../src/kms/kms.ts';
import { decode, encode, expectError, newKms, randomBytes } from '../support/kms-test-helpers.ts';
import { opensslDir, publicPem } from '../support/openssl.ts';

/** AWS's plaintext limits for RSAES-OAEP, from its key spec reference. */
const LIMITS: [spec: string, algorithm: string, limit: number][] = [
  ['RSA_2048', 'RSAES_OAEP_SHA_1', 214],
  ['RSA_2048', 'RSAES_OAEP_SHA_256', 190],
  ['RSA_3072', 'RSAES_OAEP_SHA_1', 342],
  ['RSA_3072', 'RSAES_OAEP_SHA_256', 318],
  ['RSA_4096', 'RSAES_OAEP_SHA_1', 470],
  ['RSA_4096', 'RSAES_OAEP_SHA_256', 446],
];

let kms: Kms;
const keys = new Map<string, { KeyId: string; Arn: string; publicKey: Uint8Array }>();

beforeAll(async () => {
  kms = await newKms(31);
  for (const spec of ['RSA_2048', 'RSA_3072', 'RSA_4096']) {
    const { KeyId, Arn } = (await kms.createKey({ KeySpec: spec, KeyUsage: 'ENCRYPT_DECRYPT' })).KeyMetadata;
    keys.set(spec, { KeyId, Arn, publicKey: (await kms.getPublicKey({ KeyId })).PublicKey });
  }
}, 60_000);

describe('Encrypt and Decrypt with RSA keys', () => {
  it.each(LIMITS)('%s %s: round trip up to %i bytes, refusing one more in AWS’s words', async (spec, algorithm, limit) => {
    const { KeyId, Arn } = keys.get(spec)!;
    const plaintext = randomBytes(limit);
    const out = await kms.encrypt({ KeyId, Plaintext: plaintext, EncryptionAlgorithm: algorithm });
    expect(out).toMatchObject({ KeyId: Arn, EncryptionAlgorithm: algorithm });
    expect(out.CiphertextBlob.length).toBe(Number(spec.slice(4)) / 8);
    const back = await kms.decrypt({ KeyId, CiphertextBlob: out.CiphertextBlob, EncryptionAlgorithm: algorithm });
    expect(Object.keys(back)).toEqual(['KeyId', 'Plaintext', 'EncryptionAlgorithm']);
    expect(back).toEqual({ KeyId: Arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm });
    await expectError(
      kms.encrypt({ KeyId, Plaintext: randomBytes(limit + 1), EncryptionAlgorithm: algorithm }),
      'ValidationException',
      `Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${limit} bytes.`,
    );
  }, 30_000);

  it.each([
    ['RSAES_OAEP_SHA_1', 'sha1'],
    ['RSAES_OAEP_SHA_256', 'sha256'],
  ])('decrypts what openssl pkeyutl encrypts with the public key (%s), and openssl decrypts nothing of ours without the private key', async (algorithm, md) => {
    const { KeyId, publicKey } = keys.get('RSA_2048')!;
    const dir = opensslDir({ 'pub.pem': publicPem(publicKey), 'plain.txt': 'wrapped outside KMS\n' });
    const result = dir.run(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'plain.txt', '-out', 'c.bin', '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${md}`]);
    expect(result.stderr).toBe('');
    const ciphertext = dir.read('c.bin');
    dir.remove();
    const out = await kms.decrypt({ KeyId, CiphertextBlob: ciphertext, EncryptionAlgorithm: algorithm });
    expect(decode(out.Plaintext)).toBe('wrapped outside KMS\n');
    const other = algorithm === 'RSAES_OAEP_SHA_1' ? 'RSAES_OAEP_SHA_256' : 'RSAES_OAEP_SHA_1';
    await expectError(kms.decrypt({ KeyId, CiphertextBlob: ciphertext, EncryptionAlgorithm: other }), 'InvalidCiphertextException', '');
  });

  it('needs the KeyId and the EncryptionAlgorithm to decrypt, as AWS says', async () => {
    const { KeyId } = keys.get('RSA_2048')!;
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    await expectError(kms.decrypt({ CiphertextBlob }), 'InvalidCiphertextException', '');
    await expectError(kms.decrypt({ KeyId, CiphertextBlob }), 'InvalidKeyUsageException', 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.');
    await expectError(kms.encrypt({ KeyId, Plaintext: encode('x') }), 'InvalidKeyUsageException', 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.');
    const symmetric = (await kms.createKey()).KeyMetadata;
    await expectError(kms.decrypt({ KeyId: symmetric.KeyId, CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidCiphertextException', '');
  });

  it('takes no encryption context with an RSA key', async () => {
    const { KeyId } = keys.get('RSA_2048')!;
    await expectError(kms.encrypt({ KeyId, Plaintext: encode('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', EncryptionContext: { a: 'b' } }), 'ValidationException');
  });

  it('rejects any single-bit change of an RSA ciphertext', async () => {
    const { KeyId } = keys.get('RSA_2048')!;
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('bits'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    await fc.assert(
      fc.asyncProperty(fc.nat(CiphertextBlob.length * 8 - 1), async (bit) => {
        const changed = CiphertextBlob.slice();
        changed[bit >> 3]! ^= 1 << (bit & 7);
        await expectError(kms.decrypt({ KeyId, CiphertextBlob: changed, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidCiphertextException', '');
      }),
      { numRuns: 30 },
    );
  });
});

describe('ReEncrypt across symmetric and RSA keys', () => {
  it('moves a symmetric ciphertext under an RSA key and back, the plaintext never leaving KMS', async () => {
    const rsa = keys.get('RSA_3072')!;
    const symmetric = (await kms.createKey()).KeyMetadata;
    const first = await kms.encrypt({ KeyId: symmetric.KeyId, Plaintext: encode('moving'), EncryptionContext: { app: 'lab' } });
    const toRsa = await kms.reEncrypt({
      CiphertextBlob: first.CiphertextBlob,
      SourceEncryptionContext: { app: 'lab' },
      DestinationKeyId: rsa.KeyId,
      DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
    });
    expect(toRsa).toMatchObject({ SourceKeyId: symmetric.Arn, KeyId: rsa.Arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect(toRsa).toHaveProperty('SourceKeyMaterialId');
    expect(toRsa).not.toHaveProperty('DestinationKeyMaterialId');
    const back = await kms.reEncrypt({
      CiphertextBlob: toRsa.CiphertextBlob,
      SourceKeyId: rsa.KeyId,
      SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      DestinationKeyId: symmetric.KeyId,
    });
    expect(back).toMatchObject({ SourceKeyId: rsa.Arn, KeyId: symmetric.Arn, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(back).not.toHaveProperty('SourceKeyMaterialId');
    expect(decode((await kms.decrypt({ CiphertextBlob: back.CiphertextBlob })).Plaintext)).toBe('moving');
  });
});
