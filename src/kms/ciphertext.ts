import { InvalidCiphertextException } from './errors.ts';
import { buf, utf8 } from './bytes.ts';
import { bytesToUuid, writeUuid } from './ids.ts';
import { fillRandom, type RandomSource } from './random.ts';

/**
 * The simulator's ciphertext blob (its own format; AWS's is undocumented):
 *
 *   offset size  field
 *   0      5     prefix 01 02 02 00 78 — the bytes AWS blobs start with, so
 *                base64 blobs begin "AQICAH" as they do in AWS
 *   5      16    key ID (the UUID's 16 bytes)
 *   21     4     key material version, big-endian (0 = first material)
 *   25     12    AES-GCM nonce
 *   37     n+16  AES-256-GCM ciphertext of the n plaintext bytes, then the tag
 *
 * The 37-byte header is authenticated as additional data, followed by the
 * canonical encryption context, so changing any byte, or the context, makes
 * decryption fail. Decrypt needs no KeyId: the header names the key, and the
 * version picks the material a rotated key used at the time.
 */
export const PREFIX = Uint8Array.of(0x01, 0x02, 0x02, 0x00, 0x78);
export const HEADER_LENGTH = PREFIX.length + 16 + 4 + 12;
export const TAG_LENGTH = 16;
export const OVERHEAD = HEADER_LENGTH + TAG_LENGTH;

export interface BlobHeader {
  keyId: string;
  materialVersion: number;
  nonce: Uint8Array;
  /** The header bytes as written, for additional data. */
  bytes: Uint8Array;
}

export function writeHeader(keyId: string, materialVersion: number, nonce: Uint8Array): Uint8Array {
  const header = new Uint8Array(HEADER_LENGTH);
  writeHeaderInto(header, keyId, materialVersion, nonce);
  return header;
}

/** The header written in place at the start of `target`; the nonce is given, or drawn straight into place. */
function writeHeaderInto(target: Uint8Array, keyId: string, materialVersion: number, nonce: Uint8Array | RandomSource): void {
  target.set(PREFIX, 0);
  writeUuid(target, 5, keyId);
  target[21] = materialVersion >>> 24;
  target[22] = (materialVersion >>> 16) & 0xff;
  target[23] = (materialVersion >>> 8) & 0xff;
  target[24] = materialVersion & 0xff;
  if (nonce instanceof Uint8Array) target.set(nonce, 25);
  else fillRandom(nonce, target.subarray(25, HEADER_LENGTH));
}

/** Reads a blob's header; anything that is not one of ours is InvalidCiphertextException, as in AWS. */
export function readHeader(blob: Uint8Array): BlobHeader {
  if (blob.length < OVERHEAD || PREFIX.some((b, i) => blob[i] !== b)) throw new InvalidCiphertextException();
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  return {
    keyId: bytesToUuid(blob.subarray(5, 21)),
    materialVersion: view.getUint32(21),
    nonce: blob.slice(25, 37),
    bytes: blob.slice(0, HEADER_LENGTH),
  };
}

/**
 * Encryption context in one canonical byte form: pairs sorted by key (UTF-8
 * byte order), each key and value length-prefixed, so {"a":"bc"} and
 * {"ab":"c"} differ and pair order does not matter.
 */
export function canonicalContext(context: Record<string, string> | undefined): Uint8Array {
  const pairs = contextPairs(context);
  const out = new Uint8Array(contextLength(pairs));
  writeContext(pairs, out, 0);
  return out;
}

type ContextPairs = (readonly [Uint8Array, Uint8Array])[];

/** The context's pairs as UTF-8, in canonical order; an empty list for no context. */
function contextPairs(context: Record<string, string> | undefined): ContextPairs {
  const pairs: ContextPairs = [];
  if (!context) return pairs;
  for (const k of Object.keys(context)) pairs.push([utf8.encode(k), utf8.encode(context[k]!)]);
  if (pairs.length > 1) pairs.sort(([a], [b]) => compareBytes(a, b));
  return pairs;
}

function contextLength(pairs: ContextPairs): number {
  let size = 4;
  for (const [k, v] of pairs) size += 8 + k.length + v.length;
  return size;
}

/** Writes the canonical form at `at`. The bytes there must be zero: an empty context is just its zero count. */
function writeContext(pairs: ContextPairs, out: Uint8Array, at: number): void {
  if (pairs.length === 0) return;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(at, pairs.length);
  at += 4;
  for (const [k, v] of pairs) {
    view.setUint32(at, k.length);
    out.set(k, at + 4);
    at += 4 + k.length;
    view.setUint32(at, v.length);
    out.set(v, at + 4);
    at += 4 + v.length;
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** ArrayBuffer's transfer method (ES2024) where the platform has it: moves a buffer into a longer one and frees the old at once. */
type Transferable = ArrayBuffer & { transfer?: (newLength: number) => ArrayBuffer };
const ARRAY_BUFFER_PROTOTYPE: Transferable = Object.getPrototypeOf(new ArrayBuffer(0));
const canTransfer = () => typeof ARRAY_BUFFER_PROTOTYPE.transfer === 'function';

/**
 * Seals plaintext into a blob with as little copying as WebCrypto allows.
 * The header (with the nonce drawn straight into it) and the canonical
 * context are written once, as the additional data. WebCrypto's output is
 * then moved into a buffer 37 bytes longer (transfer) and shifted behind
 * the header, so the only buffer of our own is the small additional data.
 * Without transfer, the blob is allocated first and the additional data
 * borrows the space the ciphertext fills afterwards. Nothing WebCrypto
 * holds is written until it has finished.
 */
export async function sealBlob(
  key: CryptoKey,
  keyId: string,
  materialVersion: number,
  nonce: Uint8Array | RandomSource,
  plaintext: Uint8Array,
  context: Record<string, string> | undefined,
): Promise<Uint8Array> {
  const pairs = contextPairs(context);
  const aadLength = HEADER_LENGTH + contextLength(pairs);
  const total = HEADER_LENGTH + plaintext.length + TAG_LENGTH;
  const transfer = canTransfer();
  const inBlob = !transfer && aadLength <= total;
  const head = new Uint8Array(inBlob ? total : aadLength);
  writeHeaderInto(head, keyId, materialVersion, nonce);
  writeContext(pairs, head, HEADER_LENGTH);
  // AES-GCM's tag is 128 bits unless told otherwise, as the format wants.
  const sealed: Transferable = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: head.subarray(25, HEADER_LENGTH), additionalData: inBlob ? head.subarray(0, aadLength) : head },
    key,
    buf(plaintext),
  );
  if (inBlob) {
    head.set(new Uint8Array(sealed), HEADER_LENGTH);
    return head;
  }
  let blob: Uint8Array;
  if (transfer) {
    const sealedLength = sealed.byteLength;
    blob = new Uint8Array(sealed.transfer!(HEADER_LENGTH + sealedLength));
    blob.copyWithin(HEADER_LENGTH, 0, sealedLength);
  } else {
    blob = new Uint8Array(total);
    blob.set(new Uint8Array(sealed), HEADER_LENGTH);
  }
  blob.set(head.subarray(0, HEADER_LENGTH), 0);
  return blob;
}

export async function openBlob(
  key: CryptoKey,
  blob: Uint8Array,
  header: BlobHeader,
  context: Record<string, string> | undefined,
): Promise<Uint8Array> {
  const pairs = contextPairs(context);
  const additionalData = new Uint8Array(HEADER_LENGTH + contextLength(pairs));
  additionalData.set(header.bytes);
  writeContext(pairs, additionalData, HEADER_LENGTH);
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: buf(header.nonce), additionalData },
      key,
      buf(blob.subarray(HEADER_LENGTH)),
    );
    return new Uint8Array(plain);
  } catch {
    throw new InvalidCiphertextException();
  }
}
