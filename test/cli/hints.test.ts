/**
 * KMS Lab's hint lines, each checked in the situation that prints it: a real sandbox is set up,
 * the failing command runs, and the hint must say what is true there. Where a hint proposes a
 * command or a --profile, the test runs that proposal and requires it to work; where a hint
 * says no profile can, the test tries every profile.
 */
import { describe, expect, it } from 'vitest';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

const PROFILES = ['default', 'admin', 'app', 'auditor'];

interface World {
  box: Sandbox;
  run(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** Shell variables the set-up defined: KEY (customer managed, alias/app), S3 (the aws/s3 key), OTHER. */
  vars: Record<string, string>;
}

/** One account with a customer managed key behind alias/app, the AWS managed aws/s3 key, a ciphertext and an empty file. */
async function world(): Promise<World> {
  const box = await Sandbox.create({ seed: 13 });
  const run = (line: string) => runText(box.session, line);
  const setup = [
    'KEY=$(aws kms create-key --description app --query KeyMetadata.KeyId --output text)',
    'aws kms create-alias --alias-name alias/app --target-key-id $KEY',
    'OTHER=$(aws kms create-key --description other --query KeyMetadata.KeyId --output text)',
    'S3=$(aws kms describe-key --key-id alias/aws/s3 --query KeyMetadata.KeyId --output text)',
    'echo -n secret > secret.txt',
    'aws kms encrypt --key-id $KEY --plaintext fileb://secret.txt --query CiphertextBlob --output text | base64 --decode > c.bin',
    'aws kms encrypt --key-id $OTHER --plaintext fileb://secret.txt --query CiphertextBlob --output text | base64 --decode > other.bin',
    'touch empty.bin',
  ];
  for (const line of setup) expect((await run(line)).exitCode, line).toBe(0);
  const vars: Record<string, string> = {};
  for (const name of ['KEY', 'OTHER', 'S3']) vars[name] = (await run(`echo $${name}`)).stdout.trim();
  return { box, run, vars };
}

function hintOf(stderr: string): string | undefined {
  const lines = stderr.split('\n').filter((l) => l.startsWith('KMS Lab hint: '));
  expect(lines.length, stderr).toBeLessThanOrEqual(1);
  return lines[0]?.slice('KMS Lab hint: '.length);
}

interface Case {
  name: string;
  /** Extra set-up after world(). */
  given?: string[];
  run: string;
  /** Exit status of `run` (254: an error from the service). */
  exitCode?: number;
  /** What the hint must say (null: no hint at all). */
  hint: ((v: Record<string, string>) => RegExp) | RegExp | null;
  /** What it must not say. */
  not?: RegExp;
  /** A command the hint proposes; it must then succeed. */
  follow?: (hint: string, v: Record<string, string>) => string;
  /** The hint says no profile can: the same call must fail for every profile. */
  everyProfileFails?: boolean;
}

/** Hints never offer a profile switch without naming the profile that works (the old advice). */
const VAGUE = /Use another --profile/;

const CASES: Case[] = [
  {
    name: "lesson 6's step: enable-key-rotation with an alias that exists",
    run: 'aws kms enable-key-rotation --key-id alias/app',
    hint: (v) => new RegExp(`^enable-key-rotation takes a key ID or key ARN in --key-id, not an alias: alias/app points to key ${v.KEY}, so use --key-id ${v.KEY}\\.$`),
    not: /No such alias/,
    follow: (hint) => `aws kms enable-key-rotation ${/--key-id \S+?(?=\.$)/.exec(hint)![0]}`,
  },
  {
    name: 'a management command with an alias that does not exist',
    run: 'aws kms enable-key-rotation --key-id alias/nope',
    hint: /takes a key ID or key ARN in --key-id, not an alias \(and there is no alias alias\/nope: aws kms list-aliases/,
  },
  {
    name: 'create-alias --target-key-id given an alias names the option it was given in',
    run: 'aws kms create-alias --alias-name alias/second --target-key-id alias/app',
    hint: (v) => new RegExp(`create-alias takes a key ID or key ARN in --target-key-id, not an alias: alias/app points to key ${v.KEY}, so use --target-key-id ${v.KEY}\\.$`),
    follow: (_, v) => `aws kms create-alias --alias-name alias/second --target-key-id ${v.KEY}`,
  },
  {
    name: 'a management command with the alias of an AWS managed key: the key ID would not help either',
    run: 'aws kms enable-key-rotation --key-id alias/aws/s3',
    hint: (v) => new RegExp(`alias/aws/s3 points to key ${v.S3}, an AWS managed key; with that ID the call would fail too \\(AccessDeniedException`),
    not: /so use/,
  },
  {
    name: 'a management command as a profile whose policy lacks the action: names the profile that may',
    run: 'aws kms disable-key --key-id $KEY --profile app',
    hint: /^You are calling as profile 'app' \(arn:aws:sts::111122223333:assumed-role\/AppRole\/app-session\): .* The same call works as profiles admin and root: add --profile admin\.$/,
    follow: () => 'aws kms disable-key --key-id $KEY --profile admin',
  },
  {
    name: 'the key administrator encrypting: names the profile that uses keys',
    run: 'aws kms encrypt --key-id alias/app --plaintext fileb://secret.txt --profile admin',
    hint: /The same call works as profiles app and root: add --profile app\.$/,
    follow: () => 'aws kms encrypt --key-id alias/app --plaintext fileb://secret.txt --profile app',
  },
  {
    name: 'an account-wide action (CreateKey) denied to the application role',
    run: 'aws kms create-key --profile app',
    hint: /The same call works as profiles admin and root: add --profile admin\.$/,
    not: /get-key-policy/,
    follow: () => 'aws kms create-key --profile admin',
  },
  {
    name: 'AccessDenied managing an AWS managed key: no profile can, and the hint says so',
    run: 'aws kms enable-key-rotation --key-id $S3',
    hint: /^alias\/aws\/s3 is an AWS managed key: AWS manages it, and no --profile may call kms:EnableKeyRotation on it\./,
    not: /add --profile/,
    everyProfileFails: true,
  },
  {
    name: 'AccessDenied using an AWS managed key directly: only its service may',
    run: 'aws kms encrypt --key-id alias/aws/s3 --plaintext fileb://secret.txt --profile admin',
    hint: (v) => new RegExp(`^alias/aws/s3 is an AWS managed key: the kms:ViaService condition in its key policy \\(aws kms get-key-policy --key-id ${v.S3} --output text\\) lets only the AWS service it belongs to use it for you, so no --profile can call kms:Encrypt`),
    not: /add --profile/,
    follow: (hint) => /\((aws kms get-key-policy [^)]*)\)/.exec(hint)![1]!,
    everyProfileFails: true,
  },
  {
    name: 'AccessDenied reading an AWS managed key as a profile without read rights: others may read it',
    run: 'aws kms get-key-policy --key-id $S3 --profile app',
    hint: /The same call works as profiles admin, auditor and root: add --profile admin\.$/,
    follow: () => 'aws kms get-key-policy --key-id $S3 --profile admin',
  },
  {
    name: 'an alias under alias/aws/ cannot be created by anyone',
    run: 'aws kms create-alias --alias-name alias/aws/mine --target-key-id $KEY',
    hint: /^Alias names that start with alias\/aws\/ belong to AWS managed keys: no profile may create, change or delete them\./,
    everyProfileFails: true,
  },
  {
    name: 'decrypting a ciphertext whose key was deleted: no profile can',
    given: ['aws kms schedule-key-deletion --key-id $OTHER --pending-window-in-days 7', 'sim time +8d'],
    run: 'aws kms decrypt --ciphertext-blob fileb://other.bin --profile app',
    hint: (v) => new RegExp(`^The key that encrypted this ciphertext \\(${v.OTHER}\\) has been deleted \\(at [0-9T:-]+Z\\): its key material is gone, so no profile can decrypt the ciphertext any more\\.$`),
    not: /add --profile/,
    everyProfileFails: true,
  },
  {
    name: 'describing a key that was deleted says when, not "no such key"',
    given: ['aws kms schedule-key-deletion --key-id $OTHER --pending-window-in-days 7', 'sim time +8d'],
    run: 'aws kms describe-key --key-id $OTHER',
    hint: (v) => new RegExp(`^Key ${v.OTHER} was deleted at [0-9T:-]+Z, when its waiting period ended`),
  },
  {
    name: 'a key ID that never existed, for an operation that refuses aliases: no alias proposed',
    run: 'aws kms enable-key --key-id 11111111-2222-4333-8444-555555555555',
    hint: /^No such key in this account: aws kms list-keys shows the keys that exist \(give a key ID or key ARN\)\.$/,
    not: /alias/,
  },
  {
    name: 'a key ID that never existed, for an operation that takes aliases',
    run: 'aws kms encrypt --key-id 11111111-2222-4333-8444-555555555555 --plaintext fileb://secret.txt',
    hint: /\(give a key ID or key ARN, or an alias\/ name\)\.$/,
  },
  {
    name: 'an alias that does not exist, for an operation that takes aliases',
    run: 'aws kms encrypt --key-id alias/nope --plaintext fileb://secret.txt',
    hint: /^No such alias: aws kms list-aliases shows the aliases that exist\.$/,
  },
  {
    name: 'a word that is not a key reference at all',
    run: 'aws kms enable-key --key-id mykey',
    hint: /^'mykey' is not a key ID or key ARN: a key ID looks like/,
  },
  {
    name: 'a key ARN in another Region',
    run: 'aws kms encrypt --key-id arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-4333-8444-555555555555 --plaintext fileb://secret.txt',
    hint: /^That ARN names the Region eu-west-1; this sandbox has keys in us-east-1 only\.$/,
  },
  {
    name: 'a grant ID that does not exist is about the grant, not the key',
    run: 'aws kms revoke-grant --key-id $KEY --grant-id 0123456789abcdef',
    hint: /^No grant with that ID on this key: aws kms list-grants --key-id [0-9a-f-]{36} lists its grants/,
    not: /No such key/,
  },
  {
    name: 'a key policy name other than default',
    run: 'aws kms get-key-policy --key-id $KEY --policy-name mine',
    hint: /^A KMS key has one key policy, and its name is default: use --policy-name default\.$/,
    follow: () => 'aws kms get-key-policy --key-id $KEY --policy-name default',
  },
  {
    name: 'using a key pending deletion as the application: the cancel command names a profile that may cancel',
    given: ['aws kms schedule-key-deletion --key-id $OTHER --pending-window-in-days 7'],
    run: 'aws kms encrypt --key-id $OTHER --plaintext fileb://secret.txt --profile app',
    hint: (v) => new RegExp(`^The key is scheduled for deletion: aws kms cancel-key-deletion --key-id ${v.OTHER} --profile admin stops that`),
    follow: (_, v) => `aws kms cancel-key-deletion --key-id ${v.OTHER} --profile admin`,
  },
  {
    name: 'the root user using a key pending deletion: it may cancel itself, so no --profile',
    given: ['aws kms schedule-key-deletion --key-id $OTHER --pending-window-in-days 7'],
    run: 'aws kms encrypt --key-id $OTHER --plaintext fileb://secret.txt',
    hint: (v) => new RegExp(`^The key is scheduled for deletion: aws kms cancel-key-deletion --key-id ${v.OTHER} stops that`),
    follow: (_, v) => `aws kms cancel-key-deletion --key-id ${v.OTHER}`,
  },
  {
    name: 'AccessDenied on a key pending deletion: a permitted profile would fail too, so the hint says cancel first',
    given: ['aws kms schedule-key-deletion --key-id $OTHER --pending-window-in-days 7'],
    run: 'aws kms enable-key --key-id $OTHER --profile app',
    hint: (v) => new RegExp(`^Profile admin may call kms:EnableKey on this key, but not now: the key is scheduled for deletion: aws kms cancel-key-deletion --key-id ${v.OTHER} --profile admin stops that`),
    not: /add --profile/,
    follow: (_, v) => `aws kms cancel-key-deletion --key-id ${v.OTHER} --profile admin`,
  },
  {
    name: 'a disabled key used by the application: enable-key with a profile that may',
    given: ['aws kms disable-key --key-id $KEY'],
    run: 'aws kms encrypt --key-id alias/app --plaintext fileb://secret.txt --profile app',
    hint: (v) => new RegExp(`^The key is disabled: aws kms enable-key --key-id ${v.KEY} --profile admin turns it back on\\.$`),
    follow: (_, v) => `aws kms enable-key --key-id ${v.KEY} --profile admin`,
  },
  {
    name: 'cancelling a deletion that was never scheduled',
    run: 'aws kms cancel-key-deletion --key-id $KEY',
    hint: /^The key is not scheduled for deletion, so there is nothing to cancel\.$/,
  },
  {
    name: 'decrypting an empty file',
    run: 'aws kms decrypt --ciphertext-blob fileb://empty.bin',
    hint: /^The file given to --ciphertext-blob is empty \(0 bytes\), and KMS needs at least 1 byte/,
  },
  {
    name: 'encrypting an empty file',
    run: 'aws kms encrypt --key-id alias/app --plaintext fileb://empty.bin',
    hint: /^The file given to --plaintext is empty \(0 bytes\)/,
  },
  {
    name: 'encrypting more than 4096 bytes',
    given: ['openssl rand -out big.bin 5000'],
    run: 'aws kms encrypt --key-id alias/app --plaintext fileb://big.bin',
    hint: /^KMS encrypts at most 4096 bytes directly: for more, get a data key \(aws kms generate-data-key\)/,
  },
  {
    name: 'bytes that are not a ciphertext',
    given: ['openssl rand -out junk.bin 64'],
    run: 'aws kms decrypt --ciphertext-blob fileb://junk.bin',
    hint: /^Those bytes are not a ciphertext this KMS made/,
  },
  {
    name: 'a ciphertext file that holds base64 text',
    given: ['base64 c.bin > c.b64'],
    run: 'aws kms decrypt --ciphertext-blob fileb://c.b64',
    hint: /^That file holds base64 text, not the ciphertext bytes: decode it first/,
    follow: () => 'base64 --decode c.b64 > c2.bin && aws kms decrypt --ciphertext-blob fileb://c2.bin',
  },
  {
    name: 'a ciphertext with the wrong encryption context',
    run: 'aws kms decrypt --ciphertext-blob fileb://c.bin --encryption-context project=x',
    hint: /^KMS could not decrypt the blob: give exactly the encryption context used to encrypt/,
  },
  {
    name: 'decrypt naming another key than the ciphertext used',
    run: 'aws kms decrypt --ciphertext-blob fileb://c.bin --key-id $OTHER',
    hint: /^The ciphertext was made with another key: leave out --key-id/,
    follow: () => 'aws kms decrypt --ciphertext-blob fileb://c.bin',
  },
  {
    name: 'an alias that is taken',
    run: 'aws kms create-alias --alias-name alias/app --target-key-id $OTHER',
    hint: /^That alias is taken: choose another name, or move it with aws kms update-alias\.$/,
    follow: () => 'aws kms update-alias --alias-name alias/app --target-key-id $OTHER',
  },
  // No hint where none would be true.
  { name: 'a command that works prints no hint', run: 'aws kms describe-key --key-id alias/app', exitCode: 0, hint: null },
  { name: 'a listing that works prints no hint', run: 'aws kms list-aliases --profile app', exitCode: 0, hint: null },
  { name: 'a malformed policy gets no hint (the message says it all)', run: "aws kms put-key-policy --key-id $KEY --policy-name default --policy '{}'", hint: null },
  { name: 'a value out of range gets no hint', run: 'aws kms generate-random --number-of-bytes 2000', hint: null },
];

describe('KMS Lab hints, each in the situation that prints it', () => {
  it.each(CASES)('$name', async (c) => {
    const w = await world();
    for (const line of c.given ?? []) expect((await w.run(line)).exitCode, line).toBe(0);
    const result = await w.run(c.run);
    expect(result.exitCode, result.stderr).toBe(c.exitCode ?? 254);
    const hint = hintOf(result.stderr);
    if (c.hint === null) {
      expect(hint, result.stderr).toBeUndefined();
      return;
    }
    expect(hint, result.stderr).toBeDefined();
    expect(hint).toMatch(typeof c.hint === 'function' ? c.hint(w.vars) : c.hint);
    expect(hint).not.toMatch(VAGUE);
    if (c.not) expect(hint).not.toMatch(c.not);
    if (c.follow) {
      const proposal = c.follow(hint!, w.vars);
      const followed = await w.run(proposal);
      expect(followed.exitCode, `${proposal}\n${followed.stderr}`).toBe(0);
    }
    if (c.everyProfileFails) {
      const base = c.run.replace(/ --profile \S+/, '');
      for (const profile of PROFILES) {
        const attempt = await w.run(`${base} --profile ${profile}`);
        expect(attempt.exitCode, `${profile}: ${attempt.stdout}`).toBe(254);
      }
    }
  });

  it('a ciphertext from another sandbox names a key this account never had', async () => {
    const w = await world();
    // Another seed: another sandbox, other key IDs.
    const third = await Sandbox.create({ seed: 99 });
    const run3 = (line: string) => runText(third.session, line);
    await run3('K=$(aws kms create-key --query KeyMetadata.KeyId --output text)');
    await run3('echo -n hi > p.txt; aws kms encrypt --key-id $K --plaintext fileb://p.txt --query CiphertextBlob --output text | base64 --decode > x.bin');
    const foreignKey = (await run3('echo $K')).stdout.trim();
    w.box.session.vfs.writeFile('/home/learner/x.bin', third.session.vfs.readFile('/home/learner/x.bin'));
    const result = await w.run('aws kms decrypt --ciphertext-blob fileb://x.bin');
    expect(result.stderr).toContain('InvalidCiphertextException');
    expect(hintOf(result.stderr)).toMatch(new RegExp(`^This ciphertext names key ${foreignKey}, which has never been in this sandbox's account`));
  });

  it('a hint never changes the sandbox it looks at (the retries run on copies)', async () => {
    const w = await world();
    const before = { keys: JSON.stringify(w.box.kms.inventory()), log: w.box.kms.auditLog().length };
    const result = await w.run('aws kms disable-key --key-id $KEY --profile app');
    expect(hintOf(result.stderr)).toMatch(/add --profile admin/);
    expect(JSON.stringify(w.box.kms.inventory())).toBe(before.keys);
    // Only the failed call itself is logged.
    expect(w.box.kms.auditLog().length).toBe(before.log + 1);
  });
});
