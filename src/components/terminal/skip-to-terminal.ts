/**
 * The "Skip to sandbox" link: the terminal sits some fifty Tab stops into a
 * lesson, so the link puts the focus in it at once, ready to type. The island
 * starts when it scrolls into view; until the terminal exists the pane holds
 * the focus (so Tab continues from there), and the terminal takes it as soon
 * as it appears, unless the learner has moved on meanwhile.
 */

const TERMINAL_INPUT = '.sbx-terminal textarea';
/** How long to wait for the island to start before leaving the focus on the pane. */
const WAIT_MS = 15_000;

function focusTerminal(): boolean {
  const input = document.querySelector<HTMLElement>(TERMINAL_INPUT);
  input?.focus({ preventScroll: true });
  return input !== null && document.activeElement === input;
}

/** Brings the pane's top just below the sticky site header, where it is not already in view. */
function reveal(pane: HTMLElement): void {
  const header = document.querySelector<HTMLElement>('.site-header')?.offsetHeight ?? 0;
  const top = pane.getBoundingClientRect().top;
  if (top >= header && top < innerHeight / 2) return;
  scrollTo({ top: scrollY + top - header - 8 });
}

function skip(event: MouseEvent): void {
  const pane = document.getElementById('sandbox');
  if (!pane) return;
  event.preventDefault();
  reveal(pane);
  if (focusTerminal()) return;
  pane.tabIndex = -1;
  pane.focus({ preventScroll: true });
  const observer = new MutationObserver(() => {
    if (document.activeElement !== pane || focusTerminal()) stop();
  });
  const timer = setTimeout(() => stop(), WAIT_MS);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
  };
  observer.observe(pane, { childList: true, subtree: true });
}

for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-skip-to-terminal]')) link.addEventListener('click', skip);
