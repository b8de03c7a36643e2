import type { Principal } from './principals.ts';

/**
 * A CloudTrail-shaped record of one call, successful or not. Request
 * parameters keep their API names camel-cased, as CloudTrail writes them,
 * and never carry plaintext, ciphertext or key material.
 */
export interface AuditEvent {
  eventVersion: '1.08';
  userIdentity: {
    type: Principal['type'] | 'AWSService';
    principalId: string;
    arn: string;
    accountId: string;
    userName?: string;
    invokedBy?: string;
  };
  eventTime: string;
  eventSource: 'kms.amazonaws.com';
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: { accountId: string; type: 'AWS::KMS::Key'; ARN: string }[];
  eventType: 'AwsApiCall' | 'AwsServiceEvent';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
}

/** Members that hold secrets or opaque blobs: CloudTrail leaves them out. */
const SECRET_MEMBERS = new Set([
  'Plaintext',
  'CiphertextBlob',
  'EncryptedKeyMaterial',
  'ImportToken',
  'PublicKey',
  'GrantToken',
  'GrantTokens',
]);

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** Request or response members as CloudTrail shows them. */
export function auditParameters(members: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!members) return null;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(members)) {
    if (SECRET_MEMBERS.has(name) || value === undefined || value instanceof Uint8Array) continue;
    out[camel(name)] = value instanceof Date ? value.toISOString() : value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

const READ_ONLY = /^(Describe|Get|List)/;

export function isReadOnly(operation: string): boolean {
  return READ_ONLY.test(operation);
}
