/**
 * `diff`: GNU diffutils' normal format over GNU's own choice of changes (line-diff.ts), binary
 * detection by NUL bytes, -q/-s/-a, and one level of directories.
 */
import type { CommandContext, CommandFn } from '../types.ts';
import { compareNames } from '../vfs.ts';
import { diffLines, type Hunk } from './line-diff.ts';
import {
  bytesToLatin1,
  diffutilsUsageError,
  InputReader,
  latin1ToBytes,
  locate,
  parseOptions,
  printInfo,
  VFS_ERROR_TEXT,
} from './tool-support.ts';

const HELP = `Usage: diff [OPTION]... FILES
Compare FILES line by line.

  -q, --brief                   report only when files differ
  -s, --report-identical-files  report when two files are the same
  -a, --text                    treat all files as text
      --help                    display this help and exit

FILES are 'FILE1 FILE2' or 'DIR1 DIR2' or 'DIR FILE' or 'FILE DIR'.
If a FILE is '-', read standard input.
Exit status is 0 if inputs are the same, 1 if different, 2 if trouble.
`;

const LONG = [
  { name: 'brief', key: 'q' },
  { name: 'report-identical-files', key: 's' },
  { name: 'text', key: 'a' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

/** Lines with their newlines kept, so a last line without one differs from the same text with one. */
function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

/** 1-based line numbers for the 0-based lines start..end-1: `3` or `3,5`. */
function range(start: number, end: number): string {
  return end - start === 1 ? String(end) : `${start + 1},${end}`;
}

/** GNU's normal format: `2,3c2`, then `< ` lines, `---`, `> ` lines. */
export function normalFormat(a: readonly string[], b: readonly string[], hunks: readonly Hunk[]): string {
  const out: string[] = [];
  const show = (prefix: string, line: string): void => {
    out.push(prefix, line);
    if (!line.endsWith('\n')) out.push('\n\\ No newline at end of file\n');
  };
  for (const h of hunks) {
    const kind = h.a0 === h.a1 ? 'a' : h.b0 === h.b1 ? 'd' : 'c';
    const left = kind === 'a' ? String(h.a0) : range(h.a0, h.a1);
    const right = kind === 'd' ? String(h.b0) : range(h.b0, h.b1);
    out.push(`${left}${kind}${right}\n`);
    for (let k = h.a0; k < h.a1; k++) show('< ', a[k]!);
    if (kind === 'c') out.push('---\n');
    for (let k = h.b0; k < h.b1; k++) show('> ', b[k]!);
  }
  return out.join('');
}

interface Options {
  brief: boolean;
  reportSame: boolean;
  text: boolean;
}

export const diff: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'qsa', long: LONG });
  if (!parsed.ok) return diffutilsUsageError(ctx, 'diff', parsed.message);
  const keys = new Set(parsed.options.map((o) => o.key));
  if (keys.has('help') || keys.has('version')) return printInfo(ctx, keys.has('help') ? 'help' : 'version', HELP, 'diff (KMS Lab) modelled on GNU diffutils 3.8');
  const options: Options = { brief: keys.has('q'), reportSame: keys.has('s'), text: keys.has('a') };
  const [first, second, extra] = parsed.operands;
  if (first === undefined) return diffutilsUsageError(ctx, 'diff', "missing operand after 'diff'");
  if (second === undefined) return diffutilsUsageError(ctx, 'diff', `missing operand after '${first}'`);
  if (extra !== undefined) return diffutilsUsageError(ctx, 'diff', `extra operand '${extra}'`);

  const kinds: ('file' | 'dir' | 'stdin')[] = [];
  for (const name of [first, second]) {
    if (name === '-') {
      kinds.push('stdin');
      continue;
    }
    const found = locate(ctx, name);
    if (!found.ok) {
      ctx.stderr(`diff: ${name}: ${VFS_ERROR_TEXT[found.code]}\n`);
      return 2;
    }
    kinds.push(found.stat.type);
  }
  if ((kinds[0] === 'dir' && kinds[1] === 'stdin') || (kinds[0] === 'stdin' && kinds[1] === 'dir')) {
    ctx.stderr("diff: cannot compare '-' to a directory\n");
    return 2;
  }
  if (kinds[0] === 'dir' && kinds[1] === 'dir') return diffDirectories(ctx, first, second, options);
  // A file against a directory means the file of the same name in that directory.
  const base = (name: string): string => name.replace(/\/+$/, '').split('/').pop() ?? name;
  const join = (dir: string, name: string): string => `${dir.replace(/\/+$/, '')}/${name}`;
  const left = kinds[0] === 'dir' ? join(first, base(second)) : first;
  const right = kinds[1] === 'dir' ? join(second, base(first)) : second;
  return diffFiles(ctx, new InputReader(ctx), left, right, options, false);
};

function diffFiles(ctx: CommandContext, input: InputReader, left: string, right: string, options: Options, inDirectory: boolean): number {
  const same = left === right || (left !== '-' && right !== '-' && ctx.vfs.resolve(ctx.cwd, left) === ctx.vfs.resolve(ctx.cwd, right));
  const data: Uint8Array[] = [];
  for (const name of same ? [left] : [left, right]) {
    const read = input.read(name);
    if (!read.ok) {
      ctx.stderr(`diff: ${name}: ${VFS_ERROR_TEXT[read.code]}\n`);
      return 2;
    }
    data.push(read.data);
  }
  const a = data[0]!;
  const b = data[1] ?? a;
  const equal = a.length === b.length && a.every((x, i) => x === b[i]);
  if (equal) {
    if (options.reportSame) ctx.stdout(`Files ${left} and ${right} are identical\n`);
    return 0;
  }
  if (options.brief) {
    ctx.stdout(`Files ${left} and ${right} differ\n`);
    return 1;
  }
  if (!options.text && (a.includes(0) || b.includes(0))) {
    ctx.stdout(`Binary files ${left} and ${right} differ\n`);
    return 1;
  }
  const aLines = splitLines(bytesToLatin1(a));
  const bLines = splitLines(bytesToLatin1(b));
  const header = inDirectory ? `diff ${left} ${right}\n` : '';
  // The lines are latin1 stand-ins for bytes: turn them back into exactly those bytes.
  ctx.stdout(latin1ToBytes(header + normalFormat(aLines, bLines, diffLines(aLines, bLines))));
  return 1;
}

/** One level, as GNU diff without -r: differing files in full, subdirectories only named. */
function diffDirectories(ctx: CommandContext, left: string, right: string, options: Options): number {
  const leftPath = ctx.vfs.resolve(ctx.cwd, left);
  const rightPath = ctx.vfs.resolve(ctx.cwd, right);
  if (leftPath === rightPath) return 0;
  const leftNames = ctx.vfs.readdir(leftPath);
  const rightNames = ctx.vfs.readdir(rightPath);
  const names = [...new Set([...leftNames, ...rightNames])].sort(compareNames);
  const join = (dir: string, name: string): string => `${dir.replace(/(.)\/+$/, '$1')}${dir.endsWith('/') && dir.length === 1 ? '' : '/'}${name}`;
  const input = new InputReader(ctx);
  let status = 0;
  for (const name of names) {
    const l = leftNames.includes(name) ? ctx.vfs.stat(ctx.vfs.resolve(leftPath, name)) : undefined;
    const r = rightNames.includes(name) ? ctx.vfs.stat(ctx.vfs.resolve(rightPath, name)) : undefined;
    const lName = join(left, name);
    const rName = join(right, name);
    if (!l || !r) {
      ctx.stdout(`Only in ${l ? left : right}: ${name}\n`);
      status = Math.max(status, 1);
    } else if (l.type === 'dir' && r.type === 'dir') {
      ctx.stdout(`Common subdirectories: ${lName} and ${rName}\n`);
    } else if (l.type !== r.type) {
      const what = (t: string): string => (t === 'dir' ? 'a directory' : 'a regular file');
      ctx.stdout(`File ${lName} is ${what(l.type)} while file ${rName} is ${what(r.type)}\n`);
      status = Math.max(status, 1);
    } else {
      status = Math.max(status, diffFiles(ctx, input, lName, rName, options, true));
    }
  }
  return status;
}
