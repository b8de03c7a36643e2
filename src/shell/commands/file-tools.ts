/**
 * The file and byte tools, by command name, for the interpreter's command table. What a
 * first command never needs (cp, mv, cmp, hexdump, sha256sum, wc) is fetched on its first run,
 * like openssl, xxd and diff, so a lesson page starts without it.
 */
import type { CommandFn } from '../types.ts';
import { lazyCommand } from './lazy-command.ts';
import { base64 } from './base64.ts';
import { cat } from './cat.ts';
import { diff } from './diff.ts';
import { head } from './head.ts';
import { ls } from './ls.ts';
import { mkdir } from './mkdir.ts';
import { rm } from './rm.ts';
import { tail } from './tail.ts';
import { touch } from './touch.ts';
import { xxd } from './xxd.ts';

const cp = lazyCommand(async () => (await import('./cp.ts')).cp);
const mv = lazyCommand(async () => (await import('./mv.ts')).mv);
const cmp = lazyCommand(async () => (await import('./cmp.ts')).cmp);
const hexdump = lazyCommand(async () => (await import('./hexdump.ts')).hexdump);
const sha256sum = lazyCommand(async () => (await import('./sha256sum.ts')).sha256sum);
const wc = lazyCommand(async () => (await import('./wc.ts')).wc);

export const FILE_COMMANDS: Record<string, CommandFn> = {
  base64,
  cat,
  cmp,
  cp,
  diff,
  head,
  hexdump,
  ls,
  mkdir,
  mv,
  rm,
  sha256sum,
  tail,
  touch,
  wc,
  xxd,
};
