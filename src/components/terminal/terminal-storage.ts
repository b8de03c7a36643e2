/**
 * Where the terminal keeps its command history and its scrollback between
 * page loads: localStorage, shared by the site's pages like the sandbox. A
 * write the browser refuses is reported to the page's storage notice
 * (storage-status.ts) instead of being dropped silently.
 */
import { watchStorage } from '../storage-notice.ts';
import { saveItem } from '../storage-status.ts';
import type { HistoryStore } from './line-editor.ts';
import type { ScrollbackStore } from './scrollback.ts';

const HISTORY_KEY = 'kms-lab-history';
const SCROLLBACK_KEY = 'kms-lab-scrollback';

export const historyStore: HistoryStore = {
  load(): string[] {
    // The terminal opening is when the page's storage notice starts, for layout choices and progress too.
    watchStorage();
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === 'string') : [];
    } catch {
      return [];
    }
  },
  save(lines: string[]): void {
    // Refused: history lasts for this page only, and the notice says so.
    saveItem(HISTORY_KEY, JSON.stringify(lines), 'command history');
  },
};

/** One scrollback for the site, like the sandbox: the next lesson's terminal shows what this one did. */
export const scrollbackStore: ScrollbackStore = {
  load(): string | undefined {
    try {
      return localStorage.getItem(SCROLLBACK_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  save(text: string): void {
    if (saveItem(SCROLLBACK_KEY, text, 'terminal text')) return;
    // Full: an older copy must not come back in its place.
    try {
      localStorage.removeItem(SCROLLBACK_KEY);
    } catch {
      // Blocked altogether: there is no older copy either.
    }
  },
};
