/**
 * The saved sandbox's layout: a small meta record (clock, random state,
 * counts, shell, generation), a catalog record (aliases, grants, deleted
 * keys, import parameters), one row per key (CryptoKeys by structured clone),
 * one per file or directory (bytes, never base64) and one per audit event
 * (by sequence number, pruned to the memory bound). A save writes what
 * changed since the last one, so its cost follows the command, not the
 * sandbox's size. Restoring checks every part by hand (no schema library on
 * the page-load path) and names the part it refuses.
 */
import { AUDIT_MEMORY_LIMIT } from '../../kms/audit.ts';
import type { Kms } from '../../kms/kms.ts';
import { at, integer, list, record, refuse, ShapeError, text } from '../../kms/shape-check.ts';
import { checkAccount, checkCatalog, checkClock, checkRandom, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from '../../kms/snapshot-check.ts';
import { restoreSnapshot, SnapshotError } from '../../kms/store.ts';
import type { ShellImage } from '../../shell/run.ts';
import { Sandbox, type SandboxOptions } from '../../shell/sandbox.ts';
import { Vfs } from '../../shell/vfs.ts';
import type { StoredSandbox, WriteBatch } from './persist-backend.ts';

export const LAYOUT_FORMAT = 'kms-lab-sandbox-stores';
export const LAYOUT_VERSION = 2;

export interface MetaRecord {
  format: typeof LAYOUT_FORMAT;
  version: typeof LAYOUT_VERSION;
  generation: number;
  savedAt: string;
  account: Snapshot['account'];
  clock: Snapshot['clock'];
  random: Snapshot['random'];
  caller: string;
  auditCount: number;
  auditFailures: number;
  /** The next key row's order: the key map's insertion order survives the store's sorting by key ID. */
  nextKeyOrder: number;
  shell: ShellImage;
}

type Catalog = Pick<Snapshot, 'deleted' | 'aliases' | 'grants' | 'importParameters'>;

interface KeyRow {
  order: number;
  record: Snapshot['keys'][number];
}

interface AuditRow {
  seq: number;
  event: Snapshot['audit'][number];
}

/** Why a saved sandbox could not be used: damaged, or from a newer version of KMS Lab. */
export class StoredSandboxError extends Error {
  override name = 'StoredSandboxError';
  readonly newerVersion: boolean;
  constructor(message: string, newerVersion = false) {
    super(message);
    this.newerVersion = newerVersion;
  }
}

/**
 * Follows one sandbox's changes between saves. It remembers which simulator
 * and file tree it saved last: a `sim reset` or an import replaces them, and
 * the next save is then a full one.
 */
export class SaveTracker {
  private kms: Kms | undefined;
  private vfs: Vfs | undefined;
  private orders = new Map<string, number>();
  private nextOrder = 0;
  private savedAuditCount = 0;
  private fullNext = true;

  /** After a restore from the stores: the next save writes only what changes from here. */
  adopt(sandbox: Sandbox, orders: Map<string, number>, nextOrder: number): void {
    this.kms = sandbox.kms;
    this.vfs = sandbox.session.vfs;
    this.orders = orders;
    this.nextOrder = nextOrder;
    this.savedAuditCount = sandbox.kms.auditCount();
    sandbox.kms.engine.takeChanges();
    sandbox.session.vfs.takeChanges();
    this.fullNext = false;
  }

  /** A write failed or was refused: what it held is unknown, so the next one writes everything. */
  invalidate(): void {
    this.fullNext = true;
  }

  /** The batch for a save now, with this generation; `extra` adds a backup or drops the old format. */
  batch(sandbox: Sandbox, generation: number, extra: Pick<WriteBatch, 'backup' | 'dropLegacy'> = {}): WriteBatch {
    const kms = sandbox.kms;
    const vfs = sandbox.session.vfs;
    const engineChanges = kms.engine.takeChanges();
    const fileChanges = vfs.takeChanges();
    const full = this.fullNext || kms !== this.kms || vfs !== this.vfs || engineChanges.all || fileChanges === undefined;
    const state = kms.engine.state;
    const batch: WriteBatch = { full, meta: undefined, putKeys: [], deleteKeys: [], putFiles: [], deleteFiles: [], deleteFileTrees: [], putAudit: [], auditThrough: 0, ...extra };

    if (full) {
      this.orders = new Map();
      this.nextOrder = 0;
      for (const [keyId, key] of state.keys) {
        this.orders.set(keyId, this.nextOrder);
        batch.putKeys.push([keyId, { order: this.nextOrder++, record: key } satisfies KeyRow]);
      }
      batch.putFiles = vfs.records();
    } else {
      const added: string[] = [];
      for (const keyId of engineChanges.keys) {
        const key = state.keys.get(keyId);
        if (!key) {
          batch.deleteKeys.push(keyId);
          this.orders.delete(keyId);
        } else if (this.orders.has(keyId)) {
          batch.putKeys.push([keyId, { order: this.orders.get(keyId)!, record: key } satisfies KeyRow]);
        } else {
          added.push(keyId);
        }
      }
      // New keys take orders in the key map's order (usually one key, so no walk of the map).
      if (added.length > 1) {
        const wanted = new Set(added);
        added.length = 0;
        for (const keyId of state.keys.keys()) if (wanted.has(keyId)) added.push(keyId);
      }
      for (const keyId of added) {
        this.orders.set(keyId, this.nextOrder);
        batch.putKeys.push([keyId, { order: this.nextOrder++, record: state.keys.get(keyId)! } satisfies KeyRow]);
      }
      batch.deleteFileTrees = [...fileChanges.removed];
      for (const path of fileChanges.paths) {
        const node = vfs.record(path);
        if (node) batch.putFiles.push(node);
        else batch.deleteFiles.push(path);
      }
    }

    if (full || engineChanges.catalog) {
      batch.catalog = {
        deleted: [...state.deleted],
        aliases: [...state.aliases.values()],
        grants: [...state.grants.values()],
        importParameters: [...state.importParameters.values()],
      } satisfies Catalog;
    }

    const count = state.auditCount;
    const first = count - state.audit.length + 1;
    const from = full ? first : Math.max(this.savedAuditCount + 1, first);
    for (let seq = from; seq <= count; seq++) batch.putAudit.push([seq, { seq, event: state.audit[seq - first]! } satisfies AuditRow]);
    batch.auditThrough = count - AUDIT_MEMORY_LIMIT;

    const randomState = kms.engine.random.state();
    batch.meta = {
      format: LAYOUT_FORMAT,
      version: LAYOUT_VERSION,
      generation,
      savedAt: new Date().toISOString(),
      account: { ...kms.engine.account },
      clock: kms.engine.clock.snapshot(),
      random: { seeded: kms.engine.seeded, ...(randomState ? { state: randomState } : {}) },
      caller: state.caller,
      auditCount: count,
      auditFailures: state.auditFailures,
      nextKeyOrder: this.nextOrder,
      shell: sandbox.session.image(),
    } satisfies MetaRecord;

    this.kms = kms;
    this.vfs = vfs;
    this.savedAuditCount = count;
    this.fullNext = false;
    return batch;
  }
}

/** A checker's refusal already names its part ("keys.3.record: …"); anything else gets `part`. */
function damaged(part: string, error: unknown): never {
  if (error instanceof ShapeError) throw new StoredSandboxError(error.message);
  throw new StoredSandboxError(`${part}: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Rebuilds the sandbox from the stores (every part checked), with the key
 * orders the tracker needs. Throws StoredSandboxError naming the part.
 */
export function restoreFromStores(
  stored: StoredSandbox,
  options: Omit<SandboxOptions, 'seed'>,
): { sandbox: Sandbox; orders: Map<string, number>; nextOrder: number } {
  const meta = (() => {
    try {
      return record(stored.meta, 'meta');
    } catch (error) {
      return damaged('meta', error);
    }
  })();
  if (meta['format'] !== LAYOUT_FORMAT) throw new StoredSandboxError('meta: not a saved KMS Lab sandbox');
  const version = meta['version'];
  if (typeof version === 'number' && version > LAYOUT_VERSION) {
    throw new StoredSandboxError(`it was saved by a newer version of KMS Lab (format version ${version}; this page reads version ${LAYOUT_VERSION})`, true);
  }
  if (version !== LAYOUT_VERSION) throw new StoredSandboxError(`meta.version: expected ${LAYOUT_VERSION}, got ${JSON.stringify(version)}`);

  let snapshot: Snapshot;
  const orders = new Map<string, number>();
  let nextOrder: number;
  try {
    const account = checkAccount(meta['account'], 'meta.account');
    const clock = checkClock(meta['clock'], 'meta.clock');
    const random = checkRandom(meta['random'], 'meta.random');
    const caller = text(meta['caller'], 'meta.caller');
    const auditCount = integer(meta['auditCount'], 'meta.auditCount', 0);
    const auditFailures = integer(meta['auditFailures'], 'meta.auditFailures', 0);
    nextOrder = integer(meta['nextKeyOrder'], 'meta.nextKeyOrder', 0);
    const catalog = checkCatalog(record(stored.catalog, 'catalog'), 'catalog');

    const rows = list(stored.keys, 'keys');
    const keyRows: KeyRow[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = record(rows[i], at('keys', i));
      const order = integer(row['order'], at(at('keys', i), 'order'), 0);
      if (order >= nextOrder) refuse(at(at('keys', i), 'order'), `expected less than meta.nextKeyOrder (${nextOrder})`);
      record(row['record'], at(at('keys', i), 'record'));
      keyRows.push(row as unknown as KeyRow);
    }
    keyRows.sort((a, b) => a.order - b.order);
    for (const row of keyRows) orders.set(row.record.keyId, row.order);

    const auditRows = list(stored.audit, 'audit');
    const events: Snapshot['audit'] = [];
    let last = 0;
    for (let i = 0; i < auditRows.length; i++) {
      const row = record(auditRows[i], at('audit', i));
      const seq = integer(row['seq'], at(at('audit', i), 'seq'), 1);
      if (seq <= last || seq > auditCount) refuse(at(at('audit', i), 'seq'), `expected a number after ${last} and at most meta.auditCount (${auditCount})`);
      last = seq;
      events.push(row['event'] as Snapshot['audit'][number]);
    }
    snapshot = {
      format: SNAPSHOT_FORMAT,
      schemaVersion: SNAPSHOT_VERSION,
      account,
      clock,
      random,
      keys: keyRows.map((row) => row.record),
      ...catalog,
      audit: events.slice(-AUDIT_MEMORY_LIMIT),
      auditCount,
      auditFailures,
      caller,
    };
  } catch (error) {
    return damaged('the saved sandbox', error);
  }

  let kms: Kms;
  try {
    kms = restoreSnapshot(snapshot, { adopt: true });
  } catch (error) {
    // The snapshot's own wording, with the stores' names for its parts.
    const message = error instanceof SnapshotError ? error.message.replace(/^The snapshot is corrupt \((.*)\)\.$/s, '$1') : String(error);
    throw new StoredSandboxError(message);
  }
  let sandbox: Sandbox;
  try {
    sandbox = Sandbox.fromParts(kms, (now) => Vfs.fromRecords(stored.files, { now }), meta['shell'] as ShellImage, options);
  } catch (error) {
    return damaged(error instanceof ShapeError ? 'meta' : 'files', error);
  }
  return { sandbox, orders, nextOrder };
}
