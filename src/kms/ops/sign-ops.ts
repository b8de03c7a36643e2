/**
 * GetPublicKey, Sign and Verify: the private key signs inside the simulator
 * (WebCrypto, non-extractable), the public key leaves as DER SPKI so anyone
 * can verify outside KMS. Signatures are in the forms AWS returns: DER for
 * ECDSA, PSS with a salt as long as the digest.
 */
import { buf } from '../bytes.ts';
import { rawToDer, derToRaw } from '../ecdsa-der.ts';
import { InvalidKeyUsageException, KMSInvalidSignatureException, UnsupportedOperationException, ValidationException } from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import { importPublic, openBytes, spkiOf } from '../key-pairs.ts';
import { mlDsaSign, mlDsaVerify } from '../ml-dsa.ts';
import { secpSign, secpVerify } from '../secp256k1.ts';
import { digestLength, hashOf, specInfo } from '../key-specs.ts';
import { algorithmLists, currentMaterial, isSymmetric, keySpecOf, keyUsageOf, type KeyRecord } from '../keys.ts';
import { accepts } from '../supported.ts';
import type { GetPublicKeyRequest, GetPublicKeyResponse, SignRequest, SignResponse, VerifyRequest, VerifyResponse } from '../types.ts';
import { requireUsage } from './crypto-ops.ts';
import { digestSign, digestVerify } from './digest-sign.ts';

const subtle = () => globalThis.crypto.subtle;

export async function getPublicKey(engine: Engine, call: Call, input: GetPublicKeyRequest): Promise<GetPublicKeyResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: true });
  engine.authorize(call, record, 'GetPublicKey', {}, input);
  engine.requireState(record, 'crypto');
  const spec = keySpecOf(record);
  const material = currentMaterial(record);
  if (isSymmetric(record) || !(material?.publicKey || material?.spki)) {
    throw new UnsupportedOperationException(`${record.arn} key spec is ${spec} which is not valid for GetPublicKey: only asymmetric KMS keys have a public key.`);
  }
  const publicKey = material.spki ?? (await spkiOf(material.publicKey!));
  call.step({ kind: 'return', caption: `Return the public key (DER SubjectPublicKeyInfo, ${publicKey.length} bytes); the private key stays in KMS`, keyId: record.keyId, bytes: publicKey.length });
  return {
    KeyId: record.arn,
    PublicKey: publicKey,
    ...(specInfo(spec).legacySpec ? { CustomerMasterKeySpec: spec } : {}),
    KeySpec: spec,
    KeyUsage: keyUsageOf(record),
    ...algorithmLists(record),
  };
}

/** The checks Sign and Verify share, in AWS's order: key, permission, state, usage, algorithm, message type. */
async function prepare(engine: Engine, call: Call, input: SignRequest, operation: 'Sign' | 'Verify'): Promise<{ record: KeyRecord; digest: boolean }> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: true });
  const messageType = input.MessageType ?? 'RAW';
  engine.authorize(call, record, operation, { 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': messageType }, input);
  engine.requireState(record, 'crypto');
  requireUsage(record, 'SIGN_VERIFY', operation);
  const spec = keySpecOf(record);
  const algorithm = input.SigningAlgorithm;
  if (!(algorithmLists(record)['SigningAlgorithms'] ?? []).includes(algorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${algorithm} is incompatible with key spec ${spec}.`);
  }
  if (!accepts(operation, 'SigningAlgorithm', algorithm)) {
    throw new UnsupportedOperationException(`KMS Lab cannot ${operation.toLowerCase()} with ${algorithm}: WebCrypto has no such algorithm.`);
  }
  const mlDsa = specInfo(spec).family === 'ml-dsa';
  if (messageType === 'EXTERNAL_MU' && !mlDsa) {
    throw new InvalidKeyUsageException(`MessageType EXTERNAL_MU is valid only for ML-DSA keys; key spec ${spec} signs RAW messages or DIGESTs.`);
  }
  if (mlDsa && messageType === 'DIGEST') throw new ValidationException(`The ${algorithm} signing algorithm requires MessageType RAW or EXTERNAL_MU.`);
  if (messageType === 'EXTERNAL_MU' && input.Message.length !== 64) {
    throw new ValidationException(`External mu is invalid length for algorithm ${algorithm}: it must be 64 bytes.`);
  }
  // For ML-DSA keys, `digest` stands for EXTERNAL_MU: a message already reduced, signed as is.
  const digest = messageType === 'DIGEST' || messageType === 'EXTERNAL_MU';
  if (algorithm === 'ED25519_SHA_512' && messageType === 'DIGEST') {
    throw new ValidationException(`The ${algorithm} signing algorithm requires MessageType RAW.`);
  }
  if (messageType === 'DIGEST' && input.Message.length !== digestLength(algorithm)) {
    throw new ValidationException(`Digest is invalid length for algorithm ${algorithm}.`);
  }
  return { record, digest };
}

/** WebCrypto's parameters for signing or verifying with one AWS algorithm. */
function signParams(algorithm: string): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  if (algorithm.startsWith('RSASSA_PSS')) return { name: 'RSA-PSS', saltLength: digestLength(algorithm) };
  if (algorithm.startsWith('RSASSA_PKCS1')) return { name: 'RSASSA-PKCS1-v1_5' };
  if (algorithm.startsWith('ECDSA')) return { name: 'ECDSA', hash: hashOf(algorithm) };
  return { name: 'Ed25519' };
}

/** Bytes per number of an ECDSA signature on the key's curve (r and s in the raw form). */
function curveSize(spec: string): number {
  return { 'P-256': 32, 'P-384': 48, 'P-521': 66 }[specInfo(spec).curve!];
}

export async function sign(engine: Engine, call: Call, input: SignRequest): Promise<SignResponse> {
  const { record, digest } = await prepare(engine, call, input, 'Sign');
  engine.dryRun(input);
  const algorithm = input.SigningAlgorithm;
  const material = currentMaterial(record)!;
  let signature: Uint8Array;
  const family = specInfo(keySpecOf(record)).family;
  if (family === 'secp256k1' || family === 'ml-dsa') {
    const secret = await openBytes(material.sealedPrivate!, material.sealKey!);
    signature = family === 'ml-dsa' ? await mlDsaSign(keySpecOf(record), secret, input.Message, digest) : await secpSign(secret, input.Message, digest);
    secret.fill(0);
  } else if (digest) {
    signature = await digestSign(record, material, algorithm, input.Message);
  } else {
    const raw = new Uint8Array(await subtle().sign(signParams(algorithm), material.algorithmKeys![algorithm]!, buf(input.Message)));
    signature = algorithm.startsWith('ECDSA') ? rawToDer(raw) : raw;
  }
  call.step({
    kind: 'sign',
    caption: `Sign ${input.Message.length} bytes${digest ? ' (already hashed, not hashed again)' : ''} with the private key (${algorithm})`,
    keyId: record.keyId,
    bytes: signature.length,
  });
  call.step({ kind: 'return', caption: 'Return the signature; the private key never leaves KMS', bytes: signature.length });
  return { KeyId: record.arn, Signature: signature, SigningAlgorithm: algorithm };
}

export async function verify(engine: Engine, call: Call, input: VerifyRequest): Promise<VerifyResponse> {
  const { record, digest } = await prepare(engine, call, input, 'Verify');
  engine.dryRun(input);
  const algorithm = input.SigningAlgorithm;
  const spec = keySpecOf(record);
  const material = currentMaterial(record)!;
  let valid: boolean;
  const family = specInfo(spec).family;
  if (family === 'secp256k1') {
    valid = await secpVerify(material.spki!, input.Message, input.Signature, digest);
  } else if (family === 'ml-dsa') {
    valid = await mlDsaVerify(spec, material.spki!, input.Message, input.Signature, digest);
  } else if (digest) {
    valid = await digestVerify(record, material, algorithm, input.Message, input.Signature);
  } else {
    const signature = algorithm.startsWith('ECDSA') ? derToRaw(input.Signature, curveSize(spec)) : input.Signature;
    const publicKey = await importPublic(spec, algorithm, material.publicKey!);
    valid = signature !== undefined && (await subtle().verify(signParams(algorithm), publicKey, buf(signature), buf(input.Message)));
  }
  call.step({ kind: 'verify', caption: `Check the signature with the public key (${algorithm}): ${valid ? 'valid' : 'not valid'}`, keyId: record.keyId, bytes: input.Signature.length });
  // Verify never answers false: a signature that does not verify is this error, with no message.
  if (!valid) throw new KMSInvalidSignatureException();
  return { KeyId: record.arn, SignatureValid: true, SigningAlgorithm: algorithm };
}
