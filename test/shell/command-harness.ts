/**
 * Runs one shell command over a fresh Vfs with a minimal CommandContext, and runs the real Debian
 * tool on the same bytes in a temporary directory, so tests can compare the two exactly.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concat } from '../../src/kms/bytes.ts';
import type { CommandContext, CommandFn, SessionServices } from '../../src/shell/types.ts';
import { HOME, Vfs } from '../../src/shell/vfs.ts';

export interface RunResult {
  stdout: Uint8Array;
  /** What the working directory holds afterwards (see `treeOf`). */
  tree?: Record<string, string>;
  stderr: Uint8Array;
  exitCode: number;
  /** stdout and stderr decoded as UTF-8, for assertions on text. */
  out: string;
  err: string;
}

export interface RunOptions {
  vfs?: Vfs;
  stdin?: Uint8Array | string;
  cwd?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

const session: SessionServices = {
  chdir() {
    throw new Error('not used by file tools');
  },
  history: () => [],
  setVariable() {
    throw new Error('not used by file tools');
  },
  ansi: false,
};

/** Runs `fn` with `args`; the working directory is the home directory unless told otherwise. */
export async function runCommand(fn: CommandFn, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  const ctx: CommandContext = {
    args,
    stdin: toBytes(options.stdin ?? new Uint8Array(0)),
    stdout: (data) => stdout.push(toBytes(data).slice()),
    stderr: (data) => stderr.push(toBytes(data).slice()),
    env: { HOME, PATH: '/usr/bin:/bin' },
    cwd: options.cwd ?? HOME,
    vfs: options.vfs ?? new Vfs(),
    session,
  };
  const exitCode = await fn(ctx);
  const out = concat(...stdout);
  const err = concat(...stderr);
  return { stdout: out, stderr: err, exitCode, out: decoder.decode(out), err: decoder.decode(err) };
}

/** Files to lay out, relative to the working directory; a name ending in `/` is a directory. */
export type Tree = Record<string, Uint8Array | string>;

/** A Vfs holding `tree` under the home directory, every node dated `mtime`; its clock then reads `now`. */
export function vfsWith(tree: Tree, mtime = new Date('2024-01-05T09:00:00Z'), now = mtime): Vfs {
  let clock = mtime;
  const vfs = new Vfs({ now: () => clock });
  for (const [name, data] of Object.entries(tree)) {
    const path = vfs.resolve(HOME, name);
    if (name.endsWith('/')) vfs.mkdir(path, { parents: true });
    else {
      vfs.mkdir(vfs.resolve(path, '..'), { parents: true });
      vfs.writeFile(path, data);
    }
  }
  clock = now;
  return vfs;
}

/** Every file and directory under `dir` of a Vfs: directories end in `/`, files map to their bytes as latin1. */
export function vfsTree(vfs: Vfs, dir = HOME): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string, prefix: string): void => {
    for (const name of vfs.readdir(path)) {
      const child = vfs.resolve(path, name);
      if (vfs.stat(child)?.type === 'dir') {
        out[`${prefix}${name}/`] = '';
        walk(child, `${prefix}${name}/`);
      } else out[`${prefix}${name}`] = latin1(vfs.readFile(child));
    }
  };
  walk(dir, '');
  return out;
}

/** The same listing for a real directory. */
function diskTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string, prefix: string): void => {
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) {
        out[`${prefix}${name}/`] = '';
        walk(child, `${prefix}${name}/`);
      } else out[`${prefix}${name}`] = latin1(new Uint8Array(readFileSync(child)));
    }
  };
  walk(dir, '');
  return out;
}

/** Bytes as latin1 characters: exact, and still readable for text in a failing assertion. */
export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

/** Runs the real program in a temporary directory holding `tree`, in a C.UTF-8 locale and UTC. */
export function runReal(
  program: string,
  args: string[],
  tree: Tree = {},
  stdin: Uint8Array | string = '',
  mtime?: Date,
): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'kms-lab-real-'));
  try {
    const entries = Object.entries(tree);
    for (const [name, data] of entries) {
      const path = join(dir, name);
      if (name.endsWith('/')) mkdirSync(path, { recursive: true });
      else {
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, toBytes(data));
      }
    }
    if (mtime) {
      // Children first, since creating them touched their directories.
      for (const [name] of [...entries].reverse()) utimesSync(join(dir, name), mtime, mtime);
      utimesSync(dir, mtime, mtime);
    }
    const result = spawnSync(program, args, {
      cwd: dir,
      input: toBytes(stdin),
      env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8', TZ: 'UTC', HOME: dir },
    });
    // A program that never reads its input (hexdump -, diff - -) makes writing it fail: not our concern.
    if (result.error && (result.error as NodeJS.ErrnoException).code !== 'EPIPE') throw result.error;
    const stdout = new Uint8Array(result.stdout);
    const stderr = new Uint8Array(result.stderr);
    return {
      stdout,
      stderr,
      tree: diskTree(dir),
      exitCode: result.status ?? -1,
      out: decoder.decode(stdout),
      err: decoder.decode(stderr),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a real program is installed (tests that need it say so rather than pass vacuously). */
export function hasProgram(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

/** The parts of a run that a comparison looks at, in a form whose diff is readable. */
export function visible(result: RunResult): { stdout: string; stderr: string; exitCode: number } {
  return { stdout: latin1(result.stdout), stderr: latin1(result.stderr), exitCode: result.exitCode };
}

export interface Case {
  args: string[];
  tree?: Tree;
  stdin?: Uint8Array | string;
}

/** Runs our command and the real one on the same files and input; also reports the files afterwards. */
export async function bothRun(fn: CommandFn, program: string, { args, tree = {}, stdin = '' }: Case) {
  const vfs = vfsWith(tree);
  const ours = await runCommand(fn, args, { vfs, stdin });
  const real = runReal(program, args, tree, stdin);
  return {
    ours: { ...visible(ours), tree: vfsTree(vfs) },
    real: { ...visible(real), tree: real.tree ?? {} },
  };
}
