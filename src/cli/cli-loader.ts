/**
 * Fetches the AWS CLI emulation (cli-bundle.ts) on demand: a lesson page's prompt is usable before
 * the CLI, its API model tables, JMESPath and output formatters have downloaded. The browser
 * prefetches it once the page is idle after the prompt, so the first `aws` command does not wait;
 * Node loads it on first use the same way (`npm run shell`, the endpoint and the tests run this code).
 */
import { onDemand } from '../kms/on-demand.ts';

export type Cli = typeof import('./cli-bundle.ts');

const cli = onDemand<Cli>(() => import('./cli-bundle.ts'));

/** The CLI, fetched once; a failed download (offline) is not remembered, so the next call tries again. */
export function loadCli(): Promise<Cli> {
  return cli.load();
}

/** The CLI if it has arrived, for callers that cannot wait (tab completion answers synchronously). */
export function loadedCli(): Cli | undefined {
  return cli.ready;
}

interface PageGlobals {
  requestAnimationFrame?: (callback: () => void) => unknown;
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => unknown;
}

let scheduled = false;

/** Whether this runs in a page that paints frames (a browser), not in Node. */
const inPage = (): boolean => typeof (globalThis as PageGlobals).requestAnimationFrame === 'function';

const quietly = (): Promise<void> =>
  loadCli().then(
    () => undefined,
    () => undefined,
  );

/**
 * In a browser, loads the CLI in idle time after the next two frames: called as the first prompt
 * is shown, so neither its download nor its evaluation stands between page load and a usable
 * prompt. In Node it starts loading at once.
 */
export function prefetchCli(): void {
  const g = globalThis as PageGlobals;
  if (!inPage()) {
    void quietly();
    return;
  }
  // A load already under way is joined, not repeated (on-demand.ts).
  if (scheduled || cli.ready) return;
  scheduled = true;
  const raf = g.requestAnimationFrame!.bind(globalThis);
  // Browsers without requestIdleCallback (older Safari) get a short timer instead.
  const idle = typeof g.requestIdleCallback === 'function' ? () => g.requestIdleCallback!(() => void quietly(), { timeout: 3000 }) : () => setTimeout(() => void quietly(), 200);
  raf(() => raf(idle));
}

/** Outside a page (`npm run shell`, tests), where size does not matter: resolves once the CLI is there, so Tab completes `aws` from the first press. In a page: at once. */
export function cliOutsidePages(): Promise<void> {
  return inPage() ? Promise.resolve() : quietly();
}
