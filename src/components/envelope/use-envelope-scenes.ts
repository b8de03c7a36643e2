/**
 * Subscribes to a shell session and keeps the envelope scenes up to date. The model state lives
 * in a ref and React state changes only when the scene list does, so the many output events a
 * command prints do not re-render the page.
 */
import { useEffect, useRef, useState } from 'react';
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

export function useEnvelopeScenes(session: SceneSource | null | undefined): readonly Scene[] {
  const model = useRef<EnvelopeState>(initialEnvelopeState());
  const [scenes, setScenes] = useState<readonly Scene[]>(NONE);
  useEffect(() => {
    if (!session) return undefined;
    // A new session starts a new story.
    model.current = initialEnvelopeState();
    setScenes(NONE);
    return watchSession(session, (state) => {
      const previous = model.current;
      model.current = state;
      if (state.scenes !== previous.scenes) setScenes(state.scenes);
    });
  }, [session]);
  return scenes;
}
