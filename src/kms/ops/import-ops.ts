import { buf, concat, equalBytes, hex, sha256 } from '../bytes.ts';
import {
  ExpiredImportTokenException,
  IncorrectKeyMaterialException,
  InvalidCiphertextException,
  InvalidImportTokenException,
  UnsupportedOperationException,
  ValidationException,
} from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import { DAY_MS } from '../clock.ts';
import { bytesToUuid, uuidToBytes } from '../ids.ts';
import { currentMaterial, type KeyMaterial, type KeyRecord } from '../keys.ts';
import type {
  DeleteImportedKeyMaterialRequest,
  DeleteImportedKeyMaterialResponse,
  GetParametersForImportRequest,
  GetParametersForImportResponse,
  ImportKeyMaterialRequest,
  ImportKeyMaterialResponse,
} from '../types.ts';
import { WRAPPING_HASHES, WRAPPING_KEY_BITS } from '../supported.ts';

const TOKEN_PREFIX = Uint8Array.of(0x4b, 0x4c, 0x49, 0x54); // "KLIT": KMS Lab import token
const MAX_VALID_TO_DAYS = 365;

function requireExternal(record: KeyRecord): void {
  if (record.origin !== 'EXTERNAL') {
    throw new UnsupportedOperationException(`${record.arn} origin is ${record.origin} which is not valid for this operation.`);
  }
}

export async function getParametersForImport(
  engine: Engine,
  call: Call,
  input: GetParametersForImportRequest,
): Promise<GetParametersForImportResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'GetParametersForImport');
  requireExternal(record);
  engine.requireState(record, 'manage');
  const hash = WRAPPING_HASHES[input.WrappingAlgorithm];
  const bits = WRAPPING_KEY_BITS[input.WrappingKeySpec];
  if (!hash || !bits) {
    throw new UnsupportedOperationException(
      `KMS Lab wraps imported key material with RSAES_OAEP_SHA_1 or RSAES_OAEP_SHA_256 and RSA_2048, RSA_3072 or RSA_4096 wrapping keys only; ${input.WrappingAlgorithm} with ${input.WrappingKeySpec} is not available here.`,
    );
  }
  const pair = (await globalThis.crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: bits, publicExponent: Uint8Array.of(1, 0, 1), hash },
    false,
    ['decrypt'],
  )) as CryptoKeyPair;
  // Only the public half leaves; the private key is non-extractable like the KMS key itself.
  const publicKey = new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pair.publicKey));
  const tokenId = engine.random.bytes(16);
  const validTo = new Date(engine.clock.now().getTime() + DAY_MS);
  engine.state.importParameters.set(record.keyId, {
    tokenId: hex(tokenId),
    keyId: record.keyId,
    privateKey: pair.privateKey,
    wrappingAlgorithm: input.WrappingAlgorithm,
    validTo,
  });
  const token = concat(TOKEN_PREFIX, uuidToBytes(record.keyId), tokenId, engine.random.bytes(96));
  call.step({ kind: 'import', caption: `Create a ${bits}-bit RSA wrapping key and an import token, valid 24 hours`, keyId: record.keyId });
  return { KeyId: record.arn, ImportToken: token, PublicKey: publicKey, ParametersValidTo: validTo };
}

export async function importKeyMaterial(engine: Engine, call: Call, input: ImportKeyMaterialRequest): Promise<ImportKeyMaterialResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'ImportKeyMaterial');
  requireExternal(record);
  engine.requireState(record, 'manage');

  const token = input.ImportToken;
  const params = engine.state.importParameters.get(record.keyId);
  const tokenKeyId = token.length >= 36 && equalBytes(token.subarray(0, 4), TOKEN_PREFIX) ? bytesToUuid(token.subarray(4, 20)) : undefined;
  if (!params || tokenKeyId !== record.keyId || hex(token.subarray(20, 36)) !== params.tokenId) {
    throw new InvalidImportTokenException('The import token is not valid for this KMS key.');
  }
  const now = engine.clock.now();
  if (params.validTo <= now) throw new ExpiredImportTokenException('The import token has expired.');

  const model = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  if (model === 'KEY_MATERIAL_EXPIRES') {
    if (!input.ValidTo) throw new ValidationException('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
    if (input.ValidTo <= now || input.ValidTo.getTime() > now.getTime() + MAX_VALID_TO_DAYS * DAY_MS) {
      throw new ValidationException(`ValidTo must be in the future and no more than ${MAX_VALID_TO_DAYS} days away.`);
    }
  } else if (input.ValidTo) {
    throw new ValidationException('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
  }

  let material: Uint8Array;
  try {
    material = new Uint8Array(
      await globalThis.crypto.subtle.decrypt({ name: 'RSA-OAEP' }, params.privateKey, buf(input.EncryptedKeyMaterial)),
    );
  } catch {
    throw new InvalidCiphertextException();
  }
  if (material.length !== 32) {
    throw new IncorrectKeyMaterialException('The key material must be a 256-bit (32-byte) symmetric key.');
  }
  const fingerprint = hex(await sha256(concat(uuidToBytes(record.keyId), material)));
  const key = await globalThis.crypto.subtle.importKey('raw', buf(material), 'AES-GCM', false, ['encrypt', 'decrypt']);
  material.fill(0);
  const expiry: Pick<KeyMaterial, 'expirationModel' | 'validTo'> =
    model === 'KEY_MATERIAL_EXPIRES'
      ? { expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: input.ValidTo! }
      : { expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' };

  const newMaterial = (version: number): KeyMaterial => ({ version, id: fingerprint, key, createdAt: now, fingerprint, ...expiry });
  const current = currentMaterial(record);
  if (input.ImportType === 'NEW_KEY_MATERIAL' && current) {
    // Staged for an on-demand rotation, as AWS does for imported keys.
    record.pendingMaterial = newMaterial(record.materials.length);
    call.step({ kind: 'import', caption: 'New key material staged: RotateKeyOnDemand makes it current', keyId: record.keyId });
    return { KeyId: record.arn, KeyMaterialId: fingerprint };
  }
  if (current) {
    if (current.fingerprint !== fingerprint) {
      throw new IncorrectKeyMaterialException('The key material you imported is different from the key material previously imported into this KMS key.');
    }
    Object.assign(current, { key, ...expiry });
    if (!expiry.validTo) delete current.validTo;
  } else {
    record.materials.push(newMaterial(0));
    record.current = 0;
  }
  if (record.state === 'PendingImport') record.state = 'Enabled';
  call.step({ kind: 'import', caption: 'Key material imported: the key can encrypt and decrypt', keyId: record.keyId, materialVersion: record.current });
  return { KeyId: record.arn, KeyMaterialId: fingerprint };
}

export async function deleteImportedKeyMaterial(
  engine: Engine,
  call: Call,
  input: DeleteImportedKeyMaterialRequest,
): Promise<DeleteImportedKeyMaterialResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'DeleteImportedKeyMaterial');
  requireExternal(record);
  // Allowed while the key is pending deletion; AWS then leaves the key state as it is (API reference).
  const current = currentMaterial(record);
  if (!current?.key) throw new ValidationException(`${record.arn} has no imported key material to delete.`);
  current.key = undefined;
  if (record.state !== 'PendingDeletion') record.state = 'PendingImport';
  call.step({ kind: 'state-change', caption: 'Imported key material deleted: the key waits for an import', keyId: record.keyId });
  return { KeyId: record.arn, KeyMaterialId: current.id };
}
