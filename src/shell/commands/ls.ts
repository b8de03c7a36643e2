/**
 * `ls`: GNU ls as it prints when its output is not a terminal (one name per line), with -l in
 * GNU's long format. Every file belongs to learner, with the modes a umask of 022 gives.
 */
import type { CommandContext, CommandFn } from '../types.ts';
import { compareNames, type VfsStat } from '../vfs.ts';
import { lazyHelp } from './help-page.ts';
import { complain, locate, parseOptions, printInfo, quoteAlways, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('ls');

const LONG = [
  { name: 'all', key: 'a' },
  { name: 'almost-all', key: 'A' },
  { name: 'author', key: 'author' },
  { name: 'directory', key: 'd' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** GNU's "recent": within half an average Gregorian year. */
const SIX_MONTHS_MS = (31_556_952 / 2) * 1000;

interface Entry {
  name: string;
  path: string;
  stat: VfsStat;
}

/** Dates as GNU ls prints them in the C locale, in UTC (the sandbox's time zone). */
function formatDate(mtime: Date, now: Date): string {
  const month = MONTHS[mtime.getUTCMonth()]!;
  const day = String(mtime.getUTCDate()).padStart(2);
  const t = mtime.getTime();
  if (t > now.getTime() - SIX_MONTHS_MS && t <= now.getTime()) {
    const hh = String(mtime.getUTCHours()).padStart(2, '0');
    const mm = String(mtime.getUTCMinutes()).padStart(2, '0');
    return `${month} ${day} ${hh}:${mm}`;
  }
  return `${month} ${day}  ${mtime.getUTCFullYear()}`;
}

export const ls: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'aAdl1', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'ls', parsed.message, 2);
  let all = false;
  let almostAll = false;
  let directory = false;
  let long = false;
  let author = false;
  for (const { key } of parsed.options) {
    if (key === 'help' || key === 'version') return printInfo(ctx, key, HELP, 'ls (KMS Lab) modelled on GNU coreutils 9.1');
    if (key === 'a') all = true;
    if (key === 'A') almostAll = true;
    if (key === 'd') directory = true;
    if (key === 'l') long = true;
    if (key === 'author') author = true;
  }
  const now = ctx.vfs.now();
  const nlink = (entry: Entry): number =>
    entry.stat.type === 'file'
      ? 1
      : 2 + ctx.vfs.readdir(entry.path).filter((n) => ctx.vfs.stat(ctx.vfs.resolve(entry.path, n))?.type === 'dir').length;

  /** Lines for a group of entries; widths are shared by `widthsFrom` (GNU sizes the operands' columns over all of them). */
  const render = (entries: Entry[], widthsFrom: Entry[] = entries): string => {
    if (!long) return entries.map((e) => `${e.name}\n`).join('');
    const w = {
      links: widthsFrom.reduce((w, e) => Math.max(w, String(nlink(e)).length), 0),
      size: widthsFrom.reduce((w, e) => Math.max(w, String(e.stat.size).length), 0),
    };
    return entries
      .map((e) => {
        const mode = e.stat.type === 'dir' ? 'drwxr-xr-x' : '-rw-r--r--';
        const links = String(nlink(e)).padStart(w.links);
        const size = String(e.stat.size).padStart(w.size);
        return `${mode} ${links} learner learner ${author ? 'learner ' : ''}${size} ${formatDate(e.stat.mtime, now)} ${e.name}\n`;
      })
      .join('');
  };

  const operands = parsed.operands.length ? parsed.operands : ['.'];
  let status = 0;
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const operand of operands) {
    const found = locate(ctx, operand);
    if (!found.ok) {
      complain(ctx, 'ls', `cannot access ${quoteAlways(operand)}: ${VFS_ERROR_TEXT[found.code]}`);
      status = 2;
      continue;
    }
    (found.stat.type === 'dir' && !directory ? dirs : files).push({ name: operand, path: found.path, stat: found.stat });
  }
  const byName = (a: Entry, b: Entry): number => compareNames(a.name, b.name);
  files.sort(byName);
  dirs.sort(byName);

  const out: string[] = [];
  if (files.length) out.push(render(files, [...files, ...dirs]));
  dirs.forEach((dir, i) => {
    if (i > 0 || files.length) out.push('\n');
    if (operands.length > 1) out.push(`${dir.name}:\n`);
    out.push(listing(ctx, dir, all, almostAll, long, render));
  });
  ctx.stdout(out.join(''));
  return status;
};

function listing(
  ctx: CommandContext,
  dir: Entry,
  all: boolean,
  almostAll: boolean,
  long: boolean,
  render: (entries: Entry[]) => string,
): string {
  const child = (name: string): string => (dir.path === '/' ? `/${name}` : `${dir.path}/${name}`);
  const names = ctx.vfs.readdir(dir.path).filter((n) => all || almostAll || !n.startsWith('.'));
  if (all) names.push('.', '..');
  names.sort(compareNames);
  const entries = names.map((name): Entry => {
    const path = name === '.' ? dir.path : name === '..' ? ctx.vfs.resolve(dir.path, '..') : child(name);
    return { name, path, stat: ctx.vfs.stat(path)! };
  });
  if (!long) return render(entries);
  // ext4 blocks in KiB: 4 per directory and per started 4 KiB of a file.
  const total = entries.reduce((n, e) => n + (e.stat.type === 'dir' ? 4 : Math.ceil(e.stat.size / 4096) * 4), 0);
  return `total ${total}\n${render(entries)}`;
}
