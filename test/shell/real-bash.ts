/** The real /bin/bash, to compare KMS Lab's shell with (tests only: Node APIs are fine here). */
import { spawnSync } from 'node:child_process';

export const HAS_BASH = spawnSync('bash', ['-c', 'exit 0']).status === 0;

export interface BashResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs a script with bash -c (no rc files, a fixed small environment), in `cwd` when given. */
export function realBash(script: string, cwd?: string): BashResult {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
    encoding: 'utf8',
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/home/learner', LC_ALL: 'C.UTF-8' },
  });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1 };
}

/**
 * bash -c's messages in the interactive form the sandbox prints: `bash: -c: line 1: x` and
 * `bash: line 1: x` become `bash: x`, and the echo of the offending source line is dropped.
 */
export function interactive(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^bash: (?:-c: )?line \d+: /, 'bash: '))
    .filter((line) => !line.startsWith('bash: `'))
    .map((line) => `${line}\n`)
    .join('');
}
