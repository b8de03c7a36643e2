import { z } from 'zod';
import type { AuditEvent } from './audit.ts';
import type { ImportParameters, KmsState } from './engine.ts';
import type { AliasRecord, GrantRecord, KeyRecord } from './keys.ts';
import { Kms } from './kms.ts';
import { CryptoRandom, SeededRandom } from './random.ts';

/**
 * Snapshots of the whole simulator. They hold CryptoKey objects as they
 * are (IndexedDB stores them by structured clone), never exported key bytes:
 * no script or command can read key material out of one. The browser still
 * writes the keys' bytes into its own files on disk when it stores them.
 */
export const SNAPSHOT_FORMAT = 'kms-lab-snapshot';
export const SNAPSHOT_VERSION = 1;

const cryptoKey = z.custom<CryptoKey>((v) => typeof CryptoKey !== 'undefined' && v instanceof CryptoKey, 'expected a CryptoKey');
const date = z.date();
const context = z.record(z.string(), z.string());

const material = z.object({
  version: z.number().int().nonnegative(),
  id: z.string().regex(/^[0-9a-f]{64}$/),
  key: cryptoKey.optional(),
  createdAt: date,
  rotationType: z.enum(['AUTOMATIC', 'ON_DEMAND']).optional(),
  fingerprint: z.string().optional(),
  expirationModel: z.enum(['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE']).optional(),
  validTo: date.optional(),
});

const keyRecord = z.object({
  keyId: z.uuid(),
  arn: z.string().startsWith('arn:aws:kms:'),
  creationDate: date,
  description: z.string(),
  origin: z.enum(['AWS_KMS', 'EXTERNAL']),
  keyManager: z.enum(['CUSTOMER', 'AWS']),
  state: z.enum(['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport']),
  deletionDate: date.optional(),
  pendingWindowInDays: z.number().int().optional(),
  materials: z.array(material),
  current: z.number().int().min(-1),
  rotation: z.object({
    enabled: z.boolean(),
    periodDays: z.number().int(),
    nextRotationDate: date.optional(),
    onDemandCount: z.number().int().nonnegative(),
  }),
  pendingMaterial: material.optional(),
  policy: z.string(),
  tags: z.array(z.object({ TagKey: z.string(), TagValue: z.string() })),
}).refine((k) => k.current < k.materials.length, 'current material version out of range');

const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  schemaVersion: z.literal(SNAPSHOT_VERSION),
  account: z.object({ accountId: z.string().regex(/^\d{12}$/), region: z.string().min(1) }),
  clock: z.object({ mode: z.enum(['live', 'fixed']), value: z.number(), last: z.number() }),
  random: z.object({ seeded: z.boolean(), state: z.array(z.number().int()).length(4).optional() }),
  keys: z.array(keyRecord),
  deleted: z.array(z.string()),
  aliases: z.array(z.object({ aliasName: z.string().startsWith('alias/'), targetKeyId: z.string().optional(), creationDate: date.optional(), lastUpdatedDate: date.optional() })),
  grants: z.array(
    z.object({
      grantId: z.string(),
      keyId: z.string(),
      name: z.string().optional(),
      creationDate: date,
      granteePrincipal: z.string(),
      retiringPrincipal: z.string().optional(),
      issuingAccount: z.string(),
      operations: z.array(z.string()),
      constraints: z.object({ EncryptionContextSubset: context.optional(), EncryptionContextEquals: context.optional() }).optional(),
      token: z.string(),
    }),
  ),
  importParameters: z.array(z.object({ tokenId: z.string(), keyId: z.string(), privateKey: cryptoKey, wrappingAlgorithm: z.string(), validTo: date })),
  audit: z.array(z.looseObject({ eventName: z.string(), eventTime: z.string() })),
  caller: z.string(),
});

export type Snapshot = z.infer<typeof snapshotSchema>;

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
    audit: state.audit,
    caller: state.caller,
  }) as unknown as Snapshot;
}

/**
 * Rebuilds a simulator from a snapshot. Everything is checked first; a
 * snapshot that is corrupt, from another format or from a schema version
 * this code does not know is refused whole, with the reason.
 */
export function restoreSnapshot(data: unknown): Kms {
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError('This is not a KMS Lab sandbox snapshot.');
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(`This snapshot has schema version ${String(version)}; this version of KMS Lab reads version ${SNAPSHOT_VERSION} only.`);
  }
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new SnapshotError(`The snapshot is corrupt (${first.path.join('.') || 'root'}: ${first.message}).`);
  }
  const snap = structuredClone(parsed.data);
  if (snap.random.seeded && !snap.random.state) throw new SnapshotError('The snapshot is corrupt (random: a seeded snapshot needs its generator state).');
  const inconsistency = crossCheck(snap);
  if (inconsistency) throw new SnapshotError(`The snapshot is corrupt (${inconsistency}).`);
  const state: KmsState = {
    keys: new Map(snap.keys.map((k) => [k.keyId, k as KeyRecord])),
    deleted: new Set(snap.deleted),
    aliases: new Map(snap.aliases.map((a) => [a.aliasName, a as AliasRecord])),
    grants: new Map(snap.grants.map((g) => [g.grantId, g as GrantRecord])),
    importParameters: new Map(snap.importParameters.map((p) => [p.keyId, p as ImportParameters])),
    audit: snap.audit as unknown as AuditEvent[],
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

/** IndexedDB keeps CryptoKey objects by structured clone, so key material never becomes bytes. */
export class IndexedDbStorage<T = Snapshot> implements SnapshotStorage<T> {
  private readonly dbName: string;
  private readonly slot: string;

  constructor(dbName = 'kms-lab', slot = 'sandbox') {
    this.dbName = dbName;
    this.slot = slot;
  }

  private open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(this.dbName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('snapshots');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  private async transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    try {
      return await new Promise<T>((resolve, reject) => {
        const tx = db.transaction('snapshots', mode);
        const request = work(tx.objectStore('snapshots'));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  load(): Promise<unknown> {
    return this.transact('readonly', (store) => store.get(this.slot));
  }

  async save(snapshot: T): Promise<void> {
    await this.transact('readwrite', (store) => store.put(snapshot, this.slot));
  }

  async clear(): Promise<void> {
    await this.transact('readwrite', (store) => store.delete(this.slot));
  }
}
