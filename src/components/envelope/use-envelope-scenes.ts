/**
 * Subscribes to a shell session and keeps the envelope scenes up to date. The model follows every
 * event as it happens (it reads the session at that moment) and lives in a ref; React state
 * changes only when the scene list does, and only in the panel feed's next refresh (after the
 * command's output is painted) while the diagram is shown, so a command's many events cost the
 * terminal nothing and a hidden diagram is brought up to date when it is shown again.
 */
import { useEffect, useRef, useState } from 'react';
import type { PanelFeed } from '../sandbox/panel-feed.ts';
import { applyEvent, initialEnvelopeState, type EnvelopeState } from './envelope-model.ts';
import { observeEvent, type ObservedSession } from './observe-session.ts';
import type { Scene } from './types.ts';

/** What the hook needs from a session (a `Session` from src/shell/run.ts fits). */
export type SceneSource = ObservedSession;

const NONE: readonly Scene[] = [];

/**
 * Feeds a session's events, observed, to the model; `onChange` hears every new state. The browser
 * hook and the tests both watch a session this way. Returns the unsubscribe function.
 */
export function watchSession(session: SceneSource, onChange: (state: EnvelopeState) => void, start: EnvelopeState = initialEnvelopeState()): () => void {
  let state = start;
  return session.subscribe((event) => {
    const next = applyEvent(state, observeEvent(event, session));
    if (next === state) return;
    state = next;
    onChange(state);
  });
}

export interface SceneTiming {
  /** When to show new scenes; at once (in the event's own turn) without. */
  feed?: PanelFeed;
  /** Whether the diagram is on screen (true without). */
  active?: boolean;
}

export function useEnvelopeScenes(session: SceneSource | null | undefined, { feed, active = true }: SceneTiming = {}): readonly Scene[] {
  const model = useRef<EnvelopeState>(initialEnvelopeState());
  const [scenes, setScenes] = useState<readonly Scene[]>(NONE);
  const shown = useRef(active);
  shown.current = active;
  const publish = useRef(() => {
    if (shown.current) setScenes(model.current.scenes);
  });
  useEffect(() => {
    if (!session) return undefined;
    // A new session starts a new story.
    model.current = initialEnvelopeState();
    setScenes(NONE);
    return watchSession(session, (state) => {
      const previous = model.current;
      model.current = state;
      if (state.scenes === previous.scenes || !shown.current) return;
      if (feed) feed.later(publish.current);
      else setScenes(state.scenes);
    });
  }, [session, feed]);
  // Shown again: whatever arrived meanwhile (the same list when nothing did, which React skips).
  useEffect(() => {
    if (active) setScenes(model.current.scenes);
  }, [active]);
  return scenes;
}
