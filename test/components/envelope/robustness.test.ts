/**
 * The diagram watches whatever the learner types: commands it does not understand make no
 * scene, odd events are ignored, nothing ever throws, and `sim reset` starts a new story.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  applyEventStrict,
  initialEnvelopeState,
  MAX_SCENES,
  scenesFromEvents,
  type SessionEventLike,
} from '../../../src/components/envelope/envelope-model.ts';
import type { TraceEvent } from '../../../src/kms/trace.ts';
import { drive, KEY_LINE, wellFormed } from './harness.ts';

describe('commands that show nothing', () => {
  it('makes no scene for garbage, listings, reads and unrelated tools', async () => {
    const d = await drive();
    await d.scene(KEY_LINE);
    for (const line of [
      '',
      'foo bar',
      'echo "unterminated',
      ')(',
      'ls -l',
      'cat nothere',
      'aws kms list-keys',
      'aws kms describe-key --key-id $KEY',
      'aws kms get-key-rotation-status --key-id $KEY',
      'aws sts get-caller-identity',
      'aws kms',
      'openssl rand -hex 8',
      'openssl version',
      'sim whoami',
      'history',
      'X=1; echo $X',
      'aws kms encrypt help',
    ]) {
      await d.quiet(line);
    }
    expect(d.scenes()).toHaveLength(1);
  });

  it('survives awkward but real lines and keeps every scene well formed', async () => {
    const d = await drive();
    for (const line of [
      KEY_LINE,
      '(aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text) > in-subshell.b64',
      'aws kms generate-data-key --key-id $KEY --number-of-bytes 16 --query Plaintext --output text > /dev/null',
      'mkdir -p /tmp/work && cd /tmp/work && aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text | base64 -d > k.enc',
      'aws kms decrypt --ciphertext-blob fileb://k.enc --output text --query Plaintext | base64 -d > ~/k.bin && rm ~/k.bin',
      'cd && rm -rf /tmp/work',
      'aws kms encrypt --key-id $KEY --plaintext fileb://in-subshell.b64 && aws kms encrypt --key-id $KEY --plaintext fileb://in-subshell.b64',
      'aws kms create-key --description x --query KeyMetadata.KeyId --output text | cat',
      'aws kms re-encrypt --ciphertext-blob fileb://in-subshell.b64 --destination-key-id $KEY',
      'openssl enc -aes-256-cbc -pass pass:x -in nothere -out y',
      'openssl enc -d -aes-256-cbc -K 00 -in in-subshell.b64',
      'aws kms rotate-key-on-demand --key-id alias/nothing',
      'aws kms generate-data-key --key-id $KEY --key-spec AES_256 --dry-run',
      'mv nothing somewhere',
      'unset KEY',
    ]) {
      await d.run(line);
    }
    expect(d.scenes().length).toBeGreaterThan(5);
    for (const scene of d.scenes()) wellFormed(scene);
    // Two encrypts on one line: one scene, both drawn.
    const twice = d.scenes().find((s) => s.line.startsWith('aws kms encrypt --key-id $KEY --plaintext fileb://in-subshell.b64 &&'));
    expect(twice?.steps.filter((s) => s.caption.startsWith('Your machine sends'))).toHaveLength(2);
    const removed = d.scenes().find((s) => s.line === 'cd && rm -rf /tmp/work');
    expect(removed?.steps.map((s) => s.caption)).toEqual([
      '/tmp/work/k.enc is deleted: without this encrypted data key, the data it protects can no longer be decrypted.',
    ]);
  });
});

describe('reset', () => {
  it('forgets scenes, files and keys on sim reset, and keeps scene ids increasing', async () => {
    const d = await drive();
    await d.scene(KEY_LINE);
    const before = await d.scene('aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text | base64 -d > k.enc');
    await d.quiet('sim reset');
    expect(d.scenes()).toEqual([]);
    expect(d.state().world.holders.size).toBe(0);
    expect(d.state().world.keys.size).toBe(0);
    const after = await d.scene(KEY_LINE);
    expect(after.id).toBeGreaterThan(before.id);
    expect(after.steps[0]!.items.map((i) => i.kind)).toEqual(['kms-key']);
  });
});

describe('the reducer on its own', () => {
  const trace = (operation: string, steps: TraceEvent['steps'], ok = true): TraceEvent => ({
    requestId: `r-${operation}`,
    operation,
    time: new Date(0),
    caller: 'arn:aws:iam::111122223333:root',
    steps,
    outcome: ok ? { ok: true } : { ok: false, errorCode: 'KMSInternalException', errorMessage: 'boom' },
  });

  it('ignores events it cannot read, and returns the same state for events that change nothing', () => {
    let state = initialEnvelopeState();
    const same = applyEvent(state, { type: 'output', stream: 'stdout', data: new Uint8Array([65]) } as { type: string });
    expect(same).toBe(state);
    for (const event of [
      { type: 'kms', trace: null },
      { type: 'kms', trace: { operation: 5 } },
      { type: 'vfs', change: 'nope' },
      { type: 'output', stream: 'stderr', data: 'not bytes' },
      { type: 'something-new', whatever: true },
      { type: 'command' },
      { type: 'command', line: 42, exitCode: 'x' },
    ]) {
      state = applyEvent(state, event);
    }
    expect(state.scenes).toEqual([]);
  });

  it('draws KMS calls it sees without a matching command line', () => {
    const scenes = scenesFromEvents([
      { type: 'kms', trace: trace('CreateKey', [{ kind: 'state-change', caption: 'Create a key and its first key material (version 0)', keyId: 'abcdef12-0000', materialVersion: 0 }]) },
      { type: 'kms', trace: trace('Encrypt', [{ kind: 'resolve-key', caption: '?', keyId: 'abcdef12-0000' }], false) },
      { type: 'command', line: 'some-script.sh', exitCode: 0 },
    ]);
    expect(scenes).toHaveLength(1);
    expect(scenes[0]!.title).toBe('CreateKey');
    expect(scenes[0]!.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'error']);
    expect(scenes[0]!.steps.at(-1)!.caption).toBe('Stopped: KMSInternalException: boom.');
  });

  it('keeps at most MAX_SCENES scenes', () => {
    const events: SessionEventLike[] = Array.from({ length: MAX_SCENES + 5 }, (_, i) => [
      { type: 'kms', trace: trace('CreateKey', [{ kind: 'state-change', caption: 'Create', keyId: `k${i}`, materialVersion: 0 }]) },
      { type: 'command', line: 'aws kms create-key', exitCode: 0 },
    ]).flat();
    const scenes = scenesFromEvents(events);
    expect(scenes).toHaveLength(MAX_SCENES);
    expect(scenes[0]!.id).toBe(6);
  });

  it('never throws, whatever arrives in whatever order', () => {
    const step = fc.record({
      kind: fc.constantFrom('authorize', 'resolve-key', 'generate-data-key', 'encrypt', 'decrypt', 'return', 'rotate', 'state-change', 'delete-key', 'error'),
      caption: fc.string(),
      keyId: fc.option(fc.constantFrom('k1', 'k2', 'k3'), { nil: undefined }),
      materialVersion: fc.option(fc.nat(5), { nil: undefined }),
      bytes: fc.option(fc.nat(64), { nil: undefined }),
      fingerprint: fc.option(fc.constantFrom('aaaa0000', 'bbbb1111'), { nil: undefined }),
    });
    const kms = fc.record({
      type: fc.constant('kms'),
      trace: fc.record({
        requestId: fc.string(),
        operation: fc.constantFrom('GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'Encrypt', 'Decrypt', 'ReEncrypt', 'CreateKey', 'RotateKey', 'RotateKeyOnDemand', 'DeleteKey', 'DisableKey', 'CreateAlias', 'ListKeys'),
        time: fc.constant(new Date(0)),
        caller: fc.constantFrom('kms.amazonaws.com', 'arn:aws:iam::1:user/a'),
        steps: fc.array(step, { maxLength: 6 }),
        outcome: fc.oneof(fc.constant({ ok: true }), fc.record({ ok: fc.constant(false), errorCode: fc.string(), errorMessage: fc.string() })),
      }),
    });
    const path = fc.constantFrom('/home/learner/a.bin', '/home/learner/a.enc', '/home/learner/d/b.enc', '/tmp/x');
    const vfs = fc.record({ type: fc.constant('vfs'), change: fc.record({ kind: fc.constantFrom('write', 'remove', 'mkdir', 'rename'), path }) });
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'aws kms decrypt --ciphertext-blob fileb://a.enc > a.bin',
        'aws kms generate-data-key --key-id k1 --query CiphertextBlob --output text | base64 -d > a.enc',
        'DK=$(aws kms generate-data-key --key-id k1 --output text)',
        'echo ${DK%% *} > a.bin',
        'openssl enc -aes-256-cbc -pass file:a.bin -in x -out d/b.enc',
        'openssl enc -d -K $(xxd -p a.bin) -in d/b.enc',
        'rm -rf d a.bin',
        'mv a.enc d/',
        'cp a.bin a.enc d',
        'unset DK',
      ),
    );
    // Digests from a small pool, so that files, variables, outputs and kept answers do match each other.
    const digest = fc.constantFrom('d1', 'd2', 'd3', 'd4');
    const seen = fc.record({ digest, size: fc.nat(64), words: fc.array(digest, { maxLength: 3 }) });
    const vfsSeen = fc.record({ type: fc.constant('vfs'), change: fc.record({ kind: fc.constantFrom('write', 'rename'), path }), seen });
    const output = fc.record({ type: fc.constant('output'), stream: fc.constant('stdout'), seen });
    const aws = fc.record({
      type: fc.constant('aws'),
      invocation: fc.record({
        service: fc.constant('kms'),
        operation: fc.constantFrom('GenerateDataKey', 'Encrypt', 'Decrypt', 'ReEncrypt', 'CreateKey', 'ListKeys'),
        exitCode: fc.constantFrom(0, 252, 254),
        requests: fc.nat(2),
        inputs: fc.array(fc.record({ member: fc.constantFrom('CiphertextBlob', 'Plaintext', 'KeyId'), source: fc.constantFrom('fileb', 'inline', 'cli-input-json'), path }), { maxLength: 2 }),
        contexts: fc.constantFrom({}, { EncryptionContext: { a: 'b' } }),
        kept: fc.array(fc.record({ member: fc.constantFrom('Plaintext', 'CiphertextBlob'), bytes: digest, text: digest }), { maxLength: 2 }),
        error: fc.option(fc.record({ stage: fc.constantFrom('cli', 'service'), code: fc.string(), message: fc.string() }), { nil: undefined }),
      }),
    });
    const exec = fc.record({
      type: fc.constant('exec'),
      exec: fc.record({
        name: fc.constantFrom('openssl', 'sim', 'cp', 'mv', 'rm', 'base64'),
        args: fc.oneof(fc.array(fc.string(), { maxLength: 4 }), fc.constantFrom(['enc', '-d', '-aes-256-cbc'], ['aes-256-cbc', '-K', 'd1'], ['time', '+1y'])),
        cwd: fc.constant('/home/learner'),
        exitCode: fc.constantFrom(0, 1),
        reads: fc.array(path, { maxLength: 2 }),
        writes: fc.array(path, { maxLength: 2 }),
        stdin: fc.option(seen, { nil: undefined }),
        stdout: fc.option(seen, { nil: undefined }),
        stderr: fc.constantFrom('', 'bad decrypt'),
      }),
    });
    const end = fc.record({ files: fc.array(path, { maxLength: 4 }), variables: fc.dictionary(fc.constantFrom('DK', 'K', 'X'), seen) });
    const command = fc.record({ type: fc.constant('command'), line, exitCode: fc.nat(255), end: fc.option(end, { nil: undefined }) });
    const other = fc.constantFrom({ type: 'reset' }, { type: 'output', stream: 'stderr', data: new TextEncoder().encode('bad decrypt\n') });
    let drawn = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: kms, weight: 3 }, vfs, vfsSeen, output, { arbitrary: aws, weight: 2 }, exec, { arbitrary: command, weight: 2 }, other), { maxLength: 40 }), (events) => {
        let state = initialEnvelopeState();
        for (const event of events) state = applyEventStrict(state, event);
        drawn += state.scenes.length;
        for (const scene of state.scenes) {
          expect(scene.steps.length).toBeGreaterThan(0);
          expect(scene.steps.map((s) => s.number)).toEqual(scene.steps.map((_, i) => i + 1));
        }
      }),
      { numRuns: 500 },
    );
    // The generators reach the handlers: scenes were drawn, not only rejected events.
    expect(drawn).toBeGreaterThan(20);
  });
});
