/** `tail`: GNU tail without following: -n/-c with counts (`+N` counts from the start), and -N/+N. */
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

const HELP = `Usage: tail [OPTION]... [FILE]...
Print the last 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

  -c, --bytes=[+]NUM       output the last NUM bytes; or use -c +NUM to
                             output starting with byte NUM of each file
  -n, --lines=[+]NUM       output the last NUM lines, instead of the last 10;
                             or use -n +NUM to skip NUM-1 lines at the start
  -q, --quiet, --silent    never output headers giving file names
  -v, --verbose            always output headers giving file names
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

export const tail: CommandFn = (ctx) => {
  let args = ctx.args;
  let bytes = false;
  let count = 10;
  let fromStart = false;
  let headers: 'auto' | 'always' | 'never' = 'auto';

  // The old form `tail -NUM[bcl]` or `tail +NUM[bcl]`, when at most one file follows.
  // As GNU decides: `-` alone is standard input and `-c` wants its argument.
  const old = /^([-+])(\d*)([bcl]?)$/.exec(args[0] ?? '');
  const second = args[1] ?? '';
  const oldRest = old ? `${old[2] ?? ''}${old[3] ?? ''}` : '';
  const oldApplies = old && !(old[1] === '-' && (oldRest === '' || oldRest === 'c'));
  if (old && oldApplies && args.length <= 2 && !(second.startsWith('-') && second.length > 1)) {
    fromStart = old[1] === '+';
    count = old[2] ? Number(old[2]) : 10;
    if (old[3] === 'b') {
      count *= 512;
      bytes = true;
    }
    if (old[3] === 'c') bytes = true;
    args = args.slice(1);
  }

  const parsed = parseOptions(args, { short: 'c:n:qv0123456789', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'tail', parsed.message);
  for (const { key, value } of parsed.options) {
    if (key === 'help') {
      ctx.stdout(HELP);
      return 0;
    }
    if (key === 'version') {
      ctx.stdout('tail (KMS Lab) modelled on GNU coreutils 9.1\n');
      return 0;
    }
    if (/^\d$/.test(key)) {
      complain(ctx, 'tail', `option used in invalid context -- ${key}`);
      return 1;
    }
    if (key === 'q') headers = 'never';
    if (key === 'v') headers = 'always';
    if (key === 'c' || key === 'n') {
      const text = value ?? '';
      bytes = key === 'c';
      // As in GNU tail, a `+` once given stays in force for a later -c or -n.
      if (text.startsWith('+')) fromStart = true;
      const parsedCount = parseCount(text.replace(/^[-+]/, ''));
      if (!parsedCount.ok) {
        const what = bytes ? 'bytes' : 'lines';
        const tail = parsedCount.tooLarge ? ': Value too large for defined data type' : '';
        complain(ctx, 'tail', `invalid number of ${what}: ${quoteLocale(text)}${tail}`);
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
      complain(ctx, 'tail', `cannot open ${quoteAlways(operand)} for reading: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      continue;
    }
    if (showHeaders) ctx.stdout(fileHeader(first, operand));
    first = false;
    if (!read.ok) {
      complain(ctx, 'tail', `error reading ${quoteAlways(operand)}: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      continue;
    }
    const data = read.data;
    let start: number;
    if (bytes) start = fromStart ? Math.min(data.length, Math.max(0, count - 1)) : Math.max(0, data.length - count);
    else start = fromStart ? startOfLine(data, count) : startOfLastLines(data, count);
    if (start < data.length) ctx.stdout(data.subarray(start));
  }
  return status;
};
