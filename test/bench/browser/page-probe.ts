/**
 * The part of the browser benchmark that runs inside the page: it timestamps
 * a key as the page receives it and the moment the terminal has painted what
 * that key caused. Timing in the page keeps the CDP round trips of the driver
 * out of the figures. Installed with page.addInitScript, so it must stay a
 * self-contained function (playwright sends its source text).
 */

/** Timings of one measured interaction, in ms on the page's performance clock (0 = navigation start). */
export interface ProbeTiming {
  /** The key's keydown reached the window (capture phase), or the probe was armed without a key. */
  start: number;
  /** A DOM mutation made the terminal's screen match. */
  seen: number;
  /** The rendering step that showed it had finished (the first task after that frame's paint). */
  painted: number;
}

export type ProbeResult = ProbeTiming | { error: string };

export interface PageProbe {
  /** The terminal's visible rows as text, one line each, trailing blanks cut. */
  screen(): string;
  /**
   * Waits for the screen to match `pattern` (a RegExp source, multiline),
   * counting from the next keydown of `key` (or from now if `key` is null).
   * Returns an id for result().
   */
  arm(pattern: string, key: string | null, timeoutMs: number): number;
  result(id: number): Promise<ProbeResult>;
}

declare global {
  interface Window {
    kmsBench?: PageProbe;
  }
}

export function installPageProbe(): void {
  if (window.kmsBench) return;

  // A rAF loop (running while something is armed) tells whether a mutation
  // happened inside a rendering step. xterm's DOM renderer writes its rows in
  // a rAF callback, so what it wrote is painted at the end of the same frame;
  // a message posted from the loop's callback runs as the first task after
  // that paint. A mutation outside a frame waits for the next one.
  let inFrame = false;
  let looping = 0;
  let afterPaint: (() => void)[] = [];
  let nextFrame: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    inFrame = false;
    const due = afterPaint;
    afterPaint = [];
    for (const run of due) run();
  };
  const frame = () => {
    if (looping === 0) return;
    inFrame = true;
    afterPaint.push(...nextFrame);
    nextFrame = [];
    channel.port2.postMessage(0);
    requestAnimationFrame(frame);
  };
  const whenPainted = (run: () => void) => (inFrame ? afterPaint : nextFrame).push(run);
  const startLoop = () => {
    if (looping++ === 0) requestAnimationFrame(frame);
  };
  const stopLoop = () => {
    looping = Math.max(0, looping - 1);
  };

  const screen = (): string => {
    const rows = document.querySelector('.xterm-rows');
    if (!rows) return '';
    return [...rows.children].map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  };

  const pending = new Map<number, Promise<ProbeResult>>();
  let ids = 0;

  const arm = (pattern: string, key: string | null, timeoutMs: number): number => {
    const id = ++ids;
    const wanted = new RegExp(pattern, 'm');
    startLoop();
    pending.set(
      id,
      new Promise<ProbeResult>((resolve) => {
        let start = key === null ? performance.now() : Number.NaN;
        let done = false;
        const finish = (result: ProbeResult) => {
          if (done) return;
          done = true;
          window.removeEventListener('keydown', onKey, true);
          observer.disconnect();
          clearTimeout(timer);
          stopLoop();
          resolve(result);
        };
        const onKey = (event: KeyboardEvent) => {
          if (Number.isNaN(start) && event.key === key) start = performance.now();
        };
        const check = () => {
          if (Number.isNaN(start) || done || !wanted.test(screen())) return;
          const seen = performance.now();
          observer.disconnect();
          whenPainted(() => finish({ start, seen, painted: performance.now() }));
        };
        // Until the terminal exists (start-up), watch the whole document.
        const observer = new MutationObserver(check);
        observer.observe(document.querySelector('.xterm-rows') ?? document, { subtree: true, childList: true, characterData: true });
        window.addEventListener('keydown', onKey, true);
        const timer = setTimeout(() => finish({ error: `timed out after ${timeoutMs} ms waiting for /${pattern}/; the screen shows:\n${screen()}` }), timeoutMs);
        if (key === null) check();
      }),
    );
    return id;
  };

  const result = async (id: number): Promise<ProbeResult> => {
    const waiting = pending.get(id);
    if (!waiting) return { error: `no probe ${id}` };
    const value = await waiting;
    pending.delete(id);
    return value;
  };

  window.kmsBench = { screen, arm, result };
}
