import { describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { DAY_MS } from '../../src/kms/clock.ts';
import type { Kms } from '../../src/kms/kms.ts';
import type { GetParametersForImportResponse, KeyMetadata } from '../../src/kms/types.ts';
import { decode, encode, expectError, failure, kmsWithKey, newKms, randomBytes } from '../support/kms-test-helpers.ts';

const HOUR_MS = 60 * 60 * 1000;
const subtle = globalThis.crypto.subtle;
type Hash = 'SHA-1' | 'SHA-256';
const WRAPPING: Record<string, Hash> = { RSAES_OAEP_SHA_1: 'SHA-1', RSAES_OAEP_SHA_256: 'SHA-256' };

const randomMaterial = () => randomBytes(32);

/** What a learner does with openssl: wrap the key material under the public key KMS handed out. */
async function wrap(publicKey: Uint8Array, hash: Hash, material: Uint8Array): Promise<Uint8Array> {
  const key = await subtle.importKey('spki', new Uint8Array(publicKey), { name: 'RSA-OAEP', hash }, false, ['encrypt']);
  return new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, key, new Uint8Array(material)));
}

async function externalKey(kms: Kms): Promise<KeyMetadata> {
  return (await kms.createKey({ Origin: 'EXTERNAL', Description: 'BYOK' })).KeyMetadata;
}

/** A seeded simulator holding one key that waits for imported material. */
async function withExternalKey(): Promise<{ kms: Kms; key: KeyMetadata }> {
  const kms = await newKms(11);
  return { kms, key: await externalKey(kms) };
}

async function parameters(kms: Kms, keyId: string, algorithm = 'RSAES_OAEP_SHA_256'): Promise<GetParametersForImportResponse> {
  return kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' });
}

type Expiry = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } | { ExpirationModel: 'KEY_MATERIAL_EXPIRES'; ValidTo: Date };
const NEVER: Expiry = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' };

/** Parameters and wrapping, not yet the import: the ImportToken and EncryptedKeyMaterial for ImportKeyMaterial. */
async function wrappedMaterial(
  kms: Kms,
  keyId: string,
  material: Uint8Array = randomMaterial(),
  algorithm = 'RSAES_OAEP_SHA_256',
): Promise<{ ImportToken: Uint8Array; EncryptedKeyMaterial: Uint8Array }> {
  const params = await parameters(kms, keyId, algorithm);
  return { ImportToken: params.ImportToken, EncryptedKeyMaterial: await wrap(params.PublicKey, WRAPPING[algorithm]!, material) };
}

/** The whole flow: parameters, wrap, import. */
async function importMaterial(kms: Kms, keyId: string, material: Uint8Array, expiry: Expiry = NEVER, algorithm = 'RSAES_OAEP_SHA_256') {
  return kms.importKeyMaterial({ KeyId: keyId, ...(await wrappedMaterial(kms, keyId, material, algorithm)), ...expiry });
}

async function describe_(kms: Kms, keyId: string): Promise<KeyMetadata> {
  return (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
}

async function keyState(kms: Kms, keyId: string): Promise<string> {
  return (await describe_(kms, keyId)).KeyState;
}

const MODEL_ORDER = Object.keys(API_MODEL.shapes['KeyMetadata']!.members!);

describe('GetParametersForImport', () => {
  it.each([
    ['RSAES_OAEP_SHA_256', 'SHA-256'],
    ['RSAES_OAEP_SHA_1', 'SHA-1'],
  ] as const)('%s with RSA_2048: an SPKI public key, an import token, valid for 24 hours', async (algorithm, hash) => {
    const { kms, key } = await withExternalKey();
    const result = await parameters(kms, key.KeyId, algorithm);
    expect(Object.keys(result)).toEqual(['KeyId', 'ImportToken', 'PublicKey', 'ParametersValidTo']);
    expect(result.KeyId).toBe(key.Arn);
    expect(result.ImportToken).toBeInstanceOf(Uint8Array);
    expect(result.ImportToken.length).toBeGreaterThan(0);
    expect(result.ParametersValidTo).toEqual(new Date(kms.now().getTime() + 24 * HOUR_MS));

    const publicKey = await subtle.importKey('spki', new Uint8Array(result.PublicKey), { name: 'RSA-OAEP', hash }, true, ['encrypt']);
    expect(publicKey.type).toBe('public');
    expect((publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
    const wrapped = await subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, randomMaterial());
    expect(wrapped.byteLength).toBe(256);
    // the key waits until material arrives
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
  });

  it('hands out a new wrapping key each time', async () => {
    const { kms, key } = await withExternalKey();
    const first = await parameters(kms, key.KeyId);
    const second = await parameters(kms, key.KeyId);
    expect(second.PublicKey).not.toEqual(first.PublicKey);
    expect(second.ImportToken).not.toEqual(first.ImportToken);
  });

  it('is refused for a key whose origin is AWS_KMS', async () => {
    const { kms, key } = await kmsWithKey(11);
    await expectError(parameters(kms, key.KeyId), 'UnsupportedOperationException', `${key.Arn} origin is AWS_KMS which is not valid for this operation.`);
  });

  it.each([
    ['RSAES_PKCS1_V1_5', 'RSA_2048'],
    ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096'],
    ['RSAES_OAEP_SHA_256', 'SM2'],
  ])('says plainly that %s with %s is beyond the simulator', async (algorithm, spec) => {
    const { kms, key } = await withExternalKey();
    const error = await expectError(
      kms.getParametersForImport({ KeyId: key.KeyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec }),
      'UnsupportedOperationException',
    );
    expect(error.message).toContain('KMS Lab');
    expect(error.message).toContain(algorithm);
  });

  it('checks WrappingAlgorithm and WrappingKeySpec against the model', async () => {
    const { kms, key } = await withExternalKey();
    const error = await expectError(
      kms.getParametersForImport({ KeyId: key.KeyId, WrappingAlgorithm: 'ROT13', WrappingKeySpec: 'RSA_1024' }),
      'ValidationException',
    );
    expect(error.message).toMatch(/^2 validation errors detected: /);
    expect(error.message).toContain("Value 'ROT13' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [");
    expect(error.message).toContain("Value 'RSA_1024' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy enum value set: [");
  });
});

describe('ImportKeyMaterial', () => {
  it.each(['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'])(
    'imports material wrapped with %s that does not expire: the key becomes Enabled and encrypts',
    async (algorithm) => {
      const { kms, key } = await withExternalKey();
      const result = await importMaterial(kms, key.KeyId, randomMaterial(), NEVER, algorithm);
      expect(Object.keys(result)).toEqual(['KeyId', 'KeyMaterialId']);
      expect(result.KeyId).toBe(key.Arn);
      expect(result.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);

      const meta = await describe_(kms, key.KeyId);
      expect(meta).toMatchObject({
        KeyState: 'Enabled',
        Enabled: true,
        Origin: 'EXTERNAL',
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        CurrentKeyMaterialId: result.KeyMaterialId,
      });
      expect(meta).not.toHaveProperty('ValidTo');
      expect(Object.keys(meta)).toEqual(MODEL_ORDER.filter((m) => m in meta));

      const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('my own key') });
      const out = await kms.decrypt({ CiphertextBlob });
      expect(decode(out.Plaintext)).toBe('my own key');
      expect(out.KeyMaterialId).toBe(result.KeyMaterialId);
      // it never expires
      await kms.advanceTime(400 * DAY_MS);
      expect(await keyState(kms, key.KeyId)).toBe('Enabled');
    },
  );

  it('material that expires shows ExpirationModel and ValidTo, in model order', async () => {
    const { kms, key } = await withExternalKey();
    const ValidTo = new Date(kms.now().getTime() + 30 * DAY_MS);
    await importMaterial(kms, key.KeyId, randomMaterial(), { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo });
    const meta = await describe_(kms, key.KeyId);
    expect(meta).toMatchObject({ KeyState: 'Enabled', ValidTo, ExpirationModel: 'KEY_MATERIAL_EXPIRES' });
    const keys = Object.keys(meta);
    expect(keys).toEqual(MODEL_ORDER.filter((m) => m in meta));
    expect(keys.slice(keys.indexOf('KeyState'), keys.indexOf('KeyManager'))).toEqual(['KeyState', 'ValidTo', 'Origin', 'ExpirationModel']);
  });

  it('KEY_MATERIAL_EXPIRES (also the default) needs a ValidTo', async () => {
    const { kms, key } = await withExternalKey();
    const { ImportToken, EncryptedKeyMaterial } = await wrappedMaterial(kms, key.KeyId);
    const message = 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES';
    await expectError(
      kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_EXPIRES' }),
      'ValidationException',
      message,
    );
    await expectError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial }), 'ValidationException', message);
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
    // the same token still works with a ValidTo
    await kms.importKeyMaterial({
      KeyId: key.KeyId,
      ImportToken,
      EncryptedKeyMaterial,
      ValidTo: new Date(kms.now().getTime() + DAY_MS),
    });
    expect((await describe_(kms, key.KeyId)).ExpirationModel).toBe('KEY_MATERIAL_EXPIRES');
  });

  it('refuses a ValidTo in the past or more than 365 days ahead', async () => {
    const { kms, key } = await withExternalKey();
    const { ImportToken, EncryptedKeyMaterial } = await wrappedMaterial(kms, key.KeyId);
    const at = (ms: number) => new Date(kms.now().getTime() + ms);
    for (const ValidTo of [at(-HOUR_MS), at(366 * DAY_MS)]) {
      await expectError(
        kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo }),
        'ValidationException',
      );
    }
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
  });

  it('refuses a ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE', async () => {
    const { kms, key } = await withExternalKey();
    const { ImportToken, EncryptedKeyMaterial } = await wrappedMaterial(kms, key.KeyId);
    await expectError(
      kms.importKeyMaterial({
        KeyId: key.KeyId,
        ImportToken,
        EncryptedKeyMaterial,
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        ValidTo: new Date(kms.now().getTime() + DAY_MS),
      }),
      'ValidationException',
    );
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
  });

  it('when the material expires the key goes back to PendingImport and cryptography fails; the same material brings it back', async () => {
    const { kms, key } = await withExternalKey();
    const material = randomMaterial();
    const ValidTo = new Date(kms.now().getTime() + 2 * DAY_MS);
    const { KeyMaterialId } = await importMaterial(kms, key.KeyId, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('before expiry') });

    await kms.advanceTime(DAY_MS);
    expect(await keyState(kms, key.KeyId)).toBe('Enabled');
    await kms.advanceTime(DAY_MS + HOUR_MS);
    const expired = await describe_(kms, key.KeyId);
    expect(expired).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
    expect(expired).not.toHaveProperty('CurrentKeyMaterialId');
    const pendingImport = `${key.Arn} is pending import.`;
    await expectError(kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('x') }), 'KMSInvalidStateException', pendingImport);
    await expectError(kms.decrypt({ CiphertextBlob }), 'KMSInvalidStateException', pendingImport);
    await expectError(kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' }), 'KMSInvalidStateException', pendingImport);

    const again = await importMaterial(kms, key.KeyId, material);
    expect(again.KeyMaterialId).toBe(KeyMaterialId);
    expect(await keyState(kms, key.KeyId)).toBe('Enabled');
    expect(decode((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('before expiry');
  });

  it('re-importing the same material into an enabled key changes its expiration', async () => {
    const { kms, key } = await withExternalKey();
    const material = randomMaterial();
    await importMaterial(kms, key.KeyId, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(kms.now().getTime() + DAY_MS) });
    await importMaterial(kms, key.KeyId, material, NEVER);
    const meta = await describe_(kms, key.KeyId);
    expect(meta).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    expect(meta).not.toHaveProperty('ValidTo');
    await kms.advanceTime(3 * DAY_MS);
    expect(await keyState(kms, key.KeyId)).toBe('Enabled');
  });

  it('different material is refused with IncorrectKeyMaterialException, and the key keeps the first', async () => {
    const { kms, key } = await withExternalKey();
    const material = randomMaterial();
    const first = await importMaterial(kms, key.KeyId, material);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('first') });
    await expectError(importMaterial(kms, key.KeyId, randomMaterial()), 'IncorrectKeyMaterialException');
    expect((await describe_(kms, key.KeyId))['CurrentKeyMaterialId']).toBe(first.KeyMaterialId);
    expect(decode((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('first');

    // also after the material was deleted
    await kms.deleteImportedKeyMaterial({ KeyId: key.KeyId });
    await expectError(importMaterial(kms, key.KeyId, randomMaterial()), 'IncorrectKeyMaterialException');
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
  });

  it('the same bytes imported into two keys make two different keys', async () => {
    const kms = await newKms(11);
    const a = await externalKey(kms);
    const b = await externalKey(kms);
    const material = randomMaterial();
    await importMaterial(kms, a.KeyId, material);
    await importMaterial(kms, b.KeyId, material);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: a.KeyId, Plaintext: encode('for a') });
    await expectError(kms.decrypt({ CiphertextBlob, KeyId: b.KeyId }), 'IncorrectKeyException');
    expect(decode((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('for a');
  });

  it('refuses material of the wrong length and leaves the key waiting', async () => {
    const { kms, key } = await withExternalKey();
    const { ImportToken, EncryptedKeyMaterial } = await wrappedMaterial(kms, key.KeyId, randomBytes(16));
    await failure(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ...NEVER }));
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
  });

  it('refuses material wrapped with the wrong OAEP hash (it cannot be unwrapped)', async () => {
    const { kms, key } = await withExternalKey();
    const params = await parameters(kms, key.KeyId, 'RSAES_OAEP_SHA_256');
    const EncryptedKeyMaterial = await wrap(params.PublicKey, 'SHA-1', randomMaterial());
    await expectError(
      kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial, ...NEVER }),
      'InvalidCiphertextException',
    );
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
  });

  it('refuses an import token that is not from this key or not a token at all', async () => {
    const { kms, key } = await withExternalKey();
    const other = await externalKey(kms);
    const params = await parameters(kms, key.KeyId);
    const otherParams = await parameters(kms, other.KeyId);
    const EncryptedKeyMaterial = await wrap(params.PublicKey, 'SHA-256', randomMaterial());
    for (const ImportToken of [otherParams.ImportToken, randomBytes(64), Uint8Array.of(1)]) {
      await expectError(kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ...NEVER }), 'InvalidImportTokenException');
    }
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
    // the right token still works
    await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial, ...NEVER });
    expect(await keyState(kms, key.KeyId)).toBe('Enabled');
  });

  it('refuses an import token after its 24 hours with ExpiredImportTokenException', async () => {
    const { kms, key } = await withExternalKey();
    const { ImportToken, EncryptedKeyMaterial } = await wrappedMaterial(kms, key.KeyId);
    await kms.advanceTime(25 * HOUR_MS);
    await expectError(
      kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ...NEVER }),
      'ExpiredImportTokenException',
    );
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
    // fresh parameters work
    await importMaterial(kms, key.KeyId, randomMaterial());
    expect(await keyState(kms, key.KeyId)).toBe('Enabled');
  });

  it('an import token is still good after 23 hours', async () => {
    const { kms, key } = await withExternalKey();
    const { ImportToken, EncryptedKeyMaterial } = await wrappedMaterial(kms, key.KeyId);
    await kms.advanceTime(23 * HOUR_MS);
    await kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken, EncryptedKeyMaterial, ...NEVER });
    expect(await keyState(kms, key.KeyId)).toBe('Enabled');
  });

  it('is refused for a key whose origin is AWS_KMS', async () => {
    const { kms, key } = await kmsWithKey(11);
    await expectError(
      kms.importKeyMaterial({ KeyId: key.KeyId, ImportToken: Uint8Array.of(1, 2, 3), EncryptedKeyMaterial: Uint8Array.of(4, 5, 6), ...NEVER }),
      'UnsupportedOperationException',
      `${key.Arn} origin is AWS_KMS which is not valid for this operation.`,
    );
  });

  it('takes a key ID or key ARN, not an alias', async () => {
    const { kms, key } = await withExternalKey();
    await kms.createAlias({ AliasName: 'alias/byok', TargetKeyId: key.KeyId });
    await expectError(kms.getParametersForImport({ KeyId: 'alias/byok', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }), 'NotFoundException');
    const result = await importMaterial(kms, key.Arn, randomMaterial());
    expect(result.KeyId).toBe(key.Arn);
    // crypto operations do take the alias
    const { KeyId } = await kms.encrypt({ KeyId: 'alias/byok', Plaintext: encode('via alias') });
    expect(KeyId).toBe(key.Arn);
  });
});

describe('DeleteImportedKeyMaterial', () => {
  it('removes the material: PendingImport, cryptography fails; the same material restores old ciphertexts', async () => {
    const { kms, key } = await withExternalKey();
    const material = randomMaterial();
    const { KeyMaterialId } = await importMaterial(kms, key.KeyId, material);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('kept safe') });

    const result = await kms.deleteImportedKeyMaterial({ KeyId: key.KeyId });
    expect(result).toEqual({ KeyId: key.Arn, KeyMaterialId });
    const meta = await describe_(kms, key.KeyId);
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
    expect(meta).not.toHaveProperty('CurrentKeyMaterialId');
    await expectError(kms.decrypt({ CiphertextBlob }), 'KMSInvalidStateException', `${key.Arn} is pending import.`);
    await expectError(kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('x') }), 'KMSInvalidStateException', `${key.Arn} is pending import.`);

    await importMaterial(kms, key.KeyId, material, NEVER, 'RSAES_OAEP_SHA_1');
    expect(await keyState(kms, key.KeyId)).toBe('Enabled');
    expect(decode((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('kept safe');
  });

  it('is refused for a key whose origin is AWS_KMS', async () => {
    const { kms, key } = await kmsWithKey(11);
    await expectError(
      kms.deleteImportedKeyMaterial({ KeyId: key.KeyId }),
      'UnsupportedOperationException',
      `${key.Arn} origin is AWS_KMS which is not valid for this operation.`,
    );
    expect(await keyState(kms, key.KeyId)).toBe('Enabled');
  });

  it('on a key pending deletion deletes the material but leaves the key state alone', async () => {
    const { kms, key } = await withExternalKey();
    const material = randomMaterial();
    await importMaterial(kms, key.KeyId, material);
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await kms.deleteImportedKeyMaterial({ KeyId: key.KeyId });
    const meta = await describe_(kms, key.KeyId);
    expect(meta).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false });
    expect(meta).not.toHaveProperty('CurrentKeyMaterialId');
    // cancelling finds no material: the key waits for an import
    await kms.cancelKeyDeletion({ KeyId: key.KeyId });
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
    await importMaterial(kms, key.KeyId, material);
    expect(await keyState(kms, key.KeyId)).toBe('Enabled');
  });
});

describe('keys with imported material and the key lifecycle', () => {
  it('a key still waiting for material can be scheduled for deletion; cancelling brings it back to PendingImport', async () => {
    const { kms, key } = await withExternalKey();
    expect((await kms.scheduleKeyDeletion({ KeyId: key.KeyId })).KeyState).toBe('PendingDeletion');
    await kms.cancelKeyDeletion({ KeyId: key.KeyId });
    expect(await keyState(kms, key.KeyId)).toBe('PendingImport');
  });

  it('an imported key that is deleted is gone for good', async () => {
    const { kms, key } = await withExternalKey();
    await importMaterial(kms, key.KeyId, randomMaterial());
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await kms.advanceTime(8 * DAY_MS);
    await expectError(kms.describeKey({ KeyId: key.KeyId }), 'NotFoundException', `Key '${key.Arn}' does not exist`);
  });

  it('automatic rotation is refused on an imported key once it is Enabled', async () => {
    const { kms, key } = await withExternalKey();
    await importMaterial(kms, key.KeyId, randomMaterial());
    await expectError(
      kms.enableKeyRotation({ KeyId: key.KeyId }),
      'UnsupportedOperationException',
      `${key.Arn} origin is EXTERNAL which is not valid for this operation.`,
    );
  });

  it('an imported key can be disabled and enabled like any other', async () => {
    const { kms, key } = await withExternalKey();
    await importMaterial(kms, key.KeyId, randomMaterial());
    await kms.disableKey({ KeyId: key.KeyId });
    await expectError(kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('x') }), 'DisabledException', `${key.Arn} is disabled.`);
    await kms.enableKey({ KeyId: key.KeyId });
    expect((await kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('x') })).KeyId).toBe(key.Arn);
  });
});
