/** `mv`: GNU mv (rename, or move into a directory), with rename(2)'s refusals in mv's words. */
import type { CommandFn } from '../types.ts';
import { intoDirectory } from './cp.ts';
import { lazyHelp } from './help-page.ts';
import { complain, locate, parseOptions, printInfo, quoteAlways, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('mv');

const LONG = [
  { name: 'force', key: 'f' },
  { name: 'no-clobber', key: 'n' },
  { name: 'verbose', key: 'v' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

export const mv: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'fnv', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'mv', parsed.message);
  const flags = new Set(parsed.options.map((o) => o.key));
  if (flags.has('help') || flags.has('version')) return printInfo(ctx, flags.has('help') ? 'help' : 'version', HELP, 'mv (KMS Lab) modelled on GNU coreutils 9.1');
  const operands = parsed.operands;
  if (operands.length === 0) return usageError(ctx, 'mv', 'missing file operand');
  if (operands.length === 1) return usageError(ctx, 'mv', `missing destination file operand after ${quoteAlways(operands[0]!)}`);
  const target = operands[operands.length - 1]!;
  const sources = operands.slice(0, -1);
  const targetFound = locate(ctx, target);
  const targetIsDir = targetFound.ok && targetFound.stat.type === 'dir';
  if (sources.length > 1 && !targetIsDir) {
    const why = `target ${quoteAlways(target)}: ${VFS_ERROR_TEXT[targetFound.ok ? 'ENOTDIR' : targetFound.code]}`;
    complain(ctx, 'mv', why);
    return 1;
  }
  let status = 0;
  const fail = (message: string): void => {
    complain(ctx, 'mv', message);
    status = 1;
  };
  for (const source of sources) {
    const dest = targetIsDir ? intoDirectory(target, source) : target;
    const src = locate(ctx, source);
    if (!src.ok) {
      fail(`cannot stat ${quoteAlways(source)}: ${VFS_ERROR_TEXT[src.code]}`);
      continue;
    }
    const last = source.replace(/\/+$/, '').split('/').pop();
    if (last === '.' || last === '..' || src.path === '/') {
      fail(`cannot move ${quoteAlways(source)} to ${quoteAlways(dest)}: Device or resource busy`);
      continue;
    }
    const dst = locate(ctx, dest);
    const destPath = ctx.vfs.resolve(ctx.cwd, dest);
    if (destPath === src.path) {
      fail(`${quoteAlways(source)} and ${quoteAlways(dest)} are the same file`);
      continue;
    }
    if (src.stat.type === 'dir' && destPath.startsWith(`${src.path}/`)) {
      fail(`cannot move ${quoteAlways(source)} to a subdirectory of itself, ${quoteAlways(dest)}`);
      continue;
    }
    if (dst.ok && dst.stat.type === 'dir' && src.stat.type !== 'dir') {
      fail(`cannot overwrite directory ${quoteAlways(dest)} with non-directory`);
      continue;
    }
    if (dst.ok && dst.stat.type !== 'dir' && src.stat.type === 'dir') {
      fail(`cannot overwrite non-directory ${quoteAlways(dest)} with directory ${quoteAlways(source)}`);
      continue;
    }
    if (dst.ok && flags.has('n')) continue;
    if (dst.ok && dst.stat.type === 'dir' && ctx.vfs.readdir(dst.path).length > 0) {
      fail(`cannot move ${quoteAlways(source)} to ${quoteAlways(dest)}: ${VFS_ERROR_TEXT.ENOTEMPTY}`);
      continue;
    }
    if (!dst.ok && (dst.code === 'ENAMETOOLONG' || (dst.code === 'ENOTDIR' && !dest.endsWith('/')))) {
      fail(`cannot stat ${quoteAlways(dest)}: ${VFS_ERROR_TEXT[dst.code]}`);
      continue;
    }
    if (!dst.ok) {
      const parent = dest === '' ? undefined : locate(ctx, dest.replace(/[^/]*\/*$/, '') || '.');
      if (!(parent?.ok && parent.stat.type === 'dir')) {
        const code = parent && !parent.ok ? parent.code : parent ? 'ENOTDIR' : 'ENOENT';
        fail(`cannot move ${quoteAlways(source)} to ${quoteAlways(dest)}: ${VFS_ERROR_TEXT[code]}`);
        continue;
      }
      if (dest.endsWith('/') && src.stat.type !== 'dir') {
        fail(`cannot move ${quoteAlways(source)} to ${quoteAlways(dest)}: ${VFS_ERROR_TEXT.ENOTDIR}`);
        continue;
      }
    }
    ctx.vfs.rename(src.path, destPath);
    if (flags.has('v')) ctx.stdout(`renamed ${quoteAlways(source)} -> ${quoteAlways(dest)}\n`);
  }
  return status;
};
