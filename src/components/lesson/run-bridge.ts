/**
 * How a lesson's ▶ buttons reach the sandbox island, which may not have
 * loaded yet (it hydrates when visible): commands wait in a queue on window,
 * and the island drains it when it starts and listens for more.
 */
export const RUN_EVENT = 'kms-lab:run';

interface RunQueue {
  pending: string[];
  ready: boolean;
}

declare global {
  interface Window {
    kmsLabRun?: RunQueue;
  }
}

function queue(): RunQueue {
  window.kmsLabRun ??= { pending: [], ready: false };
  return window.kmsLabRun;
}

export function requestRun(command: string): void {
  if (command.trim() === '') return;
  const q = queue();
  if (q.ready) window.dispatchEvent(new CustomEvent<string>(RUN_EVENT, { detail: command }));
  else q.pending.push(command);
  // Bring the terminal into view (on phones it sits below the lesson); that also wakes the island.
  document.getElementById('sandbox')?.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth', block: 'nearest' });
}

/** The island's side: runs queued commands now and later ones as they come; returns a stop function. */
export function acceptRuns(run: (command: string) => void): () => void {
  const q = queue();
  for (const command of q.pending.splice(0)) run(command);
  q.ready = true;
  const listener = (event: Event) => run((event as CustomEvent<string>).detail);
  window.addEventListener(RUN_EVENT, listener);
  return () => {
    q.ready = false;
    window.removeEventListener(RUN_EVENT, listener);
  };
}
