/**
 * The saved sandbox in IndexedDB: database kms-lab, version 2, with the
 * stores persist-layout.ts describes (meta, keys, files, audit), a backups
 * store for records kept aside, and version 1's snapshots store, read once
 * to migrate the old one-record format. The connection stays open between
 * saves; another tab's version change closes it (and this tab stops saving).
 * A save's puts are issued in slices of at most SLICE_MS of main-thread work
 * (a put serialises its record there and then), each slice starting from the
 * last request of the one before, so the page stays responsive during a big
 * save while the save stays one transaction.
 */
import type { PersistBackend, StoredSandbox, WriteBatch, WriteOutcome } from './persist-backend.ts';
import { AUDIT_CHUNK } from './persist-audit.ts';
import { generationOf } from './persist-backend.ts';

export const DB_NAME = 'kms-lab';
export const DB_VERSION = 2;
const STORES = ['meta', 'keys', 'files', 'audit', 'backups'] as const;
const LEGACY = 'snapshots';
/** Main-thread time one slice of a save may take: well inside a 60 Hz frame. */
export const SLICE_MS = 8;

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

/** Another tab, still running an older KMS Lab, holds the database open at its version, so this one cannot upgrade it. */
export class BlockedUpgradeError extends Error {
  override name = 'BlockedUpgradeError';
}

/** Opens (creating or upgrading) the database; waits at most `blockedMs` for other tabs that hold an older version open. */
function openDatabase(blockedMs: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let gaveUp = false;
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const name of [...STORES, LEGACY]) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
    };
    req.onblocked = () => {
      timer ??= setTimeout(() => {
        gaveUp = true;
        reject(new BlockedUpgradeError('another KMS Lab tab is still open with an older version'));
      }, blockedMs);
    };
    req.onsuccess = () => {
      clearTimeout(timer);
      // Opened after this page gave up (the old tab went): let go, so the page never holds a connection it does not use.
      if (gaveUp) req.result.close();
      else resolve(req.result);
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
  private readonly writing = new Set<IDBTransaction>();
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

  async write(expected: number, build: () => WriteBatch, options: { atOnce?: boolean } = {}): Promise<WriteOutcome> {
    const tx = this.database().transaction([...STORES, LEGACY], 'readwrite');
    this.writing.add(tx);
    const finished = done(tx).finally(() => this.writing.delete(tx));
    let conflict = false;
    let failure: unknown;
    if (options.atOnce) {
      // Leaving the page: no event of this transaction may get to run, so it is written blind and
      // committed now (the other tabs' generations are known from their announcements instead).
      try {
        const all = requests(tx, build());
        while (!all.next().done);
        tx.commit?.();
      } catch (error) {
        failure = error;
        abort(tx);
      }
      await finished.catch((error: unknown) => {
        throw failure ?? error;
      });
      return 'ok';
    }
    const check = tx.objectStore('meta').get('sandbox');
    check.onsuccess = () => {
      if (generationOf(check.result) !== expected) {
        conflict = true;
        abort(tx);
        return;
      }
      // The batch is taken in the first slice; measured per slice, each being one task's worth of save work.
      let operations: Iterator<IDBRequest> | undefined;
      const slice = (): void => {
        const start = performance.now();
        try {
          operations ??= requests(tx, build());
          for (let next = operations.next(); !next.done; next = operations.next()) {
            if (performance.now() - start >= SLICE_MS) {
              next.value.onsuccess = slice;
              break;
            }
          }
        } catch (error) {
          failure = error;
          abort(tx);
        }
        performance.measure('kms-lab:save-sync', { start, end: performance.now() });
      };
      slice();
    };
    try {
      await finished;
      return 'ok';
    } catch (error) {
      if (conflict) return 'conflict';
      throw failure ?? error;
    }
  }

  abortWrites(): void {
    for (const tx of this.writing) abort(tx);
    this.writing.clear();
  }

  announce(generation: number): void {
    this.channel?.postMessage({ generation });
  }

  onAnnounce(listener: (generation: number) => void): void {
    this.listeners.add(listener);
  }
}

/** Aborts, unless the transaction has already ended (a failed request aborts it on its own). */
function abort(tx: IDBTransaction): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted: nothing was written.
  }
}

/**
 * The batch's requests, made as the caller pulls them. Meta and catalog come
 * in the first pull, before any pause: rows serialised later may hold what a
 * command changed since, but the catalog (aliases, grants) is the batch's, so
 * it never names a key the stored keys lack. Clears and deletes come before
 * the puts of their store; IndexedDB runs a transaction's requests in order.
 */
function* requests(tx: IDBTransaction, batch: WriteBatch): Generator<IDBRequest, void, undefined> {
  const meta = tx.objectStore('meta');
  const keys = tx.objectStore('keys');
  const files = tx.objectStore('files');
  const audit = tx.objectStore('audit');
  const { putRows, putChunks, deleteRows, through } = batch.audit;
  const sandbox = meta.put(batch.meta, 'sandbox');
  yield batch.catalog === undefined ? sandbox : meta.put(batch.catalog, 'catalog');
  if (batch.full) {
    yield keys.clear();
    yield files.clear();
    yield audit.clear();
  }
  if (batch.backup) yield tx.objectStore('backups').put(batch.backup.value, batch.backup.name);
  if (batch.dropLegacy) yield tx.objectStore(LEGACY).delete('sandbox');
  // Key rows are key IDs and chunks arrays ([index]); every string orders before every array.
  for (const id of batch.keys.deleteRows) yield keys.delete(id);
  for (const index of batch.keys.deleteChunks) yield keys.delete([index]);
  // The directory and every path below it: those start with `${tree}/`, and '/' is followed by '0' in code-unit order.
  for (const tree of batch.deleteFileTrees) {
    yield files.delete(tree);
    yield files.delete(IDBKeyRange.bound(`${tree}/`, `${tree}0`, false, true));
  }
  for (const path of batch.deleteFiles) yield files.delete(path);
  // Rows are numbers and chunks arrays ([start]); every number orders before every array.
  for (const [from, to] of deleteRows) yield audit.delete(IDBKeyRange.bound(from, to));
  if (through > 0) yield audit.delete(IDBKeyRange.upperBound(through));
  if (through >= AUDIT_CHUNK) yield audit.delete(IDBKeyRange.bound([0], [through - AUDIT_CHUNK + 1]));
  for (const [index, chunk] of batch.keys.putChunks) yield keys.put(chunk, [index]);
  for (const [id, row] of batch.keys.putRows) yield keys.put(row, id);
  for (const record of batch.putFiles) yield files.put(record, record.path);
  for (const [start, chunk] of putChunks) yield audit.put(chunk, [start]);
  for (const [seq, row] of putRows) yield audit.put(row, seq);
}
