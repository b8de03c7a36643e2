import { describe, expect, it } from 'vitest';
import { createPanelFeed, IDLE_MS, type PanelTiming } from '../../../src/components/sandbox/panel-feed.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

/** A clock the test advances by hand: frames painted on request, timers by elapsed time. */
function manualTiming() {
  let painted: (() => void)[] = [];
  let timers: { at: number; run: () => void }[] = [];
  let now = 0;
  const timing: PanelTiming = {
    afterPaint(callback) {
      painted.push(callback);
      return () => void (painted = painted.filter((c) => c !== callback));
    },
    after(ms, callback) {
      const timer = { at: now + ms, run: callback };
      timers.push(timer);
      return () => void (timers = timers.filter((t) => t !== timer));
    },
  };
  return {
    timing,
    /** Paints a frame: what waited for it runs. */
    paint() {
      const due = painted;
      painted = [];
      for (const callback of due) callback();
      return due.length;
    },
    elapse(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.run();
    },
    get waiting() {
      return painted.length + timers.length;
    },
  };
}

describe('createPanelFeed', () => {
  it('refreshes once per command, only after the paint that follows its end, however many KMS calls it made', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const clock = manualTiming();
    const feed = createPanelFeed(box.session, clock.timing);
    let refreshes = 0;
    let versionDuringCommand: number | undefined;
    const stop = feed.subscribe(() => refreshes++);
    const start = feed.version();
    // When the command's end is heard, nothing has refreshed yet: that waits for the paint.
    box.session.subscribe((event) => {
      if (event.type === 'command') versionDuringCommand = feed.version();
    });

    await runText(box.session, 'for i in 1 2 3; do aws kms create-key > /dev/null; done; aws kms list-keys > /dev/null');
    expect(versionDuringCommand).toBe(start);
    expect(refreshes).toBe(0);
    expect(clock.paint()).toBe(1);
    expect(refreshes).toBe(1);
    expect(feed.version()).toBe(start + 1);
    expect(clock.paint()).toBe(0);
    stop();
  });

  it('counts each command line once and merges commands that end before one paint into one refresh', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const clock = manualTiming();
    const feed = createPanelFeed(box.session, clock.timing);
    let refreshes = 0;
    feed.subscribe(() => refreshes++);
    await runText(box.session, 'echo hello > note.txt');
    clock.paint();
    // The command line itself counts (a catch-all for what a command may change), once.
    expect(refreshes).toBe(1);
    await runText(box.session, 'aws kms create-key > /dev/null');
    await runText(box.session, 'sim reset');
    clock.paint();
    expect(refreshes).toBe(2); // two commands before one paint: one refresh
  });

  it('refreshes after a reset made outside any command (the Reset button)', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const clock = manualTiming();
    const feed = createPanelFeed(box.session, clock.timing);
    let refreshes = 0;
    feed.subscribe(() => refreshes++);
    await box.reset();
    expect(clock.paint()).toBe(1);
    expect(refreshes).toBe(1);
  });

  it('shows what a long command did so far every IDLE_MS, still after a paint', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const clock = manualTiming();
    const feed = createPanelFeed(box.session, clock.timing);
    let refreshes = 0;
    feed.subscribe(() => refreshes++);
    // KMS events outside a finished command: as if a command were still running.
    await box.kms.createKey({});
    expect(clock.paint()).toBe(0);
    clock.elapse(IDLE_MS - 1);
    expect(refreshes).toBe(0);
    clock.elapse(1);
    expect(refreshes).toBe(0);
    expect(clock.paint()).toBe(1);
    expect(refreshes).toBe(1);
    // The command's end, when it comes, waits for a paint, never for the idle timer.
    await runText(box.session, 'true');
    expect(clock.paint()).toBe(1);
    expect(refreshes).toBe(2);
    expect(clock.waiting).toBe(0);
  });

  it('runs later() tasks once each in the next refresh, and counts what happened unheard as a change', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const clock = manualTiming();
    const feed = createPanelFeed(box.session, clock.timing);
    const before = feed.version();
    let runs = 0;
    const task = () => runs++;
    feed.later(task);
    feed.later(task);
    expect(runs).toBe(0);
    clock.paint();
    expect(runs).toBe(1);
    // No listener: the session was let go, so a later subscriber re-reads.
    await runText(box.session, 'aws kms create-key > /dev/null');
    feed.subscribe(() => {});
    expect(feed.version()).toBeGreaterThan(before);
  });

  it('never listens to the session until someone waits (a server render)', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const clock = manualTiming();
    createPanelFeed(box.session, clock.timing);
    await runText(box.session, 'aws kms create-key > /dev/null');
    expect(clock.waiting).toBe(0);
  });
});
