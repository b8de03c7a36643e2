/**
 * What the openssl subcommands share: OpenSSL 3.0's option parser (apps/lib/opt.c), its number
 * parsing, its way of opening files (bio_open_default) and of printing library errors.
 */
import { concat } from '../../kms/bytes.ts';
import type { CommandContext } from '../types.ts';
import type { HelpEntry } from './help-page.ts';
import { VFS_ERROR_TEXT, VfsError, type VfsErrorCode } from '../vfs.ts';

/**
 * OpenSSL starts each library error line with the thread id, which changes from run to run
 * (e.g. 40B793A9927F0000). A fixed one of the same shape stands in for it.
 */
const THREAD_ID = '40E7C2A8D17F0000';

export function libError(rest: string): string {
  return `${THREAD_ID}:error:${rest}\n`;
}

/** The library line behind "Unknown cipher" / "Unknown option or message digest". */
export function fetchError(algorithm: string, id = 0, properties = '<null>'): string {
  return libError(
    '0308010C:digital envelope routines:inner_evp_generic_fetch:unsupported:../crypto/evp/evp_fetch.c:386:' +
      `Global default library context, Algorithm (${algorithm} : ${id}), Properties (${properties})`,
  );
}

/** Bytes read front to back (a file, or stdin shared by a password and the data), counting what was taken. */
export class InputBytes {
  private offset = 0;
  private readonly data: Uint8Array;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  /** Up to `count` bytes; an empty array once everything is taken. */
  take(count: number): Uint8Array {
    const piece = this.data.subarray(this.offset, this.offset + Math.max(0, count));
    this.offset += piece.length;
    return piece;
  }

  /** Bytes up to and including the next newline, but never more than `limit` (as fgets reads). */
  takeLine(limit: number): Uint8Array {
    const newline = this.data.indexOf(0x0a, this.offset);
    const end = newline < 0 ? this.data.length : newline + 1;
    return this.take(Math.min(limit, end - this.offset));
  }

  get taken(): number {
    return this.offset;
  }
}

export interface OptionSpec {
  name: string;
  /** '-' no value, 's' string, '<' input file, '>' output file, 'p' positive int. */
  kind: '-' | 's' | '<' | '>' | 'p';
}

/** An option and its value; the name is '' for an unknown flag under `catchAll`, the flag being the value. */
export interface ParsedOption {
  name: string;
  value: string;
}

/**
 * opt_next() over all the arguments at once: the options in order up to the first problem, the
 * problem's message if there was one (processing must stop there, after acting on the options
 * before it), and the words after the options. With `catchAll` (enc's "-*  Any supported
 * cipher") an unknown flag comes back, nameless, instead of being an error.
 */
export function parseOptions(
  prog: string,
  args: readonly string[],
  specs: readonly OptionSpec[],
  catchAll: boolean,
): { options: ParsedOption[]; error?: string; rest: string[] } {
  const options: ParsedOption[] = [];
  let index = 0;
  while (index < args.length) {
    const word = args[index]!;
    if (!word.startsWith('-')) break;
    index++;
    if (word === '--') break;
    let p = word.slice(word.startsWith('--') ? 2 : 1);
    let value: string | undefined;
    const eq = p.indexOf('=');
    if (eq >= 0) {
      value = p.slice(eq + 1);
      p = p.slice(0, eq);
    }
    const spec = specs.find((s) => s.name === p || (p === 'h' && s.name === 'help'));
    if (!spec) {
      if (catchAll) {
        options.push({ name: '', value: p });
        continue;
      }
      return { options, error: `${prog}: Unknown option: -${p}\n`, rest: [] };
    }
    if (spec.kind === '-') {
      if (value !== undefined) return { options, error: `${prog}: Option -${p} does not take a value\n`, rest: [] };
      options.push({ name: spec.name, value: '' });
      continue;
    }
    if (value === undefined) {
      if (index >= args.length) return { options, error: `${prog}: Option -${spec.name} needs a value\n`, rest: [] };
      value = args[index++]!;
    }
    if (spec.kind === 'p') {
      const n = parseInt32(prog, value);
      if (typeof n === 'string') return { options, error: n, rest: [] };
      if (n <= 0) return { options, error: `${prog}: Non-positive number "${value}" for option -${spec.name}\n`, rest: [] };
    }
    options.push({ name: spec.name, value });
  }
  return { options, rest: args.slice(index) };
}

/**
 * opt_long(): strtol with base 0 (so 0x1F and 010 work), the whole string must be used and the
 * value must fit a 64-bit long. Returns the number or OpenSSL's complaint.
 */
export function parseLong(prog: string, text: string): number | string {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  const failure = () => {
    const kind = /^0[xX]/.test(text) ? 'a hexadecimal' : text.startsWith('0') ? 'an octal' : 'a';
    return `${prog}: Can't parse "${text}" as ${kind} number\n`;
  };
  if (!m) return failure();
  const digits = m[2]!;
  const magnitude = /^0[xX]/.test(digits)
    ? BigInt(digits)
    : digits.length > 1 && digits.startsWith('0')
      ? BigInt(`0o${digits.slice(1)}`)
      : BigInt(digits);
  const value = m[1] === '-' ? -magnitude : magnitude;
  if (value > 0x7fffffffffffffffn || value < -0x8000000000000000n) return failure();
  return Number(value);
}

/** opt_int(): opt_long() that must also fit an int. */
export function parseInt32(prog: string, text: string): number | string {
  const n = parseLong(prog, text);
  if (typeof n === 'string') return n;
  if (n > 0x7fffffff || n < -0x80000000) return `${prog}: Value "${text}" outside integer range\n`;
  return n;
}

/** errno values, for the "8000xxxx" reason codes OpenSSL builds from them. */
const ERRNO: Record<VfsErrorCode, number> = { ENOENT: 2, ENOTDIR: 20, EISDIR: 21, EEXIST: 17, ENOTEMPTY: 39, EINVAL: 22, ENAMETOOLONG: 36 };

/** The two library lines OpenSSL queues when fopen fails. */
export function openErrorLines(path: string, mode: string, code: VfsErrorCode): string {
  const errno = ERRNO[code];
  const text = VFS_ERROR_TEXT[code];
  const second =
    code === 'ENOENT'
      ? '10000080:BIO routines:BIO_new_file:no such file:../crypto/bio/bss_file.c:75:'
      : '10080002:BIO routines:BIO_new_file:system lib:../crypto/bio/bss_file.c:77:';
  return (
    libError(
      `8000${errno.toString(16).toUpperCase().padStart(4, '0')}:system library:BIO_new_file:${text}:` +
        `../crypto/bio/bss_file.c:67:calling fopen(${path}, ${mode})`,
    ) + libError(second)
  );
}

/** What bio_open_default prints when fopen fails. */
export function openFailure(path: string, mode: string, code: VfsErrorCode): string {
  const writing = mode.startsWith('w');
  return `Can't open "${path}" for ${writing ? 'writing' : 'reading'}, ${VFS_ERROR_TEXT[code]}\n` + openErrorLines(path, mode, code);
}

/** What reading a directory that fopen accepted leaves in the error queue. */
export const DIRECTORY_READ_ERRORS =
  libError('80000015:system library:file_read:Is a directory:../crypto/bio/bss_file.c:149:calling fread()') +
  libError('10080002:BIO routines:file_read:system lib:../crypto/bio/bss_file.c:151:');

export type InputFile = { data: Uint8Array; directory?: boolean; path?: string } | { failure: string };

/**
 * Opens a file for reading like fopen: "-" or no name is stdin; a directory opens but reads as
 * nothing (the error shows up later, from fread).
 */
export function openInput(ctx: CommandContext, path: string | undefined, mode: string, stdin: Uint8Array): InputFile {
  if (path === undefined || path === '-') return { data: stdin };
  if (path === '') return { failure: openFailure(path, mode, 'ENOENT') }; // fopen("") fails so
  const abs = ctx.vfs.resolve(ctx.cwd, path);
  try {
    return { data: ctx.vfs.readFile(abs), path: abs };
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    if (error.code === 'EISDIR') return { data: new Uint8Array(0), directory: true, path: abs };
    return { failure: openFailure(path, mode, error.code) };
  }
}

/** An opened output: stdout, or a file whose bytes are written when it is closed. */
export interface Output {
  write(bytes: Uint8Array): void;
  close(): void;
  /** Bytes written so far (enc -v's "bytes written"). */
  readonly written: number;
  /** The file's absolute path; undefined for stdout. */
  readonly path: string | undefined;
}

/** Opens for writing like fopen(path, "w"): creates or truncates the file at once. */
export function openOutput(ctx: CommandContext, path: string | undefined, mode: string): Output | { failure: string } {
  if (path === undefined || path === '-') {
    let written = 0;
    return {
      write(bytes) {
        written += bytes.length;
        if (bytes.length > 0) ctx.stdout(bytes);
      },
      close() {},
      get written() {
        return written;
      },
      path: undefined,
    };
  }
  if (path === '') return { failure: openFailure(path, mode, 'ENOENT') };
  const abs = ctx.vfs.resolve(ctx.cwd, path);
  try {
    ctx.vfs.writeFile(abs, new Uint8Array(0));
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    return { failure: openFailure(path, mode, error.code) };
  }
  const chunks: Uint8Array[] = [];
  let written = 0;
  return {
    write(bytes) {
      chunks.push(bytes);
      written += bytes.length;
    },
    close() {
      if (written > 0) ctx.vfs.writeFile(abs, concat(...chunks));
    },
    get written() {
      return written;
    },
    path: abs,
  };
}

/**
 * Help entries for the options the openssl commands here accept and ignore: engines, providers
 * and random-seed files have no counterpart in the sandbox.
 */
export const IGNORED_OPTIONS: readonly HelpEntry[] = [
  ['-engine ID, -rand FILES, -writerand FILE', 'Accepted and ignored: the sandbox has no engines and no random-seed files.'],
  ['-provider NAME, -provider-path PATH, -propquery QUERY', 'Accepted and ignored: the sandbox has no providers to load.'],
];

/**
 * opt_format() for -inform, -keyform and the like: the first letter decides (D for DER, P for
 * PEM), as in OpenSSL; undefined (after printing OpenSSL's two lines) for anything else.
 */
export function parseFormat(ctx: CommandContext, prog: string, option: string, value: string): 'PEM' | 'DER' | undefined {
  const first = value[0]?.toUpperCase();
  if (first === 'D') return 'DER';
  if (first === 'P' && !/^p(12|kcs12)$/i.test(value)) return 'PEM';
  const choices = /^p(12|kcs12)$/i.test(value) ? '; must be one of:\n   PEM/DER\n   engine' : '';
  ctx.stderr(`${prog}: Bad format "${value}"${choices}\n${prog}: Invalid format "${value}" for option -${option}\n`);
  return undefined;
}
