// The audit window in chunks and rows: what saves write, what a read gives back, and what it refuses.
import { describe, expect, it } from 'vitest';
import { AUDIT_CHUNK, auditWrites, readAudit, type AuditWrites } from '../../../src/components/sandbox/persist-audit.ts';
import { MemoryBackend, type WriteBatch } from '../../../src/components/sandbox/persist-backend.ts';
import type { AuditEvent } from '../../../src/kms/audit.ts';

const LIMIT = 1000;
/** Stand-ins for events: the layout never looks inside one. */
const event = (seq: number) => ({ eventID: `e${seq}` }) as unknown as AuditEvent;
const ids = (events: readonly AuditEvent[]) => events.map((e) => e.eventID);
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => `e${from + i}`);

/** A simulator's bounded log: the newest LIMIT events of `count`. */
class Log {
  count = 0;
  events: AuditEvent[] = [];
  add(n: number): void {
    for (let i = 0; i < n; i++) {
      this.events.push(event(++this.count));
      if (this.events.length > LIMIT) this.events.shift();
    }
  }
}

async function write(backend: MemoryBackend, audit: AuditWrites, full = false): Promise<void> {
  const generation = (backend.stores.meta.get('sandbox') as { generation?: number } | undefined)?.generation ?? 0;
  const batch: WriteBatch = { full, meta: { generation: generation + 1 }, keys: { deleteRows: [], deleteChunks: [], putChunks: [], putRows: [] }, putFiles: [], deleteFiles: [], deleteFileTrees: [], audit };
  expect(await backend.write(generation, () => batch)).toBe('ok');
}

const stored = async (backend: MemoryBackend) => (await backend.read()).audit;

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the audit window in its store', () => {
  it('after saves of any size, holds exactly the window in at most 11 chunks and 99 rows, each event written at most twice', async () => {
    const next = random(14);
    const backend = new MemoryBackend();
    const log = new Log();
    const written = new Map<number, number>();
    let saved = 0;
    for (let step = 0; step < 400; step++) {
      const r = next();
      // Mostly a command's few events, sometimes a burst, now and then more than the window between two saves.
      log.add(r < 0.7 ? Math.floor(next() * 4) : r < 0.95 ? Math.floor(next() * 300) : 1000 + Math.floor(next() * 1500));
      const audit = auditWrites(log.events, log.count, saved, LIMIT);
      for (const [seq] of audit.putRows) written.set(seq, (written.get(seq) ?? 0) + 1);
      for (const [, chunk] of audit.putChunks) chunk.events.forEach((_, i) => written.set(chunk.first + i, (written.get(chunk.first + i) ?? 0) + 1));
      await write(backend, audit);
      saved = log.count;
      const records = await stored(backend);
      expect(ids(readAudit(records, log.count, LIMIT))).toEqual(ids(log.events));
      expect(backend.stores.auditChunks.size).toBeLessThanOrEqual(LIMIT / AUDIT_CHUNK + 1);
      expect(backend.stores.audit.size).toBeLessThan(AUDIT_CHUNK);
    }
    expect(log.count).toBeGreaterThan(20 * LIMIT);
    expect(Math.max(...written.values())).toBeLessThanOrEqual(2);
  });

  it('a full save of a window that starts inside a chunk keeps that chunk’s part of it, and prunes it once it is past', async () => {
    const backend = new MemoryBackend();
    const log = new Log();
    log.add(1234);
    await write(backend, auditWrites(log.events, log.count, 0, LIMIT), true);
    // 235…300 as a chunk of its own, seven whole chunks, 1201…1234 as rows.
    expect([...backend.stores.auditChunks.keys()]).toEqual([201, 301, 401, 501, 601, 701, 801, 901, 1001, 1101]);
    expect((backend.stores.auditChunks.get(201) as { first: number }).first).toBe(235);
    expect(backend.stores.audit.size).toBe(34);
    expect(ids(readAudit(await stored(backend), log.count, LIMIT))).toEqual(range(235, 1234));
    log.add(100);
    await write(backend, auditWrites(log.events, log.count, 1234, LIMIT));
    expect(backend.stores.auditChunks.has(201)).toBe(false);
    expect(ids(readAudit(await stored(backend), log.count, LIMIT))).toEqual(range(335, 1334));
  });

  it('carries on a store of version 2 (a row per event) without rewriting its rows', async () => {
    const backend = new MemoryBackend();
    for (let seq = 6; seq <= 1005; seq++) backend.stores.audit.set(seq, { seq, event: event(seq) });
    const log = new Log();
    log.add(1005);
    log.add(150);
    const audit = auditWrites(log.events, log.count, 1005, LIMIT);
    // Only the new events, plus the chunk 1001…1100 that they finish.
    expect(audit.putChunks.map(([start]) => start)).toEqual([1001]);
    expect(audit.putRows.map(([seq]) => seq)).toEqual(range(1101, 1155).map((id) => Number(id.slice(1))));
    expect(audit.deleteRows).toEqual([[1001, 1100]]);
    await write(backend, audit);
    expect(ids(readAudit(await stored(backend), log.count, LIMIT))).toEqual(range(156, 1155));
  });

  it('refuses what no save writes: an event held twice, a chunk across two chunks, events past the count, a record of neither kind', () => {
    const row = (seq: number) => ({ seq, event: event(seq) });
    const chunk = (first: number, n: number) => ({ first, events: range(first, first + n - 1).map((id) => event(Number(id.slice(1)))) });
    expect(ids(readAudit([row(101), row(102), chunk(1, 100)], 102, LIMIT))).toEqual(range(1, 102));
    expect(() => readAudit([row(50), chunk(1, 100)], 100, LIMIT)).toThrow(/audit\.\d\.seq: expected events after number/);
    expect(() => readAudit([chunk(51, 100)], 200, LIMIT)).toThrow(/audit\.0\.events: expected 1 to 100 events inside one chunk, got 100 from number 51/);
    expect(() => readAudit([chunk(1, 0)], 200, LIMIT)).toThrow(/audit\.0\.events: expected 1 to 100 events/);
    expect(() => readAudit([row(7)], 6, LIMIT)).toThrow(/at most meta\.auditCount \(6\), got 7…7/);
    expect(() => readAudit(['odd'], 6, LIMIT)).toThrow(/audit\.0: expected an object, got string/);
    expect(() => readAudit([{ seq: 1.5, event: {} }], 6, LIMIT)).toThrow(/audit\.0\.seq: expected an integer/);
  });
});
