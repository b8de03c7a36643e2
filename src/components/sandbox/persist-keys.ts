/**
 * How the keys lie in their store. Each key has a fixed order (the key map's
 * insertion order, which the store's sorting by key ID would lose); keys are
 * kept in chunks of KEY_CHUNK by order (keyed [index]), and a key that
 * changed since is a row of its own (keyed by key ID) that overrides its
 * chunk's copy, or a tombstone when the key is gone. Reading a record costs
 * Chromium about as much as reading a hundred keys inside one, so 1,000 keys
 * read as ten chunks and a few rows. A save writes only the changed keys as
 * rows; once KEY_ROWS_MAX keys have rows, it folds them into their chunks.
 */
import type { KeyRecord } from '../../kms/keys.ts';
import { at, integer, list, record, refuse, text } from '../../kms/shape-check.ts';

export const KEY_CHUNK = 100;
export const KEY_ROWS_MAX = 64;

export interface KeyRow {
  order: number;
  record: KeyRecord;
}

/** A key that is gone, while its chunk still holds it. */
export interface KeyGone {
  keyId: string;
  order: number;
  gone: true;
}

/** The keys with orders index × KEY_CHUNK … index × KEY_CHUNK + KEY_CHUNK − 1. */
export interface KeyChunk {
  index: number;
  keys: KeyRow[];
}

/** What a save does to the keys store (persist-backend.ts applies it). */
export interface KeyWrites {
  deleteRows: string[];
  deleteChunks: number[];
  putChunks: [index: number, chunk: KeyChunk][];
  putRows: [keyId: string, row: KeyRow | KeyGone][];
}

const chunkOf = (order: number): number => Math.floor(order / KEY_CHUNK);

/**
 * Where each key of one sandbox is stored, followed from save to save: its
 * order, which keys are rows (and which rows are tombstones, with the order
 * the key had).
 */
export class KeyPlaces {
  private orders = new Map<string, number>();
  private nextOrder = 0;
  private rows = new Set<string>();
  private gone = new Map<string, number>();

  /** After a restore: the places the stores held. */
  adopt(read: ReadKeys): void {
    this.orders = read.orders;
    this.nextOrder = read.nextOrder;
    this.rows = read.rows;
    this.gone = read.gone;
  }

  get next(): number {
    return this.nextOrder;
  }

  /** Every key, in chunks, for a cleared store. */
  all(keys: ReadonlyMap<string, KeyRecord>): KeyWrites {
    this.orders = new Map();
    this.nextOrder = 0;
    this.rows = new Set();
    this.gone = new Map();
    const writes: KeyWrites = { deleteRows: [], deleteChunks: [], putChunks: [], putRows: [] };
    let chunk: KeyChunk | undefined;
    for (const [keyId, key] of keys) {
      const order = this.nextOrder++;
      this.orders.set(keyId, order);
      if (!chunk || chunk.index !== chunkOf(order)) writes.putChunks.push([chunkOf(order), (chunk = { index: chunkOf(order), keys: [] })]);
      chunk.keys.push({ order, record: key });
    }
    return writes;
  }

  /** The changed keys as rows (new ones taking orders in the key map's order), folded into their chunks once there are many. */
  changed(ids: ReadonlySet<string>, keys: ReadonlyMap<string, KeyRecord>): KeyWrites {
    const writes: KeyWrites = { deleteRows: [], deleteChunks: [], putChunks: [], putRows: [] };
    let added: string[] = [];
    for (const keyId of ids) {
      const key = keys.get(keyId);
      const order = this.orders.get(keyId);
      if (!key) {
        if (order === undefined) continue;
        this.orders.delete(keyId);
        this.gone.set(keyId, order);
        this.rows.add(keyId);
        writes.putRows.push([keyId, { keyId, order, gone: true }]);
      } else if (order !== undefined) {
        this.rows.add(keyId);
        writes.putRows.push([keyId, { order, record: key }]);
      } else {
        added.push(keyId);
      }
    }
    // Usually one new key, so no walk of the map.
    if (added.length > 1) {
      const wanted = new Set(added);
      added = [...keys.keys()].filter((keyId) => wanted.has(keyId));
    }
    for (const keyId of added) {
      const order = this.nextOrder++;
      this.orders.set(keyId, order);
      this.gone.delete(keyId);
      this.rows.add(keyId);
      writes.putRows.push([keyId, { order, record: keys.get(keyId)! }]);
    }
    return this.rows.size >= KEY_ROWS_MAX ? this.fold(keys) : writes;
  }

  /** Rewrites every chunk a row belongs to from the keys as they are, and drops the rows. */
  private fold(keys: ReadonlyMap<string, KeyRecord>): KeyWrites {
    const touched = new Set<number>();
    for (const keyId of this.rows) touched.add(chunkOf(this.orders.get(keyId) ?? this.gone.get(keyId)!));
    const chunks = new Map<number, KeyRow[]>();
    for (const [keyId, order] of this.orders) {
      const index = chunkOf(order);
      const key = keys.get(keyId);
      // Every key with an order is in the map (deletions leave through changed()); a stray one is left out, never written as nothing.
      if (!touched.has(index) || !key) continue;
      let rows = chunks.get(index);
      if (!rows) chunks.set(index, (rows = []));
      rows.push({ order, record: key });
    }
    const writes: KeyWrites = { deleteRows: [...this.rows], deleteChunks: [], putChunks: [], putRows: [] };
    for (const index of touched) {
      const rows = chunks.get(index);
      if (rows) writes.putChunks.push([index, { index, keys: rows.sort((a, b) => a.order - b.order) }]);
      else writes.deleteChunks.push(index);
    }
    this.rows = new Set();
    this.gone = new Map();
    return writes;
  }
}

/** The keys a store holds, in order, and their places (for KeyPlaces.adopt). */
export interface ReadKeys {
  records: KeyRecord[];
  orders: Map<string, number>;
  nextOrder: number;
  rows: Set<string>;
  gone: Map<string, number>;
}

/**
 * The keys of the store's records (chunks, rows and tombstones in any order):
 * a row overrides its key's chunk copy, a tombstone removes it. Refuses a
 * record of no kind, an order at or past `nextOrder` or outside its chunk,
 * and a key in two chunks. Key records themselves are checked by the
 * snapshot check that follows.
 */
export function readKeys(values: readonly unknown[], nextOrder: number): ReadKeys {
  const placed = new Map<string, KeyRow>();
  const rows = new Set<string>();
  const gone = new Map<string, number>();
  const later: { keyId: string; row: KeyRow | undefined; order: number }[] = [];
  // A key row's order and key ID, checked; its path is built only to refuse (a restore reads 1,000 of them).
  const orderOf = (row: Record<string, unknown>, where: () => string, index?: number): number => {
    const order = row['order'];
    if (!Number.isSafeInteger(order) || (order as number) < 0) integer(order, at(where(), 'order'), 0);
    if ((order as number) >= nextOrder) refuse(at(where(), 'order'), `expected less than meta.nextKeyOrder (${nextOrder})`);
    if (index !== undefined && chunkOf(order as number) !== index) refuse(at(where(), 'order'), `expected an order in chunk ${index}`);
    return order as number;
  };
  const keyIdOf = (row: Record<string, unknown>, where: () => string): string => {
    const keyId = (row['record'] as { keyId?: unknown } | null | undefined)?.keyId;
    return typeof keyId === 'string' ? keyId : text(record(row['record'], at(where(), 'record'))['keyId'], at(where(), 'record.keyId'));
  };
  for (let i = 0; i < values.length; i++) {
    const where = at('keys', i);
    const value = record(values[i], where);
    if ('keys' in value) {
      const index = integer(value['index'], at(where, 'index'), 0);
      const keys = list(value['keys'], at(where, 'keys'));
      for (let j = 0; j < keys.length; j++) {
        const rowAt = () => at(at(where, 'keys'), j);
        const item = keys[j];
        const row = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : record(item, rowAt());
        orderOf(row, rowAt, index);
        const keyId = keyIdOf(row, rowAt);
        if (placed.has(keyId)) refuse(rowAt(), `key ${keyId} appears twice`);
        placed.set(keyId, row as unknown as KeyRow);
      }
    } else if (value['gone'] === true) {
      later.push({ keyId: text(value['keyId'], at(where, 'keyId')), row: undefined, order: orderOf(value, () => where) });
    } else {
      const order = orderOf(value, () => where);
      later.push({ keyId: keyIdOf(value, () => where), row: value as unknown as KeyRow, order });
    }
  }
  // Rows sort before chunks in the store, but override them.
  for (const { keyId, row, order } of later) {
    rows.add(keyId);
    if (row) placed.set(keyId, row);
    else {
      placed.delete(keyId);
      gone.set(keyId, order);
    }
  }
  const sorted = [...placed.values()].sort((a, b) => a.order - b.order);
  const orders = new Map<string, number>();
  for (const row of sorted) orders.set(row.record.keyId, row.order);
  return { records: sorted.map((row) => row.record), orders, nextOrder, rows, gone };
}
