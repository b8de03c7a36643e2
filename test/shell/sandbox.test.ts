import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/shell/run.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

async function sandbox(seed = 1) {
  const box = await Sandbox.create({ seed });
  const run = (line: string) => runText(box.session, line);
  return { box, run };
}

async function createKey(run: (line: string) => Promise<{ stdout: string; exitCode: number }>, description = 'demo') {
  const { stdout, exitCode } = await run(`aws kms create-key --description ${description} --query KeyMetadata.KeyId --output text`);
  expect(exitCode).toBe(0);
  return stdout.trim();
}

describe('sim', () => {
  it('shows the simulated time and moves it forward by each unit', async () => {
    const { box, run } = await sandbox();
    const start = box.kms.now().getTime();
    const shown = await run('sim time');
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toBe(`${box.kms.now().toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')} (simulated)\n`);
    const steps: [string, number][] = [['+5m', 5 * 60_000], ['+2h', 2 * 3_600_000], ['+3d', 3 * 86_400_000], ['+1w', 7 * 86_400_000], ['+1y', 365 * 86_400_000]];
    let expected = start;
    for (const [amount, ms] of steps) {
      expect((await run(`sim time ${amount}`)).exitCode).toBe(0);
      expected += ms;
      expect(box.kms.now().getTime()).toBe(expected);
    }
  });

  it('reports the rotations and deletions that happen while time passes', async () => {
    const { run } = await sandbox();
    const rotating = await createKey(run, 'rotating');
    const doomed = await createKey(run, 'doomed');
    expect((await run(`aws kms enable-key-rotation --key-id ${rotating} --rotation-period-in-days 90`)).exitCode).toBe(0);
    expect((await run(`aws kms schedule-key-deletion --key-id ${doomed} --pending-window-in-days 7`)).exitCode).toBe(0);

    const week = await run('sim time +8d');
    expect(week.stdout).toContain(`key ${doomed} deleted (its waiting period ended)`);
    expect(week.stdout).not.toContain('rotated');
    const gone = await run(`aws kms describe-key --key-id ${doomed}`);
    expect(gone.exitCode).toBe(254);
    expect(gone.stderr).toContain('(NotFoundException)');

    const quarter = await run('sim time +90d');
    expect(quarter.stdout).toContain(`key ${rotating} rotated to new key material`);
    const rotations = await run(`aws kms list-key-rotations --key-id ${rotating} --query 'length(Rotations)'`);
    expect(rotations.stdout.trim()).toBe('1');
  });

  it('rejects bad amounts, arguments and subcommands with exit status 2', async () => {
    const { box, run } = await sandbox();
    const before = box.kms.now().getTime();
    for (const line of ['sim time 30d', 'sim time +30', 'sim time +-1d', 'sim time +1d +1d', 'sim time +3q', 'sim seed', 'sim seed x', 'sim seed -1', 'sim reset now', 'sim frobnicate']) {
      const result = await run(line);
      expect(result.exitCode, line).toBe(2);
      expect(result.stderr, line).toMatch(/^sim: /);
      expect(result.stdout, line).toBe('');
    }
    expect(box.kms.now().getTime()).toBe(before);
    const bare = await run('sim');
    expect(bare.exitCode).toBe(2);
    expect(bare.stdout).toContain('sim time +30d');
    expect((await run('sim help')).exitCode).toBe(0);
  });

  it('whoami follows AWS_PROFILE like the aws commands do', async () => {
    const { run } = await sandbox();
    const root = await run('sim whoami');
    expect(root.stdout).toMatch(/^root\tarn:aws:iam::\d{12}:root\n/);
    const caller = await run('aws sts get-caller-identity --query Arn --output text');
    expect(root.stdout.split('\t')[1]!.split('\n')[0]).toBe(caller.stdout.trim());
    // Before any aws call, the profile alone decides.
    await run('export AWS_PROFILE=app');
    const app = await run('sim whoami');
    expect(app.stdout.split('\t')[0]).toBe('app');
    expect(app.stdout.split('\t')[1]!.split('\n')[0]).toBe((await run('aws sts get-caller-identity --query Arn --output text')).stdout.trim());
    await run('export AWS_PROFILE=nobody');
    expect((await run('sim whoami')).exitCode).toBe(1);
  });

  it('reset empties keys and files but keeps variables and history; seed makes the account repeat', async () => {
    const { box, run } = await sandbox();
    const events: SessionEvent[] = [];
    box.session.subscribe((e) => events.push(e));
    const keyId = await createKey(run);
    await run(`KEEP=${keyId}; echo hi > file.txt`);
    const reset = await run('sim reset');
    expect(reset.exitCode).toBe(0);
    expect(events.filter((e) => e.type === 'reset')).toEqual([{ type: 'reset', seed: undefined }]);
    expect((await run('ls')).stdout).toBe('');
    expect((await run('echo $KEEP')).stdout).toBe(`${keyId}\n`);
    expect((await run(`aws kms describe-key --key-id $KEEP`)).exitCode).toBe(254);

    await run('sim seed 42');
    const first = await createKey(run);
    await run('sim seed 42');
    expect(await createKey(run)).toBe(first);
    expect(events.filter((e) => e.type === 'reset').at(-1)).toEqual({ type: 'reset', seed: 42 });
  });
});

describe('sandbox', () => {
  it('forwards every KMS call as a kms event, also after a reset', async () => {
    const { box, run } = await sandbox();
    const operations: string[] = [];
    box.session.subscribe((e) => {
      if (e.type === 'kms') operations.push(e.trace.operation);
    });
    const keyId = await createKey(run);
    await run(`aws kms encrypt --key-id ${keyId} --plaintext aGk= --query CiphertextBlob --output text`);
    await run('aws kms describe-key --key-id alias/nope');
    expect(operations).toEqual(['CreateKey', 'Encrypt', 'DescribeKey']);
    await run('sim reset');
    await createKey(run);
    expect(operations.at(-1)).toBe('CreateKey');
    expect(operations).toHaveLength(4);
  });

  it('keeps ciphertext bytes intact through > and fileb://', async () => {
    const { run } = await sandbox();
    const keyId = await createKey(run);
    await run('openssl rand 4096 > random.bin');
    await run(`aws kms encrypt --key-id ${keyId} --plaintext fileb://random.bin --query CiphertextBlob --output text | base64 --decode > blob`);
    await run('aws kms decrypt --ciphertext-blob fileb://blob --query Plaintext --output text | base64 -d > back.bin');
    const cmp = await run('cmp random.bin back.bin');
    expect(cmp.exitCode).toBe(0);
    expect((await run('wc -c < back.bin')).stdout.trim()).toBe('4096');
  });

  it('answers the done-when script of the shell issue with the secret', async () => {
    const { run } = await sandbox(7);
    const script = [
      'echo "My secret data" > secret.txt',
      'KEYID=$(aws kms create-key --description demo --query KeyMetadata.KeyId --output text)',
      'aws kms encrypt --key-id $KEYID --plaintext fileb://secret.txt --output text --query CiphertextBlob | base64 --decode > encryptedsecret.txt',
      'aws kms decrypt --ciphertext-blob fileb://encryptedsecret.txt --output text --query Plaintext | base64 --decode > decryptedsecret.txt',
      'aws kms re-encrypt --destination-key-id $KEYID --ciphertext-blob fileb://encryptedsecret.txt | base64 > newencryption.txt',
      'aws kms enable-key-rotation --key-id $KEYID',
    ];
    for (const line of script) expect((await run(line)).exitCode, line).toBe(0);
    const status = await run('aws kms get-key-rotation-status --key-id $KEYID');
    expect(JSON.parse(status.stdout)).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    const dataKey = JSON.parse((await run('aws kms generate-data-key --key-id $KEYID --key-spec AES_256')).stdout) as Record<string, string>;
    expect(Object.keys(dataKey)).toEqual(['CiphertextBlob', 'Plaintext', 'KeyId', 'KeyMaterialId']);
    expect(atob(dataKey.Plaintext!)).toHaveLength(32);
    expect((await run('cat decryptedsecret.txt')).stdout).toBe('My secret data\n');
  });
});

describe('completion', () => {
  async function completer() {
    const { box, run } = await sandbox();
    const complete = (line: string) => box.session.complete(line, line.length).candidates;
    return { box, run, complete };
  }

  it('completes command names, including aws and sim', async () => {
    const { complete } = await completer();
    expect(complete('aw')).toEqual(['aws']);
    expect(complete('si')).toEqual(['sim']);
    expect(complete('sim ')).toEqual(expect.arrayContaining(['time', 'whoami', 'reset', 'seed', 'help']));
  });

  it('completes aws services, kms operations and their options', async () => {
    const { complete } = await completer();
    expect(complete('aws km')).toEqual(['kms']);
    expect(complete('aws kms generate-data-key')).toEqual(['generate-data-key', 'generate-data-key-pair', 'generate-data-key-pair-without-plaintext', 'generate-data-key-without-plaintext']);
    expect(complete('aws sts get-c')).toEqual(['get-caller-identity']);
    expect(complete('aws configure list-p')).toEqual(['list-profiles']);
    const encrypt = complete('aws kms encrypt --');
    expect(encrypt).toEqual(expect.arrayContaining(['--key-id', '--plaintext', '--encryption-context', '--dry-run', '--no-dry-run', '--cli-input-json', '--query', '--output']));
    expect(encrypt).not.toContain('--ciphertext-blob');
    expect(complete('aws kms encrypt --key-id k --plai')).toEqual(['--plaintext']);
    // Options already given are not offered again.
    expect(complete('aws kms encrypt --key-id k --key')).toEqual([]);
    expect(complete('aws kms list-keys --')).toEqual(expect.arrayContaining(['--max-items', '--starting-token', '--page-size']));
  });

  it('completes enum values, output formats, profiles, key IDs and aliases', async () => {
    const { complete, run } = await completer();
    expect(complete('aws kms generate-data-key --key-spec ')).toEqual(['AES_256', 'AES_128']);
    expect(complete('aws kms create-key --key-spec SYMMETRIC')).toEqual(['SYMMETRIC_DEFAULT']);
    expect(complete('aws --output t')).toEqual(['text', 'table']);
    expect(complete('aws kms list-keys --profile a')).toEqual(['admin', 'app', 'auditor']);
    const keyId = await createKey(run);
    await run(`aws kms create-alias --alias-name alias/demo --target-key-id ${keyId}`);
    expect(complete(`aws kms describe-key --key-id ${keyId.slice(0, 6)}`)).toEqual([keyId]);
    expect(complete('aws kms describe-key --key-id alias/d')).toEqual(['alias/demo']);
    expect(complete('aws kms describe-key --key-id alias/aws/dy')).toEqual(['alias/aws/dynamodb']);
    expect(complete('aws kms delete-alias --alias-name alias/de')).toEqual(['alias/demo']);
  });

  it('completes file names after fileb:// and file://', async () => {
    const { complete, run } = await completer();
    await run('mkdir data; touch secret.txt data/blob.bin');
    expect(complete('aws kms encrypt --key-id k --plaintext fileb://se')).toEqual(['fileb://secret.txt']);
    expect(complete('aws kms decrypt --ciphertext-blob fileb://data/')).toEqual(['fileb://data/blob.bin']);
    expect(complete('aws kms encrypt --cli-input-json file://d')).toEqual(['file://data/']);
    expect(complete('cat s')).toEqual(['secret.txt']);
  });
});

describe('saving and continuing a sandbox', () => {
  it('continues with the same keys, files, directory and variables after a structured-clone round trip', async () => {
    const { box, run } = await sandbox(3);
    const keyId = await createKey(run);
    await run(`mkdir work && cd work && echo "My secret data" > secret.txt && KEY=${keyId} && export REGION_NOTE=kept`);
    await run('aws kms encrypt --key-id $KEY --plaintext fileb://secret.txt --query CiphertextBlob --output text | base64 -d > secret.enc');
    // IndexedDB stores by structured clone; CryptoKeys survive it as objects.
    const image = structuredClone(box.image());
    const again = Sandbox.fromImage(image);
    const run2 = (line: string) => runText(again.session, line);
    expect((await run2('pwd')).stdout).toBe('/home/learner/work\n');
    expect((await run2('echo $KEY $REGION_NOTE')).stdout).toBe(`${keyId} kept\n`);
    expect((await run2('env')).stdout).toContain('REGION_NOTE=kept');
    const back = await run2('aws kms decrypt --ciphertext-blob fileb://secret.enc --query Plaintext --output text | base64 -d');
    expect(back.stdout).toBe('My secret data\n');
    // The saved copy is independent of the live one.
    await run('rm secret.txt');
    expect((await run2('cat secret.txt')).exitCode).toBe(0);
  });

  it('refuses an image that is not a saved sandbox', async () => {
    expect(() => Sandbox.fromImage({ format: 'other' } as never)).toThrow('Not a saved KMS Lab sandbox');
    const { box } = await sandbox();
    const image = box.image();
    expect(() => Sandbox.fromImage({ ...image, kms: { broken: true } } as never)).toThrow();
  });
});

describe('sim reset in the browser', () => {
  it('asks first, and deletes nothing when the learner says no', async () => {
    const answers = [false, true];
    const questions: string[] = [];
    const box = await Sandbox.create({ seed: 1, confirm: async (q) => (questions.push(q), answers.shift()!) });
    await runText(box.session, 'touch keep.txt');
    const no = await runText(box.session, 'sim reset');
    expect(no).toEqual({ stdout: '', stderr: 'sim: reset cancelled; nothing was deleted\n', exitCode: 1 });
    expect((await runText(box.session, 'ls')).stdout).toBe('keep.txt\n');
    const yes = await runText(box.session, 'sim reset');
    expect(yes.exitCode).toBe(0);
    expect((await runText(box.session, 'ls')).stdout).toBe('');
    expect(questions).toHaveLength(2);
    expect(questions[0]).toMatch(/Delete every key, alias and file/);
  });
});

describe('hints after an AccessDeniedException', () => {
  it('name a key policy command that works, with the key ID even when the learner used an alias', async () => {
    const { run } = await sandbox();
    const denied = await run('aws kms encrypt --key-id alias/aws/ebs --plaintext aGk=');
    expect(denied.exitCode).toBe(254);
    const suggested = /\((aws kms get-key-policy [^)]*)\)/.exec(denied.stderr)?.[1];
    expect(suggested).toMatch(/--key-id [0-9a-f-]{36} /);
    const policy = await run(suggested!);
    expect(policy.exitCode).toBe(0);
    expect(policy.stdout).toContain('kms:ViaService');
  });
});

describe('hints after a disabled or pending-deletion key', () => {
  it('suggest enable-key and cancel-key-deletion with the key ID, which work as suggested', async () => {
    const { run } = await sandbox();
    const keyId = await createKey(run);
    await run(`aws kms create-alias --alias-name alias/hinted --target-key-id ${keyId}`);
    await run(`aws kms disable-key --key-id ${keyId}`);
    const disabled = await run('aws kms encrypt --key-id alias/hinted --plaintext aGk=');
    const enable = /(aws kms enable-key --key-id \S+)/.exec(disabled.stderr)![1]!;
    expect(enable).toBe(`aws kms enable-key --key-id ${keyId}`);
    expect((await run(enable)).exitCode).toBe(0);
    await run(`aws kms schedule-key-deletion --key-id ${keyId}`);
    const pending = await run('aws kms encrypt --key-id alias/hinted --plaintext aGk=');
    const cancel = /(aws kms cancel-key-deletion --key-id \S+)/.exec(pending.stderr)![1]!;
    expect((await run(cancel)).exitCode).toBe(0);
  });
});
