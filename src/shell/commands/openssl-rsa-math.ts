/**
 * RSA for the openssl key commands where WebCrypto cannot serve: it signs and verifies whole
 * messages only, with one fixed PSS salt length, and has no PKCS#1 v1.5 encryption; `openssl
 * pkeyutl` signs digests, dgst's PSS verification finds the salt length by itself ("auto"), and
 * pkeyutl's default padding is PKCS#1 v1.5. The paddings (RFC 8017) are built here around BigInt
 * exponentiation; OAEP stays with WebCrypto (openssl-pkeyutl.ts). Keys are the learner's files.
 */
import { concat, equalBytes } from '../../kms/bytes.ts';
import { bigIntToBytes, bytesToBigInt } from './openssl-der.ts';
import { digest } from './openssl-crypto.ts';
import { modPow } from './openssl-ec.ts';

export type SigDigest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export const DIGEST_LENGTH: Record<SigDigest, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** The DER of DigestInfo up to the digest itself (RFC 8017, section 9.2, note 1). */
const DIGEST_INFO: Record<SigDigest, string> = {
  sha1: '3021300906052b0e03021a05000414',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

const fromHex = (text: string) => Uint8Array.from(text.match(/../g)!, (pair) => Number.parseInt(pair, 16));

export interface RsaPublic {
  n: bigint;
  e: bigint;
}

export interface RsaPrivate extends RsaPublic {
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
}

export const modulusBytes = (key: RsaPublic) => Math.ceil(key.n.toString(2).length / 8);
export const modulusBits = (key: RsaPublic) => key.n.toString(2).length;

/** m^d mod n through the CRT, checked by re-encrypting so a damaged key cannot leak a wrong result. */
function privateOp(key: RsaPrivate, m: bigint): bigint {
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  let hh = (key.qi * (m1 - m2)) % key.p;
  if (hh < 0n) hh += key.p;
  const result = m2 + hh * key.q;
  return modPow(result, key.e, key.n) === m ? result : modPow(m, key.d, key.n);
}

/** The raw private operation on a block as long as the modulus; undefined when the block is not below n. */
export function rsaPrivateRaw(key: RsaPrivate, block: Uint8Array): Uint8Array | undefined {
  const m = bytesToBigInt(block);
  if (m >= key.n) return undefined;
  return bigIntToBytes(privateOp(key, m), modulusBytes(key));
}

/** The raw public operation; undefined when the block is not below n. */
export function rsaPublicRaw(key: RsaPublic, block: Uint8Array): Uint8Array | undefined {
  const m = bytesToBigInt(block);
  if (m >= key.n) return undefined;
  return bigIntToBytes(modPow(m, key.e, key.n), modulusBytes(key));
}

/** EMSA-PKCS1-v1_5 around a digest (or, with no digest named, around the raw input, as pkeyutl signs it). */
export function pkcs1SignBlock(key: RsaPublic, data: Uint8Array, md: SigDigest | undefined): Uint8Array | undefined {
  const t = md ? concat(fromHex(DIGEST_INFO[md]), data) : data;
  const k = modulusBytes(key);
  if (t.length > k - 11) return undefined;
  const block = new Uint8Array(k).fill(0xff);
  block[0] = 0;
  block[1] = 1;
  block[k - t.length - 1] = 0;
  block.set(t, k - t.length);
  return block;
}

/** What a PKCS#1 v1.5 signature block carries; undefined when the block is not one. */
export function pkcs1Recover(block: Uint8Array): Uint8Array | undefined {
  if (block[0] !== 0 || block[1] !== 1) return undefined;
  let i = 2;
  while (i < block.length && block[i] === 0xff) i++;
  if (i < 10 || block[i] !== 0) return undefined;
  return block.subarray(i + 1);
}

/**
 * Why OpenSSL 3.0 refuses a block pkcs1Recover refused: its RSA_padding_check_PKCS1_type_1 line,
 * code, reason and place, as the real tool prints them for each kind of bad block (seen by
 * verifying raw-signed blocks of each kind with openssl 3.0.19).
 */
export function pkcs1Failure(block: Uint8Array): string {
  const line = (code: string, reason: string, at: number) => `${code}:rsa routines:RSA_padding_check_PKCS1_type_1:${reason}:../crypto/rsa/rsa_pk1.c:${at}:`;
  if (block[0] !== 0) return line('0200008A', 'invalid padding', 75);
  if (block[1] !== 1) return line('0200006A', 'block type is not 01', 82);
  let i = 2;
  while (i < block.length && block[i] === 0xff) i++;
  if (i === block.length) return line('02000071', 'null before block missing', 102);
  if (block[i] !== 0) return line('02000066', 'bad fixed header decrypt', 94);
  return line('02000067', 'bad pad byte count', 107);
}

export function digestInfo(md: SigDigest, hash: Uint8Array): Uint8Array {
  return concat(fromHex(DIGEST_INFO[md]), hash);
}

/** EME-PKCS1-v1_5 (type 2) padding; undefined when the message is too long for the key. */
export function pkcs1EncryptBlock(key: RsaPublic, message: Uint8Array, random: (n: number) => Uint8Array): Uint8Array | undefined {
  const k = modulusBytes(key);
  if (message.length > k - 11) return undefined;
  const block = new Uint8Array(k);
  block[1] = 2;
  const fill = block.subarray(2, k - message.length - 1);
  for (let i = 0; i < fill.length; i++) {
    let b = 0;
    while (b === 0) b = random(1)[0]!;
    fill[i] = b;
  }
  block.set(message, k - message.length);
  return block;
}

/** The message inside a type-2 block; undefined when the padding is wrong. */
export function pkcs1DecryptBlock(block: Uint8Array): Uint8Array | undefined {
  if (block[0] !== 0 || block[1] !== 2) return undefined;
  const zero = block.indexOf(0, 2);
  if (zero < 10) return undefined;
  return block.subarray(zero + 1);
}

async function mgf1(md: SigDigest, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let counter = 0; parts.length * DIGEST_LENGTH[md] < length; counter++) {
    parts.push(await digest(md, concat(seed, Uint8Array.of(counter >>> 24, counter >>> 16, counter >>> 8, counter))));
  }
  return concat(...parts).subarray(0, length);
}

/** PSS salt lengths: a number of bytes, or OpenSSL's digest (-1), auto (-2) and max (-3). */
export type SaltLength = number;
export const SALT_DIGEST = -1;
export const SALT_AUTO = -2;
export const SALT_MAX = -3;

/** EMSA-PSS encoding of a digest; undefined when the salt does not fit the key. */
export async function pssEncode(
  key: RsaPublic,
  md: SigDigest,
  mgfMd: SigDigest,
  hash: Uint8Array,
  saltLength: SaltLength,
  random: (n: number) => Uint8Array,
): Promise<Uint8Array | undefined> {
  const hLen = DIGEST_LENGTH[md];
  const emBits = modulusBits(key) - 1;
  const emLen = Math.ceil(emBits / 8);
  const maxSalt = emLen - hLen - 2;
  const sLen = saltLength === SALT_DIGEST ? hLen : saltLength < 0 ? maxSalt : saltLength;
  if (sLen > maxSalt || maxSalt < 0) return undefined;
  const salt = random(sLen);
  const hh = await digest(md, concat(new Uint8Array(8), hash, salt));
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - sLen - 1] = 1;
  db.set(salt, db.length - sLen);
  const mask = await mgf1(mgfMd, hh, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const em = concat(db, hh, Uint8Array.of(0xbc));
  return concat(new Uint8Array(modulusBytes(key) - em.length), em);
}

/**
 * EMSA-PSS verification of a digest against the block the public operation gave: true, or the
 * reason OpenSSL's RSA_verify_PKCS1_PSS_mgf1 gives (with its detail after a colon, if any).
 */
export async function pssVerify(
  key: RsaPublic,
  md: SigDigest,
  mgfMd: SigDigest,
  hash: Uint8Array,
  block: Uint8Array,
  saltLength: SaltLength,
): Promise<true | string> {
  const hLen = DIGEST_LENGTH[md];
  const emBits = modulusBits(key) - 1;
  const emLen = Math.ceil(emBits / 8);
  // The bits above emBits must be zero; they are checked first, as OpenSSL does.
  if (block[0]! & (0xff << (emBits & 7)) & 0xff) return 'first octet invalid:';
  const em = block.subarray(block.length - emLen);
  if (emLen < hLen + 2) return 'data too large:';
  if (em[emLen - 1] !== 0xbc) return 'last octet invalid:';
  const masked = em.subarray(0, emLen - hLen - 1);
  const hh = em.subarray(emLen - hLen - 1, emLen - 1);
  const mask = await mgf1(mgfMd, hh, masked.length);
  const db = masked.map((b, i) => b ^ mask[i]!);
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const one = db.findIndex((b) => b !== 0);
  if (one < 0 || db[one] !== 1) return 'sLen recovery failed:';
  const salt = db.subarray(one + 1);
  const expected = saltLength === SALT_DIGEST ? hLen : saltLength === SALT_MAX ? emLen - hLen - 2 : saltLength;
  if (saltLength !== SALT_AUTO && salt.length !== expected) return `salt length check failed:expected: ${expected} retrieved: ${salt.length}`;
  return equalBytes(await digest(md, concat(new Uint8Array(8), hash, salt)), hh) ? true : 'bad signature:';
}
