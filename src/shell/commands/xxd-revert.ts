/**
 * xxd -r: reading hex back into bytes, as black-box runs of Debian's xxd show it. Nothing in the
 * input is an error; a pair of hex digits is a byte, and a few rules decide which pairs count.
 */
import { isCSpace } from './xxd-options.ts';

/** What went wrong while placing bytes: a position before the start (or, on a pipe, behind us), or more than the sandbox holds. */
export type PlaceFailure = 'backwards' | 'full';

/** Where the bytes go. `moveTo` comes before the bytes of each line; `put` writes one byte and moves on. */
interface ByteSink {
  moveTo(position: bigint): PlaceFailure | undefined;
  put(byte: number): PlaceFailure | undefined;
}

/** The most an xxd -r writes in the sandbox (the real one stops where the disk is full). */
const SANDBOX_LIMIT = 16 * 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * Pairs digits into bytes after a line's start. A digit waiting for its partner is dropped by any
 * other character; otherwise such characters are counted, the count starts again at each digit,
 * and at two the rest of the line is ignored (that is how the text column of a dump is skipped).
 */
class Pairer {
  private half = -1;
  private strays = 0;
  private readonly sink: ByteSink;

  constructor(sink: ByteSink) {
    this.sink = sink;
  }

  restart(): void {
    this.half = -1;
    this.strays = 0;
  }

  /** Feeds one character; answers whether the line goes on, or why writing failed. */
  take(code: number): 'more' | 'wrote' | 'enough' | PlaceFailure {
    const digit = hexDigit(code);
    if (digit < 0) {
      if (this.half >= 0) this.half = -1;
      else if (++this.strays === 2) return 'enough';
      return 'more';
    }
    this.strays = 0;
    if (this.half < 0) {
      this.half = digit;
      return 'more';
    }
    const byte = this.half * 16 + digit;
    this.half = -1;
    return this.sink.put(byte) ?? 'wrote';
  }
}

/**
 * A dump with offsets. Each line: characters before its first hex digit are passed over, the run
 * of hex digits there is the offset (kept to 64 bits and read as signed), and the character that
 * ends it, a newline included, is part of neither. The next character puts the output at that
 * offset plus `shift`; then at most `cols` bytes are read before the rest of the line is ignored.
 */
export function revertDump(input: Uint8Array, cols: number, shift: bigint, sink: ByteSink): PlaceFailure | undefined {
  const pairer = new Pairer(sink);
  let state: 'before' | 'offset' | 'placing' | 'bytes' | 'ignoring' = 'before';
  let offset = 0n;
  let written = 0;
  for (const code of input) {
    // A carriage return is as good as absent, so a dump with CRLF line ends reads as it would without.
    if (code === CARRIAGE_RETURN) continue;
    const digit = hexDigit(code);
    if (state === 'before') {
      if (digit >= 0) {
        offset = BigInt(digit);
        state = 'offset';
      }
      continue;
    }
    if (state === 'offset') {
      if (digit >= 0) offset = BigInt.asUintN(64, offset * 16n + BigInt(digit));
      else state = 'placing';
      continue;
    }
    if (state === 'placing') {
      const failure = sink.moveTo(BigInt.asIntN(64, BigInt.asIntN(64, offset) + shift));
      if (failure) return failure;
      pairer.restart();
      written = 0;
      state = 'bytes';
    }
    if (code === NEWLINE) {
      state = 'before';
      continue;
    }
    if (state === 'ignoring') continue;
    const step = pairer.take(code);
    if (step === 'backwards' || step === 'full') return step;
    if (step === 'enough' || (step === 'wrote' && ++written === cols)) state = 'ignoring';
  }
  return undefined;
}

/**
 * Bare hex (-r -p). White space never matters, characters before the first digit are passed over,
 * and once two others have stopped a line, passing over starts again on the next one. The bytes
 * go one after another from `shift`, which takes effect at the first digit.
 */
export function revertPlain(input: Uint8Array, shift: bigint, sink: ByteSink): PlaceFailure | undefined {
  const pairer = new Pairer(sink);
  let state: 'before' | 'bytes' | 'ignoring' = 'before';
  let placed = false;
  for (const code of input) {
    if (state === 'ignoring') {
      if (code === NEWLINE) state = 'before';
      continue;
    }
    if (isCSpace(code)) continue;
    if (state === 'before') {
      if (hexDigit(code) < 0) continue;
      if (!placed) {
        const failure = sink.moveTo(shift);
        if (failure) return failure;
        placed = true;
      }
      pairer.restart();
      state = 'bytes';
    }
    const step = pairer.take(code);
    if (step === 'backwards' || step === 'full') return step;
    if (step === 'enough') state = 'ignoring';
  }
  return undefined;
}

/** Bytes that grow as they are written; the part never written reads as zero bytes. */
class GrowingBytes {
  private data: Uint8Array;
  size: number;

  constructor(initial: Uint8Array) {
    this.data = initial.slice();
    this.size = initial.length;
  }

  /** Makes the first `size` bytes count, zeros where nothing was written. */
  extendTo(size: number): void {
    if (size > this.data.length) {
      const grown = new Uint8Array(Math.min(SANDBOX_LIMIT, Math.max(size, this.data.length * 2, 64)));
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    }
    this.size = Math.max(this.size, size);
  }

  set(at: number, byte: number): void {
    this.extendTo(at + 1);
    this.data[at] = byte;
  }

  bytes(): Uint8Array {
    return this.data.slice(0, this.size);
  }
}

const LIMIT = BigInt(SANDBOX_LIMIT);

/** Standard output: a pipe, so a gap ahead is filled with zero bytes and a step back is impossible. */
export class StreamSink implements ByteSink {
  private readonly out = new GrowingBytes(new Uint8Array(0));

  moveTo(position: bigint): PlaceFailure | undefined {
    if (position < BigInt(this.out.size)) return 'backwards';
    if (position > LIMIT) return 'full';
    this.out.extendTo(Number(position));
    return undefined;
  }

  put(byte: number): PlaceFailure | undefined {
    if (this.out.size >= SANDBOX_LIMIT) return 'full';
    this.out.set(this.out.size, byte);
    return undefined;
  }

  bytes(): Uint8Array {
    return this.out.bytes();
  }
}

/** A named output file: patched in place, grown with zero bytes when written past its end, never cut short. */
export class FileSink implements ByteSink {
  private readonly out: GrowingBytes;
  private position = 0n;

  constructor(existing: Uint8Array) {
    this.out = new GrowingBytes(existing);
  }

  moveTo(position: bigint): PlaceFailure | undefined {
    if (position < 0n) return 'backwards';
    this.position = position;
    return undefined;
  }

  put(byte: number): PlaceFailure | undefined {
    if (this.position >= LIMIT) return 'full';
    this.out.set(Number(this.position), byte);
    this.position++;
    return undefined;
  }

  bytes(): Uint8Array {
    return this.out.bytes();
  }
}
