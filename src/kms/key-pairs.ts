/**
 * Key material for the asymmetric and HMAC key specs, made with WebCrypto.
 * A KMS key's private half is kept only as non-extractable CryptoKeys, one
 * per algorithm where WebCrypto binds the hash to the key (RSA): the pair
 * is made extractable just long enough to import its private key under
 * each algorithm, and those bytes are then overwritten. The public key is
 * kept as a CryptoKey too (always extractable, as public keys are), so a
 * saved sandbox holds key objects and never key bytes.
 */
import { buf } from './bytes.ts';
import { algorithmsOf, hashOf, specInfo, type KeyUsage } from './key-specs.ts';
import type { RandomSource } from './random.ts';
import { mlDsaKeyPair } from './ml-dsa.ts';
import { secpKeyPair } from './secp256k1.ts';

const subtle = () => globalThis.crypto.subtle;

/** WebCrypto's key usages (KeyUsage here is the KMS enum). */
type KeyUsageList = globalThis.KeyUsage[];

export interface AsymmetricMaterial {
  /** Algorithm name (RSASSA_PSS_SHA_256, ECDH, HMAC_SHA_256, …) → the private key (or HMAC key) it uses. */
  algorithmKeys: Record<string, CryptoKey>;
  /** The public half; absent for HMAC keys. */
  publicKey?: CryptoKey;
  /** Signing keys: the private key's JWK, sealed (see sealPrivate). */
  sealedPrivate?: Uint8Array;
  sealKey?: CryptoKey;
  /** Keys WebCrypto cannot hold (secp256k1): the public key as DER SPKI. */
  spki?: Uint8Array;
}

/**
 * Signing a ready-made digest (MessageType DIGEST) needs the private key's
 * numbers, which WebCrypto never gives out of a non-extractable key. So a
 * signing key also keeps its private key as JWK sealed with AES-256-GCM
 * under a non-extractable key of its own: what is saved are those sealed
 * bytes, never the key's plain numbers, and only a DIGEST signature opens them.
 */
async function sealPrivate(privateKey: CryptoKey): Promise<{ sealedPrivate: Uint8Array; sealKey: CryptoKey }> {
  return sealBytes(new TextEncoder().encode(JSON.stringify(await subtle().exportKey('jwk', privateKey))));
}

/** Seals secret bytes under a new non-extractable AES-256-GCM key, then overwrites them. */
export async function sealBytes(secret: Uint8Array): Promise<{ sealedPrivate: Uint8Array; sealKey: CryptoKey }> {
  const sealKey = (await subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])) as CryptoKey;
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv: nonce }, sealKey, buf(secret)));
  secret.fill(0);
  const sealedPrivate = new Uint8Array(12 + sealed.length);
  sealedPrivate.set(nonce);
  sealedPrivate.set(sealed, 12);
  return { sealedPrivate, sealKey };
}

/** The bytes a sealBytes call sealed. */
export async function openBytes(sealedPrivate: Uint8Array, sealKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: buf(sealedPrivate.subarray(0, 12)) }, sealKey, buf(sealedPrivate.subarray(12))));
}

/** The private JWK a sealPrivate call sealed. */
export async function openPrivate(sealedPrivate: Uint8Array, sealKey: CryptoKey): Promise<JsonWebKey> {
  return JSON.parse(new TextDecoder().decode(await openBytes(sealedPrivate, sealKey))) as JsonWebKey;
}

/** The WebCrypto parameters for importing a KMS key's private half for one AWS algorithm. */
export function importParams(spec: string, algorithm: string): RsaHashedImportParams | EcKeyImportParams | Algorithm | HmacImportParams {
  const info = specInfo(spec);
  switch (info.family) {
    case 'rsa':
      return { name: algorithm.startsWith('RSAES_OAEP') ? 'RSA-OAEP' : algorithm.startsWith('RSASSA_PSS') ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: hashOf(algorithm) };
    case 'ecc':
      return { name: algorithm === 'ECDH' ? 'ECDH' : 'ECDSA', namedCurve: info.curve! };
    case 'ed25519':
      return { name: 'Ed25519' };
    default:
      return { name: 'HMAC', hash: info.hash! };
  }
}

/** What a private key of this usage may do in WebCrypto. */
function privateUsages(usage: KeyUsage, family: string): KeyUsageList {
  if (usage === 'ENCRYPT_DECRYPT') return ['decrypt'];
  if (usage === 'KEY_AGREEMENT') return ['deriveBits'];
  if (family === 'hmac') return ['sign', 'verify'];
  return ['sign'];
}

/** Generates an extractable pair for the spec, for GenerateDataKeyPair and for new KMS keys. */
export async function generatePair(spec: string, usage: KeyUsage = 'SIGN_VERIFY'): Promise<CryptoKeyPair> {
  const info = specInfo(spec);
  if (info.family === 'rsa') {
    const name = usage === 'ENCRYPT_DECRYPT' ? 'RSA-OAEP' : 'RSA-PSS';
    const usages: KeyUsageList = usage === 'ENCRYPT_DECRYPT' ? ['encrypt', 'decrypt'] : ['sign', 'verify'];
    return (await subtle().generateKey(
      { name, modulusLength: info.bits!, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
      true,
      usages,
    )) as CryptoKeyPair;
  }
  if (info.family === 'ed25519') return (await subtle().generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  if (usage === 'KEY_AGREEMENT') return (await subtle().generateKey({ name: 'ECDH', namedCurve: info.curve! }, true, ['deriveBits'])) as CryptoKeyPair;
  return (await subtle().generateKey({ name: 'ECDSA', namedCurve: info.curve! }, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/**
 * New material for a KMS key of an asymmetric or HMAC spec. HMAC keys of a
 * seeded simulator come from the seed, like symmetric keys; key pairs are
 * always fresh (WebCrypto cannot derive one from given bytes).
 */
export async function newAsymmetricMaterial(spec: string, usage: KeyUsage, random: RandomSource, seeded: boolean): Promise<AsymmetricMaterial> {
  const info = specInfo(spec);
  const algorithms = algorithmsOf(spec, usage);
  const algorithmKeys: Record<string, CryptoKey> = {};
  if (info.family === 'secp256k1') {
    const draw = (n: number) => (seeded ? random.bytes(n) : globalThis.crypto.getRandomValues(new Uint8Array(n)));
    const { secretKey, spki } = await secpKeyPair(draw);
    return { algorithmKeys, spki, ...(await sealBytes(secretKey)) };
  }
  if (info.family === 'ml-dsa') {
    const seed = seeded ? random.bytes(32) : globalThis.crypto.getRandomValues(new Uint8Array(32));
    const { spki } = await mlDsaKeyPair(spec, seed);
    return { algorithmKeys, spki, ...(await sealBytes(seed)) };
  }
  if (info.family === 'hmac') {
    const bytes = seeded ? random.bytes(info.bits! / 8) : globalThis.crypto.getRandomValues(new Uint8Array(info.bits! / 8));
    // WebCrypto has no SHA-224: an HMAC_224 key stays sealed bytes for @noble/hashes (hmac-sha224.ts).
    if (info.hash === 'SHA-224') return { algorithmKeys, ...(await sealBytes(bytes)) };
    algorithmKeys[algorithms[0]!] = await subtle().importKey('raw', buf(bytes), importParams(spec, algorithms[0]!), false, ['sign', 'verify']);
    bytes.fill(0);
    return { algorithmKeys };
  }
  const pair = await generatePair(spec, usage);
  const publicKey = pair.publicKey;
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  try {
    const usages = privateUsages(usage, info.family);
    // ECDSA and Ed25519 take the hash at signing time: one key serves every algorithm of the spec.
    const distinct = info.family === 'rsa' ? algorithms : algorithms.slice(0, 1);
    for (const algorithm of distinct) {
      algorithmKeys[algorithm] = await subtle().importKey('pkcs8', pkcs8, importParams(spec, algorithm), false, usages);
    }
    for (const algorithm of algorithms) algorithmKeys[algorithm] ??= algorithmKeys[distinct[0]!]!;
  } finally {
    pkcs8.fill(0);
  }
  const digestSigning = usage === 'SIGN_VERIFY' && (info.family === 'rsa' || info.family === 'ecc');
  return { algorithmKeys, publicKey, ...(digestSigning ? await sealPrivate(pair.privateKey) : {}) };
}

/** The DER SubjectPublicKeyInfo of a key's public half, as GetPublicKey returns it. */
export async function spkiOf(publicKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().exportKey('spki', publicKey));
}

/** The public key as WebCrypto wants it for one algorithm (verify, encrypt, derive), from a CryptoKey or DER. */
export async function importPublic(spec: string, algorithm: string, from: CryptoKey | Uint8Array): Promise<CryptoKey> {
  const spki = from instanceof Uint8Array ? from : await spkiOf(from);
  const params = importParams(spec, algorithm);
  const usages: KeyUsageList = algorithm.startsWith('RSAES') ? ['encrypt'] : algorithm === 'ECDH' ? [] : ['verify'];
  return subtle().importKey('spki', buf(spki), params, true, usages);
}
