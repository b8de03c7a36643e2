/**
 * The -text form of a key, as `openssl pkey -text` and `openssl rsa -text` print it, so a learner
 * can read the modulus of a KMS public key or the curve of an ECC one in the sandbox and see the
 * same lines as at home.
 */
import { bigIntToBytes } from './openssl-der.ts';
import { encodePoint } from './openssl-ec.ts';
import { keyBits, type Key } from './openssl-keys.ts';

/** Bytes as OpenSSL dumps them: lowercase hex pairs with colons, 15 to a line, indented 4. */
function dump(bytes: Uint8Array): string {
  const pairs = Array.from(bytes, (b) => b.toString(16).padStart(2, '0'));
  let out = '';
  for (let i = 0; i < pairs.length; i += 15) {
    const line = pairs.slice(i, i + 15).join(':');
    out += `    ${line}${i + 15 < pairs.length ? ':' : ''}\n`;
  }
  return out;
}

/** A number as ASN1_bn_print writes one: inline when it fits 64 bits, else dumped with a sign byte. */
function number(name: string, value: bigint): string {
  if (value < 1n << 64n) return `${name}: ${value} (0x${value.toString(16)})\n`;
  const raw = bigIntToBytes(value);
  return `${name}:\n${dump(raw[0]! & 0x80 ? Uint8Array.of(0, ...raw) : raw)}`;
}

/** The text of the key's public half, or with `includePrivate` of the whole key. */
export function keyText(key: Key, includePrivate: boolean): string {
  if (key.type === 'rsa') {
    const p = key.private;
    if (includePrivate && p) {
      return (
        `Private-Key: (${keyBits(key)} bit, 2 primes)\n` +
        number('modulus', p.n) +
        number('publicExponent', p.e) +
        number('privateExponent', p.d) +
        number('prime1', p.p) +
        number('prime2', p.q) +
        number('exponent1', p.dp) +
        number('exponent2', p.dq) +
        number('coefficient', p.qi)
      );
    }
    return `Public-Key: (${keyBits(key)} bit)\n${number('Modulus', key.rsa.n)}${number('Exponent', key.rsa.e)}`;
  }
  if (key.type === 'ec') {
    const nist = key.curve.name.startsWith('P-') ? `NIST CURVE: ${key.curve.name}\n` : '';
    const pub = `pub:\n${dump(encodePoint(key.curve, key.point))}ASN1 OID: ${key.curve.sn}\n${nist}`;
    if (includePrivate && key.d !== undefined) return `Private-Key: (${key.curve.bits} bit)\npriv:\n${dump(bigIntToBytes(key.d, key.curve.size))}${pub}`;
    return `Public-Key: (${key.curve.bits} bit)\n${pub}`;
  }
  if (includePrivate && key.seed) return `ED25519 Private-Key:\npriv:\n${dump(key.seed)}pub:\n${dump(key.pub)}`;
  return `ED25519 Public-Key:\npub:\n${dump(key.pub)}`;
}
