import { describe, expect, it } from 'vitest';
import { expectError, newKms } from '../support/kms-test-helpers.ts';
import { opensslDir, publicPem } from '../support/openssl.ts';

const CURVES = [
  ['ECC_NIST_P256', 'P-256', 32],
  ['ECC_NIST_P384', 'P-384', 48],
  ['ECC_NIST_P521', 'P-521', 66],
] as const;

describe('DeriveSharedSecret', () => {
  it.each(CURVES)('%s: the raw ECDH secret equals what OpenSSL derives on the other side', async (KeySpec, curve, length) => {
    const kms = await newKms(61);
    const { KeyId, Arn } = (await kms.createKey({ KeySpec, KeyUsage: 'KEY_AGREEMENT' })).KeyMetadata;
    const kmsPublic = (await kms.getPublicKey({ KeyId })).PublicKey;
    const dir = opensslDir({ 'kms.pem': publicPem(kmsPublic) });
    expect(dir.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', 'mine.pem']).status).toBe(0);
    expect(dir.run(['pkey', '-in', 'mine.pem', '-pubout', '-outform', 'DER', '-out', 'mine.der']).status).toBe(0);
    const derived = dir.run(['pkeyutl', '-derive', '-inkey', 'mine.pem', '-peerkey', 'kms.pem', '-out', 'secret.bin']);
    expect(derived.stderr).toBe('');
    const theirs = dir.read('secret.bin');
    const mine = dir.read('mine.der');
    dir.remove();
    const out = await kms.deriveSharedSecret({ KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: mine });
    expect(Object.keys(out)).toEqual(['KeyId', 'SharedSecret', 'KeyAgreementAlgorithm', 'KeyOrigin']);
    expect(out).toMatchObject({ KeyId: Arn, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' });
    expect(out.SharedSecret).toHaveLength(length);
    expect(out.SharedSecret).toEqual(theirs);
  });

  it('equals on both sides between two KMS keys', async () => {
    const kms = await newKms(62);
    const a = (await kms.createKey({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'KEY_AGREEMENT' })).KeyMetadata;
    const b = (await kms.createKey({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'KEY_AGREEMENT' })).KeyMetadata;
    const ab = await kms.deriveSharedSecret({ KeyId: a.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: (await kms.getPublicKey({ KeyId: b.KeyId })).PublicKey });
    const ba = await kms.deriveSharedSecret({ KeyId: b.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: (await kms.getPublicKey({ KeyId: a.KeyId })).PublicKey });
    expect(ab.SharedSecret).toEqual(ba.SharedSecret);
  });

  it('refuses a public key on another curve, garbage, and keys not made for key agreement', async () => {
    const kms = await newKms(63);
    const { KeyId } = (await kms.createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' })).KeyMetadata;
    const p384 = (await kms.createKey({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'KEY_AGREEMENT' })).KeyMetadata;
    const otherCurve = (await kms.getPublicKey({ KeyId: p384.KeyId })).PublicKey;
    await expectError(kms.deriveSharedSecret({ KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: otherCurve }), 'ValidationException');
    await expectError(kms.deriveSharedSecret({ KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: new Uint8Array([1, 2, 3]) }), 'ValidationException');
    const signing = (await kms.createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    await expectError(
      kms.deriveSharedSecret({ KeyId: signing.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: otherCurve }),
      'InvalidKeyUsageException',
      `${signing.Arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`,
    );
  });
});
