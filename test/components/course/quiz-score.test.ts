import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import Quiz from '../../../src/components/course/Quiz.tsx';
import { isAnswered, isRight, listQuestions, score, unanswered } from '../../../src/components/course/quiz-score.ts';
import type { Question } from '../../../src/lib/content-schema.ts';

const single: Question = {
  id: 'one',
  question: 'Which one?',
  kind: 'single',
  section: 's',
  options: [
    { text: 'A', correct: false, why: 'no' },
    { text: 'B', correct: true, why: 'yes' },
    { text: 'C', correct: false, why: 'no' },
  ],
};
const multiple: Question = {
  id: 'two',
  question: 'Which two? Choose two.',
  kind: 'multiple',
  section: 's',
  options: [
    { text: 'D', correct: true, why: 'yes' },
    { text: 'E', correct: false, why: 'no' },
    { text: 'F', correct: true, why: 'yes' },
  ],
};
const questions = [single, multiple];

describe('answers and scores', () => {
  it('counts a question as answered once any option is chosen', () => {
    expect(isAnswered(single, {})).toBe(false);
    expect(isAnswered(single, { one: new Set() })).toBe(false);
    expect(isAnswered(single, { one: new Set([0]) })).toBe(true);
    expect(isAnswered(multiple, { two: new Set([2]) })).toBe(true);
  });

  it('lists the unanswered questions in order', () => {
    expect(unanswered(questions, {})).toEqual(['one', 'two']);
    expect(unanswered(questions, { two: new Set([0]) })).toEqual(['one']);
    expect(unanswered(questions, { one: new Set([1]), two: new Set([0]) })).toEqual([]);
  });

  it('scores "choose two" as right only with both right options and nothing else', () => {
    expect(isRight(multiple, { two: new Set([0, 2]) })).toBe(true);
    expect(isRight(multiple, { two: new Set([0]) })).toBe(false);
    expect(isRight(multiple, { two: new Set([0, 1, 2]) })).toBe(false);
    expect(isRight(single, { one: new Set([1]) })).toBe(true);
    expect(isRight(single, { one: new Set([0]) })).toBe(false);
  });

  it('gives the score and the missed ids of an attempt', () => {
    expect(score(questions, { one: new Set([1]), two: new Set([0]) })).toEqual({ score: 1, missed: ['two'] });
    expect(score(questions, { one: new Set([1]), two: new Set([0, 2]) })).toEqual({ score: 2, missed: [] });
  });

  it('names the questions still to answer as a learner reads them', () => {
    expect(listQuestions([3])).toBe('question 3');
    expect(listQuestions([2, 5])).toBe('questions 2 and 5');
    expect(listQuestions([2, 5, 9])).toBe('questions 2, 5 and 9');
  });
});

describe('the quiz as the server renders it', () => {
  const doc = parse(renderToStaticMarkup(createElement(Quiz, { quizId: 'lesson', questions })));

  it('puts each question number inside its legend, beside the question text, not in a list marker', () => {
    const legends = doc.querySelectorAll('legend');
    expect(legends).toHaveLength(2);
    expect(legends.map((l) => l.querySelector('.course-q-num')?.text.trim())).toEqual(['1', '2']);
    expect(legends[0]!.querySelector('.course-q-text')!.text).toBe('Question 1 of 2: Which one?');
    // The first option holds only its own text.
    expect(doc.querySelector('.course-option')!.text).toBe('A');
  });

  it('says the rules before any answer and reveals nothing', () => {
    expect(doc.querySelector('.course-quiz-rule')!.text).toBe('Answer all 2 questions, then check them. The options come in a new order on every attempt.');
    expect(doc.querySelector('.course-answered')!.text).toBe('0 of 2 answered');
    expect(doc.querySelectorAll('.course-why')).toHaveLength(0);
    expect(doc.querySelector('.course-score')).toBeNull();
    // The live region exists from the start, empty, so that screen readers announce what later appears in it.
    expect(doc.querySelector('[role=status]')!.text).toBe('');
    // No shuffle on the server: the order is the browser's, once per attempt.
    expect(doc.querySelector('form')!.getAttribute('data-attempt')).toBeUndefined();
  });

  it('makes every option one label around its input, so the whole card is the target', () => {
    const options = doc.querySelectorAll('.course-option');
    expect(options).toHaveLength(6);
    for (const option of options) expect(option.querySelector('label > input')).not.toBeNull();
    expect(doc.querySelectorAll('input[type=radio]')).toHaveLength(3);
    expect(doc.querySelectorAll('input[type=checkbox]')).toHaveLength(3);
  });
});
