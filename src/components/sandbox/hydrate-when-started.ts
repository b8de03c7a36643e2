/**
 * The sandbox island's client directive (`client:sandbox`, registered in
 * src/lib/sandbox-directive.ts): React and the toolbar, notices and panels
 * hydrate only once the terminal is up and its first prompt painted, so none of
 * it stands between the page's load and a prompt the learner can type at. A
 * start that failed leaves the island as it was rendered; the pane says why.
 */
import type { ClientDirective } from 'astro';
import { afterPromptPainted } from './after-prompt.ts';
import { SANDBOX_EVENT, sandboxState } from './sandbox-state.ts';

const hydrateWhenStarted: ClientDirective = (load) => {
  const go = () => {
    if (sandboxState() === 'started') afterPromptPainted(() => void load().then((hydrate) => hydrate()));
  };
  if (sandboxState()) go();
  else document.addEventListener(SANDBOX_EVENT, go, { once: true });
};

export default hydrateWhenStarted;
