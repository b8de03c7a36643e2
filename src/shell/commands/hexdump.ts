/**
 * `hexdump`: util-linux hexdump's canonical (-C) and default formats over the files joined end to
 * end, with -s/-n/-v. Repeated 16-byte lines become one `*` unless -v. As in util-linux, `-` is a
 * file name, not standard input.
 */
import type { CommandFn } from '../types.ts';
import { lazyHelp, printHelp } from './help-page.ts';
import { complain, locate, parseOptions, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('hexdump');

const LONG = [
  { name: 'canonical', key: 'C' },
  { name: 'length', key: 'n', arg: 'required' },
  { name: 'skip', key: 's', arg: 'required' },
  { name: 'no-squeezing', key: 'v' },
  { name: 'help', key: 'h' },
] as const;

const POWERS: Record<string, number> = { K: 1, M: 2, G: 3, T: 4, P: 5, E: 6, Z: 7, Y: 8 };

/** util-linux strtosize: C's base prefixes, then an optional K/M/G… with an optional iB (1024) or B (1000). */
function parseSize(text: string): number | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)(?:([KMGTPEZY])(iB|B)?)?$/i.exec(text);
  if (!m) return undefined;
  const digits = m[1]!;
  let value = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : Number(digits);
  if (m[2]) value *= (m[3] === 'B' ? 1000 : 1024) ** POWERS[m[2].toUpperCase()]!;
  return value;
}

export const hexdump: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'Cn:s:vh', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'hexdump', parsed.message);
  let canonical = false;
  let squeeze = true;
  let skip = 0;
  let length = -1;
  for (const { key, value } of parsed.options) {
    if (key === 'h') return printHelp(ctx, HELP);
    if (key === 'C') canonical = true;
    if (key === 'v') squeeze = false;
    if (key === 's' || key === 'n') {
      const size = parseSize(value ?? '');
      if (size === undefined) {
        complain(ctx, 'hexdump', `failed to parse ${key === 's' ? 'offset' : 'length'}: '${value}': Invalid argument`);
        return 1;
      }
      if (key === 's') skip = size;
      else length = size;
    }
  }

  // The inputs are read as one stream; a name that cannot be opened is skipped with a message.
  const chunks: Uint8Array[] = [];
  let status = 0;
  if (parsed.operands.length === 0) chunks.push(ctx.stdin);
  let failures = 0;
  for (const operand of parsed.operands) {
    const found = locate(ctx, operand === '-' ? './-' : operand);
    if (!found.ok) {
      complain(ctx, 'hexdump', `${operand}: ${VFS_ERROR_TEXT[found.code]}`);
      status = 1;
      failures++;
      continue;
    }
    if (found.stat.type === 'dir') {
      // Opened fine, then the read fails: reported, yet not counted as a failure.
      complain(ctx, 'hexdump', `${operand}: ${VFS_ERROR_TEXT.EISDIR}`);
      continue;
    }
    chunks.push(ctx.vfs.readFile(found.path));
  }
  if (parsed.operands.length > 0 && failures === parsed.operands.length) {
    complain(ctx, 'hexdump', 'all input file arguments failed');
    return 1;
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  const start = Math.min(skip, total);
  const data = all.subarray(start, length < 0 ? total : Math.min(total, start + length));
  if (length === 0 || (data.length === 0 && skip === 0)) return status;

  const lines: string[] = [];
  let previous: Uint8Array | undefined;
  let starred = false;
  for (let offset = 0; offset < data.length; offset += 16) {
    const row = data.subarray(offset, offset + 16);
    if (squeeze && previous && row.length === 16 && row.every((b, i) => b === previous![i])) {
      if (!starred) lines.push('*\n');
      starred = true;
      continue;
    }
    previous = row;
    starred = false;
    lines.push(canonical ? canonicalLine(start + offset, row) : defaultLine(start + offset, row));
  }
  const end = start + data.length;
  lines.push(canonical ? `${end.toString(16).padStart(8, '0')}\n` : `${end.toString(16).padStart(7, '0')}\n`);
  ctx.stdout(lines.join(''));
  return status;
};

/** `00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |hello world.|` */
function canonicalLine(offset: number, row: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < 16; i++) {
    hex += i < row.length ? `${row[i]!.toString(16).padStart(2, '0')} ` : '   ';
    if (i === 7) hex += ' ';
  }
  const text = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `${offset.toString(16).padStart(8, '0')}  ${hex} |${text}|\n`;
}

/** `0000000 6568 6c6c …`: little-endian 16-bit words, the short ones padded to the full width. */
function defaultLine(offset: number, row: Uint8Array): string {
  let line = offset.toString(16).padStart(7, '0');
  for (let i = 0; i < 16; i += 2) {
    if (i < row.length) line += ` ${((row[i + 1] ?? 0) * 256 + row[i]!).toString(16).padStart(4, '0')}`;
    else line += '     ';
  }
  return `${line}\n`;
}
