/**
 * Beside a lesson the views under the terminal scroll inside their panel (the
 * sandbox is one window tall), so when a command draws on the envelope diagram
 * its lanes are scrolled into that panel's view, where the playback happens.
 * Only the panel scrolls, never the page; a panel that fits is left alone.
 */
export function revealLanes(panel: HTMLElement | null): void {
  if (!panel || panel.hidden || panel.scrollHeight <= panel.clientHeight) return;
  const lanes = panel.querySelector<HTMLElement>('.env-lanes');
  if (!lanes) return;
  const view = panel.getBoundingClientRect();
  const box = lanes.getBoundingClientRect();
  const below = box.bottom - view.bottom;
  // As far as the lanes' bottom, but never past their top (tall lanes start at the panel's top).
  if (below > 0) panel.scrollTop += Math.max(0, Math.min(below, box.top - view.top));
}
