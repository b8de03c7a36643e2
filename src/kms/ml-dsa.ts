/**
 * ML_DSA_44/65/87 keys (ML_DSA_SHAKE_256, FIPS 204), which WebCrypto does
 * not have: the audited @noble/post-quantum computes them, loaded only when
 * such a key is used. A key is kept as its 32-byte seed, sealed with
 * AES-256-GCM under a non-extractable WebCrypto key (key-pairs.ts
 * sealBytes), and expanded again for each signature.
 */
import { concat } from './bytes.ts';

type Level = 'ML_DSA_44' | 'ML_DSA_65' | 'ML_DSA_87';

const scheme = async (spec: Level) => {
  const m = await import('@noble/post-quantum/ml-dsa.js');
  return { ML_DSA_44: m.ml_dsa44, ML_DSA_65: m.ml_dsa65, ML_DSA_87: m.ml_dsa87 }[spec];
};

/** The last byte of each parameter set's OID, id-ml-dsa-44/65/87 = 2.16.840.1.101.3.4.3.17/18/19. */
const OID_END: Record<Level, number> = { ML_DSA_44: 0x11, ML_DSA_65: 0x12, ML_DSA_87: 0x13 };

/** DER SubjectPublicKeyInfo of an ML-DSA public key: the AlgorithmIdentifier has no parameters. */
function spkiOf(spec: Level, publicKey: Uint8Array): Uint8Array {
  const algorithm = Uint8Array.of(0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, OID_END[spec]);
  const bits = publicKey.length + 1;
  const bitString = concat(Uint8Array.of(0x03, 0x82, bits >> 8, bits & 0xff, 0x00), publicKey);
  const body = algorithm.length + bitString.length;
  return concat(Uint8Array.of(0x30, 0x82, body >> 8, body & 0xff), algorithm, bitString);
}

/** The public key inside an SPKI this module wrote. */
const publicKeyIn = (spki: Uint8Array) => spki.subarray(4 + 13 + 5);

export async function mlDsaKeyPair(spec: string, seed: Uint8Array): Promise<{ spki: Uint8Array }> {
  const { publicKey } = (await scheme(spec as Level)).keygen(seed);
  return { spki: spkiOf(spec as Level, publicKey) };
}

/** RAW: ML-DSA.Sign of the message with an empty context; EXTERNAL_MU: the 64-byte μ signed as is. */
export async function mlDsaSign(spec: string, seed: Uint8Array, message: Uint8Array, externalMu: boolean): Promise<Uint8Array> {
  const dsa = await scheme(spec as Level);
  const { secretKey } = dsa.keygen(seed);
  try {
    return externalMu ? dsa.internal.sign(message, secretKey, { externalMu: true }) : dsa.sign(message, secretKey);
  } finally {
    secretKey.fill(0);
  }
}

export async function mlDsaVerify(spec: string, spki: Uint8Array, message: Uint8Array, signature: Uint8Array, externalMu: boolean): Promise<boolean> {
  const dsa = await scheme(spec as Level);
  try {
    const publicKey = publicKeyIn(spki);
    return externalMu ? dsa.internal.verify(signature, message, publicKey, { externalMu: true }) : dsa.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
