/**
 * GenerateDataKey and GenerateDataKeyWithoutPlaintext: KMS makes a data key, encrypts a copy under
 * the KMS key's current material, and returns both (or only the encrypted copy). What the learner
 * keeps depends on --query and on where the output went: that decides the last step.
 */
import type { TraceEvent } from '../../kms/trace.ts';
import { keptParts, option } from './aws-args.ts';
import { deliver, destination, fromKms, inKms, toKms, wherePhrase, type Effects } from './effects.ts';
import { defined, failStep, firstKey, stepOf } from './kms-common.ts';
import type { LineCommand } from './line-analysis.ts';
import { keyLabel, type Content } from './world.ts';

export function generateDataKey(fx: Effects, trace: TraceEvent, command: LineCommand | undefined): void {
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
  if (!trace.outcome.ok) return failStep(fx, trace, command);

  const sealed = stepOf(trace, 'encrypt');
  const version = sealed?.materialVersion;
  if (keyId !== undefined && version !== undefined) b.useKey(keyId, version).current = version;
  const fingerprint = made?.fingerprint;
  if (fingerprint !== undefined) b.world.dataKeys.add(fingerprint);
  const id = `t:${trace.requestId}`;

  const plain: Content = { kind: 'data-key', ...defined({ bits, fingerprint }) };
  inKms(fx, `${id}:dk`, plain, 'new data key');
  b.step(`KMS generates a fresh ${size}data key${fingerprint === undefined ? '' : ` (fingerprint ${fingerprint})`}.`, { lanes: ['kms'] });

  const context = command === undefined ? undefined : option(command, '--encryption-context');
  const wrapped: Content = { kind: 'encrypted-data-key', ...defined({ keyId, materialVersion: version, dataKeyFingerprint: fingerprint, context }) };
  inKms(fx, `${id}:edk`, wrapped, 'encrypted data key');
  const with_ = version === undefined ? '' : ` with key material version ${version}`;
  b.step(`KMS encrypts a copy of the data key${with_} of ${label}.`, { lanes: ['kms'], focus: focusKey });

  const parts = keptParts(command).filter((p) => withPlaintext || p === 'CiphertextBlob');
  const d = destination(fx, command);
  b.drop(`${id}:dk`);
  b.drop(`${id}:edk`);
  const focus = deliver(fx, d, parts.map((p) => (p === 'Plaintext' ? plain : wrapped)), id);
  b.step(returnCaption(withPlaintext, parts, wherePhrase(d)), { lanes: ['kms', 'machine'], flow: fromKms, focus });
}

function returnCaption(withPlaintext: boolean, parts: readonly string[], where: string): string {
  const plaintext = parts.includes('Plaintext');
  const encrypted = parts.includes('CiphertextBlob');
  if (!withPlaintext) {
    return encrypted
      ? `Only the encrypted data key comes back, ${where}; the plaintext data key never leaves KMS, which keeps no copy.`
      : 'The encrypted data key comes back, but --query does not keep it.';
  }
  if (plaintext && encrypted) return `Both come back to your machine, the plaintext data key and the encrypted data key, ${where}; KMS keeps neither.`;
  if (encrypted) return `Only the encrypted data key is ${where}: --query dropped the plaintext copy, and KMS keeps none.`;
  if (plaintext) {
    return `Only the plaintext data key is ${where}: --query dropped the encrypted copy, so this data key is lost for good once it is deleted.`;
  }
  return 'Both copies come back, but --query keeps neither of them.';
}
