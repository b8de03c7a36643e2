/**
 * ECC_SECG_P256K1 keys (ECDSA_SHA_256), which WebCrypto does not have:
 * the audited @noble/curves computes them, loaded only when such a key is
 * used, so no other page pays for it. Unlike WebCrypto keys, its secret key
 * is bytes; KMS Lab keeps them sealed with AES-256-GCM under a
 * non-extractable WebCrypto key (key-pairs.ts sealBytes) and opens them
 * only to sign.
 */
import { concat } from './bytes.ts';

const noble = () => import('@noble/curves/secp256k1.js').then((m) => m.secp256k1);

/** DER SubjectPublicKeyInfo header for id-ecPublicKey on secp256k1 (1.3.132.0.10), before the 65-byte point. */
const SPKI_PREFIX = Uint8Array.from([0x30, 0x56, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a, 0x03, 0x42, 0x00]);

/** A new key pair: 32 secret bytes (from `draw`, so a seed can repeat it) and the DER SPKI public key. */
export async function secpKeyPair(draw: (n: number) => Uint8Array): Promise<{ secretKey: Uint8Array; spki: Uint8Array }> {
  const curve = await noble();
  let secretKey = draw(32);
  while (!curve.utils.isValidSecretKey(secretKey)) secretKey = draw(32);
  return { secretKey, spki: concat(SPKI_PREFIX, curve.getPublicKey(secretKey, false)) };
}

/**
 * The PKCS#8 form of a secret key (RFC 5915 ECPrivateKey inside RFC 5208),
 * which OpenSSL reads, for GenerateDataKeyPair.
 */
export async function secpPkcs8(secretKey: Uint8Array): Promise<Uint8Array> {
  const point = (await noble()).getPublicKey(secretKey, false);
  const ecPrivateKey = concat(Uint8Array.of(0x30, 0x6b, 0x02, 0x01, 0x01, 0x04, 0x20), secretKey, Uint8Array.of(0xa1, 0x44, 0x03, 0x42, 0x00), point);
  const algorithm = SPKI_PREFIX.subarray(2, 20);
  return concat(Uint8Array.of(0x30, 0x81, 0x84, 0x02, 0x01, 0x00), algorithm, Uint8Array.of(0x04, 0x6d), ecPrivateKey);
}

/** ECDSA with SHA-256 (or of a ready digest), DER-encoded as KMS returns it. */
export async function secpSign(secretKey: Uint8Array, message: Uint8Array, digest: boolean): Promise<Uint8Array> {
  return (await noble()).sign(message, secretKey, { prehash: !digest, format: 'der', extraEntropy: true });
}

/** Any valid signature verifies, high S included (KMS does not normalise S). */
export async function secpVerify(spki: Uint8Array, message: Uint8Array, signature: Uint8Array, digest: boolean): Promise<boolean> {
  try {
    return (await noble()).verify(signature, message, spki.subarray(SPKI_PREFIX.length), { prehash: !digest, format: 'der', lowS: false });
  } catch {
    return false;
  }
}
