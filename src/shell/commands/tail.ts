/** `tail`: GNU tail without following: -n/-c with counts (`+N` counts from the start), and -N/+N. */
import type { CommandFn } from '../types.ts';
import { COUNT_UNITS, eachInput, HEAD_TAIL_LONG, readCount, type Headers } from './head-tail.ts';
import { INFO_OPTIONS, renderHelp } from './help-page.ts';
import { complain, parseOptions, printInfo, startOfLastLines, startOfLine, usageError } from './tool-support.ts';

const HELP = renderHelp({
  name: 'tail',
  summary: 'print the end of files',
  synopsis: ['tail [options] [file ...]'],
  description: [
    'Prints the end of each file, 10 lines unless an option says otherwise. Standard input is read when no ' +
      'file is named, or for -. When there are several files, each one\'s part begins with a line ==> name <==. ' +
      'Files in the sandbox do not grow while you watch, so there is no -f.',
    COUNT_UNITS,
  ],
  options: [
    ['-n, --lines=[+]NUM', 'Prints the last NUM lines. Written with a plus (-n +2), it starts at line NUM and prints the rest.'],
    ['-c, --bytes=[+]NUM', 'Works in bytes instead of lines: the last NUM bytes, or with a plus everything from byte NUM on.'],
    ['-NUM, +NUM', 'The old ways to say -n NUM and -n +NUM, accepted as the first argument when at most one file ' +
      'follows. A c after the number counts bytes, a b counts blocks of 512 bytes.'],
    ['-q, --quiet, --silent', 'Leaves out the ==> name <== lines.'],
    ['-v, --verbose', 'Prints the ==> name <== line even for a single file.'],
    ...INFO_OPTIONS,
  ],
  examples: [
    ['Show only the last three aliases of the list:', 'aws kms list-aliases --output text | tail -n 3'],
    ['Skip the first 32 bytes of a file:', 'tail -c +33 data.bin > rest.bin'],
  ],
});


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
