/**
 * Where `openssl enc` gets a password: `-pass pass:|env:|file:|fd:|stdin` (see the
 * openssl-passphrase-options manual) and the older `-kfile`. The limits and complaints were
 * found by running OpenSSL 3.0: a -pass line is at most 1023 bytes, a -kfile line 127; the
 * password ends at the first newline or NUL byte.
 */
import type { CommandContext } from '../types.ts';
import { VfsError, type VfsErrorCode } from '../vfs.ts';
import { InputBytes, openErrorLines, openFailure } from './openssl-common.ts';

export type Password = { password: Uint8Array } | { failure: string };

const PASS_LINE_LIMIT = 1023;
const KEY_FILE_LINE_LIMIT = 127;
/** What one read from a file descriptor takes from a pipe or file. */
const FD_READ_SIZE = 4096;

/** The password in a line as C sees it: up to the newline, or up to a NUL byte. */
function asCString(line: Uint8Array): Uint8Array {
  let end = 0;
  while (end < line.length && line[end] !== 0 && line[end] !== 0x0a) end++;
  return line.subarray(0, end);
}

/** A line from a -pass source; an empty read, or a line that starts with NUL, is an error. */
function fromLine(line: Uint8Array): Password {
  if (line.length === 0 || line[0] === 0) return { failure: 'Error reading password from BIO\nError getting password\n' };
  return { password: asCString(line) };
}

/** A file's bytes; a directory opens (as fopen allows) but reads as nothing. */
type FileRead = { data: Uint8Array } | { cannotOpen: VfsErrorCode };

function readWholeFile(ctx: CommandContext, path: string): FileRead {
  if (path === '') return { cannotOpen: 'ENOENT' };
  try {
    return { data: ctx.vfs.readFile(ctx.vfs.resolve(ctx.cwd, path)) };
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    if (error.code === 'EISDIR') return { data: new Uint8Array(0) };
    return { cannotOpen: error.code };
  }
}

/** `-pass SOURCE`. `stdin` is shared with the data, which goes on after what the password took. */
export function passwordFromSource(ctx: CommandContext, source: string, stdin: InputBytes): Password {
  const colon = source.indexOf(':');
  const kind = colon < 0 ? source : source.slice(0, colon);
  const rest = source.slice(colon + 1);
  if (source === 'stdin') return fromLine(stdin.takeLine(PASS_LINE_LIMIT));
  if (colon < 0 || colon > 4) {
    return { failure: "Invalid password argument, missing ':' within the first 5 chars\nError getting password\n" };
  }
  switch (kind) {
    case 'pass':
      return { password: new TextEncoder().encode(rest) };
    case 'env': {
      const value = ctx.env[rest];
      if (value === undefined) return { failure: `No environment variable ${rest}\nError getting password\n` };
      return { password: new TextEncoder().encode(value) };
    }
    case 'file': {
      const file = readWholeFile(ctx, rest);
      if ('cannotOpen' in file) {
        return { failure: `Can't open file ${rest}\nError getting password\n${openErrorLines(rest, 'r', file.cannotOpen)}` };
      }
      return fromLine(new InputBytes(file.data).takeLine(PASS_LINE_LIMIT));
    }
    case 'fd': {
      // The number is read the way atoi reads it, so "fd:x" is descriptor 0. Only stdin is open here.
      const fd = Number(/^\s*[+-]?\d+/.exec(rest)?.[0] ?? 0);
      if (fd !== 0) return fromLine(new Uint8Array(0));
      return fromLine(new InputBytes(stdin.take(FD_READ_SIZE)).takeLine(PASS_LINE_LIMIT));
    }
    default:
      return { failure: `Invalid password argument, starting with "${source.slice(0, colon + 1)}"\nError getting password\n` };
  }
}

/**
 * `-kfile FILE` (or `-` for stdin): the first line without its trailing CR and LF characters.
 * OpenSSL never takes the first character off, and refuses a password shorter than two.
 */
export function passwordFromKeyFile(ctx: CommandContext, prog: string, path: string, stdin: InputBytes): Password {
  const usage = `${prog}: Use -help for summary.\n`;
  let line: Uint8Array;
  if (path === '-') {
    line = stdin.takeLine(KEY_FILE_LINE_LIMIT);
  } else {
    const file = readWholeFile(ctx, path);
    if ('cannotOpen' in file) return { failure: openFailure(path, 'r', file.cannotOpen) + usage };
    line = new InputBytes(file.data).takeLine(KEY_FILE_LINE_LIMIT);
  }
  if (line.length === 0 || line[0] === 0) return { failure: `${prog} Can't read key from ${path}\n${usage}` };
  let password = asCStringKeepingEnds(line);
  while (password.length > 1 && (password[password.length - 1] === 0x0a || password[password.length - 1] === 0x0d)) {
    password = password.subarray(0, password.length - 1);
  }
  if (password.length < 2) return { failure: `${prog}: zero length password\n${usage}` };
  return { password };
}

/** The line up to a NUL byte, newline included (it is trimmed afterwards, with CRs). */
function asCStringKeepingEnds(line: Uint8Array): Uint8Array {
  const nul = line.indexOf(0);
  return nul < 0 ? line : line.subarray(0, nul);
}
