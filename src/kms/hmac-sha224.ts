/**
 * HMAC_224 keys (HMAC_SHA_224): WebCrypto has no SHA-224, so the audited
 * @noble/hashes computes it, loaded only when such a key is used. The key
 * is bytes here, kept sealed with AES-256-GCM under a non-extractable
 * WebCrypto key (key-pairs.ts sealBytes) and opened for each MAC.
 */
import { equalBytes } from './bytes.ts';

async function hmacSha224(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const [{ hmac }, { sha224 }] = await Promise.all([import('@noble/hashes/hmac.js'), import('@noble/hashes/sha2.js')]);
  return hmac(sha224, key, message);
}

export const macSha224 = hmacSha224;

/** Compared in constant time, as WebCrypto's HMAC verify does. */
export async function verifySha224(key: Uint8Array, message: Uint8Array, mac: Uint8Array): Promise<boolean> {
  return equalBytes(await hmacSha224(key, message), mac);
}
