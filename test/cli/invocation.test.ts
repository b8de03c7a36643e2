/**
 * The invocation the CLI publishes: the operation, where each blob came from (fileb://, file://,
 * inline base64, --cli-input-json), which blob members the printed answer kept after --query and
 * --output, the profile and how the run ended. Run through a real sandbox, so the shell's
 * forwarding (absolute paths, the `aws` session event after the `kms` ones) is tested too.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { digest, observe, type AwsInvocation } from '../../src/cli/invocation.ts';
import { runAws } from '../../src/cli/aws.ts';
import { Kms } from '../../src/kms/kms.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

let sandbox: Sandbox;
let events: { type: string }[] = [];

beforeEach(async () => {
  sandbox = await Sandbox.create({ seed: 3 });
  sandbox.session.subscribe((e) => events.push(e));
  await runText(sandbox.session, 'KEY=$(aws kms create-key --query KeyMetadata.KeyId --output text)');
  await runText(sandbox.session, 'aws kms generate-data-key-without-plaintext --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text | base64 -d > dk.enc');
  await runText(sandbox.session, 'echo "a note" > note.txt');
  events = [];
});

/** Runs a line with one aws command and returns the invocation it published. */
async function invocation(line: string): Promise<{ inv: AwsInvocation; stdout: string; stderr: string }> {
  events = [];
  const { stdout, stderr } = await runText(sandbox.session, line);
  const published = events.filter((e): e is { type: 'aws'; invocation: AwsInvocation } => e.type === 'aws');
  expect(published, line).toHaveLength(1);
  return { inv: published[0]!.invocation, stdout, stderr };
}

const HOME = '/home/learner';
const bytesOf = (b64: string) => Uint8Array.from(atob(b64.trim()), (c) => c.charCodeAt(0));

describe('where each blob came from', () => {
  it('fileb:// names the file the CLI read, made absolute by the shell, also through an abbreviated option', async () => {
    for (const option of ['--ciphertext-blob', '--ciphertext-b', '--ciphertext-blob=']) {
      const arg = option.endsWith('=') ? `${option}fileb://dk.enc` : `${option} fileb://dk.enc`;
      const { inv } = await invocation(`aws kms decrypt ${arg} --query KeyId --output text`);
      expect(inv).toMatchObject({ service: 'kms', operation: 'Decrypt', exitCode: 0, requests: 1, profile: 'default' });
      expect(inv.inputs).toEqual([{ member: 'CiphertextBlob', source: 'fileb', path: `${HOME}/dk.enc`, digest: digest(sandbox.session.vfs.readFile(`${HOME}/dk.enc`)) }]);
    }
  });

  it('file:// and inline base64, and a relative path after cd', async () => {
    await runText(sandbox.session, 'mkdir -p work && cp note.txt work/');
    const file = await invocation('cd work && aws kms encrypt --key-id $KEY --plaintext file://note.txt --query KeyId --output text');
    expect(file.inv.inputs).toEqual([
      { member: 'KeyId', source: 'inline' },
      { member: 'Plaintext', source: 'file', path: `${HOME}/work/note.txt`, digest: digest(new TextEncoder().encode('a note\n')) },
    ]);
    await runText(sandbox.session, 'cd');
    const inline = await invocation('aws kms encrypt --key-id $KEY --plaintext aGVsbG8= --query KeyId --output text');
    expect(inline.inv.inputs).toEqual([
      { member: 'KeyId', source: 'inline' },
      { member: 'Plaintext', source: 'inline' },
    ]);
  });

  it('--cli-input-json: members from the JSON file, with the file path; the command line still wins', async () => {
    await runText(sandbox.session, `printf '{"KeyId": "%s", "Plaintext": "aGVsbG8=", "EncryptionContext": {"app": "demo"}}' $KEY > in.json`);
    const { inv } = await invocation('aws kms encrypt --plaintext fileb://note.txt --cli-input-json file://in.json --query KeyId --output text');
    expect(inv.exitCode).toBe(0);
    expect(inv.inputs).toEqual([
      { member: 'Plaintext', source: 'fileb', path: `${HOME}/note.txt`, digest: digest(new TextEncoder().encode('a note\n')) },
      { member: 'KeyId', source: 'cli-input-json', path: `${HOME}/in.json` },
      { member: 'EncryptionContext', source: 'cli-input-json', path: `${HOME}/in.json` },
    ]);
    expect(inv.contexts).toEqual({ EncryptionContext: { app: 'demo' } });
  });
});

describe('what the printed answer kept', () => {
  it('names each kept blob member in printed order, by the digests of its bytes and of its base64 text', async () => {
    const both = await invocation("aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query '[Plaintext,CiphertextBlob]' --output text");
    const [plain, wrapped] = both.stdout.trim().split('\t');
    expect(both.inv.kept).toEqual([
      { member: 'Plaintext', bytes: digest(bytesOf(plain!)), text: digest(new TextEncoder().encode(plain)) },
      { member: 'CiphertextBlob', bytes: digest(bytesOf(wrapped!)), text: digest(new TextEncoder().encode(wrapped)) },
    ]);
    expect(both.inv.output).toEqual({ format: 'text', query: '[Plaintext,CiphertextBlob]' });

    const reversed = await invocation("aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query '[CiphertextBlob,Plaintext]' --output json");
    expect(reversed.inv.kept.map((k) => k.member)).toEqual(['CiphertextBlob', 'Plaintext']);
    // The whole answer, as JSON: both members, in the answer's order.
    const whole = await invocation('aws kms generate-data-key --key-id $KEY --key-spec AES_256');
    expect(whole.inv.kept.map((k) => k.member)).toEqual(['CiphertextBlob', 'Plaintext']);
    expect(whole.inv.output).toEqual({ format: 'json' });
  });

  it('follows --query however it is written: an abbreviated option, a projection, a function', async () => {
    const cases: [string, string[]][] = [
      ['--qu Plaintext --output text', ['Plaintext']],
      ['--query={P:Plaintext} --output yaml', ['Plaintext']],
      // A table of a lone string prints only its title: nothing of the plaintext reaches the screen.
      ["--query 'Plaintext' --output table", []],
      ["--query '{P: Plaintext}' --output table", ['Plaintext']],
      ['--query KeyId --output text', []],
      ["--query 'length(Plaintext)' --output text", []],
      ['--query "[KeyId, Plaintext]" --output json', ['Plaintext']],
      ['--output text', ['Plaintext']],
    ];
    for (const [options, kept] of cases) {
      const { inv } = await invocation(`aws kms decrypt --ciphertext-blob fileb://dk.enc ${options}`);
      expect(inv.kept.map((k) => k.member), options).toEqual(kept);
    }
    const ge = await invocation('aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query "[KeyId, CiphertextBlob]" --output json');
    expect(ge.inv.kept.map((k) => k.member)).toEqual(['CiphertextBlob']);
  });

  it('lets a viewer recognise the kept bytes where the shell put them', async () => {
    const { inv } = await invocation('aws kms decrypt --ciphertext-blob fileb://dk.enc --query Plaintext --output text | base64 --decode > dk.bin');
    const file = sandbox.session.vfs.readFile(`${HOME}/dk.bin`);
    expect(observe(file).digest).toBe(inv.kept[0]!.bytes);
    expect(observe(new TextEncoder().encode(`${btoa(String.fromCharCode(...file))}\n`)).words).toContain(inv.kept[0]!.text);
  });
});

describe('how the run ended', () => {
  it('a service error: the exception name, one request, nothing kept; published after its KMS trace', async () => {
    await runText(sandbox.session, 'aws kms disable-key --key-id $KEY');
    const { inv } = await invocation('aws kms decrypt --ciphertext-blob fileb://dk.enc --query Plaintext --output text --profile root');
    expect(inv).toMatchObject({ operation: 'Decrypt', exitCode: 254, requests: 1, profile: 'root', kept: [] });
    expect(inv.error).toMatchObject({ stage: 'service', code: 'DisabledException' });
    expect(events.map((e) => e.type).filter((t) => t === 'kms' || t === 'aws')).toEqual(['kms', 'aws']);
  });

  it('a client-side stop: no request, the CLI message, the operation still named', async () => {
    const missing = await invocation('aws kms decrypt --ciphertext-blob fileb://nothere.enc');
    expect(missing.inv).toMatchObject({ operation: 'Decrypt', exitCode: 252, requests: 0, kept: [] });
    expect(missing.inv.error).toEqual({
      stage: 'cli',
      code: 'AWS CLI',
      message: "Error parsing parameter '--ciphertext-blob': Unable to load paramfile fileb://nothere.enc: [Errno 2] No such file or directory: 'nothere.enc'",
    });
    expect(events.some((e) => e.type === 'kms')).toBe(false);
    const typo = await invocation('aws kms decrypt --cipher-text fileb://dk.enc');
    expect(typo.inv).toMatchObject({ operation: 'Decrypt', exitCode: 252, requests: 0 });
    const service = await invocation('aws s3 ls');
    expect(service.inv.operation).toBeUndefined();
    expect(service.inv.exitCode).not.toBe(0);
  });

  it('is part of runAws’s result too, for callers without a shell', async () => {
    const kms = await Kms.create({ seed: 1 });
    const { KeyMetadata } = await kms.createKey({});
    const r = await runAws(['kms', 'encrypt', '--key-id', KeyMetadata.KeyId, '--plaintext', 'fileb://x', '--query', 'CiphertextBlob', '--output', 'text'], {
      kms,
      env: { AWS_PROFILE: 'root' },
      readFile: () => new Uint8Array([1, 2, 3]),
    });
    expect(r.invocation).toMatchObject({ operation: 'Encrypt', profile: 'root', inputs: [{ member: 'KeyId', source: 'inline' }, { member: 'Plaintext', source: 'fileb', path: 'x', digest: digest(new Uint8Array([1, 2, 3])) }] });
    expect(r.invocation!.kept.map((k) => k.member)).toEqual(['CiphertextBlob']);
  });
});
