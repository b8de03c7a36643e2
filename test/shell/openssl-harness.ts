/**
 * Runs the same openssl command line in the simulator (over an in-memory Vfs) and in the real
 * OpenSSL 3 binary (in a scratch directory), so tests can demand the same bytes from both.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { openssl } from '../../src/shell/commands/openssl.ts';
import type { CommandContext } from '../../src/shell/types.ts';
import { HOME, Vfs } from '../../src/shell/vfs.ts';

export const OPENSSL = '/usr/bin/openssl';

export interface Setup {
  /** Files relative to the working directory. */
  files?: Record<string, Uint8Array | string>;
  stdin?: Uint8Array | string;
  env?: Record<string, string>;
  /** The simulator's file system, to run several commands in one session (files are added to it). */
  vfs?: Vfs;
  /** Compare "Salted__" headers without their salt, which is random when no -S is given. */
  randomSalt?: boolean;
}

export interface Result {
  stdout: Buffer;
  stderr: string;
  code: number;
  /** The files asked for afterwards (undefined when missing). */
  files: Record<string, Buffer | undefined>;
}

const bytes = (data: Uint8Array | string) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));

/** The simulator, over a fresh Vfs whose working directory is the learner's home. */
export async function sim(args: string[], setup: Setup = {}, read: string[] = []): Promise<Result> {
  const vfs = setup.vfs ?? new Vfs();
  for (const [name, data] of Object.entries(setup.files ?? {})) {
    const path = vfs.resolve(HOME, name);
    vfs.mkdir(dirname(path), { parents: true });
    vfs.writeFile(path, bytes(data));
  }
  const out: Buffer[] = [];
  let stderr = '';
  const ctx: CommandContext = {
    args,
    stdin: new Uint8Array(bytes(setup.stdin ?? '')),
    stdout: (data) => out.push(bytes(data)),
    stderr: (data) => {
      stderr += typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    },
    env: setup.env ?? {},
    cwd: HOME,
    vfs,
    session: { chdir() {}, history: () => [], setVariable() {}, ansi: false },
  };
  const code = await openssl(ctx);
  const files: Record<string, Buffer | undefined> = {};
  for (const name of read) {
    try {
      files[name] = Buffer.from(vfs.readFile(vfs.resolve(HOME, name)));
    } catch {
      files[name] = undefined;
    }
  }
  return { stdout: Buffer.concat(out), stderr, code, files };
}

let scratch: string | undefined;

/** The real binary, in a new scratch directory, with no controlling terminal (so a password prompt fails instead of waiting). */
export function real(args: string[], setup: Setup = {}, read: string[] = []): Result {
  scratch ??= mkdtempSync(join(tmpdir(), 'kms-lab-openssl-'));
  const dir = mkdtempSync(join(scratch, 'run-'));
  for (const [name, data] of Object.entries(setup.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes(data));
  }
  const run = spawnSync('setsid', ['--wait', OPENSSL, ...args], {
    cwd: dir,
    input: bytes(setup.stdin ?? ''),
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C', ...setup.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  // EPIPE: openssl refused its arguments and exited before reading the input we offered; its output stands.
  if (run.error && (run.error as NodeJS.ErrnoException).code !== 'EPIPE') throw run.error;
  const files: Record<string, Buffer | undefined> = {};
  for (const name of read) {
    try {
      files[name] = readFileSync(join(dir, name));
    } catch {
      files[name] = undefined;
    }
  }
  return { stdout: run.stdout, stderr: run.stderr.toString('utf8'), code: run.status ?? -1, files };
}

export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/**
 * OpenSSL's library error lines, with what differs between runs and builds taken out, so that
 * every OpenSSL 3.0.x a Debian 12 user may have compares equal: the thread id that starts each
 * line, the packed error code after "error:", the source file's line number, and the number
 * OpenSSL gives an algorithm it cannot fetch. What the line says is kept.
 */
export function normalizeErrors(text: string): string {
  return text
    .replace(/^[0-9A-F]{16}:error:[0-9A-F]{8}:/gm, 'TID:error:CODE:')
    .replace(/^([^\n]*?\.c):\d+:/gm, '$1:LINE:')
    .replace(/Algorithm \(([^)]*?) : \d+\)/g, 'Algorithm ($1 : N)');
}

/** `openssl version`: the release and its date, in the form every OpenSSL 3.0.x prints. */
export const VERSION_LINE = /^OpenSSL (3\.0\.\d+) (\d{1,2} [A-Z][a-z]{2} \d{4}) \(Library: OpenSSL \1 \2\)\n$/;

/** Bytes in a form whose mismatch reads well: text when short, a length and digest when long. */
function show(data: Buffer | undefined): string {
  if (data === undefined) return '(missing)';
  if (data.length <= 4096) return JSON.stringify(data.toString('latin1'));
  return `${data.length} bytes, md5 ${md5hex(data)}`;
}

function md5hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** The same bytes with the salt of a leading "Salted__" header blanked out. */
function maskSalt(data: Buffer | undefined): Buffer | undefined {
  if (data === undefined || data.subarray(0, 8).toString('latin1') !== 'Salted__') return data;
  const copy = Buffer.from(data);
  copy.fill('?', 8, 16);
  return copy;
}

export function expectSameResult(simulated: Result, actual: Result, label = '', randomSalt = false): void {
  const mask = randomSalt ? maskSalt : (data: Buffer | undefined) => data;
  expect({ label, code: simulated.code, stderr: normalizeErrors(simulated.stderr) }).toEqual({
    label,
    code: actual.code,
    stderr: normalizeErrors(actual.stderr),
  });
  expect(show(mask(simulated.stdout)), `${label} stdout`).toBe(show(mask(actual.stdout)));
  for (const name of Object.keys(actual.files)) {
    expect(show(mask(simulated.files[name])), `${label} file ${name}`).toBe(show(mask(actual.files[name])));
  }
}

/** Runs both and demands the same exit status, stdout, stderr (up to thread ids) and files. */
export async function expectSame(args: string[], setup: Setup = {}, read: string[] = []): Promise<Result> {
  const actual = real(args, setup, read);
  const simulated = await sim(args, setup, read);
  expectSameResult(simulated, actual, `openssl ${args.join(' ')}`, setup.randomSalt);
  return simulated;
}
