/**
 * GenerateMac and VerifyMac: HMAC with a key that never leaves the
 * simulator (a non-extractable WebCrypto HMAC key). VerifyMac never answers
 * false: a MAC that does not match is KMSInvalidMacException.
 */
import { buf } from '../bytes.ts';
import { InvalidKeyUsageException, KMSInvalidMacException } from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import { algorithmLists, currentMaterial, keySpecOf, type KeyRecord } from '../keys.ts';
import type { GenerateMacRequest, GenerateMacResponse, VerifyMacRequest, VerifyMacResponse } from '../types.ts';
import { requireUsage } from './crypto-ops.ts';
import { macSha224, verifySha224 } from '../hmac-sha224.ts';
import { openBytes } from '../key-pairs.ts';

/** The key's HMAC: WebCrypto's, or for HMAC_224 the sealed key with @noble/hashes. */
interface Mac {
  record: KeyRecord;
  compute(message: Uint8Array): Promise<Uint8Array>;
  check(message: Uint8Array, mac: Uint8Array): Promise<boolean>;
}

async function prepare(engine: Engine, call: Call, input: GenerateMacRequest, operation: 'GenerateMac' | 'VerifyMac'): Promise<Mac> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: true });
  engine.authorize(call, record, operation, { 'kms:MacAlgorithm': input.MacAlgorithm }, input);
  engine.requireState(record, 'crypto');
  requireUsage(record, 'GENERATE_VERIFY_MAC', operation);
  if (!(algorithmLists(record)['MacAlgorithms'] ?? []).includes(input.MacAlgorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${input.MacAlgorithm} is incompatible with key spec ${keySpecOf(record)}.`);
  }
  engine.dryRun(input);
  const material = currentMaterial(record)!;
  const key = material.algorithmKeys?.[input.MacAlgorithm];
  if (key) {
    return {
      record,
      compute: async (message) => new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, buf(message))),
      // WebCrypto's HMAC verify compares in constant time.
      check: (message, mac) => globalThis.crypto.subtle.verify('HMAC', key, buf(mac), buf(message)),
    };
  }
  const withKey = async <T>(use: (bytes: Uint8Array) => Promise<T>): Promise<T> => {
    const bytes = await openBytes(material.sealedPrivate!, material.sealKey!);
    try {
      return await use(bytes);
    } finally {
      bytes.fill(0);
    }
  };
  return { record, compute: (message) => withKey((k) => macSha224(k, message)), check: (message, mac) => withKey((k) => verifySha224(k, message, mac)) };
}

export async function generateMac(engine: Engine, call: Call, input: GenerateMacRequest): Promise<GenerateMacResponse> {
  const { record, compute } = await prepare(engine, call, input, 'GenerateMac');
  const mac = await compute(input.Message);
  call.step({ kind: 'mac', caption: `Compute ${input.MacAlgorithm} of ${input.Message.length} bytes with the HMAC key`, keyId: record.keyId, bytes: mac.length });
  call.step({ kind: 'return', caption: 'Return the MAC; the HMAC key never leaves KMS', bytes: mac.length });
  return { Mac: mac, MacAlgorithm: input.MacAlgorithm, KeyId: record.arn };
}

export async function verifyMac(engine: Engine, call: Call, input: VerifyMacRequest): Promise<VerifyMacResponse> {
  const { record, check } = await prepare(engine, call, input, 'VerifyMac');
  const valid = await check(input.Message, input.Mac);
  call.step({ kind: 'mac', caption: `Recompute ${input.MacAlgorithm} and compare: ${valid ? 'it matches' : 'it does not match'}`, keyId: record.keyId, bytes: input.Mac.length });
  if (!valid) throw new KMSInvalidMacException();
  return { KeyId: record.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
}
