import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../src/components/course/progress.ts';
import { resumeFrom, type LessonFacts } from '../../../src/components/course/resume.ts';

const lessons: LessonFacts[] = [
  { id: 'one', order: 1, title: 'One', exercises: ['a', 'b'], hasQuiz: true },
  { id: 'two', order: 2, title: 'Two', exercises: ['c'], hasQuiz: true },
  { id: 'three', order: 3, title: 'Three', exercises: [], hasQuiz: true },
];

const progress = (exercises: string[], quizzes: string[] = []): Progress => ({
  format: 'kms-lab-progress',
  version: 1,
  exercises: Object.fromEntries(exercises.map((id) => [id, '2026-01-01T00:00:00Z'])),
  quizzes: Object.fromEntries(quizzes.map((id) => [id, { score: 1, total: 2, missed: [], at: '2026-01-01T00:00:00Z' }])),
});

describe('where the home page sends the learner', () => {
  it('starts at lesson 1 with no progress', () => {
    expect(resumeFrom(lessons, progress([]))).toEqual({ kind: 'start', lesson: lessons[0] });
  });

  it('stays in a lesson while it is unfinished, with a count of what is done', () => {
    expect(resumeFrom(lessons, progress(['a']))).toEqual({
      kind: 'continue',
      lesson: lessons[0],
      summary: '0 of 3 lessons done · 1 of 3 exercises passed · 0 of 3 quizzes answered',
    });
  });

  it('moves on once every exercise and the quiz are done', () => {
    expect(resumeFrom(lessons, progress(['a', 'b'], ['one']))).toMatchObject({ kind: 'continue', lesson: lessons[1] });
  });

  it('continues after the furthest lesson worked in, not at an earlier gap', () => {
    // Lesson 1's quiz was skipped, lesson 2 is done: next is lesson 3.
    expect(resumeFrom(lessons, progress(['a', 'b', 'c'], ['two']))).toMatchObject({ kind: 'continue', lesson: lessons[2] });
    // Nothing left after the furthest: back to the gap.
    expect(resumeFrom(lessons, progress(['a', 'b', 'c'], ['two', 'three']))).toMatchObject({ kind: 'continue', lesson: lessons[0] });
  });

  it('says so when everything is done', () => {
    expect(resumeFrom(lessons, progress(['a', 'b', 'c'], ['one', 'two', 'three']))).toEqual({
      kind: 'finished',
      summary: '3 of 3 lessons done · 3 of 3 exercises passed · 3 of 3 quizzes answered',
    });
  });
});
