/**
 * The sandbox's polite live region: repeats each command's output for screen
 * readers. Its own component, so each announcement re-renders only this.
 */
import { useSyncExternalStore } from 'react';
import type { LiveAnnouncer } from './live-announcer.ts';

export default function LiveAnnouncement({ announcer }: { announcer: LiveAnnouncer }) {
  const text = useSyncExternalStore(announcer.subscribe, announcer.text, announcer.text);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
