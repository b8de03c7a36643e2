/**
 * When saves run: never on the way from Enter to output, but in idle time
 * after it, and coalesced — at most one save running and one waiting, the
 * waiting one taking in every change made before it starts (a save reads the
 * sandbox when it starts, not when it was asked for). A burst of commands
 * thus costs about one save per idle slot, not one per command.
 */

/** Calls `run` later (idle time in the browser); returns a cancel function. */
export type Later = (run: () => void) => () => void;

/** Idle time, but at most `timeout` ms late, so a busy page still saves (and a learner who leaves at once rarely outruns it); a timer where there is no requestIdleCallback. */
export function idleLater(timeout = 100): Later {
  return (run) => {
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(() => run(), { timeout });
      return () => cancelIdleCallback(handle);
    }
    const handle = setTimeout(run, 0);
    return () => clearTimeout(handle);
  };
}

export class SaveScheduler {
  private readonly save: () => Promise<void>;
  private readonly later: Later;
  private cancel: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private waiting = false;
  /** Settles when the waiting save (or the one about to start) ends: what flush() hands out. */
  private next: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(save: () => Promise<void>, later: Later = idleLater()) {
    this.save = save;
    this.later = later;
  }

  /** Something changed: a save will run in idle time, unless one is already waiting. */
  request(): void {
    if (this.running) {
      this.waiting = true;
      return;
    }
    this.cancel ??= this.later(() => {
      this.cancel = undefined;
      void this.start();
    });
  }

  /** Saves now (or right after the running save): resolves when a save that began after this call has ended. */
  flush(): Promise<void> {
    const next = (this.next ??= deferred());
    if (this.running) {
      this.waiting = true;
    } else {
      this.cancel?.();
      this.cancel = undefined;
      void this.start();
    }
    return next.promise;
  }

  /** Whether a save is running or waiting. */
  get busy(): boolean {
    return this.running !== undefined || this.waiting || this.cancel !== undefined;
  }

  private start(): Promise<void> {
    const settles = this.next;
    this.next = undefined;
    this.waiting = false;
    const running = (async () => {
      try {
        await this.save();
      } catch {
        // The save reports its own failures (the host's status); the queue goes on.
      }
    })();
    this.running = running;
    void running.then(() => {
      this.running = undefined;
      settles?.resolve();
      if (this.waiting || this.next) {
        this.waiting = false;
        // A flush waiting on this one runs at once; a plain request waits for idle time again.
        if (this.next) void this.start();
        else this.request();
      }
    });
    return running;
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
