import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/kms/audit.ts';
import { advanceAuditIndex, EMPTY_AUDIT_INDEX, pickAuditEvents } from '../../../src/components/inventory/audit-index.ts';
import { selectAuditEvents } from '../../../src/components/inventory/audit-view.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';
import { runText } from '../../../src/shell/run.ts';

let serial = 0;
/** A thin event: only what the index reads (time, failure, identity). */
const event = (time: number, failed: boolean): AuditEvent =>
  ({ eventID: `e${serial++}`, eventTime: new Date(Date.UTC(2026, 0, 1) + time * 1000).toISOString(), ...(failed ? { errorCode: 'X' } : {}) }) as AuditEvent;

describe('advanceAuditIndex', () => {
  it('orders as selectAuditEvents does after any sequence of appends and front drops (a bounded log)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ add: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 6 }), drop: fc.nat(4) }), { maxLength: 25 }),
        fc.boolean(),
        (steps, failuresOnly) => {
          let log: AuditEvent[] = [];
          let index = EMPTY_AUDIT_INDEX;
          for (const step of steps) {
            log = [...log.slice(Math.min(step.drop, log.length)), ...step.add.map(([t, f]) => event(t, f))];
            index = advanceAuditIndex(index, log);
            const expected = selectAuditEvents(log, { failuresOnly, limit: 7 });
            const picked = pickAuditEvents(index, { failuresOnly, limit: 7 });
            expect(picked.events).toEqual(expected.events);
            expect(picked.matching).toBe(expected.matching);
          }
        },
      ),
    );
  });

  it('returns the same index when the log did not change, and a fresh one for a log that does not continue it', () => {
    const log = [event(1, false), event(2, true)];
    const index = advanceAuditIndex(EMPTY_AUDIT_INDEX, log);
    expect(advanceAuditIndex(index, [...log])).toBe(index);
    const other = [event(5, false)];
    const fresh = advanceAuditIndex(index, other);
    expect(pickAuditEvents(fresh, { failuresOnly: false, limit: 10 }).events).toEqual(other);
    expect(fresh.failures).toBe(0);
    expect(advanceAuditIndex(fresh, []).sorted).toEqual([]);
  });

  it('follows a real sandbox, its 1,000-event memory bound and sim reset', async () => {
    const box = await Sandbox.create({ seed: 3 });
    let index = EMPTY_AUDIT_INDEX;
    for (let i = 0; i < 1100; i++) await box.kms.listKeys();
    await runText(box.session, 'aws kms describe-key --key-id alias/nope');
    index = advanceAuditIndex(index, box.kms.auditLog());
    const picked = pickAuditEvents(index, { failuresOnly: false, limit: 3 });
    expect(picked.events[0]!.errorCode).toBe('NotFoundException');
    expect(picked.matching).toBe(box.kms.auditLog().length);
    for (let i = 0; i < 10; i++) await box.kms.listKeys();
    index = advanceAuditIndex(index, box.kms.auditLog());
    expect(pickAuditEvents(index, { failuresOnly: false, limit: 2000 }).events).toEqual(selectAuditEvents(box.kms.auditLog(), { failuresOnly: false, limit: 2000 }).events);
    expect(index.failures).toBe(1);
    await runText(box.session, 'sim reset');
    index = advanceAuditIndex(index, box.kms.auditLog());
    expect(index.sorted).toHaveLength(box.kms.auditLog().length);
    expect(index.failures).toBe(0);
  });
});
