import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_RENDER_LIMIT, isFailure, isServiceEvent, selectAuditEvents, serviceEventNote } from '../../../src/components/inventory/audit-view.ts';
import { buildScenario, type Scenario } from './scenario.ts';

describe('selectAuditEvents', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario();
  });

  it('lists newest first by event time, ties in reverse log order', () => {
    const log = s.sandbox.kms.auditLog();
    const { events, total, matching } = selectAuditEvents(log, { failuresOnly: false });
    expect(total).toBe(log.length);
    expect(matching).toBe(log.length);
    expect(new Set(events)).toEqual(new Set(log));
    const times = events.map((e) => Date.parse(e.eventTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Within one second, the later call comes first.
    for (let i = 1; i < events.length; i++) {
      if (times[i] === times[i - 1]) expect(log.indexOf(events[i - 1]!)).toBeGreaterThan(log.indexOf(events[i]!));
    }
    expect(events[0]!.eventName).toBe('ListAliases');
    expect(events[events.length - 1]!.eventName).toBe('CreateKey');
  });

  it('places service events by when they happened, not when `sim time` wrote them', () => {
    const log = s.sandbox.kms.auditLog();
    const rotate = log.findIndex((e) => e.eventName === 'RotateKey'); // day 180, written first
    const remove = log.findIndex((e) => e.eventName === 'DeleteKey'); // day 7, written after
    expect(rotate).toBeLessThan(remove);
    const { events } = selectAuditEvents(log, { failuresOnly: false });
    expect(events.indexOf(log[rotate]!)).toBeLessThan(events.indexOf(log[remove]!));
  });

  it('keeps only failures when asked', () => {
    const { events, matching } = selectAuditEvents(s.sandbox.kms.auditLog(), { failuresOnly: true });
    expect(events.map((e) => e.errorCode)).toEqual(['NotFoundException', 'AccessDeniedException']);
    expect(matching).toBe(2);
    expect(events.every(isFailure)).toBe(true);
  });

  it('caps the rows, keeping the newest', () => {
    const log = s.sandbox.kms.auditLog();
    const { events, matching } = selectAuditEvents(log, { failuresOnly: false, limit: 3 });
    expect(events).toEqual(selectAuditEvents(log, { failuresOnly: false }).events.slice(0, 3));
    expect(matching).toBe(log.length);
    expect(AUDIT_RENDER_LIMIT).toBe(200);
  });

  it('recognises the rotations and deletion KMS did on its own', () => {
    const service = s.sandbox.kms.auditLog().filter(isServiceEvent);
    expect(new Set(service.map((e) => e.eventName))).toEqual(new Set(['RotateKey', 'DeleteKey']));
    expect(service.every((e) => e.userIdentity.type === 'AWSService')).toBe(true);
    expect(serviceEventNote(service.find((e) => e.eventName === 'RotateKey')!)).toMatch(/rotated/);
    expect(serviceEventNote(service.find((e) => e.eventName === 'DeleteKey')!)).toMatch(/deleted the key/);
  });
});
