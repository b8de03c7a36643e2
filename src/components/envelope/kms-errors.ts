/**
 * Why a KMS request stopped, in plain words: the trace's error code and message, and the step
 * where it stopped (the permission check, the key's state, the ciphertext itself).
 */
import type { TraceEvent } from '../../kms/trace.ts';
import type { Effects } from './effects.ts';
import { keyLabel } from './world.ts';

/** The short name in a principal's ARN: `user/KeyAdmin` → KeyAdmin, `assumed-role/AppRole/s` → AppRole. */
export function principalName(arn: string): string {
  if (/:root$/.test(arn)) return 'the account root user';
  const m = /:(?:user|role|assumed-role)\/([^/\s]+)/.exec(arn);
  return m ? m[1]! : arn;
}

/** A message to quote inside a caption: shortened, and without its own final full stop. */
function short(message: string): string {
  const text = message.replace(/\.\s*$/, '');
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

/** The key a failed request was about (the last one the trace named). */
export function traceKey(trace: TraceEvent): string | undefined {
  return [...trace.steps].reverse().find((s) => s.keyId !== undefined)?.keyId;
}

/**
 * One sentence saying where the request stopped and why; also records what it reveals about
 * the key (a DisabledException shows the key is disabled).
 */
export function explainError(fx: Effects, trace: TraceEvent, contextTyped: boolean): { caption: string; code: string; message: string } {
  const outcome = trace.outcome;
  const code = outcome.ok ? 'Error' : outcome.errorCode;
  const message = outcome.ok ? '' : outcome.errorMessage;
  const keyId = traceKey(trace);
  const key = keyId === undefined ? 'the KMS key' : keyLabel(fx.b.world, keyId);
  const known = keyId === undefined ? undefined : fx.b.world.keys.get(keyId);
  let caption: string;
  switch (code) {
    case 'AccessDeniedException': {
      const refused = trace.steps.find((s) => s.kind === 'authorize' && / may not /.test(s.caption));
      const m = refused ? /^(\S+) may not (\S+)/.exec(refused.caption) : null;
      caption = m
        ? `KMS refuses at the permission check: ${principalName(m[1]!)} may not use ${m[2]} with ${key} (AccessDeniedException).`
        : `KMS refuses the request: ${short(message)} (AccessDeniedException).`;
      break;
    }
    case 'DisabledException':
      if (known) known.state = 'Disabled';
      caption = `Stopped: ${key} is disabled, so KMS will not use it until it is enabled again (DisabledException).`;
      break;
    case 'InvalidCiphertextException':
      caption = contextTyped
        ? 'Stopped: KMS could not decrypt because the encryption context must match, pair for pair, the one used to encrypt (InvalidCiphertextException).'
        : 'Stopped: KMS could not decrypt: the blob is not a whole KMS ciphertext, or it was made with an encryption context that was not given (InvalidCiphertextException).';
      break;
    case 'KMSInvalidStateException':
      if (known && /pending ?deletion/i.test(message)) known.state = 'PendingDeletion';
      caption = `Stopped: ${key} cannot be used in its current state: ${short(message)} (KMSInvalidStateException).`;
      break;
    case 'NotFoundException':
      caption = `Stopped: KMS found no such key: ${short(message)} (NotFoundException).`;
      break;
    case 'DryRunOperationException':
      caption = 'Stopped on purpose: KMS checked everything and would have succeeded, but --dry-run asks it to do nothing (DryRunOperationException).';
      break;
    case 'IncorrectKeyException':
      caption = 'Stopped: the ciphertext was made under a different KMS key than the one the command names (IncorrectKeyException).';
      break;
    default:
      caption = `Stopped: ${code}${message ? `: ${short(message)}` : ''}.`;
  }
  return { caption, code, message };
}
