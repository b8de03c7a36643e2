/**
 * The learner's progress (exercises passed, quiz scores), kept in this browser
 * and exportable as a file. No account, nothing sent anywhere. Checked by hand
 * rather than with zod: the lesson list loads this on every page, before the
 * sandbox, and must stay tiny. A store the browser refuses is reported
 * (storage-status.ts) and the progress kept for this page, never dropped silently.
 */
import { saveItem, storageFailures } from '../storage-status.ts';

const KEY = 'kms-lab-progress';
/** Far more than any real progress file (a few KB): a larger one is refused before it is parsed. */
export const MAX_PROGRESS_FILE = 1024 * 1024;
export const PROGRESS_EVENT = 'kms-lab:progress';

export interface QuizResult {
  score: number;
  total: number;
  missed: string[];
  at: string;
}

export interface Progress {
  format: 'kms-lab-progress';
  version: 1;
  /** Exercise id → when it was first passed (ISO time). */
  exercises: Record<string, string>;
  /** Lesson id (or "review") → the last result. */
  quizzes: Record<string, QuizResult>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
/** A result a quiz can give: whole numbers, 0 ≤ score ≤ total, and one missed id for each wrong answer. */
const isQuiz = (v: unknown): v is QuizResult =>
  isRecord(v) &&
  isCount(v.score) &&
  isCount(v.total) &&
  v.total >= 1 &&
  v.score <= v.total &&
  Array.isArray(v.missed) &&
  v.missed.length === v.total - v.score &&
  v.missed.every((m) => typeof m === 'string') &&
  isTime(v.at);

function isProgress(v: unknown): v is Progress {
  return (
    isRecord(v) &&
    v.format === 'kms-lab-progress' &&
    v.version === 1 &&
    isRecord(v.exercises) &&
    Object.values(v.exercises).every(isTime) &&
    isRecord(v.quizzes) &&
    Object.values(v.quizzes).every(isQuiz)
  );
}

const empty = (): Progress => ({ format: 'kms-lab-progress', version: 1, exercises: {}, quizzes: {} });

/** Progress this page could not store: it stays here, for this page, rather than vanish. */
let unsaved: Progress | undefined;

export function loadProgress(): Progress {
  if (unsaved) return structuredClone(unsaved);
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return isProgress(parsed) ? parsed : empty();
  } catch {
    return empty();
  }
}

/** Whether the browser kept it; a refusal is reported to the page's storage notice. */
function store(progress: Progress): boolean {
  const kept = saveItem(KEY, JSON.stringify(progress), 'progress');
  unsaved = kept ? undefined : structuredClone(progress);
  window.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
  return kept;
}

export function markExercisePassed(id: string): void {
  const progress = loadProgress();
  progress.exercises[id] ??= new Date().toISOString();
  store(progress);
}

export function recordQuiz(quizId: string, score: number, total: number, missed: string[]): void {
  const progress = loadProgress();
  progress.quizzes[quizId] = { score, total, missed, at: new Date().toISOString() };
  store(progress);
}

export function exportProgress(): string {
  return JSON.stringify(loadProgress(), null, 2);
}

/** What the course has, to tell a progress file that could be real from one that could not. */
export interface CourseOutline {
  lessons: readonly { id: string; exercises: readonly string[]; questions: number }[];
}

/** Why a well-formed progress file cannot be this course's, or undefined when it can. */
function impossibility(progress: Progress, course: CourseOutline): string | undefined {
  const exercises = new Set(course.lessons.flatMap((l) => l.exercises));
  const questions = new Map(course.lessons.map((l) => [l.id, l.questions]));
  // The mixed review asks every lesson's questions.
  questions.set('review', course.lessons.reduce((sum, l) => sum + l.questions, 0));
  for (const id of Object.keys(progress.exercises)) {
    if (!exercises.has(id)) return `it names an exercise this course does not have ('${id}')`;
  }
  for (const [id, quiz] of Object.entries(progress.quizzes)) {
    const count = questions.get(id);
    if (count === undefined) return `it has a quiz result for a lesson this course does not have ('${id}')`;
    if (quiz.total > count) return `it says the quiz of '${id}' had ${quiz.total} questions, but it has ${count}`;
  }
  return undefined;
}

/**
 * Replaces the progress with a file made by exportProgress; throws a readable
 * error otherwise, or when the browser would not store it (the progress then
 * shows on this page only, and the error says so). With the course's outline,
 * results no attempt could give (unknown lessons or exercises, more questions
 * than the quiz has) are refused too.
 */
export function importProgress(text: string, course?: CourseOutline): Progress {
  const notProgress = 'This file is not KMS Lab progress (a .json file made by "Export progress").';
  if (text.length > MAX_PROGRESS_FILE) throw new Error(`${notProgress} It is ${(text.length / 1048576).toFixed(1)} MB; a progress file is a few KB.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isProgress(parsed)) throw new Error(notProgress);
  const wrong = course && impossibility(parsed, course);
  if (wrong) throw new Error(`This progress file cannot be from this course: ${wrong}. Nothing was imported.`);
  if (!store(parsed)) {
    const full = storageFailures().some((f) => f.what === 'progress' && f.reason === 'full');
    throw new Error(
      `The progress was read but could not be saved: ${full ? "this browser's storage for the site is full" : 'this browser does not let the site store it'}. It shows on this page until you leave it.`,
    );
  }
  return parsed;
}

export function onProgressChange(listener: () => void): () => void {
  const storage = (event: StorageEvent) => {
    if (event.key === KEY) listener();
  };
  window.addEventListener(PROGRESS_EVENT, listener);
  window.addEventListener('storage', storage);
  return () => {
    window.removeEventListener(PROGRESS_EVENT, listener);
    window.removeEventListener('storage', storage);
  };
}
