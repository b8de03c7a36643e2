/**
 * Asymmetric and HMAC keys: a message travels to KMS to be signed or MACed, or with a signature
 * or MAC to be checked; a public key or a data key pair comes back. KMS's own steps are captioned
 * from the trace; the private key and the HMAC key stay inside KMS in every drawing.
 */
import type { AwsInvocation } from '../../cli/invocation.ts';
import type { TraceEvent } from '../../kms/trace.ts';
import { fromKms, holderFocus, inKms, toKms, type Effects } from './effects.ts';
import { defined, deliverKept, failStep, firstKey, inputOf, stepOf, type Input } from './kms-common.ts';
import { keyLabel, type Content } from './world.ts';

/** A message may be any bytes the learner has: a file of plaintext, a key file, a ciphertext. */
const MESSAGE_KINDS: readonly Content['kind'][] = ['plaintext-data', 'encrypted-data', 'data-key', 'encrypted-data-key', 'public-key', 'signature', 'mac'];

interface Sent {
  id: string;
  keyId: string | undefined;
  label: string;
  focusKey: string[];
  input: Input;
}

function sendMessage(fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined, purpose: string): Sent {
  const { b } = fx;
  const id = `t:${trace.requestId}`;
  const keyId = firstKey(trace);
  if (keyId !== undefined) b.useKey(keyId);
  const label = keyId === undefined ? 'the KMS key' : keyLabel(b.world, keyId);
  const input = inputOf(fx, inv, 'Message', MESSAGE_KINDS, 'the message you typed');
  inKms(fx, `${id}:msg`, input.content ?? { kind: 'plaintext-data' }, input.name);
  b.step(`Your machine sends ${input.name} to KMS ${purpose} ${label}.`, {
    lanes: ['machine', 'kms'],
    flow: toKms,
    focus: input.path === undefined ? [] : holderFocus(fx, `file:${input.path}`),
  });
  return { id, keyId, label, focusKey: keyId === undefined ? [] : [`key:${keyId}`], input };
}

/** Sign and GenerateMac: KMS computes the tag inside, and only the tag comes back. */
function tagMessage(fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined, tag: 'signature' | 'mac'): void {
  const { b } = fx;
  const signing = tag === 'signature';
  const sent = sendMessage(fx, trace, inv, signing ? 'to be signed with the private key of' : 'to compute a MAC with the HMAC key of');
  if (!trace.outcome.ok) return failStep(fx, trace, inv, sent.input);
  const made: Content = { kind: tag, ...defined({ keyId: sent.keyId }) };
  b.drop(`${sent.id}:msg`);
  inKms(fx, `${sent.id}:tag`, made, signing ? 'signature' : 'MAC');
  const caption = stepOf(trace, signing ? 'sign' : 'mac')?.caption;
  b.step(`${caption ?? (signing ? 'KMS signs it' : 'KMS computes the MAC')}, inside KMS: the ${signing ? 'private' : 'HMAC'} key never leaves it.`, {
    lanes: ['kms'],
    focus: sent.focusKey,
  });
  b.drop(`${sent.id}:tag`);
  const member = signing ? 'Signature' : 'Mac';
  const { kept, where, focus } = deliverKept(fx, inv, [{ member, content: made }], sent.id);
  const check = signing ? 'anyone with the public key can check it, with Verify or with openssl outside KMS' : 'only KMS can check it, with VerifyMac and the same HMAC key';
  b.step(kept.length > 0 ? `The ${signing ? 'signature' : 'MAC'} comes back, ${where}; ${check}.` : `The ${signing ? 'signature' : 'MAC'} comes back, ${where}.`, {
    lanes: ['kms', 'machine'],
    flow: fromKms,
    focus,
  });
}

/** Verify and VerifyMac: the message and its tag go in; KMS answers valid, or fails with an error. */
function checkMessage(fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined, tag: 'signature' | 'mac'): void {
  const { b } = fx;
  const signing = tag === 'signature';
  const tagged = inputOf(fx, inv, signing ? 'Signature' : 'Mac', [tag], signing ? 'the signature' : 'the MAC');
  const sent = sendMessage(fx, trace, inv, `with ${tagged.name} to be checked against`);
  const step = stepOf(trace, signing ? 'verify' : 'mac');
  if (step !== undefined) b.step(`${step.caption}.`, { lanes: ['kms'], focus: sent.focusKey, ...(trace.outcome.ok ? {} : { status: 'error' as const }) });
  if (!trace.outcome.ok) return failStep(fx, trace, inv, sent.input);
  b.drop(`${sent.id}:msg`);
  b.step(`KMS answers ${signing ? 'SignatureValid' : 'MacValid'}: true. It never answers false: a ${signing ? 'signature' : 'MAC'} that does not match is an error.`, {
    lanes: ['kms', 'machine'],
    flow: fromKms,
  });
}

export const sign = (fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined) => tagMessage(fx, trace, inv, 'signature');
export const generateMac = (fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined) => tagMessage(fx, trace, inv, 'mac');
export const verify = (fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined) => checkMessage(fx, trace, inv, 'signature');
export const verifyMac = (fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined) => checkMessage(fx, trace, inv, 'mac');

export function getPublicKey(fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined): void {
  const { b } = fx;
  const id = `t:${trace.requestId}`;
  const keyId = firstKey(trace);
  if (keyId !== undefined) b.useKey(keyId);
  const label = keyId === undefined ? 'a KMS key' : keyLabel(b.world, keyId);
  const focusKey = keyId === undefined ? [] : [`key:${keyId}`];
  b.step(`You ask KMS for the public key of ${label}.`, { lanes: ['machine', 'kms'], flow: toKms, focus: focusKey });
  if (!trace.outcome.ok) return failStep(fx, trace, inv);
  const key: Content = { kind: 'public-key', ...defined({ keyId }) };
  inKms(fx, `${id}:pub`, key, 'public key');
  b.drop(`${id}:pub`);
  const { where, focus } = deliverKept(fx, inv, [{ member: 'PublicKey', content: key }], id);
  b.step(`The public key comes back (DER), ${where}. It is not secret: with it, anyone can verify signatures or encrypt outside KMS; the private key never leaves KMS.`, {
    lanes: ['kms', 'machine'],
    flow: fromKms,
    focus,
  });
}

/** GenerateDataKeyPair and …WithoutPlaintext: a key pair for use outside KMS, its private key also sealed under the KMS key. */
export function generateDataKeyPair(fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined): void {
  const { b } = fx;
  const withPlaintext = trace.operation === 'GenerateDataKeyPair';
  const id = `t:${trace.requestId}`;
  const keyId = firstKey(trace);
  if (keyId !== undefined) b.useKey(keyId);
  const label = keyId === undefined ? 'a KMS key' : keyLabel(b.world, keyId);
  const focusKey = keyId === undefined ? [] : [`key:${keyId}`];
  b.step(`You ask KMS for a new data key pair under ${label}.`, { lanes: ['machine', 'kms'], flow: toKms, focus: focusKey });
  if (!trace.outcome.ok) return failStep(fx, trace, inv);

  const made = stepOf(trace, 'generate-key-pair');
  const privateKey: Content = { kind: 'private-key', ...defined({ fingerprint: made?.fingerprint }) };
  const publicKey: Content = { kind: 'public-key' };
  inKms(fx, `${id}:priv`, privateKey, 'new private key');
  inKms(fx, `${id}:pub`, publicKey, 'new public key');
  b.step(`KMS ${made?.caption.replace(/^Generate/, 'generates') ?? 'generates a data key pair'}.`, { lanes: ['kms'] });

  const sealed = stepOf(trace, 'encrypt');
  const version = sealed?.materialVersion;
  if (keyId !== undefined && version !== undefined) b.useKey(keyId, version).current = version;
  const wrapped: Content = { kind: 'encrypted-private-key', ...defined({ keyId, materialVersion: version }) };
  inKms(fx, `${id}:epriv`, wrapped, 'encrypted private key');
  const with_ = version === undefined ? '' : ` with key material version ${version}`;
  b.step(`KMS encrypts a copy of the private key${with_} of ${label}.`, { lanes: ['kms'], focus: focusKey });

  for (const part of ['priv', 'pub', 'epriv']) b.drop(`${id}:${part}`);
  const answer = [
    ...(withPlaintext ? [{ member: 'PrivateKeyPlaintext', content: privateKey }] : []),
    { member: 'PublicKey', content: publicKey },
    { member: 'PrivateKeyCiphertextBlob', content: wrapped },
  ];
  const { where, focus } = deliverKept(fx, inv, answer, id);
  b.step(
    withPlaintext
      ? `The public key, the plaintext private key and its encrypted copy come back, ${where}; KMS keeps none of them. Use the private key and delete it; Decrypt gets it back from the encrypted copy.`
      : `The public key and the encrypted private key come back, ${where}; the plaintext private key never leaves KMS, which keeps no copy. Decrypt turns the encrypted copy into a private key when one is needed.`,
    { lanes: ['kms', 'machine'], flow: fromKms, focus },
  );
}
