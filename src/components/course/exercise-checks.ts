/**
 * The Check button: inspects a copy of the learner's sandbox (so checking never
 * changes their keys, files or audit log) and says what is still missing.
 */
import type { Check, Exercise } from '../../lib/content-schema.ts';
import type { KeySummary } from '../../kms/kms.ts';
import { runText } from '../../shell/run.ts';
import { Sandbox } from '../../shell/sandbox.ts';
import { HOME } from '../../shell/vfs.ts';

export interface CheckResult {
  passed: boolean;
  /** The exercise's words for what is missing, when it fails. */
  missing: string;
}

export interface CheckReport {
  passed: boolean;
  results: CheckResult[];
}

function findKey(copy: Sandbox, ref: string): KeySummary | undefined {
  return copy.kms.inventory().find((k) => k.keyId === ref || k.arn === ref || k.aliases.includes(ref));
}

function readFile(copy: Sandbox, path: string): Uint8Array | undefined {
  const full = copy.session.vfs.resolve(HOME, path);
  return copy.session.vfs.stat(full)?.type === 'file' ? copy.session.vfs.readFile(full) : undefined;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

async function passes(copy: Sandbox, check: Check): Promise<boolean> {
  switch (check.type) {
    case 'alias-exists':
      return copy.kms.inventory().some((k) => k.aliases.includes(check.alias));
    case 'key-state':
      return findKey(copy, check.key)?.state === check.state;
    case 'rotation-enabled': {
      const key = findKey(copy, check.key);
      return key?.rotationEnabled === true && (check.periodInDays === undefined || key.rotationPeriodInDays === check.periodInDays);
    }
    case 'key-description':
      return findKey(copy, check.key)?.description === check.description;
    case 'key-origin':
      return findKey(copy, check.key)?.origin === check.origin;
    case 'file-exists':
      return readFile(copy, check.path) !== undefined;
    case 'file-absent':
      return copy.session.vfs.stat(copy.session.vfs.resolve(HOME, check.path)) === undefined;
    case 'files-equal':
    case 'file-not-equal': {
      const a = readFile(copy, check.a);
      const b = readFile(copy, check.b);
      if (!a || !b) return false;
      return sameBytes(a, b) === (check.type === 'files-equal');
    }
    case 'command': {
      // In the home directory, as the learner's shell would be after `cd`.
      const result = await runText(copy.session, `cd; ${check.command}`);
      return (
        (check.exitCode === undefined || result.exitCode === check.exitCode) &&
        (check.stdoutIncludes === undefined || result.stdout.includes(check.stdoutIncludes)) &&
        (check.stderrIncludes === undefined || result.stderr.includes(check.stderrIncludes))
      );
    }
  }
}

export async function checkExercise(sandbox: Sandbox, exercise: Exercise): Promise<CheckReport> {
  // A deep copy by structured clone, as IndexedDB keeps it: the learner's sandbox is not touched.
  const copy = Sandbox.fromImage(structuredClone(sandbox.image()));
  const results: CheckResult[] = [];
  for (const { check, missing } of exercise.checks) {
    let passed: boolean;
    try {
      passed = await passes(copy, check);
    } catch {
      passed = false;
    }
    results.push({ passed, missing });
  }
  return { passed: results.every((r) => r.passed), results };
}
