/**
 * Which cipher and digest names `openssl enc` knows, and what each does in the sandbox: the AES
 * ciphers it runs, the names OpenSSL 3.0 refuses with its own messages, the legacy-provider
 * ciphers that fail once set up, and the real ones KMS Lab leaves out. The name lists and sizes
 * come from `openssl list -cipher-algorithms` / `-digest-algorithms` and runs of OpenSSL 3.0.19.
 */
import type { AesMode, DigestName } from './openssl-crypto.ts';

/** 'a-{1,2}-{x,y}' → a-1-x a-1-y a-2-x a-2-y: keeps the name lists below readable. */
function expand(patterns: string): string[] {
  const grow = (pattern: string): string[] => {
    const open = pattern.indexOf('{');
    if (open < 0) return [pattern];
    const close = pattern.indexOf('}', open);
    const head = pattern.slice(0, open);
    const tail = pattern.slice(close + 1);
    return pattern
      .slice(open + 1, close)
      .split(',')
      .flatMap((choice) => grow(head + choice + tail));
  };
  return patterns.split(/\s+/).filter(Boolean).flatMap(grow);
}

/** A cipher the sandbox runs. */
export interface AesCipher {
  /** OpenSSL's own spelling, as in the password prompt. */
  name: string;
  mode: AesMode;
  keyLength: number;
  ivLength: number;
}

/** A cipher of OpenSSL's legacy provider: named and sized, but `enc` fails when it sets it up. */
export interface LegacyCipher {
  name: string;
  keyLength: number;
  ivLength: number;
  /** The number OpenSSL 3.0.19 shows in "Algorithm (NAME : n)"; other releases number differently. */
  algorithmNumber: number;
}

export type CipherLookup =
  | { kind: 'aes'; cipher: AesCipher }
  | { kind: 'legacy'; cipher: LegacyCipher }
  /** GCM, CCM, OCB, SIV, ChaCha20-Poly1305, the HMAC stitched modes: refused by `enc`. */
  | { kind: 'aead' }
  | { kind: 'xts' }
  /** Runs in real OpenSSL; not here. */
  | { kind: 'not-simulated' }
  | { kind: 'unknown' };

const AES = new Map<string, AesCipher>();
for (const bits of [128, 192, 256]) {
  for (const mode of ['cbc', 'ecb', 'ctr'] as const) {
    AES.set(`aes-${bits}-${mode}`, { name: `AES-${bits}-${mode.toUpperCase()}`, mode, keyLength: bits / 8, ivLength: mode === 'ecb' ? 0 : 16 });
  }
  AES.set(`aes${bits}`, AES.get(`aes-${bits}-cbc`)!);
  // Key wrap (RFC 3394) and key wrap with padding (RFC 5649), which KMS's RSA_AES_KEY_WRAP_SHA_*
  // import wrapping uses; the IV is the integrity value (A6A6A6A6A6A6A6A6, A65959A6).
  for (const mode of ['wrap', 'wrap-pad'] as const) {
    const cipher: AesCipher = { name: `id-aes${bits}-${mode}`, mode, keyLength: bits / 8, ivLength: mode === 'wrap' ? 8 : 4 };
    for (const alias of [`id-aes${bits}-${mode}`, `aes${bits}-${mode}`, `aes-${bits}-${mode}`]) AES.set(alias, cipher);
  }
}

// "names → NAME key iv number", from runs of OpenSSL 3.0.19 without the legacy provider.
const LEGACY_TABLE = `
bf bf-cbc blowfish → BF-CBC 16 8 11
bf-cfb → BF-CFB 16 8 0
bf-ecb → BF-ECB 16 0 0
bf-ofb → BF-OFB 16 8 0
cast cast-cbc cast5-cbc → CAST5-CBC 16 8 18
cast5-cfb → CAST5-CFB 16 8 0
cast5-ecb → CAST5-ECB 16 0 0
cast5-ofb → CAST5-OFB 16 8 0
des des-cbc → DES-CBC 8 8 8
des-cfb → DES-CFB 8 8 38
des-cfb1 → DES-CFB1 8 8 0
des-cfb8 → DES-CFB8 8 8 0
des-ecb → DES-ECB 8 0 1
des-ofb → DES-OFB 8 8 66
desx desx-cbc → DESX-CBC 24 8 0
rc2 rc2-128 rc2-cbc → RC2-CBC 16 8 4
rc2-40 rc2-40-cbc → RC2-40-CBC 5 8 0
rc2-64 rc2-64-cbc → RC2-64-CBC 8 8 0
rc2-cfb → RC2-CFB 16 8 0
rc2-ecb → RC2-ECB 16 0 0
rc2-ofb → RC2-OFB 16 8 0
rc4 → RC4 16 0 37
rc4-40 → RC4-40 5 0 0
seed seed-cbc → SEED-CBC 16 16 53
seed-cfb → SEED-CFB 16 16 49
seed-ecb → SEED-ECB 16 0 74
seed-ofb → SEED-OFB 16 16 61`;

const LEGACY = new Map<string, LegacyCipher>();
for (const row of LEGACY_TABLE.trim().split('\n')) {
  const [names, facts] = row.split(' → ') as [string, string];
  const [name, key, iv, number] = facts.split(' ') as [string, string, string, string];
  const cipher = { name, keyLength: Number(key), ivLength: Number(iv), algorithmNumber: Number(number) };
  for (const alias of names.split(' ')) LEGACY.set(alias, cipher);
}

const AEAD = new Set(
  expand(`aes-{128,192,256}-{gcm,ccm,ocb,siv} id-aes{128,192,256}-{gcm,ccm} aes-{128,256}-cbc-hmac-{sha1,sha256}
    aria-{128,192,256}-{gcm,ccm} chacha20-poly1305 rc4-hmac-md5`),
);
const XTS = new Set(['aes-128-xts', 'aes-256-xts']);
const ELSEWHERE = new Set(
  expand(`aes-{128,192,256}-{cfb,cfb1,cfb8,ofb,cbc-cts,wrap-inv,wrap-pad-inv}
    aes{128,192,256}-{wrap-inv,wrap-pad-inv}
    aria-{128,192,256}-{cbc,cfb,cfb1,cfb8,ctr,ecb,ofb} aria{128,192,256}
    camellia-{128,192,256}-{cbc,cbc-cts,cfb,cfb1,cfb8,ctr,ecb,ofb} camellia{128,192,256}
    chacha20 des-ede{,-cbc,-cfb,-ecb,-ofb} des-ede3{,-cbc,-cfb,-cfb1,-cfb8,-ecb,-ofb} des3 des3-wrap
    id-smime-alg-cms3deswrap null sm4{,-cbc,-cfb,-cfb128,-ctr,-ecb,-ofb,-ofb128}`),
);

/** Cipher names are matched without regard to case, as OpenSSL does. */
export function lookupCipher(given: string): CipherLookup {
  const name = given.toLowerCase();
  const aes = AES.get(name);
  if (aes) return { kind: 'aes', cipher: aes };
  const legacy = LEGACY.get(name);
  if (legacy) return { kind: 'legacy', cipher: legacy };
  if (AEAD.has(name)) return { kind: 'aead' };
  if (XTS.has(name)) return { kind: 'xts' };
  if (ELSEWHERE.has(name)) return { kind: 'not-simulated' };
  return { kind: 'unknown' };
}

/** Whether `openssl NAME` runs enc with that cipher: OpenSSL takes most names, not the provider-only ones. */
export function isCipherCommand(given: string): boolean {
  return lookupCipher(given).kind !== 'unknown' && !/siv|cts|-inv$|^null$/i.test(given);
}

/** The names `enc -list` shows: only the ones that run here, laid out three to a line as OpenSSL does. */
export function cipherListing(): string {
  const names = [...AES.keys()].sort().map((name) => `-${name}`);
  let text = 'Supported ciphers:\n';
  names.forEach((name, i) => {
    const last = i === names.length - 1 || i % 3 === 2;
    text += last ? `${name.padEnd(26)}\n` : `${name.padEnd(26)} `;
  });
  return `${text}\n`;
}

const DIGESTS = new Map<string, DigestName>();
for (const [digest, names] of [
  ['md5', 'md5 ssl3-md5 rsa-md5 md5withrsaencryption'],
  ['sha1', 'sha1 sha-1 ssl3-sha1 rsa-sha1 rsa-sha1-2 sha1withrsaencryption'],
  ['sha256', 'sha256 sha-256 sha2-256 rsa-sha256 sha256withrsaencryption'],
  ['sha384', 'sha384 sha-384 sha2-384 rsa-sha384 sha384withrsaencryption'],
  ['sha512', 'sha512 sha-512 sha2-512 rsa-sha512 sha512withrsaencryption'],
] as const) {
  for (const name of names.split(' ')) DIGESTS.set(name, digest);
}

const OTHER_DIGESTS = new Set(
  expand(`md4 rsa-md4 md4withrsaencryption md5-sha1 null whirlpool ripemd ripemd-160 ripemd160 rmd160
    rsa-ripemd160 ripemd160withrsa sha224 sha-224 sha2-224 rsa-sha224 sha224withrsaencryption
    sha512-{224,256} sha-512/{224,256} sha2-512/{224,256} rsa-sha512/{224,256} sha512-{224,256}withrsaencryption
    sha3-{224,256,384,512} rsa-sha3-{224,256,384,512} id-rsassa-pkcs1-v1_5-with-sha3-{224,256,384,512}
    shake128 shake-128 shake256 shake-256 blake2b512 blake2b-512 blake2s256 blake2s-256 sm3 rsa-sm3
    sm3withrsaencryption keccak-kmac{128,256} keccak-kmac-{128,256}`),
);

/** A `-md` name: one the sandbox computes, one only real OpenSSL has, or nothing OpenSSL knows. */
export function lookupDigest(given: string): DigestName | 'not-simulated' | undefined {
  const name = given.toLowerCase();
  return DIGESTS.get(name) ?? (OTHER_DIGESTS.has(name) ? 'not-simulated' : undefined);
}
