/**
 * Base64 as `openssl enc -a` / `openssl base64` read and write it, modelled on black-box runs of
 * OpenSSL 3.0 (see test/shell/openssl.test.ts): the text is taken in 1024-byte pieces; without
 * -A, lines that cannot start the data are passed over and a piece without a newline is dropped;
 * with -A each piece must decode on its own. Lessons judge `enc -a` by these edges (a lone line
 * needs its final newline), so a forgiving decoder would teach habits the real tool punishes.
 */
import { base64Encode } from '../../kms/base64.ts';
import { concat, utf8 } from '../../kms/bytes.ts';

/** How many raw bytes OpenSSL's base64 layer asks its file for at a time. */
const PIECE = 1024;
const NEWLINE = 0x0a;

/** Where base64 text comes from: a file or stdin, read in pieces. */
export interface TextSource {
  take(count: number): Uint8Array;
}

// What each byte means to the line decoder: a sextet value 0..63, or one of these.
const SKIP = -1; // space, tab, CR, LF
const STOP = -2; // '-': the data ends here (a PEM "-----END" line)
const PAD = -3; // '='
const JUNK = -4;

const SYMBOLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const MEANING = new Int8Array(256).fill(JUNK);
for (let i = 0; i < SYMBOLS.length; i++) MEANING[SYMBOLS.charCodeAt(i)] = i;
for (const c of ' \t\r\n') MEANING[c.charCodeAt(0)] = SKIP;
MEANING['-'.charCodeAt(0)] = STOP;
MEANING['='.charCodeAt(0)] = PAD;

/** Sextets to bytes, four at a time; `pads` trailing '=' (already counted as zeros) shorten the last group. */
function sextetsToBytes(values: readonly number[], pads: number): Uint8Array {
  const out = new Uint8Array((values.length / 4) * 3);
  for (let v = 0, o = 0; v < values.length; v += 4, o += 3) {
    const word = (values[v]! << 18) | (values[v + 1]! << 12) | (values[v + 2]! << 6) | values[v + 3]!;
    out[o] = word >>> 16;
    out[o + 1] = (word >>> 8) & 0xff;
    out[o + 2] = word & 0xff;
  }
  return out.subarray(0, out.length - pads);
}

/** One call of the line decoder over a piece of text. */
interface PieceResult {
  /** 'more': wants more text; 'end': the data is complete ('=' closed it, or '-'); 'error': bad text. */
  status: 'more' | 'end' | 'error';
  /** Bytes decoded by this call (on 'error', what the call had produced before failing). */
  bytes: Uint8Array;
  /** Index in the piece where decoding stopped ('-' or the offending byte); the piece length otherwise. */
  stoppedAt: number;
}

/**
 * The decoder behind the line mode: it collects sextets and turns them into bytes 64 at a time
 * (one full PEM line), at the end of a piece when they make whole groups, and when the data
 * ends. '=' may only close the data: at most two of them, nothing but blanks or '-' after them.
 * At the end of the input, a collection that is not whole groups of four is an error and is
 * lost, while what was turned into bytes before stays.
 */
class LineDecoder {
  private held: number[] = [];
  private pads = 0;

  feed(piece: Uint8Array): PieceResult {
    const parts: Uint8Array[] = [];
    const fail = (at: number): PieceResult => ({ status: 'error', bytes: concat(...parts), stoppedAt: at });
    for (let i = 0; i < piece.length; i++) {
      const meaning = MEANING[piece[i]!]!;
      if (meaning === SKIP) continue;
      if (meaning === STOP) {
        const last = this.release();
        if (last === undefined) return fail(i);
        parts.push(last);
        return { status: 'end', bytes: concat(...parts), stoppedAt: i };
      }
      if (meaning === JUNK) return fail(i);
      if (meaning === PAD) {
        if (++this.pads > 2) return fail(i);
        this.held.push(0);
      } else {
        if (this.pads > 0) return fail(i);
        this.held.push(meaning);
      }
      if (this.held.length === 64) parts.push(this.release()!);
    }
    // Whole groups left over at the end of a piece leave with it; a partial group waits.
    const whole = this.held.length % 4 === 0;
    if (whole) parts.push(this.release()!);
    const status = whole && this.pads > 0 ? 'end' : 'more';
    return { status, bytes: concat(...parts), stoppedAt: piece.length };
  }

  /** The collected sextets as bytes, or undefined when they are not whole groups of four. */
  release(): Uint8Array | undefined {
    if (this.held.length % 4 !== 0) return undefined;
    const bytes = sextetsToBytes(this.held, this.held.length > 0 ? this.pads : 0);
    this.held = [];
    return bytes;
  }
}

/**
 * -A: one piece decoded as a single block. Blanks before it and blanks, CR, LF and '-' after it
 * are trimmed; what is left must be whole groups of four, with '=' counting as zero bits
 * anywhere. One or two '=' at the very end of the untrimmed piece drop that many bytes.
 */
function decodeSinglePiece(piece: Uint8Array): Uint8Array | undefined {
  let from = 0;
  let to = piece.length;
  while (from < to && (piece[from] === 0x20 || piece[from] === 0x09)) from++;
  while (to > from && ' \t\r\n-'.includes(String.fromCharCode(piece[to - 1]!))) to--;
  if ((to - from) % 4 !== 0) return undefined;
  const values: number[] = [];
  for (let i = from; i < to; i++) {
    const meaning = MEANING[piece[i]!]!;
    if (meaning === PAD) values.push(0);
    else if (meaning >= 0) values.push(meaning);
    else return undefined;
  }
  const isPad = (i: number) => i >= 0 && piece[i] === 0x3d;
  const drop = isPad(piece.length - 1) ? (isPad(piece.length - 2) ? 2 : 1) : 0;
  const bytes = sextetsToBytes(values, 0);
  return bytes.subarray(0, Math.max(0, bytes.length - drop));
}

/** Decoded bytes out of base64 text, read the way `openssl enc -d -a` reads it. */
export class Base64Input {
  private readonly raw: TextSource;
  private readonly oneLine: boolean;
  private decoder = new LineDecoder();
  /** Raw text taken from the file but not decoded yet (line mode, while looking for the data). */
  private pendingText: Uint8Array = new Uint8Array(0);
  private phase: 'looking' | 'decoding' | 'finished' = 'looking';
  /** A window was thrown away for having no newline: the line it began goes on in the next. */
  private inLongLine = false;
  private ready: Uint8Array = new Uint8Array(0);

  /** `oneLine` is -A. */
  constructor(raw: TextSource, oneLine: boolean) {
    this.raw = raw;
    this.oneLine = oneLine;
  }

  /** Up to `count` decoded bytes; an empty array means the end (or an error, which enc does not report). */
  read(count: number): Uint8Array {
    while (this.ready.length < count && this.phase !== 'finished') this.advance();
    const out = this.ready.subarray(0, count);
    this.ready = this.ready.subarray(out.length);
    return out;
  }

  private emit(bytes: Uint8Array): void {
    if (bytes.length > 0) this.ready = concat(this.ready, bytes);
  }

  private advance(): void {
    if (this.oneLine) this.advanceOneLine();
    else if (this.phase === 'looking') this.look();
    else this.decodeNextPiece();
  }

  private advanceOneLine(): void {
    const piece = this.raw.take(PIECE);
    const usable = piece.subarray(0, piece.length - (piece.length % 4));
    const bytes = piece.length === 0 ? undefined : decodeSinglePiece(usable);
    if (bytes === undefined) this.phase = 'finished';
    else this.emit(bytes);
  }

  /** Fills the window up to a whole piece. */
  private topUp(): void {
    if (this.pendingText.length < PIECE) this.pendingText = concat(this.pendingText, this.raw.take(PIECE - this.pendingText.length));
  }

  /**
   * Line mode, before the data. A window without a newline is thrown away, and so is the rest of
   * that long line in the next one. Otherwise the window is decoded from its start; when that
   * fails (or ends with nothing) inside the first line, the line is passed over and the rest
   * tried. When passing over would leave nothing, the whole window is decoded after all.
   * One more quirk, found by running OpenSSL: in the input's last, short window, when the line
   * that starts the data gives no bytes by itself (it is empty, or ends inside a group of four)
   * and is followed by exactly one byte fewer than were passed over, as many bytes as were
   * passed over are dropped again from the front of the data.
   */
  private look(): void {
    for (;;) {
      if (!this.pendingText.includes(NEWLINE)) {
        this.topUp();
        if (!this.pendingText.includes(NEWLINE)) {
          this.inLongLine = this.pendingText.length === PIECE;
          if (!this.inLongLine) this.phase = 'finished';
          this.pendingText = new Uint8Array(0);
          return;
        }
      }
      const filled = this.pendingText;
      for (let skipped = 0; ; ) {
        const rest = filled.subarray(skipped);
        if (!rest.includes(NEWLINE)) {
          this.pendingText = rest; // topped up on the next round
          break;
        }
        const lineEnd = rest.indexOf(NEWLINE);
        const trial = new LineDecoder();
        const result = trial.feed(rest);
        const junk = result.status !== 'more' && result.bytes.length === 0 && result.stoppedAt < lineEnd;
        if (this.inLongLine || junk) {
          this.inLongLine = false;
          if (lineEnd + 1 < rest.length) {
            skipped += lineEnd + 1;
            continue;
          }
          this.startDecoding(filled);
          return;
        }
        const shifted =
          skipped > 0 &&
          filled.length < PIECE &&
          rest.length - lineEnd === skipped &&
          new LineDecoder().feed(rest.subarray(0, lineEnd + 1)).bytes.length === 0;
        if (shifted) this.startDecoding(rest.subarray(skipped));
        else this.startDecoding(rest, trial, result);
        return;
      }
    }
  }

  /** The data starts here; `trial` is a decoder that has already read `text`, with its result. */
  private startDecoding(text: Uint8Array, trial?: LineDecoder, result?: PieceResult): void {
    this.decoder = trial ?? new LineDecoder();
    const first = result ?? this.decoder.feed(text);
    this.pendingText = new Uint8Array(0);
    this.phase = 'decoding';
    this.settle(first);
  }

  private decodeNextPiece(): void {
    const piece = this.raw.take(PIECE);
    if (piece.length === 0) {
      const last = this.decoder.release();
      if (last !== undefined) this.emit(last);
      this.phase = 'finished';
      return;
    }
    this.settle(this.decoder.feed(piece));
  }

  /** A failed piece gives nothing at all; an ended one is the last. */
  private settle(result: PieceResult): void {
    if (result.status === 'error') {
      this.phase = 'finished';
      return;
    }
    this.emit(result.bytes);
    if (result.status === 'end') this.phase = 'finished';
  }
}

/**
 * Base64 text out, as `enc -a` writes it: 64-character lines each with a newline (a line leaves
 * once its 48 bytes are in, the last one at `finish`), or with -A one line and no newline at all,
 * every complete 3-byte group leaving at once. When text leaves decides where `enc -p` lines
 * land among it on stdout.
 */
export class Base64Output {
  private held: Uint8Array = new Uint8Array(0);
  private readonly send: (text: Uint8Array) => void;
  private readonly oneLine: boolean;

  /** `oneLine` is -A. */
  constructor(send: (text: Uint8Array) => void, oneLine: boolean) {
    this.send = send;
    this.oneLine = oneLine;
  }

  write(bytes: Uint8Array): void {
    this.held = concat(this.held, bytes);
    const unit = this.oneLine ? 3 : 48;
    const ready = this.held.length - (this.held.length % unit);
    if (ready === 0) return;
    this.sendText(this.held.subarray(0, ready));
    this.held = this.held.subarray(ready);
  }

  finish(): void {
    if (this.held.length > 0) this.sendText(this.held);
    this.held = new Uint8Array(0);
  }

  private sendText(bytes: Uint8Array): void {
    const text = base64Encode(bytes);
    this.send(utf8.encode(this.oneLine ? text : `${text.match(/.{1,64}/g)!.join('\n')}\n`));
  }
}
