import { API_MODEL } from './api-model.ts';
import { AUDIT_MEMORY_LIMIT, auditParameters, auditTime, isReadOnly, type AuditEvent } from './audit.ts';
import { buf, hex, sha256 } from './bytes.ts';
import { SimClock, DAY_MS } from './clock.ts';
import {
  AccessDeniedException,
  DryRunOperationException,
  InvalidGrantTokenException,
  KMSInternalException,
  KmsError,
  NotFoundException,
} from './errors.ts';
import { aliasArn, keyArn, parseKeyReference, uuid, type AccountContext } from './ids.ts';
import type { KeyUsage } from './key-specs.ts';
import type { CustomKeyStoreRecord } from './custom-key-stores.ts';
import { keySpecOf, keyUsageOf, requireState, type AliasRecord, type StateRule, type GrantRecord, type KeyMaterial, type KeyRecord } from './keys.ts';
import { accessDeniedMessage, authorizeAccountAction, authorizeKeyAction, awsManagedKeyPolicy, type ConditionContext } from './policy.ts';
import type { PolicyDocument, Principal } from './principals.ts';
import type { RandomSource } from './random.ts';
import { DueSchedule } from './schedule.ts';
import type { TraceEvent, TraceListener, TraceStep } from './trace.ts';
import { validateRequest } from './validate.ts';

/** RSA key pair and token from GetParametersForImport, valid for 24 hours. */
export interface ImportParameters {
  tokenId: string;
  keyId: string;
  privateKey: CryptoKey;
  wrappingAlgorithm: string;
  validTo: Date;
}

/** Everything the simulated service holds: what a snapshot saves. */
export interface KmsState {
  keys: Map<string, KeyRecord>;
  /** IDs of keys that existed and were deleted: their ciphertexts get AccessDenied, not InvalidCiphertext. */
  deleted: Set<string>;
  aliases: Map<string, AliasRecord>;
  grants: Map<string, GrantRecord>;
  importParameters: Map<string, ImportParameters>;
  /** Custom key stores by ID, in creation order. */
  customKeyStores: Map<string, CustomKeyStoreRecord>;
  /** The newest AUDIT_MEMORY_LIMIT events, oldest first. */
  audit: AuditEvent[];
  /** Events recorded since the sandbox began, those no longer kept included: the last event's sequence number. */
  auditCount: number;
  /** Of those, the calls that failed (events with an errorCode). */
  auditFailures: number;
  caller: string;
}

/**
 * What changed since the last Engine.takeChanges(), so a save writes only
 * that: key IDs whose records were added, changed or removed; whether the
 * rest of the state (aliases, grants, deleted keys, import parameters) may
 * have changed; and `all` when the state was replaced whole.
 */
export interface StateChanges {
  keys: Set<string>;
  catalog: boolean;
  all: boolean;
}

/** Read-only calls leave aliases, grants and import parameters alone, except this one, which stores a wrapping key pair. */
const changesCatalog = (operation: string): boolean => !isReadOnly(operation) || operation === 'GetParametersForImport';

/** The AWS managed keys an account has, and the service endpoint each one's policy names. */
export const AWS_MANAGED_KEYS: Record<string, { via: string; protects: string; created: boolean }> = {
  'alias/aws/acm': { via: 'acm', protects: 'ACM certificates', created: false },
  'alias/aws/backup': { via: 'backup', protects: 'backups', created: false },
  'alias/aws/cloud9': { via: 'cloud9', protects: 'Cloud9 environments', created: false },
  'alias/aws/codeartifact': { via: 'codeartifact', protects: 'CodeArtifact domains', created: false },
  'alias/aws/codecommit': { via: 'codecommit', protects: 'CodeCommit repositories', created: false },
  'alias/aws/dax': { via: 'dax', protects: 'DAX clusters', created: false },
  'alias/aws/dms': { via: 'dms', protects: 'DMS resources', created: false },
  'alias/aws/dynamodb': { via: 'dynamodb', protects: 'DynamoDB tables', created: true },
  'alias/aws/ebs': { via: 'ec2', protects: 'EBS volumes', created: true },
  'alias/aws/ecr': { via: 'ecr', protects: 'ECR repositories', created: false },
  'alias/aws/eks': { via: 'eks', protects: 'EKS secrets', created: false },
  'alias/aws/elasticache': { via: 'elasticache', protects: 'ElastiCache data', created: false },
  'alias/aws/elasticfilesystem': { via: 'elasticfilesystem', protects: 'Elastic File System (EFS)', created: true },
  'alias/aws/es': { via: 'es', protects: 'OpenSearch domains', created: false },
  'alias/aws/fsx': { via: 'fsx', protects: 'FSx file systems', created: false },
  'alias/aws/glue': { via: 'glue', protects: 'Glue data', created: false },
  'alias/aws/imagebuilder': { via: 'imagebuilder', protects: 'Image Builder images', created: false },
  'alias/aws/kafka': { via: 'kafka', protects: 'MSK clusters', created: false },
  'alias/aws/kendra': { via: 'kendra', protects: 'Kendra indexes', created: false },
  'alias/aws/kinesis': { via: 'kinesis', protects: 'Kinesis streams', created: false },
  'alias/aws/kinesisvideo': { via: 'kinesisvideo', protects: 'Kinesis video streams', created: false },
  'alias/aws/lambda': { via: 'lambda', protects: 'Lambda functions', created: true },
  'alias/aws/lex': { via: 'lex', protects: 'Lex bots', created: false },
  'alias/aws/lightsail': { via: 'lightsail', protects: 'Lightsail resources', created: false },
  'alias/aws/mq': { via: 'mq', protects: 'Amazon MQ brokers', created: false },
  'alias/aws/rds': { via: 'rds', protects: 'RDS database volumes', created: true },
  'alias/aws/redshift': { via: 'redshift', protects: 'Redshift clusters', created: false },
  'alias/aws/s3': { via: 's3', protects: 'S3 objects', created: true },
  'alias/aws/secretsmanager': { via: 'secretsmanager', protects: 'Secrets Manager secrets', created: false },
  'alias/aws/ses': { via: 'ses', protects: 'SES messages', created: false },
  'alias/aws/sns': { via: 'sns', protects: 'SNS topics', created: false },
  'alias/aws/sqs': { via: 'sqs', protects: 'SQS queues', created: false },
  'alias/aws/ssm': { via: 'ssm', protects: 'Systems Manager parameters', created: false },
  'alias/aws/timestream': { via: 'timestream', protects: 'Timestream databases', created: false },
  'alias/aws/translate': { via: 'translate', protects: 'Translate jobs', created: false },
  'alias/aws/workspaces': { via: 'workspaces', protects: 'WorkSpaces volumes', created: false },
  'alias/aws/xray': { via: 'xray', protects: 'X-Ray traces', created: false },
};

/** Grant operations that take an encryption context: the only ones grant constraints restrict. */
const CONTEXT_OPERATIONS = new Set(['Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext']);

/** The cryptographic operations GetKeyLastUsage reports (its KeyLastUsageTrackingOperation enum). */
const TRACKED_USAGE = new Set(API_MODEL.shapes['KeyLastUsageTrackingOperation']!.enum);

/** Operations a grant can allow (the GrantOperation enum). */
export const GRANT_OPERATIONS = new Set(API_MODEL.shapes['GrantOperation']!.enum);

/** One API call in progress: its trace steps, resources and identity. */
export class Call {
  readonly steps: TraceStep[] = [];
  private readonly arns = new Set<string>();
  private readonly records = new Set<KeyRecord>();
  readonly operation: string;
  readonly requestId: string;
  readonly caller: Principal;

  constructor(operation: string, requestId: string, caller: Principal) {
    this.operation = operation;
    this.requestId = requestId;
    this.caller = caller;
  }

  step(step: TraceStep): void {
    this.steps.push(step);
  }

  /** The call works on this key: it is one of the audit event's resources and may have changed. */
  useKey(record: KeyRecord): void {
    this.arns.add(record.arn);
    this.records.add(record);
  }

  /** ARNs of the keys the call used, in order of first use. */
  get resources(): ReadonlySet<string> {
    return this.arns;
  }

  /** The key records behind those ARNs: the ones whose schedule the engine refreshes after the call. */
  get keys(): ReadonlySet<KeyRecord> {
    return this.records;
  }
}

export type OperationBody<I, O> = (engine: Engine, call: Call, input: I) => Promise<O>;

/**
 * The simulated service's core: state, identity, authorization, key
 * material, time-driven events, audit and trace. Operations live in ops/,
 * each a function of (engine, call, input).
 */
export class Engine {
  readonly listeners = new Set<TraceListener>();
  /** Called after every state-changing call, for persistence. */
  onChange: (() => void) | undefined;

  readonly account: AccountContext;
  readonly clock: SimClock;
  readonly random: RandomSource;
  readonly principals: Map<string, Principal>;
  /** Seeded runs derive key material from the seed so ciphertexts repeat. */
  readonly seeded: boolean;
  private current: KmsState;
  /** When time next changes each key: a call with nothing due checks one heap entry instead of every key. */
  private schedule: DueSchedule;
  private changes: StateChanges = { keys: new Set(), catalog: true, all: true };

  constructor(parts: {
    account: AccountContext;
    clock: SimClock;
    random: RandomSource;
    principals: Map<string, Principal>;
    seeded: boolean;
    state: KmsState;
  }) {
    this.account = parts.account;
    this.clock = parts.clock;
    this.random = parts.random;
    this.principals = parts.principals;
    this.seeded = parts.seeded;
    this.current = parts.state;
    this.schedule = new DueSchedule(parts.state.keys.values());
  }

  get state(): KmsState {
    return this.current;
  }

  /** Replacing the state replaces the schedule with one built from its keys. */
  set state(state: KmsState) {
    this.current = state;
    this.schedule = new DueSchedule(state.keys.values());
    this.changes.all = true;
  }

  /** What changed since the last call (see StateChanges); a new engine reports everything. */
  takeChanges(): StateChanges {
    const changes = this.changes;
    this.changes = { keys: new Set(), catalog: false, all: false };
    return changes;
  }

  /** @internal the schedule's live entries ([keyId, due time]), for tests that compare it with a full scan. */
  dueEntries(): [keyId: string, at: number][] {
    return this.schedule.entries();
  }

  /** A new key joins the key map and the schedule together, so both keep the same order. */
  addKey(record: KeyRecord): void {
    this.state.keys.set(record.keyId, record);
    this.schedule.track(record);
    this.changes.keys.add(record.keyId);
  }

  get caller(): Principal {
    return this.principals.get(this.state.caller)!;
  }

  keyArn(keyId: string): string {
    return keyArn(this.account, keyId);
  }

  aliasArn(aliasName: string): string {
    return aliasArn(this.account, aliasName);
  }

  // ---- running an operation ----------------------------------------------

  async invoke<I extends object, O extends object | void>(operation: string, input: I, body: OperationBody<I, O>): Promise<O> {
    await this.applyDueEvents();
    this.clock.tick();
    const call = new Call(operation, uuid(this.random), this.caller);
    const time = this.clock.now();
    // A call at a time no date can hold fails here, before it changes anything (clock.ts bounds the clock; this guards the rest).
    if (Number.isNaN(time.getTime())) throw new KMSInternalException('The simulated clock holds no valid date; sim reset starts a new account.');
    try {
      validateRequest(operation, (input ?? {}) as Record<string, unknown>);
      const output = await body(this, call, input);
      this.record(call, time, input, output ?? undefined);
      return output;
    } catch (thrown) {
      const error =
        thrown instanceof KmsError
          ? thrown
          : new KMSInternalException(`The simulator failed unexpectedly: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
      this.record(call, time, input, undefined, error);
      throw error;
    } finally {
      this.reschedule(call);
      for (const record of call.keys) this.changes.keys.add(record.keyId);
      if (changesCatalog(operation)) this.changes.catalog = true;
      this.onChange?.();
    }
  }

  /**
   * Operations reach a key only through call.useKey (its audit resources),
   * so the keys a call used are the only ones whose due time can have moved.
   */
  private reschedule(call: Call): void {
    for (const record of call.keys) if (this.state.keys.get(record.keyId) === record) this.schedule.track(record);
  }

  /**
   * Appends the call's audit event, built on every call and kept for the
   * session: no spreads or intermediate copies, and the usual shape (a
   * success on a key) as one object literal, which V8 creates with its
   * final layout at once. Other shapes are written member by member in
   * the same CloudTrail order.
   */
  private record(call: Call, time: Date, input: object, output: object | undefined, error?: KmsError): void {
    const caller = call.caller;
    const { accountId, region } = this.account;
    const operation = call.operation;
    const userIdentity: AuditEvent['userIdentity'] = caller.userName
      ? { type: caller.type, principalId: caller.principalId, arn: caller.arn, accountId, userName: caller.userName }
      : { type: caller.type, principalId: caller.principalId, arn: caller.arn, accountId };
    const eventTime = auditTime(time);
    const requestParameters = auditParameters(input as Record<string, unknown>);
    const responseElements =
      operation === 'CreateKey' || operation === 'ScheduleKeyDeletion' || operation === 'CreateGrant'
        ? auditParameters(output as Record<string, unknown> | undefined)
        : null;
    const eventID = uuid(this.random);
    const readOnly = isReadOnly(operation);
    const resources = auditResources(call.resources, accountId);
    let event: AuditEvent;
    if (!error && resources) {
      event = {
        eventVersion: '1.08',
        userIdentity,
        eventTime,
        eventSource: 'kms.amazonaws.com',
        eventName: operation,
        awsRegion: region,
        sourceIPAddress: '192.0.2.10',
        userAgent: 'kms-lab',
        requestParameters,
        responseElements,
        requestID: call.requestId,
        eventID,
        readOnly,
        resources,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: accountId,
        eventCategory: 'Management',
      };
    } else {
      event = {
        eventVersion: '1.08',
        userIdentity,
        eventTime,
        eventSource: 'kms.amazonaws.com',
        eventName: operation,
        awsRegion: region,
        sourceIPAddress: '192.0.2.10',
        userAgent: 'kms-lab',
        requestParameters,
        responseElements,
      } as AuditEvent;
      if (error) {
        event.errorCode = error.name;
        event.errorMessage = error.message;
      }
      event.requestID = call.requestId;
      event.eventID = eventID;
      event.readOnly = readOnly;
      if (resources) event.resources = resources;
      event.eventType = 'AwsApiCall';
      event.managementEvent = true;
      event.recipientAccountId = accountId;
      event.eventCategory = 'Management';
    }
    this.appendAudit(event);
    if (!error && TRACKED_USAGE.has(operation)) {
      for (const record of call.keys) record.lastUsage = { operation, timestamp: time, eventId: eventID, requestId: call.requestId };
    }
    if (error) call.step({ kind: 'error', caption: `${error.name}${error.message ? `: ${error.message}` : ''}` });
    // The trace event is for listeners (the envelope diagram); with none, building it is wasted work.
    if (this.listeners.size === 0) return;
    this.emit({
      requestId: call.requestId,
      operation,
      time,
      caller: caller.arn,
      steps: call.steps,
      outcome: error ? { ok: false, errorCode: error.name, errorMessage: error.message } : { ok: true },
    });
  }

  /** Keeps the newest AUDIT_MEMORY_LIMIT events; the counts go on past it. */
  private appendAudit(event: AuditEvent): void {
    const state = this.state;
    state.auditCount++;
    if (event.errorCode !== undefined) state.auditFailures++;
    // shift() on an array this size is a left-trim in V8, not a copy.
    if (state.audit.push(event) > AUDIT_MEMORY_LIMIT) state.audit.shift();
  }

  emit(event: TraceEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber (a UI) must never break the service.
      }
    }
  }

  /** AWS's DryRun: everything checked, nothing done. */
  dryRun(input: { DryRun?: boolean }): void {
    if (input.DryRun) throw new DryRunOperationException('The request would have succeeded, but the DryRun option is set.');
  }

  // ---- keys -------------------------------------------------------------

  /**
   * Finds the key a KeyId names. Cryptographic operations and DescribeKey
   * accept aliases; management operations take a key ID or ARN only.
   */
  async resolveKey(call: Call, value: string, { allowAlias }: { allowAlias: boolean }): Promise<KeyRecord> {
    const ref = parseKeyReference(value);
    let keyId: string;
    switch (ref.kind) {
      case 'alias':
      case 'alias-arn': {
        if (ref.kind === 'alias-arn' && ref.region !== this.account.region) throw new NotFoundException(`Invalid arn ${ref.region}`);
        if (ref.kind === 'alias-arn' && ref.accountId !== this.account.accountId) {
          throw new NotFoundException(`Alias ${value} is not found.`);
        }
        if (!allowAlias) throw new NotFoundException(`Invalid keyId '${value}'`);
        const alias = this.state.aliases.get(ref.aliasName);
        if (alias && !alias.targetKeyId && AWS_MANAGED_KEYS[ref.aliasName]) {
          // A predefined AWS managed key comes into being when first used.
          alias.targetKeyId = (await this.createAwsManagedKey(ref.aliasName)).keyId;
        }
        if (!alias?.targetKeyId) throw new NotFoundException(`Alias ${this.aliasArn(ref.aliasName)} is not found.`);
        keyId = alias.targetKeyId;
        break;
      }
      case 'key-arn':
        if (ref.region !== this.account.region) throw new NotFoundException(`Invalid arn ${ref.region}`);
        if (ref.accountId !== this.account.accountId) throw new NotFoundException(`Key '${value}' does not exist`);
        keyId = ref.keyId;
        break;
      case 'id':
        keyId = ref.keyId;
        break;
      default:
        throw new NotFoundException(`Invalid keyId '${value}'`);
    }
    const record = this.state.keys.get(keyId);
    if (!record) throw new NotFoundException(`Key '${this.keyArn(keyId)}' does not exist`);
    call.useKey(record);
    call.step({ kind: 'resolve-key', caption: `Find the KMS key ${record.keyId}`, keyId: record.keyId });
    return record;
  }

  /** The custom key store a key lives in (undefined for keys in KMS's own key store). */
  storeOf(record: KeyRecord): CustomKeyStoreRecord | undefined {
    return record.customKeyStoreId === undefined ? undefined : this.state.customKeyStores.get(record.customKeyStoreId);
  }

  /** keys.ts's requireState, knowing whether the key's custom key store is connected. */
  requireState(record: KeyRecord, rule: StateRule): void {
    const store = this.storeOf(record);
    requireState(record, rule, store === undefined || store.connectionState === 'CONNECTED');
  }

  /** New key material: a non-extractable AES-256 key. Seeded runs derive it from the seed so ciphertexts repeat. */
  async newMaterial(version: number, createdAt: Date, rotationType?: KeyMaterial['rotationType']): Promise<KeyMaterial> {
    const key = this.seeded
      ? await globalThis.crypto.subtle.importKey('raw', buf(this.random.bytes(32)), 'AES-GCM', false, ['encrypt', 'decrypt'])
      : await globalThis.crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    return {
      version,
      id: hex(this.random.bytes(32)),
      key: key as CryptoKey,
      createdAt,
      ...(rotationType ? { rotationType } : {}),
    };
  }

  /** Material for an asymmetric or HMAC key: one version, never rotated (key-pairs.ts, loaded with the first such key). */
  async newKeyPairMaterial(spec: string, usage: KeyUsage, createdAt: Date): Promise<KeyMaterial> {
    const { newAsymmetricMaterial } = await import('./key-pairs.ts');
    const { algorithmKeys, ...rest } = await newAsymmetricMaterial(spec, usage, this.random, this.seeded);
    // `key` says the material is there; secp256k1, ML-DSA and HMAC_224 keys have no WebCrypto key but their seal key.
    const key = Object.values(algorithmKeys)[0] ?? rest.sealKey;
    return { version: 0, id: hex(this.random.bytes(32)), key, algorithmKeys, ...rest, createdAt };
  }

  async createAwsManagedKey(aliasName: string): Promise<KeyRecord> {
    const info = AWS_MANAGED_KEYS[aliasName]!;
    const keyId = uuid(this.random);
    const now = this.clock.now();
    const record: KeyRecord = {
      keyId,
      arn: this.keyArn(keyId),
      creationDate: now,
      description: `Default master key that protects my ${info.protects} when no other key is defined`,
      origin: 'AWS_KMS',
      keyManager: 'AWS',
      state: 'Enabled',
      materials: [await this.newMaterial(0, now)],
      current: 0,
      rotation: { enabled: true, periodDays: 365, nextRotationDate: new Date(now.getTime() + 365 * DAY_MS), onDemandCount: 0 },
      policy: awsManagedKeyPolicy(this.account, aliasName, info.via),
      tags: [],
    };
    this.addKey(record);
    this.state.aliases.set(aliasName, { aliasName, targetKeyId: keyId, creationDate: now, lastUpdatedDate: now });
    this.changes.catalog = true;
    return record;
  }

  // ---- authorization ------------------------------------------------------

  /** Parsed key policies by text: a policy is parsed once, not on every call. */
  private readonly policyCache = new Map<string, PolicyDocument>();

  parsedPolicy(record: KeyRecord): PolicyDocument {
    let doc = this.policyCache.get(record.policy);
    if (!doc) {
      // Policies are validated when set; a stored one always parses.
      const raw = JSON.parse(record.policy) as PolicyDocument & { Statement: unknown };
      doc = { ...raw, Statement: Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement] } as PolicyDocument;
      if (this.policyCache.size > 256) this.policyCache.clear();
      this.policyCache.set(record.policy, doc);
    }
    return doc;
  }

  /**
   * Decides whether the caller may perform `kms:<operation>` on the key,
   * from its key policy, the caller's IAM policy and the key's grants.
   */
  authorize(
    call: Call,
    record: KeyRecord,
    operation: string,
    extra: ConditionContext = {},
    request: { EncryptionContext?: Record<string, string> | undefined; GrantTokens?: string[] | undefined } = {},
  ): void {
    this.checkGrantTokens(request.GrantTokens);
    const caller = call.caller;
    const action = `kms:${operation}`;
    const context = this.conditionContext(record, extra, request.EncryptionContext);
    const grantAllows = this.grantAllows(record, caller, operation, request.EncryptionContext);
    const decision = authorizeKeyAction(this.parsedPolicy(record), caller, this.account, action, record.arn, context, grantAllows);
    if (!decision.allowed) {
      call.step({ kind: 'authorize', caption: `${caller.arn} may not ${action}`, keyId: record.keyId });
      throw new AccessDeniedException(accessDeniedMessage(caller, action, record.arn, decision.reason));
    }
    call.step({ kind: 'authorize', caption: `Allowed by the ${decision.via.replace('-', ' ')}`, keyId: record.keyId });
  }

  /** Actions on no particular key (CreateKey, ListKeys, …): IAM alone decides. */
  authorizeAccount(call: Call, operation: string, extra: ConditionContext = {}): void {
    const action = `kms:${operation}`;
    const decision = authorizeAccountAction(call.caller, action, { 'kms:CallerAccount': this.account.accountId, ...extra });
    if (!decision.allowed) throw new AccessDeniedException(accessDeniedMessage(call.caller, action, '*', decision.reason));
    call.step({ kind: 'authorize', caption: 'Allowed by the identity policy' });
  }

  private conditionContext(record: KeyRecord, extra: ConditionContext, encryptionContext: Record<string, string> | undefined): ConditionContext {
    const context: ConditionContext = {
      'kms:CallerAccount': this.account.accountId,
      'aws:PrincipalArn': this.caller.policyArn,
      'kms:KeyOrigin': record.origin,
      'kms:KeySpec': keySpecOf(record),
      'kms:KeyUsage': keyUsageOf(record),
      ...extra,
    };
    if (encryptionContext) {
      context['kms:EncryptionContextKeys'] = Object.keys(encryptionContext);
      for (const [k, v] of Object.entries(encryptionContext)) context[`kms:EncryptionContext:${k}`] = v;
    }
    return context;
  }

  private grantAllows(record: KeyRecord, caller: Principal, operation: string, context: Record<string, string> | undefined): boolean {
    for (const grant of this.state.grants.values()) {
      if (grant.keyId !== record.keyId || !grant.operations.includes(operation)) continue;
      if (grant.granteePrincipal !== caller.policyArn && grant.granteePrincipal !== caller.arn) continue;
      // Constraints apply only to operations that take an encryption context (not DescribeKey, RetireGrant, …).
      if (!CONTEXT_OPERATIONS.has(operation) || constraintsHold(grant, context ?? {})) return true;
    }
    return false;
  }

  private checkGrantTokens(tokens: string[] | undefined): void {
    for (const token of tokens ?? []) {
      if (![...this.state.grants.values()].some((g) => g.token === token) && !/^[A-Za-z0-9+/=_-]{32,}$/.test(token)) {
        throw new InvalidGrantTokenException('The grant token is not valid.');
      }
    }
  }

  // ---- time ---------------------------------------------------------------

  /**
   * Everything the passage of time does: deletions, rotations, expiries.
   * Only keys the schedule says are due are visited, in key-map order.
   */
  async applyDueEvents(): Promise<void> {
    const nowMs = this.clock.nowMs();
    // A key that reached the map some other way than addKey: rebuild rather than miss its dates.
    if (this.schedule.size !== this.state.keys.size) this.schedule = new DueSchedule(this.state.keys.values());
    const schedule = this.schedule;
    if (!schedule.hasDue(nowMs)) return;
    const now = new Date(nowMs);
    const due = schedule.takeDue(nowMs);
    this.changes.catalog = true;
    for (const keyId of due) this.changes.keys.add(keyId);
    try {
      for (const keyId of due) {
        const record = this.state.keys.get(keyId);
        if (record) await this.applyDue(record, now);
      }
    } finally {
      for (const keyId of due) {
        const record = this.state.keys.get(keyId);
        if (record) schedule.track(record);
      }
    }
  }

  /** What time does to one key (schedule.ts's nextDue names exactly these conditions). */
  private async applyDue(record: KeyRecord, now: Date): Promise<void> {
    if (record.state === 'PendingDeletion' && record.deletionDate && record.deletionDate <= now) {
      this.deleteKeyNow(record);
      return;
    }
    const { rotation } = record;
    if (record.state === 'Enabled' && rotation.enabled && rotation.nextRotationDate && rotation.nextRotationDate <= now) {
      await this.rotateIfDue(record, now);
    }
    const material = record.materials[record.current];
    if (record.origin === 'EXTERNAL' && material?.key && material.validTo && material.validTo <= now) {
      material.key = undefined;
      if (record.state !== 'PendingDeletion') record.state = 'PendingImport';
      this.serviceEvent('DeleteExpiredKeyMaterial', record, material.validTo, 'Imported key material expired and was deleted');
    }
  }

  /** Automatic rotation: one new material version per period that has passed. */
  async rotateIfDue(record: KeyRecord, now: Date): Promise<void> {
    const { rotation } = record;
    if (!rotation.enabled || !rotation.nextRotationDate || record.origin !== 'AWS_KMS') return;
    let guard = 0;
    while (rotation.nextRotationDate <= now && guard++ < 1000) {
      const at: Date = rotation.nextRotationDate;
      record.materials.push(await this.newMaterial(record.materials.length, at, 'AUTOMATIC'));
      record.current = record.materials.length - 1;
      rotation.nextRotationDate = new Date(at.getTime() + rotation.periodDays * DAY_MS);
      this.serviceEvent('RotateKey', record, at, `Rotated to key material version ${record.current}`);
    }
  }

  deleteKeyNow(record: KeyRecord): void {
    const at = record.deletionDate ?? this.clock.now();
    this.state.keys.delete(record.keyId);
    this.schedule.forget(record.keyId);
    this.state.deleted.add(record.keyId);
    this.changes.keys.add(record.keyId);
    this.changes.catalog = true;
    for (const [name, alias] of this.state.aliases) if (alias.targetKeyId === record.keyId) this.state.aliases.delete(name);
    for (const [id, grant] of this.state.grants) if (grant.keyId === record.keyId) this.state.grants.delete(id);
    this.state.importParameters.delete(record.keyId);
    this.serviceEvent('DeleteKey', record, at, 'The waiting period ended: the key and all its key material are deleted');
  }

  /** Events KMS logs on its own (rotation, deletion, expiry): AwsServiceEvent in CloudTrail. */
  private serviceEvent(eventName: string, record: KeyRecord, at: Date, caption: string): void {
    const requestId = uuid(this.random);
    this.appendAudit({
      eventVersion: '1.08',
      userIdentity: { type: 'AWSService', accountId: this.account.accountId, invokedBy: 'kms.amazonaws.com' },
      eventTime: auditTime(at),
      eventSource: 'kms.amazonaws.com',
      eventName,
      awsRegion: this.account.region,
      sourceIPAddress: 'kms.amazonaws.com',
      userAgent: 'kms.amazonaws.com',
      requestParameters: null,
      responseElements: null,
      requestID: requestId,
      eventID: uuid(this.random),
      readOnly: false,
      resources: [{ accountId: this.account.accountId, type: 'AWS::KMS::Key', ARN: record.arn }],
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: this.account.accountId,
      eventCategory: 'Management',
    });
    this.emit({
      requestId,
      operation: eventName,
      time: at,
      caller: 'kms.amazonaws.com',
      steps: [
        {
          kind: eventName === 'RotateKey' ? 'rotate' : 'delete-key',
          caption,
          keyId: record.keyId,
          materialVersion: record.current,
        },
      ],
      outcome: { ok: true },
    });
  }

  /**
   * Short, non-reversible label for secret bytes in traces; computed only
   * when someone listens, so it costs nothing in headless use.
   */
  async fingerprint(bytes: Uint8Array): Promise<string | undefined> {
    if (this.listeners.size === 0) return undefined;
    return hex((await sha256(bytes)).subarray(0, 4));
  }
}

/** An audit event's resources, sized exactly (a pushed-to array keeps spare room, and the log keeps every event); undefined for none. */
function auditResources(arns: ReadonlySet<string>, accountId: string): AuditEvent['resources'] {
  if (arns.size === 0) return undefined;
  if (arns.size === 1) for (const ARN of arns) return [{ accountId, type: 'AWS::KMS::Key', ARN }];
  return Array.from(arns, (ARN) => ({ accountId, type: 'AWS::KMS::Key' as const, ARN }));
}

/** Grant constraints: context keys compare case-insensitively, values exactly. */
export function constraintsHold(grant: GrantRecord, context: Record<string, string>): boolean {
  const lower = (c: Record<string, string>) => new Map(Object.entries(c).map(([k, v]) => [k.toLowerCase(), v]));
  const actual = lower(context);
  const { EncryptionContextEquals: equals, EncryptionContextSubset: subset } = grant.constraints ?? {};
  if (equals) {
    const wanted = lower(equals);
    if (wanted.size !== actual.size) return false;
    for (const [k, v] of wanted) if (actual.get(k) !== v) return false;
  }
  if (subset) {
    for (const [k, v] of lower(subset)) if (actual.get(k) !== v) return false;
  }
  return true;
}
