/**
 * KMS Lab's one-line advice for the mistakes learners make most with
 * `aws kms`. This is the sandbox talking, not the CLI: the shell shows it
 * apart from the real error text. The blob hints are checked on every call
 * that decodes one; the advice for a call KMS refused is in service-hints.ts,
 * fetched with the first refusal.
 */
import type { BlobSource, DecodedBlob } from './args.ts';
import { createProbe } from './hint-probe.ts';
import { xformName } from './model.ts';
import type { ServiceErrorContext } from './service-hints.ts';

/**
 * KMS Lab's advice after KMS refused a call, if it has any; none if service-hints.ts cannot be
 * downloaded (the error itself still shows). The probe retries the call as other profiles.
 */
export async function serviceErrorHint(ctx: Omit<ServiceErrorContext, 'probe'>): Promise<string | undefined> {
  let hints;
  try {
    hints = await import('./service-hints.ts');
  } catch {
    return undefined;
  }
  return hints.serviceErrorHint({ ...ctx, probe: createProbe(ctx.kms) });
}

/** `--plaintext "hello world"` under the v2 default binary format. */
export function invalidBase64Hint(member: string, source: BlobSource | undefined): string {
  const option = `--${xformName(member)}`;
  if (source === 'file') return `file:// reads the file as text, which AWS CLI v2 then base64-decodes: use ${option} fileb://FILE to send the file's bytes.`;
  if (source === 'cli-input-json') return `Blob values in --cli-input-json are base64 text in AWS CLI v2: encode the bytes with base64 first.`;
  return `AWS CLI v2 reads ${option} as base64: send a file's bytes with ${option} fileb://FILE, or add --cli-binary-format raw-in-base64-out to send this text as-is.`;
}

/**
 * `--plaintext test` succeeds silently: "test" is valid base64 and becomes
 * three unreadable bytes. Worth a word when the decoded bytes are not text.
 */
export function silentDecodeHint(decoded: readonly DecodedBlob[], sources: Record<string, BlobSource>): string | undefined {
  for (const blob of decoded) {
    if (blob.member !== 'Plaintext' && blob.member !== 'Message') continue;
    if (sources[blob.member] !== 'inline') continue;
    let text: string | undefined;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(blob.bytes);
    } catch {
      text = undefined;
    }
    // eslint-disable-next-line no-control-regex
    if (text !== undefined && !/[\x00-\x08\x0e-\x1f\x7f]/.test(text)) continue;
    const option = `--${xformName(blob.member)}`;
    return `AWS CLI v2 read ${option} "${blob.text}" as base64 and sent the ${blob.bytes.length} bytes it decodes to, not your text. Use fileb://FILE or --cli-binary-format raw-in-base64-out to send the text itself.`;
  }
  return undefined;
}
