import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lessonSchema, type Question } from '../../../src/lib/content-schema.ts';
import { attemptOrders, classSeed, optionOrder } from '../../../src/components/course/quiz-order.ts';

const lessonsDir = join(import.meta.dirname, '../../../content/lessons');
const questions: Question[] = readdirSync(lessonsDir)
  .filter((name) => name.endsWith('.mdx'))
  .flatMap((name) => lessonSchema.parse(parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(readFileSync(join(lessonsDir, name), 'utf8'))![1]!)).quiz);

const isPermutation = (order: number[], n: number) => [...order].sort((a, b) => a - b).join() === Array.from({ length: n }, (_, i) => i).join();
const same = (a: Record<string, number[]>, b: Record<string, number[]>) => JSON.stringify(a) === JSON.stringify(b);

describe('class seed from the address', () => {
  it.each([
    ['?seed=42', 42],
    ['?lang=en&seed=0', 0],
    ['', undefined],
    ['?seed=', undefined],
    ['?seed=-3', undefined],
    ['?seed=1.5', undefined],
    ['?seed=abc', undefined],
    ['?seed=99999999999999999999', undefined],
  ])('%s → %s', (search, seed) => {
    expect(classSeed(search)).toBe(seed);
  });
});

describe('option order', () => {
  it('is always a permutation of the options', () => {
    for (const attempt of [0, 1, 2]) {
      const orders = attemptOrders(questions, attempt, 5);
      for (const q of questions) expect(isPermutation(orders[q.id]!, q.options.length), q.id).toBe(true);
    }
    const random = attemptOrders(questions, 0, undefined);
    for (const q of questions) expect(isPermutation(random[q.id]!, q.options.length), q.id).toBe(true);
  });

  it('gives two attempts of a learner on their own different orders', () => {
    // 57 questions of 4 or 5 options: the chance of two equal course-wide orders is below 10^-70.
    expect(same(attemptOrders(questions, 0, undefined), attemptOrders(questions, 0, undefined))).toBe(false);
  });

  it('gives the whole class the same order for the same seed and attempt, and a new one on the next attempt', () => {
    expect(same(attemptOrders(questions, 0, 7), attemptOrders(questions, 0, 7))).toBe(true);
    expect(same(attemptOrders(questions, 1, 7), attemptOrders(questions, 1, 7))).toBe(true);
    expect(same(attemptOrders(questions, 0, 7), attemptOrders(questions, 1, 7))).toBe(false);
    expect(same(attemptOrders(questions, 0, 7), attemptOrders(questions, 0, 8))).toBe(false);
  });

  it('depends on the question id, not on where the question stands (the review page mixes them)', () => {
    const seeded = { seed: 3, attempt: 0 };
    const alone = attemptOrders([questions[5]!], 0, 3);
    expect(alone[questions[5]!.id]).toEqual(optionOrder(questions[5]!.id, questions[5]!.options.length, seeded));
    expect(attemptOrders(questions, 0, 3)[questions[5]!.id]).toEqual(alone[questions[5]!.id]);
  });

  it('puts every option in every position about equally often, seeded or not', () => {
    const trials = 4000;
    for (const make of [(t: number) => optionOrder('q', 4, { seed: t, attempt: 0 }), () => optionOrder('q', 4, { random: Math.random })]) {
      const counts = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
      for (let t = 0; t < trials; t++) make(t).forEach((option, position) => counts[option]![position]!++);
      // Expected 1000 each; ±15 % is more than seven standard deviations.
      for (const row of counts) for (const n of row) expect(n).toBeGreaterThan(850), expect(n).toBeLessThan(1150);
    }
  });

  it('uses the randomness it is given for learners on their own', () => {
    // The order follows the source: one stuck near 0 rotates the options, one stuck near 1 keeps them.
    expect(optionOrder('q', 4, { random: () => 0 })).toEqual([1, 2, 3, 0]);
    expect(optionOrder('q', 4, { random: () => 0.999 })).toEqual([0, 1, 2, 3]);
  });
});
