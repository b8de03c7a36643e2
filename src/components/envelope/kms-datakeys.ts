/**
 * GenerateDataKey and GenerateDataKeyWithoutPlaintext: KMS makes a data key, encrypts a copy under
 * the KMS key's current material, and returns both (or only the encrypted copy). What the learner
 * keeps depends on --query and on where the output went: that decides the last step.
 */
import type { AwsInvocation } from '../../cli/invocation.ts';
import type { TraceEvent } from '../../kms/trace.ts';
import { fromKms, inKms, toKms, type Effects } from './effects.ts';
import { contextText, defined, deliverKept, failStep, firstKey, stepOf } from './kms-common.ts';
import { keyLabel, type Content } from './world.ts';

export function generateDataKey(fx: Effects, trace: TraceEvent, inv: AwsInvocation | undefined): void {
  const { b } = fx;
  const withPlaintext = trace.operation === 'GenerateDataKey';
  const keyId = firstKey(trace);
  const focusKey = keyId === undefined ? [] : [`key:${keyId}`];
  if (keyId !== undefined) b.useKey(keyId);
  const label = keyId === undefined ? 'a KMS key' : keyLabel(b.world, keyId);
  const made = stepOf(trace, 'generate-data-key');
  const bits = made?.bytes === undefined ? undefined : made.bytes * 8;
  const size = bits === undefined ? '' : `${bits}-bit `;
  b.step(`You ask KMS for a new ${size}data key under ${label}.`, { lanes: ['machine', 'kms'], flow: toKms, focus: focusKey });
  if (!trace.outcome.ok) return failStep(fx, trace, inv);

  const sealed = stepOf(trace, 'encrypt');
  const version = sealed?.materialVersion;
  if (keyId !== undefined && version !== undefined) b.useKey(keyId, version).current = version;
  const fingerprint = made?.fingerprint;
  if (fingerprint !== undefined) b.world.dataKeys.add(fingerprint);
  const id = `t:${trace.requestId}`;

  const plain: Content = { kind: 'data-key', ...defined({ bits, fingerprint }) };
  inKms(fx, `${id}:dk`, plain, 'new data key');
  b.step(`KMS generates a fresh ${size}data key${fingerprint === undefined ? '' : ` (fingerprint ${fingerprint})`}.`, { lanes: ['kms'] });

  const context = contextText(inv, 'EncryptionContext');
  const wrapped: Content = { kind: 'encrypted-data-key', ...defined({ keyId, materialVersion: version, dataKeyFingerprint: fingerprint, context }) };
  inKms(fx, `${id}:edk`, wrapped, 'encrypted data key');
  const with_ = version === undefined ? '' : ` with key material version ${version}`;
  b.step(`KMS encrypts a copy of the data key${with_} of ${label}.`, { lanes: ['kms'], focus: focusKey });

  b.drop(`${id}:dk`);
  b.drop(`${id}:edk`);
  const answer = [
    ...(withPlaintext ? [{ member: 'Plaintext', content: plain }] : []),
    { member: 'CiphertextBlob', content: wrapped },
  ];
  const { kept, where, focus } = deliverKept(fx, inv, answer, id);
  const parts = kept.map((c) => (c.kind === 'data-key' ? 'Plaintext' : 'CiphertextBlob'));
  b.step(returnCaption(withPlaintext, parts, where), { lanes: ['kms', 'machine'], flow: fromKms, focus });
}

function returnCaption(withPlaintext: boolean, parts: readonly string[], where: string): string {
  const plaintext = parts.includes('Plaintext');
  const encrypted = parts.includes('CiphertextBlob');
  const is = where.startsWith('but ') ? `comes back, ${where}` : `is ${where}`;
  if (!withPlaintext) {
    return encrypted
      ? `Only the encrypted data key comes back, ${where}; the plaintext data key never leaves KMS, which keeps no copy.`
      : 'The encrypted data key comes back, but the printed output leaves it out (--query, --output).';
  }
  if (plaintext && encrypted) return `Both come back to your machine, the plaintext data key and the encrypted data key, ${where}; KMS keeps neither.`;
  if (encrypted) return `Only the encrypted data key ${is}: --query dropped the plaintext copy, and KMS keeps none.`;
  if (plaintext) {
    return `Only the plaintext data key ${is}: --query dropped the encrypted copy, so this data key is lost for good once it is deleted.`;
  }
  return 'Both copies come back, but the printed output leaves both out (--query, --output).';
}
