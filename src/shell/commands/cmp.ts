/** `cmp`: GNU diffutils' cmp: the first difference (or all with -l), EOF notes, -s, -b, -n, skips. */
import type { CommandFn } from '../types.ts';
import { lazyHelp } from './help-page.ts';
import { complain, diffutilsUsageError, InputReader, locate, parseOptions, printInfo, showByte, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('cmp');

const LONG = [
  { name: 'print-bytes', key: 'b' },
  { name: 'ignore-initial', key: 'i', arg: 'required' },
  { name: 'verbose', key: 'l' },
  { name: 'bytes', key: 'n', arg: 'required' },
  { name: 'quiet', key: 's' },
  { name: 'silent', key: 's' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

export const cmp: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'bi:ln:s', long: LONG });
  if (!parsed.ok) return diffutilsUsageError(ctx, 'cmp', parsed.message);
  let printBytes = false;
  let verbose = false;
  let silent = false;
  let limit = Number.MAX_SAFE_INTEGER;
  const skips = [0, 0];
  for (const { key, value } of parsed.options) {
    if (key === 'help' || key === 'version') return printInfo(ctx, key, HELP, 'cmp (KMS Lab) modelled on GNU diffutils 3.8');
    if (key === 'b') printBytes = true;
    if (key === 'l') verbose = true;
    if (key === 's') silent = true;
    if (key === 'n') {
      if (!/^\d+$/.test(value ?? '')) return diffutilsUsageError(ctx, 'cmp', `invalid --bytes value '${value}'`);
      limit = Number(value);
    }
    if (key === 'i') {
      const m = /^(\d+)(?::(\d+))?$/.exec(value ?? '');
      if (!m) return diffutilsUsageError(ctx, 'cmp', `invalid --ignore-initial value '${value}'`);
      skips[0] = Number(m[1]);
      skips[1] = Number(m[2] ?? m[1]);
    }
  }
  if (verbose && silent) return diffutilsUsageError(ctx, 'cmp', 'options -l and -s are incompatible');
  const operands = parsed.operands;
  if (operands.length === 0) return diffutilsUsageError(ctx, 'cmp', "missing operand after 'cmp'");
  for (const [i, skip] of operands.slice(2, 4).entries()) {
    if (!/^\d+$/.test(skip)) return diffutilsUsageError(ctx, 'cmp', `invalid --ignore-initial value '${skip}'`);
    skips[i] = Number(skip);
  }
  if (operands.length > 4) return diffutilsUsageError(ctx, 'cmp', `extra operand '${operands[4]}'`);
  const names = [operands[0]!, operands[1] ?? '-'] as const;

  const input = new InputReader(ctx);
  const contents: Uint8Array[] = [];
  for (const name of names) {
    // The same name twice (`cmp - -`, `cmp a a`) is one file, equal to itself.
    if (name === names[0] && contents.length === 1) {
      contents.push(contents[0]!);
      continue;
    }
    const read = input.read(name);
    if (!read.ok) {
      // -s silences even this: only the status tells.
      if (!silent) complain(ctx, 'cmp', `${name}: ${VFS_ERROR_TEXT[read.code]}`);
      return 2;
    }
    contents.push(read.data);
  }
  const a = contents[0]!.subarray(skips[0]!);
  const b = contents[1]!.subarray(skips[1]!);
  const common = Math.min(a.length, b.length, limit);

  let lines = 1;
  let differ = false;
  const out: string[] = [];
  // -l pads the offsets to the width of the shorter regular file; a pipe's size is unknown, so
  // with only pipes GNU pads to the widest offset there is (19 digits).
  let widest = limit;
  for (const [i, name] of names.entries()) {
    const found = name === '-' ? undefined : locate(ctx, name);
    if (found?.ok) widest = Math.min(widest, Math.max(0, found.stat.size - skips[i]!));
  }
  const width = widest === Number.MAX_SAFE_INTEGER ? 19 : String(widest).length;
  const octal = (x: number): string => x.toString(8).padStart(3);
  for (let i = 0; i < common; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) {
      differ = true;
      if (silent) break;
      if (!verbose) {
        const detail = printBytes ? ` is ${octal(x)} ${showByte(x)} ${octal(y)} ${showByte(y)}` : '';
        out.push(`${names[0]} ${names[1]} differ: byte ${i + 1}, line ${lines}${detail}\n`);
        break;
      }
      out.push(
        printBytes
          ? `${String(i + 1).padStart(width)} ${octal(x)} ${showByte(x).padEnd(4)} ${octal(y)} ${showByte(y)}\n`
          : `${String(i + 1).padStart(width)} ${octal(x)} ${octal(y)}\n`,
      );
    }
    if (x === 0x0a) lines++;
  }
  if (out.length) ctx.stdout(out.join(''));
  if (differ && !verbose) return 1;
  if (a.length !== b.length && common < limit) {
    if (!silent) {
      const shorter = a.length < b.length ? names[0] : names[1];
      if (common === 0) complain(ctx, 'cmp', `EOF on ${shorter} which is empty`);
      else if (verbose) complain(ctx, 'cmp', `EOF on ${shorter} after byte ${common}`);
      else {
        const newlines = lines - 1;
        const where = a[common - 1] === 0x0a ? `line ${newlines}` : `in line ${newlines + 1}`;
        complain(ctx, 'cmp', `EOF on ${shorter} after byte ${common}, ${where}`);
      }
    }
    return 1;
  }
  return differ ? 1 : 0;
};
