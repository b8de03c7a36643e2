/**
 * Runs work that can wait until the sandbox's first prompt is on screen: two
 * frames (the prompt's write, then its paint) and an idle period after them.
 * The panels' code and first render come this late, so neither stands
 * between the page's load and a prompt the learner can type at.
 */
export function afterPromptPainted(run: () => void): () => void {
  let cancelled = false;
  let idle: number | undefined;
  const go = () => {
    if (!cancelled) run();
  };
  const frame = requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      // Browsers without requestIdleCallback (older Safari) get a short timer instead.
      idle = typeof requestIdleCallback === 'function' ? requestIdleCallback(go, { timeout: 1000 }) : window.setTimeout(go, 100);
    }),
  );
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
    if (idle !== undefined) (typeof cancelIdleCallback === 'function' ? cancelIdleCallback : clearTimeout)(idle);
  };
}
