/**
 * Sign and Verify with MessageType DIGEST: the message is already a digest
 * and must not be hashed again. WebCrypto always hashes what it signs, so
 * the raw RSA and ECDSA operations are done here (rsa-padding.ts,
 * ec-math.ts): with the signing key's sealed private numbers to sign, and
 * with the public key's numbers to verify.
 */
import { jwkBig, toBig, toBytes } from '../bigint-bytes.ts';
import { derToRaw, rawToDer } from '../ecdsa-der.ts';
import { CURVES, ecdsaSignDigest, ecdsaVerifyDigest } from '../ec-math.ts';
import { UnsupportedOperationException } from '../errors.ts';
import { openPrivate } from '../key-pairs.ts';
import { hashOf, specInfo } from '../key-specs.ts';
import { keySpecOf, type KeyMaterial, type KeyRecord } from '../keys.ts';
import { rsaSignDigest, rsaVerifyDigest, type Hash } from '../rsa-padding.ts';

const randomBytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

/** A uniformly random scalar in [1, n-1]: 64 spare bits make the reduction's bias negligible. */
const nonceFor = (n: bigint, size: number) => () => (toBig(randomBytes(size + 8)) % (n - 1n)) + 1n;

export async function digestSign(record: KeyRecord, material: KeyMaterial, algorithm: string, digest: Uint8Array): Promise<Uint8Array> {
  if (!material.sealedPrivate || !material.sealKey) {
    throw new UnsupportedOperationException(`${record.arn} was made without the sealed private key MessageType DIGEST needs here: sign with MessageType RAW.`);
  }
  const jwk = await openPrivate(material.sealedPrivate, material.sealKey);
  const info = specInfo(keySpecOf(record));
  if (info.family === 'ecc') {
    const curve = CURVES[info.curve!];
    const [r, s] = ecdsaSignDigest(info.curve!, jwkBig(jwk.d), digest, nonceFor(curve.n, curve.size));
    return rawToDer(new Uint8Array([...toBytes(r, curve.size), ...toBytes(s, curve.size)]));
  }
  const key = { n: jwkBig(jwk.n), e: jwkBig(jwk.e), d: jwkBig(jwk.d), p: jwkBig(jwk.p), q: jwkBig(jwk.q), dp: jwkBig(jwk.dp), dq: jwkBig(jwk.dq), qi: jwkBig(jwk.qi) };
  const hash = hashOf(algorithm) as Hash;
  return rsaSignDigest(key, algorithm.includes('PSS') ? 'PSS' : 'PKCS1', hash, digest, () => randomBytes(digest.length));
}

export async function digestVerify(record: KeyRecord, material: KeyMaterial, algorithm: string, digest: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', material.publicKey!);
  const info = specInfo(keySpecOf(record));
  if (info.family === 'ecc') {
    const size = CURVES[info.curve!].size;
    const raw = derToRaw(signature, size);
    if (!raw) return false;
    return ecdsaVerifyDigest(info.curve!, { x: jwkBig(jwk.x), y: jwkBig(jwk.y) }, digest, toBig(raw.subarray(0, size)), toBig(raw.subarray(size)));
  }
  return rsaVerifyDigest(jwkBig(jwk.n), jwkBig(jwk.e), algorithm.includes('PSS') ? 'PSS' : 'PKCS1', hashOf(algorithm) as Hash, digest, signature);
}
