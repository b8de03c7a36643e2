/**
 * The cryptography behind `openssl enc`: the digests and key derivations it uses (EVP_BytesToKey,
 * PBKDF2) and AES in CBC, ECB and CTR modes, all on WebCrypto except MD5, which WebCrypto lacks.
 */
import { buf, concat, equalBytes } from '../../kms/bytes.ts';
import { yieldToHost } from '../yield.ts';

export type DigestName = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';

const WEBCRYPTO_HASH: Record<Exclude<DigestName, 'md5'>, string> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

// Per-round shift amounts and the sine-derived constants of RFC 1321.
const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const MD5_K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** MD5 (RFC 1321), only for `-md md5`: old tutorials and scripts still derive keys with it. */
export function md5(data: Uint8Array): Uint8Array {
  const total = Math.floor((data.length + 8) / 64) * 64 + 64;
  const padded = new Uint8Array(total);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = data.length * 8;
  view.setUint32(total - 8, bits >>> 0, true);
  view.setUint32(total - 4, Math.floor(bits / 2 ** 32), true);
  const state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const m = new Uint32Array(16);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) m[i] = view.getUint32(off + i * 4, true);
    let [a, b, c, d] = state as [number, number, number, number];
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const x = (a + f + MD5_K[i]! + m[g]!) | 0;
      const s = MD5_S[(i >> 4) * 4 + (i & 3)]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
    }
    state[0] = (state[0]! + a) | 0;
    state[1] = (state[1]! + b) | 0;
    state[2] = (state[2]! + c) | 0;
    state[3] = (state[3]! + d) | 0;
  }
  const out = new Uint8Array(16);
  const outView = new DataView(out.buffer);
  state.forEach((word, i) => outView.setUint32(i * 4, word, true));
  return out;
}

export async function digest(md: DigestName, data: Uint8Array): Promise<Uint8Array> {
  if (md === 'md5') return md5(data);
  return new Uint8Array(await globalThis.crypto.subtle.digest(WEBCRYPTO_HASH[md], buf(data)));
}

function hmacMd5(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? md5(key) : key);
  const inner = block.map((b) => b ^ 0x36);
  const outer = block.map((b) => b ^ 0x5c);
  return md5(concat(outer, md5(concat(inner, message))));
}

/** Work between two hand-backs of the thread in the MD5 loop: half a frame, so the page still paints every frame. */
const MD5_SLICE_MS = 8;

/**
 * PBKDF2-HMAC-<md> (RFC 8018), as `openssl enc -pbkdf2` derives key and IV in one run.
 * `signal` (Ctrl-C) stops it: `-iter 99999999` runs for minutes.
 */
export async function pbkdf2(
  md: DigestName,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (md === 'md5') {
    // WebCrypto has no HMAC-MD5, so this one runs in JavaScript, handing the thread back after
    // each slice of MD5_SLICE_MS (by time: 4,096 rounds took 50-400 ms on a busy machine).
    const out = new Uint8Array(length);
    let sliceStart = performance.now();
    for (let block = 1, at = 0; at < length; block++, at += 16) {
      let u = hmacMd5(password, concat(salt, Uint8Array.of(block >>> 24, block >>> 16, block >>> 8, block)));
      const t = u.slice();
      for (let i = 1; i < iterations; i++) {
        if (i % 64 === 0 && performance.now() - sliceStart > MD5_SLICE_MS) {
          await yieldToHost();
          signal?.throwIfAborted();
          sliceStart = performance.now();
        }
        u = hmacMd5(password, u);
        for (let j = 0; j < 16; j++) t[j]! ^= u[j]!;
      }
      out.set(t.subarray(0, Math.min(16, length - at)), at);
    }
    return out;
  }
  // HMAC pads its key with zero bytes, so an empty password and a single zero byte are the
  // same key; WebCrypto implementations disagree about importing an empty one.
  const keyBytes = password.length === 0 ? new Uint8Array(1) : password;
  const key = await globalThis.crypto.subtle.importKey('raw', buf(keyBytes), 'PBKDF2', false, ['deriveBits']);
  const bits = await abortable(
    globalThis.crypto.subtle.deriveBits({ name: 'PBKDF2', hash: WEBCRYPTO_HASH[md], salt: buf(salt), iterations }, key, length * 8),
    signal,
  );
  return new Uint8Array(bits);
}

/** WebCrypto work cannot be cancelled, but the command need not wait for it: it ends at the abort. */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const stop = (): void => reject(signal.reason);
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', stop);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(error);
      },
    );
  });
}

/** EVP_BytesToKey with one iteration: D_i = md(D_{i-1} ‖ password ‖ salt), concatenated. */
export async function bytesToKey(
  md: DigestName,
  password: Uint8Array,
  salt: Uint8Array | undefined,
  length: number,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  let previous: Uint8Array = new Uint8Array(0);
  while (have < length) {
    previous = await digest(md, concat(previous, password, salt ?? new Uint8Array(0)));
    parts.push(previous);
    have += previous.length;
  }
  return concat(...parts).slice(0, length);
}

export type AesMode = 'cbc' | 'ecb' | 'ctr' | 'wrap' | 'wrap-pad';

/**
 * Why EVP_CipherFinal failed: a length that is not whole blocks, or bad padding, which OpenSSL
 * reports from two places: a last byte that cannot be a pad length, or pad bytes that differ.
 */
export type FinalFailure = 'wrong final block length' | 'bad pad length' | 'bad pad bytes' | WrapFailure;

/** Why a key-wrap update failed: a length the mode cannot take, or an unwrap whose check failed. */
export type WrapFailure = 'invalid input length' | 'cipher operation failed';

const BLOCK = 16;
const subtle = () => globalThis.crypto.subtle;

async function importAes(key: Uint8Array, mode: AesMode): Promise<CryptoKey> {
  return subtle().importKey('raw', buf(key), mode === 'ctr' ? 'AES-CTR' : 'AES-CBC', false, ['encrypt', 'decrypt']);
}

/** CBC encryption of whole blocks with no padding: WebCrypto always pads, so drop its padding block. */
async function cbcEncryptRaw(key: CryptoKey, iv: Uint8Array, blocks: Uint8Array): Promise<Uint8Array> {
  const out = await subtle().encrypt({ name: 'AES-CBC', iv: buf(iv) }, key, buf(blocks));
  return new Uint8Array(out, 0, blocks.length);
}

/**
 * CBC decryption of whole blocks without checking padding. WebCrypto insists on valid PKCS#7, so
 * append one block that decrypts to a full padding block (16 × 0x10): it is the encryption of
 * that padding block chained on the last real ciphertext block.
 */
async function cbcDecryptRaw(key: CryptoKey, iv: Uint8Array, blocks: Uint8Array): Promise<Uint8Array> {
  if (blocks.length === 0) return new Uint8Array(0);
  const last = blocks.subarray(blocks.length - BLOCK);
  const tail = await cbcEncryptRaw(key, last, new Uint8Array(BLOCK).fill(BLOCK));
  return new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv: buf(iv) }, key, concat(blocks, tail)));
}

/** ECB: each block alone. WebCrypto has no ECB; a one-block CBC with a zero IV is one ECB block. */
async function ecbEncryptRaw(key: CryptoKey, blocks: Uint8Array): Promise<Uint8Array> {
  const out = new Uint8Array(blocks.length);
  const zero = new Uint8Array(BLOCK);
  const BATCH = 1024;
  for (let start = 0; start < blocks.length; start += BATCH * BLOCK) {
    const jobs: Promise<void>[] = [];
    for (let at = start; at < Math.min(blocks.length, start + BATCH * BLOCK); at += BLOCK) {
      jobs.push(cbcEncryptRaw(key, zero, blocks.subarray(at, at + BLOCK)).then((c) => out.set(c, at)));
    }
    await Promise.all(jobs);
  }
  return out;
}

/** ECB decryption in one call: CBC with a zero IV gives D(C_i) ⊕ C_{i-1}; undo the XOR. */
async function ecbDecryptRaw(key: CryptoKey, blocks: Uint8Array): Promise<Uint8Array> {
  const out = await cbcDecryptRaw(key, new Uint8Array(BLOCK), blocks);
  for (let i = BLOCK; i < out.length; i++) out[i]! ^= blocks[i - BLOCK]!;
  return out;
}

function pkcs7(data: Uint8Array): Uint8Array {
  const pad = BLOCK - (data.length % BLOCK);
  return concat(data, new Uint8Array(pad).fill(pad));
}

/**
 * Everything `enc` would write for this input, as OpenSSL's EVP layer does it: update output
 * first, then the final block. When the final step fails, OpenSSL has already written the
 * update output (all but the held-back last block), so that is returned along with the failure.
 */
export async function aesCipher(
  mode: AesMode,
  encrypt: boolean,
  keyBytes: Uint8Array,
  iv: Uint8Array,
  padding: boolean,
  data: Uint8Array,
): Promise<{ output: Uint8Array; failure?: FinalFailure }> {
  if (mode === 'wrap' || mode === 'wrap-pad') return wrapCipher(mode, encrypt, keyBytes, iv, data);
  const key = await importAes(keyBytes, mode);
  if (mode === 'ctr') {
    // OpenSSL increments the whole 128-bit counter block.
    const out = await subtle().encrypt({ name: 'AES-CTR', counter: buf(iv), length: 128 }, key, buf(data));
    return { output: new Uint8Array(out) };
  }
  const raw = (blocks: Uint8Array) =>
    encrypt
      ? mode === 'cbc'
        ? cbcEncryptRaw(key, iv, blocks)
        : ecbEncryptRaw(key, blocks)
      : mode === 'cbc'
        ? cbcDecryptRaw(key, iv, blocks)
        : ecbDecryptRaw(key, blocks);
  if (encrypt && padding) return { output: await raw(pkcs7(data)) };
  const whole = data.length - (data.length % BLOCK);
  const plain = await raw(data.subarray(0, whole));
  // The final step wants whole blocks, and at least one when it has padding to strip.
  if (whole !== data.length || (padding && whole === 0)) return { output: plain, failure: 'wrong final block length' };
  if (!padding) return { output: plain };
  const pad = plain[plain.length - 1]!;
  const held = plain.subarray(0, plain.length - BLOCK);
  if (pad === 0 || pad > BLOCK) return { output: held, failure: 'bad pad length' };
  if (!plain.subarray(plain.length - pad).every((b) => b === pad)) return { output: held, failure: 'bad pad bytes' };
  return { output: plain.subarray(0, plain.length - pad) };
}

/** How much the cipher BIO behind enc hands the wrap cipher at a time; each piece is wrapped alone. */
const WRAP_PIECE = 4096;
const WRAP_IV = Uint8Array.of(0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6);
const WRAP_PAD_IV = Uint8Array.of(0xa6, 0x59, 0x59, 0xa6);

/** One AES block each way: ECB through WebCrypto's CBC with a zero IV. */
async function aesBlock(key: CryptoKey, block: Uint8Array, encrypt: boolean): Promise<Uint8Array> {
  return encrypt ? cbcEncryptRaw(key, new Uint8Array(BLOCK), block) : ecbDecryptRaw(key, block);
}

/** RFC 3394's W over 64-bit halves, with integrity value `a`. */
async function wrapRaw(key: CryptoKey, a0: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const n = data.length / 8;
  let a = a0.slice();
  const r = Array.from({ length: n }, (_, i) => data.slice(i * 8, i * 8 + 8));
  for (let j = 0; j < 6; j++) {
    for (let i = 0; i < n; i++) {
      const b = await aesBlock(key, concat(a, r[i]!), true);
      a = b.slice(0, 8);
      const t = n * j + i + 1;
      for (let k = 0; k < 4; k++) a[7 - k]! ^= (t >>> (8 * k)) & 0xff;
      r[i] = b.slice(8);
    }
  }
  return concat(a, ...r);
}

/** RFC 3394's W⁻¹: the integrity value it ends with, and the data. */
async function unwrapRaw(key: CryptoKey, wrapped: Uint8Array): Promise<{ a: Uint8Array; data: Uint8Array }> {
  const n = wrapped.length / 8 - 1;
  let a = wrapped.slice(0, 8);
  const r = Array.from({ length: n }, (_, i) => wrapped.slice(8 + i * 8, 16 + i * 8));
  for (let j = 5; j >= 0; j--) {
    for (let i = n - 1; i >= 0; i--) {
      const t = n * j + i + 1;
      for (let k = 0; k < 4; k++) a[7 - k]! ^= (t >>> (8 * k)) & 0xff;
      const b = await aesBlock(key, concat(a, r[i]!), false);
      a = b.slice(0, 8);
      r[i] = b.slice(8);
    }
  }
  return { a, data: concat(...r) };
}

/** One piece through key wrap (RFC 3394) or key wrap with padding (RFC 5649); `iv` is the integrity value. */
async function wrapPiece(key: CryptoKey, mode: 'wrap' | 'wrap-pad', encrypt: boolean, iv: Uint8Array, piece: Uint8Array): Promise<Uint8Array | WrapFailure> {
  const pad = mode === 'wrap-pad';
  if (encrypt) {
    if (!pad) return piece.length < 16 || piece.length % 8 ? 'invalid input length' : wrapRaw(key, iv.length ? iv : WRAP_IV, piece);
    const aiv = concat(iv.length ? iv : WRAP_PAD_IV, Uint8Array.of(piece.length >>> 24, piece.length >>> 16, piece.length >>> 8, piece.length));
    const padded = concat(piece, new Uint8Array((8 - (piece.length % 8)) % 8));
    return padded.length === 8 ? aesBlock(key, concat(aiv, padded), true) : wrapRaw(key, aiv, padded);
  }
  if (piece.length % 8 || piece.length < (pad ? 16 : 24)) return 'invalid input length';
  const { a, data } = piece.length === 16 ? await aesBlock(key, piece, false).then((b) => ({ a: b.slice(0, 8), data: b.slice(8) })) : await unwrapRaw(key, piece);
  if (!pad) return equalBytes(a, iv.length ? iv : WRAP_IV) ? data : 'cipher operation failed';
  const length = ((a[4]! << 24) | (a[5]! << 16) | (a[6]! << 8) | a[7]!) >>> 0;
  const ok = equalBytes(a.subarray(0, 4), iv.length ? iv : WRAP_PAD_IV) && length > data.length - 8 && length <= data.length && data.subarray(length).every((b) => b === 0);
  return ok ? data.subarray(0, length) : 'cipher operation failed';
}

/** Key wrap as enc runs it: the input in pieces, each wrapped alone; a failing piece ends it with what came before. */
async function wrapCipher(mode: 'wrap' | 'wrap-pad', encrypt: boolean, keyBytes: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<{ output: Uint8Array; failure?: FinalFailure }> {
  const key = await subtle().importKey('raw', buf(keyBytes), 'AES-CBC', false, ['encrypt', 'decrypt']);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += WRAP_PIECE) {
    const result = await wrapPiece(key, mode, encrypt, iv, data.subarray(at, at + WRAP_PIECE));
    if (typeof result === 'string') return { output: concat(...parts), failure: result };
    parts.push(result);
  }
  return { output: concat(...parts) };
}
