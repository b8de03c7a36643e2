/**
 * Elliptic-curve arithmetic for the openssl key commands. WebCrypto signs only whole messages,
 * while `openssl pkeyutl -sign` signs a digest the learner already has (as KMS Sign does with
 * MessageType DIGEST), and WebCrypto has no secp256k1 (KMS's ECC_SECG_P256K1); so ECDSA on a
 * digest is done here, in BigInt. Keys here are the learner's own files, never KMS keys.
 */
import { bigIntToBytes, bytesToBigInt } from './openssl-der.ts';

export type CurveName = 'P-256' | 'P-384' | 'P-521' | 'secp256k1';

export interface Curve {
  name: CurveName;
  /** OpenSSL's short name for it (prime256v1, secp384r1…). */
  sn: string;
  oid: string;
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
  /** Bytes in a coordinate. */
  size: number;
  bits: number;
}

const h = (text: string) => BigInt(`0x${text.replace(/\s/g, '')}`);

const P256_P = h('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff');
const P384_P = h('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff');
const P521_P = (1n << 521n) - 1n;

export const CURVES: readonly Curve[] = [
  {
    name: 'P-256',
    sn: 'prime256v1',
    oid: '1.2.840.10045.3.1.7',
    p: P256_P,
    a: P256_P - 3n,
    b: h('5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b'),
    n: h('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    gx: h('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
    gy: h('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
    size: 32,
    bits: 256,
  },
  {
    name: 'P-384',
    sn: 'secp384r1',
    oid: '1.3.132.0.34',
    p: P384_P,
    a: P384_P - 3n,
    b: h('b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef'),
    n: h('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
    gx: h('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7'),
    gy: h('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f'),
    size: 48,
    bits: 384,
  },
  {
    name: 'P-521',
    sn: 'secp521r1',
    oid: '1.3.132.0.35',
    p: P521_P,
    a: P521_P - 3n,
    b: h(
      '0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00',
    ),
    n: h(
      '01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
    ),
    gx: h(
      '00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66',
    ),
    gy: h(
      '011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650',
    ),
    size: 66,
    bits: 521,
  },
  {
    name: 'secp256k1',
    sn: 'secp256k1',
    oid: '1.3.132.0.10',
    p: h('fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f'),
    a: 0n,
    b: 7n,
    n: h('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'),
    gx: h('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'),
    gy: h('483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8'),
    size: 32,
    bits: 256,
  },
];

export function curveByOid(oid: string): Curve | undefined {
  return CURVES.find((c) => c.oid === oid);
}

export function curveByName(name: string): Curve | undefined {
  const wanted = name.toLowerCase();
  const aliases: Record<string, CurveName> = { 'p-256': 'P-256', prime256v1: 'P-256', secp256r1: 'P-256', 'p-384': 'P-384', secp384r1: 'P-384', 'p-521': 'P-521', secp521r1: 'P-521', secp256k1: 'secp256k1' };
  const found = aliases[wanted];
  return found ? CURVES.find((c) => c.name === found) : undefined;
}

const mod = (a: bigint, m: bigint) => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

export function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

/** An affine point; null is the point at infinity. */
export type Point = { x: bigint; y: bigint } | null;

/** Jacobian coordinates keep the inversions to one per multiplication. */
type Jacobian = [bigint, bigint, bigint];

function double(c: Curve, [x, y, z]: Jacobian): Jacobian {
  if (y === 0n || z === 0n) return [0n, 1n, 0n];
  const { p } = c;
  const yy = (y * y) % p;
  const s = (4n * x * yy) % p;
  const zz = (z * z) % p;
  const m = mod(3n * x * x + c.a * zz * zz, p);
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, p);
  return [x3, y3, (2n * y * z) % p];
}

function add(c: Curve, a: Jacobian, b: Jacobian): Jacobian {
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const { p } = c;
  const z1z1 = (a[2] * a[2]) % p;
  const z2z2 = (b[2] * b[2]) % p;
  const u1 = (a[0] * z2z2) % p;
  const u2 = (b[0] * z1z1) % p;
  const s1 = (a[1] * b[2] * z2z2) % p;
  const s2 = (b[1] * a[2] * z1z1) % p;
  if (u1 === u2) return s1 === s2 ? double(c, a) : [0n, 1n, 0n];
  const hh = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const h2 = (hh * hh) % p;
  const h3 = (h2 * hh) % p;
  const x3 = mod(r * r - h3 - 2n * u1 * h2, p);
  const y3 = mod(r * (u1 * h2 - x3) - s1 * h3, p);
  return [x3, y3, (hh * a[2] * b[2]) % p];
}

function toAffine(c: Curve, [x, y, z]: Jacobian): Point {
  if (z === 0n) return null;
  const zi = modInverse(z, c.p);
  const zi2 = (zi * zi) % c.p;
  return { x: (x * zi2) % c.p, y: (y * zi2 * zi) % c.p };
}

/** k·P1 + l·P2 in one pass (Shamir's trick); either point may be left out with a zero scalar. */
function combine(c: Curve, k: bigint, p1: Point, l: bigint, p2: Point): Point {
  const j1: Jacobian = p1 ? [p1.x, p1.y, 1n] : [0n, 1n, 0n];
  const j2: Jacobian = p2 ? [p2.x, p2.y, 1n] : [0n, 1n, 0n];
  const both = add(c, j1, j2);
  let acc: Jacobian = [0n, 1n, 0n];
  const top = Math.max(k.toString(2).length, l.toString(2).length);
  for (let i = top - 1; i >= 0; i--) {
    acc = double(c, acc);
    const bit = BigInt(i);
    const a = (k >> bit) & 1n;
    const b = (l >> bit) & 1n;
    if (a && b) acc = add(c, acc, both);
    else if (a) acc = add(c, acc, j1);
    else if (b) acc = add(c, acc, j2);
  }
  return toAffine(c, acc);
}

export function multiply(c: Curve, k: bigint, point: Point): Point {
  return combine(c, k, point, 0n, null);
}

export const generator = (c: Curve): Point => ({ x: c.gx, y: c.gy });

export function onCurve(c: Curve, { x, y }: { x: bigint; y: bigint }): boolean {
  if (x >= c.p || y >= c.p) return false;
  return mod(y * y - (x * x * x + c.a * x + c.b), c.p) === 0n;
}

/** An encoded point (uncompressed 04, or compressed 02/03) on the curve; undefined when it is not one. */
export function decodePoint(c: Curve, bytes: Uint8Array): { x: bigint; y: bigint } | undefined {
  if (bytes[0] === 4 && bytes.length === 1 + 2 * c.size) {
    const point = { x: bytesToBigInt(bytes.subarray(1, 1 + c.size)), y: bytesToBigInt(bytes.subarray(1 + c.size)) };
    return onCurve(c, point) ? point : undefined;
  }
  if ((bytes[0] === 2 || bytes[0] === 3) && bytes.length === 1 + c.size) {
    const x = bytesToBigInt(bytes.subarray(1));
    if (x >= c.p) return undefined;
    // Every curve here has p ≡ 3 (mod 4), so a square root is one exponentiation.
    let y = modPow(x * x * x + c.a * x + c.b, (c.p + 1n) / 4n, c.p);
    if ((y & 1n) !== BigInt(bytes[0] & 1)) y = c.p - y;
    const point = { x, y };
    return onCurve(c, point) ? point : undefined;
  }
  return undefined;
}

export function encodePoint(c: Curve, point: { x: bigint; y: bigint }): Uint8Array {
  const out = new Uint8Array(1 + 2 * c.size);
  out[0] = 4;
  out.set(bigIntToBytes(point.x, c.size), 1);
  out.set(bigIntToBytes(point.y, c.size), 1 + c.size);
  return out;
}

/** The digest as a number below the order's bit length, as ECDSA takes it (leftmost bits). */
function digestNumber(c: Curve, digest: Uint8Array): bigint {
  const orderBits = c.n.toString(2).length;
  let e = bytesToBigInt(digest);
  const extra = digest.length * 8 - orderBits;
  if (extra > 0) e >>= BigInt(extra);
  return e;
}

/** ECDSA over a digest with private scalar d; `random` gives bytes for the nonce. */
export function ecdsaSign(c: Curve, d: bigint, digest: Uint8Array, random: (n: number) => Uint8Array): { r: bigint; s: bigint } {
  const e = digestNumber(c, digest);
  for (;;) {
    const k = (bytesToBigInt(random(c.size + 8)) % (c.n - 1n)) + 1n;
    const point = multiply(c, k, generator(c));
    if (!point) continue;
    const r = point.x % c.n;
    if (r === 0n) continue;
    const s = (modInverse(k, c.n) * ((e + r * d) % c.n)) % c.n;
    if (s !== 0n) return { r, s };
  }
}

export function ecdsaVerify(c: Curve, q: { x: bigint; y: bigint }, digest: Uint8Array, r: bigint, s: bigint): boolean {
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  const e = digestNumber(c, digest);
  const w = modInverse(s, c.n);
  const point = combine(c, (e * w) % c.n, generator(c), (r * w) % c.n, q);
  return point !== null && point.x % c.n === r;
}
