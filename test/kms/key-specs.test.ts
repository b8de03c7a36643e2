import { describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { restoreSnapshot, takeSnapshot } from '../../src/kms/store.ts';
import type { KeyMetadata } from '../../src/kms/types.ts';
import { encode, expectError, newKms } from '../support/kms-test-helpers.ts';

const MODEL_ORDER = Object.keys(API_MODEL.shapes['KeyMetadata']!.members!);
const RSA_SIGNING = ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512'];

/** Every valid combination, with the algorithm list AWS's KeyMetadata carries for it. */
const VALID: [spec: string, usage: string, member: string, algorithms: string[]][] = [
  ['RSA_2048', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms', ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']],
  ['RSA_3072', 'SIGN_VERIFY', 'SigningAlgorithms', RSA_SIGNING],
  ['RSA_4096', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms', ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']],
  ['RSA_2048', 'SIGN_VERIFY', 'SigningAlgorithms', RSA_SIGNING],
  ['ECC_NIST_P256', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_256']],
  ['ECC_NIST_P384', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_384']],
  ['ECC_NIST_P521', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_512']],
  ['ECC_NIST_P256', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
  ['ECC_NIST_P384', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
  ['ECC_NIST_P521', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
  ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY', 'SigningAlgorithms', ['ED25519_SHA_512', 'ED25519_PH_SHA_512']],
  ['ECC_SECG_P256K1', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_256']],
  ['ML_DSA_44', 'SIGN_VERIFY', 'SigningAlgorithms', ['ML_DSA_SHAKE_256']],
  ['ML_DSA_87', 'SIGN_VERIFY', 'SigningAlgorithms', ['ML_DSA_SHAKE_256']],
  ['HMAC_224', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_224']],
  ['HMAC_256', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_256']],
  ['HMAC_384', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_384']],
  ['HMAC_512', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_512']],
];

const LISTS = ['EncryptionAlgorithms', 'SigningAlgorithms', 'KeyAgreementAlgorithms', 'MacAlgorithms'];

describe('CreateKey with asymmetric and HMAC key specs', () => {
  it.each(VALID)('%s for %s: KeyMetadata as AWS returns it', async (spec, usage, member, algorithms) => {
    const kms = await newKms();
    const meta: KeyMetadata = (await kms.createKey({ KeySpec: spec, KeyUsage: usage })).KeyMetadata;
    expect(meta).toMatchObject({ KeySpec: spec, KeyUsage: usage, KeyState: 'Enabled', Enabled: true, Origin: 'AWS_KMS', MultiRegion: false });
    expect(meta[member]).toEqual(algorithms);
    for (const other of LISTS.filter((l) => l !== member)) expect(meta).not.toHaveProperty(other);
    // Key material IDs are for symmetric encryption keys; the deprecated spec only where its enum has the value.
    expect(meta).not.toHaveProperty('CurrentKeyMaterialId');
    if (spec === 'ECC_NIST_EDWARDS25519' || spec.startsWith('ML_DSA')) expect(meta).not.toHaveProperty('CustomerMasterKeySpec');
    else expect(meta['CustomerMasterKeySpec']).toBe(spec);
    expect(Object.keys(meta)).toEqual(MODEL_ORDER.filter((m) => m in meta));
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata).toEqual(meta);
  });

  it('takes the deprecated CustomerMasterKeySpec too', async () => {
    const kms = await newKms();
    const meta = (await kms.createKey({ CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    expect(meta).toMatchObject({ KeySpec: 'ECC_NIST_P256', CustomerMasterKeySpec: 'ECC_NIST_P256', SigningAlgorithms: ['ECDSA_SHA_256'] });
  });

  it('wants a KeyUsage for every spec but SYMMETRIC_DEFAULT', async () => {
    const kms = await newKms();
    for (const spec of ['RSA_2048', 'ECC_NIST_P256', 'HMAC_256', 'ECC_NIST_EDWARDS25519']) {
      await expectError(kms.createKey({ KeySpec: spec }), 'ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
  });

  it.each([
    ['SYMMETRIC_DEFAULT', 'SIGN_VERIFY'],
    ['SYMMETRIC_DEFAULT', 'KEY_AGREEMENT'],
    ['RSA_2048', 'KEY_AGREEMENT'],
    ['RSA_4096', 'GENERATE_VERIFY_MAC'],
    ['ECC_NIST_P256', 'ENCRYPT_DECRYPT'],
    ['ECC_NIST_EDWARDS25519', 'KEY_AGREEMENT'],
    ['ECC_NIST_EDWARDS25519', 'ENCRYPT_DECRYPT'],
    ['HMAC_256', 'SIGN_VERIFY'],
    ['HMAC_512', 'ENCRYPT_DECRYPT'],
  ])('refuses %s with %s, creating nothing', async (spec, usage) => {
    const kms = await newKms();
    const before = (await kms.listKeys()).Keys.length;
    await expectError(kms.createKey({ KeySpec: spec, KeyUsage: usage }), 'ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
    expect((await kms.listKeys()).Keys.length).toBe(before);
  });

  it.each([
    ['SM2', 'SIGN_VERIFY'],
  ])('says plainly that KeySpec %s is not available here', async (spec, usage) => {
    const kms = await newKms();
    const error = await expectError(kms.createKey({ KeySpec: spec, KeyUsage: usage }), 'UnsupportedOperationException');
    expect(error.message).toContain(`KeySpec ${spec} is not available in KMS Lab`);
  });

  it('keeps imported key material to symmetric keys, saying so', async () => {
    const kms = await newKms();
    const error = await expectError(kms.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL' }), 'UnsupportedOperationException');
    expect(error.message).toContain('symmetric encryption keys only');
  });
});

describe('what asymmetric and HMAC keys cannot do', () => {
  it('has no automatic or on-demand rotation, and the status reads false', async () => {
    const kms = await newKms();
    for (const [KeySpec, KeyUsage] of [['RSA_2048', 'ENCRYPT_DECRYPT'], ['HMAC_256', 'GENERATE_VERIFY_MAC'], ['ECC_NIST_P256', 'KEY_AGREEMENT']] as const) {
      const { KeyId, Arn } = (await kms.createKey({ KeySpec, KeyUsage })).KeyMetadata;
      const error = await expectError(kms.enableKeyRotation({ KeyId }), 'UnsupportedOperationException');
      expect(error.message).toContain(`${Arn} key spec is ${KeySpec}`);
      await expectError(kms.disableKeyRotation({ KeyId }), 'UnsupportedOperationException');
      await expectError(kms.rotateKeyOnDemand({ KeyId }), 'UnsupportedOperationException', '');
      expect(await kms.getKeyRotationStatus({ KeyId })).toEqual({ KeyRotationEnabled: false, KeyId });
    }
  });

  it('makes no data keys, and a signing key does not encrypt', async () => {
    const kms = await newKms();
    const rsa = (await kms.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).KeyMetadata;
    const signing = (await kms.createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    const mac = (await kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    await expectError(kms.generateDataKey({ KeyId: rsa.KeyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException', `${rsa.Arn} key spec is RSA_2048 which is not valid for GenerateDataKey.`);
    await expectError(
      kms.generateDataKeyWithoutPlaintext({ KeyId: signing.KeyId, KeySpec: 'AES_256' }),
      'InvalidKeyUsageException',
      `${signing.Arn} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyWithoutPlaintext.`,
    );
    await expectError(kms.encrypt({ KeyId: signing.KeyId, Plaintext: encode('x') }), 'InvalidKeyUsageException', `${signing.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`);
    await expectError(kms.encrypt({ KeyId: mac.KeyId, Plaintext: encode('x') }), 'InvalidKeyUsageException', `${mac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.`);
  });

  it('names the algorithms a symmetric key lacks', async () => {
    const kms = await newKms();
    const { KeyId } = (await kms.createKey()).KeyMetadata;
    await expectError(kms.encrypt({ KeyId, Plaintext: encode('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidKeyUsageException', 'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.');
  });
});

describe('saving asymmetric and HMAC keys', () => {
  it('keeps them as CryptoKeys, private halves non-extractable, through a snapshot', async () => {
    const kms = await newKms(7);
    const created: KeyMetadata[] = [];
    for (const [KeySpec, KeyUsage] of [['RSA_2048', 'SIGN_VERIFY'], ['ECC_NIST_P384', 'KEY_AGREEMENT'], ['HMAC_384', 'GENERATE_VERIFY_MAC'], ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY']] as const) {
      created.push((await kms.createKey({ KeySpec, KeyUsage })).KeyMetadata);
    }
    const snapshot = takeSnapshot(kms);
    for (const meta of created) {
      const record = snapshot.keys.find((k) => k.keyId === meta.KeyId)!;
      const material = record.materials[0]!;
      for (const key of Object.values(material.algorithmKeys!)) {
        expect(key.extractable).toBe(false);
        expect(key.type).toBe(String(meta.KeySpec).startsWith('HMAC') ? 'secret' : 'private');
      }
      if (String(meta.KeySpec).startsWith('HMAC')) expect(material.publicKey).toBeUndefined();
      else expect(material.publicKey?.type).toBe('public');
    }
    const restored = restoreSnapshot(snapshot);
    for (const meta of created) expect((await restored.describeKey({ KeyId: meta.KeyId })).KeyMetadata).toEqual(meta);
  });

  it('refuses a saved key whose usage does not fit its spec', async () => {
    const kms = await newKms(8);
    const { KeyId } = (await kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    const snapshot = takeSnapshot(kms);
    const record = snapshot.keys.find((k) => k.keyId === KeyId)!;
    record.keyUsage = 'SIGN_VERIFY';
    expect(() => restoreSnapshot(snapshot)).toThrow(/keyUsage: not a usage of key spec HMAC_256/);
  });
});
