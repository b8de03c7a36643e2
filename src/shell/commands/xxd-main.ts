/**
 * `xxd`: Debian 12's xxd (2022-01-14), learnt from its manual page and black-box runs: the dump
 * forms (xxd-render.ts), -r (xxd-revert.ts), its lazy command line (xxd-options.ts), its exit
 * statuses (1 options, 2 input, 3 output, 4 seek, 5 seeking back with -r, 255 reverting a form it
 * cannot). Standard input is a pipe: skipping ahead in it reads, and counting from its end fails.
 */
import type { CommandContext, CommandFn } from '../types.ts';
import type { VfsErrorCode } from '../vfs.ts';
import { renderHelp } from './help-render.ts';
import { complain, errorCode, locate, VFS_ERROR_TEXT } from './tool-support.ts';
import { lineShape, parseXxdArgs, type SeekRequest, type XxdOptions } from './xxd-options.ts';
import { cArrayEnd, cArrayItems, cArrayStart, cIdentifier, renderPlain, renderRows } from './xxd-render.ts';
import { FileSink, type PlaceFailure, revertDump, revertPlain, StreamSink } from './xxd-revert.ts';

/** Printed on standard error, status 1, for -h and for any command line xxd cannot read. */
const USAGE = renderHelp({
  name: 'xxd',
  summary: 'show bytes as hexadecimal, or turn such a dump back into bytes',
  synopsis: ['xxd [options] [infile [outfile]]', 'xxd -r [-p] [-c cols] [-s offset] [infile [outfile]]'],
  description: [
    'Each line of the dump gives the offset of its first byte, the bytes in hexadecimal, then the same bytes ' +
      'as text, with a dot for every byte that is not a printable character. The input is infile, or standard ' +
      'input when there is none or it is -; the dump goes to outfile when one is named.',
    'Only the letter after the dash matters, so -p, -ps and -plain are one option. A value may be glued to ' +
      'its letter (-c8) or be the next word, in decimal, hexadecimal (0x10) or octal (010).',
    'With -r the bytes a dump describes are written back: the offset at the start of each line says where ' +
      'they go, and what is not hexadecimal is passed over. An outfile that exists is patched in place, not ' +
      'replaced.',
  ],
  options: [
    ['-a', 'Shows a run of lines made only of zero bytes as a single *; given again, turns that off.'],
    ['-b', 'Shows each byte as eight binary digits instead of two hexadecimal ones.'],
    ['-C', 'With -i, writes the variable names in capitals.'],
    [
      '-c cols',
      'Puts cols bytes on a line: 16 unless told, 6 with -b, 12 with -i and 30 with -p. At most 256, except with ' +
        '-i and -p; with -p, 0 puts everything on one line.',
    ],
    ['-d', 'Shows the offsets in decimal.'],
    ['-E', 'Reads the text column as EBCDIC rather than ASCII.'],
    ['-e', 'Shows each group of bytes as one little-endian number, 4 bytes a group unless -g says otherwise.'],
    ['-g bytes', 'Leaves a space after every group of this many bytes: 2 unless told, 1 with -b, 4 with -e, 0 for none.'],
    ['-h', 'Prints this page and does nothing else.'],
    ['-i', 'Writes the bytes as a C array, named after infile (or after -n).'],
    ['-l len', 'Stops after len bytes.'],
    ['-n name', 'Gives the C array of -i this name.'],
    ['-o offset', 'Adds offset to every offset shown.'],
    ['-p', 'Writes the hexadecimal alone, with no offsets and no text: the form that openssl takes for -K and -iv.'],
    ['-r', 'Reverses a dump into bytes; with -p, any pairs of hexadecimal digits will do.'],
    [
      '-s [+][-]seek',
      'Starts seek bytes into the input, or seek bytes before its end with a minus. With -r, adds seek to every ' +
        'offset instead.',
    ],
    ['-u', 'Writes hexadecimal digits in capitals.'],
    ['-v', 'Prints the version line.'],
  ],
  examples: [
    ['Look at the first bytes of a ciphertext:', 'xxd -l 32 report.enc'],
    ['Give a data key to openssl as hexadecimal:', 'xxd -p -c 64 datakey.bin'],
    ['Turn hexadecimal back into bytes:', 'echo 68656c6c6f | xxd -r -p > hello.bin'],
  ],
});

const VERSION = 'xxd 2022-01-14 by Juergen Weigert et al.\n';

/** Beyond this offset lseek fails on a file of the ext4 file systems the real runs were made on. */
const LARGEST_FILE_OFFSET = 0xffffffff000n;
/** A directory there reaches to the largest offset, which is also where its end is. */
const DIRECTORY_END = (1n << 63n) - 1n;
/** Reading from the last 4 KiB below it overflows the offset (EINVAL) before it fails as a directory. */
const DIRECTORY_READ_LIMIT = DIRECTORY_END - 4096n;

type Input = { kind: 'pipe'; data: Uint8Array } | { kind: 'file'; path: string } | { kind: 'dir' };
type Output = { kind: 'stdout' } | { kind: 'file'; path: string; existing: Uint8Array };
type Opened<T> = { ok: true; value: T } | { ok: false; code: VfsErrorCode };

/** perror() after the program name: an empty file name leaves only the reason. */
function reportFile(ctx: CommandContext, name: string, code: VfsErrorCode): void {
  complain(ctx, 'xxd', name === '' ? VFS_ERROR_TEXT[code] : `${name}: ${VFS_ERROR_TEXT[code]}`);
}

function openInput(ctx: CommandContext, name: string): Opened<Input> {
  if (name === '-') return { ok: true, value: { kind: 'pipe', data: ctx.stdin } };
  const found = locate(ctx, name);
  if (!found.ok) return found;
  return { ok: true, value: found.stat.type === 'dir' ? { kind: 'dir' } : { kind: 'file', path: found.path } };
}

/** Opens outfile for writing, creating it; emptied for a dump, kept as it is for -r to patch. */
function openOutput(ctx: CommandContext, name: string, patch: boolean): Opened<Output> {
  if (name === '-') return { ok: true, value: { kind: 'stdout' } };
  if (name === '') return { ok: false, code: 'ENOENT' };
  const found = locate(ctx, name);
  if (found.ok && found.stat.type === 'dir') return { ok: false, code: 'EISDIR' };
  if (!found.ok && found.code !== 'ENOENT') return found;
  if (!found.ok && name.endsWith('/')) return { ok: false, code: 'EISDIR' };
  const existing = found.ok && patch ? ctx.vfs.readFile(found.path) : new Uint8Array(0);
  try {
    if (!(found.ok && patch)) ctx.vfs.writeFile(found.path, existing);
  } catch (error) {
    return { ok: false, code: errorCode(error) };
  }
  return { ok: true, value: { kind: 'file', path: found.path, existing } };
}

/** Where the dump starts, or undefined when xxd cannot get there. */
function startOf(input: Input, data: Uint8Array, seek: SeekRequest | undefined): bigint | undefined {
  if (!seek) return 0n;
  const { fromCurrent, backwards, amount } = seek;
  if (input.kind === 'pipe') {
    // Skipping ahead in a pipe reads the bytes; there is no end to count back from.
    return backwards || amount < 0n || amount > BigInt(data.length) ? undefined : amount;
  }
  const end = input.kind === 'dir' ? DIRECTORY_END : BigInt(data.length);
  const from = backwards && !fromCurrent ? end : 0n;
  const target = backwards ? from - amount : from + amount;
  return target < 0n || target > (input.kind === 'dir' ? DIRECTORY_END : LARGEST_FILE_OFFSET) ? undefined : target;
}

export const xxd: CommandFn = (ctx) => {
  const line = parseXxdArgs(ctx.args);
  if (!line.ok) {
    ctx.stderr(line.answer === 'version' ? VERSION : USAGE);
    return line.answer === 'version' ? 0 : 1;
  }
  const options = line.options;
  const shape = lineShape(options);
  if (!shape.ok) {
    complain(ctx, 'xxd', shape.message);
    return 1;
  }
  if (options.operands.length > 2) {
    ctx.stderr(USAGE);
    return 1;
  }
  const [inName = '-', outName = '-'] = options.operands;
  const input = openInput(ctx, inName);
  if (!input.ok) {
    reportFile(ctx, inName, input.code);
    return 2;
  }
  const output = openOutput(ctx, outName, options.revert);
  if (!output.ok) {
    reportFile(ctx, outName, output.code);
    return 3;
  }
  // Read only now: a dump into its own input file has just emptied it, as it does for real.
  const source = input.value;
  const data = source.kind === 'pipe' ? source.data : source.kind === 'file' ? ctx.vfs.readFile(source.path) : new Uint8Array(0);
  if (options.revert) return revert(ctx, options, shape.cols, data, output.value);
  return dump(ctx, options, shape, inName, source, data, output.value);
};

function dump(
  ctx: CommandContext,
  options: XxdOptions,
  shape: { cols: number; group: number },
  inName: string,
  source: Input,
  data: Uint8Array,
  output: Output,
): number {
  let pending = '';
  const write = (text: string): void => {
    if (output.kind === 'stdout') ctx.stdout(text);
    else pending += text;
  };
  const finish = (status: number): number => {
    if (output.kind === 'file') ctx.vfs.writeFile(output.path, pending);
    return status;
  };

  const start = startOf(source, data, options.seek);
  if (start === undefined) {
    complain(ctx, 'xxd', 'Sorry, cannot seek.');
    return finish(4);
  }
  const name = options.name ?? (source.kind === 'pipe' ? undefined : inName);
  const id = options.style === 'c' && name !== undefined ? cIdentifier(name, options.capitals) : undefined;
  if (id !== undefined) write(cArrayStart(id));

  const limit = options.limit === undefined || options.limit < 0n ? undefined : options.limit;
  if (source.kind === 'dir' && limit !== 0n) {
    // Opening a directory works; reading it is what fails.
    complain(ctx, 'xxd', VFS_ERROR_TEXT[start > DIRECTORY_READ_LIMIT ? 'EINVAL' : 'EISDIR']);
    return finish(2);
  }
  const from = Number(start < BigInt(data.length) ? start : BigInt(data.length));
  const to = limit === undefined || BigInt(from) + limit > BigInt(data.length) ? data.length : from + Number(limit);
  const bytes = data.subarray(from, to);

  const { style } = options;
  if (style === 'plain') write(renderPlain(bytes, shape.cols, options.upper));
  else if (style === 'c') {
    write(cArrayItems(bytes, shape.cols, options.upper));
    if (id !== undefined) write(cArrayEnd(id, bytes.length, options.capitals));
  } else {
    const shown = BigInt.asUintN(64, start + options.shift);
    const text = renderRows(bytes, shown, {
      digits: style === 'bits' ? 'bits' : 'hex',
      littleEndian: style === 'little',
      cols: shape.cols,
      group: shape.group,
      upper: options.upper,
      decimal: options.decimal,
      ebcdic: options.ebcdic,
      autoskip: options.autoskip,
    });
    if (text) write(text);
  }
  return finish(0);
}

const REVERT_FAILURE: Record<PlaceFailure, { message: string; status: number }> = {
  backwards: { message: 'Sorry, cannot seek backwards.', status: 5 },
  full: { message: 'No space left on device', status: 3 },
};

function revert(ctx: CommandContext, options: XxdOptions, cols: number, data: Uint8Array, output: Output): number {
  if (options.style !== 'hex' && options.style !== 'plain') {
    complain(ctx, 'xxd', 'Sorry, cannot revert this type of hexdump');
    return 255;
  }
  // With -r, -s moves what is written, whatever its + says.
  const seek = options.seek;
  const shift = seek ? BigInt.asIntN(64, seek.backwards ? -seek.amount : seek.amount) : 0n;
  const sink = output.kind === 'file' ? new FileSink(output.existing) : new StreamSink();
  const failure = options.style === 'plain' ? revertPlain(data, shift, sink) : revertDump(data, cols, shift, sink);
  const bytes = sink.bytes();
  if (output.kind === 'file') {
    if (!sameBytes(bytes, output.existing)) ctx.vfs.writeFile(output.path, bytes);
  } else if (bytes.length) ctx.stdout(bytes);
  if (!failure) return 0;
  complain(ctx, 'xxd', REVERT_FAILURE[failure].message);
  return REVERT_FAILURE[failure].status;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
