/**
 * Operations on the KMS key itself: creation, rotation (new material versions, while ciphertexts
 * keep naming the version that made them), enabling, disabling, deletion, aliases.
 */
import type { TraceEvent } from '../../kms/trace.ts';
import type { Effects } from './effects.ts';
import { failStep, firstKey, type Handler } from './kms-common.ts';
import type { AwsInvocation } from '../../cli/invocation.ts';
import { displayPath, keyLabel } from './world.ts';

function keyStep(fx: Effects, keyId: string, caption: string, extraFocus: readonly string[] = []): void {
  fx.b.step(caption, { lanes: ['kms'], focus: [`key:${keyId}`, ...extraFocus] });
}

/** Runs `body` for a successful trace about one key, or shows the error; unknown keys are learned. */
function onKey(body: (fx: Effects, keyId: string, trace: TraceEvent) => void): Handler {
  return (fx, trace, invocation) => {
    const keyId = firstKey(trace);
    if (!trace.outcome.ok) {
      if (keyId !== undefined) fx.b.useKey(keyId);
      return failStep(fx, trace, invocation);
    }
    if (keyId === undefined) return;
    fx.b.useKey(keyId);
    body(fx, keyId, trace);
  };
}

const number = (trace: TraceEvent, pattern: RegExp) => trace.steps.map((s) => pattern.exec(s.caption)?.[1]).find((n) => n !== undefined);

export const createKey = onKey((fx, keyId, trace) => {
  const waiting = trace.steps.some((s) => /waits for imported material/.test(s.caption));
  keyStep(
    fx,
    keyId,
    waiting
      ? `KMS creates ${keyLabel(fx.b.world, keyId)}, which waits for key material you import.`
      : `KMS creates ${keyLabel(fx.b.world, keyId)} with its first key material (version 0), which never leaves KMS.`,
  );
});

export const enableKeyRotation = onKey((fx, keyId, trace) => {
  const days = number(trace, /every (\d+) days/) ?? '365';
  keyStep(fx, keyId, `Automatic rotation is on for ${keyLabel(fx.b.world, keyId)}: KMS will add new key material every ${days} days.`);
});

export const disableKeyRotation = onKey((fx, keyId) => {
  keyStep(fx, keyId, `Automatic rotation is off for ${keyLabel(fx.b.world, keyId)}; its existing key material versions stay.`);
});

/** RotateKeyOnDemand, and RotateKey when `sim time` lets a year pass. */
export const rotate = onKey((fx, keyId, trace) => {
  const version = trace.steps.find((s) => s.kind === 'rotate')?.materialVersion;
  if (version === undefined) return;
  const key = fx.b.useKey(keyId, version);
  key.current = version;
  const older = [...fx.b.world.holders.values()].flatMap((h) =>
    h.contents.filter((c) => c.keyId === keyId && c.materialVersion !== undefined && c.materialVersion < version).map((c) => ({ h, c })),
  );
  const when = trace.caller === 'kms.amazonaws.com' ? 'Time passes and KMS rotates' : 'KMS rotates';
  const names = [...new Set(older.map(({ h }) => (h.type === 'file' ? displayPath(h.name) : `$${h.name}`)))];
  const versions = [...new Set(older.map(({ c }) => c.materialVersion))];
  const one = names.length === 1;
  const still =
    names.length === 0
      ? 'ciphertexts made earlier still name their own version and still decrypt'
      : `${names.join(', ')} still name${one ? 's' : ''} ${versions.length === 1 ? `version ${versions[0]}` : 'older versions'} and still decrypt${one ? 's' : ''}`;
  keyStep(
    fx,
    keyId,
    `${when} ${keyLabel(fx.b.world, keyId)}: new key material version ${version} encrypts from now on, while ${still}.`,
    older.map(({ h, c }) => `${h.id}#${c.kind}`),
  );
});

export const enableKey = onKey((fx, keyId) => {
  fx.b.world.keys.get(keyId)!.state = 'Enabled';
  keyStep(fx, keyId, `${keyLabel(fx.b.world, keyId)} is enabled again: it can encrypt and decrypt.`);
});

export const disableKey = onKey((fx, keyId) => {
  fx.b.world.keys.get(keyId)!.state = 'Disabled';
  keyStep(fx, keyId, `${keyLabel(fx.b.world, keyId)} is disabled: every encrypt, decrypt and data-key request with it now fails.`);
});

export const scheduleKeyDeletion = onKey((fx, keyId, trace) => {
  fx.b.world.keys.get(keyId)!.state = 'PendingDeletion';
  const days = number(trace, /in (\d+) days/);
  keyStep(fx, keyId, `${keyLabel(fx.b.world, keyId)} is scheduled for deletion${days === undefined ? '' : ` in ${days} days`} and cannot be used meanwhile.`);
});

export const cancelKeyDeletion = onKey((fx, keyId) => {
  fx.b.world.keys.get(keyId)!.state = 'Disabled';
  keyStep(fx, keyId, `Deletion of ${keyLabel(fx.b.world, keyId)} is cancelled; the key is back, but disabled.`);
});

/** The waiting period ended: the key and every version of its material are gone. */
export function deleteKey(fx: Effects, trace: TraceEvent): void {
  const keyId = firstKey(trace);
  if (keyId === undefined || !fx.b.world.keys.has(keyId)) return;
  const label = keyLabel(fx.b.world, keyId);
  const orphans = [...fx.b.world.holders.values()].filter((h) => h.contents.some((c) => c.keyId === keyId));
  fx.b.deleteKey(keyId);
  const lost = orphans.length === 0 ? 'whatever it encrypted' : orphans.map((h) => (h.type === 'file' ? displayPath(h.name) : `$${h.name}`)).join(', ');
  fx.b.step(`${label} is deleted for good: ${lost} can never be decrypted again.`, {
    lanes: ['kms'],
    focus: orphans.flatMap((h) => h.contents.map((c) => `${h.id}#${c.kind}`)),
  });
}

/** Aliases only relabel a key: no step, but the key's chip shows its alias from now on. */
export function alias(fx: Effects, trace: TraceEvent, _invocation: AwsInvocation | undefined): void {
  if (!trace.outcome.ok) return;
  for (const step of trace.steps) {
    const m = /^(alias\/\S+) now points to/.exec(step.caption);
    if (m && step.keyId !== undefined) {
      for (const key of fx.b.world.keys.values()) if (key.alias === m[1]) delete key.alias;
      fx.b.useKey(step.keyId).alias = m[1]!;
    }
  }
}
