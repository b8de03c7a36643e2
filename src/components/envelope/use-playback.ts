/**
 * Playback of the scenes: which scene and step are shown, whether it is playing, and how fast.
 * A new scene plays from its first step; with reduced motion it shows its final state at once.
 * Selection is by scene id, so trimming old scenes never changes what is on screen.
 */
import { useEffect, useReducer, useSyncExternalStore } from 'react';
import type { Scene } from './types.ts';

export type Speed = 0.5 | 1 | 2;
export const SPEEDS: readonly Speed[] = [0.5, 1, 2];
/** Time per step at 1×: long enough to read a caption aloud in class. */
export const STEP_MS = 2400;

export interface PlaybackState {
  sceneId: number | undefined;
  step: number;
  playing: boolean;
  speed: Speed;
  /** The newest scene already seen, so only scenes arriving later auto-play. */
  seen: number;
}

export type PlaybackAction =
  | { type: 'arrive'; scene: Scene; reduced: boolean }
  | { type: 'clear' }
  | { type: 'tick'; last: number }
  | { type: 'play'; last: number }
  | { type: 'pause' }
  | { type: 'go'; step: number; last: number }
  | { type: 'scene'; scene: Scene; play: boolean }
  | { type: 'speed'; speed: Speed };

/** Pure, so the rules (auto-play, reduced motion, stopping at the end) are tested without a DOM. */
export function playbackReducer(state: PlaybackState, action: PlaybackAction): PlaybackState {
  switch (action.type) {
    case 'arrive':
      return { ...state, sceneId: action.scene.id, seen: action.scene.id, step: action.reduced ? action.scene.steps.length - 1 : 0, playing: !action.reduced && action.scene.steps.length > 1 };
    case 'clear':
      return { ...state, sceneId: undefined, step: 0, playing: false };
    case 'tick': {
      const step = Math.min(state.step + 1, action.last);
      return { ...state, step, playing: step < action.last };
    }
    case 'play':
      return { ...state, step: state.step >= action.last ? 0 : state.step, playing: action.last > 0 };
    case 'pause':
      return { ...state, playing: false };
    case 'go':
      return { ...state, step: Math.max(0, Math.min(action.step, action.last)), playing: false };
    case 'scene':
      return { ...state, sceneId: action.scene.id, step: action.play ? 0 : action.scene.steps.length - 1, playing: action.play && action.scene.steps.length > 1 };
    case 'speed':
      return { ...state, speed: action.speed };
  }
}

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribeMotion(notify: () => void): () => void {
  if (typeof window === 'undefined' || !window.matchMedia) return () => {};
  const list = window.matchMedia(QUERY);
  list.addEventListener('change', notify);
  return () => list.removeEventListener('change', notify);
}

/** The learner asked their system for less motion (false on the server). */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribeMotion,
    () => typeof window !== 'undefined' && !!window.matchMedia && window.matchMedia(QUERY).matches,
    () => false,
  );
}

export function usePlayback(scenes: readonly Scene[]) {
  const reduced = useReducedMotion();
  const newest = scenes.at(-1);
  const [state, dispatch] = useReducer(playbackReducer, undefined, (): PlaybackState => ({
    sceneId: newest?.id,
    step: newest ? newest.steps.length - 1 : 0,
    playing: false,
    speed: 1,
    seen: newest?.id ?? 0,
  }));
  const index = scenes.findIndex((s) => s.id === state.sceneId);
  const scene = index >= 0 ? scenes[index] : newest;
  const last = scene ? scene.steps.length - 1 : 0;

  useEffect(() => {
    if (newest === undefined) dispatch({ type: 'clear' });
    else if (newest.id > state.seen) dispatch({ type: 'arrive', scene: newest, reduced });
  }, [newest, state.seen, reduced]);

  useEffect(() => {
    if (!state.playing) return undefined;
    const timer = setTimeout(() => dispatch({ type: 'tick', last }), STEP_MS / state.speed);
    return () => clearTimeout(timer);
  }, [state.playing, state.step, state.speed, last]);

  const at = (i: number) => scenes[i];
  return {
    scene,
    sceneNumber: index >= 0 ? index + 1 : scenes.length,
    step: Math.min(state.step, last),
    playing: state.playing,
    speed: state.speed,
    reduced,
    play: () => dispatch({ type: 'play', last }),
    pause: () => dispatch({ type: 'pause' }),
    back: () => dispatch({ type: 'go', step: state.step - 1, last }),
    forward: () => dispatch({ type: 'go', step: state.step + 1, last }),
    goTo: (step: number) => dispatch({ type: 'go', step, last }),
    setSpeed: (speed: Speed) => dispatch({ type: 'speed', speed }),
    /** Plays the newest scene again from its first step (also with reduced motion: the learner asked). */
    replay: () => newest && dispatch({ type: 'scene', scene: newest, play: true }),
    previousScene: () => {
      const s = at((index >= 0 ? index : scenes.length) - 1);
      if (s) dispatch({ type: 'scene', scene: s, play: false });
    },
    nextScene: () => {
      const s = at(index + 1);
      if (index >= 0 && s) dispatch({ type: 'scene', scene: s, play: false });
    },
    hasPreviousScene: (index >= 0 ? index : scenes.length) > 0,
    hasNextScene: index >= 0 && index < scenes.length - 1,
  };
}

export type Playback = ReturnType<typeof usePlayback>;
