/** `touch`: creates empty files or moves their modification time to now (-c: never create). */
import type { CommandFn } from '../types.ts';
import { lazyHelp } from './help-page.ts';
import { complain, locate, parseOptions, printInfo, quoteAlways, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('touch');

const LONG = [
  { name: 'no-create', key: 'c' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

export const touch: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'c', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'touch', parsed.message);
  const keys = new Set(parsed.options.map((o) => o.key));
  if (keys.has('help') || keys.has('version')) return printInfo(ctx, keys.has('help') ? 'help' : 'version', HELP, 'touch (KMS Lab) modelled on GNU coreutils 9.1');
  if (parsed.operands.length === 0) return usageError(ctx, 'touch', 'missing file operand');
  let status = 0;
  for (const operand of parsed.operands) {
    const found = locate(ctx, operand);
    if (found.ok) {
      ctx.vfs.setMtime(found.path, ctx.vfs.now());
      continue;
    }
    if (keys.has('c')) {
      // Without creating, touch only sets times, and a missing file is no error.
      if (found.code !== 'ENOENT') {
        complain(ctx, 'touch', `setting times of ${quoteAlways(operand)}: ${VFS_ERROR_TEXT[found.code]}`);
        status = 1;
      }
      continue;
    }
    // What open(O_CREAT) would say: a missing directory on the way, or a name that must be a directory.
    const parent = operand === '' ? undefined : locate(ctx, operand.replace(/[^/]*\/*$/, '') || '.');
    if (found.code === 'ENOENT' && parent?.ok && parent.stat.type === 'dir' && !operand.endsWith('/')) {
      ctx.vfs.writeFile(found.path, new Uint8Array(0));
      continue;
    }
    const what = operand.endsWith('/') && parent?.ok ? 'setting times of' : 'cannot touch';
    complain(ctx, 'touch', `${what} ${quoteAlways(operand)}: ${VFS_ERROR_TEXT[found.code]}`);
    status = 1;
  }
  return status;
};
