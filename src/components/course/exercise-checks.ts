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

/** Runs a check's command in the home directory, as the learner's shell would be after `cd`. */
const runInHome = (copy: Sandbox, command: string) => runText(copy.session, `cd; ${command}`);

/**
 * "Write X to a file, and nothing else": the file's text, blank space around it aside, is
 * one of the accepted values. A newline from `--output text` or `echo` is fine; JSON quotes,
 * a whole JSON answer or a second value are not.
 */
async function holdsValue(copy: Sandbox, check: Extract<Check, { type: 'file-value' }>): Promise<boolean> {
  const bytes = readFile(copy, check.path);
  if (bytes === undefined) return false;
  const accepted = check.value === undefined ? [] : [check.value];
  if (check.valuesFrom !== undefined) accepted.push(...(await runInHome(copy, check.valuesFrom)).stdout.split(/\s+/).filter(Boolean));
  if (accepted.length === 0) throw new Error('a file-value check needs value or valuesFrom');
  return accepted.includes(new TextDecoder().decode(bytes).trim());
}

/**
 * Whether a call ever succeeded on a key, read from the audit log, which the sandbox keeps with
 * everything else: unlike the files, it cannot be tidied up afterwards. A Decrypt that
 * succeeded is the only way a ciphertext's plaintext reaches the learner's machine.
 */
function everCalled(copy: Sandbox, operation: string, key: KeySummary): boolean {
  return copy.kms
    .auditLog()
    .some((event) => event.eventName === operation && event.errorCode === undefined && event.resources?.some((r) => r.ARN === key.arn) === true);
}

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
    case 'file-value':
      return holdsValue(copy, check);
    case 'no-kms-call': {
      // A key that is gone can no longer vouch for itself, so the check cannot pass.
      const key = findKey(copy, check.key);
      return key !== undefined && !everCalled(copy, check.operation, key);
    }
    case 'command': {
      const result = await runInHome(copy, check.command);
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
