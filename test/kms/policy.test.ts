import { describe, expect, it } from 'vitest';
import { KmsError } from '../../src/kms/errors.ts';
import {
  accessDeniedMessage,
  authorizeAccountAction,
  authorizeKeyAction,
  awsManagedKeyPolicy,
  awsPolicyJson,
  consoleKeyPolicy,
  defaultKeyPolicy,
  identityPolicyVerdict,
  parseKeyPolicy,
  wildcardMatch,
  type ConditionContext,
  type Decision,
} from '../../src/kms/policy.ts';
import { defaultPrincipals, KEY_ADMIN_ACTIONS, type PolicyStatement, type Principal } from '../../src/kms/principals.ts';
import type { TraceEvent } from '../../src/kms/trace.ts';
import { ADMIN_ARN, APP_ROLE_ARN, APP_SESSION_ARN, AUDITOR_ARN, decode, encode, failure, newKms, ROOT_ARN } from '../support/kms-test-helpers.ts';

const ACCOUNT = { accountId: '111122223333', region: 'us-east-1' };
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The exact text AWS returns from GetKeyPolicy for a key created without a policy (kms-facts §8). */
const AWS_DEFAULT_POLICY =
  '{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n    "Sid" : "Enable IAM User Permissions",\n    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::111122223333:root"\n    },\n    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}';

function principal(name: string): Principal {
  const found = defaultPrincipals(ACCOUNT).find((p) => p.name === name);
  if (!found) throw new Error(`no principal ${name}`);
  return found;
}

const root = principal('root');
const admin = principal('admin');
const app = principal('app');
const auditor = principal('auditor');

const ROOT_STATEMENT: PolicyStatement = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: ROOT_ARN },
  Action: 'kms:*',
  Resource: '*',
};

function decide(
  statements: PolicyStatement[],
  caller: Principal,
  action: string,
  context: ConditionContext = {},
  grantAllows = false,
): Decision {
  return authorizeKeyAction(
    { Version: '2012-10-17', Statement: statements },
    caller,
    ACCOUNT,
    action,
    KEY_ARN,
    { 'kms:CallerAccount': ACCOUNT.accountId, ...context },
    grantAllows,
  );
}

// ---------------------------------------------------------------------------

describe('wildcardMatch', () => {
  it('matches IAM action wildcards case-insensitively when asked', () => {
    expect(wildcardMatch('kms:Describe*', 'kms:DescribeKey', true)).toBe(true);
    expect(wildcardMatch('kms:Describe*', 'kms:Decrypt', true)).toBe(false);
    expect(wildcardMatch('kms:*', 'kms:ScheduleKeyDeletion', true)).toBe(true);
    expect(wildcardMatch('kms:*', 's3:GetObject', true)).toBe(false);
    expect(wildcardMatch('KMS:encrypt', 'kms:Encrypt', true)).toBe(true);
    expect(wildcardMatch('KMS:encrypt', 'kms:Encrypt')).toBe(false);
  });

  it('reads ? as exactly one character and * as any run, anchored at both ends', () => {
    expect(wildcardMatch('kms:?ecrypt', 'kms:Decrypt')).toBe(true);
    expect(wildcardMatch('kms:?ecrypt', 'kms:Encrypt')).toBe(false);
    expect(wildcardMatch('kms:GenerateDataKey*', 'kms:GenerateDataKey')).toBe(true);
    expect(wildcardMatch('kms:GenerateDataKey*', 'kms:GenerateDataKeyWithoutPlaintext')).toBe(true);
    expect(wildcardMatch('kms:Encrypt', 'kms:EncryptMore')).toBe(false);
    expect(wildcardMatch('Encrypt', 'kms:Encrypt')).toBe(false);
  });

  it('treats regular-expression characters literally', () => {
    expect(wildcardMatch('a.b', 'axb')).toBe(false);
    expect(wildcardMatch('a.b', 'a.b')).toBe(true);
    expect(wildcardMatch('(x|y)+', 'x')).toBe(false);
    expect(wildcardMatch('arn:aws:kms:*:111122223333:key/*', KEY_ARN)).toBe(true);
    expect(wildcardMatch('arn:aws:kms:*:444455556666:key/*', KEY_ARN)).toBe(false);
  });
});

describe('authorizeKeyAction: actions and resources', () => {
  const direct = (Action: string | string[], who: string = ADMIN_ARN): PolicyStatement => ({
    Effect: 'Allow',
    Principal: { AWS: who },
    Action,
    Resource: '*',
  });

  it('kms:Describe* covers DescribeKey but not Decrypt', () => {
    expect(decide([direct('kms:Describe*')], admin, 'kms:DescribeKey')).toEqual({ allowed: true, via: 'key-policy' });
    expect(decide([direct('kms:Describe*')], admin, 'kms:Decrypt')).toEqual({ allowed: false, reason: 'no-resource-policy' });
  });

  it('kms:* covers every KMS action, and action names compare case-insensitively', () => {
    for (const action of ['kms:Encrypt', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:CreateGrant']) {
      expect(decide([direct('kms:*')], admin, action).allowed).toBe(true);
    }
    expect(decide([direct('KMS:ENCRYPT')], admin, 'kms:Encrypt').allowed).toBe(true);
  });

  it('an Action list allows only what it lists', () => {
    const statements = [direct(['kms:Encrypt', 'kms:GenerateDataKey*'])];
    expect(decide(statements, admin, 'kms:Encrypt').allowed).toBe(true);
    expect(decide(statements, admin, 'kms:GenerateDataKeyWithoutPlaintext').allowed).toBe(true);
    expect(decide(statements, admin, 'kms:Decrypt').allowed).toBe(false);
  });

  it('NotAction allows everything except the actions it names', () => {
    const statement: PolicyStatement = { Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, NotAction: 'kms:Decrypt', Resource: '*' };
    expect(decide([statement], admin, 'kms:Encrypt').allowed).toBe(true);
    expect(decide([statement], admin, 'kms:Decrypt').allowed).toBe(false);
  });

  it('a statement whose Resource does not match the key does not apply', () => {
    const elsewhere: PolicyStatement = { ...direct('kms:*'), Resource: 'arn:aws:kms:us-east-1:111122223333:key/other' };
    expect(decide([elsewhere], admin, 'kms:Encrypt')).toEqual({ allowed: false, reason: 'no-resource-policy' });
    expect(decide([{ ...direct('kms:*'), Resource: KEY_ARN }], admin, 'kms:Encrypt').allowed).toBe(true);
  });

  it('a statement with no Action and no NotAction matches nothing', () => {
    const statement: PolicyStatement = { Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Resource: '*' };
    expect(decide([statement], admin, 'kms:Encrypt').allowed).toBe(false);
  });
});

describe('authorizeKeyAction: principals', () => {
  it('the account root statement lets the root user in directly', () => {
    expect(decide([ROOT_STATEMENT], root, 'kms:ScheduleKeyDeletion')).toEqual({ allowed: true, via: 'key-policy' });
  });

  it('the account root statement hands IAM users and roles to their IAM policies', () => {
    expect(decide([ROOT_STATEMENT], admin, 'kms:DisableKey')).toEqual({ allowed: true, via: 'identity-policy' });
    expect(decide([ROOT_STATEMENT], app, 'kms:Encrypt')).toEqual({ allowed: true, via: 'identity-policy' });
    expect(decide([ROOT_STATEMENT], admin, 'kms:Encrypt')).toEqual({ allowed: false, reason: 'no-identity-policy' });
    expect(decide([ROOT_STATEMENT], app, 'kms:ScheduleKeyDeletion')).toEqual({ allowed: false, reason: 'no-identity-policy' });
    expect(decide([ROOT_STATEMENT], auditor, 'kms:GetKeyPolicy')).toEqual({ allowed: true, via: 'identity-policy' });
  });

  it('a bare account ID as principal means the account, like the root ARN', () => {
    const byId: PolicyStatement = { ...ROOT_STATEMENT, Principal: { AWS: ACCOUNT.accountId } };
    expect(decide([byId], admin, 'kms:DisableKey')).toEqual({ allowed: true, via: 'identity-policy' });
    expect(decide([byId], root, 'kms:DisableKey')).toEqual({ allowed: true, via: 'key-policy' });
  });

  it('without the account statement, IAM allows count for nothing', () => {
    const onlyAuditor: PolicyStatement = { Effect: 'Allow', Principal: { AWS: AUDITOR_ARN }, Action: 'kms:*', Resource: '*' };
    expect(decide([onlyAuditor], admin, 'kms:DescribeKey')).toEqual({ allowed: false, reason: 'no-resource-policy' });
    expect(decide([onlyAuditor], root, 'kms:DescribeKey')).toEqual({ allowed: false, reason: 'no-resource-policy' });
    // A principal named directly needs no IAM permission at all.
    expect(decide([onlyAuditor], auditor, 'kms:ScheduleKeyDeletion')).toEqual({ allowed: true, via: 'key-policy' });
  });

  it('a role named in the key policy covers its assumed-role sessions, and the session ARN works too', () => {
    const toRole: PolicyStatement = { Effect: 'Allow', Principal: { AWS: APP_ROLE_ARN }, Action: 'kms:ScheduleKeyDeletion', Resource: '*' };
    expect(decide([toRole], app, 'kms:ScheduleKeyDeletion')).toEqual({ allowed: true, via: 'key-policy' });
    const toSession: PolicyStatement = { ...toRole, Principal: { AWS: [AUDITOR_ARN, APP_SESSION_ARN] } };
    expect(decide([toSession], app, 'kms:ScheduleKeyDeletion')).toEqual({ allowed: true, via: 'key-policy' });
    expect(decide([toRole], admin, 'kms:ScheduleKeyDeletion').allowed).toBe(false);
  });

  it('Principal "*" and {"AWS": "*"} match every caller', () => {
    for (const Principal of ['*', { AWS: '*' }] as const) {
      const statement: PolicyStatement = { Effect: 'Allow', Principal, Action: 'kms:DescribeKey', Resource: '*' };
      for (const caller of [root, admin, app, auditor]) expect(decide([statement], caller, 'kms:DescribeKey').allowed).toBe(true);
    }
  });

  it('a service principal statement does not apply to IAM callers', () => {
    const service: PolicyStatement = { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:*', Resource: '*' };
    expect(decide([service], admin, 'kms:DescribeKey').allowed).toBe(false);
  });

  it('a grant allows what no policy allows', () => {
    expect(decide([ROOT_STATEMENT], admin, 'kms:Encrypt', {}, true)).toEqual({ allowed: true, via: 'grant' });
    expect(decide([], app, 'kms:Decrypt', {}, true)).toEqual({ allowed: true, via: 'grant' });
  });
});

describe('authorizeKeyAction: explicit deny wins', () => {
  const denyApp: PolicyStatement = { Effect: 'Deny', Principal: { AWS: APP_ROLE_ARN }, Action: 'kms:Decrypt', Resource: '*' };

  it('a Deny in the key policy beats an Allow in the same policy, the IAM policy and a grant', () => {
    const allowApp: PolicyStatement = { Effect: 'Allow', Principal: { AWS: APP_ROLE_ARN }, Action: 'kms:*', Resource: '*' };
    expect(decide([ROOT_STATEMENT, allowApp, denyApp], app, 'kms:Decrypt', {}, true)).toEqual({
      allowed: false,
      reason: 'explicit-deny-resource',
    });
    // Statement order does not matter.
    expect(decide([denyApp, allowApp, ROOT_STATEMENT], app, 'kms:Decrypt')).toEqual({ allowed: false, reason: 'explicit-deny-resource' });
    // Other actions and other principals are untouched.
    expect(decide([ROOT_STATEMENT, denyApp], app, 'kms:Encrypt').allowed).toBe(true);
    expect(decide([ROOT_STATEMENT, denyApp], root, 'kms:Decrypt').allowed).toBe(true);
  });

  it('a Deny with Principal "*" applies to the root user too', () => {
    const denyAll: PolicyStatement = { Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*' };
    expect(decide([ROOT_STATEMENT, denyAll], root, 'kms:ScheduleKeyDeletion')).toEqual({ allowed: false, reason: 'explicit-deny-resource' });
  });

  it('a Deny in the caller’s IAM policy beats a key policy that names the caller', () => {
    const denied: Principal = {
      ...app,
      identityPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
          { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' },
        ],
      },
    };
    const allowApp: PolicyStatement = { Effect: 'Allow', Principal: { AWS: APP_ROLE_ARN }, Action: 'kms:*', Resource: '*' };
    expect(decide([allowApp], denied, 'kms:Decrypt', {}, true)).toEqual({ allowed: false, reason: 'explicit-deny-identity' });
    expect(decide([allowApp], denied, 'kms:Encrypt')).toEqual({ allowed: true, via: 'key-policy' });
  });

  it('a Deny that does not match the caller, action or conditions does nothing', () => {
    const denyWithCondition: PolicyStatement = {
      ...denyApp,
      Condition: { StringEquals: { 'kms:EncryptionContext:stage': 'prod' } },
    };
    expect(decide([ROOT_STATEMENT, denyWithCondition], app, 'kms:Decrypt', { 'kms:EncryptionContext:stage': 'test' }).allowed).toBe(true);
    expect(decide([ROOT_STATEMENT, denyWithCondition], app, 'kms:Decrypt', { 'kms:EncryptionContext:stage': 'prod' })).toEqual({
      allowed: false,
      reason: 'explicit-deny-resource',
    });
  });
});

describe('authorizeKeyAction: conditions', () => {
  /** Allowed only by a key policy statement for the app role with these conditions (no IAM delegation). */
  const allowedWith = (Condition: PolicyStatement['Condition'], context: ConditionContext = {}): boolean =>
    decide([{ Effect: 'Allow', Principal: { AWS: APP_ROLE_ARN }, Action: 'kms:Decrypt', Resource: '*', ...(Condition ? { Condition } : {}) }], app, 'kms:Decrypt', context)
      .allowed;

  it('StringEquals on kms:CallerAccount', () => {
    expect(allowedWith({ StringEquals: { 'kms:CallerAccount': '111122223333' } })).toBe(true);
    expect(allowedWith({ StringEquals: { 'kms:CallerAccount': '444455556666' } })).toBe(false);
    // Several values are ORed.
    expect(allowedWith({ StringEquals: { 'kms:CallerAccount': ['444455556666', '111122223333'] } })).toBe(true);
  });

  it('condition key names are case-insensitive; StringEquals values are not', () => {
    expect(allowedWith({ StringEquals: { 'KMS:CALLERACCOUNT': '111122223333' } })).toBe(true);
    expect(allowedWith({ StringEquals: { 'kms:EncryptionContext:Dept': 'IT' } }, { 'kms:EncryptionContext:Dept': 'it' })).toBe(false);
    expect(allowedWith({ StringEqualsIgnoreCase: { 'kms:EncryptionContext:Dept': 'IT' } }, { 'kms:EncryptionContext:Dept': 'it' })).toBe(true);
  });

  it('kms:EncryptionContext:<key>: the context key’s case does not matter, the value’s does (AWS guide)', () => {
    const condition = { StringEquals: { 'kms:EncryptionContext:appname': 'ExampleApp' } };
    expect(allowedWith(condition, { 'kms:EncryptionContext:AppName': 'ExampleApp' })).toBe(true);
    expect(allowedWith(condition, { 'kms:EncryptionContext:AppName': 'exampleapp' })).toBe(false);
    expect(allowedWith(condition, { 'kms:EncryptionContext:Project': 'ExampleApp' })).toBe(false);
    expect(allowedWith(condition, {})).toBe(false);
  });

  it('several keys in one condition are ANDed', () => {
    const condition = { StringEquals: { 'kms:EncryptionContext:Department': 'IT', 'kms:EncryptionContext:Project': 'Alpha' } };
    expect(allowedWith(condition, { 'kms:EncryptionContext:Department': 'IT', 'kms:EncryptionContext:Project': 'Alpha' })).toBe(true);
    expect(allowedWith(condition, { 'kms:EncryptionContext:Department': 'IT' })).toBe(false);
  });

  it('StringLike with * and ?', () => {
    const condition = { StringLike: { 'kms:EncryptionContext:Project': 'alpha-*' } };
    expect(allowedWith(condition, { 'kms:EncryptionContext:Project': 'alpha-7' })).toBe(true);
    expect(allowedWith(condition, { 'kms:EncryptionContext:Project': 'beta-7' })).toBe(false);
    expect(allowedWith({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/App???e' } }, { 'aws:PrincipalArn': APP_ROLE_ARN })).toBe(true);
    expect(allowedWith({ StringNotLike: { 'kms:EncryptionContext:Project': 'alpha-*' } }, { 'kms:EncryptionContext:Project': 'beta-7' })).toBe(true);
  });

  it('a negated operator holds when the key is absent; a positive one does not', () => {
    expect(allowedWith({ StringNotEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })).toBe(true);
    expect(allowedWith({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })).toBe(false);
    expect(allowedWith({ StringNotEquals: { 'kms:EncryptionContext:stage': 'prod' } }, { 'kms:EncryptionContext:stage': 'prod' })).toBe(false);
  });

  it('Bool compares true/false with the request, whether the policy writes a string or a JSON boolean', () => {
    expect(allowedWith({ Bool: { 'kms:GrantIsForAWSResource': 'true' } }, { 'kms:GrantIsForAWSResource': true })).toBe(true);
    expect(allowedWith({ Bool: { 'kms:GrantIsForAWSResource': 'true' } }, { 'kms:GrantIsForAWSResource': false })).toBe(false);
    expect(allowedWith({ Bool: { 'kms:GrantIsForAWSResource': true } }, { 'kms:GrantIsForAWSResource': true })).toBe(true);
    expect(allowedWith({ Bool: { 'kms:GrantIsForAWSResource': 'false' } }, { 'kms:GrantIsForAWSResource': false })).toBe(true);
    expect(allowedWith({ Bool: { 'kms:GrantIsForAWSResource': 'true' } })).toBe(false);
  });

  it('Null tests whether a key is present', () => {
    expect(allowedWith({ Null: { 'kms:EncryptionContextKeys': 'false' } }, { 'kms:EncryptionContextKeys': ['AppName'] })).toBe(true);
    expect(allowedWith({ Null: { 'kms:EncryptionContextKeys': 'false' } })).toBe(false);
    expect(allowedWith({ Null: { 'kms:EncryptionContextKeys': false } }, { 'kms:EncryptionContextKeys': ['AppName'] })).toBe(true);
    expect(allowedWith({ Null: { 'kms:ViaService': 'true' } })).toBe(true);
    expect(allowedWith({ Null: { 'kms:ViaService': 'true' } }, { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' })).toBe(false);
  });

  it('ForAnyValue: one request value must match; an absent key never satisfies it', () => {
    const condition = { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'AppName' } };
    expect(allowedWith(condition, { 'kms:EncryptionContextKeys': ['AppName', 'Project'] })).toBe(true);
    expect(allowedWith(condition, { 'kms:EncryptionContextKeys': ['Project'] })).toBe(false);
    expect(allowedWith(condition, {})).toBe(false);
    // Even with a negated operator, an absent key gives no value that could match.
    expect(allowedWith({ 'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': 'Secret' } }, {})).toBe(false);
    expect(allowedWith({ 'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': 'Secret' } }, { 'kms:EncryptionContextKeys': ['Secret', 'AppName'] })).toBe(
      true,
    );
    expect(allowedWith({ 'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': 'Secret' } }, { 'kms:EncryptionContextKeys': ['Secret'] })).toBe(false);
  });

  it('ForAllValues: every request value must match; an absent key satisfies it', () => {
    const condition = { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['AppName', 'Project'] } };
    expect(allowedWith(condition, { 'kms:EncryptionContextKeys': ['AppName'] })).toBe(true);
    expect(allowedWith(condition, { 'kms:EncryptionContextKeys': ['AppName', 'Project'] })).toBe(true);
    expect(allowedWith(condition, { 'kms:EncryptionContextKeys': ['AppName', 'Other'] })).toBe(false);
    expect(allowedWith(condition, {})).toBe(true);
    expect(allowedWith({ 'ForAllValues:StringNotLike': { 'kms:EncryptionContextKeys': 'aws:*' } }, { 'kms:EncryptionContextKeys': ['a', 'b'] })).toBe(true);
    expect(allowedWith({ 'ForAllValues:StringNotLike': { 'kms:EncryptionContextKeys': 'aws:*' } }, { 'kms:EncryptionContextKeys': ['a', 'aws:x'] })).toBe(
      false,
    );
  });

  it('…IfExists holds when the key is absent and tests it when present', () => {
    const condition = { StringEqualsIfExists: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } };
    expect(allowedWith(condition)).toBe(true);
    expect(allowedWith(condition, { 'kms:ViaService': 's3.us-east-1.amazonaws.com' })).toBe(true);
    expect(allowedWith(condition, { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' })).toBe(false);
  });

  it('Numeric and Arn operators', () => {
    expect(allowedWith({ NumericLessThanEquals: { 'kms:RotationPeriodInDays': '180' } }, { 'kms:RotationPeriodInDays': '90' })).toBe(true);
    expect(allowedWith({ NumericLessThanEquals: { 'kms:RotationPeriodInDays': '180' } }, { 'kms:RotationPeriodInDays': '365' })).toBe(false);
    expect(allowedWith({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } }, { 'aws:PrincipalArn': APP_ROLE_ARN })).toBe(true);
    expect(allowedWith({ ArnEquals: { 'aws:PrincipalArn': ADMIN_ARN } }, { 'aws:PrincipalArn': APP_ROLE_ARN })).toBe(false);
  });

  it('all condition operators in a statement must hold', () => {
    const condition = {
      StringEquals: { 'kms:CallerAccount': '111122223333' },
      'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'AppName' },
    };
    expect(allowedWith(condition, { 'kms:EncryptionContextKeys': ['AppName'] })).toBe(true);
    expect(allowedWith(condition, {})).toBe(false);
  });
});

describe('authorizeAccountAction and identityPolicyVerdict', () => {
  it('decides actions on no key from the IAM policy alone; the root user is never limited', () => {
    expect(authorizeAccountAction(root, 'kms:CreateKey', {})).toEqual({ allowed: true, via: 'identity-policy' });
    expect(authorizeAccountAction(admin, 'kms:CreateKey', {})).toEqual({ allowed: true, via: 'identity-policy' });
    expect(authorizeAccountAction(app, 'kms:CreateKey', {})).toEqual({ allowed: false, reason: 'no-identity-policy' });
    expect(authorizeAccountAction(app, 'kms:ListKeys', {})).toEqual({ allowed: true, via: 'identity-policy' });
    expect(authorizeAccountAction(auditor, 'kms:ListAliases', {})).toEqual({ allowed: true, via: 'identity-policy' });
    const denied: Principal = { ...admin, identityPolicy: { Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:Create*', Resource: '*' }] } };
    expect(authorizeAccountAction(denied, 'kms:CreateKey', {})).toEqual({ allowed: false, reason: 'explicit-deny-identity' });
  });

  it('reports what an IAM policy says about one action', () => {
    expect(identityPolicyVerdict(root, 'kms:RetireGrant', KEY_ARN, {})).toBe('allow');
    expect(identityPolicyVerdict(admin, 'kms:RetireGrant', KEY_ARN, {})).toBe('none');
    expect(identityPolicyVerdict(admin, 'kms:RevokeGrant', KEY_ARN, {})).toBe('allow');
    const denied: Principal = { ...app, identityPolicy: { Statement: [{ Effect: 'Deny', Action: 'kms:RetireGrant', Resource: '*' }] } };
    expect(identityPolicyVerdict(denied, 'kms:RetireGrant', KEY_ARN, {})).toBe('deny');
  });
});

describe('accessDeniedMessage', () => {
  const head = `User: ${APP_SESSION_ARN} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN}`;
  it('words the four reasons as AWS does', () => {
    expect(accessDeniedMessage(app, 'kms:Decrypt', KEY_ARN, 'no-identity-policy')).toBe(
      `${head} because no identity-based policy allows the kms:Decrypt action`,
    );
    expect(accessDeniedMessage(app, 'kms:Decrypt', KEY_ARN, 'no-resource-policy')).toBe(
      `${head} because no resource-based policy allows the kms:Decrypt action`,
    );
    expect(accessDeniedMessage(app, 'kms:Decrypt', KEY_ARN, 'explicit-deny-resource')).toBe(`${head} with an explicit deny in a resource-based policy`);
    expect(accessDeniedMessage(app, 'kms:Decrypt', KEY_ARN, 'explicit-deny-identity')).toBe(`${head} with an explicit deny in an identity-based policy`);
  });
});

describe('parseKeyPolicy', () => {
  const known = new Set([ADMIN_ARN, APP_ROLE_ARN, APP_SESSION_ARN, AUDITOR_ARN]);
  const parse = (value: unknown) => parseKeyPolicy(typeof value === 'string' ? value : JSON.stringify(value), known, ACCOUNT);
  const malformed = (value: unknown): string => {
    try {
      parse(value);
    } catch (error) {
      expect(error).toBeInstanceOf(KmsError);
      expect((error as KmsError).name).toBe('MalformedPolicyDocumentException');
      return (error as KmsError).message;
    }
    throw new Error('expected MalformedPolicyDocumentException');
  };

  it('accepts the policies AWS writes and normalizes one statement to a list', () => {
    expect(parse(defaultKeyPolicy(ACCOUNT)).Statement).toHaveLength(1);
    expect(parse(consoleKeyPolicy(ACCOUNT, { administrators: [ADMIN_ARN], users: [APP_ROLE_ARN] })).Statement).toHaveLength(4);
    const single = parse({ Version: '2012-10-17', Statement: ROOT_STATEMENT });
    expect(single.Statement).toEqual([ROOT_STATEMENT]);
    expect(parse({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:DescribeKey', Resource: '*' }] }).Statement).toHaveLength(1);
    expect(parse({ Statement: [{ ...ROOT_STATEMENT, Principal: { AWS: ACCOUNT.accountId } }] }).Statement).toHaveLength(1);
  });

  it('refuses text that is not a policy', () => {
    expect(malformed('{"Statement": [')).toMatch(/JSON/);
    malformed('[]');
    malformed('null');
    malformed({ Version: '2012-10-17' });
    malformed({ Statement: [] });
    malformed({ Statement: ['text'] });
  });

  it('refuses a statement without a valid Effect, a principal or an action', () => {
    malformed({ Statement: [{ ...ROOT_STATEMENT, Effect: 'Maybe' }] });
    const { Principal: _p, ...noPrincipal } = ROOT_STATEMENT;
    expect(malformed({ Statement: [noPrincipal] })).toMatch(/principal/i);
    const { Action: _a, ...noAction } = ROOT_STATEMENT;
    expect(malformed({ Statement: [noAction] })).toMatch(/action/i);
  });

  it('refuses principals that do not exist', () => {
    expect(malformed({ Statement: [{ ...ROOT_STATEMENT, Principal: { AWS: 'arn:aws:iam::111122223333:user/Nobody' } }] })).toBe(
      'Policy contains a statement with one or more invalid principals.',
    );
    expect(malformed({ Statement: [{ ...ROOT_STATEMENT, Principal: { AWS: [ADMIN_ARN, 'arn:aws:iam::111122223333:role/Ghost'] } }] })).toBe(
      'Policy contains a statement with one or more invalid principals.',
    );
  });

  it('refuses ForAllValues with kms:EncryptionContext:<key>, but not with kms:EncryptionContextKeys', () => {
    const withCondition = (Condition: PolicyStatement['Condition']) => ({ Statement: [ROOT_STATEMENT, { Effect: 'Allow', Principal: { AWS: APP_ROLE_ARN }, Action: 'kms:Decrypt', Resource: '*', Condition }] });
    expect(malformed(withCondition({ 'ForAllValues:StringEquals': { 'kms:EncryptionContext:Department': 'IT' } }))).toMatch(/^OverlyPermissiveCondition:EncryptionContext: /);
    expect(parse(withCondition({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } })).Statement).toHaveLength(2);
    expect(parse(withCondition({ StringEquals: { 'kms:EncryptionContext:Department': 'IT' } })).Statement).toHaveLength(2);
  });
});

describe('the policies AWS writes', () => {
  it('defaultKeyPolicy is AWS’s text character for character', () => {
    expect(defaultKeyPolicy(ACCOUNT)).toBe(AWS_DEFAULT_POLICY);
    expect(defaultKeyPolicy({ accountId: '444455556666', region: 'eu-west-1' })).toContain('"AWS" : "arn:aws:iam::444455556666:root"');
  });

  it('awsPolicyJson prints like KMS’s Jackson printer', () => {
    expect(awsPolicyJson([])).toBe('[ ]');
    expect(awsPolicyJson({})).toBe('{ }');
    expect(awsPolicyJson(['kms:Encrypt', 'kms:Decrypt'])).toBe('[ "kms:Encrypt", "kms:Decrypt" ]');
    expect(awsPolicyJson({ a: [{ b: 1 }] })).toBe('{\n  "a" : [ {\n    "b" : 1\n  } ]\n}');
  });

  it('consoleKeyPolicy: root, administrators (no crypto, but ScheduleKeyDeletion), users, and AWS-resource grants', () => {
    const doc = JSON.parse(consoleKeyPolicy(ACCOUNT, { administrators: [ADMIN_ARN], users: [APP_ROLE_ARN] })) as {
      Id: string;
      Statement: PolicyStatement[];
    };
    expect(doc.Id).toBe('key-consolepolicy-3');
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'Allow access for Key Administrators',
      'Allow use of the key',
      'Allow attachment of persistent resources',
    ]);
    const [, admins, users, grants] = doc.Statement;
    expect(admins?.Principal).toEqual({ AWS: ADMIN_ARN });
    expect(admins?.Action).toEqual(KEY_ADMIN_ACTIONS);
    expect(admins?.Action).toContain('kms:ScheduleKeyDeletion');
    expect(admins?.Action).not.toContain('kms:Encrypt');
    expect(users?.Action).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']);
    expect(grants?.Action).toEqual(['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant']);
    expect(grants?.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  });

  it('consoleKeyPolicy: several principals become a list; imported keys add ImportKeyMaterial; empty choices leave statements out', () => {
    const doc = JSON.parse(consoleKeyPolicy(ACCOUNT, { administrators: [ADMIN_ARN, AUDITOR_ARN], users: [], external: true })) as {
      Statement: PolicyStatement[];
    };
    expect(doc.Statement).toHaveLength(2);
    expect(doc.Statement[1]?.Principal).toEqual({ AWS: [ADMIN_ARN, AUDITOR_ARN] });
    expect(doc.Statement[1]?.Action).toContain('kms:ImportKeyMaterial');
  });

  it('awsManagedKeyPolicy lets the service use the key and the account read it', () => {
    const text = awsManagedKeyPolicy(ACCOUNT, 'alias/aws/ebs', 'ec2');
    const doc = parseKeyPolicy(text, new Set(), ACCOUNT);
    expect(doc.Id).toBe('auto-ebs-2');
    expect(doc.Statement[0]?.Condition).toEqual({
      StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' },
    });
    // Through the service it works; called directly (no kms:ViaService) it does not.
    expect(authorizeKeyAction(doc, app, ACCOUNT, 'kms:Encrypt', KEY_ARN, { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' }, false).allowed).toBe(true);
    expect(authorizeKeyAction(doc, app, ACCOUNT, 'kms:Encrypt', KEY_ARN, { 'kms:CallerAccount': '111122223333' }, false)).toEqual({
      allowed: false,
      reason: 'no-resource-policy',
    });
    expect(authorizeKeyAction(doc, auditor, ACCOUNT, 'kms:GetKeyPolicy', KEY_ARN, { 'kms:CallerAccount': '111122223333' }, false).allowed).toBe(true);
  });
});

// ---- through the simulator --------------------------------------------------

describe('key policies through Kms', () => {
  it('GetKeyPolicy returns AWS’s exact default policy and the name "default"', async () => {
    const kms = await newKms();
    const { KeyMetadata } = await kms.createKey();
    const result = await kms.getKeyPolicy({ KeyId: KeyMetadata.KeyId });
    expect(result).toEqual({ Policy: AWS_DEFAULT_POLICY, PolicyName: 'default' });
    expect(await kms.getKeyPolicy({ KeyId: KeyMetadata.Arn, PolicyName: 'default' })).toEqual(result);
  });

  it('ListKeyPolicies lists only "default"; any other policy name is not found', async () => {
    const kms = await newKms();
    const { KeyMetadata } = await kms.createKey();
    expect(await kms.listKeyPolicies({ KeyId: KeyMetadata.KeyId })).toEqual({ PolicyNames: ['default'], Truncated: false });
    expect((await failure(kms.getKeyPolicy({ KeyId: KeyMetadata.KeyId, PolicyName: 'other' }))).name).toBe('NotFoundException');
    const put = await failure(kms.putKeyPolicy({ KeyId: KeyMetadata.KeyId, PolicyName: 'other', Policy: AWS_DEFAULT_POLICY.replace('key-default-1', 'x') }));
    expect(put.name).toBe('NotFoundException');
    expect((await kms.getKeyPolicy({ KeyId: KeyMetadata.KeyId })).Policy).toBe(AWS_DEFAULT_POLICY);
    // Key policy operations take a key ID or ARN, not an alias.
    await kms.createAlias({ AliasName: 'alias/p', TargetKeyId: KeyMetadata.KeyId });
    expect((await failure(kms.getKeyPolicy({ KeyId: 'alias/p' }))).name).toBe('NotFoundException');
  });

  it('PutKeyPolicy stores the caller’s text as written', async () => {
    const kms = await newKms();
    const { KeyMetadata } = await kms.createKey();
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [ROOT_STATEMENT, { Effect: 'Allow', Principal: { AWS: AUDITOR_ARN }, Action: 'kms:Describe*', Resource: '*' }] }, null, 2);
    await kms.putKeyPolicy({ KeyId: KeyMetadata.KeyId, Policy: policy });
    expect((await kms.getKeyPolicy({ KeyId: KeyMetadata.KeyId })).Policy).toBe(policy);
  });

  it('AccessDeniedException: no identity-based policy (the key delegates to IAM, IAM does not allow)', async () => {
    const kms = await newKms();
    const { KeyMetadata } = await kms.createKey();
    kms.setCaller('admin');
    const error = await failure(kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('hi') }));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(
      `User: ${ADMIN_ARN} is not authorized to perform: kms:Encrypt on resource: ${KeyMetadata.Arn} because no identity-based policy allows the kms:Encrypt action`,
    );
  });

  it('AccessDeniedException: no resource-based policy (the key policy neither names the caller nor delegates)', async () => {
    const kms = await newKms();
    const onlyAdmin = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'kms:*', Resource: '*' }] });
    kms.setCaller('admin');
    const { KeyMetadata } = await kms.createKey({ Policy: onlyAdmin });
    kms.setCaller('auditor');
    const error = await failure(kms.describeKey({ KeyId: KeyMetadata.KeyId }));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(
      `User: ${AUDITOR_ARN} is not authorized to perform: kms:DescribeKey on resource: ${KeyMetadata.Arn} because no resource-based policy allows the kms:DescribeKey action`,
    );
    // The root user is locked out of this key as well.
    kms.setCaller('root');
    expect((await failure(kms.getKeyPolicy({ KeyId: KeyMetadata.KeyId }))).message).toBe(
      `User: ${ROOT_ARN} is not authorized to perform: kms:GetKeyPolicy on resource: ${KeyMetadata.Arn} because no resource-based policy allows the kms:GetKeyPolicy action`,
    );
    // The admin, named directly, can do anything, even encrypt, whatever its IAM policy says.
    kms.setCaller('admin');
    await expect(kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('hi') })).resolves.toMatchObject({ KeyId: KeyMetadata.Arn });
  });

  it('AccessDeniedException: explicit deny in the key policy', async () => {
    const kms = await newKms();
    const policy = JSON.stringify({
      Statement: [ROOT_STATEMENT, { Effect: 'Deny', Principal: { AWS: APP_ROLE_ARN }, Action: 'kms:Decrypt', Resource: '*' }],
    });
    const { KeyMetadata } = await kms.createKey({ Policy: policy });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('secret') });
    kms.setCaller('app');
    const error = await failure(kms.decrypt({ CiphertextBlob }));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(
      `User: ${APP_SESSION_ARN} is not authorized to perform: kms:Decrypt on resource: ${KeyMetadata.Arn} with an explicit deny in a resource-based policy`,
    );
    await expect(kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('x') })).resolves.toBeDefined();
  });

  it('the four principals: root does all, admin manages but cannot use, app uses but cannot manage, auditor reads', async () => {
    const kms = await newKms();
    const { KeyMetadata } = await kms.createKey();
    const KeyId = KeyMetadata.KeyId;
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('data') });

    const outcome = async (call: () => Promise<unknown>): Promise<string> => {
      try {
        await call();
        return 'ok';
      } catch (error) {
        if (error instanceof KmsError) return error.name;
        throw error;
      }
    };
    const callers = ['root', 'admin', 'app', 'auditor'] as const;
    const ok = 'ok';
    const denied = 'AccessDeniedException';
    // Each operation, how it is called, and what each caller gets: [root, admin, app, auditor].
    const matrix: [operation: string, call: () => Promise<unknown>, outcomes: [string, string, string, string]][] = [
      ['DescribeKey', () => kms.describeKey({ KeyId }), [ok, ok, ok, ok]],
      ['GetKeyPolicy', () => kms.getKeyPolicy({ KeyId }), [ok, ok, denied, ok]],
      ['ListGrants', () => kms.listGrants({ KeyId }), [ok, ok, denied, ok]],
      ['ListResourceTags', () => kms.listResourceTags({ KeyId }), [ok, ok, denied, ok]],
      ['GetKeyRotationStatus', () => kms.getKeyRotationStatus({ KeyId }), [ok, ok, denied, ok]],
      ['ListKeys', () => kms.listKeys(), [ok, ok, ok, ok]],
      ['Encrypt', () => kms.encrypt({ KeyId, Plaintext: encode('data') }), [ok, denied, ok, denied]],
      ['Decrypt', () => kms.decrypt({ CiphertextBlob }), [ok, denied, ok, denied]],
      ['GenerateDataKey', () => kms.generateDataKey({ KeyId, KeySpec: 'AES_256' }), [ok, denied, ok, denied]],
      ['UpdateKeyDescription', () => kms.updateKeyDescription({ KeyId, Description: 'x' }), [ok, ok, denied, denied]],
      ['TagResource', () => kms.tagResource({ KeyId, Tags: [{ TagKey: 'k', TagValue: 'v' }] }), [ok, ok, denied, denied]],
      ['EnableKeyRotation', () => kms.enableKeyRotation({ KeyId }), [ok, ok, denied, denied]],
      ['PutKeyPolicy', () => kms.putKeyPolicy({ KeyId, Policy: AWS_DEFAULT_POLICY }), [ok, ok, denied, denied]],
      ['CreateKey', () => kms.createKey(), [ok, ok, denied, denied]],
      [
        'ScheduleKeyDeletion',
        async () => {
          await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
          await kms.cancelKeyDeletion({ KeyId });
          await kms.enableKey({ KeyId });
        },
        [ok, ok, denied, denied],
      ],
    ];
    const table: Record<string, Record<string, string>> = {};
    const expected: Record<string, Record<string, string>> = {};
    for (const [column, who] of callers.entries()) {
      kms.setCaller(who);
      const row: Record<string, string> = {};
      for (const [operation, call] of matrix) row[operation] = await outcome(call);
      table[who] = row;
      expected[who] = Object.fromEntries(matrix.map(([operation, , outcomes]) => [operation, outcomes[column]!]));
    }
    expect(table).toEqual(expected);
  });

  it('denied CreateKey names resource "*"', async () => {
    const kms = await newKms();
    kms.setCaller('app');
    expect((await failure(kms.createKey())).message).toBe(
      `User: ${APP_SESSION_ARN} is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action`,
    );
  });

  it('a key with the console policy: the key policy lets admin manage and app use; admin cannot encrypt, app cannot delete', async () => {
    const kms = await newKms();
    const policy = consoleKeyPolicy(kms.account, { administrators: [ADMIN_ARN], users: [APP_ROLE_ARN] });
    const { KeyMetadata } = await kms.createKey({ Policy: policy });
    const KeyId = KeyMetadata.KeyId;
    const events: TraceEvent[] = [];
    kms.subscribe((e) => events.push(e));
    const allowedBy = () => events.at(-1)?.steps.find((s) => s.kind === 'authorize')?.caption;

    kms.setCaller('admin');
    await kms.disableKey({ KeyId });
    expect(allowedBy()).toBe('Allowed by the key policy');
    await kms.enableKey({ KeyId });
    const adminEncrypt = await failure(kms.encrypt({ KeyId, Plaintext: encode('x') }));
    expect(adminEncrypt.name).toBe('AccessDeniedException');
    expect(adminEncrypt.message).toBe(
      `User: ${ADMIN_ARN} is not authorized to perform: kms:Encrypt on resource: ${KeyMetadata.Arn} because no identity-based policy allows the kms:Encrypt action`,
    );

    kms.setCaller('app');
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('x') });
    expect(allowedBy()).toBe('Allowed by the key policy');
    expect(decode((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('x');
    const appDelete = await failure(kms.scheduleKeyDeletion({ KeyId }));
    expect(appDelete.name).toBe('AccessDeniedException');
    expect(appDelete.message).toBe(
      `User: ${APP_SESSION_ARN} is not authorized to perform: kms:ScheduleKeyDeletion on resource: ${KeyMetadata.Arn} because no identity-based policy allows the kms:ScheduleKeyDeletion action`,
    );
    // The grant statement needs kms:GrantIsForAWSResource, which a direct call never has.
    const appGrant = await failure(kms.createGrant({ KeyId, GranteePrincipal: AUDITOR_ARN, Operations: ['Decrypt'] }));
    expect(appGrant.name).toBe('AccessDeniedException');

    kms.setCaller('admin');
    await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
    expect((await kms.describeKey({ KeyId })).KeyMetadata.KeyState).toBe('PendingDeletion');
  });

  describe('PutKeyPolicy validation', () => {
    async function keyWithDefaultPolicy() {
      const kms = await newKms();
      const { KeyMetadata } = await kms.createKey();
      return { kms, KeyId: KeyMetadata.KeyId };
    }

    it('refuses invalid JSON and a statement without principal, and keeps the old policy', async () => {
      const { kms, KeyId } = await keyWithDefaultPolicy();
      const invalid = await failure(kms.putKeyPolicy({ KeyId, Policy: '{"Version": "2012-10-17", "Statement": [' }));
      expect(invalid.name).toBe('MalformedPolicyDocumentException');
      const { Principal: _p, ...noPrincipal } = ROOT_STATEMENT;
      const missing = await failure(kms.putKeyPolicy({ KeyId, Policy: JSON.stringify({ Statement: [noPrincipal] }) }));
      expect(missing.name).toBe('MalformedPolicyDocumentException');
      expect(missing.message).toMatch(/principal/i);
      expect((await kms.getKeyPolicy({ KeyId })).Policy).toBe(AWS_DEFAULT_POLICY);
    });

    it('refuses an unknown principal', async () => {
      const { kms, KeyId } = await keyWithDefaultPolicy();
      const policy = JSON.stringify({
        Statement: [ROOT_STATEMENT, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/DoesNotExist' }, Action: 'kms:Decrypt', Resource: '*' }],
      });
      const error = await failure(kms.putKeyPolicy({ KeyId, Policy: policy }));
      expect(error.name).toBe('MalformedPolicyDocumentException');
      expect(error.message).toBe('Policy contains a statement with one or more invalid principals.');
    });

    it('the lockout safety check refuses a policy that would stop the caller updating it; the bypass allows it', async () => {
      const { kms, KeyId } = await keyWithDefaultPolicy();
      const onlyAppUses = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: APP_ROLE_ARN }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' }] });
      const error = await failure(kms.putKeyPolicy({ KeyId, Policy: onlyAppUses }));
      expect(error.name).toBe('MalformedPolicyDocumentException');
      expect(error.message).toBe('The new key policy will not allow you to update the key policy in the future.');
      expect((await failure(kms.putKeyPolicy({ KeyId, Policy: onlyAppUses, BypassPolicyLockoutSafetyCheck: false }))).message).toBe(
        'The new key policy will not allow you to update the key policy in the future.',
      );
      expect((await kms.getKeyPolicy({ KeyId })).Policy).toBe(AWS_DEFAULT_POLICY);

      await kms.putKeyPolicy({ KeyId, Policy: onlyAppUses, BypassPolicyLockoutSafetyCheck: true });
      // The root user has locked itself out; the app can still use the key.
      const locked = await failure(kms.putKeyPolicy({ KeyId, Policy: AWS_DEFAULT_POLICY }));
      expect(locked.name).toBe('AccessDeniedException');
      expect(locked.message).toMatch(/kms:PutKeyPolicy .* because no resource-based policy allows the kms:PutKeyPolicy action$/);
      kms.setCaller('app');
      await expect(kms.encrypt({ KeyId, Plaintext: encode('still works') })).resolves.toBeDefined();
    });

    it('the safety check is about the caller: admin may hand the key to the account, not to the app alone', async () => {
      const { kms, KeyId } = await keyWithDefaultPolicy();
      kms.setCaller('admin');
      // The account statement still delegates to the admin's IAM policy, which allows kms:Put*.
      await kms.putKeyPolicy({ KeyId, Policy: JSON.stringify({ Statement: [ROOT_STATEMENT] }) });
      const toAppOnly = JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: { AWS: APP_ROLE_ARN }, Action: 'kms:*', Resource: '*' }],
      });
      expect((await failure(kms.putKeyPolicy({ KeyId, Policy: toAppOnly }))).message).toBe(
        'The new key policy will not allow you to update the key policy in the future.',
      );
    });

    it('CreateKey checks a supplied policy the same way', async () => {
      const kms = await newKms();
      const before = (await kms.listKeys()).Keys.length;
      const noRoot = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'kms:Describe*', Resource: '*' }] });
      const error = await failure(kms.createKey({ Policy: noRoot }));
      expect(error.name).toBe('MalformedPolicyDocumentException');
      expect(error.message).toBe('The new key policy will not allow you to update the key policy in the future.');
      expect((await kms.listKeys()).Keys).toHaveLength(before);
      const created = await kms.createKey({ Policy: noRoot, BypassPolicyLockoutSafetyCheck: true });
      expect((await kms.listKeys()).Keys).toHaveLength(before + 1);
      expect((await failure(kms.describeKey({ KeyId: created.KeyMetadata.KeyId }))).name).toBe('AccessDeniedException');
    });

    it('refuses a policy over 32 KB', async () => {
      const { kms, KeyId } = await keyWithDefaultPolicy();
      const filler = Array.from({ length: 400 }, (_, i) => ({ Sid: `S${i}`.padEnd(60, 'x'), Effect: 'Allow', Principal: { AWS: ROOT_ARN }, Action: 'kms:*', Resource: '*' }));
      const policy = JSON.stringify({ Statement: filler });
      expect(policy.length).toBeGreaterThan(32 * 1024);
      expect((await failure(kms.putKeyPolicy({ KeyId, Policy: policy }))).name).toBe('LimitExceededException');
    });

    it('only principals allowed kms:PutKeyPolicy may call it', async () => {
      const { kms, KeyId } = await keyWithDefaultPolicy();
      kms.setCaller('auditor');
      const error = await failure(kms.putKeyPolicy({ KeyId, Policy: AWS_DEFAULT_POLICY }));
      expect(error.name).toBe('AccessDeniedException');
      expect(error.message).toContain('kms:PutKeyPolicy');
    });
  });

  describe('encryption context conditions in a key policy', () => {
    it('Deny Decrypt unless the context says purpose=billing', async () => {
      const kms = await newKms();
      const policy = JSON.stringify({
        Statement: [
          ROOT_STATEMENT,
          {
            Sid: 'Decrypt only billing data',
            Effect: 'Deny',
            Principal: { AWS: APP_ROLE_ARN },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringNotEquals: { 'kms:EncryptionContext:purpose': 'billing' } },
          },
        ],
      });
      const { KeyMetadata } = await kms.createKey({ Policy: policy });
      const KeyId = KeyMetadata.KeyId;
      const billing = await kms.encrypt({ KeyId, Plaintext: encode('invoice'), EncryptionContext: { purpose: 'billing' } });
      const reports = await kms.encrypt({ KeyId, Plaintext: encode('report'), EncryptionContext: { purpose: 'reports' } });
      const bare = await kms.encrypt({ KeyId, Plaintext: encode('bare') });

      kms.setCaller('app');
      const ok = await kms.decrypt({ CiphertextBlob: billing.CiphertextBlob, EncryptionContext: { purpose: 'billing' } });
      expect(decode(ok.Plaintext)).toBe('invoice');
      const deniedMessage = `User: ${APP_SESSION_ARN} is not authorized to perform: kms:Decrypt on resource: ${KeyMetadata.Arn} with an explicit deny in a resource-based policy`;
      const wrong = await failure(kms.decrypt({ CiphertextBlob: reports.CiphertextBlob, EncryptionContext: { purpose: 'reports' } }));
      expect([wrong.name, wrong.message]).toEqual(['AccessDeniedException', deniedMessage]);
      const none = await failure(kms.decrypt({ CiphertextBlob: bare.CiphertextBlob }));
      expect([none.name, none.message]).toEqual(['AccessDeniedException', deniedMessage]);
      // The deny names only Decrypt and only the app.
      await expect(kms.encrypt({ KeyId, Plaintext: encode('x'), EncryptionContext: { purpose: 'reports' } })).resolves.toBeDefined();
      kms.setCaller('root');
      await expect(kms.decrypt({ CiphertextBlob: reports.CiphertextBlob, EncryptionContext: { purpose: 'reports' } })).resolves.toBeDefined();
    });

    it('Allow Encrypt/Decrypt only with purpose=billing, with IAM delegation for everything else', async () => {
      const kms = await newKms();
      const policy = JSON.stringify({
        Statement: [
          { ...ROOT_STATEMENT, Action: undefined, NotAction: ['kms:Encrypt', 'kms:Decrypt'] },
          {
            Effect: 'Allow',
            Principal: { AWS: APP_ROLE_ARN },
            Action: ['kms:Encrypt', 'kms:Decrypt'],
            Resource: '*',
            // The condition key's context key is not case sensitive (AWS guide), the value is.
            Condition: { StringEquals: { 'kms:EncryptionContext:Purpose': 'billing' } },
          },
        ],
      });
      const { KeyMetadata } = await kms.createKey({ Policy: policy });
      const KeyId = KeyMetadata.KeyId;
      kms.setCaller('app');
      const sealed = await kms.encrypt({ KeyId, Plaintext: encode('invoice'), EncryptionContext: { purpose: 'billing', extra: 'ok' } });
      const opened = await kms.decrypt({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { extra: 'ok', purpose: 'billing' } });
      expect(decode(opened.Plaintext)).toBe('invoice');
      const noContext = await failure(kms.encrypt({ KeyId, Plaintext: encode('x') }));
      expect(noContext.message).toBe(
        `User: ${APP_SESSION_ARN} is not authorized to perform: kms:Encrypt on resource: ${KeyMetadata.Arn} because no resource-based policy allows the kms:Encrypt action`,
      );
      expect((await failure(kms.encrypt({ KeyId, Plaintext: encode('x'), EncryptionContext: { purpose: 'Billing' } }))).name).toBe('AccessDeniedException');
      // DescribeKey still comes through the account statement and the app's IAM policy.
      await expect(kms.describeKey({ KeyId })).resolves.toBeDefined();
    });
  });

  it('kms:CallerAccount with Principal "*" admits every identity of the account, and only it', async () => {
    const kms = await newKms();
    const forAccount = (account: string) =>
      JSON.stringify({
        Statement: [
          { ...ROOT_STATEMENT, Action: undefined, NotAction: 'kms:Encrypt' },
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': account } } },
        ],
      });
    const ours = await kms.createKey({ Policy: forAccount('111122223333') });
    const theirs = await kms.createKey({ Policy: forAccount('444455556666') });
    // The auditor's IAM policy allows no kms:Encrypt; the key policy alone lets it in.
    kms.setCaller('auditor');
    await expect(kms.encrypt({ KeyId: ours.KeyMetadata.KeyId, Plaintext: encode('x') })).resolves.toBeDefined();
    const error = await failure(kms.encrypt({ KeyId: theirs.KeyMetadata.KeyId, Plaintext: encode('x') }));
    expect(error.message).toBe(
      `User: ${AUDITOR_ARN} is not authorized to perform: kms:Encrypt on resource: ${theirs.KeyMetadata.Arn} because no resource-based policy allows the kms:Encrypt action`,
    );
  });

  describe('kms:ViaService', () => {
    it('is absent for direct calls, so an AWS managed key cannot be used directly, only read', async () => {
      const kms = await newKms();
      kms.setCaller('app');
      const described = await kms.describeKey({ KeyId: 'alias/aws/s3' });
      expect(described.KeyMetadata.KeyManager).toBe('AWS');
      const error = await failure(kms.encrypt({ KeyId: 'alias/aws/s3', Plaintext: encode('x') }));
      expect(error.name).toBe('AccessDeniedException');
      expect(error.message).toBe(
        `User: ${APP_SESSION_ARN} is not authorized to perform: kms:Encrypt on resource: ${described.KeyMetadata.Arn} because no resource-based policy allows the kms:Encrypt action`,
      );
      kms.setCaller('root');
      expect((await failure(kms.generateDataKey({ KeyId: 'alias/aws/s3', KeySpec: 'AES_256' }))).name).toBe('AccessDeniedException');
      const policy = JSON.parse((await kms.getKeyPolicy({ KeyId: described.KeyMetadata.KeyId })).Policy) as { Id: string };
      expect(policy.Id).toBe('auto-s3-2');
    });

    it('a key policy condition StringEquals kms:ViaService never matches a direct call', async () => {
      const kms = await newKms();
      const policy = JSON.stringify({
        Statement: [
          { ...ROOT_STATEMENT, Action: undefined, NotAction: 'kms:Decrypt' },
          { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'rds.us-east-1.amazonaws.com' } } },
        ],
      });
      const { KeyMetadata } = await kms.createKey({ Policy: policy });
      const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('x') });
      expect((await failure(kms.decrypt({ CiphertextBlob }))).name).toBe('AccessDeniedException');
    });
  });
});
