/**
 * Handing the thread back for a moment, so a long run of commands lets the page draw and hear
 * keys (Ctrl-C) between them: setImmediate in Node, otherwise a message to ourselves (a task,
 * unlike a promise, lets input in first; unlike setTimeout it is not clamped to 4 ms). Not
 * scheduler.yield: Chromium ran its continuations ahead of rendering: during openssl enc -md md5
 * -iter 99999999 no frame was painted in 2 minutes (test/e2e/terminal-interrupt.e2e.ts).
 */

let channel: MessageChannel | undefined;
const waiting: (() => void)[] = [];

function viaMessage(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    // In Node an open port would keep the process alive after the last command.
    for (const port of [channel.port1, channel.port2]) (port as { unref?: () => void }).unref?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}

/** Resolves after the thread has had a chance to do other work. */
export function yieldToHost(): Promise<void> {
  // Node drains a port's messages in one go, starving its timers; setImmediate lets a loop turn pass.
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => immediate(() => resolve()));
  if (typeof MessageChannel === 'function') return viaMessage();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
