import type { AuditEvent } from './audit.ts';
import { SimClock, type ClockState } from './clock.ts';
import { AWS_MANAGED_KEYS, Engine, type KmsState, type OperationBody } from './engine.ts';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, type AccountContext } from './ids.ts';
import * as aliases from './ops/alias-ops.ts';
import * as crypto from './ops/crypto-ops.ts';
import * as grants from './ops/grant-ops.ts';
import * as keys from './ops/key-ops.ts';
import * as policies from './ops/policy-ops.ts';
import * as rotation from './ops/rotation-ops.ts';
import * as tags from './ops/tag-ops.ts';
import { onDemand, type OnDemand } from './on-demand.ts';
import { isSymmetric, keySpecOf, keyUsageOf, type KeyState, type Origin } from './keys.ts';
import { defaultPrincipals, type Principal } from './principals.ts';
import { CryptoRandom, SeededRandom, type RandomSource } from './random.ts';
import type { TraceListener } from './trace.ts';
import type * as T from './types.ts';

// Operations on asymmetric and HMAC keys, custom key stores and imported key material load on first use (on-demand.ts).
const signing = onDemand(() => import('./ops/sign-ops.ts'));
const macs = onDemand(() => import('./ops/mac-ops.ts'));
const keyPairs = onDemand(() => import('./ops/key-pair-ops.ts'));
const agreement = onDemand(() => import('./ops/agreement-ops.ts'));
const imports = onDemand(() => import('./ops/import-ops.ts'));
const stores = onDemand(() => import('./ops/custom-key-store-ops.ts'));

export interface KmsOptions {
  /** Makes key IDs, key material, ciphertexts and dates repeat exactly from run to run. */
  seed?: number;
  accountId?: string;
  region?: string;
  /** Where the simulated clock starts (defaults: now, or a fixed date when seeded). */
  startTime?: Date;
}

/** What the simulator needs to be rebuilt exactly: see store.ts for the snapshot format. */
export interface KmsParts {
  account: AccountContext;
  clock: ClockState;
  random: RandomSource;
  seeded: boolean;
  state: KmsState;
}

/** One row of the key inventory (see Kms.inventory). */
export interface KeySummary {
  keyId: string;
  arn: string;
  aliases: string[];
  description: string;
  keyManager: 'CUSTOMER' | 'AWS';
  state: KeyState;
  origin: Origin;
  /** Asymmetric and HMAC keys only: absent means SYMMETRIC_DEFAULT for ENCRYPT_DECRYPT. */
  keySpec?: string;
  keyUsage?: string;
  creationDate: Date;
  deletionDate?: Date;
  rotationEnabled: boolean;
  rotationPeriodInDays?: number;
  /** How many key material versions the key has had, and which one encrypts now (-1 before an import). */
  materialVersions: number;
  currentVersion: number;
  policy: string;
  tags: { TagKey: string; TagValue: string }[];
}

/**
 * The simulated AWS KMS: one async method per API operation, taking and
 * returning the KMS JSON API's members (blobs as Uint8Array, timestamps as
 * Date) and throwing KmsError with AWS's exception name and message.
 */
export class Kms {
  /** @internal the service core; front doors use the public methods. */
  readonly engine: Engine;

  private constructor(parts: KmsParts) {
    const principals = new Map(defaultPrincipals(parts.account).map((p) => [p.name, p]));
    this.engine = new Engine({
      account: parts.account,
      clock: new SimClock(parts.clock),
      random: parts.random,
      principals,
      seeded: parts.seeded,
      state: parts.state,
    });
  }

  /** A new account: the common AWS managed keys exist, the rest are predefined aliases. */
  static async create(options: KmsOptions = {}): Promise<Kms> {
    const seeded = options.seed !== undefined;
    const account = { accountId: options.accountId ?? DEFAULT_ACCOUNT, region: options.region ?? DEFAULT_REGION };
    const clock = seeded
      ? new SimClock({ mode: 'fixed', ...(options.startTime ? { start: options.startTime.getTime() } : {}) })
      : new SimClock({ mode: 'live' });
    if (!seeded && options.startTime) clock.advance(Math.max(0, options.startTime.getTime() - Date.now()));
    const kms = new Kms({
      account,
      clock: clock.snapshot(),
      random: seeded ? new SeededRandom(options.seed!) : new CryptoRandom(),
      seeded,
      state: emptyState(),
    });
    for (const [aliasName, info] of Object.entries(AWS_MANAGED_KEYS)) {
      if (info.created) await kms.engine.createAwsManagedKey(aliasName);
      else kms.engine.state.aliases.set(aliasName, { aliasName });
    }
    return kms;
  }

  /** @internal used by store.ts to rebuild a simulator from a validated snapshot. */
  static fromParts(parts: KmsParts): Kms {
    return new Kms(parts);
  }

  get account(): AccountContext {
    return this.engine.account;
  }

  // ---- the simulator's own controls (not AWS APIs) -------------------------

  /** The principal making calls, by profile name. */
  get caller(): Principal {
    return this.engine.caller;
  }

  setCaller(name: string): void {
    if (!this.engine.principals.has(name)) throw new Error(`No principal named "${name}"`);
    this.engine.state.caller = name;
  }

  principals(): Principal[] {
    return [...this.engine.principals.values()];
  }

  now(): Date {
    return this.engine.clock.now();
  }

  /** Moves simulated time forward and applies what fell due: rotations, deletions, expiries. */
  async advanceTime(ms: number): Promise<Date> {
    this.engine.clock.advance(ms);
    await this.engine.applyDueEvents();
    this.engine.onChange?.();
    return this.engine.clock.now();
  }

  /** Trace events for the envelope diagram; returns an unsubscribe function. */
  subscribe(listener: TraceListener): () => void {
    this.engine.listeners.add(listener);
    return () => this.engine.listeners.delete(listener);
  }

  /** CloudTrail-style events of the newest AUDIT_MEMORY_LIMIT calls (audit.ts), oldest first. */
  auditLog(): readonly AuditEvent[] {
    return this.engine.state.audit;
  }

  /** Events recorded since the sandbox began, including those auditLog() no longer holds. */
  auditCount(): number {
    return this.engine.state.auditCount;
  }

  /** Calls that failed since the sandbox began (their events carry an errorCode). */
  auditFailures(): number {
    return this.engine.state.auditFailures;
  }

  /**
   * Key IDs and alias names, for tab completion and the key inventory. A local
   * read of the sandbox, not an API call: nothing is audited or traced.
   */
  names(): { keyIds: string[]; aliasNames: string[] } {
    const { keys, aliases } = this.engine.state;
    return { keyIds: [...keys.keys()], aliasNames: [...aliases.keys()] };
  }

  /**
   * What the key inventory shows, oldest key first: a local read like names(),
   * with no key material (only which version is current).
   */
  inventory(): KeySummary[] {
    const { keys, aliases } = this.engine.state;
    const aliasesOf = new Map<string, string[]>();
    for (const alias of aliases.values()) {
      if (alias.targetKeyId !== undefined) aliasesOf.set(alias.targetKeyId, [...(aliasesOf.get(alias.targetKeyId) ?? []), alias.aliasName]);
    }
    return [...keys.values()]
      .sort((a, b) => a.creationDate.getTime() - b.creationDate.getTime())
      .map((k) => ({
        keyId: k.keyId,
        arn: k.arn,
        aliases: (aliasesOf.get(k.keyId) ?? []).sort(),
        description: k.description,
        keyManager: k.keyManager,
        state: k.state,
        origin: k.origin,
        ...(isSymmetric(k) ? {} : { keySpec: keySpecOf(k), keyUsage: keyUsageOf(k) }),
        creationDate: k.creationDate,
        ...(k.deletionDate ? { deletionDate: k.deletionDate } : {}),
        rotationEnabled: k.rotation.enabled,
        ...(k.rotation.enabled ? { rotationPeriodInDays: k.rotation.periodDays } : {}),
        materialVersions: k.materials.length,
        currentVersion: k.current,
        policy: k.policy,
        tags: k.tags.map((t) => ({ ...t })),
      }));
  }

  /** Called after every call that may have changed state (for saving snapshots). */
  set onChange(callback: (() => void) | undefined) {
    this.engine.onChange = callback;
  }

  private run<I extends object, O extends object | void>(operation: string, input: I, body: OperationBody<I, O>): Promise<O> {
    return this.engine.invoke(operation, input, body);
  }

  /**
   * run() with a body from a module loaded on first use. Once it is loaded
   * the call starts at once, as run() does; the first call starts when the
   * module arrives, before it touches the clock or the state. A module that
   * cannot load fails the call as KMSInternalException, audited as any.
   */
  private runLater<M, I extends object, O extends object | void>(
    operation: string,
    input: I,
    ops: OnDemand<M>,
    body: (module: M) => OperationBody<I, O>,
  ): Promise<O> {
    const ready = ops.ready;
    if (ready) return this.engine.invoke(operation, input, body(ready));
    return ops.load().then(
      (module) => this.engine.invoke(operation, input, body(module)),
      (error: unknown) => this.engine.invoke<I, O>(operation, input, () => Promise.reject(error)),
    );
  }

  // ---- keys ---------------------------------------------------------------
  createKey(input: T.CreateKeyRequest = {}) {
    return this.run('CreateKey', input, keys.createKey);
  }
  describeKey(input: T.DescribeKeyRequest) {
    return this.run('DescribeKey', input, keys.describeKey);
  }
  listKeys(input: T.ListKeysRequest = {}) {
    return this.run('ListKeys', input, keys.listKeys);
  }
  updateKeyDescription(input: T.UpdateKeyDescriptionRequest) {
    return this.run('UpdateKeyDescription', input, keys.updateKeyDescription);
  }
  enableKey(input: T.KeyIdRequest) {
    return this.run('EnableKey', input, keys.enableKey);
  }
  disableKey(input: T.KeyIdRequest) {
    return this.run('DisableKey', input, keys.disableKey);
  }
  scheduleKeyDeletion(input: T.ScheduleKeyDeletionRequest) {
    return this.run('ScheduleKeyDeletion', input, keys.scheduleKeyDeletion);
  }
  cancelKeyDeletion(input: T.KeyIdRequest) {
    return this.run('CancelKeyDeletion', input, keys.cancelKeyDeletion);
  }
  getKeyLastUsage(input: T.KeyIdRequest) {
    return this.run('GetKeyLastUsage', input, keys.getKeyLastUsage);
  }

  // ---- aliases ------------------------------------------------------------
  createAlias(input: T.AliasRequest) {
    return this.run('CreateAlias', input, aliases.createAlias);
  }
  updateAlias(input: T.AliasRequest) {
    return this.run('UpdateAlias', input, aliases.updateAlias);
  }
  deleteAlias(input: T.DeleteAliasRequest) {
    return this.run('DeleteAlias', input, aliases.deleteAlias);
  }
  listAliases(input: T.ListAliasesRequest = {}) {
    return this.run('ListAliases', input, aliases.listAliases);
  }

  // ---- cryptography -------------------------------------------------------
  encrypt(input: T.EncryptRequest) {
    return this.run('Encrypt', input, crypto.encrypt);
  }
  decrypt(input: T.DecryptRequest) {
    return this.run('Decrypt', input, crypto.decrypt);
  }
  reEncrypt(input: T.ReEncryptRequest) {
    return this.run('ReEncrypt', input, crypto.reEncrypt);
  }
  generateDataKey(input: T.GenerateDataKeyRequest) {
    return this.run('GenerateDataKey', input, crypto.generateDataKey);
  }
  generateDataKeyWithoutPlaintext(input: T.GenerateDataKeyRequest) {
    return this.run('GenerateDataKeyWithoutPlaintext', input, crypto.generateDataKeyWithoutPlaintext);
  }
  generateRandom(input: T.GenerateRandomRequest = {}) {
    return this.run('GenerateRandom', input, crypto.generateRandom);
  }

  // ---- asymmetric and HMAC keys -------------------------------------------
  getPublicKey(input: T.GetPublicKeyRequest) {
    return this.runLater('GetPublicKey', input, signing, (m) => m.getPublicKey);
  }
  sign(input: T.SignRequest) {
    return this.runLater('Sign', input, signing, (m) => m.sign);
  }
  verify(input: T.VerifyRequest) {
    return this.runLater('Verify', input, signing, (m) => m.verify);
  }
  generateMac(input: T.GenerateMacRequest) {
    return this.runLater('GenerateMac', input, macs, (m) => m.generateMac);
  }
  verifyMac(input: T.VerifyMacRequest) {
    return this.runLater('VerifyMac', input, macs, (m) => m.verifyMac);
  }
  generateDataKeyPair(input: T.GenerateDataKeyPairRequest) {
    return this.runLater('GenerateDataKeyPair', input, keyPairs, (m) => m.generateDataKeyPair);
  }
  generateDataKeyPairWithoutPlaintext(input: T.GenerateDataKeyPairRequest) {
    return this.runLater('GenerateDataKeyPairWithoutPlaintext', input, keyPairs, (m) => m.generateDataKeyPairWithoutPlaintext);
  }
  deriveSharedSecret(input: T.DeriveSharedSecretRequest) {
    return this.runLater('DeriveSharedSecret', input, agreement, (m) => m.deriveSharedSecret);
  }

  // ---- rotation -----------------------------------------------------------
  enableKeyRotation(input: T.EnableKeyRotationRequest) {
    return this.run('EnableKeyRotation', input, rotation.enableKeyRotation);
  }
  disableKeyRotation(input: T.KeyIdRequest) {
    return this.run('DisableKeyRotation', input, rotation.disableKeyRotation);
  }
  getKeyRotationStatus(input: T.KeyIdRequest) {
    return this.run('GetKeyRotationStatus', input, rotation.getKeyRotationStatus);
  }
  rotateKeyOnDemand(input: T.KeyIdRequest) {
    return this.run('RotateKeyOnDemand', input, rotation.rotateKeyOnDemand);
  }
  listKeyRotations(input: T.ListKeyRotationsRequest) {
    return this.run('ListKeyRotations', input, rotation.listKeyRotations);
  }

  // ---- key policies -------------------------------------------------------
  getKeyPolicy(input: T.GetKeyPolicyRequest) {
    return this.run('GetKeyPolicy', input, policies.getKeyPolicy);
  }
  putKeyPolicy(input: T.PutKeyPolicyRequest) {
    return this.run('PutKeyPolicy', input, policies.putKeyPolicy);
  }
  listKeyPolicies(input: T.ListKeyPoliciesRequest) {
    return this.run('ListKeyPolicies', input, policies.listKeyPolicies);
  }

  // ---- imported key material -----------------------------------------------
  getParametersForImport(input: T.GetParametersForImportRequest) {
    return this.runLater('GetParametersForImport', input, imports, (m) => m.getParametersForImport);
  }
  importKeyMaterial(input: T.ImportKeyMaterialRequest) {
    return this.runLater('ImportKeyMaterial', input, imports, (m) => m.importKeyMaterial);
  }
  deleteImportedKeyMaterial(input: T.DeleteImportedKeyMaterialRequest) {
    return this.runLater('DeleteImportedKeyMaterial', input, imports, (m) => m.deleteImportedKeyMaterial);
  }

  // ---- tags ---------------------------------------------------------------
  tagResource(input: T.TagResourceRequest) {
    return this.run('TagResource', input, tags.tagResource);
  }
  untagResource(input: T.UntagResourceRequest) {
    return this.run('UntagResource', input, tags.untagResource);
  }
  listResourceTags(input: T.ListResourceTagsRequest) {
    return this.run('ListResourceTags', input, tags.listResourceTags);
  }

  // ---- grants -------------------------------------------------------------
  createGrant(input: T.CreateGrantRequest) {
    return this.run('CreateGrant', input, grants.createGrant);
  }
  listGrants(input: T.ListGrantsRequest) {
    return this.run('ListGrants', input, grants.listGrants);
  }
  retireGrant(input: T.RetireGrantRequest) {
    return this.run('RetireGrant', input, grants.retireGrant);
  }
  listRetirableGrants(input: T.ListRetirableGrantsRequest) {
    return this.run('ListRetirableGrants', input, grants.listRetirableGrants);
  }
  revokeGrant(input: T.RevokeGrantRequest) {
    return this.run('RevokeGrant', input, grants.revokeGrant);
  }

  // ---- custom key stores --------------------------------------------------
  createCustomKeyStore(input: T.CreateCustomKeyStoreRequest) {
    return this.runLater('CreateCustomKeyStore', input, stores, (m) => m.createCustomKeyStore);
  }
  describeCustomKeyStores(input: T.DescribeCustomKeyStoresRequest = {}) {
    return this.runLater('DescribeCustomKeyStores', input, stores, (m) => m.describeCustomKeyStores);
  }
  updateCustomKeyStore(input: T.UpdateCustomKeyStoreRequest) {
    return this.runLater('UpdateCustomKeyStore', input, stores, (m) => m.updateCustomKeyStore);
  }
  deleteCustomKeyStore(input: T.CustomKeyStoreIdRequest) {
    return this.runLater('DeleteCustomKeyStore', input, stores, (m) => m.deleteCustomKeyStore);
  }
  connectCustomKeyStore(input: T.CustomKeyStoreIdRequest) {
    return this.runLater('ConnectCustomKeyStore', input, stores, (m) => m.connectCustomKeyStore);
  }
  disconnectCustomKeyStore(input: T.CustomKeyStoreIdRequest) {
    return this.runLater('DisconnectCustomKeyStore', input, stores, (m) => m.disconnectCustomKeyStore);
  }
}

export function emptyState(): KmsState {
  return {
    keys: new Map(),
    deleted: new Set(),
    aliases: new Map(),
    grants: new Map(),
    importParameters: new Map(),
    customKeyStores: new Map(),
    audit: [],
    auditCount: 0,
    auditFailures: 0,
    caller: 'root',
  };
}

/** API operation name → Kms method name, for front doors that dispatch by name (CLI, endpoint). */
export const OPERATIONS = {
  CreateKey: 'createKey',
  DescribeKey: 'describeKey',
  ListKeys: 'listKeys',
  UpdateKeyDescription: 'updateKeyDescription',
  EnableKey: 'enableKey',
  DisableKey: 'disableKey',
  ScheduleKeyDeletion: 'scheduleKeyDeletion',
  CancelKeyDeletion: 'cancelKeyDeletion',
  GetKeyLastUsage: 'getKeyLastUsage',
  CreateAlias: 'createAlias',
  UpdateAlias: 'updateAlias',
  DeleteAlias: 'deleteAlias',
  ListAliases: 'listAliases',
  Encrypt: 'encrypt',
  Decrypt: 'decrypt',
  ReEncrypt: 'reEncrypt',
  GenerateDataKey: 'generateDataKey',
  GenerateDataKeyWithoutPlaintext: 'generateDataKeyWithoutPlaintext',
  GenerateRandom: 'generateRandom',
  GetPublicKey: 'getPublicKey',
  Sign: 'sign',
  Verify: 'verify',
  GenerateMac: 'generateMac',
  VerifyMac: 'verifyMac',
  GenerateDataKeyPair: 'generateDataKeyPair',
  GenerateDataKeyPairWithoutPlaintext: 'generateDataKeyPairWithoutPlaintext',
  DeriveSharedSecret: 'deriveSharedSecret',
  EnableKeyRotation: 'enableKeyRotation',
  DisableKeyRotation: 'disableKeyRotation',
  GetKeyRotationStatus: 'getKeyRotationStatus',
  RotateKeyOnDemand: 'rotateKeyOnDemand',
  ListKeyRotations: 'listKeyRotations',
  GetKeyPolicy: 'getKeyPolicy',
  PutKeyPolicy: 'putKeyPolicy',
  ListKeyPolicies: 'listKeyPolicies',
  GetParametersForImport: 'getParametersForImport',
  ImportKeyMaterial: 'importKeyMaterial',
  DeleteImportedKeyMaterial: 'deleteImportedKeyMaterial',
  TagResource: 'tagResource',
  UntagResource: 'untagResource',
  ListResourceTags: 'listResourceTags',
  CreateGrant: 'createGrant',
  ListGrants: 'listGrants',
  ListRetirableGrants: 'listRetirableGrants',
  RetireGrant: 'retireGrant',
  RevokeGrant: 'revokeGrant',
  CreateCustomKeyStore: 'createCustomKeyStore',
  DescribeCustomKeyStores: 'describeCustomKeyStores',
  UpdateCustomKeyStore: 'updateCustomKeyStore',
  DeleteCustomKeyStore: 'deleteCustomKeyStore',
  ConnectCustomKeyStore: 'connectCustomKeyStore',
  DisconnectCustomKeyStore: 'disconnectCustomKeyStore',
} as const satisfies Record<string, keyof Kms>;
