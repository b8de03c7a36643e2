/** `head`: GNU head: -n/-c with counts, suffixes and a leading `-` (all but the last N), and -N. */
import type { CommandFn } from '../types.ts';
import { eachInput, HEAD_TAIL_LONG, readCount, type Headers } from './head-tail.ts';
import { lazyHelp } from './help-page.ts';
import { parseOptions, printInfo, startOfLastLines, startOfLine, usageError } from './tool-support.ts';

const HELP = lazyHelp('head');


const OBSOLETE_MULTIPLIER: Record<string, number> = { b: 512, k: 1024, m: 1024 * 1024 };

export const head: CommandFn = (ctx) => {
  let args = ctx.args;
  let bytes = false;
  let count = 10;
  let elide = false;
  let headers: Headers = 'auto';

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

  const parsed = parseOptions(args, { short: 'c:n:qv0123456789', long: HEAD_TAIL_LONG });
  if (!parsed.ok) return usageError(ctx, 'head', parsed.message);
  for (const { key, value } of parsed.options) {
    if (key === 'help' || key === 'version') return printInfo(ctx, key, HELP, 'head (KMS Lab) modelled on GNU coreutils 9.1');
    if (/^\d$/.test(key)) return usageError(ctx, 'head', `invalid trailing option -- ${key}`);
    if (key === 'q') headers = 'never';
    if (key === 'v') headers = 'always';
    if (key === 'c' || key === 'n') {
      const text = value ?? '';
      bytes = key === 'c';
      elide = text.startsWith('-');
      const parsedCount = readCount(ctx, 'head', text, bytes);
      if (parsedCount === undefined) return 1;
      count = parsedCount;
    }
  }

  return eachInput(ctx, 'head', parsed.operands, headers, (data) => {
    let end: number;
    if (bytes) end = elide ? Math.max(0, data.length - count) : Math.min(count, data.length);
    else end = elide ? startOfLastLines(data, count) : startOfLine(data, count + 1);
    return data.subarray(0, end);
  });
};
