/**
 * ECDSA over NIST P-256, P-384 and P-521 on a digest the caller already
 * computed (KMS's MessageType DIGEST), which WebCrypto cannot do: it always
 * hashes the message itself. Curve constants are those of FIPS 186-4 / SEC 2
 * (as `openssl ecparam -param_enc explicit` prints them).
 */
import { bitLength, mod, modInverse, toBig } from './bigint-bytes.ts';

interface Curve {
  p: bigint;
  n: bigint;
  b: bigint;
  g: Affine;
  size: number;
}
type Affine = { x: bigint; y: bigint } | null;
/** Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. */
type Jacobian = [bigint, bigint, bigint];

const h = (hex: string) => BigInt(`0x${hex}`);

export const CURVES: Readonly<Record<'P-256' | 'P-384' | 'P-521', Curve>> = {
  'P-256': {
    p: h('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    n: h('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    b: h('5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b'),
    g: {
      x: h('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
      y: h('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
    },
    size: 32,
  },
  'P-384': {
    p: h('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff'),
    n: h('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
    b: h('b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef'),
    g: {
      x: h('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7'),
      y: h('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f'),
    },
    size: 48,
  },
  'P-521': {
    p: h('01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'),
    n: h('01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409'),
    b: h('0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00'),
    g: {
      x: h('00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66'),
      y: h('011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650'),
    },
    size: 66,
  },
};

/** Doubling with a = -3 (all three curves). */
function double([x, y, z]: Jacobian, p: bigint): Jacobian {
  if (y === 0n || z === 0n) return [0n, 1n, 0n];
  const zz = (z * z) % p;
  const m = mod(3n * (x - zz) * (x + zz), p);
  const yy = (y * y) % p;
  const s = (4n * x * yy) % p;
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, p);
  return [x3, y3, (2n * y * z) % p];
}

function add(a: Jacobian, b: Jacobian, p: bigint): Jacobian {
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const [x1, y1, z1] = a;
  const [x2, y2, z2] = b;
  const z1z1 = (z1 * z1) % p;
  const z2z2 = (z2 * z2) % p;
  const u1 = (x1 * z2z2) % p;
  const u2 = (x2 * z1z1) % p;
  const s1 = (y1 * z2 * z2z2) % p;
  const s2 = (y2 * z1 * z1z1) % p;
  if (u1 === u2) return s1 === s2 ? double(a, p) : [0n, 1n, 0n];
  const hh = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const h2 = (hh * hh) % p;
  const h3 = (h2 * hh) % p;
  const x3 = mod(r * r - h3 - 2n * u1 * h2, p);
  const y3 = mod(r * (u1 * h2 - x3) - s1 * h3, p);
  return [x3, y3, (hh * z1 * z2) % p];
}

function multiply(k: bigint, point: Affine, p: bigint): Jacobian {
  let result: Jacobian = [0n, 1n, 0n];
  if (!point) return result;
  let addend: Jacobian = [point.x, point.y, 1n];
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend, p);
    addend = double(addend, p);
  }
  return result;
}

function affineX([x, , z]: Jacobian, p: bigint): bigint | undefined {
  if (z === 0n) return undefined;
  const zInv = modInverse(z, p);
  return (x * zInv * zInv) % p;
}

/** The digest as a number, cut to the order's bit length as ECDSA does (SEC 1, 4.1.3). */
function digestNumber(digest: Uint8Array, n: bigint): bigint {
  const e = toBig(digest);
  const excess = digest.length * 8 - bitLength(n);
  return excess > 0 ? e >> BigInt(excess) : e;
}

/** Whether (x, y) lies on the curve: a public key that does not can verify nothing. */
function onCurve({ x, y }: { x: bigint; y: bigint }, c: Curve): boolean {
  return x < c.p && y < c.p && mod(y * y - (x * x * x - 3n * x + c.b), c.p) === 0n;
}

/** An ECDSA signature (r, s) of the digest; `nonce` gives uniformly random scalars in [1, n-1]. */
export function ecdsaSignDigest(curve: keyof typeof CURVES, d: bigint, digest: Uint8Array, nonce: () => bigint): [bigint, bigint] {
  const c = CURVES[curve];
  const e = digestNumber(digest, c.n);
  for (;;) {
    const k = nonce();
    const x = affineX(multiply(k, c.g, c.p), c.p);
    if (x === undefined) continue;
    const r = x % c.n;
    if (r === 0n) continue;
    const s = (modInverse(k, c.n) * (e + r * d)) % c.n;
    if (s !== 0n) return [r, s];
  }
}

export function ecdsaVerifyDigest(curve: keyof typeof CURVES, q: { x: bigint; y: bigint }, digest: Uint8Array, r: bigint, s: bigint): boolean {
  const c = CURVES[curve];
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n || !onCurve(q, c)) return false;
  const w = modInverse(s, c.n);
  const e = digestNumber(digest, c.n);
  const point = add(multiply((e * w) % c.n, c.g, c.p), multiply((r * w) % c.n, q, c.p), c.p);
  const x = affineX(point, c.p);
  return x !== undefined && x % c.n === r;
}
