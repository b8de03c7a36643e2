/** `rm`: GNU rm with -f, -r/-R, -d and -v, including its refusals for `.`, `..` and `/`. */
import type { CommandContext, CommandFn } from '../types.ts';
import { lazyHelp } from './help-page.ts';
import { complain, locate, parseOptions, printInfo, quoteAlways, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('rm');

const LONG = [
  { name: 'force', key: 'f' },
  { name: 'recursive', key: 'r' },
  { name: 'dir', key: 'd' },
  { name: 'verbose', key: 'v' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

export const rm: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'fdrRv', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'rm', parsed.message);
  const flags = new Set<string>();
  for (const { key } of parsed.options) {
    if (key === 'help' || key === 'version') return printInfo(ctx, key, HELP, 'rm (KMS Lab) modelled on GNU coreutils 9.1');
    flags.add(key === 'R' ? 'r' : key);
  }
  const force = flags.has('f');
  const recursive = flags.has('r');
  if (parsed.operands.length === 0) {
    if (force) return 0;
    return usageError(ctx, 'rm', 'missing operand');
  }
  let status = 0;
  const fail = (message: string): void => {
    complain(ctx, 'rm', message);
    status = 1;
  };
  for (const operand of parsed.operands) {
    const last = operand.replace(/\/+$/, '').split('/').pop();
    if (recursive && (last === '.' || last === '..')) {
      fail(`refusing to remove '.' or '..' directory: skipping ${quoteAlways(operand)}`);
      continue;
    }
    const found = locate(ctx, operand);
    if (!found.ok) {
      if (!(force && (found.code === 'ENOENT' || found.code === 'ENOTDIR'))) {
        fail(`cannot remove ${quoteAlways(operand)}: ${VFS_ERROR_TEXT[found.code]}`);
      }
      continue;
    }
    if (found.path === '/' && recursive) {
      const same = operand === '/' ? '' : " (same as '/')";
      fail(`it is dangerous to operate recursively on ${quoteAlways(operand)}${same}`);
      fail('use --no-preserve-root to override this failsafe');
      continue;
    }
    if (found.stat.type === 'dir') {
      if (recursive) removeTree(ctx, found.path, operand, flags.has('v'));
      else if (!flags.has('d')) fail(`cannot remove ${quoteAlways(operand)}: Is a directory`);
      else if (ctx.vfs.readdir(found.path).length > 0) fail(`cannot remove ${quoteAlways(operand)}: Directory not empty`);
      else {
        ctx.vfs.remove(found.path);
        if (flags.has('v')) ctx.stdout(`removed directory ${quoteAlways(operand)}\n`);
      }
      continue;
    }
    ctx.vfs.remove(found.path);
    if (flags.has('v')) ctx.stdout(`removed ${quoteAlways(operand)}\n`);
  }
  return status;
};

/** Depth first, so -v reports each file before the directory that held it. */
function removeTree(ctx: CommandContext, path: string, shown: string, verbose: boolean): void {
  const base = shown.replace(/\/+$/, '');
  for (const name of ctx.vfs.readdir(path)) {
    const child = ctx.vfs.resolve(path, name);
    const childShown = `${base}/${name}`;
    if (ctx.vfs.stat(child)?.type === 'dir') removeTree(ctx, child, childShown, verbose);
    else {
      ctx.vfs.remove(child);
      if (verbose) ctx.stdout(`removed ${quoteAlways(childShown)}\n`);
    }
  }
  ctx.vfs.remove(path, { recursive: true });
  if (verbose) ctx.stdout(`removed directory ${quoteAlways(shown)}\n`);
}
