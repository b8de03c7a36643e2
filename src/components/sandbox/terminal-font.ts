/**
 * The terminal's text size: the learner's choice (A− / A+, Ctrl+Alt+− / =),
 * kept in localStorage, six pixels larger in presenter mode (Shift+P sets
 * data-presenter on <html>). The page lays the sandbox out 80 columns wide at
 * the chosen size (publishTerminalFont). Plain DOM, so it applies from the
 * terminal's first frame, before the sandbox's React toolbar has hydrated.
 */
import { publishTerminalFont } from '../lesson/layout-prefs.ts';

const FONT_KEY = 'kms-lab-terminal-font';
// LessonLayout.astro's first-paint script knows these sizes too (it cannot import).
const FONT_SIZES = [12, 14, 16, 18, 20, 24, 28];
const PRESENTER_EXTRA = 6;

function savedFontSize(): number {
  try {
    const n = Number(localStorage.getItem(FONT_KEY));
    return FONT_SIZES.includes(n) ? n : 14;
  } catch {
    return 14;
  }
}

export interface FontControl {
  /** A size larger (+1) or smaller (−1), kept for the next visit. */
  step(by: 1 | -1): void;
  /** The size the terminal is drawn at now, presenter mode included. */
  current(): number;
  dispose(): void;
}

/** Calls `apply` with the size to draw at: now, on each step and whenever presenter mode changes. */
export function createFontControl(apply: (px: number) => void): FontControl {
  const root = document.documentElement;
  let chosen = savedFontSize();
  const current = () => chosen + ('presenter' in root.dataset ? PRESENTER_EXTRA : 0);
  const update = () => {
    publishTerminalFont(chosen);
    apply(current());
  };
  const observer = new MutationObserver(update);
  observer.observe(root, { attributes: true, attributeFilter: ['data-presenter'] });
  update();
  return {
    step: (by) => {
      chosen = FONT_SIZES[Math.min(FONT_SIZES.length - 1, Math.max(0, FONT_SIZES.indexOf(chosen) + by))] ?? chosen;
      try {
        localStorage.setItem(FONT_KEY, String(chosen));
      } catch {
        // Not kept: fine.
      }
      update();
    },
    current,
    dispose: () => observer.disconnect(),
  };
}
