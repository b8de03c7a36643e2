/**
 * The lesson page's layout choices, kept in localStorage and mirrored as data
 * attributes on <html> that global.css lays the page out from: the lesson list
 * collapsed or not, the sandbox's width, the sandbox maximised, and (presenter
 * mode) the lesson text shown or hidden. LessonLayout.astro applies the saved
 * ones before first paint with the same keys, so the page never jumps.
 */
import { saveItem } from '../storage-status.ts';

export const PREF_KEYS = {
  nav: 'kms-lab-lesson-nav',
  width: 'kms-lab-sandbox-width',
  maximised: 'kms-lab-sandbox-max',
  presenterText: 'kms-lab-presenter-text',
} as const;

/** Below this width the lesson list starts collapsed to its numbers (global.css has the same figure). */
export const NAV_COLLAPSE_QUERY = '(max-width: 1679px)';

const root = () => document.documentElement;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Not kept when the browser refuses: the choice lasts for this page, and the page's storage notice says so. */
function write(key: string, value: string | null): void {
  saveItem(key, value, 'layout choices');
}

/** Tells the page's own scripts (and the island) that a layout choice changed. */
const changed = () => document.dispatchEvent(new Event('kms-lab:layout'));

export function onLayoutChange(listener: () => void): () => void {
  document.addEventListener('kms-lab:layout', listener);
  return () => document.removeEventListener('kms-lab:layout', listener);
}

export function navCollapsed(): boolean {
  return root().dataset.nav === 'collapsed';
}

/** Until the learner chooses, the list follows the window's width. */
export function followNavDefault(): void {
  if (read(PREF_KEYS.nav) !== null) return;
  root().dataset.nav = matchMedia(NAV_COLLAPSE_QUERY).matches ? 'collapsed' : 'expanded';
  changed();
}

export function setNavCollapsed(collapsed: boolean): void {
  root().dataset.nav = collapsed ? 'collapsed' : 'expanded';
  write(PREF_KEYS.nav, collapsed ? 'collapsed' : 'expanded');
  changed();
}

export function sandboxMaximised(): boolean {
  return 'sandboxMax' in root().dataset;
}

export function setSandboxMaximised(on: boolean): void {
  if (on) root().dataset.sandboxMax = '';
  else delete root().dataset.sandboxMax;
  write(PREF_KEYS.maximised, on ? '1' : null);
  changed();
}

/** The sandbox's width in CSS pixels as the learner set it, or undefined for the default. */
export function sandboxWidth(): number | undefined {
  const value = parseFloat(root().style.getPropertyValue('--sbx-w'));
  return Number.isFinite(value) ? value : undefined;
}

export function setSandboxWidth(px: number | undefined, { save = true } = {}): void {
  if (px === undefined) root().style.removeProperty('--sbx-w');
  else root().style.setProperty('--sbx-w', `${Math.round(px)}px`);
  if (save) write(PREF_KEYS.width, px === undefined ? null : String(Math.round(px)));
  changed();
}

/** Presenter mode shows the lesson text beside the sandbox only when asked: by default the sandbox has the screen. */
export function presenterTextShown(): boolean {
  return root().dataset.presenterText === 'shown';
}

export function setPresenterTextShown(shown: boolean): void {
  root().dataset.presenterText = shown ? 'shown' : 'hidden';
  write(PREF_KEYS.presenterText, shown ? 'shown' : 'hidden');
  changed();
}

/** The terminal's text size, for CSS: the sandbox's default width is 80 terminal columns at that size. */
export function publishTerminalFont(px: number): void {
  root().style.setProperty('--sbx-font', `${px}px`);
}
