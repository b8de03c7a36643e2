/**
 * KMS Lab's one-line advice for the mistakes learners make most with
 * `aws kms`. This is the sandbox talking, not the CLI: the shell shows it
 * apart from the real error text.
 */
import type { Principal } from '../kms/principals.ts';
import type { BlobSource, DecodedBlob } from './args.ts';
import { latin1 } from './python/text.ts';
import { xformName } from './model.ts';

export interface ServiceErrorContext {
  code: string;
  message: string;
  operation: string;
  profile: string;
  principal: Principal;
  params: Record<string, unknown>;
  sources: Record<string, BlobSource>;
}

const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

/**
 * A key ID for a management command (enable-key, get-key-policy…), which takes no alias:
 * from the ARN in the error message when it names one, else what the learner gave unless it is an alias.
 */
function managedKeyId(message: string, params: Record<string, unknown>): string {
  const fromMessage = /:key\/([0-9a-f-]{36})/.exec(message)?.[1];
  const given = keyIdOf(params);
  return fromMessage ?? (given.startsWith('alias/') ? '<key-id>' : given);
}

function keyIdOf(params: Record<string, unknown>): string {
  const id = params.KeyId ?? params.TargetKeyId ?? params.DestinationKeyId;
  return typeof id === 'string' ? id : '<key-id>';
}

export function serviceErrorHint(ctx: ServiceErrorContext): string | undefined {
  const { code, message, params } = ctx;
  switch (code) {
    case 'InvalidCiphertextException': {
      const blob = params.CiphertextBlob;
      const source = ctx.sources.CiphertextBlob;
      if (blob instanceof Uint8Array && blob.length > 0 && BASE64_TEXT.test(latin1(blob))) {
        return source === 'fileb'
          ? 'That file holds base64 text, not the ciphertext bytes: decode it first (base64 --decode in.b64 > in.enc) and pass fileb://in.enc.'
          : 'That ciphertext is base64 text sent as bytes: pass the decoded bytes with fileb://, or the base64 string itself without --cli-binary-format raw-in-base64-out.';
      }
      if (source === 'file') return 'file:// reads text and AWS CLI v2 base64-decodes it: give the ciphertext bytes with fileb:// instead.';
      if (params.EncryptionContext !== undefined || ctx.operation === 'Decrypt' || ctx.operation === 'ReEncrypt') {
        return 'KMS could not decrypt the blob: the encryption context must match the one used to encrypt exactly (same pairs), and the blob must be the raw ciphertext (fileb:// of a file you base64-decoded).';
      }
      return 'KMS could not decrypt the blob: pass the raw ciphertext bytes with fileb:// and the same encryption context used to encrypt.';
    }
    case 'AccessDeniedException': {
      const keyId = managedKeyId(message, params);
      return `You are calling as profile '${ctx.profile}' (${ctx.principal.arn}): ${ctx.principal.description} Use another --profile, or check the key policy (aws kms get-key-policy --key-id ${keyId} --output text).`;
    }
    case 'NotFoundException':
      if (/^alias\//.test(keyIdOf(params)) || /Alias/.test(message)) return 'No such alias: aws kms list-aliases shows the aliases that exist.';
      return 'No such key: aws kms list-keys shows the keys that exist (use the key ID, key ARN, or an alias/ name).';
    case 'DisabledException':
      return `The key is disabled: aws kms enable-key --key-id ${managedKeyId(message, params)} turns it back on.`;
    case 'KMSInvalidStateException':
      if (/pending deletion/.test(message)) return `The key is scheduled for deletion: aws kms cancel-key-deletion --key-id ${managedKeyId(message, params)} stops that (the key comes back disabled).`;
      if (/pending import/.test(message)) return 'The key has no key material yet: import some with get-parameters-for-import and import-key-material.';
      return undefined;
    case 'IncorrectKeyException':
      return 'The ciphertext was made with another key: leave out --key-id (KMS reads the key from a symmetric ciphertext) or name the right key.';
    case 'AlreadyExistsException':
      return 'That alias is taken: choose another name, or move it with aws kms update-alias.';
    case 'DryRunOperationException':
      return 'That was a dry run: the real call would have worked. Drop --dry-run to do it.';
    default:
      return undefined;
  }
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
