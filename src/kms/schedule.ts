/**
 * When time next changes a key on its own (a rotation, the end of a
 * deletion window, imported material expiring), kept in a min-heap so
 * that a call with nothing due looks at one entry, however many keys the
 * account holds. The engine tells the schedule whenever a key may have
 * changed; a changed key gets a new entry and its old one goes stale, to
 * be dropped when it reaches the top.
 */
import type { KeyRecord } from './keys.ts';

/**
 * The earliest instant (epoch ms) at which time changes this key, or
 * Infinity. Each term is exactly a condition under which
 * Engine.applyDue acts, so a key is due when and only when applyDue
 * would do something with it.
 */
export function nextDue(record: KeyRecord): number {
  let due = Infinity;
  if (record.state === 'PendingDeletion') due = earlier(due, record.deletionDate);
  const { rotation } = record;
  if (record.state === 'Enabled' && record.origin === 'AWS_KMS' && rotation.enabled) due = earlier(due, rotation.nextRotationDate);
  if (record.origin === 'EXTERNAL') {
    const material = record.materials[record.current];
    if (material?.key) due = earlier(due, material.validTo);
  }
  return due;
}

/** The earlier of `due` and `date`; an invalid date never compares as due, so it never counts (NaN < x is false). */
function earlier(due: number, date: Date | undefined): number {
  const at = date ? date.getTime() : Infinity;
  return at < due ? at : due;
}

interface Entry {
  at: number;
  keyId: string;
}

export class DueSchedule {
  private heap: Entry[] = [];
  /** Each tracked key's current due time; keys with nothing ahead are absent. */
  private readonly dueAt = new Map<string, number>();
  /** Each tracked key's place in creation order, the order of the key map. */
  private readonly order = new Map<string, number>();
  private nextOrder = 0;

  /** Tracks `keys` in the order given, which must be the key map's order. */
  constructor(keys: Iterable<KeyRecord> = []) {
    for (const record of keys) this.track(record);
  }

  /** How many keys the schedule knows: it must equal the key map's size, or a key was added behind its back. */
  get size(): number {
    return this.order.size;
  }

  /** Records the key's next due time; called for a new key and after anything that may have changed one. */
  track(record: KeyRecord): void {
    const { keyId } = record;
    if (!this.order.has(keyId)) this.order.set(keyId, this.nextOrder++);
    const at = nextDue(record);
    const known = this.dueAt.get(keyId) ?? Infinity;
    if (at === known) return;
    if (at === Infinity) {
      this.dueAt.delete(keyId);
      return;
    }
    this.dueAt.set(keyId, at);
    this.push({ at, keyId });
    // Stale entries cost only memory; rebuild once they outnumber live ones.
    if (this.heap.length > 2 * this.dueAt.size + 64) this.compact();
  }

  /** A deleted key leaves the schedule. */
  forget(keyId: string): void {
    this.dueAt.delete(keyId);
    this.order.delete(keyId);
  }

  /** Whether any key is due at `now` (epoch ms). */
  hasDue(now: number): boolean {
    this.dropStale();
    return this.heap.length > 0 && this.heap[0]!.at <= now;
  }

  /**
   * Removes and returns every key due at `now`, in key-map order (the
   * order in which a scan of all keys would have met them), so the audit
   * log and a seeded run's random draws come out as they always have. The
   * caller tracks each key again once it has been dealt with.
   */
  takeDue(now: number): string[] {
    const due: string[] = [];
    while (this.hasDue(now)) {
      const { keyId } = this.pop();
      this.dueAt.delete(keyId);
      due.push(keyId);
    }
    if (due.length > 1) due.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    return due;
  }

  /** The live entries, earliest first, for tests that compare the schedule with one rebuilt from scratch. */
  entries(): [keyId: string, at: number][] {
    return [...this.dueAt].sort((a, b) => a[1] - b[1] || this.order.get(a[0])! - this.order.get(b[0])!);
  }

  // ---- the heap -------------------------------------------------------------

  private isStale(entry: Entry): boolean {
    return this.dueAt.get(entry.keyId) !== entry.at;
  }

  private dropStale(): void {
    while (this.heap.length > 0 && this.isStale(this.heap[0]!)) this.pop();
  }

  private compact(): void {
    const seen = new Set<string>();
    this.heap = this.heap.filter((entry) => {
      if (this.isStale(entry) || seen.has(entry.keyId)) return false;
      seen.add(entry.keyId);
      return true;
    });
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): Entry {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(start: number): void {
    const heap = this.heap;
    const entry = heap[start]!;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.at < heap[left]!.at ? right : left;
      if (heap[child]!.at >= entry.at) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = entry;
  }
}
