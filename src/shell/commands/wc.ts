/**
 * `wc`: GNU wc under a UTF-8 locale: words are runs of printable characters, invalid bytes count
 * as bytes only, and columns are as wide as the total size of the inputs needs (7 for a pipe).
 */
import type { CommandFn } from '../types.ts';
import { lazyHelp } from './help-page.ts';
import { complain, InputReader, locate, parseOptions, printInfo, quoteName, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('wc');

const LONG = [
  { name: 'bytes', key: 'c' },
  { name: 'chars', key: 'm' },
  { name: 'lines', key: 'l' },
  { name: 'words', key: 'w' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

interface Counts {
  lines: number;
  words: number;
  chars: number;
  bytes: number;
}

/** Unicode white space per glibc's iswspace(), plus the no-break spaces that coreutils 9 wc also splits words at. */
const WIDE_SPACES = new Set([
  0x00a0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f,
  0x205f, 0x2060, 0x3000,
]);

/** The next UTF-8 character at `i`: its code point and length, or -1 for a byte that starts none. */
function decodeAt(data: Uint8Array, i: number): [number, number] {
  const b = data[i]!;
  if (b < 0x80) return [b, 1];
  const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > data.length) return [-1, 1];
  let cp = b & (0x7f >> len);
  for (let k = 1; k < len; k++) {
    const c = data[i + k]!;
    if ((c & 0xc0) !== 0x80) return [-1, 1];
    cp = (cp << 6) | (c & 0x3f);
  }
  const min = [0, 0, 0x80, 0x800, 0x10000][len]!;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [-1, 1];
  return [cp, len];
}

export function count(data: Uint8Array): Counts {
  let lines = 0;
  let words = 0;
  let chars = 0;
  let inWord = false;
  for (let i = 0; i < data.length; ) {
    const [cp, len] = decodeAt(data, i);
    i += len;
    if (cp < 0) continue;
    chars++;
    if (cp === 0x0a) lines++;
    if (cp === 0x0a || cp === 0x0d || cp === 0x0c || cp === 0x09 || cp === 0x20 || cp === 0x0b || WIDE_SPACES.has(cp)) {
      if (inWord) words++;
      inWord = false;
    } else if (cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0)) {
      // Only printable characters make words; control characters leave the state alone.
      inWord = true;
    }
  }
  if (inWord) words++;
  return { lines, words, chars, bytes: data.length };
}

export const wc: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'cmlw', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'wc', parsed.message);
  const keys = new Set(parsed.options.map((o) => o.key));
  if (keys.has('help') || keys.has('version')) return printInfo(ctx, keys.has('help') ? 'help' : 'version', HELP, 'wc (KMS Lab) modelled on GNU coreutils 9.1');
  const none = !['c', 'm', 'l', 'w'].some((k) => keys.has(k));
  const shown: (keyof Counts)[] = [];
  if (none || keys.has('l')) shown.push('lines');
  if (none || keys.has('w')) shown.push('words');
  if (keys.has('m')) shown.push('chars');
  if (none || keys.has('c')) shown.push('bytes');

  const operands = parsed.operands.length ? parsed.operands : [undefined];
  // GNU sizes the columns before reading: from the regular files' sizes, at least 7 for anything else.
  let width = 1;
  if (!(operands.length === 1 && shown.length === 1)) {
    let minimum = 1;
    let regularTotal = 0;
    for (const operand of operands) {
      const found = operand === undefined || operand === '-' ? undefined : locate(ctx, operand);
      if (found && !found.ok) continue;
      if (found?.stat.type === 'file') regularTotal += found.stat.size;
      else minimum = 7;
    }
    width = Math.max(String(regularTotal).length, minimum);
  }
  const line = (c: Counts, name: string | undefined): string =>
    `${shown.map((k) => String(c[k]).padStart(width)).join(' ')}${name === undefined ? '' : ` ${name}`}\n`;

  const input = new InputReader(ctx);
  const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0 };
  let status = 0;
  for (const operand of operands) {
    const read = input.read(operand ?? '-');
    if (!read.ok) {
      complain(ctx, 'wc', `${quoteName(operand ?? '-')}: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      // A directory still gets its line of zeros, as the failed read() left them.
      if (read.code !== 'EISDIR') continue;
    }
    const c = read.ok ? count(read.data) : { lines: 0, words: 0, chars: 0, bytes: 0 };
    for (const k of shown) total[k] += c[k];
    // Names are printed as they are, unless a newline would break the line.
    ctx.stdout(line(c, operand === undefined ? undefined : operand.includes('\n') ? quoteName(operand) : operand));
  }
  if (operands.length > 1) ctx.stdout(line(total, 'total'));
  return status;
};
