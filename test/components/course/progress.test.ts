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
