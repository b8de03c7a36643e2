/** Whether a quiz's questions are answered and answered right, apart from the component so tests can reach it. */
import type { Question } from '../../lib/content-schema.ts';

/** Chosen option indexes (in the question's source order), by question id. */
export type Answers = Readonly<Record<string, ReadonlySet<number>>>;

const none: ReadonlySet<number> = new Set();
const chosenFor = (answers: Answers, q: Pick<Question, 'id'>) => answers[q.id] ?? none;

/** Right means exactly the correct options are chosen: for "choose two", both and nothing else. */
export const isRight = (q: Pick<Question, 'id' | 'options'>, answers: Answers): boolean => {
  const chosen = chosenFor(answers, q);
  return q.options.every((o, i) => (o.correct ?? false) === chosen.has(i));
};

/** A question counts as answered once any option is chosen; a half-answered "choose two" is scored as wrong. */
export const isAnswered = (q: Pick<Question, 'id'>, answers: Answers): boolean => chosenFor(answers, q).size > 0;

/** Ids of the questions with no answer yet, in the order given. */
export const unanswered = (questions: readonly Pick<Question, 'id'>[], answers: Answers): string[] =>
  questions.filter((q) => !isAnswered(q, answers)).map((q) => q.id);

/** The result of a fully answered attempt: how many are right and which were missed. */
export function score(questions: readonly Pick<Question, 'id' | 'options'>[], answers: Answers): { score: number; missed: string[] } {
  const missed = questions.filter((q) => !isRight(q, answers)).map((q) => q.id);
  return { score: questions.length - missed.length, missed };
}

/** "question 2", "questions 2 and 5", "questions 2, 5 and 9": the numbers a learner sees. */
export function listQuestions(numbers: readonly number[]): string {
  if (numbers.length === 1) return `question ${numbers[0]}`;
  return `questions ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}
