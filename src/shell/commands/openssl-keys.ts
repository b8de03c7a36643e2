/**
 * Key files as OpenSSL 3.0 reads and writes them: SubjectPublicKeyInfo and PKCS#8, in PEM or DER
 * (found by looking when no form is given, as OpenSSL's store loader does), plus the older
 * "RSA PRIVATE KEY", "RSA PUBLIC KEY" and "EC PRIVATE KEY" PEM blocks. The failures print what
 * `openssl pkeyutl`, `dgst`, `pkey` and `rsa` print for a missing file, a file that holds no key
 * and a key of the wrong kind.
 */
import { base64Decode, base64Encode } from '../../kms/base64.ts';
import { concat, utf8 } from '../../kms/bytes.ts';
import type { CommandContext } from '../types.ts';
import { VfsError } from '../vfs.ts';
import { libError } from './openssl-common.ts';
import {
  children,
  DerError,
  encode,
  encodeInteger,
  encodeOid,
  expectTag,
  integerValue,
  oidText,
  readExact,
  TAG,
  bytesToBigInt,
  bigIntToBytes,
} from './openssl-der.ts';
import { curveByOid, decodePoint, encodePoint, generator, multiply, type Curve } from './openssl-ec.ts';
import type { RsaPrivate, RsaPublic } from './openssl-rsa-math.ts';

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC = '1.2.840.10045.2.1';
const OID_ED25519 = '1.3.101.112';

export type Key =
  | { type: 'rsa'; rsa: RsaPublic; private?: RsaPrivate }
  | { type: 'ec'; curve: Curve; point: { x: bigint; y: bigint }; d?: bigint }
  | { type: 'ed25519'; pub: Uint8Array; seed?: Uint8Array };

export const isPrivate = (key: Key) => (key.type === 'rsa' ? key.private !== undefined : key.type === 'ec' ? key.d !== undefined : key.seed !== undefined);

export function keyBits(key: Key): number {
  if (key.type === 'rsa') return key.rsa.n.toString(2).length;
  if (key.type === 'ec') return key.curve.bits;
  return 253;
}

const NULL = Uint8Array.of(TAG.NULL, 0);
const bitString = (bytes: Uint8Array) => encode(TAG.BIT_STRING, Uint8Array.of(0), bytes);

function algorithm(key: Key): Uint8Array {
  if (key.type === 'rsa') return encode(TAG.SEQUENCE, encodeOid(OID_RSA), NULL);
  if (key.type === 'ec') return encode(TAG.SEQUENCE, encodeOid(OID_EC), encodeOid(key.curve.oid));
  return encode(TAG.SEQUENCE, encodeOid(OID_ED25519));
}

export function rsaPublicKeyDer(rsa: RsaPublic): Uint8Array {
  return encode(TAG.SEQUENCE, encodeInteger(rsa.n), encodeInteger(rsa.e));
}

/** SubjectPublicKeyInfo, as `openssl pkey -pubout -outform DER` writes it. */
export function spkiDer(key: Key): Uint8Array {
  const body = key.type === 'rsa' ? rsaPublicKeyDer(key.rsa) : key.type === 'ec' ? encodePoint(key.curve, key.point) : key.pub;
  return encode(TAG.SEQUENCE, algorithm(key), bitString(body));
}

export function rsaPrivateKeyDer(k: RsaPrivate): Uint8Array {
  return encode(TAG.SEQUENCE, ...[0n, k.n, k.e, k.d, k.p, k.q, k.dp, k.dq, k.qi].map(encodeInteger));
}

/** PKCS#8 PrivateKeyInfo, as OpenSSL 3 writes it (an EC key carries its public point, not its curve, inside). */
export function pkcs8Der(key: Key): Uint8Array {
  let inner: Uint8Array;
  if (key.type === 'rsa') inner = rsaPrivateKeyDer(key.private!);
  else if (key.type === 'ec') {
    inner = encode(
      TAG.SEQUENCE,
      encodeInteger(1n),
      encode(TAG.OCTET_STRING, bigIntToBytes(key.d!, key.curve.size)),
      encode(0xa1, bitString(encodePoint(key.curve, key.point))),
    );
  } else inner = encode(TAG.OCTET_STRING, key.seed!);
  return encode(TAG.SEQUENCE, encodeInteger(0n), algorithm(key), encode(TAG.OCTET_STRING, inner));
}

export function pem(label: string, der: Uint8Array): Uint8Array {
  const lines = base64Encode(der).match(/.{1,64}/g) ?? [];
  return utf8.encode(`-----BEGIN ${label}-----\n${lines.map((l) => `${l}\n`).join('')}-----END ${label}-----\n`);
}

/** A modulus and exponent the arithmetic can work with (odd, and e between 3 and n). */
function rsaFromPublicDer(der: Uint8Array): RsaPublic {
  const [n, e] = children(readExact(der, TAG.SEQUENCE).body);
  const key = { n: integerValue(n), e: integerValue(e) };
  if (key.n < 15n || !(key.n & 1n) || key.e < 3n || !(key.e & 1n) || key.e >= key.n) throw new DerError('bad rsa key');
  return key;
}

function rsaFromPrivateDer(der: Uint8Array): Key {
  const parts = children(readExact(der, TAG.SEQUENCE).body);
  const [, n, e, d, p, q, dp, dq, qi] = parts.map((part, i) => (i < 9 ? integerValue(part) : 0n));
  if (qi === undefined) throw new DerError('short');
  const priv: RsaPrivate = { n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qi };
  // The CRT needs p·q = n and none of its numbers zero; a damaged file is refused as unreadable.
  if (priv.p < 3n || priv.q < 3n || priv.p * priv.q !== priv.n || priv.d <= 0n || priv.dp <= 0n || priv.dq <= 0n || priv.qi <= 0n) throw new DerError('bad rsa key');
  rsaFromPublicDer(encode(TAG.SEQUENCE, encodeInteger(priv.n), encodeInteger(priv.e)));
  return { type: 'rsa', rsa: { n: priv.n, e: priv.e }, private: priv };
}

function ecPoint(curve: Curve, bytes: Uint8Array): { x: bigint; y: bigint } {
  const point = decodePoint(curve, bytes);
  if (!point) throw new DerError('not on curve');
  return point;
}

function bitStringBytes(tlv: Parameters<typeof expectTag>[0]): Uint8Array {
  const { body } = expectTag(tlv, TAG.BIT_STRING);
  if (body[0] !== 0) throw new DerError('unused bits');
  return body.subarray(1);
}

/** ECPrivateKey (RFC 5915); `curve` from the PKCS#8 algorithm, or undefined to take it from [0]. */
function ecFromPrivateDer(der: Uint8Array, curve: Curve | undefined): Key {
  const parts = children(readExact(der, TAG.SEQUENCE).body);
  if (integerValue(parts[0]) !== 1n) throw new DerError('version');
  const d = bytesToBigInt(expectTag(parts[1], TAG.OCTET_STRING).body);
  let pub: Uint8Array | undefined;
  for (const part of parts.slice(2)) {
    if (part.tag === 0xa0) curve ??= curveByOid(oidText(readExact(part.body, TAG.OID)));
    if (part.tag === 0xa1) pub = bitStringBytes(readExact(part.body, TAG.BIT_STRING));
  }
  if (!curve || d <= 0n || d >= curve.n) throw new DerError('curve');
  const point = pub ? ecPoint(curve, pub) : multiply(curve, d, generator(curve))!;
  return { type: 'ec', curve, point, d };
}

function fromSpki(der: Uint8Array): Key {
  const [alg, bits] = children(readExact(der, TAG.SEQUENCE).body);
  const [oid, params] = children(expectTag(alg, TAG.SEQUENCE).body);
  const body = bitStringBytes(bits);
  switch (oidText(oid)) {
    case OID_RSA:
      return { type: 'rsa', rsa: rsaFromPublicDer(body) };
    case OID_EC: {
      const curve = curveByOid(oidText(params));
      if (!curve) throw new DerError('curve');
      return { type: 'ec', curve, point: ecPoint(curve, body) };
    }
    case OID_ED25519:
      if (body.length !== 32) throw new DerError('length');
      return { type: 'ed25519', pub: body };
  }
  throw new DerError('algorithm');
}

async function fromPkcs8(der: Uint8Array): Promise<Key> {
  const [version, alg, inner] = children(readExact(der, TAG.SEQUENCE).body);
  if (integerValue(version) > 1n) throw new DerError('version');
  const [oid, params] = children(expectTag(alg, TAG.SEQUENCE).body);
  const body = expectTag(inner, TAG.OCTET_STRING).body;
  switch (oidText(oid)) {
    case OID_RSA:
      return rsaFromPrivateDer(body);
    case OID_EC:
      return ecFromPrivateDer(body, curveByOid(oidText(params)));
    case OID_ED25519: {
      const seed = readExact(body, TAG.OCTET_STRING).body;
      if (seed.length !== 32) throw new DerError('length');
      return { type: 'ed25519', pub: await ed25519Public(seed), seed: seed.slice() };
    }
  }
  throw new DerError('algorithm');
}

const base64url = (bytes: Uint8Array) => base64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The public half of an Ed25519 seed, through WebCrypto (its JWK export carries x). */
async function ed25519Public(seed: Uint8Array): Promise<Uint8Array> {
  const pkcs8 = concat(Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20), seed);
  const key = await globalThis.crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', key);
  return base64Decode(jwk.x!.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (jwk.x!.length % 4)) % 4));
}

/** A JWK for WebCrypto's import: the route every engine accepts for every key type here. */
export function jwk(key: Key, usePrivate: boolean): JsonWebKey {
  if (key.type === 'rsa') {
    const b = (v: bigint) => base64url(bigIntToBytes(v));
    const base: JsonWebKey = { kty: 'RSA', n: b(key.rsa.n), e: b(key.rsa.e) };
    const p = key.private;
    return usePrivate && p ? { ...base, d: b(p.d), p: b(p.p), q: b(p.q), dp: b(p.dp), dq: b(p.dq), qi: b(p.qi) } : base;
  }
  if (key.type === 'ec') {
    const b = (v: bigint) => base64url(bigIntToBytes(v, key.curve.size));
    const base: JsonWebKey = { kty: 'EC', crv: key.curve.name, x: b(key.point.x), y: b(key.point.y) };
    return usePrivate && key.d !== undefined ? { ...base, d: b(key.d) } : base;
  }
  const base: JsonWebKey = { kty: 'OKP', crv: 'Ed25519', x: base64url(key.pub) };
  return usePrivate && key.seed ? { ...base, d: base64url(key.seed) } : base;
}

type Found = { kind: 'public' | 'private'; key: Key } | { kind: 'none' };

/** Every PEM block in the text, in order: its label and the DER inside. */
function pemBlocks(text: string): { label: string; der: Uint8Array | undefined }[] {
  const out: { label: string; der: Uint8Array | undefined }[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!.replace(/\s+/g, '');
    let der: Uint8Array | undefined;
    try {
      der = /^[A-Za-z0-9+/]*={0,2}$/.test(body) && !/^Proc-Type:/m.test(m[2]!) ? base64Decode(body) : undefined;
    } catch {
      der = undefined;
    }
    out.push({ label: m[1]!, der });
  }
  return out;
}

async function decodeBlock(label: string, der: Uint8Array): Promise<Found> {
  try {
    switch (label) {
      case 'PUBLIC KEY':
        return { kind: 'public', key: fromSpki(der) };
      case 'PRIVATE KEY':
        return { kind: 'private', key: await fromPkcs8(der) };
      case 'RSA PRIVATE KEY':
        return { kind: 'private', key: rsaFromPrivateDer(der) };
      case 'RSA PUBLIC KEY':
        return { kind: 'public', key: { type: 'rsa', rsa: rsaFromPublicDer(der) } };
      case 'EC PRIVATE KEY':
        return { kind: 'private', key: ecFromPrivateDer(der, undefined) };
    }
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
  }
  return { kind: 'none' };
}

/** DER of unknown kind: whichever structure it parses as. */
async function decodeDer(der: Uint8Array): Promise<Found> {
  for (const label of ['PUBLIC KEY', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PUBLIC KEY']) {
    const found = await decodeBlock(label, der);
    if (found.kind !== 'none') return found;
  }
  return { kind: 'none' };
}

/** What the caller wants: a private key, a public key (a private one's public half will not do), or either. */
export type Want = 'private' | 'public' | 'any';

export interface LoadRequest {
  path: string;
  want: Want;
  /** -inform / -keyform: PEM or DER; undefined means look. */
  form: 'PEM' | 'DER' | undefined;
  /** The words in "Could not read ___ from": "private key", "public key", "key", "key of Public Key". */
  what: string;
  /** The words in "Could not open file or uri for loading ___ from", when they differ. */
  openWhat?: string;
  /** Standard input's bytes, when the key comes from there (no -in): it is then called <stdin>. */
  stdin?: Uint8Array;
}

const UNSUPPORTED = libError('1608010C:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:149:');
const NO_DER = libError(
  '1E08010C:DECODER routines:OSSL_DECODER_from_bio:unsupported:../crypto/encode_decode/decoder_lib.c:103:No supported data to decode. Input type: DER',
);

/**
 * What OpenSSL's DER decoders queue when told a PEM file is DER: each decoder that tries the text
 * leaves a line, and which try depends on how the key's base64 happens to parse, so the count
 * varies from key to key. This is the pattern seen most for the kind of key asked for.
 */
function derMisreadLines(want: Want): string {
  return want === 'public' ? (UNSUPPORTED.repeat(2) + NO_DER).repeat(2) + UNSUPPORTED : (NO_DER + UNSUPPORTED.repeat(2)).repeat(3) + NO_DER + UNSUPPORTED;
}

/** Loads a key as OpenSSL's apps do (load_key / load_pubkey), or says why not in OpenSSL's words. */
export async function loadKey(ctx: CommandContext, request: LoadRequest): Promise<{ key: Key } | { failure: string }> {
  const { want, form, what } = request;
  const path = request.stdin ? '<stdin>' : request.path;
  let data: Uint8Array;
  try {
    data = request.stdin ?? ctx.vfs.readFile(ctx.vfs.resolve(ctx.cwd, path));
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    const why = error.code === 'ENOENT' ? 'No such file or directory' : error.code === 'EISDIR' ? 'Is a directory' : 'Not a directory';
    const errno = error.code === 'ENOENT' ? '80000002' : error.code === 'EISDIR' ? '80000015' : '80000014';
    return {
      failure:
        `Could not open file or uri for loading ${request.openWhat ?? what} from ${path}\n` +
        libError('16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file') +
        libError(`${errno}:system library:file_open:${why}:../providers/implementations/storemgmt/file_store.c:266:calling stat(${path})`),
    };
  }
  const text = new TextDecoder('latin1').decode(data);
  const blocks = pemBlocks(text);
  const isPem = blocks.length > 0;
  const fail = (lines: string) => ({ failure: `Could not read ${what} from ${path}\n${lines}` });
  if (isPem && form === 'DER') return fail(derMisreadLines(want));
  if (!isPem && form === 'PEM') return fail('');
  let wrongKind = 0;
  const candidates: Found[] = [];
  if (isPem) {
    for (const block of blocks) candidates.push(block.der ? await decodeBlock(block.label, block.der) : { kind: 'none' });
  } else candidates.push(await decodeDer(data));
  for (const found of candidates) {
    if (found.kind === 'none') continue;
    if (want === 'any' || found.kind === want) return { key: found.key };
    wrongKind++;
  }
  if (wrongKind === 0) return fail('');
  // OpenSSL's store reports a private key refused as public once, a public one refused as private twice in PEM.
  return fail(UNSUPPORTED.repeat(isPem && want !== 'public' ? 2 : 1));
}

/** The older private-key forms ("RSA PRIVATE KEY", "EC PRIVATE KEY" with its curve inside); Ed25519 has none. */
export function traditionalDer(key: Key): { label: string; der: Uint8Array } | undefined {
  if (key.type === 'rsa') return { label: 'RSA PRIVATE KEY', der: rsaPrivateKeyDer(key.private!) };
  if (key.type !== 'ec') return undefined;
  const der = encode(
    TAG.SEQUENCE,
    encodeInteger(1n),
    encode(TAG.OCTET_STRING, bigIntToBytes(key.d!, key.curve.size)),
    encode(0xa0, encodeOid(key.curve.oid)),
    encode(0xa1, bitString(encodePoint(key.curve, key.point))),
  );
  return { label: 'EC PRIVATE KEY', der };
}
