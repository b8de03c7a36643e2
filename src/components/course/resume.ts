/**
 * Where the home page sends a returning learner: the next lesson to do, from the
 * progress kept in this browser. Pure, so it is tested without a page.
 */
import type { Progress } from './progress.ts';

export interface LessonFacts {
  id: string;
  /** Position in the course (1 = first). */
  order: number;
  title: string;
  exercises: string[];
  hasQuiz: boolean;
}

export type Resume =
  | { kind: 'start'; lesson: LessonFacts }
  | { kind: 'continue'; lesson: LessonFacts; summary: string }
  | { kind: 'finished'; summary: string };

/** A lesson is done when every exercise has passed and its quiz (if it has one) has been answered. */
export function lessonDone(lesson: LessonFacts, progress: Progress): boolean {
  return lesson.exercises.every((id) => id in progress.exercises) && (!lesson.hasQuiz || lesson.id in progress.quizzes);
}

function touched(lesson: LessonFacts, progress: Progress): boolean {
  return lesson.exercises.some((id) => id in progress.exercises) || lesson.id in progress.quizzes;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The lesson after the furthest one the learner has worked in that is not done yet
 * (that lesson itself while it is unfinished); failing that, the first unfinished one.
 */
export function resumeFrom(lessons: readonly LessonFacts[], progress: Progress): Resume | undefined {
  if (lessons.length === 0) return undefined;
  const furthest = lessons.findLastIndex((l) => touched(l, progress));
  if (furthest < 0) return { kind: 'start', lesson: lessons[0]! };
  const done = lessons.filter((l) => lessonDone(l, progress)).length;
  const exercises = lessons.flatMap((l) => l.exercises);
  const passed = exercises.filter((id) => id in progress.exercises).length;
  const quizzes = lessons.filter((l) => l.hasQuiz);
  const answered = quizzes.filter((l) => l.id in progress.quizzes).length;
  const summary = `${done} of ${count(lessons.length, 'lesson', 'lessons')} done · ${passed} of ${count(exercises.length, 'exercise', 'exercises')} passed · ${answered} of ${count(quizzes.length, 'quiz', 'quizzes')} answered`;
  const open = (l: LessonFacts) => !lessonDone(l, progress);
  const next = lessons.slice(furthest).find(open) ?? lessons.find(open);
  return next ? { kind: 'continue', lesson: next, summary } : { kind: 'finished', summary };
}
