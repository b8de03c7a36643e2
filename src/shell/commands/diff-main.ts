/**
 * `diff`: GNU diffutils' diff in its normal format (3c3, 5,7d4, < and > lines) over a shortest edit
 * script (line-changes.ts), binary files found by their NUL bytes, -q/-s/-a, and one level of directories.
 */
import type { CommandContext, CommandFn } from '../types.ts';
import { compareNames } from '../vfs.ts';
import { INFO_OPTIONS } from './help-page.ts';
import { renderHelp } from './help-render.ts';
import { changeBlocks, type ChangeBlock } from './line-changes.ts';
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

const HELP = renderHelp({
  name: 'diff',
  summary: 'compare files line by line',
  synopsis: ['diff [options] file1 file2', 'diff [options] dir1 dir2'],
  description: [
    'Lists the changes that turn the first file into the second. Each change starts with a line such as ' +
      '3c3 (line 3 replaced), 5,7d4 (lines 5 to 7 removed) or 2a3,4 (lines 3 and 4 of the second file put ' +
      'after line 2): numbers on the left count lines of the first file, on the right of the second. Then ' +
      'come the old lines, marked <, and the new ones, marked >, with --- between them for a replacement.',
    'The exit status tells the result: 0 when the files are the same, 1 when they differ, 2 when diff could ' +
      'not compare them (a missing file, a wrong option). Identical files print nothing.',
    'A file holding a zero byte counts as binary: diff then only says that the two differ. A last line with ' +
      'no newline after it is followed by the note \\ No newline at end of file. Give - to read standard input.',
    'Two directories: the files both hold are compared in turn, the names only one holds are listed, and ' +
      'subdirectories are named, not entered. A directory and a file: the file is compared with the one of ' +
      'the same name in the directory.',
    'When several lists of changes are equally short, KMS Lab mostly picks the one GNU diff prints; where ' +
      'it picks another, that list is just as short and just as correct.',
  ],
  options: [
    ['-q, --brief', 'Prints only whether the files differ, as a single line, without the changes.'],
    ['-s, --report-identical-files', 'Prints a line for files that are the same too, where diff normally stays silent.'],
    ['-a, --text', 'Compares line by line even files with zero bytes in them, instead of calling them binary.'],
    ...INFO_OPTIONS,
  ],
  examples: [
    ['Check that a round trip through KMS gave back the original:', 'diff secret.txt decryptedsecret.txt && echo identical'],
    ['See which lines an edit to a saved key policy changed:', 'diff policy.json new-policy.json'],
  ],
});

const LONG = [
  { name: 'brief', key: 'q' },
  { name: 'report-identical-files', key: 's' },
  { name: 'text', key: 'a' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

/** A file's lines, each with its newline, so that a last line without one is a different line. */
function linesOf(text: string): string[] {
  const lines: string[] = [];
  let from = 0;
  while (from < text.length) {
    const newline = text.indexOf('\n', from);
    const to = newline < 0 ? text.length : newline + 1;
    lines.push(text.slice(from, to));
    from = to;
  }
  return lines;
}

/** The 1-based numbers of lines [start, end) as the normal format writes them: `4`, or `4,6`. */
function lineNumbers(start: number, end: number): string {
  return end === start + 1 ? `${end}` : `${start + 1},${end}`;
}

/** The normal format: per block a command line (`5,7d4`), the old lines after `< `, `---`, the new after `> `. */
function normalFormat(oldLines: readonly string[], newLines: readonly string[], blocks: readonly ChangeBlock[]): string {
  const out: string[] = [];
  const quote = (mark: string, line: string): void => {
    out.push(mark, line);
    if (!line.endsWith('\n')) out.push('\n\\ No newline at end of file\n');
  };
  for (const { oldStart, oldEnd, newStart, newEnd } of blocks) {
    const removes = oldEnd > oldStart;
    const adds = newEnd > newStart;
    // An empty side is named by the line the other side's lines come after (or would have).
    const left = removes ? lineNumbers(oldStart, oldEnd) : `${oldStart}`;
    const right = adds ? lineNumbers(newStart, newEnd) : `${newStart}`;
    out.push(`${left}${removes && adds ? 'c' : removes ? 'd' : 'a'}${right}\n`);
    for (const line of oldLines.slice(oldStart, oldEnd)) quote('< ', line);
    if (removes && adds) out.push('---\n');
    for (const line of newLines.slice(newStart, newEnd)) quote('> ', line);
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
  const oldLines = linesOf(bytesToLatin1(a));
  const newLines = linesOf(bytesToLatin1(b));
  const header = inDirectory ? `diff ${left} ${right}\n` : '';
  // The lines are latin1 stand-ins for bytes: turn them back into exactly those bytes.
  ctx.stdout(latin1ToBytes(header + normalFormat(oldLines, newLines, changeBlocks(oldLines, newLines))));
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
