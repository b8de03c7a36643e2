/**
 * Playback controls. Every button says in words what it does (its visible text is its accessible
 * name), so they read the same to a screen reader, a keyboard user and a class at the projector.
 * Unavailable buttons are aria-disabled rather than disabled, so pressing "Step forward" up to the
 * last step does not throw keyboard focus back to the top of the page.
 */
import type { ReactNode } from 'react';
import { SPEEDS, type Playback } from './use-playback.ts';

function Control({ onPress, off = false, pressed, children }: { onPress: () => void; off?: boolean; pressed?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      className="env-button"
      aria-disabled={off || undefined}
      aria-pressed={pressed}
      onClick={() => {
        if (!off) onPress();
      }}
    >
      {children}
    </button>
  );
}

export default function EnvelopeControls({ playback, steps }: { playback: Playback; steps: number }) {
  const { step, playing } = playback;
  return (
    <div className="env-controls">
      <div className="env-control-group" role="group" aria-label="Playback">
        <Control onPress={playback.back} off={steps === 0 || step === 0}>
          <span aria-hidden="true">◀ </span>Step back
        </Control>
        <Control onPress={playing ? playback.pause : playback.play} off={!playing && steps < 2}>
          <span aria-hidden="true">{playing ? '‖ ' : '▶ '}</span>
          {playing ? 'Pause' : 'Play'}
        </Control>
        <Control onPress={playback.forward} off={steps === 0 || step >= steps - 1}>
          Step forward<span aria-hidden="true"> ▶</span>
        </Control>
        <Control onPress={playback.replay} off={steps === 0}>
          <span aria-hidden="true">↻ </span>Replay last command
        </Control>
      </div>
      <div className="env-control-group" role="group" aria-label="Playback speed">
        <span className="env-control-label" aria-hidden="true">
          Speed
        </span>
        {SPEEDS.map((speed) => (
          <Control key={speed} pressed={playback.speed === speed} onPress={() => playback.setSpeed(speed)}>
            {speed}×
          </Control>
        ))}
      </div>
      <div className="env-control-group" role="group" aria-label="Commands">
        <Control onPress={playback.previousScene} off={!playback.hasPreviousScene}>
          <span aria-hidden="true">« </span>Previous command
        </Control>
        <Control onPress={playback.nextScene} off={!playback.hasNextScene}>
          Next command<span aria-hidden="true"> »</span>
        </Control>
      </div>
    </div>
  );
}
