/**
 * Encrypt, Decrypt and ReEncrypt: data (at most 4 KB) or an encrypted data key travels to KMS and
 * back. Ciphertexts remember the KMS key and material version that made them (from the trace),
 * which is what rotation later leaves untouched.
 */
import type { AwsInvocation } from '../../cli/invocation.ts';
import type { TraceEvent } from '../../kms/trace.ts';
import { fromKms, holderFocus, inKms, toKms, type Effects } from './effects.ts';
import { contextText, defined, deliverKept, failStep, firstKey, inputOf, namedByCiphertext, stepOf, type Input } from './kms-common.ts';
import { keyLabel, type Content } from './world.ts';

const CIPHERTEXTS: readonly Content['kind'][] = ['encrypted-data-key', 'encrypted-data'];

export function encrypt(fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined): void {
  const { b } = fx;
  const input = inputOf(fx, inv, 'Plaintext', ['data-key', 'plaintext-data'], 'the plaintext you typed');
  const sent: Content = input.content ?? { kind: 'plaintext-data' };
  const id = `t:${trace.requestId}`;
  const keyId = firstKey(trace);
  if (keyId !== undefined) b.useKey(keyId);
  const sealed = stepOf(trace, 'encrypt');
  const size = sealed === undefined ? undefined : /Encrypt (\d+) bytes/.exec(sealed.caption)?.[1];
  inKms(fx, `${id}:in`, sent, input.name);
  const focus = input.path === undefined ? [] : holderFocus(fx, `file:${input.path}`);
  b.step(`Your machine sends ${input.name}${size === undefined ? '' : ` (${size} bytes)`} to KMS, which encrypts up to 4 KB directly.`, {
    lanes: ['machine', 'kms'],
    flow: toKms,
    focus,
  });
  if (!trace.outcome.ok) return failStep(fx, trace, inv, input);

  // KMS took it as plaintext: a file the model did not know is plaintext data, as it turns out.
  if (input.path !== undefined && input.holder === undefined) b.put('file', input.path, [{ kind: 'plaintext-data', ...defined({ ref: input.digest }) }], input.digest);
  const version = sealed?.materialVersion;
  if (keyId !== undefined && version !== undefined) b.useKey(keyId, version).current = version;
  const isKey = sent.kind === 'data-key';
  const context = contextText(inv, 'EncryptionContext');
  const made: Content = {
    kind: isKey ? 'encrypted-data-key' : 'encrypted-data',
    ...defined({ keyId, materialVersion: version, context, dataKeyFingerprint: isKey ? sent.fingerprint : undefined }),
  };
  b.drop(`${id}:in`);
  inKms(fx, `${id}:ct`, made, 'ciphertext');
  const label = keyId === undefined ? 'the KMS key' : keyLabel(b.world, keyId);
  b.step(`KMS encrypts it with key material version ${version ?? '?'} of ${label} (AES-256-GCM).`, { lanes: ['kms'], focus: keyId === undefined ? [] : [`key:${keyId}`] });
  finish(fx, inv, id, 'CiphertextBlob', made, (where) => `The ciphertext comes back, ${where}; KMS keeps no copy of the plaintext.`);
}

export function decrypt(fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined): void {
  const { b } = fx;
  const input = inputOf(fx, inv, 'CiphertextBlob', CIPHERTEXTS, 'the ciphertext');
  const id = `t:${trace.requestId}`;
  const named = sendCiphertext(fx, trace, input, id, 'to KMS');
  if (!trace.outcome.ok) return failStep(fx, trace, inv, input);

  const fingerprint = stepOf(trace, 'return')?.fingerprint;
  const bytes = stepOf(trace, 'decrypt')?.bytes;
  const isKey = input.content?.kind === 'encrypted-data-key' || (fingerprint !== undefined && b.world.dataKeys.has(fingerprint));
  const bits = isKey && bytes !== undefined ? bytes * 8 : undefined;
  const plain: Content = { kind: isKey ? 'data-key' : 'plaintext-data', ...defined({ fingerprint, bits }) };
  learnInput(fx, input, isKey, fingerprint, named);
  b.drop(`${id}:in`);
  inKms(fx, `${id}:pt`, plain, isKey ? 'data key' : 'plaintext');
  const version = named?.version ?? '?';
  b.step(
    isKey
      ? `KMS decrypts it with key material version ${version} and gets back the ${bits === undefined ? '' : `${bits}-bit `}data key${fingerprint === undefined ? '' : ` (fingerprint ${fingerprint})`}.`
      : `KMS decrypts it with key material version ${version}${bytes === undefined ? '' : `: ${bytes} bytes of plaintext`}.`,
    { lanes: ['kms'], focus: named ? [`key:${named.keyId}`] : [] },
  );
  const what = isKey ? 'plaintext data key' : 'plaintext';
  finish(fx, inv, id, 'Plaintext', plain, (where) => `The ${what} comes back to your machine, ${where}.`);
}

export function reEncrypt(fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined): void {
  const { b } = fx;
  const input = inputOf(fx, inv, 'CiphertextBlob', CIPHERTEXTS, 'the ciphertext');
  const id = `t:${trace.requestId}`;
  const named = sendCiphertext(fx, trace, input, id, 'to KMS to re-encrypt it');
  if (!trace.outcome.ok) return failStep(fx, trace, inv, input);

  learnInput(fx, input, input.content?.kind === 'encrypted-data-key', undefined, named);
  b.drop(`${id}:in`);
  inKms(fx, `${id}:pt`, { kind: input.content?.kind === 'encrypted-data-key' ? 'data-key' : 'plaintext-data' }, 'plaintext (stays in KMS)');
  const source = named === undefined ? 'the KMS key' : keyLabel(b.world, named.keyId);
  b.step(`KMS decrypts it with key material version ${named?.version ?? '?'} of ${source}, inside KMS.`, { lanes: ['kms'] });

  const sealed = [...trace.steps].reverse().find((s) => s.kind === 'encrypt');
  const keyId = sealed?.keyId;
  const version = sealed?.materialVersion;
  if (keyId !== undefined && version !== undefined) b.useKey(keyId, version).current = version;
  const context = contextText(inv, 'DestinationEncryptionContext');
  const made: Content = {
    kind: input.content?.kind ?? 'encrypted-data',
    ...defined({ keyId, materialVersion: version, context, dataKeyFingerprint: input.content?.dataKeyFingerprint }),
  };
  b.drop(`${id}:pt`);
  inKms(fx, `${id}:ct`, made, 'new ciphertext');
  const target = keyId === undefined ? 'the destination key' : keyLabel(b.world, keyId);
  b.step(`KMS encrypts it again with key material version ${version ?? '?'} of ${target}.`, { lanes: ['kms'], focus: keyId === undefined ? [] : [`key:${keyId}`] });
  finish(fx, inv, id, 'CiphertextBlob', made, (where) => `Only the new ciphertext comes back, ${where}; the plaintext never left KMS.`);
}

/** Step 1 (and 2 when the header was read) of Decrypt and ReEncrypt. */
function sendCiphertext(fx: Effects, trace: TraceEvent, input: Input, id: string, purpose: string): { keyId: string; version: number } | undefined {
  const { b } = fx;
  const header = namedByCiphertext(trace);
  const named = header?.keyId !== undefined && header.materialVersion !== undefined ? { keyId: header.keyId, version: header.materialVersion } : undefined;
  const sent: Content = input.content ?? { kind: 'encrypted-data', ...defined({ keyId: named?.keyId, materialVersion: named?.version }) };
  inKms(fx, `${id}:in`, sent, input.name);
  const what = sent.kind === 'encrypted-data-key' ? 'the encrypted data key' : 'the ciphertext';
  const focus = input.path === undefined ? [] : holderFocus(fx, `file:${input.path}`);
  const name = input.path === undefined ? '' : ` ${input.name}`;
  b.step(`Your machine sends ${what}${name} ${purpose}.`, { lanes: ['machine', 'kms'], flow: toKms, focus });
  if (named === undefined) return undefined;
  b.useKey(named.keyId, named.version);
  b.step(`The ciphertext names ${keyLabel(b.world, named.keyId)} and its key material version ${named.version}, which KMS still has.`, {
    lanes: ['kms'],
    focus: [`key:${named.keyId}`],
  });
  return named;
}

/** What a successful Decrypt teaches about its input file: which key and version made it, and what it wraps. */
function learnInput(fx: Effects, input: Input, isKey: boolean, fingerprint: string | undefined, named: { keyId: string; version: number } | undefined): void {
  if (input.path === undefined) return;
  if (input.content === undefined) {
    fx.b.put(
      'file',
      input.path,
      [{ kind: isKey ? 'encrypted-data-key' : 'encrypted-data', ...defined({ ref: input.digest, keyId: named?.keyId, materialVersion: named?.version, dataKeyFingerprint: isKey ? fingerprint : undefined }) }],
      input.digest,
    );
    return;
  }
  if (named !== undefined) {
    input.content.keyId = named.keyId;
    input.content.materialVersion = named.version;
  }
  if (isKey && fingerprint !== undefined) input.content.dataKeyFingerprint ??= fingerprint;
}

/** The last step: the answer leaves KMS for wherever the command line took the part the output kept. */
function finish(fx: Effects, inv: AwsInvocation | undefined, id: string, member: string, content: Content, caption: (where: string) => string): void {
  for (const suffix of [':ct', ':pt']) fx.b.drop(`${id}${suffix}`);
  const { kept, where, focus } = deliverKept(fx, inv, [{ member, content }], id);
  fx.b.step(kept.length > 0 ? caption(where) : 'The answer comes back, but the printed output leaves that part out (--query, --output).', { lanes: ['kms', 'machine'], flow: fromKms, focus });
}
