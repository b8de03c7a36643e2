/** `cp`: GNU cp for files and (with -r) directories, into a directory when the target is one. */
import type { CommandContext, CommandFn } from '../types.ts';
import { lazyHelp } from './help-page.ts';
import { complain, locate, parseOptions, printInfo, quoteAlways, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('cp');

const LONG = [
  { name: 'force', key: 'f' },
  { name: 'no-clobber', key: 'n' },
  { name: 'recursive', key: 'r' },
  { name: 'verbose', key: 'v' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

/** `dir/name` as GNU shows it: the directory without its trailing slashes, then the source's last name. */
export function intoDirectory(dir: string, source: string): string {
  const name = source.replace(/\/+$/, '').split('/').pop() ?? source;
  return `${dir.replace(/(.)\/+$/, '$1')}${dir.endsWith('/') && /^\/+$/.test(dir) ? '' : '/'}${name}`;
}

export const cp: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'fnrRv', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'cp', parsed.message);
  const flags = new Set(parsed.options.map((o) => (o.key === 'R' ? 'r' : o.key)));
  if (flags.has('help') || flags.has('version')) return printInfo(ctx, flags.has('help') ? 'help' : 'version', HELP, 'cp (KMS Lab) modelled on GNU coreutils 9.1');
  const operands = parsed.operands;
  if (operands.length === 0) return usageError(ctx, 'cp', 'missing file operand');
  if (operands.length === 1) return usageError(ctx, 'cp', `missing destination file operand after ${quoteAlways(operands[0]!)}`);
  const target = operands[operands.length - 1]!;
  const sources = operands.slice(0, -1);
  const targetFound = locate(ctx, target);
  const targetIsDir = targetFound.ok && targetFound.stat.type === 'dir';
  if (sources.length > 1 && !targetIsDir) {
    const code = targetFound.ok ? 'ENOTDIR' : targetFound.code;
    const why = `target ${quoteAlways(target)}: ${VFS_ERROR_TEXT[code]}`;
    complain(ctx, 'cp', why);
    return 1;
  }
  const copier = new Copier(ctx, flags.has('r'), flags.has('n'), flags.has('v'));
  for (const source of sources) copier.copy(source, targetIsDir ? intoDirectory(target, source) : target);
  return copier.status;
};

class Copier {
  status = 0;
  private readonly ctx: CommandContext;
  private readonly recursive: boolean;
  private readonly noClobber: boolean;
  private readonly verbose: boolean;

  constructor(ctx: CommandContext, recursive: boolean, noClobber: boolean, verbose: boolean) {
    this.ctx = ctx;
    this.recursive = recursive;
    this.noClobber = noClobber;
    this.verbose = verbose;
  }

  copy(source: string, dest: string): void {
    const src = locate(this.ctx, source);
    if (!src.ok) return this.fail(`cannot stat ${quoteAlways(source)}: ${VFS_ERROR_TEXT[src.code]}`);
    if (src.stat.type === 'dir' && !this.recursive) {
      return this.fail(`-r not specified; omitting directory ${quoteAlways(source)}`);
    }
    const dst = locate(this.ctx, dest);
    const destPath = this.ctx.vfs.resolve(this.ctx.cwd, dest);
    if (src.stat.type === 'dir') {
      // Into itself: GNU copies what was there and refuses only the new copy it meets on the way.
      const inside = destPath === src.path || destPath.startsWith(src.path === '/' ? '/' : `${src.path}/`);
      const guard = inside ? { path: destPath, message: `cannot copy a directory, ${quoteAlways(source)}, into itself, ${quoteAlways(dest)}` } : undefined;
      this.copyTree(source, src.path, dest, destPath, guard);
      return;
    }
    if (dst.ok && dst.path === src.path) {
      return this.fail(`${quoteAlways(source)} and ${quoteAlways(dest)} are the same file`);
    }
    this.copyFile(source, src.path, dest, dst);
  }

  private copyFile(source: string, srcPath: string, dest: string, dst: ReturnType<typeof locate>): void {
    if (dst.ok && dst.stat.type === 'dir') {
      return this.fail(`cannot overwrite directory ${quoteAlways(dest)} with non-directory`);
    }
    if (!dst.ok && (dst.code === 'ENAMETOOLONG' || (dst.code === 'ENOTDIR' && !dest.endsWith('/')))) {
      return this.fail(`cannot stat ${quoteAlways(dest)}: ${VFS_ERROR_TEXT[dst.code]}`);
    }
    if (dst.ok && this.noClobber) return;
    if (!dst.ok && dest.endsWith('/')) {
      return this.fail(`cannot create regular file ${quoteAlways(dest)}: ${VFS_ERROR_TEXT.ENOTDIR}`);
    }
    const parent = dest === '' ? undefined : locate(this.ctx, dest.replace(/[^/]*$/, '') || '.');
    if (!dst.ok && !(parent?.ok && parent.stat.type === 'dir')) {
      const code = parent && !parent.ok ? parent.code : 'ENOENT';
      return this.fail(`cannot create regular file ${quoteAlways(dest)}: ${VFS_ERROR_TEXT[code]}`);
    }
    this.ctx.vfs.copyFile(srcPath, dst.path);
    if (this.verbose) this.ctx.stdout(`${quoteAlways(source)} -> ${quoteAlways(dest)}\n`);
  }

  private copyTree(source: string, srcPath: string, dest: string, destPath: string, guard?: { path: string; message: string }): void {
    const dst = locate(this.ctx, dest);
    if (!dst.ok && dst.code === 'ENAMETOOLONG') return this.fail(`cannot stat ${quoteAlways(dest)}: ${VFS_ERROR_TEXT.ENAMETOOLONG}`);
    if (dst.ok && dst.stat.type !== 'dir') {
      return this.fail(`cannot overwrite non-directory ${quoteAlways(dest)} with directory ${quoteAlways(source)}`);
    }
    if (!dst.ok) {
      const parent = locate(this.ctx, dest.replace(/[^/]*\/*$/, '') || '.');
      if (dest === '' || !parent.ok || parent.stat.type !== 'dir') {
        const code = dest === '' ? 'ENOENT' : parent.ok ? 'ENOTDIR' : parent.code;
        return this.fail(`cannot create directory ${quoteAlways(dest)}: ${VFS_ERROR_TEXT[code]}`);
      }
      this.ctx.vfs.mkdir(destPath);
    }
    if (this.verbose) this.ctx.stdout(`${quoteAlways(source)} -> ${quoteAlways(dest)}\n`);
    const base = source.replace(/\/+$/, '');
    const destBase = dest.replace(/\/+$/, '');
    for (const name of this.ctx.vfs.readdir(srcPath)) {
      const childSrc = `${base}/${name}`;
      const childDest = `${destBase}/${name}`;
      const childPath = this.ctx.vfs.resolve(srcPath, name);
      if (childPath === guard?.path) this.fail(guard.message);
      else if (this.ctx.vfs.stat(childPath)?.type === 'dir') this.copyTree(childSrc, childPath, childDest, this.ctx.vfs.resolve(destPath, name), guard);
      else this.copyFile(childSrc, childPath, childDest, locate(this.ctx, childDest));
    }
  }

  private fail(message: string): void {
    complain(this.ctx, 'cp', message);
    this.status = 1;
  }
}
