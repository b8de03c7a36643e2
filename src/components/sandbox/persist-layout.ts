/**
 * The saved sandbox's layout: a small meta record (clock, random state,
 * counts, shell, generation), a catalog record (aliases, grants, deleted
 * keys, import parameters), the keys in chunks with a row per changed key
 * (persist-keys.ts; CryptoKeys by structured clone), one record per file or
 * directory (bytes, never base64) and the audit window in chunks
 * (persist-audit.ts, pruned to the memory bound). A save writes what
 * changed since the last one, so its cost follows the command, not the
 * sandbox's size. Restoring checks every part by hand (no schema library on
 * the page-load path) and names the part it refuses.
 */
import { AUDIT_MEMORY_LIMIT } from '../../kms/audit.ts';
import type { Kms } from '../../kms/kms.ts';
import { integer, list, record, ShapeError, text } from '../../kms/shape-check.ts';
import { checkAccount, checkCatalog, checkClock, checkRandom, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from '../../kms/snapshot-check.ts';
import { restoreSnapshot, SnapshotError } from '../../kms/store.ts';
import type { ShellImage } from '../../shell/run.ts';
import { Sandbox, type SandboxOptions } from '../../shell/sandbox.ts';
import { Vfs } from '../../shell/vfs.ts';
import { auditWrites, readAudit } from './persist-audit.ts';
import { KeyPlaces, readKeys, type ReadKeys } from './persist-keys.ts';
import type { StoredSandbox, WriteBatch } from './persist-backend.ts';

export const LAYOUT_FORMAT = 'kms-lab-sandbox-stores';
/** 3: keys and the audit window in chunks. Version 2 (a row per key and per event) reads the same way and is carried on. */
export const LAYOUT_VERSION = 3;
const READS = new Set([2, 3]);

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

type Catalog = Pick<Snapshot, 'deleted' | 'aliases' | 'grants' | 'importParameters' | 'customKeyStores'>;

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
  private keys = new KeyPlaces();
  private savedAuditCount = 0;
  private fullNext = true;

  /** After a restore from the stores: the next save writes only what changes from here. */
  adopt(sandbox: Sandbox, keys: ReadKeys): void {
    this.kms = sandbox.kms;
    this.vfs = sandbox.session.vfs;
    this.keys.adopt(keys);
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
    const count = state.auditCount;
    const batch: WriteBatch = {
      full,
      meta: undefined,
      keys: full ? this.keys.all(state.keys) : this.keys.changed(engineChanges.keys, state.keys),
      putFiles: [],
      deleteFiles: [],
      deleteFileTrees: [],
      audit: auditWrites(state.audit, count, full ? 0 : this.savedAuditCount, AUDIT_MEMORY_LIMIT),
      ...extra,
    };

    if (full) {
      batch.putFiles = vfs.records();
    } else {
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
        customKeyStores: [...state.customKeyStores.values()],
      } satisfies Catalog;
    }

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
      nextKeyOrder: this.keys.next,
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
 * places the tracker needs. Throws StoredSandboxError naming the part.
 */
export function restoreFromStores(stored: StoredSandbox, options: Omit<SandboxOptions, 'seed'>): { sandbox: Sandbox; keys: ReadKeys } {
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
  if (typeof version !== 'number' || !READS.has(version)) throw new StoredSandboxError(`meta.version: expected ${LAYOUT_VERSION}, got ${JSON.stringify(version)}`);

  let snapshot: Snapshot;
  let keys: ReadKeys;
  try {
    const account = checkAccount(meta['account'], 'meta.account');
    const clock = checkClock(meta['clock'], 'meta.clock');
    const random = checkRandom(meta['random'], 'meta.random');
    const caller = text(meta['caller'], 'meta.caller');
    const auditCount = integer(meta['auditCount'], 'meta.auditCount', 0);
    const auditFailures = integer(meta['auditFailures'], 'meta.auditFailures', 0);
    const nextOrder = integer(meta['nextKeyOrder'], 'meta.nextKeyOrder', 0);
    const catalog = checkCatalog(record(stored.catalog, 'catalog'), 'catalog');
    keys = readKeys(list(stored.keys, 'keys'), nextOrder);

    const events = readAudit(list(stored.audit, 'audit'), auditCount, AUDIT_MEMORY_LIMIT);
    snapshot = {
      format: SNAPSHOT_FORMAT,
      schemaVersion: SNAPSHOT_VERSION,
      account,
      clock,
      random,
      keys: keys.records,
      ...catalog,
      audit: events,
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
  return { sandbox, keys };
}
