/**
 * The envelope-encryption walkthrough, typed into a real sandbox: one GenerateDataKey, the data
 * key written out to files, local encryption, the plaintext key deleted, the encrypted key
 * stored beside the data, and the way back. The scenes must tell that story, step by step.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scene } from '../../../src/components/envelope/types.ts';
import { absent, captions, drive, item, KEY_LINE, last, wellFormed, type Driver } from './harness.ts';

describe('the envelope walkthrough', () => {
  let d: Driver;
  const scenes: Record<string, Scene> = {};
  let dataKeyBase64 = '';

  beforeAll(async () => {
    d = await drive();
    scenes.create = await d.scene(KEY_LINE);
    scenes.generate = await d.scene('DK=$(aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query "[Plaintext,CiphertextBlob]" --output text)');
    scenes.plainFile = await d.scene('echo ${DK%%[[:space:]]*} | base64 --decode > datakey.bin');
    scenes.encFile = await d.scene('echo ${DK##*[[:space:]]} | base64 --decode > datakey.enc');
    scenes.unset = await d.scene('unset DK');
    await d.quiet('echo secret > data.txt');
    scenes.openssl = await d.scene('openssl enc -aes-256-cbc -pbkdf2 -pass file:datakey.bin -in data.txt -out data.enc');
    dataKeyBase64 = (await d.run('base64 datakey.bin')).stdout.trim();
    scenes.rm = await d.scene('rm datakey.bin');
    scenes.decrypt = await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode > datakey.bin');
    scenes.opensslBack = await d.scene('openssl enc -d -aes-256-cbc -pbkdf2 -pass file:datakey.bin -in data.enc -out data.out');
  });

  it('makes one well-formed scene per command that did something', () => {
    expect(d.scenes().map((s) => s.title)).toEqual([
      'CreateKey',
      'GenerateDataKey',
      'base64',
      'base64',
      'Shell variable',
      'openssl enc',
      'rm',
      'Decrypt',
      'openssl enc',
    ]);
    for (const scene of d.scenes()) wellFormed(scene);
    expect(d.scenes().every((s) => s.status === 'ok')).toBe(true);
  });

  it('shows the new KMS key with its first key material version', () => {
    const key = item(last(scenes.create!), `KMS key ${d.state().world.keys.keys().next().value!.slice(0, 8)}`, 'kms-key');
    expect(key).toMatchObject({ lane: 'kms', presence: 'new', focus: true, versions: [{ version: 0, current: true }], keyState: 'Enabled' });
  });

  it('draws GenerateDataKey as request, generation, encryption under the KMS key, and return', () => {
    const scene = scenes.generate!;
    expect(scene.steps.map((s) => s.lanes)).toEqual([['machine', 'kms'], ['kms'], ['kms'], ['kms', 'machine']]);
    expect(scene.steps[0]!.flow).toEqual({ from: 'machine', to: 'kms' });
    expect(scene.steps[3]!.flow).toEqual({ from: 'kms', to: 'machine' });
    expect(captions(scene)[1]).toMatch(/^KMS generates a fresh 256-bit data key \(fingerprint [0-9a-f]{8}\)\.$/);
    expect(captions(scene)[2]).toMatch(/key material version 0 of KMS key [0-9a-f]{8}/);
    expect(captions(scene)[3]).toBe(
      'Both come back to your machine, the plaintext data key and the encrypted data key, kept in the shell variable $DK; KMS keeps neither.',
    );
    // Inside KMS during the call, on your machine afterwards; KMS keeps no copy.
    const inside = scene.steps[2]!.items.filter((i) => i.lane === 'kms' && i.kind !== 'kms-key').map((i) => i.kind);
    expect(inside).toEqual(['data-key', 'encrypted-data-key']);
    const end = last(scene);
    expect(end.items.filter((i) => i.lane === 'kms' && i.kind !== 'kms-key').every((i) => i.presence === 'gone')).toBe(true);
    const plain = item(end, '$DK', 'data-key');
    const wrapped = item(end, '$DK', 'encrypted-data-key');
    expect(plain).toMatchObject({ lane: 'machine', where: 'shell variable', presence: 'new' });
    expect(plain.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(wrapped).toMatchObject({ lane: 'machine', materialVersion: 0 });
    expect(wrapped.details).toContain(`wraps data key ${plain.fingerprint}`);
  });

  it('follows each half of the data key from the variable into its own file', () => {
    expect(captions(scenes.plainFile!)).toEqual(['The plaintext data key in $DK is written to datakey.bin.']);
    expect(captions(scenes.encFile!)).toEqual(['The encrypted data key in $DK is written to datakey.enc.']);
    expect(item(last(scenes.plainFile!), 'datakey.bin').kind).toBe('data-key');
    expect(item(last(scenes.encFile!), 'datakey.enc').kind).toBe('encrypted-data-key');
    expect(captions(scenes.unset!)).toEqual(['$DK is unset: the plaintext data key no longer sits in the shell.']);
  });

  it('shows openssl turning the file into ciphertext on your machine, then storing it beside the encrypted key', () => {
    const scene = scenes.openssl!;
    const fingerprint = item(last(scenes.plainFile!), 'datakey.bin').fingerprint;
    expect(captions(scene)).toEqual([
      'openssl encrypts data.txt on your machine with the plaintext data key from datakey.bin (AES-256-CBC); nothing is sent to KMS.',
      `The ciphertext of data.txt is saved in data.enc, which only data key ${fingerprint} can decrypt.`,
      'datakey.enc is kept beside data.enc: the encrypted data key is stored with the data it protects, and only KMS can open it.',
    ]);
    // First on the machine, then stored, in one group with the encrypted data key.
    expect(item(scene.steps[1]!, 'data.enc')).toMatchObject({ kind: 'encrypted-data', lane: 'machine', presence: 'new' });
    const stored = last(scene);
    expect(stored.flow).toEqual({ from: 'machine', to: 'storage' });
    const data = item(stored, 'data.enc');
    const key = item(stored, 'datakey.enc');
    expect([data.lane, key.lane]).toEqual(['storage', 'storage']);
    expect(data.group).toBeDefined();
    expect(data.group).toBe(key.group);
    expect(item(stored, 'data.txt')).toMatchObject({ kind: 'plaintext-data', lane: 'machine' });
    expect(item(stored, 'datakey.bin')).toMatchObject({ kind: 'data-key', lane: 'machine' });
  });

  it('makes the plaintext data key visibly disappear when its file is deleted', () => {
    const step = last(scenes.rm!);
    expect(step.caption).toBe('datakey.bin is deleted: the plaintext data key is gone from your machine, and only KMS can turn datakey.enc back into it.');
    expect(step.items.find((i) => i.label === 'datakey.bin')).toMatchObject({ presence: 'gone', kind: 'data-key', focus: true });
    // Until Decrypt brings it back, it is not drawn at all.
    absent(scenes.decrypt!.steps[0]!, 'datakey.bin');
  });

  it('draws Decrypt of the stored encrypted data key, and the same data key coming back', () => {
    const scene = scenes.decrypt!;
    expect(scene.steps).toHaveLength(4);
    expect(captions(scene)[0]).toBe('Your machine sends the encrypted data key datakey.enc to KMS.');
    expect(captions(scene)[1]).toMatch(/^The ciphertext names KMS key [0-9a-f]{8} and its key material version 0, which KMS still has\.$/);
    const original = item(last(scenes.plainFile!), 'datakey.bin').fingerprint!;
    expect(captions(scene)[2]).toBe(`KMS decrypts it with key material version 0 and gets back the 256-bit data key (fingerprint ${original}).`);
    expect(captions(scene)[3]).toBe('The plaintext data key comes back to your machine, saved in datakey.bin.');
    expect(item(last(scene), 'datakey.bin')).toMatchObject({ kind: 'data-key', fingerprint: original, presence: 'new', lane: 'machine' });
    expect(item(last(scene), 'datakey.enc').lane).toBe('storage');
  });

  it('ends with the data decrypted locally, without KMS', async () => {
    expect(captions(scenes.opensslBack!)).toEqual([
      'openssl decrypts data.enc on your machine with the plaintext data key from datakey.bin; KMS is not involved.',
      'The plaintext of data.enc is back, saved in data.out.',
    ]);
    expect(scenes.opensslBack!.steps.every((s) => s.lanes.join() === 'machine')).toBe(true);
    expect(item(last(scenes.opensslBack!), 'data.out').kind).toBe('plaintext-data');
    expect((await d.run('cat data.out')).stdout).toBe('secret\n');
  });

  it('never carries the data key itself, only its fingerprint', () => {
    expect(dataKeyBase64).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const text = JSON.stringify(d.scenes());
    expect(text).not.toContain(dataKeyBase64);
    expect(text).not.toContain(Buffer.from(dataKeyBase64, 'base64').toString('hex'));
  });
});

describe('other ways to hold the data key', () => {
  it('keeps only the encrypted copy with --query CiphertextBlob, and -K reads the key from another command', async () => {
    const d = await drive();
    await d.scene(KEY_LINE);
    const generate = await d.scene('aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text | base64 --decode > datakey.enc');
    expect(last(generate).caption).toBe('Only the encrypted data key is saved in datakey.enc: --query dropped the plaintext copy, and KMS keeps none.');
    absent(last(generate), 'datakey.bin');
    await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode > datakey.bin');
    await d.quiet('printf "quarterly figures\\n" > report.txt');
    const enc = await d.scene('openssl enc -aes-256-cbc -K $(xxd -p -c 64 datakey.bin) -iv 00000000000000000000000000000000 -in report.txt -out report.enc');
    expect(captions(enc)[0]).toContain('with the plaintext data key from datakey.bin');
    expect(item(last(enc), 'report.enc').lane).toBe('storage');
    const moved = await d.scene('mkdir -p bucket && mv report.enc datakey.enc bucket/');
    expect(captions(moved)).toEqual([
      'report.enc is moved to bucket/report.enc.',
      'datakey.enc is moved to bucket/datakey.enc.',
      'bucket/datakey.enc is kept beside bucket/report.enc: the encrypted data key is stored with the data it protects, and only KMS can open it.',
    ]);
    const copy = await d.scene('cp datakey.bin copy.bin');
    expect(last(copy).caption).toBe('datakey.bin is copied to copy.bin: now two files hold the plaintext data key.');
  });

  it('warns that a file holding the whole answer holds the plaintext data key too', async () => {
    const d = await drive();
    await d.scene(KEY_LINE);
    const generate = await d.scene('aws kms generate-data-key --key-id $KEY --key-spec AES_256 > dk.json');
    expect(last(generate).caption).toContain('saved in dk.json');
    expect(item(last(generate), 'dk.json', 'data-key').lane).toBe('machine');
    expect(item(last(generate), 'dk.json', 'encrypted-data-key').lane).toBe('machine');
    expect(captions(await d.scene('rm dk.json'))).toEqual(['dk.json is deleted: both the plaintext data key and its encrypted copy are gone.']);
  });

  it('shows a printed data key as living only in the terminal', async () => {
    const d = await drive();
    await d.scene(KEY_LINE);
    const printed = await d.scene('aws kms generate-data-key --key-id $KEY --key-spec AES_128');
    expect(last(printed).caption).toContain('printed in the terminal');
    expect(item(last(printed), 'terminal', 'data-key')).toMatchObject({ where: 'printed in the terminal', details: expect.arrayContaining(['128-bit']) });
    // Printed output is not kept: the next scene no longer shows it.
    const next = await d.scene('aws kms generate-data-key-without-plaintext --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text | base64 -d > later.enc');
    absent(next.steps[0]!, 'terminal');
    expect(last(next).caption).toBe('Only the encrypted data key comes back, saved in later.enc; the plaintext data key never leaves KMS, which keeps no copy.');
    expect(item(last(next), 'later.enc').kind).toBe('encrypted-data-key');
  });
});
