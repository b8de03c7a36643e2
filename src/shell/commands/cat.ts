/** `cat`: GNU coreutils' cat, including -n/-b/-s/-E/-T/-v, whose state carries across files. */
import type { CommandFn } from '../types.ts';
import { INFO_OPTIONS, renderHelp } from './help-page.ts';
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

const HELP = renderHelp({
  name: 'cat',
  summary: 'print files, one after another',
  synopsis: ['cat [options] [file ...]'],
  description: [
    'Writes out the bytes of every file named, one file after another, unchanged unless an option asks for ' +
      'more. No file at all, or a file named -, means standard input.',
    'Use it to look at a plaintext before you encrypt it, or at what a decrypt gave back. The display ' +
      'options help when a file holds invisible characters, such as a trailing newline that changes a digest.',
  ],
  options: [
    ['-n, --number', 'Puts a line number before every output line; the count goes on from one file to the next.'],
    ['-b, --number-nonblank', 'Numbers only the lines that are not empty (takes precedence over -n).'],
    ['-s, --squeeze-blank', 'Shows several empty lines in a row as one.'],
    ['-E, --show-ends', 'Writes a $ where each line ends.'],
    ['-T, --show-tabs', 'Writes each tab as ^I.'],
    ['-v, --show-nonprinting', 'Makes control bytes and bytes from 128 up readable as ^X and M-X; tabs and newlines stay.'],
    ['-A, --show-all', 'Short for -vET.'],
    ['-e', 'Short for -vE.'],
    ['-t', 'Short for -vT.'],
    ['-u', 'Accepted for old scripts; it makes no difference.'],
    ...INFO_OPTIONS,
  ],
  examples: [
    ['Read a file before encrypting it:', 'cat secret.txt'],
    ['Check for a newline at the end of decrypted text:', 'cat -A decrypted.txt'],
  ],
});

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
