/**
 * DeriveSharedSecret: ECDH between the KMS key's private key (inside the
 * simulator) and a public key the caller sends as DER SubjectPublicKeyInfo.
 * KMS returns the raw shared secret (the x coordinate), for the caller to
 * feed into a key derivation function.
 */
import { buf } from '../bytes.ts';
import { InvalidKeyUsageException, UnsupportedOperationException, ValidationException } from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import { specInfo } from '../key-specs.ts';
import { currentMaterial, keySpecOf } from '../keys.ts';
import type { DeriveSharedSecretRequest, DeriveSharedSecretResponse } from '../types.ts';
import { requireUsage } from './crypto-ops.ts';

/** Bits of the shared secret on each curve: the field size, rounded up to whole bytes for P-521. */
const SECRET_BITS: Record<string, number> = { 'P-256': 256, 'P-384': 384, 'P-521': 528 };

export async function deriveSharedSecret(engine: Engine, call: Call, input: DeriveSharedSecretRequest): Promise<DeriveSharedSecretResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: true });
  engine.authorize(call, record, 'DeriveSharedSecret', { 'kms:KeyAgreementAlgorithm': input.KeyAgreementAlgorithm }, input);
  engine.requireState(record, 'crypto');
  requireUsage(record, 'KEY_AGREEMENT', 'DeriveSharedSecret');
  const spec = keySpecOf(record);
  if (input.KeyAgreementAlgorithm !== 'ECDH') {
    throw new InvalidKeyUsageException(`Algorithm ${input.KeyAgreementAlgorithm} is incompatible with key spec ${spec}.`);
  }
  if (input.Recipient !== undefined) throw new UnsupportedOperationException('KMS Lab has no Nitro Enclaves: the Recipient parameter is not available here.');
  const curve = specInfo(spec).curve!;
  let peer: CryptoKey;
  try {
    peer = await globalThis.crypto.subtle.importKey('spki', buf(input.PublicKey), { name: 'ECDH', namedCurve: curve }, false, []);
  } catch {
    throw new ValidationException(`PublicKey must be a DER-encoded SubjectPublicKeyInfo of an elliptic curve public key on the curve of key spec ${spec} (${curve}).`);
  }
  engine.dryRun(input);
  const privateKey = currentMaterial(record)!.algorithmKeys!['ECDH']!;
  const secret = new Uint8Array(await globalThis.crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, SECRET_BITS[curve]!));
  call.step({ kind: 'derive', caption: `Derive the ECDH shared secret on ${curve} from the private key and the public key sent`, keyId: record.keyId, bytes: secret.length, fingerprint: await engine.fingerprint(secret) });
  call.step({ kind: 'return', caption: 'Return the raw shared secret; derive keys from it with a KDF', bytes: secret.length });
  return { KeyId: record.arn, SharedSecret: secret, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: record.origin };
}
