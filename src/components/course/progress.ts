/**
 * The learner's progress (exercises passed, quiz scores), kept in this browser
 * and exportable as a file. No account, nothing sent anywhere. Checked by hand
 * rather than with zod: the lesson list loads this on every page, before the
 * sandbox, and must stay tiny.
 */

const KEY = 'kms-lab-progress';
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
const isQuiz = (v: unknown): v is QuizResult =>
  isRecord(v) &&
  Number.isInteger(v.score) &&
  Number.isInteger(v.total) &&
  (v.total as number) >= 1 &&
  Array.isArray(v.missed) &&
  v.missed.every((m) => typeof m === 'string') &&
  typeof v.at === 'string';

function isProgress(v: unknown): v is Progress {
  return (
    isRecord(v) &&
    v.format === 'kms-lab-progress' &&
    v.version === 1 &&
    isRecord(v.exercises) &&
    Object.values(v.exercises).every((t) => typeof t === 'string') &&
    isRecord(v.quizzes) &&
    Object.values(v.quizzes).every(isQuiz)
  );
}

const empty = (): Progress => ({ format: 'kms-lab-progress', version: 1, exercises: {}, quizzes: {} });

export function loadProgress(): Progress {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return isProgress(parsed) ? parsed : empty();
  } catch {
    return empty();
  }
}

function store(progress: Progress): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(progress));
  } catch {
    // Blocked or full storage: progress lasts for this page only.
  }
  window.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
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

/** Replaces the progress with a file made by exportProgress; throws a readable error otherwise. */
export function importProgress(text: string): Progress {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isProgress(parsed)) throw new Error('This file is not KMS Lab progress (a .json file made by "Export progress").');
  store(parsed);
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
