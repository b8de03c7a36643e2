/**
 * After Enter, the terminal's writes wait (briefly) for the next prompt and go
 * to xterm.js as one write: the line break, the command's output and the
 * prompt. Why: after a key press Chromium paints a frame before it runs any
 * other task, and xterm.js parses a write in a task of its own unless it is
 * the first write since the key. Echoed alone, the line break takes that first
 * write and a frame, and the output, parsed after it, a second frame. Held
 * back, a command that ends without waiting on a task (`echo`, `ls`) is parsed
 * on the spot and painted in the first frame, and one that waits (WebCrypto)
 * in the frame after its answer. A command still running after HOLD_MS shows
 * the line break then, and is not held again.
 */
import type { TerminalPort } from './terminal-port.ts';

/** Longest the line break after Enter waits for the rest. */
export const HOLD_MS = 50;

export type After = (ms: number, callback: () => void) => () => void;

const browserAfter: After = (ms, callback) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

export interface HeldPort extends TerminalPort {
  /** Writes anything still held and stops holding. */
  dispose(): void;
}

/**
 * `port`, with writes held from each Enter the learner types until a prompt
 * shows again (`busy()` false: the controller writes the prompt once its
 * editor is active again) or HOLD_MS pass, whichever is first.
 */
export function holdAfterEnter(port: TerminalPort, busy: () => boolean, after: After = browserAfter): HeldPort {
  let held: string[] | undefined;
  let cancelDeadline: (() => void) | undefined;

  const release = () => {
    cancelDeadline?.();
    cancelDeadline = undefined;
    const data = held?.join('') ?? '';
    held = undefined;
    if (data !== '') port.write(data);
  };

  return {
    write(data) {
      if (!held) return port.write(data);
      held.push(data);
      // A prompt (or a continuation prompt, or the same line after an empty Enter) is showing: that is the end.
      if (!busy()) release();
    },
    onData(listener) {
      return port.onData((data) => {
        // Before the controller sees the key, so the line break it echoes is held too.
        if (!held && data.includes('\r')) {
          held = [];
          cancelDeadline = after(HOLD_MS, release);
        }
        listener(data);
      });
    },
    onResize: (listener) => port.onResize(listener),
    get cols() {
      return port.cols;
    },
    get rows() {
      return port.rows;
    },
    clear() {
      release();
      port.clear?.();
    },
    dispose: release,
  };
}
