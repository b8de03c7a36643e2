/** The file and byte tools, by command name, for the interpreter's command table. */
import type { CommandFn } from '../types.ts';
import { base64 } from './base64.ts';
import { cat } from './cat.ts';
import { cmp } from './cmp.ts';
import { cp } from './cp.ts';
import { diff } from './diff.ts';
import { head } from './head.ts';
import { hexdump } from './hexdump.ts';
import { ls } from './ls.ts';
import { mkdir } from './mkdir.ts';
import { mv } from './mv.ts';
import { rm } from './rm.ts';
import { sha256sum } from './sha256sum.ts';
import { tail } from './tail.ts';
import { touch } from './touch.ts';
import { wc } from './wc.ts';
import { xxd } from './xxd.ts';

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
