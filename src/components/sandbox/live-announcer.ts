/**
 * What the screen-reader live region says next: each command's output as
 * plain text. A tiny store of its own, so an announcement renders only the
 * live region (not the whole island), and in the panel feed's next refresh,
 * after the output it repeats has been painted.
 */
import type { PanelFeed } from './panel-feed.ts';

export interface LiveAnnouncer {
  announce(text: string): void;
  /** The text on show (useSyncExternalStore's snapshot). */
  text(): string;
  subscribe(listener: () => void): () => void;
}

export function createLiveAnnouncer(feed: Pick<PanelFeed, 'later'>): LiveAnnouncer {
  let shown = '';
  let next = '';
  const listeners = new Set<() => void>();
  const publish = () => {
    if (next === shown) return;
    shown = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    announce(text) {
      next = text;
      feed.later(publish);
    },
    text: () => shown,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
