/**
 * The audit panel's view of the log, kept up to date incrementally: the log
 * only grows at its end (and, bounded in memory, loses its oldest events), so
 * each refresh parses and places just the events that arrived, instead of
 * re-parsing and re-sorting the whole log after every command. A log that is
 * not a continuation of the last one seen (a `sim reset`) is indexed afresh.
 */
import type { AuditEvent } from '../../kms/audit.ts';
import { isFailure } from './audit-view.ts';

interface Entry {
  readonly event: AuditEvent;
  /** eventTime in ms (0 when unreadable). */
  readonly time: number;
  /** Position in the log, counting every event ever indexed: later logged, larger. */
  readonly seq: number;
}

export interface AuditIndex {
  /** The log as last seen, oldest first. */
  readonly log: readonly AuditEvent[];
  /** Newest first by eventTime; ties newest-logged first (see selectAuditEvents). */
  readonly sorted: readonly Entry[];
  /** Failed calls in `log`. */
  readonly failures: number;
  readonly nextSeq: number;
}

export const EMPTY_AUDIT_INDEX: AuditIndex = { log: [], sorted: [], failures: 0, nextSeq: 0 };

const entry = (event: AuditEvent, seq: number): Entry => ({ event, time: Date.parse(event.eventTime) || 0, seq });

/** Whether `a` lists before `b` (newer first). */
const before = (a: Entry, b: Entry) => a.time > b.time || (a.time === b.time && a.seq > b.seq);

function build(log: readonly AuditEvent[]): AuditIndex {
  const sorted = log.map(entry).sort((a, b) => b.time - a.time || b.seq - a.seq);
  return { log: [...log], sorted, failures: log.filter(isFailure).length, nextSeq: log.length };
}

/** Where `event` (logged after every entry) goes in a newest-first list: after entries dated later. */
function slot(sorted: readonly Entry[], item: Entry): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(sorted[mid]!, item)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of `event` in `log`, searching back from the end (new events are few and at the end). */
function lastIndexOf(log: readonly AuditEvent[], event: AuditEvent): number {
  for (let i = log.length - 1; i >= 0; i--) if (log[i] === event) return i;
  return -1;
}

/**
 * The index after the log became `log`. Returns `index` itself when nothing
 * changed, so a memoised panel can tell by identity.
 */
export function advanceAuditIndex(index: AuditIndex, log: readonly AuditEvent[]): AuditIndex {
  const seen = index.log;
  const last = seen.at(-1);
  if (last === undefined) return log.length === 0 ? index : build(log);
  const end = lastIndexOf(log, last);
  if (end < 0) return build(log);
  // Events dropped from the front: the new log must start inside the old one and run on to its end.
  const dropped = log.length === 0 ? seen.length : seen.indexOf(log[0]!);
  if (dropped < 0 || seen.length - dropped !== end + 1) return build(log);
  const added = log.slice(end + 1);
  if (dropped === 0 && added.length === 0) return index;

  let sorted = index.sorted;
  let failures = index.failures;
  if (dropped > 0) {
    const gone = new Set(seen.slice(0, dropped));
    sorted = sorted.filter((e) => !gone.has(e.event));
    for (const event of gone) if (isFailure(event)) failures--;
  } else {
    sorted = [...sorted];
  }
  let seq = index.nextSeq;
  const list = sorted as Entry[];
  for (const event of added) {
    const item = entry(event, seq++);
    list.splice(slot(list, item), 0, item);
    if (isFailure(event)) failures++;
  }
  return { log: [...log], sorted: list, failures, nextSeq: seq };
}

/** The newest `limit` events passing the filter, and how many pass it in all. */
export function pickAuditEvents(index: AuditIndex, options: { failuresOnly: boolean; limit: number }): { events: AuditEvent[]; matching: number } {
  const events: AuditEvent[] = [];
  for (const { event } of index.sorted) {
    if (events.length >= options.limit) break;
    if (!options.failuresOnly || isFailure(event)) events.push(event);
  }
  return { events, matching: options.failuresOnly ? index.failures : index.sorted.length };
}
