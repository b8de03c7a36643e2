/** `mkdir`: GNU mkdir with -p and -v; its messages quote names with the locale's marks. */
import type { CommandFn } from '../types.ts';
import { lazyHelp } from './help-page.ts';
import { complain, errorCode, parseOptions, printInfo, quoteAlways, quoteLocale, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('mkdir');

const LONG = [
  { name: 'parents', key: 'p' },
  { name: 'verbose', key: 'v' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

export const mkdir: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'pv', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'mkdir', parsed.message);
  const keys = new Set(parsed.options.map((o) => o.key));
  if (keys.has('help') || keys.has('version')) return printInfo(ctx, keys.has('help') ? 'help' : 'version', HELP, 'mkdir (KMS Lab) modelled on GNU coreutils 9.1');
  if (parsed.operands.length === 0) return usageError(ctx, 'mkdir', 'missing operand');
  const verbose = keys.has('v');
  let status = 0;
  const fail = (name: string, text: string): void => {
    complain(ctx, 'mkdir', `cannot create directory ${quoteLocale(name)}: ${text}`);
    status = 1;
  };
  const create = (name: string): boolean => {
    try {
      ctx.vfs.mkdir(ctx.vfs.resolve(ctx.cwd, name));
    } catch (error) {
      fail(name, VFS_ERROR_TEXT[errorCode(error)]);
      return false;
    }
    if (verbose) ctx.stdout(`mkdir: created directory ${quoteAlways(name)}\n`);
    return true;
  };
  for (const operand of parsed.operands) {
    if (operand === '') {
      fail(operand, VFS_ERROR_TEXT.ENOENT);
      continue;
    }
    if (!keys.has('p')) {
      create(operand);
      continue;
    }
    // Each ancestor in turn, named as the user wrote it, as GNU's make_dir_parents does: one
    // walk down the path, so thousands of names cost no more than a few.
    const parts = operand.split('/');
    let lastName = parts.length - 1;
    while (lastName > 0 && parts[lastName] === '') lastName--;
    const prefix = (index: number): string => parts.slice(0, index + 1).join('/');
    const start = operand.startsWith('/') ? '/' : ctx.vfs.resolve(ctx.cwd, '.');
    const failed = ctx.vfs.mkdirWalk(start, parts, (index) => {
      if (verbose) ctx.stdout(`mkdir: created directory ${quoteAlways(prefix(index))}\n`);
    });
    if (failed === undefined) continue;
    if (failed.index < 0) fail(operand, VFS_ERROR_TEXT[failed.code]);
    else if (failed.code === 'EEXIST') fail(failed.index >= lastName ? operand : prefix(failed.index), failed.index >= lastName ? VFS_ERROR_TEXT.EEXIST : VFS_ERROR_TEXT.ENOTDIR);
    else fail(prefix(failed.index), VFS_ERROR_TEXT[failed.code]);
  }
  return status;
};
