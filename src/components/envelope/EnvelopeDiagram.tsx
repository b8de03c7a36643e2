/**
 * The envelope-encryption diagram: what the learner's last command did, step by step, across
 * three lanes (AWS KMS, your machine, storage). Give it scenes from useEnvelopeScenes(session):
 *
 *   const scenes = useEnvelopeScenes(sandbox.session);
 *   <EnvelopeDiagram scenes={scenes} />
 *
 * New scenes play on their own; the captions list and a polite live region carry every step as
 * text. No chart library: lanes are HTML, styled by envelope.css with the site's colours.
 */
import './envelope.css';
import EnvelopeControls from './EnvelopeControls.tsx';
import EnvelopeLanes, { LANE_NAMES } from './EnvelopeLanes.tsx';
import EnvelopeSteps from './EnvelopeSteps.tsx';
import type { DiagramStep, Scene } from './types.ts';
import { usePlayback } from './use-playback.ts';

export { useEnvelopeScenes, type SceneSource } from './use-envelope-scenes.ts';
export type { Scene } from './types.ts';

function announce(step: DiagramStep | undefined, count: number): string {
  if (!step) return 'Run a command such as aws kms generate-data-key to see envelope encryption here, step by step.';
  return `Step ${step.number} of ${count}: ${step.caption}`;
}

export default function EnvelopeDiagram({ scenes }: { scenes: readonly Scene[] }) {
  const playback = usePlayback(scenes);
  const { scene } = playback;
  const steps = scene?.steps ?? [];
  const step = steps[playback.step];
  return (
    <section className="env" aria-label="Envelope encryption diagram">
      <div className="env-header">
        {scene ? (
          <>
            <p className="env-scene">
              <span className="env-scene-count">
                Command {playback.sceneNumber} of {scenes.length}
              </span>
              <span className="env-scene-title">{scene.title}</span>
              {scene.status === 'error' && <span className="env-badge env-badge--error">stopped with an error</span>}
            </p>
            <code className="env-line">
              <span aria-hidden="true">$ </span>
              {scene.line}
            </code>
          </>
        ) : (
          <p className="env-scene">No command to show yet.</p>
        )}
      </div>
      <EnvelopeControls playback={playback} steps={steps.length} />
      <div className={`env-now${step?.status === 'error' ? ' env-now--error' : ''}`}>
        {step?.flow && (
          <p className="env-flow">
            {LANE_NAMES[step.flow.from]} <span aria-hidden="true">→</span>
            <span className="env-sr"> to </span> {LANE_NAMES[step.flow.to]}
          </p>
        )}
        <p className="env-caption" aria-live="polite" aria-atomic="true">
          {announce(step, steps.length)}
        </p>
        {step?.error && step.error.message !== '' && !step.caption.includes(step.error.message) && (
          <p className="env-error-detail">
            <span className="env-error-code">{step.error.code}</span> {step.error.message}
          </p>
        )}
      </div>
      <EnvelopeLanes step={step} />
      {steps.length > 0 && <EnvelopeSteps steps={steps} current={playback.step} onSelect={playback.goTo} />}
    </section>
  );
}
