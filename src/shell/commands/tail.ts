/** `tail`: GNU tail without following: -n/-c with counts (`+N` counts from the start), and -N/+N. */
import type { CommandFn } from '../types.ts';
import { eachInput, HEAD_TAIL_LONG, readCount, type Headers } from './head-tail.ts';
import { complain, parseOptions, printInfo, startOfLastLines, startOfLine, usageError } from './tool-support.ts';

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


export const tail: CommandFn = (ctx) => {
  let args = ctx.args;
  let bytes = false;
  let count = 10;
  let fromStart = false;
  let headers: Headers = 'auto';

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

  const parsed = parseOptions(args, { short: 'c:n:qv0123456789', long: HEAD_TAIL_LONG });
  if (!parsed.ok) return usageError(ctx, 'tail', parsed.message);
  for (const { key, value } of parsed.options) {
    if (key === 'help' || key === 'version') return printInfo(ctx, key, HELP, 'tail (KMS Lab) modelled on GNU coreutils 9.1');
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
      const parsedCount = readCount(ctx, 'tail', text, bytes);
      if (parsedCount === undefined) return 1;
      count = parsedCount;
    }
  }

  return eachInput(ctx, 'tail', parsed.operands, headers, (data) => {
    let start: number;
    if (bytes) start = fromStart ? Math.min(data.length, Math.max(0, count - 1)) : Math.max(0, data.length - count);
    else start = fromStart ? startOfLine(data, count) : startOfLastLines(data, count);
    return data.subarray(start);
  });
};
