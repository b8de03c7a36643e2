import { OVERHEAD, openBlob, PREFIX, readHeader, sealBlob } from '../ciphertext.ts';
import { buf } from '../bytes.ts';
import {
  AccessDeniedException,
  CustomKeyStoreInvalidStateException,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  UnsupportedOperationException,
  ValidationException,
} from '../errors.ts';
import { findStore } from '../custom-key-stores.ts';
import type { Call, Engine } from '../engine.ts';
import { currentMaterial, isSymmetric, keySpecOf, keyUsageOf, type KeyMaterial, type KeyRecord } from '../keys.ts';
import { algorithmsOf, oaepLimit, specInfo } from '../key-specs.ts';
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
import { SYMMETRIC_DEFAULT } from '../supported.ts';

/** The key must be made for `usage`: otherwise AWS's key-usage error, naming the operation. */
export function requireUsage(record: KeyRecord, usage: string, operation: string): void {
  const actual = keyUsageOf(record);
  if (actual !== usage) throw new InvalidKeyUsageException(`${record.arn} key usage is ${actual} which is not valid for ${operation}.`);
}

/** Data keys come from symmetric encryption keys only. */
export function requireSymmetric(record: KeyRecord, operation: string): void {
  requireUsage(record, 'ENCRYPT_DECRYPT', operation);
  if (!isSymmetric(record)) throw new InvalidKeyUsageException(`${record.arn} key spec is ${keySpecOf(record)} which is not valid for ${operation}.`);
}

/**
 * The encryption algorithm a call uses with this key (SYMMETRIC_DEFAULT when
 * none is named); one the key does not offer is a key-usage error.
 */
function checkAlgorithm(record: KeyRecord, algorithm: string | undefined): string {
  const chosen = algorithm ?? SYMMETRIC_DEFAULT;
  if (!algorithmsOf(keySpecOf(record), 'ENCRYPT_DECRYPT').includes(chosen)) {
    throw new InvalidKeyUsageException(`Algorithm ${chosen} is incompatible with key spec ${keySpecOf(record)}.`);
  }
  return chosen;
}

/** Asymmetric keys take no encryption context: RSAES-OAEP has nowhere to bind one. */
function refuseContext(context: EncryptionContext | undefined): void {
  if (context && Object.keys(context).length > 0) {
    throw new ValidationException('EncryptionContext is not supported with asymmetric KMS keys.');
  }
}

/** RSAES-OAEP under the key's public key, within AWS's plaintext limit for the key size and hash. */
async function rsaEncrypt(call: Call, record: KeyRecord, algorithm: string, plaintext: Uint8Array): Promise<Uint8Array> {
  const spec = keySpecOf(record);
  const limit = oaepLimit(specInfo(spec).bits!, algorithm);
  if (plaintext.length > limit) throw new ValidationException(`Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${limit} bytes.`);
  const material = currentMaterial(record)!;
  // key-pairs.ts loads on first use, not with the page (a key restored from a snapshot can bring us here first).
  const { importPublic } = await import('../key-pairs.ts');
  const publicKey = await importPublic(spec, algorithm, material.publicKey!);
  const blob = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, buf(plaintext)));
  call.step({ kind: 'encrypt', caption: `Encrypt ${plaintext.length} bytes with the public key (${algorithm})`, keyId: record.keyId, materialVersion: 0, bytes: blob.length });
  return blob;
}

/** Whether a blob starts as the simulator's symmetric blobs do (asymmetric ciphertext is bare RSA output). */
function isSymmetricBlob(blob: Uint8Array): boolean {
  return blob.length >= OVERHEAD && PREFIX.every((b, i) => blob[i] === b);
}

/**
 * Opens RSA ciphertext: it names no key, so the caller must (KeyId) and say
 * how it was encrypted (EncryptionAlgorithm), as AWS requires.
 */
async function openAsymmetric(
  engine: Engine,
  call: Call,
  record: KeyRecord,
  blob: Uint8Array,
  algorithm: string | undefined,
  context: EncryptionContext | undefined,
  operation: 'Decrypt' | 'ReEncryptFrom',
  request: { GrantTokens?: string[] | undefined },
) {
  engine.authorize(call, record, operation, {}, { GrantTokens: request.GrantTokens });
  engine.requireState(record, 'crypto');
  requireUsage(record, 'ENCRYPT_DECRYPT', operation === 'Decrypt' ? 'Decrypt' : 'ReEncrypt');
  const chosen = checkAlgorithm(record, algorithm);
  refuseContext(context);
  const material = currentMaterial(record)!;
  let plaintext: Uint8Array;
  try {
    plaintext = new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'RSA-OAEP' }, material.algorithmKeys![chosen]!, buf(blob)));
  } catch {
    throw new InvalidCiphertextException();
  }
  call.step({ kind: 'decrypt', caption: `Decrypt with the private key (${chosen})`, keyId: record.keyId, materialVersion: 0, bytes: plaintext.length });
  return { record, material, plaintext, algorithm: chosen };
}

interface Opened {
  record: KeyRecord;
  material: KeyMaterial;
  plaintext: Uint8Array;
  algorithm: string;
}

/** Opens symmetric blobs by their header, and RSA ciphertext with the key the caller names. */
async function openAny(
  engine: Engine,
  call: Call,
  blob: Uint8Array,
  context: EncryptionContext | undefined,
  keyIdParam: string | undefined,
  algorithm: string | undefined,
  operation: 'Decrypt' | 'ReEncryptFrom',
  request: { GrantTokens?: string[] | undefined },
): Promise<Opened> {
  if (blob != null && keyIdParam !== undefined && !isSymmetricBlob(blob)) {
    const named = await engine.resolveKey(call, keyIdParam, { allowAlias: true });
    if (!isSymmetric(named)) return openAsymmetric(engine, call, named, blob, algorithm, context, operation, request);
    throw new InvalidCiphertextException();
  }
  const opened = await open(engine, call, blob, context, keyIdParam, operation, request);
  return { ...opened, algorithm: checkAlgorithm(opened.record, algorithm) };
}

/** Seals bytes under the key's current material. */
export async function seal(engine: Engine, call: Call, record: KeyRecord, plaintext: Uint8Array, context: EncryptionContext | undefined) {
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
  engine.requireState(record, 'crypto');
  const material = record.materials[header.materialVersion];
  if (!material?.key) throw new InvalidCiphertextException();
  const plaintext = await openBlob(material.key, blob, header, context);
  call.step({ kind: 'decrypt', caption: `Decrypt with key material version ${material.version}`, keyId: record.keyId, materialVersion: material.version, bytes: plaintext.length });
  return { record, material, plaintext };
}

export async function encrypt(engine: Engine, call: Call, input: EncryptRequest): Promise<EncryptResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: true });
  engine.authorize(call, record, 'Encrypt', {}, input);
  engine.requireState(record, 'crypto');
  requireUsage(record, 'ENCRYPT_DECRYPT', 'Encrypt');
  const algorithm = checkAlgorithm(record, input.EncryptionAlgorithm);
  if (!isSymmetric(record)) refuseContext(input.EncryptionContext);
  engine.dryRun(input);
  const blob = isSymmetric(record)
    ? (await seal(engine, call, record, input.Plaintext, input.EncryptionContext)).blob
    : await rsaEncrypt(call, record, algorithm, input.Plaintext);
  call.step({ kind: 'return', caption: 'Return the ciphertext blob; the plaintext is not kept', bytes: blob.length });
  return { CiphertextBlob: blob, KeyId: record.arn, EncryptionAlgorithm: algorithm };
}

export async function decrypt(engine: Engine, call: Call, input: DecryptRequest): Promise<DecryptResponse> {
  const { record, material, plaintext, algorithm } = await openAny(
    engine,
    call,
    input.CiphertextBlob,
    input.EncryptionContext,
    input.KeyId,
    input.EncryptionAlgorithm,
    'Decrypt',
    input,
  );
  engine.dryRun(input);
  call.step({ kind: 'return', caption: 'Return the plaintext to the caller', bytes: plaintext.length, fingerprint: await engine.fingerprint(plaintext) });
  return { KeyId: record.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm, ...(isSymmetric(record) ? { KeyMaterialId: material.id } : {}) };
}

export async function reEncrypt(engine: Engine, call: Call, input: ReEncryptRequest): Promise<ReEncryptResponse> {
  const source = await openAny(
    engine,
    call,
    input.CiphertextBlob,
    input.SourceEncryptionContext,
    input.SourceKeyId,
    input.SourceEncryptionAlgorithm,
    'ReEncryptFrom',
    input,
  );
  const destination = await engine.resolveKey(call, input.DestinationKeyId, { allowAlias: true });
  engine.authorize(call, destination, 'ReEncryptTo', {}, { EncryptionContext: input.DestinationEncryptionContext, GrantTokens: input.GrantTokens });
  engine.requireState(destination, 'crypto');
  requireUsage(destination, 'ENCRYPT_DECRYPT', 'ReEncrypt');
  const destinationAlgorithm = checkAlgorithm(destination, input.DestinationEncryptionAlgorithm);
  if (!isSymmetric(destination)) refuseContext(input.DestinationEncryptionContext);
  engine.dryRun(input);
  let blob: Uint8Array;
  let material: KeyMaterial | undefined;
  if (isSymmetric(destination)) ({ blob, material } = await seal(engine, call, destination, source.plaintext, input.DestinationEncryptionContext));
  else blob = await rsaEncrypt(call, destination, destinationAlgorithm, source.plaintext);
  call.step({ kind: 'return', caption: 'Return the new ciphertext; the plaintext never left KMS', bytes: blob.length });
  return {
    CiphertextBlob: blob,
    SourceKeyId: source.record.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: source.algorithm,
    DestinationEncryptionAlgorithm: destinationAlgorithm,
    ...(isSymmetric(source.record) ? { SourceKeyMaterialId: source.material.id } : {}),
    ...(material ? { DestinationKeyMaterialId: material.id } : {}),
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
  engine.requireState(record, 'crypto');
  requireSymmetric(record, operation);
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
  if (input.CustomKeyStoreId !== undefined) {
    // Random bytes "from the cluster": a connected CloudHSM key store only, as AWS has it.
    const store = findStore(engine, input.CustomKeyStoreId);
    if (store.type !== 'AWS_CLOUDHSM') throw new UnsupportedOperationException(`Custom key store ${store.id} is an external key store; GenerateRandom takes CloudHSM key stores only.`);
    if (store.connectionState !== 'CONNECTED') throw new CustomKeyStoreInvalidStateException(`Custom key store ${store.id} is ${store.connectionState}; connect it first.`);
  }
  const bytes = engine.random.bytes(input.NumberOfBytes);
  call.step({ kind: 'return', caption: `Return ${bytes.length} random bytes`, bytes: bytes.length });
  return { Plaintext: bytes };
}
