// When saves run: later, one at a time, one waiting that takes in everything asked for meanwhile.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleLater, SaveScheduler } from '../../../src/components/sandbox/persist-scheduler.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A save that takes `ms` of (fake) time and counts its starts. */
function slowSave(ms: number) {
  const log = { starts: 0, ends: 0 };
  const save = () =>
    new Promise<void>((resolve) => {
      log.starts++;
      setTimeout(() => {
        log.ends++;
        resolve();
      }, ms);
    });
  return { log, save };
}

describe('SaveScheduler', () => {
  it('runs nothing on the spot: a request saves later, and many requests before it runs make one save', async () => {
    const { log, save } = slowSave(10);
    const scheduler = new SaveScheduler(save, idleLater());
    for (let i = 0; i < 1000; i++) scheduler.request();
    expect(log.starts).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(log.starts).toBe(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(log).toEqual({ starts: 1, ends: 1 });
    expect(scheduler.busy).toBe(false);
  });

  it('keeps at most one save running and one waiting, however many requests come during a save', async () => {
    const { log, save } = slowSave(50);
    const scheduler = new SaveScheduler(save, idleLater());
    scheduler.request();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 500; i++) {
      scheduler.request();
      await vi.advanceTimersByTimeAsync(1);
    }
    // 500 ms of requests over 50 ms saves: about one save per 50 ms, never overlapping.
    await vi.advanceTimersByTimeAsync(200);
    expect(log.starts).toBe(log.ends);
    expect(log.starts).toBeGreaterThan(5);
    expect(log.starts).toBeLessThanOrEqual(12);
  });

  it('flush saves at once, or right after the running save, and resolves when a save begun after it ends', async () => {
    const { log, save } = slowSave(30);
    const scheduler = new SaveScheduler(save, idleLater());
    let flushed = false;
    void scheduler.flush().then(() => (flushed = true));
    expect(log.starts).toBe(1);
    await vi.advanceTimersByTimeAsync(10);
    let second = false;
    void scheduler.flush().then(() => (second = true));
    await vi.advanceTimersByTimeAsync(20);
    expect(flushed).toBe(true);
    expect(second).toBe(false);
    expect(log.starts).toBe(2);
    await vi.advanceTimersByTimeAsync(30);
    expect(second).toBe(true);
    expect(log).toEqual({ starts: 2, ends: 2 });
  });

  it('goes on after a save that throws', async () => {
    let calls = 0;
    const scheduler = new SaveScheduler(async () => {
      calls++;
      if (calls === 1) throw new Error('disk full');
    }, idleLater());
    await scheduler.flush();
    await scheduler.flush();
    expect(calls).toBe(2);
  });
});
