import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Kms } from '../../src/kms/kms.ts';
import { runAws } from '../../src/cli/aws.ts';
import type { CliResult } from '../../src/cli/types.ts';
import { KMS_COMMANDS } from '../../src/cli/model.ts';
import { fileReader, realAwsAvailable, runRealAwsBatch, type Files, type RealResult } from './real-aws.ts';
import { realCliAvailable, realFormat } from './real-formatter.ts';

/** A sandbox: one simulator, a few files, the environment a shell would pass. */
class Sandbox {
  files: Files = { 'secret.txt': 'Hello, KMS!\n' };
  env: Record<string, string | undefined> = { AWS_DEFAULT_REGION: 'us-east-1' };
  readonly kms: Kms;
  constructor(kms: Kms) {
    this.kms = kms;
  }

  static async create(): Promise<Sandbox> {
    return new Sandbox(await Kms.create({ seed: 1 }));
  }

  run(...args: string[]): Promise<CliResult> {
    return runAws(args, { kms: this.kms, env: this.env, readFile: fileReader(this.files) });
  }

  /** Runs a command that must succeed and returns its stdout. */
  async ok(...args: string[]): Promise<string> {
    const r = await this.run(...args);
    expect(r.stderr, `aws ${args.join(' ')}`).toBe('');
    expect(r.exitCode).toBe(0);
    return r.stdout;
  }

  async json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
    return JSON.parse(await this.ok(...args)) as T;
  }
}

const decode = (b64: string) => Buffer.from(b64.trim(), 'base64');
const USAGE_HEAD = '\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n';

let box: Sandbox;
beforeEach(async () => {
  box = await Sandbox.create();
});

describe('the outline commands', () => {
  it('encrypts a file and decrypts the raw ciphertext again', async () => {
    const key = (await box.ok('kms', 'create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const cipherB64 = await box.ok('kms', 'encrypt', '--key-id', key, '--plaintext', 'fileb://secret.txt', '--output', 'text', '--query', 'CiphertextBlob');
    expect(cipherB64).toMatch(/^[A-Za-z0-9+/]+=*\n$/);
    // base64 --decode > encryptedsecret.txt
    box.files['encryptedsecret.txt'] = decode(cipherB64);
    const plainB64 = await box.ok('kms', 'decrypt', '--ciphertext-blob', 'fileb://encryptedsecret.txt', '--output', 'text', '--query', 'Plaintext');
    expect(decode(plainB64).toString()).toBe('Hello, KMS!\n');
  });

  it('re-encrypts under another key without showing the plaintext', async () => {
    const first = (await box.json<{ KeyMetadata: { KeyId: string } }>('kms', 'create-key')).KeyMetadata.KeyId;
    const second = (await box.json<{ KeyMetadata: { Arn: string } }>('kms', 'create-key')).KeyMetadata.Arn;
    box.files.x = decode(await box.ok('kms', 'encrypt', '--key-id', first, '--plaintext', 'fileb://secret.txt', '--output', 'text', '--query', 'CiphertextBlob'));
    const out = await box.json<Record<string, string>>('kms', 're-encrypt', '--destination-key-id', second, '--ciphertext-blob', 'fileb://x');
    expect(Object.keys(out)).toEqual(['CiphertextBlob', 'SourceKeyId', 'KeyId', 'SourceEncryptionAlgorithm', 'DestinationEncryptionAlgorithm', 'SourceKeyMaterialId', 'DestinationKeyMaterialId'].filter((k) => k in out));
    expect(out.KeyId).toBe(second);
    expect(out.SourceKeyId).toContain(first);
    box.files.y = decode(out.CiphertextBlob!);
    expect(decode(await box.ok('kms', 'decrypt', '--ciphertext-blob', 'fileb://y', '--query', 'Plaintext', '--output', 'text')).toString()).toBe('Hello, KMS!\n');
  });

  it('turns on rotation and reports it', async () => {
    const key = (await box.ok('kms', 'create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    expect(await box.json('kms', 'get-key-rotation-status', '--key-id', key)).toMatchObject({ KeyRotationEnabled: false });
    expect(await box.ok('kms', 'enable-key-rotation', '--key-id', key)).toBe('');
    const status = await box.json('kms', 'get-key-rotation-status', '--key-id', key);
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    expect(await box.ok('kms', 'get-key-rotation-status', '--key-id', key, '--query', 'KeyRotationEnabled', '--output', 'text')).toBe('True\n');
  });

  it('generates a data key: plaintext and encrypted copy', async () => {
    const key = (await box.ok('kms', 'create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    const dk = await box.json<Record<string, string>>('kms', 'generate-data-key', '--key-id', key, '--key-spec', 'AES_256');
    expect(decode(dk.Plaintext!)).toHaveLength(32);
    expect(dk.KeyId).toContain(key);
    box.files['dk.enc'] = decode(dk.CiphertextBlob!);
    expect(await box.ok('kms', 'decrypt', '--ciphertext-blob', 'fileb://dk.enc', '--query', 'Plaintext', '--output', 'text')).toBe(`${dk.Plaintext}\n`);
  });

  it('creates an alias and finds the key by it', async () => {
    const key = (await box.ok('kms', 'create-key', '--description', 'lesson key', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    expect(await box.ok('kms', 'create-alias', '--alias-name', 'alias/lesson', '--target-key-id', key)).toBe('');
    const aliases = await box.json<{ Aliases: { AliasName: string; TargetKeyId?: string }[] }>('kms', 'list-aliases');
    expect(aliases.Aliases.find((a) => a.AliasName === 'alias/lesson')?.TargetKeyId).toBe(key);
    expect(await box.ok('kms', 'describe-key', '--key-id', 'alias/lesson', '--query', 'KeyMetadata.Description', '--output', 'text')).toBe('lesson key\n');
    const text = await box.ok('kms', 'list-aliases', '--key-id', key, '--output', 'text');
    expect(text).toMatch(new RegExp(`^ALIASES\\tarn:aws:kms:us-east-1:111122223333:alias/lesson\\talias/lesson\\t[^\\t]+\\t[^\\t]+\\t${key}\\n$`));
  });
});

describe('output formats', () => {
  let key: string;
  beforeEach(async () => {
    key = (await box.ok('kms', 'create-key', '--description', 'formats', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    await box.ok('kms', 'create-alias', '--alias-name', 'alias/formats', '--target-key-id', key);
  });

  it('prints describe-key in each format', async () => {
    const json = await box.ok('kms', 'describe-key', '--key-id', key);
    expect(json.startsWith('{\n    "KeyMetadata": {\n        "AWSAccountId": "111122223333",\n')).toBe(true);
    const text = await box.ok('kms', 'describe-key', '--key-id', key, '--output', 'text');
    expect(text.split('\n')[0]).toMatch(new RegExp(`^KEYMETADATA\\t111122223333\\tarn:aws:kms:us-east-1:111122223333:key/${key}\\t`));
    expect(text).toContain('\nENCRYPTIONALGORITHMS\tSYMMETRIC_DEFAULT\n');
    const table = await box.ok('kms', 'describe-key', '--key-id', key, '--output', 'table');
    expect(table).toMatch(/^-+\n\|\s+DescribeKey\s+\|\n/);
    expect(table).toContain('||  KeyState ');
    expect(await box.ok('kms', 'describe-key', '--key-id', key, '--output', 'yaml')).toMatch(/^KeyMetadata:\n {2}AWSAccountId: '111122223333'\n/);
    expect(await box.ok('kms', 'describe-key', '--key-id', key, '--output', 'yaml-stream')).toMatch(/^- KeyMetadata:\n {4}AWSAccountId: '111122223333'\n/);
  });

  it('takes the format from AWS_DEFAULT_OUTPUT unless --output says otherwise', async () => {
    box.env.AWS_DEFAULT_OUTPUT = 'text';
    expect(await box.ok('kms', 'describe-key', '--key-id', key, '--query', 'KeyMetadata.KeyState')).toBe('Enabled\n');
    expect(await box.ok('kms', 'describe-key', '--key-id', key, '--query', 'KeyMetadata.KeyState', '--output', 'json')).toBe('"Enabled"\n');
    box.env.AWS_DEFAULT_OUTPUT = 'xml';
    const bad = await box.run('kms', 'describe-key', '--key-id', key);
    expect([bad.stderr, bad.exitCode]).toEqual(['\nUnknown output type: xml\n', 255]);
  });

  it('prints nothing for operations without output, whatever the format', async () => {
    for (const format of ['json', 'text', 'table', 'yaml', 'yaml-stream']) {
      expect(await box.ok('kms', 'update-key-description', '--key-id', key, '--description', format, '--output', format)).toBe('');
    }
  });

  it.skipIf(!realCliAvailable)('formats create-key, list-aliases and describe-key as the real CLI formatter does', async () => {
    const cases: [string[], string][] = [
      [['kms', 'describe-key', '--key-id', key], 'DescribeKey'],
      [['kms', 'list-aliases', '--key-id', key], 'ListAliases'],
      [['kms', 'list-aliases'], 'ListAliases'],
      [['kms', 'describe-key', '--key-id', 'alias/formats', '--query', 'KeyMetadata.[KeyId,Arn]'], 'DescribeKey'],
    ];
    const created = await box.ok('kms', 'create-key', '--description', 'again');
    const formats = ['json', 'text', 'table', 'yaml', 'yaml-stream'] as const;
    for (const [args, command] of cases) {
      const at = args.indexOf('--query');
      const query = at >= 0 ? args[at + 1] : undefined;
      const plain = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
      const response = JSON.parse(await box.ok(...plain)) as unknown;
      const expected = realFormat(formats.map((format) => ({ format, command, response, ...(query ? { query } : {}) })));
      for (const [i, format] of formats.entries()) {
        // yaml-stream prints each raw page of a List operation (checked below).
        if (format === 'yaml-stream' && command === 'ListAliases') continue;
        expect(await box.ok(...args, '--output', format), `${args.join(' ')} --output ${format}`).toBe((expected[i] as { stdout: string }).stdout);
      }
    }
    const page = JSON.parse(await box.ok('kms', 'list-aliases', '--no-paginate')) as { Truncated: boolean };
    expect(page.Truncated).toBe(false);
    const [stream] = realFormat([{ format: 'yaml-stream', command: 'ListAliases', response: page }]);
    expect(await box.ok('kms', 'list-aliases', '--output', 'yaml-stream')).toBe((stream as { stdout: string }).stdout);
    const response = JSON.parse(created) as unknown;
    const expected = realFormat(formats.map((format) => ({ format, command: 'CreateKey', response })));
    // create-key is not repeatable, so compare one new key's JSON reformatted by our formatter against the CLI's.
    expect((expected[0] as { stdout: string }).stdout).toBe(created);
  });
});

describe('service errors', () => {
  it('prints the AWS error line and exits 254', async () => {
    const r = await box.run('kms', 'describe-key', '--key-id', '1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "\nAn error occurred (NotFoundException) when calling the DescribeKey operation: Key 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist\n",
    );
    expect(r.exitCode).toBe(254);
    expect(r.hint).toContain('list-keys');
  });

  it('ends the line right after "operation: " for InvalidCiphertextException, with a hint', async () => {
    const key = (await box.ok('kms', 'create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    box.files.c = decode(await box.ok('kms', 'encrypt', '--key-id', key, '--plaintext', 'fileb://secret.txt', '--encryption-context', 'purpose=test', '--query', 'CiphertextBlob', '--output', 'text'));
    const wrongContext = await box.run('kms', 'decrypt', '--ciphertext-blob', 'fileb://c', '--encryption-context', 'purpose=other');
    expect([wrongContext.stderr, wrongContext.exitCode]).toEqual(['\nAn error occurred (InvalidCiphertextException) when calling the Decrypt operation: \n', 254]);
    expect(wrongContext.hint).toContain('encryption context');
    // The classic mistake: the file holds the base64 text, not the bytes.
    box.files['c.b64'] = await box.ok('kms', 'encrypt', '--key-id', key, '--plaintext', 'fileb://secret.txt', '--query', 'CiphertextBlob', '--output', 'text');
    const notDecoded = await box.run('kms', 'decrypt', '--ciphertext-blob', 'fileb://c.b64');
    expect(notDecoded.exitCode).toBe(254);
    expect(notDecoded.hint).toContain('base64 --decode');
    expect(await box.ok('kms', 'decrypt', '--ciphertext-blob', 'fileb://c', '--encryption-context', 'purpose=test', '--query', 'KeyId', '--output', 'text')).toContain(key);
  });

  it('says which profile was denied', async () => {
    const key = (await box.ok('kms', 'create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    const r = await box.run('kms', 'schedule-key-deletion', '--key-id', key, '--profile', 'app');
    expect(r.exitCode).toBe(254);
    expect(r.stderr).toMatch(/^\nAn error occurred \(AccessDeniedException\) when calling the ScheduleKeyDeletion operation: User: arn:aws:sts::111122223333:assumed-role\/AppRole\/app-session is not authorized to perform: kms:ScheduleKeyDeletion on resource: arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]+ because no identity-based policy allows the kms:ScheduleKeyDeletion action\n$/);
    expect(r.hint).toContain("profile 'app'");
  });

  it('answers the KMS operations the simulator does not run in KMS Lab\'s words, after checking the arguments', async () => {
    const missing = await box.run('kms', 'replicate-key', '--key-id', 'k');
    expect(missing.stderr).toBe(`${USAGE_HEAD}aws: error: the following arguments are required: --replica-region\n\n`);
    const r = await box.run('kms', 'replicate-key', '--key-id', 'k', '--replica-region', 'eu-west-1');
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toMatch(/^\nKMS Lab: `aws kms replicate-key` is a real AWS CLI command, but the simulator does not implement ReplicateKey/);
    expect(r.stderr).not.toContain('An error occurred');
    for (const command of KMS_COMMANDS.filter((c) => !c.implemented)) {
      expect((await box.run('kms', command.name, 'help')).exitCode).toBe(0);
    }
  });

  it('shows dry runs as the service reports them', async () => {
    const key = (await box.ok('kms', 'create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    const r = await box.run('kms', 'encrypt', '--key-id', key, '--plaintext', 'fileb://secret.txt', '--dry-run');
    expect([r.stderr, r.exitCode]).toEqual(['\nAn error occurred (DryRunOperationException) when calling the Encrypt operation: The request would have succeeded, but the DryRun option is set.\n', 254]);
  });
});

describe('client-side mistakes, with hints', () => {
  it('--plaintext "hello world" is invalid base64', async () => {
    const r = await box.run('kms', 'encrypt', '--key-id', 'alias/x', '--plaintext', 'hello world');
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['', '\nInvalid base64: "hello world"\n', 255]);
    expect(r.hint).toMatch(/fileb:\/\/.*--cli-binary-format raw-in-base64-out/);
  });

  it('--plaintext test silently becomes 3 bytes, which the hint points out', async () => {
    const key = (await box.ok('kms', 'create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    const r = await box.run('kms', 'encrypt', '--key-id', key, '--plaintext', 'test', '--query', 'CiphertextBlob', '--output', 'text');
    expect(r.exitCode).toBe(0);
    expect(r.hint).toContain('3 bytes');
    box.files.t = decode(r.stdout);
    expect([...decode(await box.ok('kms', 'decrypt', '--ciphertext-blob', 'fileb://t', '--query', 'Plaintext', '--output', 'text'))]).toEqual([0xb5, 0xeb, 0x2d]);
    const raw = await box.run('kms', 'encrypt', '--key-id', key, '--plaintext', 'test', '--cli-binary-format', 'raw-in-base64-out', '--query', 'CiphertextBlob', '--output', 'text');
    expect(raw.hint).toBeUndefined();
    box.files.u = decode(raw.stdout);
    expect(decode(await box.ok('kms', 'decrypt', '--ciphertext-blob', 'fileb://u', '--query', 'Plaintext', '--output', 'text')).toString()).toBe('test');
  });

  it('file errors are worded as the CLI words them', async () => {
    const r = await box.run('kms', 'encrypt', '--key-id', 'k', '--plaintext', 'fileb://nope');
    expect([r.stderr, r.exitCode]).toEqual(["\nError parsing parameter '--plaintext': Unable to load paramfile fileb://nope: [Errno 2] No such file or directory: 'nope'\n", 252]);
    expect(r.hint).toContain('relative to the current directory');
  });

  it('missing arguments and unknown options get the usage text', async () => {
    const missing = await box.run('kms', 'encrypt');
    expect([missing.stderr, missing.exitCode]).toEqual([`${USAGE_HEAD}aws: error: the following arguments are required: --key-id, --plaintext\n\n`, 252]);
    const unknown = await box.run('kms', 'list-keys', '--bogus');
    expect([unknown.stderr, unknown.exitCode]).toEqual([`${USAGE_HEAD}Unknown options: --bogus\n\n`, 252]);
    expect(unknown.hint).toBe('aws kms list-keys help lists the options this command takes.');
  });

  it('client-side validation checks minimum lengths and values only', async () => {
    const r = await box.run('kms', 'encrypt', '--key-id', '', '--plaintext', 'fileb://secret.txt');
    expect([r.stderr, r.exitCode]).toEqual(['\nParameter validation failed:\nInvalid length for parameter KeyId, value: 0, valid min length: 1\n', 252]);
    const tooMany = await box.run('kms', 'generate-random', '--number-of-bytes', '2000');
    expect(tooMany.exitCode).toBe(254);
    expect(tooMany.stderr).toContain('(ValidationException)');
  });

  it('typos get the suggestions of the real CLI', async () => {
    const r = await box.run('kms', 'lst-keys');
    expect(r.exitCode).toBe(252);
    expect(r.stderr.endsWith("\n\n\nInvalid choice: 'lst-keys', maybe you meant:\n\n  * list-keys\n\n")).toBe(true);
    expect((await box.run('kmss')).stderr.endsWith("Invalid choice: 'kmss', maybe you meant:\n\n  * kms\n\n")).toBe(true);
  });
});

describe('profiles, Regions and identity', () => {
  it('maps default and root to the account root, and the others to their principals', async () => {
    const who = async (...extra: string[]) => (await box.json<{ Arn: string }>('sts', 'get-caller-identity', ...extra)).Arn;
    expect(await box.json('sts', 'get-caller-identity')).toEqual({ UserId: '111122223333', Account: '111122223333', Arn: 'arn:aws:iam::111122223333:root' });
    expect(await who('--profile', 'root')).toBe('arn:aws:iam::111122223333:root');
    expect(await who('--profile', 'admin')).toBe('arn:aws:iam::111122223333:user/KeyAdmin');
    expect(await who('--profile', 'auditor')).toBe('arn:aws:iam::111122223333:user/Auditor');
    box.env.AWS_PROFILE = 'app';
    expect(await who()).toBe('arn:aws:sts::111122223333:assumed-role/AppRole/app-session');
    expect(await who('--profile', 'default')).toBe('arn:aws:iam::111122223333:root');
  });

  it('rejects an unknown profile as the CLI does', async () => {
    const r = await box.run('--profile', 'nosuch', 'kms', 'list-keys');
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['', '\nThe config profile (nosuch) could not be found\n', 255]);
    expect(r.hint).toContain('default, root, admin, app, auditor');
    box.env.AWS_PROFILE = 'ghost';
    expect((await box.run('sts', 'get-caller-identity')).stderr).toBe('\nThe config profile (ghost) could not be found\n');
  });

  it('lists the profiles', async () => {
    expect(await box.ok('configure', 'list-profiles')).toBe('default\nroot\nadmin\napp\nauditor\n');
  });

  it('runs calls as the chosen profile', async () => {
    const key = (await box.ok('kms', 'create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text', '--profile', 'admin')).trim();
    expect(box.kms.caller.name).toBe('admin');
    expect((await box.run('kms', 'encrypt', '--key-id', key, '--plaintext', 'fileb://secret.txt', '--profile', 'admin')).stderr).toContain('AccessDeniedException');
  });

  it('accepts the simulated Region and explains any other', async () => {
    expect(await box.ok('kms', 'list-aliases', '--region', 'us-east-1', '--query', 'length(Aliases) > `0`')).toBe('true\n');
    const r = await box.run('kms', 'list-keys', '--region', 'eu-west-1');
    expect(r.exitCode).toBe(253);
    expect(r.stderr).toContain('KMS Lab: this sandbox simulates one Region, us-east-1');
    box.env.AWS_REGION = 'eu-central-1';
    expect((await box.run('kms', 'list-keys')).exitCode).toBe(253);
    expect((await box.run('kms', 'list-keys', '--region', 'us-east-1')).exitCode).toBe(0);
  });
});

describe('paging', () => {
  let all: string[];
  beforeEach(async () => {
    for (let i = 0; i < 4; i++) await box.ok('kms', 'create-key');
    all = (await box.json<{ Keys: { KeyId: string }[] }>('kms', 'list-keys')).Keys.map((k) => k.KeyId);
  });

  it('merges all pages and drops NextMarker and Truncated', async () => {
    const merged = await box.json<Record<string, unknown>>('kms', 'list-keys', '--page-size', '2');
    expect(Object.keys(merged)).toEqual(['Keys']);
    expect((merged.Keys as { KeyId: string }[]).map((k) => k.KeyId)).toEqual(all);
  });

  it('keeps NextMarker and Truncated with --no-paginate or a hand-written --limit', async () => {
    const page = await box.json<Record<string, unknown>>('kms', 'list-keys', '--limit', '2');
    expect(page).toMatchObject({ Truncated: true });
    expect(Object.keys(page)).toEqual(['Keys', 'NextMarker', 'Truncated']);
    const next = await box.json<{ Keys: { KeyId: string }[] }>('kms', 'list-keys', '--limit', '2', '--marker', page.NextMarker as string);
    expect(next.Keys.map((k) => k.KeyId)).toEqual(all.slice(2, 4));
    expect(await box.json('kms', 'list-keys', '--no-paginate')).toMatchObject({ Truncated: false });
  });

  it('stops at --max-items with a NextToken that --starting-token resumes from', async () => {
    const first = await box.json<{ Keys: { KeyId: string }[]; NextToken: string }>('kms', 'list-keys', '--max-items', '3', '--page-size', '2');
    expect(first.Keys.map((k) => k.KeyId)).toEqual(all.slice(0, 3));
    expect(JSON.parse(Buffer.from(first.NextToken, 'base64').toString())).toMatchObject({ boto_truncate_amount: 1 });
    const rest = await box.json<{ Keys: { KeyId: string }[]; NextToken?: string }>('kms', 'list-keys', '--starting-token', first.NextToken, '--page-size', '2');
    expect(rest.Keys.map((k) => k.KeyId)).toEqual(all.slice(3));
    expect(rest.NextToken).toBeUndefined();
    const firstToken = await box.json<{ NextToken: string }>('kms', 'list-keys', '--max-items', '1');
    expect(Buffer.from(firstToken.NextToken, 'base64').toString()).toBe('{"Marker": null, "boto_truncate_amount": 1}');
  });

  it('prints text page by page, as the CLI does', async () => {
    const text = await box.ok('kms', 'list-keys', '--page-size', '4', '--query', 'Keys[].KeyId', '--output', 'text');
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(Math.ceil(all.length / 4));
    expect(lines.join('\t').split('\t')).toEqual(all);
    expect(await box.ok('kms', 'list-keys', '--max-items', '1', '--output', 'text')).toMatch(/^KEYS\t\S+\t\S+\nNEXTTOKEN\t\S+\n$/);
  });
});

describe('--debug', () => {
  it('shows the request and response as they would go over the wire', async () => {
    const key = (await box.ok('kms', 'create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text')).trim();
    const r = await box.run('kms', 'encrypt', '--key-id', key, '--plaintext', 'fileb://secret.txt', '--encryption-context', 'a=b', '--debug');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('[KMS Lab --debug] request 1: Encrypt, signed as arn:aws:iam::111122223333:root (profile default)\n');
    expect(r.stderr).toContain('X-Amz-Target: TrentService.Encrypt\n');
    expect(r.stderr).toContain(`{\n  "KeyId": "${key}",\n  "Plaintext": "${Buffer.from('Hello, KMS!\n').toString('base64')}",\n  "EncryptionContext": {\n    "a": "b"\n  }\n}`);
    expect(r.stderr).toContain('[KMS Lab --debug] response 1: HTTP/1.1 200 OK\n');
    const failed = await box.run('kms', 'describe-key', '--key-id', 'alias/none', '--debug');
    expect(failed.stderr).toContain('response 1: HTTP/1.1 400 Bad Request');
    expect(failed.stderr).toContain('"__type": "NotFoundException"');
    expect(failed.stderr.endsWith('\nAn error occurred (NotFoundException) when calling the DescribeKey operation: Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.\n')).toBe(true);
  });
});

describe('version and help', () => {
  it('says what answers --version', async () => {
    const v = await box.ok('--version');
    expect(v).toMatch(/^aws-cli\/2\.9\.19 /);
    expect(v).toContain('KMS-Lab');
  });

  it('has help for aws, aws kms and each command', async () => {
    expect(await box.ok('help')).toContain('PROFILES');
    const kms = await box.ok('kms', 'help');
    expect(kms).toContain('o encrypt ');
    expect(kms).toContain('RECOGNISED BUT NOT SIMULATED');
    const encrypt = await box.ok('kms', 'encrypt', 'help');
    expect(encrypt).toContain('SYNOPSIS');
    expect(encrypt).toContain('--key-id <value>');
    expect(encrypt).toContain('[--dry-run | --no-dry-run]');
    expect(encrypt).toContain('--plaintext (blob)  [required]');
    expect(encrypt).toContain('--encryption-context (map)');
    expect(encrypt).toContain('Shorthand: KeyName1=string,KeyName2=string');
    expect(encrypt).toContain('Possible values: SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE');
    expect(encrypt).toContain('EXAMPLE\n       aws kms encrypt');
    for (const command of KMS_COMMANDS) expect((await box.run('kms', command.name, 'help')).stdout).toContain(`NAME\n       ${command.name} - `);
    expect(await box.ok('sts', 'get-caller-identity', 'help')).toContain('get-caller-identity');
  });

  it('says when a command is outside the sandbox', async () => {
    const s3 = await box.run('s3', 'ls');
    expect(s3.exitCode).toBe(255);
    expect(s3.stderr).toContain('KMS Lab: `aws s3` is a real AWS CLI command, but this sandbox only simulates KMS.');
    expect((await box.run('sts', 'assume-role', '--role-arn', 'x')).stderr).toContain('KMS Lab: `aws sts assume-role` is not available');
    expect((await box.run('configure')).exitCode).toBe(255);
  });
});

// ---------------------------------------------------------------------------
// Global options, dispatch and their failures, byte for byte against the real CLI.

const TOP_LEVEL_CASES: { args: string[]; env?: Record<string, string> }[] = [
  { args: [] },
  { args: ['kms'] },
  { args: ['kmss'] },
  { args: ['--no', 'kms', 'list-keys'] },
  { args: ['--cli', 'kms', 'list-keys'] },
  { args: ['--debug=x', 'kms', 'list-keys'] },
  { args: ['kms', 'list-keys', '--no-paginate=x'] },
  { args: ['kms', 'list-keys', '--help'] },
  { args: ['-h'] },
  { args: ['--profile'] },
  { args: ['kms', 'list-keys', '--debug', '--profile'] },
  { args: ['sts', 'bogus'] },
  { args: ['sts', 'get-caller-identity', '--bogus'] },
  { args: ['sts', 'get-caller-identity', '--generate-cli-skeleton'] },
  { args: ['sts', 'get-caller-identity', '--generate-cli-skeleton', 'output'] },
  { args: ['sts', 'get-caller-identity', '--cli-input-json', '{"Foo": 1}'] },
  { args: ['configure', 'bogus'] },
  { args: ['configure', 'list-profiles', '--bogus'] },
  { args: ['kms', 'list-keys', '--query', '['] },
  { args: ['kms', 'encrypt', '--query', 'Keys[?'] },
  { args: ['kms', 'list-keys', '--output', 'xml'] },
  { args: ['--output', 'xml', '--version'] },
  { args: ['--color', 'purple', 'kms', 'list-keys'] },
  { args: ['--cli-binary-format', 'hex', 'kms', 'list-keys'] },
  { args: ['kms', 'list-keys', '--endpoint-url', 'foo'] },
  { args: ['--cli-read-timeout', 'x', 'kms', 'list-keys'] },
  { args: ['--profile', 'nosuch', 'kms', 'list-keys'] },
  { args: ['--profile', 'nosuch', 'kms', 'encrypt'] },
  { args: ['--profile', 'nosuch', 'kms', 'describe-key', '--generate-cli-skeleton'] },
  { args: ['kms', 'list-keys'], env: { AWS_PROFILE: 'nosuch' } },
  { args: ['kms', 'list-keys'], env: { AWS_PROFILE: 'bbb', AWS_DEFAULT_PROFILE: 'aaa' } },
  { args: ['kms', 'list-keys'], env: { AWS_DEFAULT_PROFILE: 'aaa' } },
  { args: ['kms', 'list-keys'], env: { AWS_DEFAULT_OUTPUT: 'xml' } },
  { args: ['sts', '--role-arn', 'k', 'assume-role'] },
];

describe.skipIf(!realAwsAvailable)('global options and dispatch match aws-cli 2.9.19', () => {
  let real: RealResult[];
  let lstKeys: RealResult;
  beforeAll(async () => {
    const results = await runRealAwsBatch([{ args: ['kms', 'lst-keys'] }, ...TOP_LEVEL_CASES]);
    lstKeys = results[0]!;
    real = results.slice(1);
  }, 300_000);

  it.each(TOP_LEVEL_CASES.map((c, i) => [c.args.join(' ') + (c.env ? ` (${JSON.stringify(c.env)})` : ''), i] as const))('aws %s', async (_, i) => {
    const { args, env = {} } = TOP_LEVEL_CASES[i]!;
    const sim = await Kms.create({ seed: 1 });
    const ours = await runAws(['--endpoint-url', 'http://127.0.0.1:9', ...args], { kms: sim, env: { AWS_DEFAULT_REGION: 'us-east-1', ...env }, readFile: fileReader({}) });
    expect({ stdout: ours.stdout, stderr: ours.stderr, exitCode: ours.exitCode }).toEqual(real[i]);
  });

  it('lists the kms commands in the same layout, with the operations added since 2.9.19', async () => {
    const ours = await runAws(['kms', 'lst-keys'], { kms: box.kms, env: {}, readFile: fileReader({}) });
    const split = (s: string) => {
      const [head, rest] = s.split('valid choices are:\n\n') as [string, string];
      const [list, tail] = [rest.slice(0, rest.indexOf('\n\n')), rest.slice(rest.indexOf('\n\n'))];
      return { head, tail, names: list.split('\n').flatMap((l) => l.split(' | ').map((n) => n.trimEnd())), widths: list.split('\n').map((l) => l.length) };
    };
    const a = split(ours.stderr);
    const b = split(lstKeys.stderr);
    expect([a.head, a.tail, ours.exitCode]).toEqual([b.head, b.tail, lstKeys.exitCode]);
    expect(new Set(a.widths)).toEqual(new Set(b.widths));
    expect(a.names.filter((n) => !b.names.includes(n))).toEqual(['derive-shared-secret', 'get-key-last-usage', 'list-key-rotations', 'rotate-key-on-demand']);
  });
});
