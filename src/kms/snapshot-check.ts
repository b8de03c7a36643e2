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
  optionalInteger,
  optionalOneOf,
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

function cryptoKey(value: unknown, path: string): CryptoKey {
  if (typeof CryptoKey === 'undefined' || !(value instanceof CryptoKey)) refuse(path, 'expected a CryptoKey');
  return value;
}

function material(value: unknown, path: string): KeyMaterial {
  const m = record(value, path);
  integer(m['version'], at(path, 'version'), 0);
  if (!MATERIAL_ID.test(text(m['id'], at(path, 'id')))) refuse(at(path, 'id'), 'expected 64 hexadecimal digits');
  if (m['key'] !== undefined) cryptoKey(m['key'], at(path, 'key'));
  date(m['createdAt'], at(path, 'createdAt'));
  optionalOneOf(m['rotationType'], at(path, 'rotationType'), ['AUTOMATIC', 'ON_DEMAND']);
  optionalText(m['fingerprint'], at(path, 'fingerprint'));
  optionalOneOf(m['expirationModel'], at(path, 'expirationModel'), ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE']);
  optionalDate(m['validTo'], at(path, 'validTo'));
  return m as unknown as KeyMaterial;
}

/** One key record, as the keys list of a snapshot or one record of the saved keys store holds it. */
export function checkKeyRecord(value: unknown, path: string): KeyRecord {
  const k = record(value, path);
  if (!UUID.test(text(k['keyId'], at(path, 'keyId')))) refuse(at(path, 'keyId'), 'expected a key ID (a UUID)');
  if (!text(k['arn'], at(path, 'arn')).startsWith('arn:aws:kms:')) refuse(at(path, 'arn'), 'expected an arn:aws:kms: ARN');
  date(k['creationDate'], at(path, 'creationDate'));
  text(k['description'], at(path, 'description'));
  oneOf(k['origin'], at(path, 'origin'), ['AWS_KMS', 'EXTERNAL']);
  oneOf(k['keyManager'], at(path, 'keyManager'), ['CUSTOMER', 'AWS']);
  oneOf(k['state'], at(path, 'state'), KEY_STATES);
  optionalDate(k['deletionDate'], at(path, 'deletionDate'));
  optionalInteger(k['pendingWindowInDays'], at(path, 'pendingWindowInDays'));
  const materials = list(k['materials'], at(path, 'materials'));
  for (let i = 0; i < materials.length; i++) material(materials[i], at(at(path, 'materials'), i));
  const current = integer(k['current'], at(path, 'current'), -1);
  const rotation = record(k['rotation'], at(path, 'rotation'));
  flag(rotation['enabled'], at(path, 'rotation.enabled'));
  integer(rotation['periodDays'], at(path, 'rotation.periodDays'));
  optionalDate(rotation['nextRotationDate'], at(path, 'rotation.nextRotationDate'));
  integer(rotation['onDemandCount'], at(path, 'rotation.onDemandCount'), 0);
  if (k['pendingMaterial'] !== undefined) material(k['pendingMaterial'], at(path, 'pendingMaterial'));
  text(k['policy'], at(path, 'policy'));
  const tags = list(k['tags'], at(path, 'tags'));
  for (let i = 0; i < tags.length; i++) {
    const tag = record(tags[i], at(at(path, 'tags'), i));
    text(tag['TagKey'], at(at(at(path, 'tags'), i), 'TagKey'));
    text(tag['TagValue'], at(at(at(path, 'tags'), i), 'TagValue'));
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

/** CloudTrail's eventTime as the simulator writes it: whole seconds, UTC. */
const EVENT_TIME = /^[+-]?\d{4,6}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function requestMembers(value: unknown, path: string): void {
  if (value !== null) record(value, path);
}

/** One audit event, member by member (the audit panel renders each of them). */
export function checkAuditEvent(value: unknown, path: string): AuditEvent {
  const e = record(value, path);
  literal(e['eventVersion'], at(path, 'eventVersion'), '1.08');
  const who = record(e['userIdentity'], at(path, 'userIdentity'));
  oneOf(who['type'], at(path, 'userIdentity.type'), ['Root', 'IAMUser', 'AssumedRole', 'AWSService']);
  for (const member of ['principalId', 'arn', 'userName', 'invokedBy']) optionalText(who[member], at(path, `userIdentity.${member}`));
  text(who['accountId'], at(path, 'userIdentity.accountId'));
  if (!EVENT_TIME.test(text(e['eventTime'], at(path, 'eventTime')))) refuse(at(path, 'eventTime'), 'expected a time like 2026-01-05T09:00:00Z');
  literal(e['eventSource'], at(path, 'eventSource'), 'kms.amazonaws.com');
  text(e['eventName'], at(path, 'eventName'));
  text(e['awsRegion'], at(path, 'awsRegion'));
  text(e['sourceIPAddress'], at(path, 'sourceIPAddress'));
  text(e['userAgent'], at(path, 'userAgent'));
  requestMembers(e['requestParameters'], at(path, 'requestParameters'));
  requestMembers(e['responseElements'], at(path, 'responseElements'));
  optionalText(e['errorCode'], at(path, 'errorCode'));
  optionalText(e['errorMessage'], at(path, 'errorMessage'));
  text(e['requestID'], at(path, 'requestID'));
  text(e['eventID'], at(path, 'eventID'));
  flag(e['readOnly'], at(path, 'readOnly'));
  if (e['resources'] !== undefined) {
    const resources = list(e['resources'], at(path, 'resources'));
    for (let i = 0; i < resources.length; i++) {
      const where = at(at(path, 'resources'), i);
      const r = record(resources[i], where);
      text(r['accountId'], at(where, 'accountId'));
      literal(r['type'], at(where, 'type'), 'AWS::KMS::Key');
      text(r['ARN'], at(where, 'ARN'));
    }
  }
  oneOf(e['eventType'], at(path, 'eventType'), ['AwsApiCall', 'AwsServiceEvent']);
  literal(e['managementEvent'], at(path, 'managementEvent'), true);
  text(e['recipientAccountId'], at(path, 'recipientAccountId'));
  literal(e['eventCategory'], at(path, 'eventCategory'), 'Management');
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
export function checkCatalog(s: Record<string, unknown>, path = ''): Pick<Snapshot, 'deleted' | 'aliases' | 'grants' | 'importParameters'> {
  const deleted = textList(s['deleted'], at(path, 'deleted'));
  const aliases = list(s['aliases'], at(path, 'aliases'));
  for (let i = 0; i < aliases.length; i++) alias(aliases[i], at(at(path, 'aliases'), i));
  const grants = list(s['grants'], at(path, 'grants'));
  for (let i = 0; i < grants.length; i++) grant(grants[i], at(at(path, 'grants'), i));
  const params = list(s['importParameters'], at(path, 'importParameters'));
  for (let i = 0; i < params.length; i++) importParameters(params[i], at(at(path, 'importParameters'), i));
  return { deleted, aliases: aliases as AliasRecord[], grants: grants as GrantRecord[], importParameters: params as ImportParameters[] };
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
