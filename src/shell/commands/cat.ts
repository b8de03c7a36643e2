/** `cat`: GNU coreutils' cat, including -n/-b/-s/-E/-T/-v, whose state carries across files. */
import type { CommandFn } from '../types.ts';
import { lazyHelp } from './help-page.ts';
import {
  complain,
  InputReader,
  latin1ToBytes,
  parseOptions,
  printInfo,
  quoteName,
  showByte,
  usageError,
  VFS_ERROR_TEXT,
} from './tool-support.ts';

const HELP = lazyHelp('cat');

const LONG = [
  // glibc lists ambiguous matches in table order, so this is GNU cat's order.
  { name: 'number-nonblank', key: 'b' },
  { name: 'number', key: 'n' },
  { name: 'squeeze-blank', key: 's' },
  { name: 'show-nonprinting', key: 'v' },
  { name: 'show-ends', key: 'E' },
  { name: 'show-tabs', key: 'T' },
  { name: 'show-all', key: 'A' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

const SHORTHANDS: Record<string, string> = { A: 'vET', e: 'vE', t: 'vT' };

export const cat: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'AbeEnstTuv', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'cat', parsed.message);
  const flags = new Set<string>();
  for (const { key } of parsed.options) {
    if (key === 'help' || key === 'version') return printInfo(ctx, key, HELP, 'cat (KMS Lab) modelled on GNU coreutils 9.1');
    for (const k of SHORTHANDS[key] ?? key) flags.add(k);
  }
  const numberNonblank = flags.has('b');
  const number = flags.has('n') || numberNonblank;
  const plain = !number && !['E', 's', 'T', 'v'].some((f) => flags.has(f));

  const input = new InputReader(ctx);
  const state = { line: 0, atLineStart: true, lastWasBlank: false };
  let status = 0;
  for (const operand of parsed.operands.length ? parsed.operands : ['-']) {
    const read = input.read(operand);
    if (!read.ok) {
      complain(ctx, 'cat', `${quoteName(operand)}: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      continue;
    }
    if (plain) {
      if (read.data.length) ctx.stdout(read.data);
      continue;
    }
    const out: string[] = [];
    const prefix = (): string => `${String(++state.line).padStart(6)}\t`;
    for (const byte of read.data) {
      if (state.atLineStart && byte === 0x0a) {
        // An empty line: squeezed, numbered only by -n, and it may end a run of blanks.
        if (flags.has('s') && state.lastWasBlank) continue;
        if (number && !numberNonblank) out.push(prefix());
        out.push(flags.has('E') ? '$\n' : '\n');
        state.lastWasBlank = true;
        continue;
      }
      if (state.atLineStart) {
        if (number) out.push(prefix());
        state.atLineStart = false;
        state.lastWasBlank = false;
      }
      if (byte === 0x0a) {
        out.push(flags.has('E') ? '$\n' : '\n');
        state.atLineStart = true;
      } else if (byte === 0x09) {
        out.push(flags.has('T') ? '^I' : '\t');
      } else if (flags.has('v')) {
        out.push(showByte(byte));
      } else {
        out.push(String.fromCharCode(byte));
      }
    }
    // Characters here stand for bytes: encode them back one to one.
    const bytes = latin1ToBytes(out.join(''));
    if (bytes.length) ctx.stdout(bytes);
  }
  return status;
};
