/**
 * How the audit window lies in its store: in chunks of AUDIT_CHUNK events
 * (keyed [start], start = 1, 101, 201, … by sequence number), with the
 * unfinished last chunk as one row per event (keyed by sequence number).
 * Reading a record costs Chromium about as much as reading a hundred events
 * inside one, so 1,000 events read as ten chunks and a few rows instead of
 * 1,000 rows; a save still writes only the new events, plus once per chunk
 * the chunk that they complete (each event is written at most twice).
 */
import type { AuditEvent } from '../../kms/audit.ts';
import { at, integer, list, record, refuse } from '../../kms/shape-check.ts';

export const AUDIT_CHUNK = 100;

/** One event of the unfinished last chunk (the layout of version 2 kept every event so). */
export interface AuditRow {
  seq: number;
  event: AuditEvent;
}

/** Events `first` … `first + events.length - 1`, all inside the chunk starting at its key. */
export interface AuditChunk {
  first: number;
  events: AuditEvent[];
}

/** What a save does to the audit store (persist-backend.ts applies it). */
export interface AuditWrites {
  putRows: [seq: number, row: AuditRow][];
  putChunks: [start: number, chunk: AuditChunk][];
  /** Inclusive ranges of rows a chunk now holds. */
  deleteRows: [from: number, to: number][];
  /** Rows at or below this sequence number are pruned, and chunks that end at or below it. */
  through: number;
}

/** The sequence number the chunk holding `seq` starts at. */
export const chunkStart = (seq: number): number => Math.floor((seq - 1) / AUDIT_CHUNK) * AUDIT_CHUNK + 1;

/**
 * The writes that bring the store from holding events up to `saved` to
 * holding the window `log` (oldest first) whose newest event is number
 * `count`; with `saved` 0 on a cleared store, the whole window. The oldest
 * `limit` … events past the window are pruned.
 */
export function auditWrites(log: readonly AuditEvent[], count: number, saved: number, limit: number): AuditWrites {
  const first = count - log.length + 1;
  const from = Math.max(saved + 1, first);
  const writes: AuditWrites = { putRows: [], putChunks: [], deleteRows: [], through: count - limit };
  if (from > count) return writes;
  for (let start = chunkStart(from); start <= count; start += AUDIT_CHUNK) {
    const end = start + AUDIT_CHUNK - 1;
    if (end <= count) {
      // Finished: its events (those still in the window) become one record, and its rows go.
      const lo = Math.max(start, first);
      writes.putChunks.push([start, { first: lo, events: log.slice(lo - first, end - first + 1) }]);
      if (saved >= start) writes.deleteRows.push([start, end]);
    } else {
      for (let seq = Math.max(start, from); seq <= count; seq++) writes.putRows.push([seq, { seq, event: log[seq - first]! }]);
    }
  }
  return writes;
}

/**
 * The window of the store's records (rows and chunks in any order): the
 * events numbered above `count - limit`, oldest first (a chunk may still hold
 * older ones). Refuses a record that is neither, a chunk outside its range,
 * an event past `count` and any event held twice. Events are checked by the
 * snapshot check that follows.
 */
export function readAudit(records: readonly unknown[], count: number, limit: number): AuditEvent[] {
  const held: { seq: number; events: unknown[]; where: string }[] = [];
  for (let i = 0; i < records.length; i++) {
    const where = at('audit', i);
    const value = record(records[i], where);
    if ('events' in value) {
      const first = integer(value['first'], at(where, 'first'), 1);
      const events = list(value['events'], at(where, 'events'));
      if (events.length === 0 || chunkStart(first + events.length - 1) !== chunkStart(first)) {
        refuse(at(where, 'events'), `expected 1 to ${AUDIT_CHUNK} events inside one chunk, got ${events.length} from number ${first}`);
      }
      held.push({ seq: first, events, where });
    } else {
      held.push({ seq: integer(value['seq'], at(where, 'seq'), 1), events: [value['event']], where });
    }
  }
  // Rows sort before chunks in the store; a store carried on from version 2 has rows older than its chunks.
  held.sort((a, b) => a.seq - b.seq);
  const out: AuditEvent[] = [];
  let last = 0;
  for (const { seq, events, where } of held) {
    if (seq <= last || seq + events.length - 1 > count) {
      refuse(at(where, 'seq'), `expected events after number ${last} and at most meta.auditCount (${count}), got ${seq}…${seq + events.length - 1}`);
    }
    last = seq + events.length - 1;
    for (let i = Math.max(0, count - limit + 1 - seq); i < events.length; i++) out.push(events[i] as AuditEvent);
  }
  return out;
}
