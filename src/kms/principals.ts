import type { AccountContext } from './ids.ts';

/**
 * The simulated callers. Real AWS knows who calls from the request
 * signature; the simulator is told, and the learner switches with
 * `--profile` (root, admin, app, auditor).
 */
export interface Principal {
  /** Short name, also the CLI profile name. */
  name: string;
  /** What the principal is, as CloudTrail's userIdentity.type says it. */
  type: 'Root' | 'IAMUser' | 'AssumedRole';
  /** ARN of the caller as AWS reports it in errors (an assumed-role session for roles). */
  arn: string;
  /** ARN that key policies name to mean this principal (the role, not the session). */
  policyArn: string;
  principalId: string;
  userName?: string;
  /** Identity (IAM) policy; undefined for the account root, which IAM does not limit. */
  identityPolicy?: PolicyDocument;
  description: string;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | { AWS?: string | string[]; Service?: string | string[] };
  NotPrincipal?: { AWS?: string | string[] };
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}

/** Actions of a key administrator in the console's default key policy (kms:Delete* does not cover ScheduleKeyDeletion). */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** Actions of a key user in the console's default key policy. */
export const KEY_USER_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

export function defaultPrincipals(ctx: AccountContext): Principal[] {
  const iam = (path: string) => `arn:aws:iam::${ctx.accountId}:${path}`;
  return [
    {
      name: 'root',
      type: 'Root',
      arn: iam('root'),
      policyArn: iam('root'),
      principalId: ctx.accountId,
      description: 'The account root user: every permission a key policy gives the account.',
    },
    {
      name: 'admin',
      type: 'IAMUser',
      arn: iam('user/KeyAdmin'),
      policyArn: iam('user/KeyAdmin'),
      principalId: 'AIDAKEYADMINEXAMPLE01',
      userName: 'KeyAdmin',
      description: 'IAM user KeyAdmin: creates and manages keys. Its policy allows no encrypt or decrypt, but kms:Create* includes CreateGrant, so it can grant itself that use on keys it administers.',
      identityPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'KeyAdministration', Effect: 'Allow', Action: [...KEY_ADMIN_ACTIONS, 'kms:ImportKeyMaterial'], Resource: '*' },
        ],
      },
    },
    {
      name: 'app',
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ctx.accountId}:assumed-role/AppRole/app-session`,
      policyArn: iam('role/AppRole'),
      principalId: 'AROAAPPROLEEXAMPLE01:app-session',
      description: 'IAM role AppRole (an application): uses keys to encrypt and decrypt, cannot manage them.',
      identityPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'UseKeys',
            Effect: 'Allow',
            Action: [...KEY_USER_ACTIONS, 'kms:GenerateRandom', 'kms:ListKeys', 'kms:ListAliases'],
            Resource: '*',
          },
        ],
      },
    },
    {
      name: 'auditor',
      type: 'IAMUser',
      arn: iam('user/Auditor'),
      policyArn: iam('user/Auditor'),
      principalId: 'AIDAAUDITOREXAMPLE01',
      userName: 'Auditor',
      description: 'IAM user Auditor: reads keys, policies and grants, changes nothing.',
      identityPolicy: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'ReadOnly', Effect: 'Allow', Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' }],
      },
    },
  ];
}
