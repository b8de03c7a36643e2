/**
 * KMS Lab's advice after KMS refused a call (AccessDenied, NotFound, a key in
 * the way…): what went wrong and the command that would work, tried first on a
 * copy of the sandbox (ctx.probe). Fetched with the first refusal, as a
 * call that works needs none of it.
 */
import { readHeader } from '../kms/ciphertext.ts';
import type { KeySummary, Kms } from '../kms/kms.ts';
import type { Principal } from '../kms/principals.ts';
import type { BlobSource } from './args.ts';
import { profileFor, whoCan, type Probe } from './hint-probe.ts';
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
  /** The simulator that answered: hints read its keys and aliases. */
  kms: Kms;
  /** Retries a call as another profile on a copy of that simulator (hint-probe.ts). */
  probe: Probe;
}

const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

/** Operations whose key parameter also takes an alias name or alias ARN; every other one wants a key ID or key ARN (kms-facts §3). */
const ALIAS_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
  'Sign',
  'Verify',
  'GetPublicKey',
  'DescribeKey',
  'DeriveSharedSecret',
]);

/** Members that name a key, in the order a message is most likely about. */
const KEY_MEMBERS = ['KeyId', 'TargetKeyId', 'DestinationKeyId', 'SourceKeyId'] as const;

/** Crypto actions an AWS managed key's policy lets only its own service use (through kms:ViaService). */
const SERVICE_USE_ACTIONS = /^kms:(Encrypt|Decrypt|ReEncrypt\w*|GenerateDataKey\w*|CreateGrant)$/;

const option = (member: string) => `--${xformName(member)}`;

function keyIdFromArn(text: string): string | undefined {
  return /:key\/([0-9a-f-]{36})/.exec(text)?.[1];
}

/** A key ID for a management command (enable-key, cancel-key-deletion…), which takes no alias. */
function keyIdFor(ctx: ServiceErrorContext): string | undefined {
  const fromMessage = keyIdFromArn(ctx.message);
  if (fromMessage) return fromMessage;
  for (const member of KEY_MEMBERS) {
    const value = ctx.params[member];
    if (typeof value !== 'string') continue;
    const key = findKey(ctx.kms, value);
    if (key) return key.keyId;
  }
  return undefined;
}

function findKey(kms: Kms, ref: string): KeySummary | undefined {
  const bare = ref.replace(/^arn:aws:kms:[^:]*:\d+:/, '');
  return kms.inventory().find((k) => k.keyId === bare || k.arn === ref || k.aliases.includes(bare));
}

/** The key ID a ciphertext's header names, if the bytes are a ciphertext of this simulator. */
function ciphertextKeyId(blob: unknown): string | undefined {
  if (!(blob instanceof Uint8Array)) return undefined;
  try {
    return readHeader(blob).keyId;
  } catch {
    return undefined;
  }
}

/** When the simulator deleted a key (its DeleteKey event), if this sandbox's log saw it. */
function deletedAt(kms: Kms, keyId: string): string | undefined {
  const event = kms
    .auditLog()
    .find((e) => e.eventName === 'DeleteKey' && e.eventType === 'AwsServiceEvent' && e.resources?.some((r) => r.ARN.endsWith(`/${keyId}`)));
  return event?.eventTime;
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The next step for a key in the way: cancel its deletion or enable it (with a profile that may), or nothing. */
async function stateAdvice(ctx: ServiceErrorContext, code: string, message: string): Promise<string | undefined> {
  const keyId = keyIdFromArn(message);
  if (!keyId) return undefined;
  if (code === 'KMSInvalidStateException' && /is pending deletion/.test(message)) {
    const flag = await profileFor(ctx, 'CancelKeyDeletion', { KeyId: keyId });
    return flag === undefined
      ? 'The key is scheduled for deletion, and no profile in this sandbox may cancel that.'
      : `The key is scheduled for deletion: aws kms cancel-key-deletion --key-id ${keyId}${flag} stops that (the key comes back disabled; enable it after).`;
  }
  if (code === 'DisabledException') {
    const flag = await profileFor(ctx, 'EnableKey', { KeyId: keyId });
    return flag === undefined
      ? 'The key is disabled, and no profile in this sandbox may enable it.'
      : `The key is disabled: aws kms enable-key --key-id ${keyId}${flag} turns it back on.`;
  }
  return undefined;
}

async function accessDeniedHint(ctx: ServiceErrorContext): Promise<string | undefined> {
  const { message, kms, operation, params } = ctx;
  if (/^The ciphertext refers to a customer master key that does not exist/.test(message)) {
    // The simulator says this only for a ciphertext whose key it has deleted.
    const keyId = ciphertextKeyId(params.CiphertextBlob);
    const when = keyId && deletedAt(kms, keyId);
    return `The key that encrypted this ciphertext${keyId ? ` (${keyId})` : ''} has been deleted${when ? ` (at ${when})` : ''}: its key material is gone, so no profile can decrypt the ciphertext any more.`;
  }
  const denied = /perform: (kms:\w+) on resource: (\S+)/.exec(message);
  if (!denied) return undefined;
  const [, action, resource] = denied as unknown as [string, string, string];
  if (/:alias\/aws\//.test(resource)) {
    return 'Alias names that start with alias/aws/ belong to AWS managed keys: no profile may create, change or delete them. Choose a name without the aws/ prefix.';
  }
  const you = `You are calling as profile '${ctx.profile}' (${ctx.principal.arn}): ${ctx.principal.description}`;
  const { works, otherwise } = await whoCan(ctx, operation, params, false);
  if (works.length > 0) return `${you} The same call works as profile${works.length > 1 ? 's' : ''} ${list(works)}: add --profile ${works[0]}.`;
  if (otherwise[0]) {
    const { name, code, message: theirs } = otherwise[0];
    const next = await stateAdvice(ctx, code, theirs);
    const then = next ? next[0]!.toLowerCase() + next.slice(1) : `it would get ${code}${theirs ? ` (${theirs})` : ''}.`;
    return `Profile ${name} may call ${action} on this key, but not now: ${then}`;
  }
  if (resource === '*') return `No profile in this sandbox is allowed ${action}.`;
  const key = kms.inventory().find((k) => k.arn === resource);
  if (!key) return undefined;
  const flag = await profileFor(ctx, 'GetKeyPolicy', { KeyId: key.keyId, PolicyName: 'default' });
  if (key.keyManager === 'AWS') {
    const name = key.aliases[0] ?? key.keyId;
    if (!SERVICE_USE_ACTIONS.test(action)) {
      return `${name} is an AWS managed key: AWS manages it, and no --profile may call ${action} on it. Create a customer managed key (aws kms create-key) for a key whose settings you control.`;
    }
    const policy = flag === undefined ? '' : ` (aws kms get-key-policy --key-id ${key.keyId}${flag} --output text)`;
    return `${name} is an AWS managed key: the kms:ViaService condition in its key policy${policy} lets only the AWS service it belongs to use it for you, so no --profile can call ${action} with it directly. Use a customer managed key (aws kms create-key) for your own data.`;
  }
  return flag === undefined
    ? `No profile in this sandbox is allowed ${action} on this key, and none may read its key policy.`
    : `No profile in this sandbox is allowed ${action} on this key. Its key policy says who may do what: aws kms get-key-policy --key-id ${key.keyId}${flag} --output text`;
}

async function notFoundHint(ctx: ServiceErrorContext): Promise<string | undefined> {
  const { message, kms, operation, params } = ctx;
  const takesAlias = ALIAS_OPERATIONS.has(operation);
  const command = xformName(operation);
  const invalid = /^Invalid keyId '(.*)'$/.exec(message)?.[1];
  if (invalid !== undefined) {
    const member = KEY_MEMBERS.find((m) => params[m] === invalid) ?? 'KeyId';
    const aliasName = /^(?:arn:aws:kms:[^:]*:\d+:)?(alias\/.*)$/.exec(invalid)?.[1];
    if (aliasName === undefined) {
      return `'${invalid}' is not a key ID${takesAlias ? ', key ARN or alias name' : ' or key ARN'}: a key ID looks like 1234abcd-12ab-34cd-56ef-1234567890ab (aws kms list-keys shows yours).`;
    }
    const target = kms.inventory().find((k) => k.aliases.includes(aliasName));
    if (target) {
      const head = `${command} takes a key ID or key ARN in ${option(member)}, not an alias: ${aliasName} points to key ${target.keyId}`;
      // Say "use the key ID" only if that call would then work (for this profile or a named one).
      const withId = { ...params, [member]: target.keyId };
      const flag = await profileFor(ctx, operation, withId);
      if (flag !== undefined) return `${head}, so use ${option(member)} ${target.keyId}${flag}.`;
      const outcome = await ctx.probe(ctx.principal.name, operation, withId);
      const why = outcome.ok ? '' : ` (${outcome.code}${outcome.message ? `: ${outcome.message}` : ''})`;
      return `${head}${target.keyManager === 'AWS' ? ', an AWS managed key' : ''}; with that ID the call would fail too${why}.`;
    }
    if (kms.names().aliasNames.includes(aliasName)) {
      return `${command} takes a key ID or key ARN in ${option(member)}, not an alias: aws kms describe-key --key-id ${aliasName} --query KeyMetadata.KeyId --output text prints the key ID.`;
    }
    return `${command} takes a key ID or key ARN in ${option(member)}, not an alias (and there is no alias ${aliasName}: aws kms list-aliases shows the aliases that exist).`;
  }
  if (/^Alias \S+ is not found\.$/.test(message)) return 'No such alias: aws kms list-aliases shows the aliases that exist.';
  const region = /^Invalid arn (\S+)$/.exec(message)?.[1];
  if (region !== undefined) return `That ARN names the Region ${region}; this sandbox has keys in ${kms.account.region} only.`;
  if (/^Grant \S+ does not exist\.$/.test(message)) {
    const keyId = keyIdFor(ctx);
    return `No grant with that ID on this key: aws kms list-grants --key-id ${keyId ?? '<key-id>'} lists its grants (give the GrantId, not the grant token).`;
  }
  if (/^Key policy \S+ does not exist\.$/.test(message)) return 'A KMS key has one key policy, and its name is default: use --policy-name default.';
  const missing = /^Key '(\S+)' does not exist$/.exec(message)?.[1];
  if (missing !== undefined) {
    const keyId = keyIdFromArn(missing);
    const when = keyId && missing.includes(`:${kms.account.accountId}:`) ? deletedAt(kms, keyId) : undefined;
    if (when) return `Key ${keyId} was deleted at ${when}, when its waiting period ended; a deleted key cannot come back. aws kms list-keys shows the keys that exist.`;
    return `No such key in this account: aws kms list-keys shows the keys that exist (give a key ID or key ARN${takesAlias ? ', or an alias/ name' : ''}).`;
  }
  return undefined;
}

function invalidCiphertextHint(ctx: ServiceErrorContext): string {
  const { params, kms } = ctx;
  const blob = params.CiphertextBlob;
  const source = ctx.sources.CiphertextBlob;
  if (blob instanceof Uint8Array && blob.length > 0 && BASE64_TEXT.test(latin1(blob))) {
    return source === 'fileb'
      ? 'That file holds base64 text, not the ciphertext bytes: decode it first (base64 --decode in.b64 > in.enc) and pass fileb://in.enc.'
      : 'That ciphertext is base64 text sent as bytes: pass the decoded bytes with fileb://, or the base64 string itself without --cli-binary-format raw-in-base64-out.';
  }
  if (source === 'file') return 'file:// reads text and AWS CLI v2 base64-decodes it: give the ciphertext bytes with fileb:// instead.';
  const keyId = ciphertextKeyId(blob);
  if (blob instanceof Uint8Array && keyId === undefined) {
    return 'Those bytes are not a ciphertext this KMS made: pass exactly what encrypt returned (its CiphertextBlob, base64-decoded, with fileb://).';
  }
  if (keyId !== undefined && !kms.inventory().some((k) => k.keyId === keyId)) {
    return `This ciphertext names key ${keyId}, which has never been in this sandbox's account (was it made before a reset, or in another sandbox?): no key here can decrypt it.`;
  }
  return 'KMS could not decrypt the blob: give exactly the encryption context used to encrypt (the same pairs), and the ciphertext bytes unchanged.';
}

function validationHint(ctx: ServiceErrorContext): string | undefined {
  const member = /Value at '(\w+)' failed to satisfy constraint: Member must have length greater than or equal to 1$/.exec(ctx.message)?.[1];
  if (member !== undefined) {
    const name = member[0]!.toUpperCase() + member.slice(1);
    const source = ctx.sources[name];
    if (source === 'fileb' || source === 'file') {
      return `The file given to ${option(name)} is empty (0 bytes), and KMS needs at least 1 byte: check the command that should have written it (ls -l shows file sizes).`;
    }
    return `${option(name)} is empty, and KMS needs at least 1 byte.`;
  }
  if (/Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096$/.test(ctx.message)) {
    return 'KMS encrypts at most 4096 bytes directly: for more, get a data key (aws kms generate-data-key) and encrypt the data locally with it.';
  }
  return undefined;
}

export async function serviceErrorHint(ctx: ServiceErrorContext): Promise<string | undefined> {
  const { code, message } = ctx;
  switch (code) {
    case 'InvalidCiphertextException':
      return invalidCiphertextHint(ctx);
    case 'AccessDeniedException':
      return accessDeniedHint(ctx);
    case 'NotFoundException':
      return notFoundHint(ctx);
    case 'DisabledException':
      return stateAdvice(ctx, code, message);
    case 'KMSInvalidStateException':
      if (/is pending deletion/.test(message)) return stateAdvice(ctx, code, message);
      if (/is not pending deletion/.test(message)) return 'The key is not scheduled for deletion, so there is nothing to cancel.';
      if (/pending import/.test(message)) return 'The key has no usable key material (none imported yet, or it expired or was deleted): import some with get-parameters-for-import and import-key-material.';
      return undefined;
    case 'IncorrectKeyException':
      return 'The ciphertext was made with another key: leave out --key-id (KMS reads the key from a symmetric ciphertext) or name the right key.';
    case 'AlreadyExistsException':
      return 'That alias is taken: choose another name, or move it with aws kms update-alias.';
    case 'DryRunOperationException':
      return 'That was a dry run: the real call would have worked. Drop --dry-run to do it.';
    case 'ValidationException':
      return validationHint(ctx);
    default:
      return undefined;
  }
}
