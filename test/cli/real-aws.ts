/**
 * Runs the real AWS CLI v2 (Debian's awscli 2.9.19 at /usr/bin/aws) with dummy
 * credentials and an unreachable endpoint, so everything it decides on the
 * client side — usage errors, parameter parsing, validation, exit codes — can
 * be compared with KMS Lab's emulation, and the request body it would have
 * sent can be read from its --debug log. Nothing reaches the network.
 *
 * Only that exact version is used: a newer v2 (GitHub's runners have one)
 * words several messages differently, and `aws` earlier on PATH may be v1.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Kms } from '../../src/kms/kms.ts';
import { runAws } from '../../src/cli/aws.ts';
import type { CliResult } from '../../src/cli/types.ts';

const AWS = '/usr/bin/aws';
/** Prepended to every command line, real and emulated alike. */
export const ENDPOINT = ['--endpoint-url', 'http://127.0.0.1:9'];

function cliEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    LC_ALL: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
  };
}

function probe(): string {
  try {
    return execFileSync(AWS, ['--version'], { encoding: 'utf8', env: cliEnv(tmpdir()), timeout: 20_000 });
  } catch {
    return '';
  }
}

export const realAwsVersion = probe();
/** True when awscli 2.9.19 can be run here. */
export const realAwsAvailable = realAwsVersion.startsWith('aws-cli/2.9.19 ');

/** The interpreter /usr/bin/aws runs under (its shebang): a python3 earlier on PATH may lack awscli v2. */
const PYTHON = realAwsAvailable ? (/^#!\s*(\S+)/.exec(readFileSync(AWS, 'utf8'))?.[1] ?? '/usr/bin/python3') : '/usr/bin/python3';

/**
 * Runs many command lines in one Python process, each exactly as /usr/bin/aws
 * runs it (awscli.clidriver.main: a fresh driver and session per command),
 * with its own environment, working directory, stdout and stderr.
 */
const BATCH = String.raw`
import io, json, os, sys
before = dict(os.environ)
import awscli.clidriver
# What importing awscli put in the environment (its data path) stays for every job.
added = {k: v for k, v in os.environ.items() if before.get(k) != v}
jobs = json.load(sys.stdin)
results = []
real_out, real_err = sys.stdout, sys.stderr
for job in jobs:
    os.environ.clear()
    os.environ.update(added)
    env = dict(job['env'])
    # A job's AWS_DATA_PATH comes first; awscli's own (set when it was imported) stays after it.
    if 'AWS_DATA_PATH' in env and 'AWS_DATA_PATH' in added:
        env['AWS_DATA_PATH'] += os.pathsep + added['AWS_DATA_PATH']
    os.environ.update(env)
    os.chdir(job['cwd'])
    sys.argv = ['/usr/bin/aws'] + job['args']
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    try:
        rc = awscli.clidriver.main()
    except SystemExit as e:
        rc = e.code
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    # sys.exit(main()): None and False exit 0.
    results.append({'stdout': out.getvalue(), 'stderr': err.getvalue(), 'exitCode': rc if isinstance(rc, int) else (0 if not rc else 1)})
json.dump(results, real_out)
`;

export type Files = Record<string, string | Uint8Array>;

export interface RealResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RealJob {
  args: string[];
  files?: Files;
  /** Added to the dummy environment; an undefined value removes a variable. */
  env?: Record<string, string | undefined>;
  /** Run in this directory (files are written into it) instead of a fresh one. */
  cwd?: string;
}

function writeFiles(dir: string, files: Files): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    if (path.endsWith('/')) mkdirSync(full, { recursive: true });
    else writeFileSync(full, content);
  }
}

/**
 * Runs the real CLI on each job, in order, with `--endpoint-url` prepended: by default an
 * unreachable one, or `endpointUrl` (a KMS Lab endpoint). Results come in the same order.
 */
export function runRealAwsBatch(jobs: RealJob[], endpointUrl?: string): Promise<RealResult[]> {
  const endpoint = endpointUrl === undefined ? ENDPOINT : ['--endpoint-url', endpointUrl];
  const prepared = jobs.map((job) => {
    const dir = job.cwd ?? mkdtempSync(join(tmpdir(), 'kms-lab-aws-'));
    writeFiles(dir, job.files ?? {});
    return { args: [...endpoint, ...job.args], cwd: dir, env: { ...cliEnv(dir), ...job.env } };
  });
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      ['-c', BATCH],
      { env: cliEnv(tmpdir()), encoding: 'utf8', timeout: 300_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`real CLI batch failed: ${stderr.slice(-2000)}`));
        else resolve(JSON.parse(stdout) as RealResult[]);
      },
    );
    child.stdin!.end(JSON.stringify(prepared));
  });
}

/** Runs /usr/bin/aws itself, as a process, in a fresh directory holding `files`. */
export function runRealAws(args: string[], files: Files = {}, env: Record<string, string> = {}): Promise<RealResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kms-lab-aws-'));
  writeFiles(dir, files);
  return new Promise((resolve) => {
    execFile(
      AWS,
      [...ENDPOINT, ...args],
      { cwd: dir, env: { ...cliEnv(dir), ...env }, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 255) : 0;
        resolve({ stdout, stderr, exitCode: code });
      },
    );
  });
}

/** Python's repr of bytes (b'...') back to text: the log prints the request body that way. */
function unPythonBytes(literal: string): string {
  const body = literal.slice(2, -1);
  return body.replace(/\\(x[0-9a-f]{2}|.)/g, (_, esc: string) => {
    if (esc.startsWith('x')) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return { n: '\n', r: '\r', t: '\t' }[esc] ?? esc;
  });
}

/** The JSON body the real CLI was about to send, from its --debug log. */
export function realRequestBody(stderr: string): unknown {
  const m = /Making request for OperationModel\(name=\w+\) with params: .*'body': (b'(?:[^'\\]|\\.)*'|b"(?:[^"\\]|\\.)*")/.exec(stderr);
  if (!m) throw new Error(`no request body in the real CLI's debug log:\n${stderr.slice(-2000)}`);
  return JSON.parse(unPythonBytes(m[1]!));
}

/** The JSON body KMS Lab's --debug shows for its first request. */
export function ourRequestBody(stderr: string): unknown {
  const m = /\[KMS Lab --debug\] request 1: [^\n]*\n(?:[^\n]+\n)*\n([\s\S]*?)\n\n\[KMS Lab --debug\]/.exec(stderr);
  if (!m) throw new Error(`no request body in KMS Lab's debug output:\n${stderr}`);
  return JSON.parse(m[1]!);
}

export function fileReader(files: Files) {
  return (path: string): Uint8Array => {
    const dirs = new Set(Object.keys(files).filter((p) => p.endsWith('/')).map((p) => p.slice(0, -1)));
    if (dirs.has(path)) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return typeof content === 'string' ? new TextEncoder().encode(content) : content;
  };
}

/** KMS Lab's `aws` with the same command line (endpoint included), against a fresh seeded simulator. */
export async function runOurAws(args: string[], files: Files = {}, env: Record<string, string> = {}, kms?: Kms): Promise<CliResult> {
  const sim = kms ?? (await Kms.create({ seed: 1 }));
  return runAws([...ENDPOINT, ...args], {
    kms: sim,
    env: { AWS_DEFAULT_REGION: 'us-east-1', ...env },
    readFile: fileReader(files),
  });
}

/**
 * Runs a Python snippet with the CLI's own interpreter and packages
 * (awscli.shorthand, json, base64, difflib, …): it reads JSON on stdin and
 * writes JSON on stdout.
 */
export function runPython<T>(script: string, input: unknown): T {
  const out = execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', env: cliEnv(tmpdir()), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as T;
}
