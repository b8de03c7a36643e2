/**
 * RSA signatures of a digest the caller already computed (KMS's MessageType
 * DIGEST): EMSA-PKCS1-v1_5 and EMSA-PSS encodings of RFC 8017 around the raw
 * RSA operation, since WebCrypto signs only messages it hashes itself.
 */
import { bitLength, modPow, toBig, toBytes } from './bigint-bytes.ts';
import { buf, concat, equalBytes } from './bytes.ts';

export type Hash = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** DER DigestInfo headers of RFC 8017 §9.2, note 1: what precedes the digest in PKCS#1 v1.5. */
const DIGEST_INFO: Record<Hash, string> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g)!, (b) => parseInt(b, 16));
const digest = async (hash: Hash, data: Uint8Array) => new Uint8Array(await globalThis.crypto.subtle.digest(hash, buf(data)));

export interface RsaPrivate {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
}

/** m^d mod n by the Chinese remainder theorem (RFC 8017 §5.1.2). */
function privateOp(key: RsaPrivate, m: bigint): bigint {
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  const hh = (key.qi * (m1 - m2 + key.p)) % key.p;
  return m2 + hh * key.q;
}

function pkcs1Encoding(hash: Hash, mHash: Uint8Array, length: number): Uint8Array {
  const t = concat(fromHex(DIGEST_INFO[hash]), mHash);
  const em = new Uint8Array(length).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[length - t.length - 1] = 0;
  em.set(t, length - t.length);
  return em;
}

/** MGF1 (RFC 8017 B.2.1). */
async function mgf1(hash: Hash, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  for (let counter = 0, at = 0; at < length; counter++) {
    const block = await digest(hash, concat(seed, toBytes(BigInt(counter), 4)));
    out.set(block.subarray(0, length - at), at);
    at += block.length;
  }
  return out;
}

async function pssEncoding(hash: Hash, mHash: Uint8Array, emBits: number, salt: Uint8Array): Promise<Uint8Array> {
  const emLen = Math.ceil(emBits / 8);
  const hLen = mHash.length;
  const hh = await digest(hash, concat(new Uint8Array(8), mHash, salt));
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - salt.length - 1] = 1;
  db.set(salt, db.length - salt.length);
  const mask = await mgf1(hash, hh, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return concat(db, hh, Uint8Array.of(0xbc));
}

/** Signs a digest; PSS takes a salt as long as the digest, as AWS does. */
export async function rsaSignDigest(key: RsaPrivate, scheme: 'PKCS1' | 'PSS', hash: Hash, mHash: Uint8Array, saltBytes: () => Uint8Array): Promise<Uint8Array> {
  const k = Math.ceil(bitLength(key.n) / 8);
  const em = scheme === 'PKCS1' ? pkcs1Encoding(hash, mHash, k) : await pssEncoding(hash, mHash, bitLength(key.n) - 1, saltBytes());
  const s = privateOp(key, toBig(em));
  // Checked against the public operation, as RSA signers should: a fault never leaves as a signature.
  if (modPow(s, key.e, key.n) !== toBig(em)) throw new Error('RSA signature self-check failed');
  return toBytes(s, k);
}

export async function rsaVerifyDigest(n: bigint, e: bigint, scheme: 'PKCS1' | 'PSS', hash: Hash, mHash: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const modBits = bitLength(n);
  const k = Math.ceil(modBits / 8);
  if (signature.length !== k) return false;
  const s = toBig(signature);
  if (s >= n) return false;
  const m = modPow(s, e, n);
  if (scheme === 'PKCS1') return equalBytes(toBytes(m, k), pkcs1Encoding(hash, mHash, k));
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (m >= 1n << BigInt(emBits)) return false;
  const em = toBytes(m, emLen);
  const hLen = mHash.length;
  if (em[emLen - 1] !== 0xbc || emLen < 2 * hLen + 2) return false;
  const db = em.slice(0, emLen - hLen - 1);
  const hh = em.subarray(emLen - hLen - 1, emLen - 1);
  const mask = await mgf1(hash, hh, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const saltStart = db.length - hLen;
  for (let i = 0; i < saltStart - 1; i++) if (db[i] !== 0) return false;
  if (db[saltStart - 1] !== 1) return false;
  const expected = await digest(hash, concat(new Uint8Array(8), mHash, db.subarray(saltStart)));
  return equalBytes(expected, hh);
}
