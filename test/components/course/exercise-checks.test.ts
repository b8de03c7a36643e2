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

  it('file-value: the file holds one accepted value and nothing else, blank space around it aside', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const run = (line: string) => runText(box.session, line);
    const key = (await run('aws kms create-key --query KeyMetadata.KeyId --output text')).stdout.trim();
    const arn = `arn:aws:kms:us-east-1:111122223333:key/${key}`;
    const fromKms = { type: 'file-value', path: 'v.txt', valuesFrom: `aws kms describe-key --key-id ${key} --query 'KeyMetadata.[KeyId,Arn]' --output text` } as const;
    const literal = { type: 'file-value', path: 'v.txt', value: 'arn:aws:iam::111122223333:user/Auditor' } as const;
    const verdict = async (content: string, check: Check) => {
      await run(`printf '%s' '${content}' > v.txt`);
      return (await checkExercise(box, exercise(check))).passed;
    };
    for (const good of [key, `${key}\n`, `  ${arn}\r\n`]) expect(await verdict(good, fromKms), JSON.stringify(good)).toBe(true);
    for (const bad of [`"${key}"`, `${key} ${arn}`, `{"KeyId": "${key}"}`, 'alias/x', '']) expect(await verdict(bad, fromKms), bad).toBe(false);
    expect(await verdict('arn:aws:iam::111122223333:user/Auditor\n', literal)).toBe(true);
    expect(await verdict('"arn:aws:iam::111122223333:user/Auditor"', literal)).toBe(false);
    await run('rm v.txt');
    expect((await checkExercise(box, exercise(literal))).passed).toBe(false);
    // Neither value nor valuesFrom: a content error, reported as a failing check rather than a pass.
    expect((await checkExercise(box, exercise({ type: 'file-value', path: 'v.txt' }))).passed).toBe(false);
  });

  it('no-kms-call: only a call that succeeded on that very key counts, and a key that is gone cannot pass', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const run = (line: string) => runText(box.session, line);
    for (const alias of ['alias/old', 'alias/new']) await run(`aws kms create-alias --alias-name ${alias} --target-key-id $(aws kms create-key --query KeyMetadata.KeyId --output text)`);
    await run('aws kms encrypt --key-id alias/old --plaintext aGk= --query CiphertextBlob --output text | base64 --decode > old.bin');
    const noDecrypt = exercise({ type: 'no-kms-call', operation: 'Decrypt', key: 'alias/old' });
    expect((await checkExercise(box, noDecrypt)).passed).toBe(true);
    // Refused (wrong key named): no plaintext came out, so it does not count.
    await run('aws kms decrypt --ciphertext-blob fileb://old.bin --key-id alias/new');
    // A Decrypt under the other key does not count either.
    await run('aws kms encrypt --key-id alias/new --plaintext aGk= --query CiphertextBlob --output text | base64 --decode > new.bin; aws kms decrypt --ciphertext-blob fileb://new.bin');
    expect((await checkExercise(box, noDecrypt)).passed).toBe(true);
    await run('aws kms decrypt --ciphertext-blob fileb://old.bin --query Plaintext --output text > /dev/null');
    expect((await checkExercise(box, noDecrypt)).passed).toBe(false);
    expect((await checkExercise(box, exercise({ type: 'no-kms-call', operation: 'Decrypt', key: 'alias/none' }))).passed).toBe(false);
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
