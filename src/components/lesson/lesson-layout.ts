/**
 * The lesson page's own layout controls: the button that collapses the lesson
 * list to its numbers, the phone sheet's Back button, and the handle between
 * lesson and sandbox that widens the sandbox by drag or by keyboard (a
 * separator in ARIA's sense: arrows move it, Home and End go to the ends,
 * Enter or a double click restores the default). Choices are kept by
 * layout-prefs.ts.
 */
import { closeSandboxSheet } from './sandbox-sheet.ts';
import { followNavDefault, navCollapsed, NAV_COLLAPSE_QUERY, onLayoutChange, setNavCollapsed, setSandboxWidth } from './layout-prefs.ts';

const STEP_PX = 32;

const pane = document.getElementById('sandbox');
const handle = document.querySelector<HTMLElement>('[data-sandbox-resizer]');
const navToggle = document.querySelector<HTMLButtonElement>('[data-nav-toggle]');


for (const button of document.querySelectorAll<HTMLElement>('[data-sheet-close]')) button.addEventListener('click', () => closeSandboxSheet());

/** Lesson titles as tooltips, for the collapsed list that shows only numbers. */
for (const link of document.querySelectorAll<HTMLAnchorElement>('.lesson-nav a')) {
  const title = link.querySelector('.lesson-title')?.textContent?.trim();
  if (title) link.title = title;
}

function syncNav(): void {
  navToggle?.setAttribute('aria-expanded', String(!navCollapsed()));
}
navToggle?.addEventListener('click', () => setNavCollapsed(!navCollapsed()));
matchMedia(NAV_COLLAPSE_QUERY).addEventListener('change', followNavDefault);

/** The limits global.css puts on the sandbox's width (--sbx-min, --sbx-max), and its width now. */
function bounds(): { min: number; max: number; now: number } {
  const style = getComputedStyle(pane!);
  const min = parseFloat(style.getPropertyValue('--sbx-min')) || 352;
  const max = Math.max(min, parseFloat(style.getPropertyValue('--sbx-max')) || Infinity);
  return { min, max, now: pane!.getBoundingClientRect().width };
}

/** The terminal's frame inside the sandbox: padding, scroll bar and borders (global.css's --sbx-80 has the same). */
const FRAME_PX = 24;

/** About how many terminal columns a sandbox this wide holds (--sbx-80 is 80 columns plus the frame). */
function columns(width: number): number | undefined {
  const eighty = parseFloat(getComputedStyle(pane!).getPropertyValue('--sbx-80'));
  if (!Number.isFinite(eighty)) return undefined;
  const frame = FRAME_PX;
  const cell = (eighty - frame) / 80;
  return cell > 0 ? Math.floor((width - frame) / cell) : undefined;
}

function syncHandle(): void {
  if (!handle || !pane || handle.getClientRects().length === 0) return;
  const { min, max, now } = bounds();
  handle.setAttribute('aria-valuemin', String(Math.round(min)));
  handle.setAttribute('aria-valuemax', String(Math.round(max)));
  handle.setAttribute('aria-valuenow', String(Math.round(Math.min(max, Math.max(min, now)))));
  const cols = columns(now);
  handle.setAttribute('aria-valuetext', `Sandbox ${Math.round(now)} pixels wide${cols ? `, about ${cols} terminal columns` : ''}`);
}

function resizeTo(width: number, save = true): void {
  const { min, max } = bounds();
  setSandboxWidth(Math.min(max, Math.max(min, width)), { save });
}

if (handle && pane) {
  handle.addEventListener('keydown', (event) => {
    const { min, max, now } = bounds();
    // The handle sits left of the sandbox: moving it left widens the sandbox.
    const to = { ArrowLeft: now + STEP_PX, ArrowRight: now - STEP_PX, ArrowUp: now + STEP_PX, ArrowDown: now - STEP_PX, Home: min, End: max }[event.key];
    if (event.key === 'Enter') setSandboxWidth(undefined);
    else if (to !== undefined) resizeTo(to);
    else return;
    event.preventDefault();
  });
  handle.addEventListener('dblclick', () => setSandboxWidth(undefined));
  handle.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    handle.dataset.dragging = '';
    const half = handle.getBoundingClientRect().width / 2;
    const move = (e: PointerEvent) => resizeTo(pane.getBoundingClientRect().right - e.clientX - half, false);
    const end = (e: PointerEvent) => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
      delete handle.dataset.dragging;
      resizeTo(pane.getBoundingClientRect().right - e.clientX - half);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  });
  new ResizeObserver(syncHandle).observe(pane);
}

onLayoutChange(() => {
  syncNav();
  syncHandle();
});
syncNav();
syncHandle();
