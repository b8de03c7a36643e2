import { describe, expect, it } from 'vitest';
import { expectError, newKms } from '../support/kms-test-helpers.ts';
import { opensslDir } from '../support/openssl.ts';

const PAIR_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_NIST_EDWARDS25519'];

describe('GenerateDataKeyPair', () => {
  it.each(PAIR_SPECS)('%s: a DER PKCS#8 private key OpenSSL reads, its DER public key, and the private key sealed under the KMS key', async (KeyPairSpec) => {
    const kms = await newKms(51);
    const { KeyId, Arn } = (await kms.createKey()).KeyMetadata;
    const out = await kms.generateDataKeyPair({ KeyId, KeyPairSpec, EncryptionContext: { purpose: 'pair' } });
    expect(Object.keys(out)).toEqual(['PrivateKeyCiphertextBlob', 'PrivateKeyPlaintext', 'PublicKey', 'KeyId', 'KeyPairSpec', 'KeyMaterialId']);
    expect(out).toMatchObject({ KeyId: Arn, KeyPairSpec });
    const dir = opensslDir({ 'priv.der': out.PrivateKeyPlaintext });
    const derived = dir.run(['pkey', '-inform', 'DER', '-in', 'priv.der', '-pubout', '-outform', 'DER', '-out', 'pub.der']);
    expect(derived.stderr).toBe('');
    expect(dir.read('pub.der')).toEqual(out.PublicKey);
    dir.remove();
    const opened = await kms.decrypt({ CiphertextBlob: out.PrivateKeyCiphertextBlob, EncryptionContext: { purpose: 'pair' } });
    expect(opened.Plaintext).toEqual(out.PrivateKeyPlaintext);
    await expectError(kms.decrypt({ CiphertextBlob: out.PrivateKeyCiphertextBlob }), 'InvalidCiphertextException', '');
  }, 30_000);

  it('WithoutPlaintext returns the public key and the sealed private key only', async () => {
    const kms = await newKms(52);
    const { KeyId } = (await kms.createKey()).KeyMetadata;
    const out = await kms.generateDataKeyPairWithoutPlaintext({ KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    expect(Object.keys(out)).toEqual(['PrivateKeyCiphertextBlob', 'PublicKey', 'KeyId', 'KeyPairSpec', 'KeyMaterialId']);
    const privateKey = (await kms.decrypt({ CiphertextBlob: out.PrivateKeyCiphertextBlob })).Plaintext;
    const dir = opensslDir({ 'priv.der': privateKey });
    expect(dir.run(['pkey', '-inform', 'DER', '-in', 'priv.der', '-pubout', '-outform', 'DER', '-out', 'pub.der']).status).toBe(0);
    expect(dir.read('pub.der')).toEqual(out.PublicKey);
    dir.remove();
  });

  it('needs a symmetric encryption key, and says which pair specs are not here', async () => {
    const kms = await newKms(53);
    const rsa = (await kms.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).KeyMetadata;
    await expectError(kms.generateDataKeyPair({ KeyId: rsa.KeyId, KeyPairSpec: 'ECC_NIST_P256' }), 'InvalidKeyUsageException', `${rsa.Arn} key spec is RSA_2048 which is not valid for GenerateDataKeyPair.`);
    const { KeyId } = (await kms.createKey()).KeyMetadata;
    const error = await expectError(kms.generateDataKeyPair({ KeyId, KeyPairSpec: 'SM2' }), 'UnsupportedOperationException');
    expect(error.message).toContain('SM2');
    await expectError(kms.generateDataKeyPair({ KeyId, KeyPairSpec: 'ECC_NIST_P256', DryRun: true }), 'DryRunOperationException');
  });
});
