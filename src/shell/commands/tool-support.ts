/**
 * What the file tools share: GNU-style option parsing, GNU's ways of quoting a file name in a
 * message, and reading an operand (`-` is standard input) with the errno a real open() would give.
 */
import type { CommandContext } from '../types.ts';
import { printHelp, type LazyHelp } from './help-page.ts';
import { nameTooLong, VFS_ERROR_TEXT, VfsError, type VfsErrorCode, type VfsStat } from '../vfs.ts';

export { VFS_ERROR_TEXT };

export interface LongOption {
  name: string;
  /** What the option is reported as: usually its short letter, so both spellings read alike. */
  key: string;
  arg?: 'required' | 'optional';
}

export interface OptionSpec {
  /** getopt's syntax: a letter followed by ':' takes an argument. */
  short: string;
  long?: readonly LongOption[];
}

export interface ParsedOption {
  key: string;
  value: string | undefined;
}

export type ParseResult =
  | { ok: true; options: ParsedOption[]; operands: string[] }
  | { ok: false; message: string };

/**
 * getopt_long as glibc does it: options may follow operands, `--` ends them, short options bundle
 * (`-rf`, `-n5`), long ones take `=value` or the next word and may be abbreviated.
 * The messages are glibc's, without the program name.
 */
export function parseOptions(args: readonly string[], spec: OptionSpec): ParseResult {
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  const takesArg = (letter: string): boolean | undefined => {
    const at = spec.short.indexOf(letter);
    if (at < 0 || letter === ':') return undefined;
    return spec.short[at + 1] === ':';
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const long = spec.long ?? [];
      let found = long.find((o) => o.name === name);
      if (!found) {
        const candidates = long.filter((o) => o.name.startsWith(name));
        const distinct = candidates.filter(
          (o, n) => candidates.findIndex((p) => p.key === o.key && p.arg === o.arg) === n,
        );
        if (distinct.length > 1) {
          return { ok: false, message: `option '${arg}' is ambiguous; possibilities:${candidates.map((o) => ` '--${o.name}'`).join('')}` };
        }
        found = candidates[0];
      }
      if (!found) return { ok: false, message: `unrecognized option '${arg}'` };
      if (eq >= 0) {
        if (!found.arg) return { ok: false, message: `option '--${found.name}' doesn't allow an argument` };
        options.push({ key: found.key, value: arg.slice(eq + 1) });
      } else if (found.arg === 'required') {
        if (i + 1 >= args.length) return { ok: false, message: `option '--${found.name}' requires an argument` };
        options.push({ key: found.key, value: args[++i]! });
      } else {
        options.push({ key: found.key, value: undefined });
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        const withArg = takesArg(letter);
        if (withArg === undefined) return { ok: false, message: `invalid option -- '${letter}'` };
        if (!withArg) {
          options.push({ key: letter, value: undefined });
          continue;
        }
        if (j + 1 < arg.length) options.push({ key: letter, value: arg.slice(j + 1) });
        else if (i + 1 < args.length) options.push({ key: letter, value: args[++i]! });
        else return { ok: false, message: `option requires an argument -- '${letter}'` };
        break;
      }
      continue;
    }
    operands.push(arg);
  }
  return { ok: true, options, operands };
}

/** Writes `tool: message` to standard error, as error(3) does. */
export function complain(ctx: CommandContext, tool: string, message: string): void {
  ctx.stderr(`${tool}: ${message}\n`);
}

/** A usage error in coreutils' form: the message, then where to find help. */
export function usageError(ctx: CommandContext, tool: string, message: string, status = 1): number {
  ctx.stderr(`${tool}: ${message}\nTry '${tool} --help' for more information.\n`);
  return status;
}

/** diffutils puts the program name in front of the hint too. */
export function diffutilsUsageError(ctx: CommandContext, tool: string, message: string): number {
  ctx.stderr(`${tool}: ${message}\n${tool}: Try '${tool} --help' for more information.\n`);
  return 2;
}

// ---- Quoting file names in messages, as gnulib's quotearg does under a UTF-8 locale ----

const SHELL_SPECIAL = new Set([...'!"$&\'()*;<=>?[\\^`| \t']);
const NAMED_ESCAPES: Record<string, string> = { '\x07': 'a', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v' };

function isControl(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0);
}

/** `\ooo` for each byte of the character's UTF-8 form. */
function octalBytes(ch: string): string {
  return [...new TextEncoder().encode(ch)].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

function needsShellQuotes(name: string, colon: boolean): boolean {
  if (name === '') return true;
  if (name === '{' || name === '}') return true;
  if (name.startsWith('#') || name.startsWith('~')) return true;
  for (const ch of name) if (SHELL_SPECIAL.has(ch) || isControl(ch) || (colon && ch === ':')) return true;
  return false;
}

function shellQuote(name: string): string {
  const chars = [...name];
  if (chars.includes("'") && !chars.some((c) => '$`"\\!'.includes(c) || isControl(c))) return `"${name}"`;
  let out = "'";
  let escaping = false;
  for (const ch of chars) {
    if (isControl(ch)) {
      if (!escaping) out += "'$'";
      escaping = true;
      out += NAMED_ESCAPES[ch] ? `\\${NAMED_ESCAPES[ch]}` : octalBytes(ch);
      continue;
    }
    if (escaping) out += "''";
    escaping = false;
    out += ch === "'" ? "'\\''" : ch;
  }
  return `${out}'`;
}

/** quotef: the name as is, or shell-quoted when it would be ambiguous (`cat: 'a b': …`). */
export function quoteName(name: string): string {
  return needsShellQuotes(name, true) ? shellQuote(name) : name;
}

/** quoteaf: always shell-quoted (`rm: cannot remove 'a': …`). */
export function quoteAlways(name: string): string {
  return needsShellQuotes(name, false) ? shellQuote(name) : `'${name}'`;
}

/** quote: the locale's quotation marks with C escapes (`mkdir: cannot create directory ‘a’: …`). */
export function quoteLocale(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (NAMED_ESCAPES[ch]) out += `\\${NAMED_ESCAPES[ch]}`;
    else if (isControl(ch)) out += octalBytes(ch);
    else out += ch;
  }
  return `‘${out}’`;
}

// ---- Files ----

export function errorCode(error: unknown): VfsErrorCode {
  if (error instanceof VfsError) return error.code;
  throw error;
}

export type Located = { ok: true; path: string; stat: VfsStat } | { ok: false; path: string; code: VfsErrorCode };

/**
 * Finds an operand as open() or stat() would: `''` does not exist, a trailing slash demands a
 * directory, and a regular file in the middle of a path gives ENOTDIR rather than ENOENT.
 */
export function locate(ctx: CommandContext, operand: string): Located {
  if (operand === '') return { ok: false, path: ctx.cwd, code: 'ENOENT' };
  const path = ctx.vfs.resolve(ctx.cwd, operand);
  if (nameTooLong(path)) return { ok: false, path, code: 'ENAMETOOLONG' };
  const stat = ctx.vfs.stat(path);
  if (stat) {
    if (stat.type === 'file' && operand.endsWith('/')) return { ok: false, path, code: 'ENOTDIR' };
    return { ok: true, path, stat };
  }
  // Which is it: a missing name, or a file used as a directory on the way?
  const full = operand.startsWith('/') || operand === '~' || operand.startsWith('~/') ? operand : `${ctx.cwd}/${operand}`;
  const parts = full.split('/');
  const upward = parts.lastIndexOf('..');
  let prefix = '';
  for (let n = 1; n < parts.length; n++) {
    prefix = n === 1 ? parts[0]! : `${prefix}/${parts[n - 1]}`;
    if (prefix === '' || prefix.endsWith('/')) continue;
    const type = ctx.vfs.stat(ctx.vfs.resolve(ctx.cwd, prefix))?.type;
    if (type === 'file') return { ok: false, path, code: 'ENOTDIR' };
    // Below a missing directory nothing exists, unless a later `..` climbs back out.
    if (type === undefined && n > upward) break;
  }
  return { ok: false, path, code: 'ENOENT' };
}

export type ReadResult = { ok: true; data: Uint8Array } | { ok: false; code: VfsErrorCode };

/** Reads operands; standard input (`-`) can be read once, later reads find it at its end. */
export class InputReader {
  private stdinUsed = false;
  private readonly ctx: CommandContext;

  constructor(ctx: CommandContext) {
    this.ctx = ctx;
  }

  read(operand: string): ReadResult {
    if (operand === '-') return { ok: true, data: this.stdin() };
    const found = locate(this.ctx, operand);
    if (!found.ok) return found;
    if (found.stat.type === 'dir') return { ok: false, code: 'EISDIR' };
    return { ok: true, data: this.ctx.vfs.readFile(found.path) };
  }

  stdin(): Uint8Array {
    if (this.stdinUsed) return new Uint8Array(0);
    this.stdinUsed = true;
    return this.ctx.stdin;
  }
}

// ---- Bytes and numbers ----

/** One character per byte, so line-oriented tools can work on binary data losslessly. */
export function bytesToLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

export function latin1ToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const MULTIPLIERS: Record<string, number> = { k: 1, K: 1, m: 2, M: 2, G: 3, T: 4, P: 5, E: 6, Z: 7, Y: 8 };
const UINTMAX = 2n ** 64n - 1n;

/**
 * A count with coreutils' suffixes (`b` 512, `K`/`KiB` 1024, `KB` 1000, …), as head and tail read it.
 * Values past what fits in 64 bits are refused, as GNU refuses them.
 */
export function parseCount(text: string): { ok: true; value: number } | { ok: false; tooLarge: boolean } {
  const m = /^(\d+)(?:(b)|([kKmMGTPEZY])(iB|B)?)?$/.exec(text);
  if (!m) return { ok: false, tooLarge: false };
  let value = BigInt(m[1]!);
  if (m[2]) value *= 512n;
  if (m[3]) value *= (m[4] === 'B' ? 1000n : 1024n) ** BigInt(MULTIPLIERS[m[3]]!);
  if (value > UINTMAX) return { ok: false, tooLarge: true };
  // Beyond 2^53 a count is as good as infinite for files held in memory.
  return { ok: true, value: value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value) };
}

/** cat -v's way of showing a byte: `^A`, `^?`, `M-^@`, `M-a`. */
export function showByte(byte: number): string {
  let out = '';
  let b = byte;
  if (b >= 128) {
    out += 'M-';
    b -= 128;
  }
  if (b < 32) return `${out}^${String.fromCharCode(b + 64)}`;
  if (b === 127) return `${out}^?`;
  return out + String.fromCharCode(b);
}

/** Where the last `n` lines of `data` begin (a final line without a newline counts), as tail and head -n -N see them. */
export function startOfLastLines(data: Uint8Array, n: number): number {
  if (n <= 0) return data.length;
  let found = 0;
  const last = data.length - 1;
  for (let i = data[last] === 0x0a ? last - 1 : last; i >= 0; i--) {
    if (data[i] === 0x0a && ++found === n) return i + 1;
  }
  return 0;
}

/** Where line `n` (1-based) begins: just after the (n-1)th newline, or the end. */
export function startOfLine(data: Uint8Array, n: number): number {
  let found = 0;
  if (n <= 1) return 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x0a && ++found === n - 1) return i + 1;
  }
  return data.length;
}

/** The header head and tail print before each file when there are several. */
export function fileHeader(first: boolean, operand: string): string {
  return `${first ? '' : '\n'}==> ${operand === '-' ? 'standard input' : operand} <==\n`;
}

/** `--help` or `--version`, answered when the option loop meets it: the help page (a lazy one is fetched first) or the version line, status 0. */
export function printInfo(ctx: CommandContext, key: 'help' | 'version', help: string | LazyHelp, version: string): number | Promise<number> {
  if (key === 'help' && typeof help !== 'string') return printHelp(ctx, help);
  ctx.stdout(key === 'help' ? (help as string) : `${version}\n`);
  return 0;
}
