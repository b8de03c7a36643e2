/**
 * The logic of the "Create key" wizard (CreateKeyWizard.tsx), kept free of
 * React so the tests can drive it against a real Sandbox: the state the
 * console's five steps collect, each step's validation, the key policy the
 * console writes from those choices, the equivalent CLI commands, and the
 * calls that create the key.
 *
 * The key policy follows the console's default key policy as AWS documents
 * it ("Default key policy", AWS KMS Developer Guide): the account statement,
 * the key administrators statement, and the two key users statements.
 */
import { AlreadyExistsException } from '../../kms/errors.ts';
import { aliasArn, DEFAULT_ACCOUNT } from '../../kms/ids.ts';
import type { Kms } from '../../kms/kms.ts';
import { consoleKeyPolicyDocument } from '../../kms/policy.ts';
import type { PolicyDocument, Principal } from '../../kms/principals.ts';
import type { Tag } from '../../kms/types.ts';

// ---- steps and state --------------------------------------------------------

export type StepId = 'configure' | 'labels' | 'admins' | 'users' | 'review';

/** The console's step titles, in its order, so a learner recognises them in the real console. */
export const STEPS: readonly { id: StepId; title: string }[] = [
  { id: 'configure', title: 'Configure key' },
  { id: 'labels', title: 'Add labels' },
  { id: 'admins', title: 'Define key administrative permissions' },
  { id: 'users', title: 'Define key usage permissions' },
  { id: 'review', title: 'Review' },
];

/** Key material origins the simulator has; CloudHSM and external key stores are shown disabled. */
export type KeyOrigin = 'AWS_KMS' | 'EXTERNAL';

export interface WizardTag {
  key: string;
  value: string;
}

/**
 * Everything the wizard collects. Key type, spec, usage and Region are not
 * here: the simulator has one choice of each (symmetric, SYMMETRIC_DEFAULT,
 * ENCRYPT_DECRYPT, single-Region), which the form shows fixed.
 */
export interface WizardState {
  /** The account the key policy names (arn:aws:iam::<id>:root); the sandbox's own. */
  accountId: string;
  origin: KeyOrigin;
  /** The console makes you acknowledge the risks of imported key material before it goes on. */
  acknowledgeExternal: boolean;
  /** The console's Alias field: the name without `alias/`, which the console adds. */
  alias: string;
  description: string;
  tags: WizardTag[];
  /** Policy ARNs (users and roles, not role sessions) of the key administrators. */
  admins: string[];
  /** "Allow key administrators to delete this key": on by default in the console. */
  allowDeletion: boolean;
  /** Policy ARNs of the key users. */
  users: string[];
}

export function initialState(accountId: string = DEFAULT_ACCOUNT): WizardState {
  return { accountId, origin: 'AWS_KMS', acknowledgeExternal: false, alias: '', description: '', tags: [], admins: [], allowDeletion: true, users: [] };
}

// ---- validation ---------------------------------------------------------------

/** Fields an issue can point at, so the form can put the message next to the right input. */
export type FieldId =
  | 'origin'
  | 'acknowledgeExternal'
  | 'alias'
  | 'description'
  | 'tags'
  | `tag-${number}-key`
  | `tag-${number}-value`
  | 'admins'
  | 'users'
  | 'policy';

export interface WizardIssue {
  field: FieldId;
  message: string;
}

/** AliasNameType in the KMS API model: the whole name, `alias/` included. */
const ALIAS_MAX = 256;
const ALIAS_PREFIX = 'alias/';
const ALIAS_CHARS = /^[a-zA-Z0-9:/_-]+$/;
const DESCRIPTION_MAX = 8192;
const TAG_KEY_MAX = 128;
const TAG_VALUE_MAX = 256;
const TAGS_MAX = 50;

/** The name CreateAlias receives: the console puts `alias/` before what was typed. */
export function fullAliasName(field: string): string {
  return `${ALIAS_PREFIX}${field}`;
}

/** How a character the pattern refuses is named in a message (a space is invisible in quotes). */
function describeChar(ch: string): string {
  if (ch === ' ') return 'a space';
  if (/\s/.test(ch)) return 'a whitespace character';
  return `"${ch}"`;
}

/**
 * The console's checks on its Alias field, in the order a learner should fix
 * them. Every name that passes is one CreateAlias accepts (the tests check
 * this against the simulator), so the wizard never sends a name it knows AWS
 * will refuse.
 */
export function validateAlias(field: string): string[] {
  if (field === '') return ['Enter an alias. The console requires one for a new key.'];
  const messages: string[] = [];
  if (field.startsWith(ALIAS_PREFIX)) messages.push('Enter the name without the alias/ prefix: the console adds it for you.');
  if (field.startsWith('aws/')) messages.push('Aliases that begin with aws/ are reserved for AWS managed keys.');
  if (!ALIAS_CHARS.test(field)) {
    const bad = [...new Set([...field].filter((ch) => !ALIAS_CHARS.test(ch)))].map(describeChar);
    messages.push(`An alias can contain only letters (a-z, A-Z), numbers (0-9), colons (:), slashes (/), underscores (_) and dashes (-). This one contains ${bad.join(', ')}.`);
  }
  const full = fullAliasName(field).length;
  if (full > ALIAS_MAX) {
    messages.push(`The alias is too long: ${full} characters with the alias/ prefix, and the limit is ${ALIAS_MAX} (${ALIAS_MAX - ALIAS_PREFIX.length} here).`);
  }
  return messages;
}

function validateTags(tags: readonly WizardTag[]): WizardIssue[] {
  const issues: WizardIssue[] = [];
  if (tags.length > TAGS_MAX) issues.push({ field: 'tags', message: `A key can have at most ${TAGS_MAX} tags; this one has ${tags.length}.` });
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    const key: FieldId = `tag-${i}-key`;
    if (tag.key === '') issues.push({ field: key, message: 'Enter a tag key, or remove this tag.' });
    else if (tag.key.length > TAG_KEY_MAX) issues.push({ field: key, message: `A tag key can have at most ${TAG_KEY_MAX} characters.` });
    else if (tag.key.toLowerCase().startsWith('aws:')) issues.push({ field: key, message: 'Tag keys that begin with aws: are reserved for AWS.' });
    else if (seen.has(tag.key)) issues.push({ field: key, message: `Each tag key must be unique: ${tag.key} is already used by an earlier tag.` });
    seen.add(tag.key);
    if (tag.value.length > TAG_VALUE_MAX) issues.push({ field: `tag-${i}-value`, message: `A tag value can have at most ${TAG_VALUE_MAX} characters.` });
  });
  return issues;
}

/** What stops the learner leaving a step; empty when the step is complete. */
export function validateStep(state: WizardState, step: StepId): WizardIssue[] {
  switch (step) {
    case 'configure':
      return state.origin === 'EXTERNAL' && !state.acknowledgeExternal
        ? [{ field: 'acknowledgeExternal', message: 'Confirm that you understand the security and durability implications of importing key material.' }]
        : [];
    case 'labels': {
      const issues: WizardIssue[] = validateAlias(state.alias).map((message) => ({ field: 'alias', message }));
      if (state.description.length > DESCRIPTION_MAX) {
        issues.push({ field: 'description', message: `The description can have at most ${DESCRIPTION_MAX.toLocaleString('en-US')} characters.` });
      }
      return [...issues, ...validateTags(state.tags)];
    }
    // The console lets you go on with no administrators or no users: the account statement still manages the key.
    case 'admins':
    case 'users':
    case 'review':
      return [];
  }
}

/** The first step with something to fix, so Create key can send the learner back there. */
export function firstInvalidStep(state: WizardState): { step: StepId; issues: WizardIssue[] } | undefined {
  for (const { id } of STEPS) {
    const issues = validateStep(state, id);
    if (issues.length > 0) return { step: id, issues };
  }
  return undefined;
}

// ---- principals ---------------------------------------------------------------

/**
 * The principals the console offers as administrators and users: IAM users
 * and roles. The account root is not among them; the first statement of
 * the policy already gives the account every permission.
 */
export function selectablePrincipals(principals: readonly Principal[]): Principal[] {
  return principals.filter((p) => p.type !== 'Root');
}

/** The name and kind the console's table shows, e.g. KeyAdmin / IAM user. */
export function describePrincipal(p: Principal): { name: string; kind: string } {
  const name = p.policyArn.slice(p.policyArn.lastIndexOf('/') + 1);
  return { name, kind: p.type === 'IAMUser' ? 'IAM user' : p.type === 'AssumedRole' ? 'IAM role' : 'Account' };
}

// ---- the key policy -------------------------------------------------------------

/**
 * The key policy the console writes from the wizard's choices (see consoleKeyPolicyDocument:
 * the account statement always; administrators without the deletion actions when deletion is
 * not allowed, with ImportKeyMaterial for a key without key material; the key users statements).
 */
export function buildKeyPolicy(
  accountId: string,
  admins: readonly string[],
  users: readonly string[],
  allowDeletion: boolean,
  origin: KeyOrigin = 'AWS_KMS',
): PolicyDocument {
  return consoleKeyPolicyDocument(
    { accountId },
    { administrators: [...admins], users: [...users], allowDeletion, external: origin === 'EXTERNAL' },
  );
}

/** The policy as the console shows it in its policy view and sends to CreateKey (4-space JSON). */
export function policyText(policy: PolicyDocument): string {
  return JSON.stringify(policy, null, 4);
}

export function policyFor(state: WizardState): PolicyDocument {
  return buildKeyPolicy(state.accountId, state.admins, state.users, state.allowDeletion, state.origin);
}

// ---- the CLI equivalent ---------------------------------------------------------

/** A word the sandbox shell (and bash) reads back unchanged: bare when safe, else single-quoted. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A value the CLI's shorthand syntax takes as is (no commas, equals signs, brackets or spaces). */
const SHORTHAND_SAFE = /^[A-Za-z0-9_.:/@+-]+$/;

function tagsArgument(tags: readonly WizardTag[]): string {
  if (tags.every((t) => SHORTHAND_SAFE.test(t.key) && SHORTHAND_SAFE.test(t.value))) {
    return tags.map((t) => `TagKey=${t.key},TagValue=${t.value}`).join(' ');
  }
  // Anything else goes as JSON, which the CLI takes for any list parameter.
  return shellWord(JSON.stringify(tags.map((t) => ({ TagKey: t.key, TagValue: t.value }))));
}

/**
 * The console's work as commands for the sandbox's shell (and a real one):
 * write the policy with a here-document, create the key with it (keeping
 * the new key ID in $KEY_ID), then give it the alias.
 */
export function cliCommands(state: WizardState): string[] {
  const args = ['aws kms create-key'];
  if (state.description !== '') {
    // A value starting with "-" would be read as an option; the = form keeps it a value.
    args.push(state.description.startsWith('-') ? `--description=${shellWord(state.description)}` : `--description ${shellWord(state.description)}`);
  }
  args.push('--policy file://policy.json');
  if (state.origin === 'EXTERNAL') args.push('--origin EXTERNAL');
  if (state.tags.length > 0) args.push(`--tags ${tagsArgument(state.tags)}`);
  args.push('--query KeyMetadata.KeyId --output text');
  return [
    // A quoted delimiter: the shell copies the JSON as is, with no $ or ` expansion.
    `cat > policy.json <<'EOF'\n${policyText(policyFor(state))}\nEOF`,
    `KEY_ID=$(${args.join(' ')})`,
    `aws kms create-alias --alias-name ${shellWord(fullAliasName(state.alias))} --target-key-id "$KEY_ID"`,
  ];
}

// ---- creating the key -------------------------------------------------------------

/**
 * A reason Create key failed, placed at the step (and field) the learner
 * should change. `name` and `message` are AWS's exception name and text
 * when the simulator refused; `keyId` is set when the key was created but
 * its alias was not.
 */
export class WizardError extends Error {
  readonly step: StepId;
  readonly field: FieldId | undefined;
  readonly keyId: string | undefined;

  constructor(name: string, message: string, where: { step: StepId; field?: FieldId; keyId?: string }) {
    super(message);
    this.name = name;
    this.step = where.step;
    this.field = where.field;
    this.keyId = where.keyId;
  }
}

/** Which step a simulator error belongs to, from the operation and what AWS's message names. */
function placeError(operation: 'CreateKey' | 'CreateAlias', error: unknown, keyId?: string): WizardError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const at = (step: StepId, field: FieldId) => new WizardError(name, message, { step, field, ...(keyId === undefined ? {} : { keyId }) });
  if (operation === 'CreateAlias') return at('labels', 'alias');
  if (name === 'TagException' || /'tags/.test(message)) return at('labels', 'tags');
  if (/'description'/.test(message)) return at('labels', 'description');
  if (/'origin'|Origin /.test(message)) return at('configure', 'origin');
  // Policy errors (MalformedPolicyDocumentException…) and anything else: the review shows the policy.
  return at('review', 'policy');
}

/**
 * AlreadyExistsException in CreateAlias's words when the alias is taken,
 * before anything is created. The console checks this on the alias step;
 * checking first also means a taken alias never leaves a key without one.
 */
export function aliasInUse(kms: Kms, state: WizardState): WizardError | undefined {
  const alias = fullAliasName(state.alias);
  if (!kms.names().aliasNames.includes(alias)) return undefined;
  const error = new AlreadyExistsException(`An alias with the name ${aliasArn(kms.account, alias)} already exists`);
  return new WizardError(error.name, error.message, { step: 'labels', field: 'alias' });
}

/** The CreateKey request the console sends for these choices. */
export function createKeyRequest(state: WizardState): { Description?: string; Policy: string; Origin: KeyOrigin; Tags?: Tag[] } {
  return {
    ...(state.description === '' ? {} : { Description: state.description }),
    Policy: policyText(policyFor(state)),
    Origin: state.origin,
    ...(state.tags.length === 0 ? {} : { Tags: state.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) }),
  };
}

/**
 * Creates the key as the console would, as the account root: CreateKey with
 * the policy, then CreateAlias. Throws WizardError (placed at a step) when
 * the choices are invalid or the simulator refuses.
 */
export async function createFromWizard(sandbox: { readonly kms: Kms }, state: WizardState): Promise<{ keyId: string; alias: string }> {
  const invalid = firstInvalidStep(state);
  if (invalid) {
    const first = invalid.issues[0]!;
    throw new WizardError('InvalidInput', first.message, { step: invalid.step, field: first.field });
  }
  const kms = sandbox.kms;
  const alias = fullAliasName(state.alias);
  // The console's signed-in user is the account root here; the terminal's profile is put back afterwards.
  const previous = kms.caller.name;
  kms.setCaller('root');
  try {
    const taken = aliasInUse(kms, state);
    if (taken) throw taken;
    let keyId: string;
    try {
      keyId = (await kms.createKey(createKeyRequest(state))).KeyMetadata.KeyId;
    } catch (error) {
      throw placeError('CreateKey', error);
    }
    try {
      await kms.createAlias({ AliasName: alias, TargetKeyId: keyId });
    } catch (error) {
      throw placeError('CreateAlias', error, keyId);
    }
    return { keyId, alias };
  } finally {
    kms.setCaller(previous);
  }
}
