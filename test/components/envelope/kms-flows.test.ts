/**
 * Direct Encrypt/Decrypt of small data, ReEncrypt, rotation, and requests that stop with an
 * error: each scene must show where the data went, which key material version made each
 * ciphertext, and where a failed request stopped and why.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { captions, drive, item, KEY_LINE, last, wellFormed, type Driver } from './harness.ts';

let d: Driver;
let short = '';

beforeEach(async () => {
  d = await drive();
  await d.scene(KEY_LINE);
  short = [...d.state().world.keys.keys()][0]!.slice(0, 8);
  await d.quiet('echo hello > secret.txt');
});

const ENCRYPT = 'aws kms encrypt --key-id $KEY --plaintext fileb://secret.txt --encryption-context purpose=test --query CiphertextBlob --output text | base64 --decode > secret.enc';

describe('Encrypt and Decrypt of small data', () => {
  it('sends at most 4 KB to KMS and brings back a ciphertext that remembers its key and version', async () => {
    const scene = await d.scene(ENCRYPT);
    wellFormed(scene);
    expect(captions(scene)).toEqual([
      'Your machine sends secret.txt (6 bytes) to KMS, which encrypts up to 4 KB directly.',
      `KMS encrypts it with key material version 0 of KMS key ${short} (AES-256-GCM).`,
      'The ciphertext comes back, saved in secret.enc; KMS keeps no copy of the plaintext.',
    ]);
    expect(item(scene.steps[0]!, 'secret.txt').lane).toBe('kms');
    const blob = item(last(scene), 'secret.enc');
    expect(blob).toMatchObject({ kind: 'encrypted-data', lane: 'machine', materialVersion: 0, keyLabel: `KMS key ${short}` });
    expect(blob.details).toContain('context purpose=test');
    expect(item(last(scene), 'secret.txt')).toMatchObject({ kind: 'plaintext-data', lane: 'machine' });
  });

  it('decrypts it again with the matching encryption context', async () => {
    await d.scene(ENCRYPT);
    const scene = await d.scene('aws kms decrypt --ciphertext-blob fileb://secret.enc --encryption-context purpose=test --query Plaintext --output text | base64 --decode > back.txt');
    wellFormed(scene);
    expect(captions(scene)[0]).toBe('Your machine sends the ciphertext secret.enc to KMS.');
    expect(captions(scene)[2]).toBe('KMS decrypts it with key material version 0: 6 bytes of plaintext.');
    expect(item(last(scene), 'back.txt')).toMatchObject({ kind: 'plaintext-data', lane: 'machine', presence: 'new' });
  });
});

describe('ReEncrypt and rotation', () => {
  it('keeps old ciphertexts on their version when a year passes, and ReEncrypt moves them without the plaintext leaving KMS', async () => {
    await d.scene(ENCRYPT);
    const enable = await d.scene('aws kms enable-key-rotation --key-id $KEY');
    expect(captions(enable)).toEqual([`Automatic rotation is on for KMS key ${short}: KMS will add new key material every 365 days.`]);

    const year = await d.scene('sim time +1y');
    wellFormed(year);
    expect(year.title).toBe('sim time');
    expect(captions(year)[0]).toBe(
      `Time passes and KMS rotates KMS key ${short}: new key material version 1 encrypts from now on, while secret.enc still names version 0 and still decrypts.`,
    );
    // The AWS managed keys rotate too, but they were never drawn: they are only counted.
    expect(captions(year)[1]).toMatch(/^KMS also rotates \d+ other keys? on schedule/);
    const key = item(year.steps[0]!, `KMS key ${short}`, 'kms-key');
    expect(key.versions).toEqual([
      { version: 0, current: false },
      { version: 1, current: true },
    ]);
    expect(item(year.steps[0]!, 'secret.enc')).toMatchObject({ materialVersion: 0, focus: true });

    const onDemand = await d.scene('aws kms rotate-key-on-demand --key-id $KEY');
    expect(item(last(onDemand), `KMS key ${short}`, 'kms-key').versions?.map((v) => v.version)).toEqual([0, 1, 2]);

    const again = await d.scene(
      'aws kms re-encrypt --ciphertext-blob fileb://secret.enc --source-encryption-context purpose=test --destination-key-id $KEY --query CiphertextBlob --output text | base64 --decode > secret2.enc',
    );
    wellFormed(again);
    expect(captions(again)).toEqual([
      'Your machine sends the ciphertext secret.enc to KMS to re-encrypt it.',
      `The ciphertext names KMS key ${short} and its key material version 0, which KMS still has.`,
      `KMS decrypts it with key material version 0 of KMS key ${short}, inside KMS.`,
      `KMS encrypts it again with key material version 2 of KMS key ${short}.`,
      'Only the new ciphertext comes back, saved in secret2.enc; the plaintext never left KMS.',
    ]);
    // The plaintext exists only inside KMS, and never on the way back.
    expect(again.steps[2]!.items.find((i) => i.label === 'plaintext (stays in KMS)')?.lane).toBe('kms');
    expect(last(again).items.filter((i) => i.lane !== 'kms' && i.label.startsWith('plaintext'))).toEqual([]);
    expect(item(last(again), 'secret2.enc').materialVersion).toBe(2);
    expect(item(last(again), 'secret.enc').materialVersion).toBe(0);
  });
});

describe('requests that stop', () => {
  it('shows a disabled key stopping Decrypt after KMS has read the ciphertext', async () => {
    await d.scene(ENCRYPT);
    await d.scene('aws kms disable-key --key-id $KEY');
    const scene = await d.scene('aws kms decrypt --ciphertext-blob fileb://secret.enc --encryption-context purpose=test');
    wellFormed(scene);
    expect(scene.status).toBe('error');
    const stop = last(scene);
    expect(stop).toMatchObject({ status: 'error', lanes: ['kms'], error: { code: 'DisabledException' } });
    expect(stop.caption).toBe(`Stopped: KMS key ${short} is disabled, so KMS will not use it until it is enabled again (DisabledException).`);
    expect(item(stop, `KMS key ${short}`, 'kms-key')).toMatchObject({ keyState: 'Disabled', focus: true });
    // The ciphertext got as far as KMS; nothing came back.
    expect(item(stop, 'secret.enc', 'encrypted-data').lane).toBeDefined();
    expect(stop.items.some((i) => i.lane === 'kms' && i.label === 'secret.enc')).toBe(true);
  });

  it('shows GenerateDataKey refused for a disabled key before any data key exists', async () => {
    await d.scene('aws kms disable-key --key-id $KEY');
    const scene = await d.scene('aws kms generate-data-key --key-id $KEY --key-spec AES_256');
    expect(scene.steps.map((s) => s.status)).toEqual(['ok', 'error']);
    expect(last(scene).items.filter((i) => i.kind === 'data-key')).toEqual([]);
  });

  it('names who was denied and which permission at the permission check', async () => {
    const scene = await d.scene('aws kms encrypt --key-id $KEY --plaintext fileb://secret.txt --profile admin');
    expect(last(scene)).toMatchObject({ status: 'error', error: { code: 'AccessDeniedException' } });
    expect(last(scene).caption).toBe(`KMS refuses at the permission check: KeyAdmin may not use kms:Encrypt with KMS key ${short} (AccessDeniedException).`);
    expect(last(scene).error?.message).toContain('is not authorized to perform: kms:Encrypt');
  });

  it('explains a wrong encryption context', async () => {
    await d.scene(ENCRYPT);
    const scene = await d.scene('aws kms decrypt --ciphertext-blob fileb://secret.enc --encryption-context purpose=other --query Plaintext --output text | base64 --decode > out.txt');
    expect(scene.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'error']);
    expect(last(scene).caption).toBe(
      'Stopped: KMS could not decrypt because the encryption context must match, pair for pair, the one used to encrypt (InvalidCiphertextException).',
    );
    // The failed pipeline left an empty out.txt: nothing worth drawing.
    expect(last(scene).items.some((i) => i.label === 'out.txt')).toBe(false);
  });

  it('shows the CLI stopping before KMS when the file is missing', async () => {
    const scene = await d.scene('aws kms decrypt --ciphertext-blob fileb://nothere');
    expect(scene.steps).toHaveLength(1);
    expect(last(scene)).toMatchObject({ status: 'error', lanes: ['machine'], error: { code: 'AWS CLI' } });
    expect(last(scene).caption).toMatch(/^The AWS CLI stops before calling KMS: Error parsing parameter '--ciphertext-blob'.*nothere.*\.$/);
  });

  it('shows openssl failing with the wrong key', async () => {
    // Text keys: -pass file: reads the first line, and a random binary key may start with a newline.
    await d.quiet('echo first-key > k1.bin');
    await d.quiet('echo second-key > k2.bin');
    await d.scene('openssl enc -aes-256-cbc -pbkdf2 -pass file:k1.bin -in secret.txt -out secret.bin');
    const scene = await d.scene('openssl enc -d -aes-256-cbc -pbkdf2 -pass file:k2.bin -in secret.bin -out nope.txt');
    expect(last(scene)).toMatchObject({ status: 'error', error: { code: 'openssl' } });
    expect(last(scene).caption).toBe('openssl stops with "bad decrypt": the key in k2.bin is not the key that encrypted secret.bin.');
  });
});

describe('key life cycle', () => {
  it('marks ciphertexts whose key is deleted for good', async () => {
    await d.scene(ENCRYPT);
    await d.scene('aws kms schedule-key-deletion --key-id $KEY --pending-window-in-days 7');
    const scene = await d.scene('sim time +8d');
    expect(captions(scene)).toEqual([`KMS key ${short} is deleted for good: secret.enc can never be decrypted again.`]);
    const step = last(scene);
    expect(step.items.find((i) => i.kind === 'kms-key')).toMatchObject({ presence: 'gone' });
    expect(item(step, 'secret.enc').details).toContain('its KMS key is deleted');
  });

  it('shows aliases on the key', async () => {
    await d.quiet('aws kms create-alias --alias-name alias/demo --target-key-id $KEY');
    const scene = await d.scene('aws kms encrypt --key-id alias/demo --plaintext fileb://secret.txt');
    expect(item(last(scene), `KMS key ${short} (alias/demo)`, 'kms-key').kind).toBe('kms-key');
  });
});
