/**
 * When the views beside the terminal may re-read the sandbox: once per command,
 * after the terminal has painted that command's output and the next prompt.
 * Everything a command does (many KMS calls, file writes, output) only marks the
 * panels stale; the refresh waits for the command's end, then for the frame that
 * paints its output, so no React work ever stands between Enter and the output.
 * Events outside any command (the Reset button, a lesson's set-up) refresh the
 * same way; a command that runs long refreshes at most every IDLE_MS meanwhile.
 */
import type { Session, SessionEvent } from '../../shell/run.ts';
import type {} from '../../shell/sandbox.ts'; // declares the session's 'kms' and 'reset' events

/** How a refresh is timed: the browser's frames, or a test's own clock. */
export interface PanelTiming {
  /** Calls back once the next frame has been painted; returns a cancel function. */
  afterPaint(callback: () => void): () => void;
  /** Calls back after `ms`; returns a cancel function. */
  after(ms: number, callback: () => void): () => void;
}

export interface PanelFeed {
  /** Grows with each refresh that followed a change the panels show. */
  version(): number;
  /** Told after each such refresh (useSyncExternalStore's subscribe). */
  subscribe(listener: () => void): () => void;
  /** Runs `task` in the next refresh, once however often it is asked for before then. */
  later(task: () => void): void;
}

/** While a command runs longer than this, its partial effects still show at this pace. */
export const IDLE_MS = 250;

/**
 * Events after which keys or the log may differ: every KMS call (and
 * rotation/deletion), a reset, and each command line as a catch-all for
 * anything else a command may change. Terminal output and file events change
 * nothing the inventory shows.
 */
const STALE_ON: ReadonlySet<SessionEvent['type']> = new Set<SessionEvent['type']>(['kms', 'reset', 'command']);

/** Events that end what the learner is waiting for: a command line, or a reset. */
const ENDS: ReadonlySet<SessionEvent['type']> = new Set<SessionEvent['type']>(['command', 'reset']);

/** Runs `callback` in a task of its own, after every microtask and task already queued. */
function task(callback: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(null);
}

/**
 * Two tasks, a frame, then a task. The tasks let the terminal write the
 * command's output first (the controller writes it in the microtasks after the
 * command's end, and xterm.js then asks for the frame that draws it; the second
 * task leaves room for a write that waited a task); asking for a frame any
 * earlier would itself make Chromium paint one first, and the output would
 * wait a frame longer. The last task runs once that frame is painted.
 */
export const browserTiming: PanelTiming = {
  afterPaint(callback) {
    let cancelled = false;
    let frame: number | undefined;
    task(() =>
      task(() => {
        if (cancelled) return;
        frame = requestAnimationFrame(() => task(() => cancelled || callback()));
      }),
    );
    return () => {
      cancelled = true;
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  },
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export function createPanelFeed(session: Pick<Session, 'subscribe'>, timing: PanelTiming = browserTiming): PanelFeed {
  let version = 0;
  let stale = false;
  /** Whether events since the last end suggest a command is still running. */
  let running = false;
  const listeners = new Set<() => void>();
  const tasks = new Set<() => void>();
  let cancel: (() => void) | undefined;
  /** 'paint' once the wait is for the frame after an end; 'idle' while a command may still run. */
  let waiting: 'paint' | 'idle' | undefined;
  let unsubscribe: (() => void) | undefined;

  const wanted = () => stale || tasks.size > 0;

  const flush = () => {
    cancel = undefined;
    waiting = undefined;
    const due = [...tasks];
    tasks.clear();
    const changed = stale;
    stale = false;
    if (changed) version++;
    for (const task of due) task();
    if (changed) for (const listener of [...listeners]) listener();
    release();
  };

  const arm = () => {
    if (!wanted()) return;
    if (!running) {
      if (waiting === 'paint') return;
      cancel?.();
      waiting = 'paint';
      cancel = timing.afterPaint(flush);
    } else if (waiting === undefined) {
      waiting = 'idle';
      cancel = timing.after(IDLE_MS, () => {
        // Still running: show what it did so far, after a paint like any refresh.
        waiting = 'paint';
        cancel = timing.afterPaint(flush);
      });
    }
  };

  const onEvent = (event: SessionEvent) => {
    if (STALE_ON.has(event.type)) stale = true;
    running = !ENDS.has(event.type);
    arm();
  };

  /** Listens to the session only while someone waits for a refresh (a server render never subscribes). */
  const hold = () => {
    unsubscribe ??= session.subscribe(onEvent);
  };
  const release = () => {
    if (listeners.size > 0 || wanted() || !unsubscribe) return;
    unsubscribe();
    unsubscribe = undefined;
    running = false;
  };

  return {
    version: () => version,
    subscribe(listener) {
      listeners.add(listener);
      if (!unsubscribe) {
        // Whatever happened while nobody listened counts as a change.
        version++;
        hold();
      }
      return () => {
        listeners.delete(listener);
        release();
      };
    },
    later(task) {
      tasks.add(task);
      hold();
      arm();
    },
  };
}
