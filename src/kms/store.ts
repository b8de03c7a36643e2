import type { ImportParameters, KmsState } from './engine.ts';
import type { AliasRecord, GrantRecord, KeyRecord } from './keys.ts';
import { Kms } from './kms.ts';
import { CryptoRandom, SeededRandom } from './random.ts';
import { ShapeError } from './shape-check.ts';
import { checkSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from './snapshot-check.ts';

/**
 * Snapshots of the whole simulator. They hold CryptoKey objects as they
 * are (IndexedDB stores them by structured clone), never exported key bytes:
 * no script or command can read key material out of one. The browser still
 * writes the keys' bytes into its own files on disk when it stores them.
 */
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot };

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export function takeSnapshot(kms: Kms): Snapshot {
  const { engine } = kms;
  const state = engine.state;
  const randomState = engine.random.state();
  // structuredClone copies records (keeping CryptoKeys) so the snapshot does not change with the simulator.
  return structuredClone({
    format: SNAPSHOT_FORMAT,
    schemaVersion: SNAPSHOT_VERSION,
    account: { ...engine.account },
    clock: engine.clock.snapshot(),
    random: { seeded: engine.seeded, ...(randomState ? { state: randomState } : {}) },
    keys: [...state.keys.values()],
    deleted: [...state.deleted],
    aliases: [...state.aliases.values()],
    grants: [...state.grants.values()],
    importParameters: [...state.importParameters.values()],
    customKeyStores: [...state.customKeyStores.values()],
    audit: state.audit,
    auditCount: state.auditCount,
    auditFailures: state.auditFailures,
    caller: state.caller,
  }) as Snapshot;
}

/**
 * Rebuilds a simulator from a snapshot. Everything is checked first; a
 * snapshot that is corrupt, from another format or from a schema version
 * this code does not know is refused whole, with the reason. The simulator
 * gets a copy unless `adopt` hands the data over (a record just read from
 * storage, which nobody else holds).
 */
export function restoreSnapshot(data: unknown, { adopt = false }: { adopt?: boolean } = {}): Kms {
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError('This is not a KMS Lab sandbox snapshot.');
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > SNAPSHOT_VERSION) {
    throw new SnapshotError(`This snapshot was saved by a newer version of KMS Lab (schema version ${version}); this version reads version ${SNAPSHOT_VERSION} only.`);
  }
  if (version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(`This snapshot has schema version ${String(version)}; this version of KMS Lab reads version ${SNAPSHOT_VERSION} only.`);
  }
  let snap: Snapshot;
  try {
    snap = checkSnapshot((adopt ? data : structuredClone(data)) as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ShapeError) {
      throw new SnapshotError(`The snapshot is corrupt (${error.message}).`);
    }
    throw error;
  }
  const inconsistency = crossCheck(snap);
  if (inconsistency) throw new SnapshotError(`The snapshot is corrupt (${inconsistency}).`);
  const state: KmsState = {
    keys: new Map(snap.keys.map((k) => [k.keyId, k as KeyRecord])),
    deleted: new Set(snap.deleted),
    aliases: new Map(snap.aliases.map((a) => [a.aliasName, a as AliasRecord])),
    grants: new Map(snap.grants.map((g) => [g.grantId, g as GrantRecord])),
    importParameters: new Map(snap.importParameters.map((p) => [p.keyId, p as ImportParameters])),
    customKeyStores: new Map(snap.customKeyStores.map((c) => [c.id, c])),
    audit: snap.audit,
    auditCount: snap.auditCount,
    auditFailures: snap.auditFailures,
    caller: snap.caller,
  };
  const kms = Kms.fromParts({
    account: snap.account,
    clock: snap.clock,
    random: snap.random.seeded ? new SeededRandom(snap.random.state!) : new CryptoRandom(),
    seeded: snap.random.seeded,
    state,
  });
  if (!kms.principals().some((p) => p.name === snap.caller)) throw new SnapshotError(`The snapshot is corrupt (caller: no principal "${snap.caller}").`);
  return kms;
}

/**
 * What the schema cannot see: records that must agree with each other. The
 * simulator trusts these (a grant's key exists, blobs name material by its
 * index), so a snapshot that breaks them is refused rather than half-working.
 */
function crossCheck(snap: Snapshot): string | undefined {
  const keyIds = new Set<string>();
  for (const [i, key] of snap.keys.entries()) {
    if (keyIds.has(key.keyId)) return `keys.${i}.keyId: key ${key.keyId} appears twice`;
    keyIds.add(key.keyId);
    const arn = `arn:aws:kms:${snap.account.region}:${snap.account.accountId}:key/${key.keyId}`;
    if (key.arn !== arn) return `keys.${i}.arn: expected ${arn}`;
    const stray = key.materials.findIndex((m, version) => m.version !== version);
    if (stray >= 0) return `keys.${i}.materials.${stray}.version: expected ${stray}`;
  }
  const aliasNames = new Set<string>();
  for (const [i, alias] of snap.aliases.entries()) {
    if (aliasNames.has(alias.aliasName)) return `aliases.${i}.aliasName: ${alias.aliasName} appears twice`;
    aliasNames.add(alias.aliasName);
    if (alias.targetKeyId !== undefined && !keyIds.has(alias.targetKeyId)) return `aliases.${i}.targetKeyId: no key ${alias.targetKeyId}`;
  }
  const grantIds = new Set<string>();
  for (const [i, grant] of snap.grants.entries()) {
    if (grantIds.has(grant.grantId)) return `grants.${i}.grantId: grant ${grant.grantId} appears twice`;
    grantIds.add(grant.grantId);
    if (!keyIds.has(grant.keyId)) return `grants.${i}.keyId: no key ${grant.keyId}`;
  }
  const storeIds = new Set<string>();
  for (const [i, store] of snap.customKeyStores.entries()) {
    if (storeIds.has(store.id)) return `customKeyStores.${i}.id: custom key store ${store.id} appears twice`;
    storeIds.add(store.id);
  }
  for (const [i, key] of snap.keys.entries()) {
    const inStore = key.origin === 'AWS_CLOUDHSM' || key.origin === 'EXTERNAL_KEY_STORE';
    if (inStore !== (key.customKeyStoreId !== undefined)) return `keys.${i}.customKeyStoreId: origin ${key.origin} and the key's store disagree`;
    if (key.customKeyStoreId !== undefined && !storeIds.has(key.customKeyStoreId)) return `keys.${i}.customKeyStoreId: no custom key store ${key.customKeyStoreId}`;
  }
  for (const [i, params] of snap.importParameters.entries()) {
    if (!keyIds.has(params.keyId)) return `importParameters.${i}.keyId: no key ${params.keyId}`;
  }
  return undefined;
}

/** Where snapshots live: IndexedDB in the browser, memory in Node. Anything structured-cloneable fits. */
export interface SnapshotStorage<T = Snapshot> {
  load(): Promise<unknown>;
  save(snapshot: T): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryStorage<T = Snapshot> implements SnapshotStorage<T> {
  private value: T | undefined;

  async load(): Promise<unknown> {
    return this.value === undefined ? undefined : structuredClone(this.value);
  }

  async save(snapshot: T): Promise<void> {
    this.value = structuredClone(snapshot);
  }

  async clear(): Promise<void> {
    this.value = undefined;
  }
}
