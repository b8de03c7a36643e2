/**
 * How a lesson's ▶ buttons reach the sandbox island, which may not have
 * loaded yet (it hydrates when visible): requests wait in a queue on window,
 * and the island drains it when it starts and listens for more. A tap is never
 * dropped: until the island takes the queue, the button that asked says it is
 * waiting for the sandbox, and the command runs as soon as the island is up.
 */
import { isNarrow, revealSandbox } from './sandbox-sheet.ts';

export const RUN_EVENT = 'kms-lab:run';
/** Dispatched on window when the island has taken the queued requests. */
export const RUNS_READY_EVENT = 'kms-lab:runs-ready';

export interface RunRequest {
  command: string;
  /**
   * Whether the terminal takes the keyboard focus afterwards. Not in presenter
   * mode (the presenter's N, P and clicker keys must stay with the page) nor in
   * the phone sheet (a focused terminal opens the on-screen keyboard over the output).
   */
  focus: boolean;
}

interface RunQueue {
  pending: RunRequest[];
  /** Buttons showing "waiting for the sandbox…" until the island is up. */
  waiting: HTMLElement[];
  ready: boolean;
}

declare global {
  interface Window {
    kmsLabRun?: RunQueue;
  }
}

function queue(): RunQueue {
  window.kmsLabRun ??= { pending: [], waiting: [], ready: false };
  return window.kmsLabRun;
}

const presenting = () => 'presenter' in document.documentElement.dataset;

export interface RunOptions {
  /** The control that asked (a ▶ button): it shows the wait, and the phone sheet gives the focus back to it. */
  from?: HTMLElement | null;
  focus?: boolean;
  /** Whether to bring the sandbox into view (the presenter's layout always shows it). */
  reveal?: boolean;
}

export function requestRun(command: string, { from = null, focus, reveal = true }: RunOptions = {}): void {
  if (command.trim() === '') return;
  const request: RunRequest = { command, focus: focus ?? !(presenting() || isNarrow()) };
  // First the sandbox comes to the reader (on phones that also wakes the island), then the command goes in.
  if (reveal) revealSandbox(from);
  const q = queue();
  if (q.ready) {
    window.dispatchEvent(new CustomEvent<RunRequest>(RUN_EVENT, { detail: request }));
    return;
  }
  q.pending.push(request);
  if (from && !q.waiting.includes(from)) {
    q.waiting.push(from);
    from.setAttribute('aria-busy', 'true');
    from.dataset.waiting = '';
  }
}

/** The island's side: runs queued requests now and later ones as they come; returns a stop function. */
export function acceptRuns(run: (request: RunRequest) => void): () => void {
  const q = queue();
  for (const request of q.pending.splice(0)) run(request);
  for (const button of q.waiting.splice(0)) {
    button.removeAttribute('aria-busy');
    delete button.dataset.waiting;
  }
  q.ready = true;
  window.dispatchEvent(new Event(RUNS_READY_EVENT));
  const listener = (event: Event) => run((event as CustomEvent<RunRequest>).detail);
  window.addEventListener(RUN_EVENT, listener);
  return () => {
    q.ready = false;
    window.removeEventListener(RUN_EVENT, listener);
  };
}
