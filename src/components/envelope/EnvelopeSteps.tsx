/**
 * Every step of the scene as text: an ordered list of the captions, the current one marked
 * (aria-current), each a button that shows that step. This is the diagram for anyone who does
 * not see it, and the script for anyone presenting it.
 */
import type { DiagramStep } from './types.ts';

export default function EnvelopeSteps({ steps, current, onSelect }: { steps: readonly DiagramStep[]; current: number; onSelect: (step: number) => void }) {
  return (
    <ol className="env-steps" aria-label="Steps of this command">
      {steps.map((step, i) => {
        const classes = ['env-step'];
        if (i === current) classes.push('env-step--current');
        if (i > current) classes.push('env-step--later');
        if (step.status === 'error') classes.push('env-step--error');
        return (
          <li key={step.number} className={classes.join(' ')} aria-current={i === current ? 'step' : undefined}>
            <button type="button" className="env-step-button" onClick={() => onSelect(i)}>
              <span className="env-step-number" aria-hidden="true">
                {step.number}
              </span>
              <span className="env-step-caption">
                {step.status === 'error' && <span className="env-sr">Error: </span>}
                {step.caption}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
