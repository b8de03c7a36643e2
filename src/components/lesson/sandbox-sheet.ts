/**
 * On narrow screens the sandbox sits far below the lesson, so a ▶ brings it to
 * the reader instead: the sandbox pane becomes a modal sheet over the lesson
 * (dialog semantics, the page behind it inert, Tab kept inside, Escape or
 * "Back to the lesson" closes it), and closing it puts the reader back where
 * they were reading, scroll position and focus both. Wider screens keep the
 * pane beside the lesson, so there it is only scrolled into view if needed.
 */

/** Must match the one-column breakpoint in global.css. */
export const NARROW_QUERY = '(max-width: 899px)';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])';

interface OpenSheet {
  pane: HTMLElement;
  scrollY: number;
  opener: HTMLElement | null;
  inerted: HTMLElement[];
  role: string | null;
  stop: () => void;
}

let open: OpenSheet | undefined;

const pane = () => document.getElementById('sandbox');

export function isNarrow(): boolean {
  return matchMedia(NARROW_QUERY).matches;
}

export function isSheetOpen(): boolean {
  return open !== undefined;
}

/** Marks everything outside `keep` inert, walking up to <body>; returns what it changed. */
function inertOutside(keep: HTMLElement): HTMLElement[] {
  const changed: HTMLElement[] = [];
  for (let node: HTMLElement | null = keep; node && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement?.children ?? []) {
      if (sibling === node || !(sibling instanceof HTMLElement) || sibling.inert || sibling.matches('script, style')) continue;
      sibling.inert = true;
      changed.push(sibling);
    }
  }
  return changed;
}

/** Tab and Shift+Tab go round the sheet's own controls (the terminal included) instead of leaving it. */
function trapTab(event: KeyboardEvent, sheet: HTMLElement): void {
  const stops = [...sheet.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0 || el.matches('.xterm textarea'));
  if (stops.length === 0) return;
  const first = stops[0]!;
  const last = stops[stops.length - 1]!;
  const at = document.activeElement;
  if (event.shiftKey && (at === first || at === sheet)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && at === last) {
    event.preventDefault();
    first.focus();
  }
}

export function openSandboxSheet(opener: HTMLElement | null = null): void {
  const sheet = pane();
  if (!sheet || open) return;
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    // Escape in the terminal is the terminal's (it starts "Escape, Tab" out of it); anywhere else it closes.
    if (event.key === 'Escape' && !(event.target as Element | null)?.closest('.xterm')) {
      event.preventDefault();
      closeSandboxSheet();
    } else if (event.key === 'Tab') trapTab(event, sheet);
  };
  const onWiden = (event: MediaQueryListEvent) => {
    if (!event.matches) closeSandboxSheet();
  };
  const media = matchMedia(NARROW_QUERY);
  open = {
    pane: sheet,
    scrollY: window.scrollY,
    opener: opener ?? (document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null),
    inerted: inertOutside(sheet),
    role: sheet.getAttribute('role'),
    stop: () => {
      document.removeEventListener('keydown', onKey, true);
      media.removeEventListener('change', onWiden);
    },
  };
  sheet.setAttribute('role', 'dialog');
  sheet.setAttribute('aria-modal', 'true');
  sheet.tabIndex = -1;
  document.documentElement.dataset.sheet = 'open';
  sheet.scrollTop = 0;
  sheet.focus({ preventScroll: true });
  document.addEventListener('keydown', onKey, true);
  media.addEventListener('change', onWiden);
  document.dispatchEvent(new CustomEvent('kms-lab:sheet', { detail: { open: true } }));
}

export function closeSandboxSheet(): void {
  if (!open) return;
  const { pane: sheet, scrollY, opener, inerted, role, stop } = open;
  open = undefined;
  stop();
  for (const el of inerted) el.inert = false;
  if (role === null) sheet.removeAttribute('role');
  else sheet.setAttribute('role', role);
  sheet.removeAttribute('aria-modal');
  sheet.removeAttribute('tabindex');
  delete document.documentElement.dataset.sheet;
  // Straight back to the reading position: no smooth scroll from wherever the page ended up.
  window.scrollTo({ top: scrollY, behavior: 'instant' });
  if (opener?.isConnected) opener.focus({ preventScroll: true });
  document.dispatchEvent(new CustomEvent('kms-lab:sheet', { detail: { open: false } }));
}

/** Brings the sandbox to the reader: the sheet on a narrow screen, else the pane into view where it is not. */
export function revealSandbox(opener: HTMLElement | null = null): void {
  if (isNarrow()) {
    openSandboxSheet(opener);
    return;
  }
  const sandbox = pane();
  if (!sandbox) return;
  const box = sandbox.getBoundingClientRect();
  if (box.top < innerHeight && box.bottom > 0) return;
  sandbox.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth', block: 'nearest' });
}
