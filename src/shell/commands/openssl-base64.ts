/**
 * OpenSSL 3.0's base64 BIO (crypto/evp/bio_b64.c, crypto/evp/encode.c), ported closely because
 * `openssl enc -a` is judged by its quirks: without -A a single line needs its final newline,
 * with -A the text must be one line, junk lines before the data are skipped. A cleaner decoder
 * would accept input that the real tool rejects, and lessons would teach the wrong habit.
 */
import { base64Encode } from '../../kms/base64.ts';
import { concat, utf8 } from '../../kms/bytes.ts';

/** A file read the way a FILE* BIO reads it: as much as asked while there is data, then EOF. */
export class ByteSource {
  private readonly data: Uint8Array;
  private at = 0;
  private ended = false;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  readInto(target: Uint8Array, offset: number, length: number): number {
    if (length <= 0) return 0;
    const n = Math.min(length, this.data.length - this.at);
    if (n < length) this.ended = true; // fread sets the end-of-file flag on a short read
    target.set(this.data.subarray(this.at, this.at + n), offset);
    this.at += n;
    return n;
  }

  read(length: number): Uint8Array {
    const out = new Uint8Array(length);
    return out.subarray(0, this.readInto(out, 0, length));
  }

  eof(): boolean {
    return this.ended;
  }

  pending(): number {
    return 0;
  }

  /** Bytes taken from the file so far (enc -v's "bytes read"). */
  consumed(): number {
    return this.at;
  }
}

const B64_WS = 0xe0;
const B64_EOF = 0xf2;
const B64_ERROR = 0xff;
const EQUALS = 0x3d;
const NEWLINE = 0x0a;

// encode.c's data_ascii2bin: 0xE0 blank, 0xF0 newline, 0xF1 carriage return, 0xF2 '-', 0xFF invalid.
const ASCII2BIN = new Uint8Array(128).fill(B64_ERROR);
ASCII2BIN[0x09] = B64_WS;
ASCII2BIN[0x20] = B64_WS;
ASCII2BIN[0x0a] = 0xf0;
ASCII2BIN[0x0d] = 0xf1;
ASCII2BIN[0x2d] = B64_EOF;
ASCII2BIN[EQUALS] = 0x00;
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((c, i) => {
  ASCII2BIN[c.charCodeAt(0)] = i;
});

const conv = (a: number): number => (a & 0x80 ? B64_ERROR : ASCII2BIN[a]!);
const notBase64 = (v: number): boolean => (v | 0x13) === 0xf3;

/** EVP_DecodeBlock: trims blanks before and blanks, newlines and '-' after; '=' decodes as zero bits. */
function decodeBlock(out: Uint8Array, outAt: number, from: Uint8Array, at: number, length: number): number {
  let n = length;
  while (n > 0 && conv(from[at]!) === B64_WS) {
    at++;
    n--;
  }
  while (n > 3 && notBase64(conv(from[at + n - 1]!))) n--;
  if (n % 4 !== 0) return -1;
  for (let i = 0; i < n; i += 4) {
    const a = conv(from[at + i]!);
    const b = conv(from[at + i + 1]!);
    const c = conv(from[at + i + 2]!);
    const d = conv(from[at + i + 3]!);
    if ((a | b | c | d) & 0x80) return -1;
    const l = (a << 18) | (b << 12) | (c << 6) | d;
    out[outAt++] = (l >>> 16) & 0xff;
    out[outAt++] = (l >>> 8) & 0xff;
    out[outAt++] = l & 0xff;
  }
  return (n / 4) * 3;
}

/** EVP_ENCODE_CTX while decoding: up to 64 pending base64 characters. */
class DecodeContext {
  num = 0;
  readonly data = new Uint8Array(80);

  reset(): void {
    this.num = 0;
  }

  /** EVP_DecodeUpdate: -1 on error, 0 once '=' or '-' ended the data, 1 to go on; and the bytes written. */
  update(out: Uint8Array, from: Uint8Array, at: number, length: number): { rv: number; written: number } {
    const d = this.data;
    let n = this.num;
    let eof = 0;
    let seof = false;
    let written = 0;
    let rv = -1;
    if (n > 0 && d[n - 1] === EQUALS) {
      eof++;
      if (n > 1 && d[n - 2] === EQUALS) eof++;
    }
    decode: {
      if (length === 0) {
        rv = 0; // an empty chunk means end of input, as in OpenSSL
        break decode;
      }
      for (let i = 0; i < length; i++) {
        const ch = from[at + i]!;
        const v = conv(ch);
        if (v === B64_ERROR) break decode;
        if (ch === EQUALS) eof++;
        else if (eof > 0 && !notBase64(v)) break decode; // data after padding
        if (eof > 2) break decode;
        if (v === B64_EOF) {
          seof = true;
          break;
        }
        if (!notBase64(v)) {
          if (n >= 64) break decode;
          d[n++] = ch;
        }
        if (n === 64) {
          const got = decodeBlock(out, written, d, 0, n);
          n = 0;
          if (got < 0 || eof > got) break decode;
          written += got - eof;
        }
      }
      if (n > 0) {
        if ((n & 3) === 0) {
          const got = decodeBlock(out, written, d, 0, n);
          n = 0;
          if (got < 0 || eof > got) break decode;
          written += got - eof;
        } else if (seof) {
          break decode;
        }
      }
      rv = seof || (n === 0 && eof > 0) ? 0 : 1;
    }
    this.num = n;
    return { rv, written };
  }
}

const BLOCK_SIZE = 1024; // B64_BLOCK_SIZE

/** The reading side of BIO_f_base64 over a file, b64_read() step for step. */
export class Base64Reader {
  private readonly ctx = new DecodeContext();
  private readonly buf = new Uint8Array(BLOCK_SIZE);
  private readonly tmp = new Uint8Array(BLOCK_SIZE);
  private bufLen = 0;
  private bufOff = 0;
  private tmpLen = 0;
  private tmpNl = false;
  private start = true;
  private cont = 1;
  private readonly source: ByteSource;
  private readonly singleLine: boolean;

  /** `singleLine` is -A (BIO_FLAGS_BASE64_NO_NL). */
  constructor(source: ByteSource, singleLine: boolean) {
    this.source = source;
    this.singleLine = singleLine;
  }

  read(want: number): Uint8Array {
    const out = new Uint8Array(want);
    let ret = 0;
    let outl = want;
    if (this.bufLen > 0) {
      const n = Math.min(this.bufLen - this.bufOff, outl);
      out.set(this.buf.subarray(this.bufOff, this.bufOff + n));
      ret = n;
      outl -= n;
      this.bufOff += n;
      if (this.bufLen === this.bufOff) this.bufLen = this.bufOff = 0;
    }
    while (outl > 0) {
      if (this.cont <= 0) break;
      let i = this.source.readInto(this.tmp, this.tmpLen, BLOCK_SIZE - this.tmpLen);
      if (i <= 0) {
        this.cont = i;
        if (this.tmpLen === 0) break;
        i = 0;
      }
      i += this.tmpLen;
      this.tmpLen = i;

      if (this.start && this.singleLine) {
        this.tmpLen = 0;
      } else if (this.start) {
        // Look, a line at a time, for the first line that decodes.
        let p = 0;
        let q = 0;
        let num = 0;
        let j = 0;
        for (j = 0; j < i; j++) {
          if (this.tmp[q++] !== NEWLINE) continue;
          if (this.tmpNl) {
            p = q;
            this.tmpNl = false;
            continue;
          }
          const { rv, written } = this.ctx.update(this.buf, this.tmp, p, q - p);
          num = written;
          if (rv <= 0 && num === 0 && this.start) {
            this.ctx.reset();
          } else {
            if (p !== 0) {
              i -= p;
              this.tmp.copyWithin(0, p, p + i);
            }
            this.ctx.reset();
            this.start = false;
            break;
          }
          p = q;
        }
        if (j === i && num === 0) {
          // No start yet: keep a partial line (or skip the rest of an over-long one) and read on.
          if (p === 0) {
            if (i === BLOCK_SIZE) {
              this.tmpNl = true;
              this.tmpLen = 0;
            }
          } else if (p !== q) {
            this.tmp.copyWithin(0, p, q);
            this.tmpLen = q - p;
          }
          continue;
        }
        this.tmpLen = 0;
      } else if (i < BLOCK_SIZE && this.cont > 0) {
        continue;
      }

      if (this.singleLine) {
        const jj = i & ~3;
        let z = decodeBlock(this.buf, 0, this.tmp, 0, jj);
        if (jj > 2 && this.tmp[jj - 1] === EQUALS) {
          z--;
          if (this.tmp[jj - 2] === EQUALS) z--;
        }
        if (jj !== i) {
          this.tmp.copyWithin(0, jj, i);
          this.tmpLen = i - jj;
        }
        this.bufLen = Math.max(z, 0);
        i = z;
      } else {
        const { rv, written } = this.ctx.update(this.buf, this.tmp, 0, i);
        this.bufLen = written;
        i = rv;
        this.tmpLen = 0;
      }
      this.cont = i;
      this.bufOff = 0;
      if (i < 0) {
        this.bufLen = 0;
        break;
      }
      const n = Math.min(this.bufLen, outl);
      out.set(this.buf.subarray(0, n), ret);
      ret += n;
      this.bufOff = n;
      if (this.bufOff === this.bufLen) this.bufLen = this.bufOff = 0;
      outl -= n;
    }
    return out.subarray(0, ret);
  }

  eof(): boolean {
    return this.cont <= 0 || this.source.eof();
  }

  pending(): number {
    return this.bufLen - this.bufOff;
  }

  consumed(): number {
    return this.source.consumed();
  }
}

/**
 * The writing side of BIO_f_base64: 64-column lines each ending in a newline (EVP_EncodeUpdate
 * emits a line per 48 bytes), or with -A one unbroken line and no newline at all. Text leaves as
 * soon as OpenSSL would let it go, which decides where `-p` lines land among it on stdout.
 */
export class Base64Writer {
  private pending: Uint8Array = new Uint8Array(0);
  private readonly sink: (bytes: Uint8Array) => void;
  private readonly singleLine: boolean;

  constructor(sink: (bytes: Uint8Array) => void, singleLine: boolean) {
    this.sink = sink;
    this.singleLine = singleLine;
  }

  write(data: Uint8Array): void {
    const all = concat(this.pending, data);
    const unit = this.singleLine ? 3 : 48;
    const ready = all.length - (all.length % unit);
    this.pending = all.slice(ready);
    if (ready === 0) return;
    const text = base64Encode(all.subarray(0, ready));
    this.sink(utf8.encode(this.singleLine ? text : wrap64(text)));
  }

  /** BIO_flush: the last partial group or line. */
  flush(): void {
    if (this.pending.length === 0) return;
    const text = base64Encode(this.pending);
    this.pending = new Uint8Array(0);
    this.sink(utf8.encode(this.singleLine ? text : `${text}\n`));
  }
}

/** Base64 text as OpenSSL prints it: lines of 64 characters, each ending in a newline. */
export function wrap64(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 64) out += `${text.slice(i, i + 64)}\n`;
  return out;
}
