/**
 * The full check of a simulator snapshot read back from storage or handed in
 * by a caller: every record, every member, every date, and the audit events
 * member by member, since the UI trusts what it renders (one thin event once
 * blanked the sandbox on every load). A refusal names the part.
 */
import { AUDIT_MEMORY_LIMIT, type AuditEvent } from './audit.ts';
import type { ClockState } from './clock.ts';
import type { ImportParameters } from './engine.ts';
import type { AccountContext } from './ids.ts';
import type { AliasRecord, GrantRecord, KeyMaterial, KeyRecord } from './keys.ts';
import { CONNECTION_STATES, STORE_TYPES, type CustomKeyStoreRecord } from './custom-key-stores.ts';
import { algorithmsOf, AVAILABLE_SPECS, LIST_OF_USAGE } from './key-specs.ts';
import {
  at,
  date,
  finite,
  flag,
  integer,
  list,
  literal,
  oneOf,
  optionalDate,
  optionalText,
  record,
  refuse,
  text,
  textList,
  textMap,
} from './shape-check.ts';

export const SNAPSHOT_FORMAT = 'kms-lab-snapshot';
export const SNAPSHOT_VERSION = 1;

/** The whole simulator as plain records (CryptoKeys as objects): see store.ts. */
export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  schemaVersion: typeof SNAPSHOT_VERSION;
  account: AccountContext;
  clock: ClockState;
  random: { seeded: boolean; state?: number[] };
  keys: KeyRecord[];
  deleted: string[];
  aliases: AliasRecord[];
  grants: GrantRecord[];
  importParameters: ImportParameters[];
  /** Custom key stores (snapshots from before them have none). */
  customKeyStores: CustomKeyStoreRecord[];
  /** The newest AUDIT_MEMORY_LIMIT events, oldest first. */
  audit: AuditEvent[];
  /** Events since the sandbox began (older snapshots lack it: then the log's length). */
  auditCount: number;
  auditFailures: number;
  caller: string;
}

const KEY_STATES = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MATERIAL_ID = /^[0-9a-f]{64}$/;

/*
 * Member checks for the records a restore meets by the thousand: the test
 * inline, the path built (and the shape-check function asked for its
 * wording) only when a member is refused. Paths built for every member of
 * 1,000 keys and 1,000 audit events were the largest part of a restore.
 */
type Fields = Record<string, unknown>;
const textOf = (o: Fields, name: string, path: string): string => {
  const v = o[name];
  return typeof v === 'string' ? v : text(v, at(path, name));
};
const optionalTextOf = (o: Fields, name: string, path: string): void => {
  const v = o[name];
  if (v !== undefined && typeof v !== 'string') text(v, at(path, name));
};
const flagOf = (o: Fields, name: string, path: string): void => {
  if (typeof o[name] !== 'boolean') flag(o[name], at(path, name));
};
const integerOf = (o: Fields, name: string, path: string, min = Number.MIN_SAFE_INTEGER): number => {
  const v = o[name];
  return Number.isSafeInteger(v) && (v as number) >= min ? (v as number) : integer(v, at(path, name), min);
};
const isDate = (v: unknown): boolean => v instanceof Date && !Number.isNaN(v.getTime());
const dateOf = (o: Fields, name: string, path: string): void => {
  if (!isDate(o[name])) date(o[name], at(path, name));
};
const optionalDateOf = (o: Fields, name: string, path: string): void => {
  const v = o[name];
  if (v !== undefined && !isDate(v)) date(v, at(path, name));
};
const oneOfOf = (o: Fields, name: string, path: string, allowed: readonly string[]): void => {
  const v = o[name];
  if (typeof v !== 'string' || !allowed.includes(v)) oneOf(v, at(path, name), allowed);
};
const optionalOneOfOf = (o: Fields, name: string, path: string, allowed: readonly string[]): void => {
  if (o[name] !== undefined) oneOfOf(o, name, path, allowed);
};
const literalOf = (o: Fields, name: string, path: string, expected: string | boolean): void => {
  if (o[name] !== expected) literal(o[name], at(path, name), expected);
};
const recordOf = (o: Fields, name: string, path: string): Fields => {
  const v = o[name];
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) ? (v as Fields) : record(v, at(path, name));
};
const listOf = (o: Fields, name: string, path: string): unknown[] => {
  const v = o[name];
  return Array.isArray(v) ? v : list(v, at(path, name));
};

function cryptoKey(value: unknown, path: string): CryptoKey {
  if (typeof CryptoKey === 'undefined' || !(value instanceof CryptoKey)) refuse(path, 'expected a CryptoKey');
  return value;
}

const ROTATION_TYPES = ['AUTOMATIC', 'ON_DEMAND'];
const EXPIRATION_MODELS = ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'];

function material(value: unknown, path: string): KeyMaterial {
  const m = record(value, path);
  integerOf(m, 'version', path, 0);
  if (!MATERIAL_ID.test(textOf(m, 'id', path))) refuse(at(path, 'id'), 'expected 64 hexadecimal digits');
  if (m['key'] !== undefined) cryptoKey(m['key'], at(path, 'key'));
  if (m['algorithmKeys'] !== undefined) {
    const keys = recordOf(m, 'algorithmKeys', path);
    for (const name of Object.keys(keys)) cryptoKey(keys[name], at(at(path, 'algorithmKeys'), name));
  }
  if (m['publicKey'] !== undefined) cryptoKey(m['publicKey'], at(path, 'publicKey'));
  if (m['sealKey'] !== undefined) cryptoKey(m['sealKey'], at(path, 'sealKey'));
  if (m['spki'] !== undefined && !(m['spki'] instanceof Uint8Array)) refuse(at(path, 'spki'), 'expected bytes (DER SubjectPublicKeyInfo)');
  if (m['sealedPrivate'] !== undefined && !(m['sealedPrivate'] instanceof Uint8Array)) refuse(at(path, 'sealedPrivate'), 'expected bytes');
  if ((m['sealKey'] === undefined) !== (m['sealedPrivate'] === undefined)) refuse(path, 'sealedPrivate and sealKey go together');
  dateOf(m, 'createdAt', path);
  optionalOneOfOf(m, 'rotationType', path, ROTATION_TYPES);
  optionalTextOf(m, 'fingerprint', path);
  optionalOneOfOf(m, 'expirationModel', path, EXPIRATION_MODELS);
  optionalDateOf(m, 'validTo', path);
  return m as unknown as KeyMaterial;
}

const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'];
const KEY_USAGES = Object.keys(LIST_OF_USAGE);
const KEY_MANAGERS = ['CUSTOMER', 'AWS'];

/** One key record, as the keys list of a snapshot or one record of the saved keys store holds it. */
export function checkKeyRecord(value: unknown, path: string): KeyRecord {
  const k = record(value, path);
  if (!UUID.test(textOf(k, 'keyId', path))) refuse(at(path, 'keyId'), 'expected a key ID (a UUID)');
  if (!textOf(k, 'arn', path).startsWith('arn:aws:kms:')) refuse(at(path, 'arn'), 'expected an arn:aws:kms: ARN');
  dateOf(k, 'creationDate', path);
  textOf(k, 'description', path);
  oneOfOf(k, 'origin', path, ORIGINS);
  optionalOneOfOf(k, 'keySpec', path, AVAILABLE_SPECS);
  optionalOneOfOf(k, 'keyUsage', path, KEY_USAGES);
  if (k['keySpec'] !== undefined && algorithmsOf(k['keySpec'] as string, (k['keyUsage'] as string | undefined) ?? 'ENCRYPT_DECRYPT').length === 0) {
    refuse(at(path, 'keyUsage'), `not a usage of key spec ${String(k['keySpec'])}`);
  }
  oneOfOf(k, 'keyManager', path, KEY_MANAGERS);
  oneOfOf(k, 'state', path, KEY_STATES);
  optionalDateOf(k, 'deletionDate', path);
  if (k['pendingWindowInDays'] !== undefined) integerOf(k, 'pendingWindowInDays', path);
  const materials = listOf(k, 'materials', path);
  for (let i = 0; i < materials.length; i++) material(materials[i], at(at(path, 'materials'), i));
  const current = integerOf(k, 'current', path, -1);
  const rotation = recordOf(k, 'rotation', path);
  const rotationPath = at(path, 'rotation');
  flagOf(rotation, 'enabled', rotationPath);
  integerOf(rotation, 'periodDays', rotationPath);
  optionalDateOf(rotation, 'nextRotationDate', rotationPath);
  integerOf(rotation, 'onDemandCount', rotationPath, 0);
  if (k['pendingMaterial'] !== undefined) material(k['pendingMaterial'], at(path, 'pendingMaterial'));
  textOf(k, 'policy', path);
  const tags = listOf(k, 'tags', path);
  for (let i = 0; i < tags.length; i++) {
    const tagPath = at(at(path, 'tags'), i);
    const tag = record(tags[i], tagPath);
    textOf(tag, 'TagKey', tagPath);
    textOf(tag, 'TagValue', tagPath);
  }
  optionalTextOf(k, 'customKeyStoreId', path);
  optionalTextOf(k, 'xksKeyId', path);
  if (k['lastUsage'] !== undefined) {
    const usagePath = at(path, 'lastUsage');
    const usage = recordOf(k, 'lastUsage', path);
    textOf(usage, 'operation', usagePath);
    dateOf(usage, 'timestamp', usagePath);
    textOf(usage, 'eventId', usagePath);
    textOf(usage, 'requestId', usagePath);
  }
  if (current >= materials.length) refuse(path, 'current material version out of range');
  return k as unknown as KeyRecord;
}

function alias(value: unknown, path: string): AliasRecord {
  const a = record(value, path);
  if (!text(a['aliasName'], at(path, 'aliasName')).startsWith('alias/')) refuse(at(path, 'aliasName'), 'expected a name starting alias/');
  optionalText(a['targetKeyId'], at(path, 'targetKeyId'));
  optionalDate(a['creationDate'], at(path, 'creationDate'));
  optionalDate(a['lastUpdatedDate'], at(path, 'lastUpdatedDate'));
  return a as unknown as AliasRecord;
}

function grant(value: unknown, path: string): GrantRecord {
  const g = record(value, path);
  text(g['grantId'], at(path, 'grantId'));
  text(g['keyId'], at(path, 'keyId'));
  optionalText(g['name'], at(path, 'name'));
  date(g['creationDate'], at(path, 'creationDate'));
  text(g['granteePrincipal'], at(path, 'granteePrincipal'));
  optionalText(g['retiringPrincipal'], at(path, 'retiringPrincipal'));
  text(g['issuingAccount'], at(path, 'issuingAccount'));
  textList(g['operations'], at(path, 'operations'));
  if (g['constraints'] !== undefined) {
    const c = record(g['constraints'], at(path, 'constraints'));
    if (c['EncryptionContextSubset'] !== undefined) textMap(c['EncryptionContextSubset'], at(path, 'constraints.EncryptionContextSubset'));
    if (c['EncryptionContextEquals'] !== undefined) textMap(c['EncryptionContextEquals'], at(path, 'constraints.EncryptionContextEquals'));
  }
  text(g['token'], at(path, 'token'));
  return g as unknown as GrantRecord;
}

function importParameters(value: unknown, path: string): ImportParameters {
  const p = record(value, path);
  text(p['tokenId'], at(path, 'tokenId'));
  text(p['keyId'], at(path, 'keyId'));
  cryptoKey(p['privateKey'], at(path, 'privateKey'));
  text(p['wrappingAlgorithm'], at(path, 'wrappingAlgorithm'));
  date(p['validTo'], at(path, 'validTo'));
  return p as unknown as ImportParameters;
}

const STORE_ID = /^cks-[0-9a-f]{17}$/;

function customKeyStore(value: unknown, path: string): CustomKeyStoreRecord {
  const s = record(value, path);
  if (!STORE_ID.test(text(s['id'], at(path, 'id')))) refuse(at(path, 'id'), 'expected a custom key store ID (cks- and 17 hexadecimal digits)');
  text(s['name'], at(path, 'name'));
  const type = oneOf(s['type'], at(path, 'type'), STORE_TYPES);
  date(s['creationDate'], at(path, 'creationDate'));
  oneOf(s['connectionState'], at(path, 'connectionState'), CONNECTION_STATES);
  optionalText(s['connectionErrorCode'], at(path, 'connectionErrorCode'));
  for (const name of ['cloudHsmClusterId', 'trustAnchorCertificate', 'keyStorePassword', 'clusterPassword']) optionalText(s[name], at(path, name));
  if (type === 'AWS_CLOUDHSM' && (s['cloudHsmClusterId'] === undefined || s['xks'] !== undefined)) refuse(path, 'a CloudHSM key store needs its cluster ID and no proxy');
  if (type === 'EXTERNAL_KEY_STORE') {
    const xksPath = at(path, 'xks');
    const x = record(s['xks'], xksPath);
    oneOf(x['connectivity'], at(xksPath, 'connectivity'), ['PUBLIC_ENDPOINT', 'VPC_ENDPOINT_SERVICE']);
    for (const name of ['uriEndpoint', 'uriPath', 'accessKeyId', 'secretAccessKey']) text(x[name], at(xksPath, name));
    for (const name of ['vpcEndpointServiceName', 'vpcEndpointServiceOwner']) optionalText(x[name], at(xksPath, name));
  }
  return s as unknown as CustomKeyStoreRecord;
}

/** CloudTrail's eventTime as the simulator writes it: whole seconds, UTC. */
const EVENT_TIME = /^[+-]?\d{4,6}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function requestMembers(o: Fields, name: string, path: string): void {
  if (o[name] !== null) recordOf(o, name, path);
}

const IDENTITY_TYPES = ['Root', 'IAMUser', 'AssumedRole', 'AWSService'];
const EVENT_TYPES = ['AwsApiCall', 'AwsServiceEvent'];

/** One audit event, member by member (the audit panel renders each of them). */
export function checkAuditEvent(value: unknown, path: string): AuditEvent {
  const e = record(value, path);
  literalOf(e, 'eventVersion', path, '1.08');
  const who = recordOf(e, 'userIdentity', path);
  const whoPath = at(path, 'userIdentity');
  oneOfOf(who, 'type', whoPath, IDENTITY_TYPES);
  optionalTextOf(who, 'principalId', whoPath);
  optionalTextOf(who, 'arn', whoPath);
  optionalTextOf(who, 'userName', whoPath);
  optionalTextOf(who, 'invokedBy', whoPath);
  textOf(who, 'accountId', whoPath);
  if (!EVENT_TIME.test(textOf(e, 'eventTime', path))) refuse(at(path, 'eventTime'), 'expected a time like 2026-01-05T09:00:00Z');
  literalOf(e, 'eventSource', path, 'kms.amazonaws.com');
  textOf(e, 'eventName', path);
  textOf(e, 'awsRegion', path);
  textOf(e, 'sourceIPAddress', path);
  textOf(e, 'userAgent', path);
  requestMembers(e, 'requestParameters', path);
  requestMembers(e, 'responseElements', path);
  optionalTextOf(e, 'errorCode', path);
  optionalTextOf(e, 'errorMessage', path);
  textOf(e, 'requestID', path);
  textOf(e, 'eventID', path);
  flagOf(e, 'readOnly', path);
  if (e['resources'] !== undefined) {
    const resources = listOf(e, 'resources', path);
    for (let i = 0; i < resources.length; i++) {
      const where = at(at(path, 'resources'), i);
      const r = record(resources[i], where);
      textOf(r, 'accountId', where);
      literalOf(r, 'type', where, 'AWS::KMS::Key');
      textOf(r, 'ARN', where);
    }
  }
  oneOfOf(e, 'eventType', path, EVENT_TYPES);
  literalOf(e, 'managementEvent', path, true);
  textOf(e, 'recipientAccountId', path);
  literalOf(e, 'eventCategory', path, 'Management');
  return e as unknown as AuditEvent;
}

export function checkAccount(value: unknown, path: string): AccountContext {
  const a = record(value, path);
  if (!/^\d{12}$/.test(text(a['accountId'], at(path, 'accountId')))) refuse(at(path, 'accountId'), 'expected 12 digits');
  if (text(a['region'], at(path, 'region')) === '') refuse(at(path, 'region'), 'expected a Region name');
  return a as unknown as AccountContext;
}

export function checkClock(value: unknown, path: string): ClockState {
  const c = record(value, path);
  oneOf(c['mode'], at(path, 'mode'), ['live', 'fixed']);
  finite(c['value'], at(path, 'value'));
  finite(c['last'], at(path, 'last'));
  return c as unknown as ClockState;
}

export function checkRandom(value: unknown, path: string): Snapshot['random'] {
  const r = record(value, path);
  const seeded = flag(r['seeded'], at(path, 'seeded'));
  if (r['state'] !== undefined) {
    const state = list(r['state'], at(path, 'state'));
    if (state.length !== 4) refuse(at(path, 'state'), `expected 4 numbers, got ${state.length}`);
    for (let i = 0; i < 4; i++) integer(state[i], at(at(path, 'state'), i));
  }
  if (seeded && r['state'] === undefined) refuse(path, 'a seeded snapshot needs its generator state');
  return r as Snapshot['random'];
}

/** The parts of a snapshot besides keys and audit, each checked: shared by the one-record format and the saved stores' meta record. */
export function checkCatalog(s: Record<string, unknown>, path = ''): Pick<Snapshot, 'deleted' | 'aliases' | 'grants' | 'importParameters' | 'customKeyStores'> {
  const deleted = textList(s['deleted'], at(path, 'deleted'));
  const aliases = list(s['aliases'], at(path, 'aliases'));
  for (let i = 0; i < aliases.length; i++) alias(aliases[i], at(at(path, 'aliases'), i));
  const grants = list(s['grants'], at(path, 'grants'));
  for (let i = 0; i < grants.length; i++) grant(grants[i], at(at(path, 'grants'), i));
  const params = list(s['importParameters'], at(path, 'importParameters'));
  for (let i = 0; i < params.length; i++) importParameters(params[i], at(at(path, 'importParameters'), i));
  const stores = s['customKeyStores'] === undefined ? [] : list(s['customKeyStores'], at(path, 'customKeyStores'));
  for (let i = 0; i < stores.length; i++) customKeyStore(stores[i], at(at(path, 'customKeyStores'), i));
  return {
    deleted,
    aliases: aliases as AliasRecord[],
    grants: grants as GrantRecord[],
    importParameters: params as ImportParameters[],
    customKeyStores: stores as CustomKeyStoreRecord[],
  };
}

/**
 * The audit window and its counts: older snapshots kept every event and no
 * counts, so a long log is cut to the newest AUDIT_MEMORY_LIMIT and the
 * counts are read off it.
 */
export function checkAudit(events: unknown, count: unknown, failures: unknown, path = ''): Pick<Snapshot, 'audit' | 'auditCount' | 'auditFailures'> {
  let audit = list(events, at(path, 'audit'));
  for (let i = 0; i < audit.length; i++) checkAuditEvent(audit[i], at(at(path, 'audit'), i));
  const all = audit as AuditEvent[];
  const auditCount = count === undefined ? all.length : integer(count, at(path, 'auditCount'), all.length);
  const auditFailures =
    failures === undefined ? all.reduce((n, e) => n + (e.errorCode === undefined ? 0 : 1), 0) : integer(failures, at(path, 'auditFailures'), 0);
  if (auditFailures > auditCount) refuse(at(path, 'auditFailures'), `more failures (${auditFailures}) than events (${auditCount})`);
  if (audit.length > AUDIT_MEMORY_LIMIT) audit = audit.slice(-AUDIT_MEMORY_LIMIT);
  return { audit: audit as AuditEvent[], auditCount, auditFailures };
}

/** Checks a whole snapshot in place (format and version first, then every part); throws ShapeError naming the first bad part. */
export function checkSnapshot(data: Record<string, unknown>): Snapshot {
  literal(data['format'], 'format', SNAPSHOT_FORMAT);
  literal(data['schemaVersion'], 'schemaVersion', SNAPSHOT_VERSION);
  const account = checkAccount(data['account'], 'account');
  const clock = checkClock(data['clock'], 'clock');
  const random = checkRandom(data['random'], 'random');
  const keys = list(data['keys'], 'keys');
  for (let i = 0; i < keys.length; i++) checkKeyRecord(keys[i], at('keys', i));
  const catalog = checkCatalog(data);
  const audit = checkAudit(data['audit'], data['auditCount'], data['auditFailures']);
  const caller = text(data['caller'], 'caller');
  return {
    format: SNAPSHOT_FORMAT,
    schemaVersion: SNAPSHOT_VERSION,
    account,
    clock,
    random,
    keys: keys as KeyRecord[],
    ...catalog,
    ...audit,
    caller,
  };
}
