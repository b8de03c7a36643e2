/** `head`: GNU head: -n/-c with counts, suffixes and a leading `-` (all but the last N), and -N. */
import type { CommandFn } from '../types.ts';
import {
  complain,
  fileHeader,
  InputReader,
  parseCount,
  parseOptions,
  quoteAlways,
  quoteLocale,
  startOfLastLines,
  startOfLine,
  usageError,
  VFS_ERROR_TEXT,
} from './tool-support.ts';

const HELP = `Usage: head [OPTION]... [FILE]...
Print the first 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

  -c, --bytes=[-]NUM       print the first NUM bytes of each file;
                             with the leading '-', print all but the last
                             NUM bytes of each file
  -n, --lines=[-]NUM       print the first NUM lines instead of the first 10;
                             with the leading '-', print all but the last
                             NUM lines of each file
  -q, --quiet, --silent    never print headers giving file names
  -v, --verbose            always print headers giving file names
      --help        display this help and exit

NUM may have a multiplier suffix:
b 512, kB 1000, K 1024, MB 1000*1000, M 1024*1024,
GB 1000*1000*1000, G 1024*1024*1024, and so on for T, P, E, Z, Y.
`;

const LONG = [
  { name: 'bytes', key: 'c', arg: 'required' },
  { name: 'lines', key: 'n', arg: 'required' },
  { name: 'quiet', key: 'q' },
  { name: 'silent', key: 'q' },
  { name: 'verbose', key: 'v' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

const OBSOLETE_MULTIPLIER: Record<string, number> = { b: 512, k: 1024, m: 1024 * 1024 };

export const head: CommandFn = (ctx) => {
  let args = ctx.args;
  let bytes = false;
  let count = 10;
  let elide = false;
  let headers: 'auto' | 'always' | 'never' = 'auto';

  // The old form `head -NUM[bkm][cl][qv] …`, only as the first argument.
  const old = /^-(\d+)(.*)$/.exec(args[0] ?? '');
  if (old) {
    count = Number(old[1]);
    for (const ch of old[2]!) {
      if (OBSOLETE_MULTIPLIER[ch]) count *= OBSOLETE_MULTIPLIER[ch];
      else if (ch === 'c') bytes = true;
      else if (ch === 'l') bytes = false;
      else if (ch === 'q') headers = 'never';
      else if (ch === 'v') headers = 'always';
      else return usageError(ctx, 'head', `invalid trailing option -- ${ch}`);
    }
    args = args.slice(1);
  }

  const parsed = parseOptions(args, { short: 'c:n:qv0123456789', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'head', parsed.message);
  for (const { key, value } of parsed.options) {
    if (key === 'help') {
      ctx.stdout(HELP);
      return 0;
    }
    if (key === 'version') {
      ctx.stdout('head (KMS Lab) modelled on GNU coreutils 9.1\n');
      return 0;
    }
    if (/^\d$/.test(key)) return usageError(ctx, 'head', `invalid trailing option -- ${key}`);
    if (key === 'q') headers = 'never';
    if (key === 'v') headers = 'always';
    if (key === 'c' || key === 'n') {
      const text = value ?? '';
      bytes = key === 'c';
      elide = text.startsWith('-');
      const parsedCount = parseCount(text.replace(/^[-+]/, ''));
      if (!parsedCount.ok) {
        const what = bytes ? 'bytes' : 'lines';
        const tail = parsedCount.tooLarge ? ': Value too large for defined data type' : '';
        complain(ctx, 'head', `invalid number of ${what}: ${quoteLocale(text)}${tail}`);
        return 1;
      }
      count = parsedCount.value;
    }
  }

  const operands = parsed.operands.length ? parsed.operands : ['-'];
  const showHeaders = headers === 'always' || (headers === 'auto' && operands.length > 1);
  const input = new InputReader(ctx);
  let first = true;
  let status = 0;
  for (const operand of operands) {
    const read = input.read(operand);
    if (!read.ok && read.code !== 'EISDIR') {
      complain(ctx, 'head', `cannot open ${quoteAlways(operand)} for reading: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      continue;
    }
    if (showHeaders) ctx.stdout(fileHeader(first, operand));
    first = false;
    if (!read.ok) {
      complain(ctx, 'head', `error reading ${quoteAlways(operand)}: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      continue;
    }
    const data = read.data;
    let end: number;
    if (bytes) end = elide ? Math.max(0, data.length - count) : Math.min(count, data.length);
    else end = elide ? startOfLastLines(data, count) : startOfLine(data, count + 1);
    if (end > 0) ctx.stdout(data.subarray(0, end));
  }
  return status;
};
