// The due-event schedule: calls with nothing due do not visit every key, and the schedule always matches a full scan.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { KmsError } from '../../src/kms/errors.ts';
import type { KeyRecord } from '../../src/kms/keys.ts';
import { Kms } from '../../src/kms/kms.ts';
import { DueSchedule, nextDue } from '../../src/kms/schedule.ts';
import { restoreSnapshot, takeSnapshot } from '../../src/kms/store.ts';

const DAY = 24 * 60 * 60 * 1000;

/** A bare key record with the fields nextDue reads. */
function record(keyId: string, patch: Partial<KeyRecord> = {}): KeyRecord {
  return {
    keyId,
    arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`,
    creationDate: new Date(0),
    description: '',
    origin: 'AWS_KMS',
    keyManager: 'CUSTOMER',
    state: 'Enabled',
    materials: [],
    current: 0,
    rotation: { enabled: false, periodDays: 365, onDemandCount: 0 },
    policy: '{}',
    tags: [],
    ...patch,
  };
}

describe('a call with nothing due costs the same however many keys there are', () => {
  it('Encrypt, Decrypt and GenerateDataKey never iterate the key map (1,000 keys, rotations and deletions pending)', async () => {
    const kms = await Kms.create({ seed: 5 });
    let target = '';
    for (let i = 0; i < 1000; i++) {
      const { KeyMetadata } = await kms.createKey({});
      target = KeyMetadata.KeyId;
      if (i % 3 === 0) await kms.enableKeyRotation({ KeyId: KeyMetadata.KeyId });
      if (i % 10 === 1) await kms.scheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 30 });
    }
    const keys = kms.engine.state.keys;
    const values = vi.spyOn(keys, 'values');
    const entries = vi.spyOn(keys, 'entries');
    const iterate = vi.spyOn(keys, Symbol.iterator);
    const forEach = vi.spyOn(keys, 'forEach');
    const { CiphertextBlob } = await kms.encrypt({ KeyId: target, Plaintext: Uint8Array.of(1) });
    await kms.decrypt({ CiphertextBlob });
    await kms.generateDataKey({ KeyId: target, KeySpec: 'AES_256' });
    await kms.describeKey({ KeyId: target });
    expect(values).not.toHaveBeenCalled();
    expect(entries).not.toHaveBeenCalled();
    expect(iterate).not.toHaveBeenCalled();
    expect(forEach).not.toHaveBeenCalled();
  });

  it('when one of 1,000 keys falls due, only that key is dealt with, and time still does its work', async () => {
    const kms = await Kms.create({ seed: 6 });
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) ids.push((await kms.createKey({})).KeyMetadata.KeyId);
    await kms.scheduleKeyDeletion({ KeyId: ids[500]!, PendingWindowInDays: 7 });
    await kms.enableKeyRotation({ KeyId: ids[10]!, RotationPeriodInDays: 90 });
    const values = vi.spyOn(kms.engine.state.keys, 'values');
    await kms.advanceTime(8 * DAY);
    expect(values).not.toHaveBeenCalled();
    expect(kms.auditLog().at(-1)).toMatchObject({ eventName: 'DeleteKey', eventType: 'AwsServiceEvent' });
    expect(kms.engine.state.keys.has(ids[500]!)).toBe(false);
    await kms.advanceTime(90 * DAY);
    expect(kms.auditLog().at(-1)).toMatchObject({ eventName: 'RotateKey', resources: [{ ARN: kms.engine.keyArn(ids[10]!) }] });
  });
});

describe('the schedule is built wherever keys come from', () => {
  it('a simulator restored from a snapshot knows its keys’ dates', async () => {
    const kms = await Kms.create({ seed: 8 });
    const { KeyMetadata } = await kms.createKey({});
    await kms.scheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 7 });
    const restored = restoreSnapshot(takeSnapshot(kms));
    expect(restored.engine.dueEntries()).toEqual(kms.engine.dueEntries());
    await restored.advanceTime(8 * DAY);
    expect(restored.engine.state.keys.has(KeyMetadata.KeyId)).toBe(false);
    expect(restored.auditLog().at(-1)).toMatchObject({ eventName: 'DeleteKey' });
  });

  it('a key put into the key map behind the engine’s back is still found: the schedule is rebuilt', async () => {
    const kms = await Kms.create({ seed: 9 });
    const { KeyMetadata } = await kms.createKey({});
    const record = kms.engine.state.keys.get(KeyMetadata.KeyId)!;
    const copy: KeyRecord = { ...record, keyId: '0b0b0b0b-1111-4222-8333-444444444444', state: 'PendingDeletion', deletionDate: new Date(kms.now().getTime() + DAY) };
    copy.arn = kms.engine.keyArn(copy.keyId);
    kms.engine.state.keys.set(copy.keyId, copy);
    await kms.advanceTime(2 * DAY);
    expect(kms.engine.state.keys.has(copy.keyId)).toBe(false);
    expect(kms.engine.dueEntries()).toEqual(new DueSchedule(kms.engine.state.keys.values()).entries());
  });

  it('replacing the whole state replaces the schedule', async () => {
    const source = await Kms.create({ seed: 10 });
    const { KeyMetadata } = await source.createKey({});
    await source.scheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 7 });
    const kms = await Kms.create({ seed: 10 });
    kms.engine.state = source.engine.state;
    expect(kms.engine.dueEntries()).toEqual(source.engine.dueEntries());
  });
});

describe('nextDue names exactly what applyDueEvents acts on', () => {
  const at = new Date(Date.UTC(2026, 5, 1));
  it('a deletion date counts only while pending deletion', () => {
    expect(nextDue(record('a', { state: 'PendingDeletion', deletionDate: at }))).toBe(at.getTime());
    expect(nextDue(record('a', { state: 'Enabled', deletionDate: at }))).toBe(Infinity);
  });

  it('a rotation date counts only for an enabled AWS_KMS key with rotation on', () => {
    const rotation = { enabled: true, periodDays: 90, nextRotationDate: at, onDemandCount: 0 };
    expect(nextDue(record('a', { rotation }))).toBe(at.getTime());
    expect(nextDue(record('a', { rotation, state: 'Disabled' }))).toBe(Infinity);
    expect(nextDue(record('a', { rotation: { ...rotation, enabled: false } }))).toBe(Infinity);
    expect(nextDue(record('a', { rotation, origin: 'EXTERNAL' }))).toBe(Infinity);
  });

  it('imported material’s expiry counts while the material is present, whatever the key state', () => {
    const material = { version: 0, id: '0'.repeat(64), key: {} as CryptoKey, createdAt: new Date(0), validTo: at };
    for (const state of ['Enabled', 'Disabled', 'PendingDeletion'] as const) {
      expect(nextDue(record('a', { origin: 'EXTERNAL', state, materials: [material] }))).toBe(at.getTime());
    }
    expect(nextDue(record('a', { origin: 'EXTERNAL', materials: [{ ...material, key: undefined }] }))).toBe(Infinity);
  });

  it('the earliest of several dates wins, and an invalid date never hides a valid one', () => {
    const early = new Date(at.getTime() - DAY);
    const material = { version: 0, id: '0'.repeat(64), key: {} as CryptoKey, createdAt: new Date(0), validTo: early };
    expect(nextDue(record('a', { origin: 'EXTERNAL', state: 'PendingDeletion', deletionDate: at, materials: [material] }))).toBe(early.getTime());
    expect(nextDue(record('a', { origin: 'EXTERNAL', state: 'PendingDeletion', deletionDate: new Date(Number.NaN), materials: [material] }))).toBe(early.getTime());
  });
});

describe('DueSchedule', () => {
  const rotating = (keyId: string, time: number) => record(keyId, { rotation: { enabled: true, periodDays: 90, nextRotationDate: new Date(time), onDemandCount: 0 } });

  it('hands out due keys in key-map order, not in order of their dates', () => {
    const keys = [rotating('first', 300), rotating('second', 100), rotating('third', 200), rotating('later', 900)];
    const schedule = new DueSchedule(keys);
    expect(schedule.hasDue(99)).toBe(false);
    expect(schedule.hasDue(100)).toBe(true);
    expect(schedule.takeDue(500)).toEqual(['first', 'second', 'third']);
    expect(schedule.hasDue(500)).toBe(false);
    expect(schedule.takeDue(1000)).toEqual(['later']);
  });

  it('a key whose date moves is due at its new date only; one whose date goes away is not due', () => {
    const a = rotating('a', 100);
    const b = rotating('b', 100);
    const schedule = new DueSchedule([a, b]);
    a.rotation.nextRotationDate = new Date(5000);
    schedule.track(a);
    b.rotation.enabled = false;
    schedule.track(b);
    expect(schedule.hasDue(4999)).toBe(false);
    expect(schedule.takeDue(5000)).toEqual(['a']);
  });

  it('stale entries do not pile up: a thousand moves of one key leave a small heap', () => {
    const a = rotating('a', 0);
    const schedule = new DueSchedule([a]);
    for (let i = 1; i <= 1000; i++) {
      a.rotation.nextRotationDate = new Date(i * 10);
      schedule.track(a);
    }
    expect((schedule as unknown as { heap: unknown[] }).heap.length).toBeLessThan(100);
    expect(schedule.takeDue(9999)).toEqual([]);
    expect(schedule.takeDue(10_000)).toEqual(['a']);
  });

  it('a forgotten key is never handed out and no longer counts', () => {
    const schedule = new DueSchedule([rotating('a', 1), rotating('b', 2)]);
    schedule.forget('a');
    expect(schedule.size).toBe(1);
    expect(schedule.takeDue(10)).toEqual(['b']);
  });
});

/** Steps a learner could take; every one is a real API call or a jump in time. */
type Step =
  | { kind: 'create'; external: boolean }
  | { kind: 'rotate-on'; key: number; days: number }
  | { kind: 'rotate-off' | 'disable' | 'enable' | 'cancel' | 'on-demand' | 'encrypt'; key: number }
  | { kind: 'delete'; key: number; days: number }
  | { kind: 'advance'; days: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), external: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('rotate-on' as const), key: fc.nat(9), days: fc.integer({ min: 90, max: 400 }) }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constantFrom('rotate-off' as const, 'disable' as const, 'enable' as const, 'cancel' as const, 'on-demand' as const, 'encrypt' as const), key: fc.nat(9) }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.nat(9), days: fc.integer({ min: 7, max: 30 }) }), weight: 2 },
  // Up to 400 days: past rotation periods (the AWS managed keys rotate yearly) and deletion windows.
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 0, max: 400 }) }), weight: 3 },
);

async function apply(kms: Kms, keys: string[], step: Step): Promise<void> {
  const keyId = 'key' in step ? keys[step.key % Math.max(1, keys.length)] : undefined;
  try {
    switch (step.kind) {
      case 'create':
        keys.push((await kms.createKey(step.external ? { Origin: 'EXTERNAL' } : {})).KeyMetadata.KeyId);
        return;
      case 'advance':
        await kms.advanceTime(step.days * DAY);
        return;
    }
    if (keyId === undefined) return;
    switch (step.kind) {
      case 'rotate-on':
        await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: step.days });
        return;
      case 'rotate-off':
        await kms.disableKeyRotation({ KeyId: keyId });
        return;
      case 'disable':
        await kms.disableKey({ KeyId: keyId });
        return;
      case 'enable':
        await kms.enableKey({ KeyId: keyId });
        return;
      case 'cancel':
        await kms.cancelKeyDeletion({ KeyId: keyId });
        return;
      case 'on-demand':
        await kms.rotateKeyOnDemand({ KeyId: keyId });
        return;
      case 'encrypt':
        await kms.encrypt({ KeyId: keyId, Plaintext: Uint8Array.of(1) });
        return;
      case 'delete':
        await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: step.days });
        return;
    }
  } catch (error) {
    // Refusals (a deleted key, a disabled key, …) are part of the walk.
    if (!(error instanceof KmsError)) throw error;
  }
}

describe('the schedule kept call by call equals one rebuilt from every key', () => {
  it('after every call of random sessions (creating, rotating, disabling, deleting, cancelling, time passing)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 50 }), fc.nat(1000), async (steps, seed) => {
        const kms = await Kms.create({ seed });
        const keys: string[] = [];
        for (const step of steps) {
          await apply(kms, keys, step);
          const rebuilt = new DueSchedule(kms.engine.state.keys.values()).entries();
          expect(kms.engine.dueEntries()).toEqual(rebuilt);
          // Nothing is left overdue: whatever was due has been applied.
          expect(rebuilt.every(([, at]) => at > kms.now().getTime())).toBe(true);
        }
      }),
      { numRuns: 40, seed: 14 },
    );
  });
});
