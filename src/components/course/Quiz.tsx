/**
 * Exam-style questions: pick, check, and read why each option is right or
 * wrong. The score is kept in the browser; in review mode each missed question
 * links back to the lesson section it belongs to.
 */
import { useId, useState } from 'react';
import type { Question } from '../../lib/content-schema.ts';
import { recordQuiz } from './progress.ts';
import './course.css';

export interface QuizQuestion extends Question {
  /** Where the review link points (lesson URL + section), when shown outside the lesson. */
  href?: string;
  lessonTitle?: string;
}

interface Props {
  /** Progress key: the lesson id, or "review". */
  quizId: string;
  questions: QuizQuestion[];
}

const isRight = (q: Question, chosen: ReadonlySet<number>) =>
  q.options.every((o, i) => o.correct === chosen.has(i));

export default function Quiz({ quizId, questions }: Props) {
  const [answers, setAnswers] = useState<Record<string, Set<number>>>({});
  const [checked, setChecked] = useState(false);
  const baseId = useId();

  const choose = (q: Question, index: number) => {
    if (checked) return;
    setAnswers((all) => {
      const current = new Set(all[q.id] ?? []);
      if (q.kind === 'single') return { ...all, [q.id]: new Set([index]) };
      if (current.has(index)) current.delete(index);
      else current.add(index);
      return { ...all, [q.id]: current };
    });
  };

  const score = questions.filter((q) => isRight(q, answers[q.id] ?? new Set())).length;

  const check = () => {
    setChecked(true);
    const missed = questions.filter((q) => !isRight(q, answers[q.id] ?? new Set())).map((q) => q.id);
    recordQuiz(quizId, questions.length - missed.length, questions.length, missed);
  };

  return (
    <form className="course-quiz" onSubmit={(e) => (e.preventDefault(), check())}>
      <ol>
        {questions.map((q, qi) => {
          const chosen = answers[q.id] ?? new Set<number>();
          const right = isRight(q, chosen);
          const name = `${baseId}-${q.id}`;
          return (
            <li key={q.id} className={checked ? (right ? 'course-q-right' : 'course-q-wrong') : undefined}>
              <fieldset>
                <legend>
                  <span className="visually-hidden">Question {qi + 1}: </span>
                  {q.question}
                  {q.kind === 'multiple' && <span className="course-kind"> (more than one answer)</span>}
                </legend>
                {q.options.map((o, oi) => (
                  <div key={oi} className="course-option">
                    <label>
                      <input
                        type={q.kind === 'single' ? 'radio' : 'checkbox'}
                        name={name}
                        checked={chosen.has(oi)}
                        onChange={() => choose(q, oi)}
                        disabled={checked}
                      />{' '}
                      {o.text}
                    </label>
                    {checked && (
                      <p className={o.correct ? 'course-why course-why-right' : 'course-why'}>
                        <strong>{o.correct ? 'Right answer.' : chosen.has(oi) ? 'Not this one.' : 'Wrong answer.'}</strong> {o.why}
                      </p>
                    )}
                  </div>
                ))}
                {checked && (
                  <p className="course-verdict">
                    {right ? 'Correct.' : 'Not quite.'}{' '}
                    {!right && q.href && (
                      <a href={q.href}>Review: {q.lessonTitle ?? 'the lesson section'}</a>
                    )}
                  </p>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="course-actions" role="status" aria-live="polite">
        {checked ? (
          <>
            <p className="course-score">
              You scored {score} of {questions.length}.
            </p>
            <button type="button" onClick={() => (setAnswers({}), setChecked(false))}>
              Try again
            </button>
          </>
        ) : (
          <button type="submit" className="course-primary">
            Check answers
          </button>
        )}
      </div>
    </form>
  );
}
