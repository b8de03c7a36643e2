/**
 * Where the saved sandbox lives, as separate stores (see persist-layout.ts):
 * IndexedDB in the browser (persist-idb.ts), memory in Node tests. A write is
 * one transaction that first checks the stored generation is the one this
 * tab last read or wrote, so a tab never overwrites newer work of another.
 */
import type { VfsRecord } from '../../shell/vfs.ts';
import { AUDIT_CHUNK, type AuditWrites } from './persist-audit.ts';
import type { KeyWrites } from './persist-keys.ts';

/** Everything read back at page load, unchecked: persist-layout.ts checks it. */
export interface StoredSandbox {
  meta: unknown;
  catalog: unknown;
  /** Rows, then chunks (persist-keys.ts), as the store orders them. */
  keys: unknown[];
  files: unknown[];
  /** Rows, then chunks (persist-audit.ts), as the store orders them. */
  audit: unknown[];
  /** The one-record format of earlier versions (database kms-lab, store snapshots, record sandbox). */
  legacy: unknown;
}

/** One save: what to put and delete in each store; `full` clears keys, files and audit first. */
export interface WriteBatch {
  full: boolean;
  meta: unknown;
  catalog?: unknown;
  keys: KeyWrites;
  putFiles: VfsRecord[];
  deleteFiles: string[];
  /** Directories whose every descendant goes (removed or moved away). */
  deleteFileTrees: string[];
  audit: AuditWrites;
  /** A record kept aside in the backups store: a damaged save, or the old format after migration. */
  backup?: { name: string; value: unknown };
  dropLegacy?: boolean;
}

export type WriteOutcome = 'ok' | 'conflict';

export interface PersistBackend {
  read(): Promise<StoredSandbox>;
  /**
   * Runs `build` inside the transaction once the stored generation equals
   * `expected` (so the batch is taken from the sandbox at that moment), and
   * writes it; 'conflict' when another tab wrote since. Throws when storage
   * fails (quota, blocked, closed). With `atOnce` (a page that is leaving:
   * none of its later tasks may run) the batch is taken, written and
   * committed before this returns, without the generation check, which needs
   * an event; the caller knows other tabs' generations from announce().
   */
  write(expected: number, build: () => WriteBatch, options?: { atOnce?: boolean }): Promise<WriteOutcome>;
  /**
   * Aborts the writes still running (their promises reject), so a write made
   * as the page leaves need not queue behind one whose next step is an event
   * that will never run.
   */
  abortWrites?(): void;
  /** Tells other tabs of a new generation, and hears of theirs. */
  announce?(generation: number): void;
  onAnnounce?(listener: (generation: number) => void): void;
}

/** The generation a stored meta record carries: 0 for none, -1 for one too damaged to say. */
export function generationOf(meta: unknown): number {
  if (meta === undefined) return 0;
  const generation = (meta as { generation?: unknown } | null)?.generation;
  return typeof generation === 'number' && Number.isSafeInteger(generation) && generation >= 0 ? generation : -1;
}

/** The stores in memory, with IndexedDB's semantics (values by structured clone, keys sorted): for Node and tests. */
export class MemoryBackend implements PersistBackend {
  readonly stores = {
    meta: new Map<string, unknown>(),
    /** Rows by key ID; chunks are in keyChunks by index (IndexedDB keys them [index], after every row). */
    keys: new Map<string, unknown>(),
    keyChunks: new Map<number, unknown>(),
    files: new Map<string, unknown>(),
    /** Rows by sequence number; chunks are in auditChunks by their start (IndexedDB keys them [start], after every row). */
    audit: new Map<number, unknown>(),
    auditChunks: new Map<number, unknown>(),
    backups: new Map<string, unknown>(),
    snapshots: new Map<string, unknown>(),
  };
  /** Makes the next writes throw, as a full disk does. */
  failWith: Error | undefined;

  async read(): Promise<StoredSandbox> {
    const { meta, keys, keyChunks, files, audit, auditChunks, snapshots } = this.stores;
    const sorted = <K extends string | number>(map: Map<K, unknown>) =>
      [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => structuredClone(v));
    return {
      meta: structuredClone(meta.get('sandbox')),
      catalog: structuredClone(meta.get('catalog')),
      keys: [...sorted(keys), ...sorted(keyChunks)],
      files: sorted(files),
      audit: [...sorted(audit), ...sorted(auditChunks)],
      legacy: structuredClone(snapshots.get('sandbox')),
    };
  }

  async write(expected: number, build: () => WriteBatch): Promise<WriteOutcome> {
    await Promise.resolve();
    if (generationOf(this.stores.meta.get('sandbox')) !== expected) return 'conflict';
    if (this.failWith) throw this.failWith;
    const batch = build();
    const { meta, keys, keyChunks, files, audit, auditChunks, backups, snapshots } = this.stores;
    if (batch.full) {
      keys.clear();
      keyChunks.clear();
      files.clear();
      audit.clear();
      auditChunks.clear();
    }
    if (batch.backup) backups.set(batch.backup.name, structuredClone(batch.backup.value));
    if (batch.dropLegacy) snapshots.delete('sandbox');
    meta.set('sandbox', structuredClone(batch.meta));
    if (batch.catalog !== undefined) meta.set('catalog', structuredClone(batch.catalog));
    for (const id of batch.keys.deleteRows) keys.delete(id);
    for (const index of batch.keys.deleteChunks) keyChunks.delete(index);
    for (const [index, chunk] of batch.keys.putChunks) keyChunks.set(index, structuredClone(chunk));
    for (const [id, row] of batch.keys.putRows) keys.set(id, structuredClone(row));
    for (const tree of batch.deleteFileTrees) for (const path of [...files.keys()]) if (path === tree || path.startsWith(`${tree}/`)) files.delete(path);
    for (const path of batch.deleteFiles) files.delete(path);
    for (const record of batch.putFiles) files.set(record.path, structuredClone(record));
    const { putRows, putChunks, deleteRows, through } = batch.audit;
    for (const [from, to] of deleteRows) for (const seq of [...audit.keys()]) if (seq >= from && seq <= to) audit.delete(seq);
    for (const [start, chunk] of putChunks) auditChunks.set(start, structuredClone(chunk));
    for (const [seq, row] of putRows) audit.set(seq, structuredClone(row));
    for (const seq of [...audit.keys()]) if (seq <= through) audit.delete(seq);
    for (const start of [...auditChunks.keys()]) if (start + AUDIT_CHUNK - 1 <= through) auditChunks.delete(start);
    return 'ok';
  }
}
