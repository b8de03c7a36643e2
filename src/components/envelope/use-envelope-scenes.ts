/**
 * Subscribes to a shell session and keeps the envelope scenes up to date. The model state lives
 * in a ref and React state changes only when the scene list does, so the many output events a
 * command prints do not re-render the page.
 */
import { useEffect, useRef, useState } from 'react';
import { applyEvent, initialEnvelopeState, type EnvelopeState, type SessionEventLike } from './envelope-model.ts';
import type { Scene } from './types.ts';

/** What the hook needs from a session (a `Session` from src/shell/run.ts fits). */
export interface SceneSource {
  subscribe(listener: (event: SessionEventLike) => void): () => void;
}

const NONE: readonly Scene[] = [];

export function useEnvelopeScenes(session: SceneSource | null | undefined): readonly Scene[] {
  const model = useRef<EnvelopeState>(initialEnvelopeState());
  const [scenes, setScenes] = useState<readonly Scene[]>(NONE);
  useEffect(() => {
    if (!session) return undefined;
    // A new session starts a new story.
    model.current = initialEnvelopeState();
    setScenes(NONE);
    return session.subscribe((event) => {
      const previous = model.current;
      model.current = applyEvent(previous, event);
      if (model.current.scenes !== previous.scenes) setScenes(model.current.scenes);
    });
  }, [session]);
  return scenes;
}
