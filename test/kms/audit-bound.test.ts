// The audit log in memory holds the newest AUDIT_MEMORY_LIMIT events; the counts go on past it.
import { describe, expect, it } from 'vitest';
import { AUDIT_MEMORY_LIMIT } from '../../src/kms/audit.ts';
import { Kms } from '../../src/kms/kms.ts';
import { restoreSnapshot, takeSnapshot } from '../../src/kms/store.ts';

describe('the bounded audit log', () => {
  it('keeps the newest events, oldest first, and counts every event and failure', async () => {
    const kms = await Kms.create({ seed: 5 });
    const { KeyMetadata } = await kms.createKey({ Description: 'bounded' });
    const start = kms.auditCount();
    let failures = 0;
    const outcomes: boolean[] = [];
    for (let i = 0; i < 2 * AUDIT_MEMORY_LIMIT + 300; i++) {
      outcomes.push(i % 7 === 0);
      if (i % 7 === 0) {
        await kms.describeKey({ KeyId: 'alias/missing' }).catch(() => failures++);
      } else {
        await kms.describeKey({ KeyId: KeyMetadata.KeyId });
      }
      expect(kms.auditLog().length).toBeLessThanOrEqual(AUDIT_MEMORY_LIMIT);
    }
    const log = kms.auditLog();
    expect(log).toHaveLength(AUDIT_MEMORY_LIMIT);
    expect(kms.auditCount()).toBe(start + 2 * AUDIT_MEMORY_LIMIT + 300);
    expect(kms.auditFailures()).toBe(failures);
    // The last call is the newest event, and the window is in call order.
    expect(log.at(-1)!.eventName).toBe('DescribeKey');
    const times = log.map((e) => e.eventTime);
    expect([...times].sort()).toEqual(times);
    // Each call made one event, so the window holds the last calls' outcomes exactly.
    expect(log.map((e) => e.errorCode !== undefined)).toEqual(outcomes.slice(-AUDIT_MEMORY_LIMIT));
  });

  it('survives a snapshot with its counts, and an old snapshot without counts is cut and counted', async () => {
    const kms = await Kms.create({ seed: 6 });
    for (let i = 0; i < AUDIT_MEMORY_LIMIT + 50; i++) await kms.listKeys();
    await kms.describeKey({ KeyId: 'alias/nope' }).catch(() => undefined);
    const restored = restoreSnapshot(takeSnapshot(kms));
    expect(restored.auditCount()).toBe(kms.auditCount());
    expect(restored.auditFailures()).toBe(1);
    expect(restored.auditLog()).toEqual(kms.auditLog());

    // A snapshot from before the bound: every event, no counts.
    const old = takeSnapshot(kms) as unknown as Record<string, unknown>;
    const long = [...kms.auditLog(), ...kms.auditLog()];
    const legacy = { ...old, audit: long, auditCount: undefined, auditFailures: undefined };
    const fromLegacy = restoreSnapshot(legacy);
    expect(fromLegacy.auditCount()).toBe(long.length);
    expect(fromLegacy.auditFailures()).toBe(2);
    expect(fromLegacy.auditLog()).toEqual(long.slice(-AUDIT_MEMORY_LIMIT));
  });
});
