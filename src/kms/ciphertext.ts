import { InvalidCiphertextException } from './errors.ts';
import { buf, concat, utf8 } from './bytes.ts';
import { bytesToUuid, uuidToBytes } from './ids.ts';

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
  header.set(PREFIX, 0);
  header.set(uuidToBytes(keyId), 5);
  new DataView(header.buffer).setUint32(21, materialVersion);
  header.set(nonce, 25);
  return header;
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
  const pairs = Object.entries(context ?? {})
    .map(([k, v]) => [utf8.encode(k), utf8.encode(v)] as const)
    .sort(([a], [b]) => compareBytes(a, b));
  const size = 4 + pairs.reduce((n, [k, v]) => n + 8 + k.length + v.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, pairs.length);
  let at = 4;
  for (const [k, v] of pairs) {
    view.setUint32(at, k.length);
    out.set(k, at + 4);
    at += 4 + k.length;
    view.setUint32(at, v.length);
    out.set(v, at + 4);
    at += 4 + v.length;
  }
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export async function sealBlob(
  key: CryptoKey,
  keyId: string,
  materialVersion: number,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  context: Record<string, string> | undefined,
): Promise<Uint8Array> {
  const header = writeHeader(keyId, materialVersion, nonce);
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: buf(nonce), additionalData: concat(header, canonicalContext(context)), tagLength: 128 },
    key,
    buf(plaintext),
  );
  return concat(header, new Uint8Array(sealed));
}

export async function openBlob(
  key: CryptoKey,
  blob: Uint8Array,
  header: BlobHeader,
  context: Record<string, string> | undefined,
): Promise<Uint8Array> {
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: buf(header.nonce),
        additionalData: concat(header.bytes, canonicalContext(context)),
        tagLength: 128,
      },
      key,
      buf(blob.subarray(HEADER_LENGTH)),
    );
    return new Uint8Array(plain);
  } catch {
    throw new InvalidCiphertextException();
  }
}
