/**
 * Whether the page's sandbox has started, for code that must not load the
 * sandbox to ask (the island's client directive, inlined into every page):
 * <html data-sandbox> says 'started' or 'failed', and SANDBOX_EVENT goes to
 * document when it changes.
 */
export const SANDBOX_EVENT = 'kms-lab:sandbox';

export type SandboxState = 'started' | 'failed';

export function sandboxState(): SandboxState | undefined {
  const state = document.documentElement.dataset.sandbox;
  return state === 'started' || state === 'failed' ? state : undefined;
}

export function setSandboxState(state: SandboxState): void {
  document.documentElement.dataset.sandbox = state;
  document.dispatchEvent(new Event(SANDBOX_EVENT));
}
