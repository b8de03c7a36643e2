/**
 * What each KMS key spec is: the key usages AWS allows it, the algorithms
 * each usage offers (as KeyMetadata and GetPublicKey list them), and the
 * WebCrypto algorithm behind it. One table, so CreateKey's rules, the
 * metadata and the operations cannot disagree.
 */

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT';

/** Which metadata list a usage's algorithms go in. */
export type AlgorithmList = 'EncryptionAlgorithms' | 'SigningAlgorithms' | 'MacAlgorithms' | 'KeyAgreementAlgorithms';

export const LIST_OF_USAGE: Readonly<Record<KeyUsage, AlgorithmList>> = {
  ENCRYPT_DECRYPT: 'EncryptionAlgorithms',
  SIGN_VERIFY: 'SigningAlgorithms',
  GENERATE_VERIFY_MAC: 'MacAlgorithms',
  KEY_AGREEMENT: 'KeyAgreementAlgorithms',
};

export type SpecFamily = 'symmetric' | 'rsa' | 'ecc' | 'ed25519' | 'hmac' | 'secp256k1' | 'ml-dsa';

export interface KeySpecInfo {
  family: SpecFamily;
  /** Usage → the algorithms AWS lists for a key of this spec and usage, in AWS's order. */
  usages: Partial<Record<KeyUsage, readonly string[]>>;
  /** RSA modulus bits, ECC curve name, HMAC key bytes and hash. */
  bits?: number;
  curve?: 'P-256' | 'P-384' | 'P-521';
  hash?: 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  /** Whether KeyMetadata still carries the deprecated CustomerMasterKeySpec (the specs its enum has). */
  legacySpec: boolean;
  /** Set when WebCrypto lacks the algorithm: the reason CreateKey gives. */
  unavailable?: string;
}

const RSA_ENCRYPTION = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const;
const RSA_SIGNING = [
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
] as const;

const rsa = (bits: number): KeySpecInfo => ({ family: 'rsa', bits, legacySpec: true, usages: { ENCRYPT_DECRYPT: RSA_ENCRYPTION, SIGN_VERIFY: RSA_SIGNING } });
const ecc = (curve: 'P-256' | 'P-384' | 'P-521', signing: string): KeySpecInfo => ({
  family: 'ecc',
  curve,
  legacySpec: true,
  usages: { SIGN_VERIFY: [signing], KEY_AGREEMENT: ['ECDH'] },
});
const hmac = (bits: 224 | 256 | 384 | 512): KeySpecInfo => ({
  family: 'hmac',
  bits,
  hash: `SHA-${bits}`,
  legacySpec: true,
  usages: { GENERATE_VERIFY_MAC: [`HMAC_SHA_${bits}`] },
});

export const KEY_SPECS: Readonly<Record<string, KeySpecInfo>> = {
  SYMMETRIC_DEFAULT: { family: 'symmetric', legacySpec: true, usages: { ENCRYPT_DECRYPT: ['SYMMETRIC_DEFAULT'] } },
  RSA_2048: rsa(2048),
  RSA_3072: rsa(3072),
  RSA_4096: rsa(4096),
  ECC_NIST_P256: ecc('P-256', 'ECDSA_SHA_256'),
  ECC_NIST_P384: ecc('P-384', 'ECDSA_SHA_384'),
  ECC_NIST_P521: ecc('P-521', 'ECDSA_SHA_512'),
  ECC_NIST_EDWARDS25519: { family: 'ed25519', legacySpec: false, usages: { SIGN_VERIFY: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] } },
  // WebCrypto has no SHA-224: @noble/hashes computes it (hmac-sha224.ts).
  HMAC_224: hmac(224),
  HMAC_256: hmac(256),
  HMAC_384: hmac(384),
  HMAC_512: hmac(512),
  // Not in WebCrypto: computed by @noble/curves (secp256k1.ts) and @noble/post-quantum (ml-dsa.ts).
  ECC_SECG_P256K1: { family: 'secp256k1', legacySpec: true, usages: { SIGN_VERIFY: ['ECDSA_SHA_256'] } },
  ML_DSA_44: { family: 'ml-dsa', legacySpec: false, usages: { SIGN_VERIFY: ['ML_DSA_SHAKE_256'] } },
  ML_DSA_65: { family: 'ml-dsa', legacySpec: false, usages: { SIGN_VERIFY: ['ML_DSA_SHAKE_256'] } },
  ML_DSA_87: { family: 'ml-dsa', legacySpec: false, usages: { SIGN_VERIFY: ['ML_DSA_SHAKE_256'] } },
  SM2: { family: 'ecc', legacySpec: true, usages: { SIGN_VERIFY: ['SM2DSA'], ENCRYPT_DECRYPT: ['SM2PKE'], KEY_AGREEMENT: ['ECDH'] }, unavailable: 'SM2 keys exist only in the China Regions' },
};

/** The key specs KMS Lab can make keys of, in the API model's order. */
export const AVAILABLE_SPECS: readonly string[] = Object.keys(KEY_SPECS).filter((s) => !KEY_SPECS[s]!.unavailable);

export function specInfo(spec: string): KeySpecInfo {
  return KEY_SPECS[spec] ?? KEY_SPECS['SYMMETRIC_DEFAULT']!;
}

/** The algorithms a key of this spec and usage offers (empty when the usage does not fit the spec). */
export function algorithmsOf(spec: string, usage: string): readonly string[] {
  return specInfo(spec).usages[usage as KeyUsage] ?? [];
}

/** Hash names of the WebCrypto API, by the suffix AWS algorithm names end in. */
export function hashOf(algorithm: string): 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' {
  if (algorithm.endsWith('SHA_1')) return 'SHA-1';
  if (algorithm.endsWith('384')) return 'SHA-384';
  if (algorithm.endsWith('512')) return 'SHA-512';
  return 'SHA-256';
}

/** Digest length in bytes for a signing algorithm, for MessageType DIGEST. */
export function digestLength(algorithm: string): number {
  return { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }[hashOf(algorithm)];
}

/**
 * The largest plaintext RSAES-OAEP encrypts: the modulus bytes less twice
 * the hash length less two (RFC 8017), the figures AWS's docs list
 * (RSA_2048: 214 bytes with SHA-1, 190 with SHA-256).
 */
export function oaepLimit(bits: number, algorithm: string): number {
  return bits / 8 - 2 * (hashOf(algorithm) === 'SHA-1' ? 20 : 32) - 2;
}
