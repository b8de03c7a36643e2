/**
 * The diagram draws what the layers say happened, never what a command line seems to say: failed
 * commands create nothing and end on a failure step, options the CLI accepts in any spelling are
 * understood because the CLI reports what it did, and where data went is read off the files,
 * variables and terminal output that really hold it.
 */
import { describe, expect, it } from 'vitest';
import { initialEnvelopeState, applyEventStrict, type EnvelopeState } from '../../../src/components/envelope/envelope-model.ts';
import { observeEvent } from '../../../src/components/envelope/observe-session.ts';
import type { Scene } from '../../../src/components/envelope/types.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';
import { absent, captions, drive, item, KEY_LINE, last, wellFormed, type Driver } from './harness.ts';

/** Every chip label in every step of a scene (removed ones included). */
const labels = (scene: Scene) => new Set(scene.steps.flatMap((s) => s.items.map((i) => `${i.label}/${i.kind}`)));
const details = (scene: Scene) => scene.steps.flatMap((s) => s.items.flatMap((i) => i.details));

async function withEncryptedDataKey(): Promise<Driver> {
  const d = await drive(5);
  await d.scene(KEY_LINE);
  await d.scene('aws kms generate-data-key-without-plaintext --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text | base64 --decode > datakey.enc');
  return d;
}

describe('a failed Decrypt', () => {
  it('of a file the diagram has not seen (after a reload) calls it neither local nor anything else it cannot know', async () => {
    const before = await drive(5);
    await before.scene(KEY_LINE);
    // The classic slip: the base64 text kept as it is, without base64 --decode.
    await before.scene('aws kms generate-data-key-without-plaintext --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text > datakey.enc');
    // A reload: the same sandbox, a diagram that starts from nothing.
    const d = await drive(5, before.sandbox);
    const scene = await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode > datakey.bin');
    wellFormed(scene);
    expect(scene.status).toBe('error');
    expect(last(scene)).toMatchObject({ status: 'error', error: { code: 'InvalidCiphertextException' } });
    const sent = item(scene.steps[0]!, 'datakey.enc');
    expect(sent).toMatchObject({ lane: 'kms', kind: 'encrypted-data', where: 'inside KMS' });
    expect(sent.details).toEqual([]);
    expect(details(scene).some((t) => /local cipher|on your machine|deleted/.test(t))).toBe(false);
    // Nothing was created: the empty datakey.bin the redirection made holds no data key.
    expect([...labels(scene)].filter((l) => l.startsWith('datakey.bin') || l.endsWith('/data-key'))).toEqual([]);
    expect([...d.state().world.holders.keys()]).toEqual([]);
  });

  it('with a disabled key stops at KMS: no plaintext data key anywhere, the old datakey.bin forgotten once emptied', async () => {
    const d = await withEncryptedDataKey();
    await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode > datakey.bin');
    expect(item(last(d.scenes().at(-1)!), 'datakey.bin').kind).toBe('data-key');
    await d.scene('aws kms disable-key --key-id $KEY');
    const scene = await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode > datakey.bin');
    expect(scene.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'error', 'ok']);
    expect(scene.steps[2]!.caption).toMatch(/^Stopped: KMS key [0-9a-f]{8} is disabled/);
    // No plaintext data key comes out of KMS, nor appears anywhere new.
    expect(scene.steps.every((s) => s.items.every((i) => i.kind !== 'data-key' || (i.lane === 'machine' && i.presence !== 'new')))).toBe(true);
    // The redirection emptied datakey.bin before the pipeline failed: the key it held is gone, and the diagram says so.
    expect((await d.run('wc -c < datakey.bin')).stdout.trim()).toBe('0');
    expect(last(scene).caption).toBe('datakey.bin is emptied: it no longer holds the plaintext data key.');
    expect(last(scene).items.find((i) => i.label === 'datakey.bin')).toMatchObject({ presence: 'gone', kind: 'data-key' });
    expect(d.state().world.holders.has('file:/home/learner/datakey.bin')).toBe(false);
  });

  it('before KMS (a missing file) is the CLI stopping, and draws nothing else', async () => {
    const d = await withEncryptedDataKey();
    const scene = await d.scene('aws kms decrypt --ciphertext-blob fileb://nothere.enc --query Plaintext --output text > out.b64');
    expect(captions(scene)).toEqual([
      "The AWS CLI stops before calling KMS: Error parsing parameter '--ciphertext-blob': Unable to load paramfile fileb://nothere.enc: [Errno 2] No such file or directory: 'nothere.enc'.",
    ]);
    absent(last(scene), 'out.b64');
    absent(last(scene), 'nothere.enc');
  });
});

describe('a failed openssl enc', () => {
  it('-d of a file that does not exist draws no such file, only the failure', async () => {
    const d = await withEncryptedDataKey();
    const scene = await d.scene('openssl enc -d -aes-256-cbc -K 0000000000000000000000000000000000000000000000000000000000000000 -iv 00000000000000000000000000000000 -in report.enc');
    wellFormed(scene);
    expect(scene.title).toBe('openssl enc');
    expect(scene.steps.map((s) => s.status)).toEqual(['ok', 'error']);
    expect(captions(scene)[0]).toMatch(/^openssl tries to decrypt /);
    expect(last(scene).caption).toBe('openssl stops: Can\'t open "report.enc" for reading, No such file or directory.');
    expect([...labels(scene)].some((l) => l.startsWith('report.enc'))).toBe(false);
    // Nothing new is stored either: datakey.enc has no partner.
    expect(scene.steps.some((s) => s.items.some((i) => i.lane === 'storage'))).toBe(false);
  });

  it('-d with the wrong key leaves its output file out of the picture', async () => {
    const d = await withEncryptedDataKey();
    await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode > datakey.bin');
    await d.quiet('echo "quarterly figures" > report.txt && openssl rand -hex 16 > report.iv');
    await d.scene('openssl enc -aes-256-cbc -K $(xxd -p -c 64 datakey.bin) -iv $(cat report.iv) -in report.txt -out report.enc');
    const scene = await d.scene('openssl enc -d -aes-256-cbc -K 1111111111111111111111111111111111111111111111111111111111111111 -iv $(cat report.iv) -in report.enc -out report.out');
    expect(last(scene)).toMatchObject({ status: 'error', error: { code: 'openssl' } });
    expect(last(scene).caption).toMatch(/^openssl stops with "bad decrypt": a key or password this diagram has not seen come from KMS is not the key that encrypted report\.enc\.$/);
    expect([...labels(scene)].some((l) => l.startsWith('report.out'))).toBe(false);
    // report.enc is what it was: the ciphertext made with the data key.
    expect(item(last(scene), 'report.enc')).toMatchObject({ kind: 'encrypted-data', lane: 'storage' });
  });

  it('that encrypts nothing (an AEAD cipher) creates no ciphertext', async () => {
    const d = await withEncryptedDataKey();
    await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode > datakey.bin');
    await d.quiet('echo "quarterly figures" > report.txt');
    const scene = await d.scene('openssl enc -aes-256-gcm -K $(xxd -p -c 64 datakey.bin) -iv 00000000000000000000000000000000 -in report.txt -out report.enc');
    expect(scene.steps.map((s) => s.status)).toEqual(['ok', 'error']);
    expect(captions(scene)[0]).toContain('with the plaintext data key from datakey.bin (AES-256-GCM)');
    expect([...labels(scene)].some((l) => l.startsWith('report.enc'))).toBe(false);
  });
});

describe('what the CLI says it did, however the line spells it', () => {
  it('understands abbreviated options the way the CLI does (--ciphertext-b, --qu)', async () => {
    const d = await withEncryptedDataKey();
    const scene = await d.scene('aws kms decrypt --ciphertext-b fileb://datakey.enc --qu Plaintext --output text | base64 --decode > datakey.bin');
    expect(captions(scene)[0]).toBe('Your machine sends the encrypted data key datakey.enc to KMS.');
    expect(last(scene).caption).toBe('The plaintext data key comes back to your machine, saved in datakey.bin.');
    expect(item(last(scene), 'datakey.bin').kind).toBe('data-key');
  });

  it('reads --query and --output from what was printed, not from the expression', async () => {
    const d = await withEncryptedDataKey();
    const renamed = await d.scene("aws kms decrypt --ciphertext-blob fileb://datakey.enc --query '{key: Plaintext}' --output json > key.json");
    expect(last(renamed).caption).toBe('The plaintext data key comes back to your machine, saved in key.json.');
    expect(item(last(renamed), 'key.json').kind).toBe('data-key');
    // A function of the plaintext, and a table of a lone string: the printed output holds no key.
    for (const options of ["--query 'length(Plaintext)' --output text", '--query Plaintext --output table']) {
      const scene = await d.scene(`aws kms decrypt --ciphertext-blob fileb://datakey.enc ${options}`);
      expect(last(scene).caption, options).toBe('The answer comes back, but the printed output leaves that part out (--query, --output).');
      absent(last(scene), 'terminal');
    }
    const printed = await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --output yaml');
    expect(last(printed).caption).toBe('The plaintext data key comes back to your machine, printed in the terminal.');
  });

  it('takes the encryption context from the request, also from --cli-input-json', async () => {
    const d = await drive(5);
    await d.scene(KEY_LINE);
    await d.quiet(`printf '{"KeyId": "%s", "Plaintext": "aGVsbG8=", "EncryptionContext": {"app": "demo"}}' $KEY > in.json`);
    const scene = await d.scene('aws kms encrypt --cli-input-json file://in.json --query CiphertextBlob --output text | base64 -d > hello.enc');
    expect(captions(scene)[0]).toBe('Your machine sends the value from the --cli-input-json file (5 bytes) to KMS, which encrypts up to 4 KB directly.');
    expect(item(last(scene), 'hello.enc').details).toContain('context app=demo');
  });

  it('follows data by content: a piped plaintext is not kept, a key in a variable is found in the file it is written to', async () => {
    const d = await withEncryptedDataKey();
    const counted = await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode | wc -c');
    expect(last(counted).caption).toBe('The plaintext data key comes back to your machine, piped into wc, which keeps no copy.');
    const kept = await d.scene('K=$(aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text)');
    expect(last(kept).caption).toBe('The plaintext data key comes back to your machine, kept in the shell variable $K.');
    // Written out with a parameter expansion and printf: the bytes are what tell where the key went.
    const written = await d.scene('printf "%s" "$K" | base64 -d > key.bin');
    expect(captions(written)).toEqual(['The plaintext data key in $K is written to key.bin.']);
    const copied = await d.scene('K2=$K');
    expect(captions(copied)).toEqual(['The plaintext data key in $K is kept in the shell variable $K2.']);
  });
});

describe('where standard output went, as the files and the terminal show it', () => {
  it('follows a subshell redirection, &>, /dev/null, and a $(…) inside another command', async () => {
    const d = await withEncryptedDataKey();
    const sub = await d.scene('(aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text) > key.b64');
    expect(last(sub).caption).toBe('The plaintext data key comes back to your machine, saved in key.b64.');
    const both = await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc &> all.json');
    expect(item(last(both), 'all.json').kind).toBe('data-key');
    const nowhere = await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc > /dev/null');
    expect(last(nowhere).caption).toBe('The plaintext data key comes back to your machine, but nothing on the command line keeps it.');
    const alias = await d.scene('aws kms create-alias --alias-name alias/inner --target-key-id $(aws kms create-key --query KeyMetadata.KeyId --output text)');
    expect(alias.title).toBe('CreateKey');
    expect(last(alias).items.filter((i) => i.kind === 'kms-key' && i.presence === 'new')).toHaveLength(1);
    expect([...d.state().world.keys.values()].some((k) => k.alias === 'alias/inner')).toBe(true);
  });
});

describe('the command line is only shown, never read', () => {
  it('draws the same scenes from the same events whatever text the line event carries', async () => {
    const sandbox = await Sandbox.create({ seed: 5 });
    const recorded: ({ readonly type: string } & Record<string, unknown>)[] = [];
    sandbox.session.subscribe((e) => recorded.push(observeEvent(e, sandbox.session)));
    for (const line of [
      KEY_LINE,
      "PARTS=$(aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query '[Plaintext,CiphertextBlob]' --output text)",
      'echo ${PARTS%%[[:space:]]*} | base64 --decode > datakey.bin',
      'echo ${PARTS##*[[:space:]]} | base64 --decode > datakey.enc',
      'unset PARTS',
      'echo "quarterly figures" > report.txt',
      'openssl enc -aes-256-cbc -K $(xxd -p -c 64 datakey.bin) -iv 00000000000000000000000000000000 -in report.txt -out report.enc',
      'rm datakey.bin',
    ]) {
      await runText(sandbox.session, line);
    }
    const play = (rewrite: (line: string) => string) => {
      let state: EnvelopeState = initialEnvelopeState();
      for (const e of recorded) state = applyEventStrict(state, e.type === 'command' ? { ...e, line: rewrite(String((e as { line?: unknown }).line)) } : e);
      return state.scenes.map((s) => ({ title: s.title, steps: s.steps.map((st) => [st.caption, st.items.map((i) => `${i.label}/${i.kind}/${i.lane}`)]) }));
    };
    const real = play((l) => l);
    expect(real.map((s) => s.title)).toEqual(['CreateKey', 'GenerateDataKey', 'base64', 'base64', 'Shell variable', 'openssl enc', 'rm']);
    expect(play(() => 'aws kms decrypt --ciphertext-blob fileb://other.enc > elsewhere.bin')).toEqual(real);
    expect(play(() => '')).toEqual(real);
  });

  it('keeps no secret in the scenes or in what it remembers, only digests and fingerprints', async () => {
    const d = await withEncryptedDataKey();
    await d.scene('K=$(aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text)');
    const key = (await d.run('echo $K')).stdout.trim();
    const hex = Buffer.from(key, 'base64').toString('hex');
    const { world, scenes } = d.state();
    const remembered = JSON.stringify({ scenes, known: [...world.known], holders: [...world.holders], variables: [...world.variables] });
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(remembered).not.toContain(key);
    expect(remembered).not.toContain(hex);
  });
});
