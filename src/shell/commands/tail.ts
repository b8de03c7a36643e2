/** `tail`: GNU tail without following: -n/-c with counts (`+N` counts from the start), and -N/+N. */
import type { CommandFn } from '../types.ts';
import { eachInput, HEAD_TAIL_LONG, readCount, type Headers } from './head-tail.ts';
import { lazyHelp } from './help-page.ts';
import { complain, parseOptions, printInfo, startOfLastLines, startOfLine, usageError } from './tool-support.ts';

const HELP = lazyHelp('tail');


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
