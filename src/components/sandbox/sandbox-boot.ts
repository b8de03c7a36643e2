/**
 * The page's side of the sandbox (SandboxPane.astro's script): when the
 * terminal's place first comes into view (at once beside the lesson; on a phone
 * when a ▶ opens the sheet), the sandbox's code runs and starts it
 * (sandbox-start.ts). Until then nothing of it runs; its chunks are already
 * downloading, preloaded from the head (island-preload.ts). Kept tiny: it is on
 * every sandbox page before anything else of the sandbox.
 */
import type { SandboxProps } from './sandbox-start.ts';
import { setSandboxState } from './sandbox-state.ts';

function boot(pane: HTMLElement): void {
  const mount = pane.querySelector<HTMLElement>('.sbx-terminal');
  const data = pane.querySelector('script[data-sandbox-props]');
  if (!mount || !data) return;
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    observer.disconnect();
    const props = JSON.parse(data.textContent ?? '{}') as SandboxProps;
    import('./sandbox-start.ts')
      .then(({ startSandbox }) => startSandbox(mount, props))
      .catch((error: unknown) => fail(pane, error));
  });
  observer.observe(mount);
}

/** The island never hydrates after a failed start, so the pane's own alert says it. */
function fail(pane: HTMLElement, error: unknown): void {
  setSandboxState('failed');
  const alert = pane.querySelector<HTMLElement>('[data-sandbox-failure]');
  if (!alert) return;
  alert.textContent = `The sandbox could not start: ${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`;
  alert.hidden = false;
}

const pane = document.getElementById('sandbox');
if (pane) boot(pane);
