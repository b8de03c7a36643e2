/**
 * Sign and Verify with MessageType DIGEST: the message is already a digest
 * and must not be hashed again. WebCrypto always hashes what it signs, so
 * this needs the key's numbers, which a non-extractable key never gives out.
 */
import { UnsupportedOperationException } from '../errors.ts';
import type { KeyMaterial, KeyRecord } from '../keys.ts';
import type { RandomSource } from '../random.ts';

const NOT_YET =
  'KMS Lab does not sign or verify with MessageType DIGEST yet: its private keys are non-extractable WebCrypto keys, and WebCrypto always hashes the message itself. Send the message with MessageType RAW (the default) and KMS hashes it for you.';

export async function digestSign(_record: KeyRecord, _material: KeyMaterial, _algorithm: string, _digest: Uint8Array, _random: RandomSource): Promise<Uint8Array> {
  throw new UnsupportedOperationException(NOT_YET);
}

export async function digestVerify(_record: KeyRecord, _material: KeyMaterial, _algorithm: string, _digest: Uint8Array, _signature: Uint8Array): Promise<boolean> {
  throw new UnsupportedOperationException(NOT_YET);
}
