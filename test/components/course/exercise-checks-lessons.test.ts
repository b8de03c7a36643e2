/**
 * The course's own exercises, checked against what learners actually type: each check accepts
 * every reasonable way of doing the task as worded and rejects what does not meet it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkExercise } from '../../../src/components/course/exercise-checks.ts';
import { prepareLesson } from '../../../src/components/sandbox/lesson-setup.ts';
import { lessonSchema, type Exercise } from '../../../src/lib/content-schema.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

const lessonsDir = join(import.meta.dirname, '../../../content/lessons');

function lesson(id: string) {
  const source = readFileSync(join(lessonsDir, `${id}.mdx`), 'utf8');
  return lessonSchema.parse(parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(source)![1]!));
}

/** A sandbox as the lesson opens it, the learner's commands run in it, and the exercise's verdict. */
async function attempt(lessonId: string, exerciseId: string, commands: string[]) {
  const data = lesson(lessonId);
  const exercise: Exercise = data.exercises.find((e) => e.id === exerciseId)!;
  const sandbox = await Sandbox.create({ seed: 5 });
  await prepareLesson(sandbox, lessonId, data.sandbox);
  for (const command of commands) {
    const result = await runText(sandbox.session, command);
    expect(result.exitCode, `${command}\n${result.stderr}`).toBe(0);
  }
  const report = await checkExercise(sandbox, exercise);
  return { passed: report.passed, missing: report.results.filter((r) => !r.passed).map((r) => r.missing) };
}

describe('lesson 1: writing one value to a file', () => {
  const ebs = (command: string) => attempt('kms-and-integrations', 'kms-intro-find-ebs-key', [command]);
  const app = (command: string) => attempt('kms-and-integrations', 'kms-intro-app-identity', [command]);

  it('accepts the key ID or the key ARN of aws/ebs, bare, with or without a newline', async () => {
    for (const command of [
      'aws kms describe-key --key-id alias/aws/ebs --query KeyMetadata.KeyId --output text > ebs-key.txt',
      'aws kms describe-key --key-id alias/aws/ebs --query KeyMetadata.Arn --output text > ebs-key.txt',
      "aws kms list-aliases --query \"Aliases[?AliasName=='alias/aws/ebs'].TargetKeyId\" --output text > ebs-key.txt",
      'echo -n $(aws kms describe-key --key-id alias/aws/ebs --query KeyMetadata.KeyId --output text) > ebs-key.txt',
    ])
      expect((await ebs(command)).passed, command).toBe(true);
  });

  it('rejects a quoted JSON string, the whole JSON answer, the alias and another key, and says what is expected', async () => {
    for (const command of [
      'aws kms describe-key --key-id alias/aws/ebs --query KeyMetadata.KeyId > ebs-key.txt',
      'aws kms describe-key --key-id alias/aws/ebs > ebs-key.txt',
      'echo alias/aws/ebs > ebs-key.txt',
      'aws kms describe-key --key-id alias/aws/s3 --query KeyMetadata.KeyId --output text > ebs-key.txt',
      'aws kms describe-key --key-id alias/aws/ebs --query "KeyMetadata.[KeyId,Arn]" --output text > ebs-key.txt',
    ]) {
      const verdict = await ebs(command);
      expect(verdict.passed, command).toBe(false);
      expect(verdict.missing.join(' ')).toMatch(/only the key ID or the key ARN/);
    }
  });

  it('accepts the assumed-role ARN that the app profile reports, bare', async () => {
    for (const command of [
      'aws sts get-caller-identity --profile app --query Arn --output text > app-identity.txt',
      'AWS_PROFILE=app aws sts get-caller-identity --query Arn --output text > app-identity.txt',
    ])
      expect((await app(command)).passed, command).toBe(true);
  });

  it('rejects the whole get-caller-identity JSON, a quoted string and the role ARN, as it rejects them for ebs-key.txt', async () => {
    for (const command of [
      'aws sts get-caller-identity --profile app > app-identity.txt',
      'aws sts get-caller-identity --profile app --query Arn > app-identity.txt',
      'aws sts get-caller-identity --profile app --output text > app-identity.txt',
      'echo arn:aws:iam::111122223333:role/AppRole > app-identity.txt',
    ]) {
      const verdict = await app(command);
      expect(verdict.passed, command).toBe(false);
      expect(verdict.missing.join(' ')).toMatch(/only the ARN/);
    }
  });
});

describe('lesson 6: moving a ciphertext to a new key without its plaintext', () => {
  const move = (commands: string[]) => attempt('kms-api-calls', 'api-calls-reencrypt-legacy', commands);
  const reencrypt = 'aws kms re-encrypt --ciphertext-blob fileb://legacy.bin --destination-key-id alias/lesson-api-calls --query CiphertextBlob --output text | base64 --decode > current.bin';

  it('accepts re-encrypt, which never returns the plaintext', async () => {
    expect(await move([reencrypt])).toEqual({ passed: true, missing: [] });
  });

  it('rejects decrypt to a file, then encrypt, even when the plaintext file is deleted afterwards', async () => {
    const verdict = await move([
      'aws kms decrypt --ciphertext-blob fileb://legacy.bin --query Plaintext --output text | base64 --decode > secret.txt',
      'aws kms encrypt --key-id alias/lesson-api-calls --plaintext fileb://secret.txt --query CiphertextBlob --output text | base64 --decode > current.bin',
      'rm secret.txt',
    ]);
    expect(verdict.passed).toBe(false);
    expect(verdict.missing).toEqual([expect.stringMatching(/audit log shows a Decrypt under alias\/lesson-api-calls-legacy/)]);
  });

  it('rejects decrypt piped straight into encrypt: the plaintext still came out of KMS', async () => {
    const verdict = await move([
      'aws kms encrypt --key-id alias/lesson-api-calls --plaintext $(aws kms decrypt --ciphertext-blob fileb://legacy.bin --query Plaintext --output text) --query CiphertextBlob --output text | base64 --decode > current.bin',
    ]);
    expect(verdict.passed).toBe(false);
  });

  it('passes after a reset, as its message promises: the lesson puts legacy.bin back in a new account', async () => {
    const data = lesson('kms-api-calls');
    const exercise = data.exercises.find((e) => e.id === 'api-calls-reencrypt-legacy')!;
    const sandbox = await Sandbox.create({ seed: 5 });
    await prepareLesson(sandbox, 'kms-api-calls', data.sandbox);
    await runText(sandbox.session, 'aws kms decrypt --ciphertext-blob fileb://legacy.bin > /dev/null');
    await runText(sandbox.session, reencrypt);
    expect((await checkExercise(sandbox, exercise)).passed).toBe(false);
    // What the sandbox's Reset button does, then the lesson set-up that follows every reset.
    await sandbox.reset();
    await prepareLesson(sandbox, 'kms-api-calls', data.sandbox);
    await runText(sandbox.session, reencrypt);
    expect(await checkExercise(sandbox, exercise)).toEqual({ passed: true, results: exercise.checks.map((c) => ({ passed: true, missing: c.missing })) });
  });

  it('does not count a Decrypt that KMS refused', async () => {
    const sandboxCommands = ['aws kms decrypt --ciphertext-blob fileb://legacy.bin --key-id alias/lesson-api-calls > /dev/null 2>&1 || true', reencrypt];
    expect((await move(sandboxCommands)).passed).toBe(true);
  });
});
