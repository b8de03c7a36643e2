/**
 * The little DER the openssl key commands need: reading the TLVs of SubjectPublicKeyInfo,
 * PKCS#8 and signatures, and writing them back, so keys and ECDSA signatures move between the
 * sandbox and real OpenSSL byte for byte. Only definite lengths and single-byte tags: DER has no
 * others in these structures.
 */
import { concat } from '../../kms/bytes.ts';

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

/** One TLV: its tag, its contents, and the whole encoding (tag and length included). */
export interface Tlv {
  tag: number;
  body: Uint8Array;
  whole: Uint8Array;
}

export class DerError extends Error {}

/** The TLV at `at`; throws DerError when it is cut short or its length is not DER's. */
export function readTlv(data: Uint8Array, at = 0): Tlv {
  if (at + 2 > data.length) throw new DerError('truncated');
  const tag = data[at]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('long tag');
  let length = data[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > data.length) throw new DerError('bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + data[start + i]!;
    start += count;
    if (length < 0x80 || (count > 1 && data[at + 2] === 0)) throw new DerError('not minimal');
  }
  if (start + length > data.length) throw new DerError('truncated');
  return { tag, body: data.subarray(start, start + length), whole: data.subarray(at, start + length) };
}

/** The TLVs inside a constructed body, in order. */
export function children(body: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < body.length; ) {
    const tlv = readTlv(body, at);
    out.push(tlv);
    at += tlv.whole.length;
  }
  return out;
}

/** A TLV that must be the whole of `data` and carry `tag`. */
export function readExact(data: Uint8Array, tag: number): Tlv {
  const tlv = readTlv(data);
  if (tlv.tag !== tag || tlv.whole.length !== data.length) throw new DerError('unexpected');
  return tlv;
}

export function expectTag(tlv: Tlv | undefined, tag: number): Tlv {
  if (tlv === undefined || tlv.tag !== tag) throw new DerError('unexpected');
  return tlv;
}

/** A non-negative INTEGER's value. */
export function integerValue(tlv: Tlv | undefined): bigint {
  const { body } = expectTag(tlv, TAG.INTEGER);
  if (body.length === 0 || body[0]! & 0x80) throw new DerError('negative');
  return bytesToBigInt(body);
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

/** Big-endian bytes, left-padded with zeros to `length` when given. */
export function bigIntToBytes(value: bigint, length?: number): Uint8Array {
  let hexText = value.toString(16);
  if (hexText.length % 2) hexText = `0${hexText}`;
  const raw = Uint8Array.from(hexText.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  if (length === undefined || raw.length >= length) return raw;
  const out = new Uint8Array(length);
  out.set(raw, length - raw.length);
  return out;
}

export function encode(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = concat(...parts);
  const n = body.length;
  const length =
    n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concat(Uint8Array.of(tag, ...length), body);
}

export function encodeInteger(value: bigint): Uint8Array {
  const raw = value === 0n ? Uint8Array.of(0) : bigIntToBytes(value);
  return encode(TAG.INTEGER, raw[0]! & 0x80 ? concat(Uint8Array.of(0), raw) : raw);
}

/** An OBJECT IDENTIFIER's dotted form, from its body. */
export function oidText(tlv: Tlv | undefined): string {
  const { body } = expectTag(tlv, TAG.OID);
  const arcs: number[] = [];
  let value = 0;
  for (const b of body) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  if (arcs.length === 0) throw new DerError('empty oid');
  const first = arcs[0]!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const values = [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)];
  const bytes: number[] = [];
  for (const value of values) {
    const groups = [value & 0x7f];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return encode(TAG.OID, Uint8Array.from(bytes));
}
