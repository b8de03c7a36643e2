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
    /** Absent for events KMS records on its own (AwsServiceEvent). */
    principalId?: string;
    arn?: string;
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

/**
 * How many of the newest events the simulator keeps in memory (and the saved
 * sandbox keeps on disk): a learner's session can make tens of thousands of
 * calls, and memory must stay flat. Counts of all events stay exact
 * (Kms.auditCount, Kms.auditFailures).
 */
export const AUDIT_MEMORY_LIMIT = 1000;

/** Members that hold secrets or opaque blobs: CloudTrail leaves them out. */
const SECRET_MEMBERS = new Set([
  'Plaintext',
  'CiphertextBlob',
  'EncryptedKeyMaterial',
  'ImportToken',
  'PublicKey',
  'GrantToken',
  'GrantTokens',
  'KeyStorePassword',
  'XksProxyAuthenticationCredential',
]);

/** API member names camel-cased, remembered: the same few dozen names come up on every call. */
const camelNames = new Map<string, string>();

function camel(name: string): string {
  let camelName = camelNames.get(name);
  if (camelName === undefined) {
    camelName = name.charAt(0).toLowerCase() + name.slice(1);
    if (camelNames.size < 1024) camelNames.set(name, camelName);
  }
  return camelName;
}

/** Members that are maps of the caller's own strings: CloudTrail shows their keys as they are. */
const MAP_MEMBERS = new Set([
  'EncryptionContext',
  'SourceEncryptionContext',
  'DestinationEncryptionContext',
  'EncryptionContextSubset',
  'EncryptionContextEquals',
]);

/** One value as CloudTrail shows it: nested structures camel-cased too (`tags: [{ tagKey, tagValue }]`, `keyMetadata.aWSAccountId`). */
function auditValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.filter((v) => !(v instanceof Uint8Array)).map(auditValue);
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) return auditParameters(value as Record<string, unknown>) ?? {};
  return value;
}

/** Request or response members as CloudTrail shows them. */
export function auditParameters(members: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!members) return null;
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const name of Object.keys(members)) {
    const value = members[name];
    if (value === undefined || value instanceof Uint8Array || SECRET_MEMBERS.has(name)) continue;
    out[camel(name)] = MAP_MEMBERS.has(name) && typeof value === 'object' && value !== null ? { ...value } : auditValue(value);
    kept++;
  }
  return kept > 0 ? out : null;
}

/** The last second auditTime formatted: calls come many to a second, and toISOString is not cheap. */
let formattedSecond = Number.NaN;
let formattedText = '';

/** CloudTrail's eventTime: whole seconds, "2026-01-05T09:00:00Z" (toISOString always ends in ".sssZ"). */
export function auditTime(time: Date): string {
  const second = Math.floor(time.getTime() / 1000);
  if (second !== formattedSecond) {
    formattedText = `${time.toISOString().slice(0, -5)}Z`;
    formattedSecond = second;
  }
  return formattedText;
}

const READ_ONLY = /^(Describe|Get|List)/;

/** Cryptographic operations change nothing either: CloudTrail marks them readOnly (see the ct-*.md samples in AWS's guide). */
const CRYPTOGRAPHIC = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateRandom',
  'GenerateMac',
  'VerifyMac',
  'Sign',
  'Verify',
  'DeriveSharedSecret',
]);

/** Answers by operation name, which come from a fixed set: the test runs once per name. */
const readOnlyByOperation = new Map<string, boolean>();

export function isReadOnly(operation: string): boolean {
  let readOnly = readOnlyByOperation.get(operation);
  if (readOnly === undefined) {
    readOnly = READ_ONLY.test(operation) || CRYPTOGRAPHIC.has(operation);
    if (readOnlyByOperation.size < 256) readOnlyByOperation.set(operation, readOnly);
  }
  return readOnly;
}
