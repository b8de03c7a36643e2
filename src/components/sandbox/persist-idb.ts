/**
 * The saved sandbox in IndexedDB: database kms-lab, version 2, with the
 * stores persist-layout.ts describes (meta, keys, files, audit), a backups
 * store for records kept aside, and version 1's snapshots store, read once
 * to migrate the old one-record format. The connection stays open between
 * saves; another tab's version change closes it (and this tab stops saving).
 */
import type { PersistBackend, StoredSandbox, WriteBatch, WriteOutcome } from './persist-backend.ts';
import { generationOf } from './persist-backend.ts';

export const DB_NAME = 'kms-lab';
export const DB_VERSION = 2;
const STORES = ['meta', 'keys', 'files', 'audit', 'backups'] as const;
const LEGACY = 'snapshots';

/** The database is from a newer KMS Lab: opening it at our version is refused (VersionError). */
export class NewerDatabaseError extends Error {
  override name = 'NewerDatabaseError';
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('The save was aborted', 'AbortError'));
  });
}

/** Opens (creating or upgrading) the database; waits at most `blockedMs` for other tabs that hold version 1 open. */
function openDatabase(blockedMs: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    let timer: ReturnType<typeof setTimeout> | undefined;
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const name of [...STORES, LEGACY]) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
    };
    req.onblocked = () => {
      timer = setTimeout(() => reject(new DOMException('another tab keeps the saved sandbox open in an older version', 'BlockedError')), blockedMs);
    };
    req.onsuccess = () => {
      clearTimeout(timer);
      resolve(req.result);
    };
    req.onerror = () => {
      clearTimeout(timer);
      reject(req.error?.name === 'VersionError' ? new NewerDatabaseError('saved by a newer version of KMS Lab') : req.error);
    };
  });
}

/** Every store's records as they are, for exporting a database this version cannot read. */
export async function dumpDatabase(): Promise<Record<string, { key: IDBValidKey; value: unknown }[]>> {
  const db = await request(indexedDB.open(DB_NAME));
  try {
    const names = [...db.objectStoreNames];
    const out: Record<string, { key: IDBValidKey; value: unknown }[]> = {};
    if (names.length === 0) return out;
    const tx = db.transaction(names, 'readonly');
    await Promise.all(
      names.map(async (name) => {
        const store = tx.objectStore(name);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        out[name] = keys.map((key, i) => ({ key, value: values[i] }));
      }),
    );
    return out;
  } finally {
    db.close();
  }
}

export class IndexedDbBackend implements PersistBackend {
  private db: IDBDatabase | undefined;
  private closed: Error | undefined;
  private readonly channel: BroadcastChannel | undefined;
  private readonly listeners = new Set<(generation: number) => void>();
  /** Heard when another tab opens a newer version: this one must stop writing. */
  onVersionChange: (() => void) | undefined;

  private constructor(db: IDBDatabase) {
    this.db = db;
    db.onversionchange = () => {
      db.close();
      this.db = undefined;
      this.closed = new DOMException('another tab opened a newer version of KMS Lab', 'VersionError');
      this.onVersionChange?.();
    };
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('kms-lab-sandbox') : undefined;
    if (this.channel) {
      this.channel.onmessage = (event: MessageEvent<unknown>) => {
        const generation = (event.data as { generation?: unknown } | null)?.generation;
        if (typeof generation === 'number') for (const listener of this.listeners) listener(generation);
      };
    }
  }

  static async open(blockedMs = 4000): Promise<IndexedDbBackend> {
    return new IndexedDbBackend(await openDatabase(blockedMs));
  }

  private database(): IDBDatabase {
    if (!this.db) throw this.closed ?? new DOMException('the saved sandbox is closed', 'InvalidStateError');
    return this.db;
  }

  async read(): Promise<StoredSandbox> {
    const tx = this.database().transaction([...STORES, LEGACY], 'readonly');
    const meta = tx.objectStore('meta');
    const [sandbox, catalog, keys, files, audit, legacy] = await Promise.all([
      request(meta.get('sandbox')),
      request(meta.get('catalog')),
      request(tx.objectStore('keys').getAll()),
      request(tx.objectStore('files').getAll()),
      request(tx.objectStore('audit').getAll()),
      request(tx.objectStore(LEGACY).get('sandbox')),
    ]);
    return { meta: sandbox, catalog, keys, files, audit, legacy };
  }

  async write(expected: number, build: () => WriteBatch): Promise<WriteOutcome> {
    const tx = this.database().transaction([...STORES, LEGACY], 'readwrite');
    const finished = done(tx);
    let conflict = false;
    let failure: unknown;
    const check = tx.objectStore('meta').get('sandbox');
    check.onsuccess = () => {
      if (generationOf(check.result) !== expected) {
        conflict = true;
        tx.abort();
        return;
      }
      try {
        const start = performance.now();
        apply(tx, build());
        performance.measure('kms-lab:save-sync', { start, end: performance.now() });
      } catch (error) {
        failure = error;
        tx.abort();
      }
    };
    try {
      await finished;
      return 'ok';
    } catch (error) {
      if (conflict) return 'conflict';
      throw failure ?? error;
    }
  }

  announce(generation: number): void {
    this.channel?.postMessage({ generation });
  }

  onAnnounce(listener: (generation: number) => void): void {
    this.listeners.add(listener);
  }
}

/** Puts and deletes in store order; IndexedDB runs a transaction's requests in the order they were made. */
function apply(tx: IDBTransaction, batch: WriteBatch): void {
  const meta = tx.objectStore('meta');
  const keys = tx.objectStore('keys');
  const files = tx.objectStore('files');
  const audit = tx.objectStore('audit');
  if (batch.full) {
    keys.clear();
    files.clear();
    audit.clear();
  }
  if (batch.backup) tx.objectStore('backups').put(batch.backup.value, batch.backup.name);
  if (batch.dropLegacy) tx.objectStore(LEGACY).delete('sandbox');
  meta.put(batch.meta, 'sandbox');
  if (batch.catalog !== undefined) meta.put(batch.catalog, 'catalog');
  for (const id of batch.deleteKeys) keys.delete(id);
  for (const [id, row] of batch.putKeys) keys.put(row, id);
  // The directory and every path below it: those start with `${tree}/`, and '/' is followed by '0' in code-unit order.
  for (const tree of batch.deleteFileTrees) {
    files.delete(tree);
    files.delete(IDBKeyRange.bound(`${tree}/`, `${tree}0`, false, true));
  }
  for (const path of batch.deleteFiles) files.delete(path);
  for (const record of batch.putFiles) files.put(record, record.path);
  for (const [seq, row] of batch.putAudit) audit.put(row, seq);
  if (batch.auditThrough > 0) audit.delete(IDBKeyRange.upperBound(batch.auditThrough));
}
