import { beforeEach, describe, expect, it } from 'vitest';

// The browser's storage and window events, as small stand-ins for Node.
class MemoryStorage {
  private items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const { exportProgress, importProgress, loadProgress, markExercisePassed, onProgressChange, recordQuiz } = await (async () => {
  Object.assign(globalThis, { localStorage: new MemoryStorage(), window: new EventTarget() });
  return import('../../../src/components/course/progress.ts');
})();

beforeEach(() => {
  Object.assign(globalThis, { localStorage: new MemoryStorage() });
});

describe('progress kept in the browser', () => {
  it('records exercises once (first pass kept) and the latest quiz result, and tells listeners', () => {
    let changes = 0;
    const stop = onProgressChange(() => changes++);
    markExercisePassed('cmk-encrypt');
    const first = loadProgress().exercises['cmk-encrypt'];
    markExercisePassed('cmk-encrypt');
    expect(loadProgress().exercises['cmk-encrypt']).toBe(first);
    recordQuiz('data-keys', 5, 7, ['dk-1', 'dk-4']);
    recordQuiz('data-keys', 7, 7, []);
    expect(loadProgress().quizzes['data-keys']).toMatchObject({ score: 7, total: 7, missed: [] });
    expect(changes).toBe(4);
    stop();
    markExercisePassed('other');
    expect(changes).toBe(4);
  });

  it('exports and imports as a file, and refuses anything else without changing the progress', () => {
    markExercisePassed('a');
    const file = exportProgress();
    Object.assign(globalThis, { localStorage: new MemoryStorage() });
    expect(loadProgress().exercises).toEqual({});
    importProgress(file);
    expect(Object.keys(loadProgress().exercises)).toEqual(['a']);
    for (const bad of ['nonsense', '{}', JSON.stringify({ format: 'kms-lab-progress', version: 1, exercises: {}, quizzes: { x: { score: 1 } } })]) {
      expect(() => importProgress(bad)).toThrow('not KMS Lab progress');
    }
    expect(Object.keys(loadProgress().exercises)).toEqual(['a']);
  });

  it('starts empty when the stored value is damaged', () => {
    localStorage.setItem('kms-lab-progress', '{broken');
    expect(loadProgress()).toEqual({ format: 'kms-lab-progress', version: 1, exercises: {}, quizzes: {} });
  });
});

/** Storage that refuses every write as a full quota does. */
class FullStorage extends MemoryStorage {
  override setItem(): void {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

const COURSE = {
  lessons: [
    { id: 'data-keys', exercises: ['dk-encrypt', 'dk-decrypt'], questions: 7 },
    { id: 'kms-and-integrations', exercises: ['cmk-encrypt'], questions: 9 },
  ],
};

const fileWith = (quizzes: Record<string, unknown>, exercises: Record<string, string> = {}) =>
  JSON.stringify({ format: 'kms-lab-progress', version: 1, exercises, quizzes });
const quiz = (score: unknown, total: unknown, missed: unknown[]) => ({ score, total, missed, at: '2026-01-05T09:00:00.000Z' });

describe('progress the browser will not store', () => {
  it('is reported once, stays on this page, and an import says it was not saved', async () => {
    const { onStorageFailure, storageFailures } = await import('../../../src/components/storage-status.ts');
    const heard: unknown[] = [];
    const stop = onStorageFailure((f) => heard.push(f));
    Object.assign(globalThis, { localStorage: new FullStorage() });
    markExercisePassed('dk-encrypt');
    markExercisePassed('dk-decrypt');
    expect(heard).toEqual([{ what: 'progress', reason: 'full' }]);
    expect(storageFailures()).toContainEqual({ what: 'progress', reason: 'full' });
    // Not dropped: this page still shows what was passed.
    expect(Object.keys(loadProgress().exercises)).toEqual(['dk-encrypt', 'dk-decrypt']);
    const file = fileWith({ 'data-keys': quiz(6, 7, ['q']) }, { 'cmk-encrypt': '2026-01-05T09:00:00.000Z' });
    expect(() => importProgress(file, COURSE)).toThrow(/could not be saved: this browser's storage for the site is full/);
    expect(loadProgress().quizzes['data-keys']?.score).toBe(6);
    stop();
  });
});

describe('importing progress', () => {
  it('refuses scores no quiz can give, and files too large to be progress, changing nothing', () => {
    markExercisePassed('dk-encrypt');
    const before = exportProgress();
    const bad: [string, RegExp][] = [
      [fileWith({ 'data-keys': quiz(8, 7, []) }), /not KMS Lab progress/],
      [fileWith({ 'data-keys': quiz(-1, 7, Array(8).fill('q')) }), /not KMS Lab progress/],
      [fileWith({ 'data-keys': quiz(2.5, 7, Array(4).fill('q')) }), /not KMS Lab progress/],
      [fileWith({ 'data-keys': quiz(5, 7, []) }), /not KMS Lab progress/],
      [fileWith({ 'data-keys': quiz(5, 7, ['a', 'b']), x: quiz(1, 0, []) }), /not KMS Lab progress/],
      [fileWith({ 'data-keys': { ...quiz(7, 7, []), at: 'yesterday' } }), /not KMS Lab progress/],
      [fileWith({ 'data-keys': quiz(20, 20, []) }), /cannot be from this course: it says the quiz of 'data-keys' had 20 questions, but it has 7/],
      [fileWith({ 'no-such-lesson': quiz(1, 1, []) }), /a lesson this course does not have \('no-such-lesson'\)/],
      [fileWith({}, { 'no-such-exercise': '2026-01-05T09:00:00.000Z' }), /an exercise this course does not have/],
      [fileWith({}, { 'dk-encrypt': 'whenever' }), /not KMS Lab progress/],
      [' '.repeat(1024 * 1024 + 1), /a progress file is a few KB/],
    ];
    for (const [text, message] of bad) expect(() => importProgress(text, COURSE), text.slice(0, 120)).toThrow(message);
    expect(exportProgress()).toBe(before);
  });

  it('takes a real one, the mixed review included', () => {
    const file = fileWith(
      { 'data-keys': quiz(7, 7, []), review: quiz(14, 16, ['a', 'b']) },
      { 'dk-decrypt': '2026-01-05T09:00:00.000Z' },
    );
    expect(importProgress(file, COURSE).quizzes['review']?.score).toBe(14);
    expect(loadProgress().exercises).toEqual({ 'dk-decrypt': '2026-01-05T09:00:00.000Z' });
  });
});
