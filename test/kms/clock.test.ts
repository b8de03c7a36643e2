import { describe, expect, it } from 'vitest';
import { DAY_MS, FIXED_START, MAX_SIM_TIME, SimClock } from '../../src/kms/clock.ts';
import { Kms } from '../../src/kms/kms.ts';

const valid = (date: Date) => !Number.isNaN(date.getTime());

describe('the clock’s bound', () => {
  it('refuses a jump past the latest instant and stays where it was', () => {
    for (const mode of ['fixed', 'live'] as const) {
      const clock = new SimClock(mode === 'fixed' ? { mode: 'fixed' } : { mode: 'live' });
      const before = clock.now().getTime();
      for (const ms of [300_000 * 365 * DAY_MS, MAX_SIM_TIME, 8.64e15, Number.MAX_VALUE, Infinity, NaN, -1]) {
        expect(() => clock.advance(ms)).toThrow(RangeError);
      }
      expect(clock.now().getTime() - before).toBeLessThan(1_000);
    }
  });

  it('goes right up to the bound, never past it, and the dates KMS derives from it are valid', () => {
    const clock = new SimClock({ mode: 'fixed' });
    expect(clock.advance(MAX_SIM_TIME - FIXED_START).getTime()).toBe(MAX_SIM_TIME);
    expect(() => clock.advance(1)).toThrow(/latest date/);
    // A rotation period of 2,560 days from the last instant still lands within year 9999.
    expect(new Date(MAX_SIM_TIME + 2560 * DAY_MS).getUTCFullYear()).toBeLessThanOrEqual(9999);
  });

  it('says how far it can still go', () => {
    const clock = new SimClock({ mode: 'fixed' });
    expect(clock.headroom()).toBe(MAX_SIM_TIME - FIXED_START);
    clock.advance(DAY_MS);
    expect(clock.headroom()).toBe(MAX_SIM_TIME - FIXED_START - DAY_MS);
  });

  it('refuses a start that is not a date or past the bound', () => {
    for (const start of [NaN, Infinity, MAX_SIM_TIME + 1, 8.64e15 + 1]) {
      expect(() => new SimClock({ mode: 'fixed', start })).toThrow(RangeError);
    }
  });

  it('brings a saved clock past the bound (saved before there was one) back to it, so the sandbox works again', () => {
    const broken = [
      { mode: 'fixed' as const, value: FIXED_START + 300_000 * 365 * DAY_MS, last: FIXED_START },
      { mode: 'fixed' as const, value: NaN, last: NaN },
      { mode: 'live' as const, value: 300_000 * 365 * DAY_MS, last: 0 },
      { mode: 'live' as const, value: 0, last: 9e15 },
    ];
    for (const state of broken) {
      const clock = new SimClock(state);
      expect(valid(clock.now())).toBe(true);
      expect(clock.now().getTime()).toBeLessThanOrEqual(MAX_SIM_TIME);
      const snap = clock.snapshot();
      expect(Number.isFinite(snap.value) && Number.isFinite(snap.last)).toBe(true);
    }
  });
});

describe('the simulator at the clock’s bound', () => {
  it('keeps working: a refused jump changes nothing, and keys made at the bound hold valid dates', async () => {
    const kms = await Kms.create({ seed: 9 });
    const keys = kms.engine.state.keys.size;
    await expect(kms.advanceTime(300_000 * 365 * DAY_MS)).rejects.toThrow(RangeError);
    expect(kms.engine.state.keys.size).toBe(keys);
    await kms.advanceTime(kms.engine.clock.headroom());
    const { KeyMetadata } = await kms.createKey({});
    expect(valid(KeyMetadata.CreationDate as Date)).toBe(true);
    await kms.enableKeyRotation({ KeyId: KeyMetadata.KeyId, RotationPeriodInDays: 2560 });
    await kms.scheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 30 });
    for (const record of kms.engine.state.keys.values()) {
      expect(valid(record.creationDate)).toBe(true);
      if (record.deletionDate) expect(valid(record.deletionDate)).toBe(true);
    }
  });
});
