import { MalformedPolicyDocumentException } from './errors.ts';
import type { AccountContext } from './ids.ts';
import { KEY_ADMIN_ACTIONS, KEY_USER_ACTIONS, type PolicyDocument, type PolicyStatement, type Principal } from './principals.ts';

/** Request facts that policy conditions can test (kms:EncryptionContext:…, kms:CallerAccount, …). */
export type ConditionContext = Record<string, string | string[] | boolean | undefined>;

/** What one policy document says about one request. */
interface DocumentVerdict {
  /** A statement allows the caller by name (or `*`). */
  allow: boolean;
  /** A statement allows the whole account, i.e. hands the decision to IAM. */
  allowsAccount: boolean;
  deny: boolean;
}

export type Decision =
  | { allowed: true; via: 'key-policy' | 'identity-policy' | 'grant' }
  | { allowed: false; reason: 'explicit-deny-resource' | 'explicit-deny-identity' | 'no-resource-policy' | 'no-identity-policy' };

const toList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM wildcard match: `*` any run, `?` one character; case-insensitive for actions. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  // "Resource": "*" is in almost every key policy statement: no pattern to run.
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  const cache = ignoreCase ? caseFreePatterns : patterns;
  let re = cache.get(pattern);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (cache.size > 512) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(value);
}

/** Compiled wildcard patterns, case-sensitive and not: policies are evaluated on every call, with the same few patterns. */
const patterns = new Map<string, RegExp>();
const caseFreePatterns = new Map<string, RegExp>();

function matchesAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return toList(statement.Action).some((a) => wildcardMatch(a, action, true));
  if (statement.NotAction !== undefined) return !toList(statement.NotAction).some((a) => wildcardMatch(a, action, true));
  return false;
}

function matchesResource(statement: PolicyStatement, resource: string): boolean {
  if (statement.Resource !== undefined) return toList(statement.Resource).some((r) => wildcardMatch(r, resource));
  if (statement.NotResource !== undefined) return !toList(statement.NotResource).some((r) => wildcardMatch(r, resource));
  return false;
}

function principalValues(statement: PolicyStatement): string[] {
  if (statement.Principal === '*') return ['*'];
  return toList(statement.Principal?.AWS);
}

/** How a key policy statement's Principal relates to the caller. */
function principalMatch(statement: PolicyStatement, caller: Principal, account: AccountContext): 'caller' | 'account' | 'none' {
  const values = principalValues(statement);
  const rootArn = `arn:aws:iam::${account.accountId}:root`;
  if (values.some((v) => v === '*' || v === caller.policyArn || v === caller.arn)) return 'caller';
  if (values.some((v) => v === rootArn || v === account.accountId)) return caller.type === 'Root' ? 'caller' : 'account';
  return 'none';
}

// ---- conditions -------------------------------------------------------------

type Operator = (actual: string, expected: string) => boolean;

const stringOperators: Record<string, { test: Operator; negated: boolean }> = {
  StringEquals: { test: (a, e) => a === e, negated: false },
  StringNotEquals: { test: (a, e) => a === e, negated: true },
  StringEqualsIgnoreCase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: true },
  StringLike: { test: (a, e) => wildcardMatch(e, a), negated: false },
  StringNotLike: { test: (a, e) => wildcardMatch(e, a), negated: true },
  ArnEquals: { test: (a, e) => a === e, negated: false },
  ArnNotEquals: { test: (a, e) => a === e, negated: true },
  ArnLike: { test: (a, e) => wildcardMatch(e, a), negated: false },
  ArnNotLike: { test: (a, e) => wildcardMatch(e, a), negated: true },
  Bool: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  NumericEquals: { test: (a, e) => Number(a) === Number(e), negated: false },
  NumericNotEquals: { test: (a, e) => Number(a) === Number(e), negated: true },
  NumericLessThan: { test: (a, e) => Number(a) < Number(e), negated: false },
  NumericLessThanEquals: { test: (a, e) => Number(a) <= Number(e), negated: false },
  NumericGreaterThan: { test: (a, e) => Number(a) > Number(e), negated: false },
  NumericGreaterThanEquals: { test: (a, e) => Number(a) >= Number(e), negated: false },
};

/**
 * Condition keys are case-insensitive, the whole key: AWS's guide says that
 * in kms:EncryptionContext:<context-key> neither the prefix nor the context
 * key is case sensitive (only the value's case can matter, by operator). A
 * context with pairs that differ only by case gives the key several values.
 */
function lookup(context: ConditionContext, key: string): string[] | undefined {
  const wanted = key.toLowerCase();
  let values: string[] | undefined;
  for (const [k, v] of Object.entries(context)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue;
    values = [...(values ?? []), ...(Array.isArray(v) ? v : [String(v)])];
  }
  return values;
}

function conditionHolds(operatorName: string, key: string, expectedRaw: unknown, context: ConditionContext): boolean {
  let name = operatorName;
  let set: 'any' | 'all' | undefined;
  if (name.startsWith('ForAnyValue:')) [set, name] = ['any', name.slice('ForAnyValue:'.length)];
  else if (name.startsWith('ForAllValues:')) [set, name] = ['all', name.slice('ForAllValues:'.length)];
  const ifExists = name.endsWith('IfExists');
  if (ifExists) name = name.slice(0, -'IfExists'.length);
  const expected = toList(expectedRaw as string | string[]).map((e) => String(e));
  const actual = lookup(context, key);

  if (name === 'Null') {
    const isNull = actual === undefined || actual.length === 0;
    return expected.some((e) => (e.toLowerCase() === 'true') === isNull);
  }
  const op = stringOperators[name];
  if (!op) return false; // an operator the simulator does not know never matches
  if (actual === undefined || actual.length === 0) {
    // ForAllValues holds for an empty set; ForAnyValue never does, whatever the operator.
    if (set === 'all') return true;
    if (ifExists) return true;
    if (set === 'any') return false;
    return op.negated;
  }
  const one = (value: string) => {
    const hit = expected.some((e) => op.test(value, e));
    return op.negated ? !hit : hit;
  };
  if (set === 'all') return actual.every(one);
  if (op.negated && set !== 'any') return actual.every(one);
  return actual.some(one);
}

function conditionsHold(statement: PolicyStatement, context: ConditionContext): boolean {
  if (!statement.Condition) return true;
  for (const [operator, entries] of Object.entries(statement.Condition)) {
    for (const [key, expected] of Object.entries(entries)) {
      if (!conditionHolds(operator, key, expected, context)) return false;
    }
  }
  return true;
}

// ---- evaluation -------------------------------------------------------------

function evaluateKeyPolicy(
  doc: PolicyDocument,
  caller: Principal,
  account: AccountContext,
  action: string,
  resource: string,
  context: ConditionContext,
): DocumentVerdict {
  const verdict: DocumentVerdict = { allow: false, allowsAccount: false, deny: false };
  for (const statement of doc.Statement) {
    if (!matchesAction(statement, action) || !matchesResource(statement, resource)) continue;
    const who = principalMatch(statement, caller, account);
    if (who === 'none' || !conditionsHold(statement, context)) continue;
    if (statement.Effect === 'Deny') {
      // A Deny naming the account applies to everyone in it.
      verdict.deny = true;
    } else if (who === 'caller') verdict.allow = true;
    else verdict.allowsAccount = true;
  }
  return verdict;
}

function evaluateIdentityPolicy(doc: PolicyDocument, action: string, resource: string, context: ConditionContext): DocumentVerdict {
  const verdict: DocumentVerdict = { allow: false, allowsAccount: false, deny: false };
  for (const statement of doc.Statement) {
    if (!matchesAction(statement, action) || !matchesResource(statement, resource) || !conditionsHold(statement, context)) continue;
    if (statement.Effect === 'Deny') verdict.deny = true;
    else verdict.allow = true;
  }
  return verdict;
}

/**
 * AWS's evaluation for a request on a KMS key in the caller's own account:
 * an explicit deny anywhere wins; the key policy can allow the caller
 * directly; a key policy that allows the account hands the decision to the
 * caller's IAM policies; a grant can allow it too.
 */
export function authorizeKeyAction(
  keyPolicy: PolicyDocument,
  caller: Principal,
  account: AccountContext,
  action: string,
  keyArn: string,
  context: ConditionContext,
  grantAllows: boolean,
): Decision {
  const kp = evaluateKeyPolicy(keyPolicy, caller, account, action, keyArn, context);
  const ip = caller.identityPolicy ? evaluateIdentityPolicy(caller.identityPolicy, action, keyArn, context) : undefined;
  if (kp.deny) return { allowed: false, reason: 'explicit-deny-resource' };
  if (ip?.deny) return { allowed: false, reason: 'explicit-deny-identity' };
  if (kp.allow) return { allowed: true, via: 'key-policy' };
  if (kp.allowsAccount && ip?.allow) return { allowed: true, via: 'identity-policy' };
  if (grantAllows) return { allowed: true, via: 'grant' };
  return { allowed: false, reason: kp.allowsAccount ? 'no-identity-policy' : 'no-resource-policy' };
}

/** Actions that name no key (CreateKey, ListKeys, GenerateRandom, …) are decided by IAM alone. */
export function authorizeAccountAction(caller: Principal, action: string, context: ConditionContext): Decision {
  if (!caller.identityPolicy) return { allowed: true, via: 'identity-policy' };
  const ip = evaluateIdentityPolicy(caller.identityPolicy, action, '*', context);
  if (ip.deny) return { allowed: false, reason: 'explicit-deny-identity' };
  if (ip.allow) return { allowed: true, via: 'identity-policy' };
  return { allowed: false, reason: 'no-identity-policy' };
}

/** What the caller's IAM policy alone says about an action on a resource (the account root has none and is never limited). */
export function identityPolicyVerdict(caller: Principal, action: string, resource: string, context: ConditionContext): 'allow' | 'deny' | 'none' {
  if (!caller.identityPolicy) return caller.type === 'Root' ? 'allow' : 'none';
  const ip = evaluateIdentityPolicy(caller.identityPolicy, action, resource, context);
  return ip.deny ? 'deny' : ip.allow ? 'allow' : 'none';
}

export function accessDeniedMessage(caller: Principal, action: string, resource: string, reason: Exclude<Decision, { allowed: true }>['reason']): string {
  const head = `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource}`;
  switch (reason) {
    case 'explicit-deny-resource':
      return `${head} with an explicit deny in a resource-based policy`;
    case 'explicit-deny-identity':
      return `${head} with an explicit deny in an identity-based policy`;
    case 'no-identity-policy':
      return `${head} because no identity-based policy allows the ${action} action`;
    case 'no-resource-policy':
      return `${head} because no resource-based policy allows the ${action} action`;
  }
}

// ---- parsing and validation ---------------------------------------------------

/**
 * Parses and checks a key policy the way PutKeyPolicy and CreateKey do:
 * valid JSON, statements with an Effect, a Principal and an Action, and
 * principals that exist. Messages follow AWS's where known.
 */
export function parseKeyPolicy(text: string, knownPrincipals: Set<string>, account: AccountContext): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new MalformedPolicyDocumentException('The policy document is not valid JSON.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MalformedPolicyDocumentException('The policy document must be a JSON object.');
  }
  const doc = raw as Record<string, unknown>;
  const statements = toList(doc['Statement'] as PolicyStatement | PolicyStatement[] | undefined);
  if (statements.length === 0) throw new MalformedPolicyDocumentException('The policy document has no Statement.');
  for (const s of statements) {
    if (typeof s !== 'object' || s === null) throw new MalformedPolicyDocumentException('A policy statement must be a JSON object.');
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      throw new MalformedPolicyDocumentException('Policy contains a statement with an invalid Effect.');
    }
    if (s.Principal === undefined && s.NotPrincipal === undefined) {
      throw new MalformedPolicyDocumentException('Policy contains a statement with no principal.');
    }
    if (s.Action === undefined && s.NotAction === undefined) {
      throw new MalformedPolicyDocumentException('Policy contains a statement with no action.');
    }
    for (const [operator, entries] of Object.entries(s.Condition ?? {})) {
      if (!operator.toLowerCase().startsWith('forallvalues:') || typeof entries !== 'object' || entries === null) continue;
      if (Object.keys(entries).some((k) => k.toLowerCase().startsWith('kms:encryptioncontext:'))) {
        // AWS refuses this single-valued key with ForAllValues (AWS KMS Developer Guide, kms:EncryptionContext:context-key).
        throw new MalformedPolicyDocumentException(
          'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.',
        );
      }
    }
    const invalid = principalValues(s).filter(
      (p) => p !== '*' && p !== account.accountId && p !== `arn:aws:iam::${account.accountId}:root` && !knownPrincipals.has(p),
    );
    if (invalid.length > 0) {
      throw new MalformedPolicyDocumentException('Policy contains a statement with one or more invalid principals.');
    }
  }
  return { ...(doc as object), Statement: statements } as PolicyDocument;
}

// ---- the policies AWS writes --------------------------------------------------

/**
 * JSON as KMS prints the policies it writes itself (Jackson's pretty
 * printer: `"key" : value`, arrays of objects as `[ {`), so GetKeyPolicy
 * output matches AWS character for character.
 */
export function awsPolicyJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    if (value.every((v) => typeof v !== 'object' || v === null)) return `[ ${value.map((v) => JSON.stringify(v)).join(', ')} ]`;
    return `[ ${value.map((v) => awsPolicyJson(v, indent)).join(', ')} ]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{ }';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${awsPolicyJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const rootStatement = (account: Pick<AccountContext, 'accountId'>): PolicyStatement => ({
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account.accountId}:root` },
  Action: 'kms:*',
  Resource: '*',
});

/** The policy CreateKey gives a key when the request has none (exact text from AWS). */
export function defaultKeyPolicy(account: AccountContext): string {
  return awsPolicyJson({ Version: '2012-10-17', Id: 'key-default-1', Statement: [rootStatement(account)] });
}

export interface ConsolePolicyChoices {
  /** ARNs of the IAM users and roles chosen in "Define key administrative permissions". */
  administrators: string[];
  /** ARNs chosen in "Define key usage permissions". */
  users: string[];
  /** Whether the key's material is imported (adds the import actions to administrators). */
  external?: boolean;
  /** The console's "Allow key administrators to delete this key" (on unless turned off). */
  allowDeletion?: boolean;
}

const DELETION_ACTIONS: ReadonlySet<string> = new Set(['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion']);

/**
 * The key policy the console writes from its set-up steps: the root
 * statement, then administrators (manage, not use), users (use), and
 * grants for AWS resources used by the key users.
 */
export function consoleKeyPolicyDocument(account: Pick<AccountContext, 'accountId'>, choices: ConsolePolicyChoices): PolicyDocument {
  const statements: PolicyStatement[] = [rootStatement(account)];
  // One principal is written as a string, several as a list; a principal chosen twice counts once.
  const principal = (arns: readonly string[]) => {
    const unique = [...new Set(arns)];
    return unique.length === 1 ? unique[0]! : unique;
  };
  if (choices.administrators.length > 0) {
    const actions = choices.allowDeletion === false ? KEY_ADMIN_ACTIONS.filter((a) => !DELETION_ACTIONS.has(a)) : KEY_ADMIN_ACTIONS;
    statements.push({
      Sid: 'Allow access for Key Administrators',
      Effect: 'Allow',
      Principal: { AWS: principal(choices.administrators) },
      Action: choices.external ? [...actions, 'kms:ImportKeyMaterial'] : actions,
      Resource: '*',
    });
  }
  if (choices.users.length > 0) {
    const users = principal(choices.users);
    statements.push(
      { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: users }, Action: KEY_USER_ACTIONS, Resource: '*' },
      {
        Sid: 'Allow attachment of persistent resources',
        Effect: 'Allow',
        Principal: { AWS: users },
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    );
  }
  return { Id: 'key-consolepolicy-3', Version: '2012-10-17', Statement: statements };
}

/** The same policy as the console sends it to CreateKey (4-space JSON). */
export function consoleKeyPolicy(account: AccountContext, choices: ConsolePolicyChoices): string {
  return JSON.stringify(consoleKeyPolicyDocument(account, choices), null, 4);
}

/**
 * The policy of an AWS managed key (aws/<service>): the service may use the
 * key for callers in the account, the account may only read its metadata.
 */
export function awsManagedKeyPolicy(account: AccountContext, alias: string, viaService: string): string {
  const service = alias.slice('alias/aws/'.length);
  return awsPolicyJson({
    Version: '2012-10-17',
    Id: `auto-${service}-2`,
    Statement: [
      {
        Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': account.accountId, 'kms:ViaService': `${viaService}.${account.region}.amazonaws.com` },
        },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account.accountId}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        Resource: '*',
      },
    ],
  });
}
