import { openBlob, readHeader, sealBlob } from '../ciphertext.ts';
import {
  AccessDeniedException,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  ValidationException,
} from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import { currentMaterial, requireState, type KeyRecord } from '../keys.ts';
import type {
  DecryptRequest,
  DecryptResponse,
  EncryptionContext,
  EncryptRequest,
  EncryptResponse,
  GenerateDataKeyRequest,
  GenerateDataKeyResponse,
  GenerateDataKeyWithoutPlaintextResponse,
  GenerateRandomRequest,
  GenerateRandomResponse,
  ReEncryptRequest,
  ReEncryptResponse,
} from '../types.ts';
import { accepts, SYMMETRIC_DEFAULT } from '../supported.ts';

const ALGORITHM = SYMMETRIC_DEFAULT;

/** Symmetric keys have one algorithm; naming another is a key-usage error. */
function checkAlgorithm(algorithm: string | undefined): void {
  if (algorithm !== undefined && !accepts('Encrypt', 'EncryptionAlgorithm', algorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${algorithm} is incompatible with key spec SYMMETRIC_DEFAULT.`);
  }
}

/** Seals bytes under the key's current material. */
async function seal(engine: Engine, call: Call, record: KeyRecord, plaintext: Uint8Array, context: EncryptionContext | undefined) {
  const material = currentMaterial(record)!;
  const blob = await sealBlob(material.key!, record.keyId, material.version, engine.random, plaintext, context);
  call.step({
    kind: 'encrypt',
    caption: `Encrypt ${plaintext.length} bytes with key material version ${material.version} (AES-256-GCM)`,
    keyId: record.keyId,
    materialVersion: material.version,
    bytes: blob.length,
  });
  return { blob, material };
}

/**
 * Opens a blob: its header names the key and material version. A key that
 * no longer exists gives AWS's AccessDenied text; anything else that is not
 * a valid blob for this context gives InvalidCiphertextException.
 */
async function open(
  engine: Engine,
  call: Call,
  blob: Uint8Array,
  context: EncryptionContext | undefined,
  keyIdParam: string | undefined,
  operation: 'Decrypt' | 'ReEncryptFrom',
  request: { GrantTokens?: string[] | undefined },
) {
  // The current API model leaves CiphertextBlob optional, so the
  // front end's model check does not catch a missing blob; without this it crashed as KMSInternalException.
  if ((blob as Uint8Array | undefined | null) == null) {
    throw new ValidationException("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  }
  const header = readHeader(blob);
  const record = engine.state.keys.get(header.keyId);
  if (!record) {
    if (engine.state.deleted.has(header.keyId)) {
      throw new AccessDeniedException(
        'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
      );
    }
    throw new InvalidCiphertextException();
  }
  call.useKey(record);
  if (keyIdParam !== undefined) {
    const named = await engine.resolveKey(call, keyIdParam, { allowAlias: true });
    if (named.keyId !== record.keyId) {
      throw new IncorrectKeyException('The key ID in the request does not identify a CMK that can perform this operation.');
    }
  }
  call.step({ kind: 'resolve-key', caption: `The ciphertext names KMS key ${record.keyId}, material version ${header.materialVersion}`, keyId: record.keyId, materialVersion: header.materialVersion });
  engine.authorize(call, record, operation, {}, { EncryptionContext: context, GrantTokens: request.GrantTokens });
  requireState(record, 'crypto');
  const material = record.materials[header.materialVersion];
  if (!material?.key) throw new InvalidCiphertextException();
  const plaintext = await openBlob(material.key, blob, header, context);
  call.step({ kind: 'decrypt', caption: `Decrypt with key material version ${material.version}`, keyId: record.keyId, materialVersion: material.version, bytes: plaintext.length });
  return { record, material, plaintext };
}

export async function encrypt(engine: Engine, call: Call, input: EncryptRequest): Promise<EncryptResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: true });
  engine.authorize(call, record, 'Encrypt', {}, input);
  requireState(record, 'crypto');
  checkAlgorithm(input.EncryptionAlgorithm);
  engine.dryRun(input);
  const { blob } = await seal(engine, call, record, input.Plaintext, input.EncryptionContext);
  call.step({ kind: 'return', caption: 'Return the ciphertext blob; the plaintext is not kept', bytes: blob.length });
  return { CiphertextBlob: blob, KeyId: record.arn, EncryptionAlgorithm: ALGORITHM };
}

export async function decrypt(engine: Engine, call: Call, input: DecryptRequest): Promise<DecryptResponse> {
  const { record, material, plaintext } = await open(engine, call, input.CiphertextBlob, input.EncryptionContext, input.KeyId, 'Decrypt', input);
  checkAlgorithm(input.EncryptionAlgorithm);
  engine.dryRun(input);
  call.step({ kind: 'return', caption: 'Return the plaintext to the caller', bytes: plaintext.length, fingerprint: await engine.fingerprint(plaintext) });
  return { KeyId: record.arn, Plaintext: plaintext, EncryptionAlgorithm: ALGORITHM, KeyMaterialId: material.id };
}

export async function reEncrypt(engine: Engine, call: Call, input: ReEncryptRequest): Promise<ReEncryptResponse> {
  const source = await open(engine, call, input.CiphertextBlob, input.SourceEncryptionContext, input.SourceKeyId, 'ReEncryptFrom', input);
  checkAlgorithm(input.SourceEncryptionAlgorithm);
  const destination = await engine.resolveKey(call, input.DestinationKeyId, { allowAlias: true });
  engine.authorize(call, destination, 'ReEncryptTo', {}, { EncryptionContext: input.DestinationEncryptionContext, GrantTokens: input.GrantTokens });
  requireState(destination, 'crypto');
  checkAlgorithm(input.DestinationEncryptionAlgorithm);
  engine.dryRun(input);
  const { blob, material } = await seal(engine, call, destination, source.plaintext, input.DestinationEncryptionContext);
  call.step({ kind: 'return', caption: 'Return the new ciphertext; the plaintext never left KMS', bytes: blob.length });
  return {
    CiphertextBlob: blob,
    SourceKeyId: source.record.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: ALGORITHM,
    DestinationEncryptionAlgorithm: ALGORITHM,
    SourceKeyMaterialId: source.material.id,
    DestinationKeyMaterialId: material.id,
  };
}

function dataKeyLength(input: GenerateDataKeyRequest): number {
  const { KeySpec: spec, NumberOfBytes: n } = input;
  if ((spec === undefined) === (n === undefined)) throw new ValidationException('Please specify either number of bytes or key spec.');
  return spec === 'AES_128' ? 16 : spec === 'AES_256' ? 32 : n!;
}

async function generate(engine: Engine, call: Call, input: GenerateDataKeyRequest, operation: string) {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: true });
  engine.authorize(call, record, operation, {}, input);
  requireState(record, 'crypto');
  const length = dataKeyLength(input);
  engine.dryRun(input);
  const dataKey = engine.random.bytes(length);
  call.step({ kind: 'generate-data-key', caption: `Generate a ${length * 8}-bit data key`, bytes: length, fingerprint: await engine.fingerprint(dataKey) });
  const { blob, material } = await seal(engine, call, record, dataKey, input.EncryptionContext);
  return { record, dataKey, blob, material };
}

export async function generateDataKey(engine: Engine, call: Call, input: GenerateDataKeyRequest): Promise<GenerateDataKeyResponse> {
  const { record, dataKey, blob, material } = await generate(engine, call, input, 'GenerateDataKey');
  call.step({ kind: 'return', caption: 'Return the plaintext data key and its encrypted copy', bytes: dataKey.length + blob.length, fingerprint: await engine.fingerprint(dataKey) });
  return { CiphertextBlob: blob, Plaintext: dataKey, KeyId: record.arn, KeyMaterialId: material.id };
}

export async function generateDataKeyWithoutPlaintext(
  engine: Engine,
  call: Call,
  input: GenerateDataKeyRequest,
): Promise<GenerateDataKeyWithoutPlaintextResponse> {
  const { record, blob, material } = await generate(engine, call, input, 'GenerateDataKeyWithoutPlaintext');
  call.step({ kind: 'return', caption: 'Return only the encrypted data key', bytes: blob.length });
  return { CiphertextBlob: blob, KeyId: record.arn, KeyMaterialId: material.id };
}

export async function generateRandom(engine: Engine, call: Call, input: GenerateRandomRequest): Promise<GenerateRandomResponse> {
  engine.authorizeAccount(call, 'GenerateRandom');
  if (input.NumberOfBytes === undefined) throw new ValidationException('NumberOfBytes is required.');
  if (input.CustomKeyStoreId !== undefined) throw new ValidationException('KMS Lab has no custom key stores.');
  const bytes = engine.random.bytes(input.NumberOfBytes);
  call.step({ kind: 'return', caption: `Return ${bytes.length} random bytes`, bytes: bytes.length });
  return { Plaintext: bytes };
}
