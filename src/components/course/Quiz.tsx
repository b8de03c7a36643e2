/**
 * Exam-style questions: pick, check, and read why each option is right or
 * wrong. Options come in a fresh order on every attempt (one shared order per
 * attempt in class mode, `?seed=N`), so position never gives an answer away;
 * checking needs every question answered. The score is kept in the browser; in
 * review mode each missed question links back to the lesson section it belongs to.
 */
import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { Question } from '../../lib/content-schema.ts';
import { watchStorage } from '../storage-notice.ts';
import { useHydrated } from '../use-hydrated.ts';
import { recordQuiz } from './progress.ts';
import { attemptOrders, classSeed } from './quiz-order.ts';
import { isAnswered, isRight, listQuestions, score as scoreOf, unanswered } from './quiz-score.ts';
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

type Answers = Record<string, Set<number>>;

/** Source order: what the server renders, before the browser picks this attempt's order. */
const sourceOrder = (q: Question) => q.options.map((_, i) => i);

export default function Quiz({ quizId, questions }: Props) {
  const [attempt, setAttempt] = useState(0);
  const hydrated = useHydrated();
  // null until the browser has shuffled: the server cannot know the attempt's order.
  const [orders, setOrders] = useState<Record<string, number[]> | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [checked, setChecked] = useState(false);
  // Questions a premature "Check answers" found without an answer; each clears once answered.
  const [flagged, setFlagged] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const scoreLine = useRef<HTMLParagraphElement>(null);
  const baseId = useId();

  // Before paint, so the hydrated quiz never flashes its source order.
  useLayoutEffect(() => {
    setOrders(attemptOrders(questions, attempt, classSeed(location.search)));
  }, [questions, attempt]);

  const total = questions.length;
  const answeredCount = questions.filter((q) => isAnswered(q, answers)).length;
  const numberOf = new Map(questions.map((q, i) => [q.id, i + 1]));

  const focusQuestion = (id: string) => {
    const input = form.current?.querySelector<HTMLInputElement>(`fieldset[data-question="${id}"] input`);
    input?.focus();
    input?.closest('fieldset')?.scrollIntoView({ block: 'center' });
  };

  const choose = (q: Question, index: number) => {
    if (checked) return;
    setAnswers((all) => {
      if (q.kind === 'single') return { ...all, [q.id]: new Set([index]) };
      const current = new Set(all[q.id] ?? []);
      if (current.has(index)) current.delete(index);
      else current.add(index);
      return { ...all, [q.id]: current };
    });
    if (flagged.has(q.id)) {
      const rest = new Set(flagged);
      rest.delete(q.id);
      setFlagged(rest);
      if (rest.size === 0) setNotice('');
    }
  };

  const check = () => {
    const missing = unanswered(questions, answers);
    if (missing.length > 0) {
      // Nothing is scored, revealed or recorded until every question has an answer.
      setFlagged(new Set(missing));
      const numbers = missing.map((id) => numberOf.get(id)!);
      setNotice(
        missing.length === total
          ? `Choose an answer for each question first: none of the ${total} has one yet.`
          : `Answer ${listQuestions(numbers)} first: ${missing.length === 1 ? 'it has' : 'they have'} no answer yet.`,
      );
      focusQuestion(missing[0]!);
      return;
    }
    const result = scoreOf(questions, answers);
    setChecked(true);
    setNotice('');
    // A result the browser will not store is shown as not kept (storage-notice.ts).
    watchStorage();
    recordQuiz(quizId, result.score, total, result.missed);
    requestAnimationFrame(() => scoreLine.current?.focus());
  };

  const tryAgain = () => {
    setAnswers({});
    setChecked(false);
    setFlagged(new Set());
    setNotice('');
    setAttempt((n) => n + 1);
    requestAnimationFrame(() => questions[0] && focusQuestion(questions[0].id));
  };

  const result = checked ? scoreOf(questions, answers) : undefined;

  // data-attempt appears once this attempt's order is on screen, so tests can wait for the shuffle.

  return (
    <form ref={form} className="course-quiz" data-attempt={orders ? attempt : undefined} onSubmit={(e) => (e.preventDefault(), check())}>
      <p className="course-quiz-rule">
        Answer all {total} questions, then check them. The options come in a new order on every attempt.
      </p>
      <ol>
        {questions.map((q, qi) => {
          const chosen = answers[q.id] ?? new Set<number>();
          const right = isRight(q, answers);
          const name = `${baseId}-${q.id}`;
          const missingId = `${name}-missing`;
          const isFlagged = flagged.has(q.id);
          const order = orders?.[q.id] ?? sourceOrder(q);
          return (
            <li key={q.id} className={checked ? (right ? 'course-q-right' : 'course-q-wrong') : isFlagged ? 'course-q-missing' : undefined}>
              <fieldset data-question={q.id} aria-describedby={isFlagged ? missingId : undefined}>
                <legend>
                  <span className="course-q-head">
                    <span className="course-q-num" aria-hidden="true">
                      {qi + 1}
                      {checked && <span className="course-q-mark">{right ? ' ✓' : ' ✗'}</span>}
                    </span>
                    <span className="course-q-text">
                      <span className="visually-hidden">
                        Question {qi + 1} of {total}
                        {checked ? (right ? ', answered right' : ', answered wrong') : ''}:{' '}
                      </span>
                      {q.question}
                      {q.kind === 'multiple' && <span className="course-kind"> (more than one answer)</span>}
                    </span>
                  </span>
                </legend>
                {isFlagged && (
                  <p id={missingId} className="course-missing">
                    No answer yet: choose {q.kind === 'single' ? 'one option' : 'the options that apply'}.
                  </p>
                )}
                {order.map((oi) => {
                  const o = q.options[oi]!;
                  const picked = chosen.has(oi);
                  const state = !checked ? '' : o.correct ? ' course-option-right' : picked ? ' course-option-wrong' : '';
                  return (
                    <div key={oi} className={`course-option${state}`}>
                      <label>
                        <input
                          type={q.kind === 'single' ? 'radio' : 'checkbox'}
                          name={name}
                          checked={picked}
                          onChange={() => choose(q, oi)}
                          disabled={checked}
                        />
                        <span className="course-option-text">{o.text}</span>
                      </label>
                      {checked && (
                        <p className={o.correct ? 'course-why course-why-right' : 'course-why'}>
                          <strong>{o.correct ? (picked ? 'Right answer, chosen.' : 'Right answer.') : picked ? 'Not this one.' : 'Wrong answer.'}</strong>{' '}
                          {o.why}
                        </p>
                      )}
                    </div>
                  );
                })}
                {checked && (
                  <p className="course-verdict">
                    {right ? 'Correct.' : 'Not quite.'}{' '}
                    {!right && q.href && <a href={q.href}>Review: {q.lessonTitle ?? 'the lesson section'}</a>}
                  </p>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="course-actions">
        {result ? (
          <>
            <p className="course-score" ref={scoreLine} tabIndex={-1}>
              You scored {result.score} of {total}.
            </p>
            <button type="button" onClick={tryAgain}>
              Try again
            </button>
          </>
        ) : (
          <>
            <button type="submit" className="course-primary" disabled={!hydrated}>
              Check answers
            </button>
            <span className="course-answered">
              {answeredCount} of {total} answered
            </span>
          </>
        )}
      </div>
      <p className={notice ? 'course-notice' : 'course-notice-empty'} role="status">
        {notice}
      </p>
    </form>
  );
}
