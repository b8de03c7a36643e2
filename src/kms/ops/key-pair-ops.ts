/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh key
 * pair for use outside KMS, its private key (DER PKCS#8) sealed under a
 * symmetric KMS key with the caller's encryption context, like a data key.
 */
import { UnsupportedOperationException } from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import { generatePair } from '../key-pairs.ts';
import { secpKeyPair, secpPkcs8 } from '../secp256k1.ts';
import { KEY_SPECS } from '../key-specs.ts';
import type { GenerateDataKeyPairRequest, GenerateDataKeyPairResponse, GenerateDataKeyPairWithoutPlaintextResponse } from '../types.ts';
import { requireSymmetric, seal } from './crypto-ops.ts';

/** A key pair as DER PKCS#8 and DER SPKI: WebCrypto's, or @noble/curves' for secp256k1. */
async function newPair(spec: string): Promise<{ privateKey: Uint8Array; publicKey: Uint8Array }> {
  if (spec === 'ECC_SECG_P256K1') {
    const { secretKey, spki } = await secpKeyPair((n) => globalThis.crypto.getRandomValues(new Uint8Array(n)));
    const privateKey = await secpPkcs8(secretKey);
    secretKey.fill(0);
    return { privateKey, publicKey: spki };
  }
  const pair = await generatePair(spec);
  return {
    privateKey: new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey)),
    publicKey: new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pair.publicKey)),
  };
}

async function generate(engine: Engine, call: Call, input: GenerateDataKeyPairRequest, operation: string) {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: true });
  engine.authorize(call, record, operation, { 'kms:DataKeyPairSpec': input.KeyPairSpec }, input);
  engine.requireState(record, 'crypto');
  requireSymmetric(record, operation);
  const spec = input.KeyPairSpec;
  const info = KEY_SPECS[spec];
  if (!info || info.unavailable) throw new UnsupportedOperationException(`KeyPairSpec ${spec} is not available in KMS Lab: ${info?.unavailable ?? 'not simulated'}.`);
  if (input.Recipient !== undefined) throw new UnsupportedOperationException('KMS Lab has no Nitro Enclaves: the Recipient parameter is not available here.');
  engine.dryRun(input);
  const { privateKey, publicKey } = await newPair(spec);
  call.step({ kind: 'generate-key-pair', caption: `Generate an ${spec} data key pair`, bytes: privateKey.length, fingerprint: await engine.fingerprint(privateKey) });
  const { blob, material } = await seal(engine, call, record, privateKey, input.EncryptionContext);
  return { record, privateKey, publicKey, blob, material };
}

export async function generateDataKeyPair(engine: Engine, call: Call, input: GenerateDataKeyPairRequest): Promise<GenerateDataKeyPairResponse> {
  const { record, privateKey, publicKey, blob, material } = await generate(engine, call, input, 'GenerateDataKeyPair');
  call.step({ kind: 'return', caption: 'Return the public key, the private key and its encrypted copy', bytes: blob.length + privateKey.length + publicKey.length, fingerprint: await engine.fingerprint(privateKey) });
  return { PrivateKeyCiphertextBlob: blob, PrivateKeyPlaintext: privateKey, PublicKey: publicKey, KeyId: record.arn, KeyPairSpec: input.KeyPairSpec, KeyMaterialId: material.id };
}

export async function generateDataKeyPairWithoutPlaintext(
  engine: Engine,
  call: Call,
  input: GenerateDataKeyPairRequest,
): Promise<GenerateDataKeyPairWithoutPlaintextResponse> {
  const { record, privateKey, publicKey, blob, material } = await generate(engine, call, input, 'GenerateDataKeyPairWithoutPlaintext');
  privateKey.fill(0);
  call.step({ kind: 'return', caption: 'Return the public key and only the encrypted private key', bytes: blob.length + publicKey.length });
  return { PrivateKeyCiphertextBlob: blob, PublicKey: publicKey, KeyId: record.arn, KeyPairSpec: input.KeyPairSpec, KeyMaterialId: material.id };
}
