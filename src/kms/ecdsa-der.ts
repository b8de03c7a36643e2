/**
 * ECDSA signatures in the form KMS returns them: a DER SEQUENCE of the two
 * INTEGERs r and s (RFC 3279), which OpenSSL and the AWS SDKs read.
 * WebCrypto speaks the raw form instead (r and s, each padded to the
 * curve's size, back to back), so Sign and Verify convert.
 */

/** DER length octets: short form below 128, else 0x81/0x82 and the length. */
function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x100) return [0x81, n];
  return [0x82, n >> 8, n & 0xff];
}

/** An unsigned big-endian number as a DER INTEGER: leading zeros dropped, a zero added when the top bit is set. */
function derInteger(bytes: Uint8Array): number[] {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const body = Array.from(bytes.subarray(i));
  if (body[0]! & 0x80) body.unshift(0);
  return [0x02, ...derLength(body.length), ...body];
}

export function rawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const content = [...derInteger(raw.subarray(0, half)), ...derInteger(raw.subarray(half))];
  return Uint8Array.from([0x30, ...derLength(content.length), ...content]);
}

/**
 * The raw form of a DER signature for a curve whose numbers take `size`
 * bytes; undefined when the bytes are not exactly one such signature
 * (Verify then reports an invalid signature, as KMS does).
 */
export function derToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  let at = 0;
  const readLength = (): number | undefined => {
    const first = der[at++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    const count = first & 0x7f;
    if (count < 1 || count > 2) return undefined;
    let n = 0;
    for (let i = 0; i < count; i++) {
      const b = der[at++];
      if (b === undefined) return undefined;
      n = (n << 8) | b;
    }
    return n < 0x80 || (count === 2 && n < 0x100) ? undefined : n;
  };
  if (der[at++] !== 0x30) return undefined;
  const total = readLength();
  if (total === undefined || at + total !== der.length) return undefined;
  const out = new Uint8Array(size * 2);
  for (let part = 0; part < 2; part++) {
    if (der[at++] !== 0x02) return undefined;
    const length = readLength();
    if (length === undefined || length < 1 || at + length > der.length) return undefined;
    let value = der.subarray(at, at + length);
    at += length;
    // Non-minimal or negative integers are not DER.
    if (value[0]! & 0x80) return undefined;
    if (value.length > 1 && value[0] === 0 && !(value[1]! & 0x80)) return undefined;
    if (value[0] === 0 && value.length > 1) value = value.subarray(1);
    if (value.length > size) return undefined;
    out.set(value, part * size + size - value.length);
  }
  return at === der.length ? out : undefined;
}
