/**
 * Fetches the AWS CLI emulation (cli-bundle.ts) on demand: a lesson page's prompt is usable before
 * the CLI, its API model tables, JMESPath and output formatters have downloaded. The browser
 * prefetches it once the page is idle after the prompt, so the first `aws` command does not wait;
 * Node loads it on first use the same way (`npm run shell`, the endpoint and the tests run this code).
 */
export type Cli = typeof import('./cli-bundle.ts');

let loading: Promise<Cli> | undefined;
let loaded: Cli | undefined;

/** The CLI, fetched once; a failed download (offline) is not remembered, so the next call tries again. */
export function loadCli(): Promise<Cli> {
  loading ??= import('./cli-bundle.ts').then(
    (cli) => (loaded = cli),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The CLI if it has arrived, for callers that cannot wait (tab completion answers synchronously). */
export function loadedCli(): Cli | undefined {
  return loaded;
}

interface PageGlobals {
  requestAnimationFrame?: (callback: () => void) => unknown;
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => unknown;
}

let scheduled = false;

/**
 * Gets the CLI ready without holding up a page. In a browser (where frames are painted) it is
 * loaded in idle time after the next two frames, by when the prompt is painted, so neither its
 * download nor its evaluation stands between page load and a usable prompt; the promise resolves
 * at once. In Node (`npm run shell`, tests), where size does not matter, it loads now and the
 * promise resolves once it is there, so Tab completes `aws` from the first press.
 */
export function prefetchCli(): Promise<void> {
  const g = globalThis as PageGlobals;
  const load = (): Promise<void> => loadCli().then(
    () => undefined,
    () => undefined,
  );
  if (typeof g.requestAnimationFrame !== 'function') return load();
  if (!scheduled && !loading) {
    scheduled = true;
    const raf = g.requestAnimationFrame.bind(globalThis);
    // Browsers without requestIdleCallback (older Safari) get a short timer instead.
    const idle = typeof g.requestIdleCallback === 'function' ? () => g.requestIdleCallback!(() => void load(), { timeout: 3000 }) : () => setTimeout(() => void load(), 200);
    raf(() => raf(idle));
  }
  return Promise.resolve();
}
