import { describe, expect, it } from 'vitest';
import { checkExercise } from '../../../src/components/course/exercise-checks.ts';
import { exerciseSchema, type Check } from '../../../src/lib/content-schema.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

const exercise = (...checks: Check[]) =>
  exerciseSchema.parse({ id: 't', title: 'T', task: 'Do it.', hint: 'h', solution: ['true'], checks: checks.map((check, i) => ({ check, missing: `m${i}` })) });

describe('exercise checks', () => {
  it('inspects keys, aliases, rotation, files and command results, and names what is missing', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const run = (line: string) => runText(box.session, line);
    const key = (await run('aws kms create-key --description checked --query KeyMetadata.KeyId --output text')).stdout.trim();
    await run(`aws kms create-alias --alias-name alias/checked --target-key-id ${key}`);
    await run(`aws kms enable-key-rotation --key-id ${key} --rotation-period-in-days 90`);
    await run('echo one > a.txt; cp a.txt b.txt; echo two > c.txt');
    const all = exercise(
      { type: 'alias-exists', alias: 'alias/checked' },
      { type: 'key-state', key: 'alias/checked', state: 'Enabled' },
      { type: 'rotation-enabled', key, periodInDays: 90 },
      { type: 'key-description', key: 'alias/checked', description: 'checked' },
      { type: 'key-origin', key, origin: 'AWS_KMS' },
      { type: 'file-exists', path: 'a.txt' },
      { type: 'file-absent', path: 'nope.txt' },
      { type: 'files-equal', a: 'a.txt', b: 'b.txt' },
      { type: 'file-not-equal', a: 'a.txt', b: 'c.txt' },
      { type: 'command', command: 'aws kms encrypt --key-id alias/checked --plaintext aGk= --profile admin', exitCode: 254, stderrIncludes: 'AccessDeniedException' },
    );
    const report = await checkExercise(box, all);
    expect(report.results.map((r) => r.passed)).toEqual(Array(10).fill(true));
    expect(report.passed).toBe(true);

    const wrong = exercise(
      { type: 'alias-exists', alias: 'alias/other' },
      { type: 'key-state', key: 'alias/checked', state: 'Disabled' },
      { type: 'rotation-enabled', key, periodInDays: 365 },
      { type: 'files-equal', a: 'a.txt', b: 'c.txt' },
      { type: 'file-exists', path: 'missing.bin' },
      { type: 'command', command: 'aws kms describe-key --key-id alias/checked', exitCode: 254 },
    );
    const failed = await checkExercise(box, wrong);
    expect(failed.passed).toBe(false);
    expect(failed.results.filter((r) => !r.passed).map((r) => r.missing)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('never changes the learner sandbox: commands run on a copy', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const audited = box.kms.auditLog().length;
    await checkExercise(box, exercise({ type: 'command', command: 'aws kms create-key && touch made-by-check.txt', exitCode: 0 }));
    expect(box.kms.auditLog()).toHaveLength(audited);
    expect(box.kms.inventory().filter((k) => k.keyManager === 'CUSTOMER')).toEqual([]);
    expect((await runText(box.session, 'ls')).stdout).toBe('');
  });
});
