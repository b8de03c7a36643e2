/**
 * What the touch key row's buttons (MobileKeys.tsx, `data-terminal-key`) do:
 * send their keys to the terminal. Delegated from the sandbox's pane, so the
 * row works as soon as the terminal does, before React has hydrated the island.
 */
export function wireKeyRow(pane: HTMLElement, press: (data: string) => void): () => void {
  const key = (event: Event) => (event.target instanceof Element ? event.target.closest<HTMLElement>('[data-terminal-key]') : null);
  // Keep the focus (and the phone's keyboard) on the terminal.
  const down = (event: Event) => {
    if (key(event)) event.preventDefault();
  };
  const click = (event: Event) => {
    const data = key(event)?.dataset.terminalKey;
    if (data) press(data);
  };
  pane.addEventListener('pointerdown', down);
  pane.addEventListener('click', click);
  return () => {
    pane.removeEventListener('pointerdown', down);
    pane.removeEventListener('click', click);
  };
}
