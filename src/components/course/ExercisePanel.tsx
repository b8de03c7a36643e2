/**
 * One exercise: the task, a Check button that inspects a copy of the learner's
 * sandbox and lists what is still missing, a hint, and a solution that can be
 * typed into the terminal.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Exercise } from '../../lib/content-schema.ts';
import CommandText from '../lesson/CommandText.tsx';
import { requestRun } from '../lesson/run-bridge.ts';
import { getSandboxHost } from '../sandbox/sandbox-host.ts';
import { checkExercise, type CheckReport } from './exercise-checks.ts';
import { loadProgress, markExercisePassed, onProgressChange } from './progress.ts';
import './course.css';

declare global {
  interface Window {
    /** Exercise ids whose Check was pressed before the island started (LessonLayout.astro keeps them). */
    kmsLabChecks?: Set<string>;
  }
}

/** Dispatched on document, with the exercise id, for a Check pressed while this island was still starting. */
const PENDING_CHECK_EVENT = 'kms-lab:check';

export default function ExercisePanel({ exercise }: { exercise: Exercise }) {
  const [report, setReport] = useState<CheckReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [hint, setHint] = useState(false);
  const [solution, setSolution] = useState(false);
  const [passedBefore, setPassedBefore] = useState(false);
  const headingId = useId();

  useEffect(() => {
    const sync = () => setPassedBefore(exercise.id in loadProgress().exercises);
    sync();
    return onProgressChange(sync);
  }, [exercise.id]);

  const check = async () => {
    setChecking(true);
    try {
      const host = await getSandboxHost();
      const result = await checkExercise(host.sandbox, exercise);
      setReport(result);
      if (result.passed) markExercisePassed(exercise.id);
    } finally {
      setChecking(false);
    }
  };
  const checkRef = useRef(check);
  checkRef.current = check;
  const checkButton = useRef<HTMLButtonElement>(null);

  // A Check pressed before this island started waited with "waiting for the sandbox…": run it now.
  useEffect(() => {
    const pending = (window.kmsLabChecks ??= new Set<string>());
    const take = () => {
      if (!pending.delete(exercise.id)) return;
      checkButton.current?.removeAttribute('aria-busy');
      if (checkButton.current) delete checkButton.current.dataset.waiting;
      void checkRef.current();
    };
    take();
    const onPending = (event: Event) => {
      if ((event as CustomEvent<string>).detail === exercise.id) take();
    };
    document.addEventListener(PENDING_CHECK_EVENT, onPending);
    return () => document.removeEventListener(PENDING_CHECK_EVENT, onPending);
  }, [exercise.id]);

  return (
    <section className="course-exercise" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {exercise.title}
        {passedBefore && <span className="course-done"> ✓ done</span>}
      </h3>
      <p>{exercise.task}</p>
      <div className="course-actions">
        <button ref={checkButton} type="button" className="course-primary" data-exercise-check={exercise.id} onClick={() => void check()} disabled={checking}>
          {checking ? (
            'Checking…'
          ) : (
            <>
              <span className="check-label">Check</span>
              <span className="check-wait">Waiting for the sandbox…</span>
            </>
          )}
        </button>
        <button type="button" aria-expanded={hint} onClick={() => setHint((on) => !on)}>
          Hint
        </button>
        <button type="button" aria-expanded={solution} onClick={() => setSolution((on) => !on)}>
          Solution
        </button>
      </div>
      <div role="status" aria-live="polite">
        {report &&
          (report.passed ? (
            <p className="course-pass">Well done: everything checks out.</p>
          ) : (
            <div className="course-fail">
              <p>Not yet. Still missing:</p>
              <ul>
                {report.results
                  .filter((r) => !r.passed)
                  .map((r) => (
                    <li key={r.missing}>{r.missing}</li>
                  ))}
              </ul>
            </div>
          ))}
      </div>
      {hint && <p className="course-hint">Hint: {exercise.hint}</p>}
      {solution && (
        <div className="course-solution">
          <pre>
            <code>
              <CommandText command={exercise.solution.join('\n')} />
            </code>
          </pre>
          <button type="button" onClick={(event) => requestRun(exercise.solution.join('\n'), { from: event.currentTarget })}>
            ▶ Run the solution in the sandbox
          </button>
        </div>
      )}
    </section>
  );
}
