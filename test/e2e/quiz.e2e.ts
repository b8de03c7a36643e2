/**
 * The quiz in Chromium: options in a fresh order per attempt (one shared order
 * per attempt with ?seed=N) with each reason still under its option, no score
 * until every question has an answer, numbers beside their questions, and
 * option cards big enough to tap on a phone.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lessonSchema } from '../../src/lib/content-schema.ts';
import { axeAudit, newWatchedPage, screenshotDir, useBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
const browser = useBrowser();

const lessonId = 'kms-and-integrations';
const lesson = lessonSchema.parse(
  parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(readFileSync(join(import.meta.dirname, `../../content/lessons/${lessonId}.mdx`), 'utf8'))![1]!),
);
const whyOf = new Map(lesson.quiz.flatMap((q) => q.options.map((o) => [o.text, o.why] as const)));
const sourceOrder = lesson.quiz.map((q) => q.options.map((o) => o.text));

/** What the learner sees now (the viewport, not the whole long lesson), in test/e2e/screenshots. */
async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

async function openQuiz(page: Page, query = ''): Promise<Locator> {
  await page.goto(new URL(`lessons/${lessonId}/${query}`, siteUrl).href);
  const quiz = page.locator('#quiz form');
  await quiz.scrollIntoViewIfNeeded();
  // data-attempt appears once the browser has shuffled this attempt's options.
  await quiz.and(page.locator('[data-attempt]')).waitFor({ timeout: 10_000 });
  return quiz;
}

/** The option texts of every question, in the order shown. */
const shownOrder = (quiz: Locator) =>
  quiz.locator('fieldset').evaluateAll((sets) => sets.map((s) => [...s.querySelectorAll('.course-option-text')].map((t) => t.textContent ?? '')));

/** Chooses the first option shown in every question (both first options in "choose two"). */
async function answerAll(quiz: Locator, except: number[] = []): Promise<void> {
  const sets = quiz.locator('fieldset');
  const count = await sets.count();
  for (let i = 0; i < count; i++) {
    if (except.includes(i)) continue;
    const inputs = sets.nth(i).locator('input');
    await inputs.nth(0).check();
    if ((await inputs.nth(0).getAttribute('type')) === 'checkbox') await inputs.nth(1).check();
  }
}

describe('quiz option order', () => {
  it('shows the options in a fresh order on every attempt, with each reason under its own option', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 720 } });
    const quiz = await openQuiz(page);
    const first = await shownOrder(quiz);
    // Same options, reordered: each question is a permutation of its source options.
    expect(first.map((texts) => [...texts].sort())).toEqual(sourceOrder.map((texts) => [...texts].sort()));
    expect(first).not.toEqual(sourceOrder);

    // A second visit is a second attempt.
    const second = await shownOrder(await openQuiz(page));
    expect(second).not.toEqual(first);

    // "Try again" is a third.
    await answerAll(quiz);
    await quiz.getByRole('button', { name: 'Check answers' }).click();
    // Every reason sits under the option it explains, whatever the order.
    const pairs = await quiz.locator('.course-option').evaluateAll((options) =>
      options.map((o) => {
        const why = o.querySelector('.course-why')!;
        // The reason follows its verdict ("Right answer.", "Not this one."…).
        return { text: o.querySelector('.course-option-text')!.textContent!, why: why.textContent!.slice(why.querySelector('strong')!.textContent!.length).trim() };
      }),
    );
    expect(pairs).toHaveLength(sourceOrder.flat().length);
    for (const { text, why } of pairs) expect(why, text).toBe(whyOf.get(text));
    await quiz.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => quiz.getAttribute('data-attempt')).toBe('1');
    const third = await shownOrder(quiz);
    expect(third).not.toEqual(second);
    expect(await quiz.locator('input:checked').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('gives a whole class the same order with ?seed=N, and another seed another order', async () => {
    const orders: string[][][] = [];
    for (const query of ['?seed=42', '?seed=42', '?seed=43']) {
      // A new context is another learner's browser; the sandbox's class-mode question is dismissed.
      const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 720 } });
      page.on('dialog', (dialog) => void dialog.dismiss());
      orders.push(await shownOrder(await openQuiz(page, query)));
      expect(problems).toEqual([]);
      await context.close();
    }
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).not.toEqual(orders[0]);
    expect(orders[0]).not.toEqual(sourceOrder);
  });
});

describe('checking answers', () => {
  it('asks for answers first when nothing is chosen: no score, no reasons, nothing recorded, focus on question 1', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
    const quiz = await openQuiz(page);
    await screenshot(page, 'quiz-before-check-1280x720');
    await quiz.getByRole('button', { name: 'Check answers' }).click();
    await expect(quiz.getByRole('status').innerText()).resolves.toBe(`Choose an answer for each question first: none of the ${sourceOrder.length} has one yet.`);
    expect(await quiz.locator('.course-why').count()).toBe(0);
    expect(await quiz.locator('.course-score').count()).toBe(0);
    expect(await quiz.locator('input:disabled').count()).toBe(0);
    expect(await quiz.getByRole('button', { name: 'Check answers' }).count()).toBe(1);
    // Focus lands on the first question's first option.
    expect(await page.evaluate(() => document.activeElement?.closest('fieldset')?.getAttribute('data-question'))).toBe(lesson.quiz[0]!.id);
    // Every question says it still needs an answer, and is described by that note.
    expect(await quiz.locator('.course-missing').count()).toBe(sourceOrder.length);
    const described = await quiz.locator('fieldset').first().getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described}"]`).innerText()).toBe('No answer yet: choose one option.');
    // Nothing was scored: the lesson list shows no quiz result and the stored progress has none.
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('kms-lab-progress') ?? '{"quizzes":{}}').quizzes)).toEqual({});
    expect(await page.locator(`.lesson-nav [data-lesson="${lessonId}"] [data-progress]`).isHidden()).toBe(true);
    await screenshot(page, 'quiz-nothing-chosen-1280x720');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('names the questions still unanswered, focuses the first, then scores once all are answered', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
    const quiz = await openQuiz(page);
    await answerAll(quiz, [3, 6]);
    await expect(quiz.locator('.course-answered').innerText()).resolves.toBe(`${sourceOrder.length - 2} of ${sourceOrder.length} answered`);
    await quiz.getByRole('button', { name: 'Check answers' }).click();
    await expect(quiz.getByRole('status').innerText()).resolves.toBe('Answer questions 4 and 7 first: they have no answer yet.');
    expect(await page.evaluate(() => document.activeElement?.closest('fieldset')?.getAttribute('data-question'))).toBe(lesson.quiz[3]!.id);
    expect(await quiz.locator('.course-missing').count()).toBe(2);
    // Answering a flagged question clears its note; the message stays until all are answered.
    await quiz.locator('fieldset').nth(3).locator('input').first().check();
    expect(await quiz.locator('.course-missing').count()).toBe(1);
    await quiz.locator('fieldset').nth(6).locator('input').first().check();
    if ((await quiz.locator('fieldset').nth(6).locator('input').first().getAttribute('type')) === 'checkbox') {
      await quiz.locator('fieldset').nth(6).locator('input').nth(1).check();
    }
    await expect(quiz.getByRole('status').innerText()).resolves.toBe('');
    await quiz.getByRole('button', { name: 'Check answers' }).click();
    const score = await quiz.locator('.course-score').innerText();
    expect(score).toMatch(new RegExp(`^You scored \\d+ of ${sourceOrder.length}\\.$`));
    // Focus moves to the score, since the button that had it is gone.
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('course-score');
    const stored = await page.evaluate((id) => JSON.parse(localStorage.getItem('kms-lab-progress')!).quizzes[id], lessonId);
    expect(stored.total).toBe(sourceOrder.length);
    expect(`You scored ${stored.score} of ${stored.total}.`).toBe(score);
    await expect.poll(() => page.locator(`.lesson-nav [data-lesson="${lessonId}"] [data-progress]`).innerText()).toBe(`✓ quiz ${stored.score}/${stored.total}`);
    // Right options are green and chosen wrong ones red, whether or not they were chosen.
    const colours = await quiz.locator('.course-option-right, .course-option-wrong').evaluateAll((options) =>
      options.map((o) => [o.classList.contains('course-option-right'), getComputedStyle(o).borderTopColor] as const),
    );
    for (const [right, colour] of colours) expect(colour).toBe(right ? 'rgb(28, 122, 44)' : 'rgb(163, 38, 28)');
    await screenshot(page, 'quiz-checked-1280x720');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('quiz layout', () => {
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    it(`puts each number beside its question and makes every option a target at least 44 px high (${viewport.width}×${viewport.height})`, async () => {
      const { page, context, problems } = await newWatchedPage(browser(), { viewport, reducedMotion: 'reduce' });
      const quiz = await openQuiz(page);
      const boxes = await quiz.locator('fieldset').evaluateAll((sets) =>
        sets.map((s) => {
          const box = (el: Element | null) => {
            const r = el!.getBoundingClientRect();
            return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, width: r.width };
          };
          return {
            num: box(s.querySelector('.course-q-num')),
            text: box(s.querySelector('.course-q-text')),
            legend: box(s.querySelector('legend')),
            firstOption: box(s.querySelector('.course-option')),
            labels: [...s.querySelectorAll('.course-option label')].map(box),
            inputs: [...s.querySelectorAll('.course-option input')].map(box),
            fieldset: box(s),
          };
        }),
      );
      expect(boxes).toHaveLength(sourceOrder.length);
      for (const [i, b] of boxes.entries()) {
        // The number is inside the legend, on the question's first line, above the options.
        expect(b.num.top, `question ${i + 1}`).toBeGreaterThanOrEqual(b.legend.top - 1);
        expect(Math.abs(b.num.top - b.text.top), `question ${i + 1}`).toBeLessThan(6);
        expect(b.num.right, `question ${i + 1}`).toBeLessThanOrEqual(b.text.left);
        expect(b.num.bottom, `question ${i + 1}`).toBeLessThan(b.firstOption.top);
        for (const label of b.labels) {
          // The whole card is the label: 44 px or more, as wide as the question.
          expect(label.height, `question ${i + 1}`).toBeGreaterThanOrEqual(44);
          expect(label.width, `question ${i + 1}`).toBeGreaterThan(b.fieldset.width - 4);
        }
        // The input itself grew too, from Chromium's 13 px.
        for (const input of b.inputs) expect(input.height).toBeGreaterThanOrEqual(18);
      }
      // Tapping the text of an option (not its input) chooses it.
      const option = quiz.locator('fieldset').first().locator('.course-option-text').nth(2);
      await option.click();
      expect(await quiz.locator('fieldset').first().locator('.course-option').nth(2).locator('input').isChecked()).toBe(true);
      // The arrow keys move the choice, and the focused card wears the focus ring.
      await page.keyboard.press('ArrowDown');
      const focused = await page.evaluate(() => {
        const card = document.activeElement!.closest('.course-option')!;
        return { index: [...card.parentElement!.querySelectorAll('.course-option')].indexOf(card), checked: (document.activeElement as HTMLInputElement).checked, outline: getComputedStyle(card).outlineWidth };
      });
      expect(focused).toEqual({ index: 3, checked: true, outline: '3px' });
      await screenshot(page, `quiz-layout-${viewport.width}x${viewport.height}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('has no accessibility violations while asking for answers and after checking, light and dark, on a phone', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 390, height: 844 }, colorScheme, reducedMotion: 'reduce' });
      const quiz = await openQuiz(page);
      await answerAll(quiz, [1]);
      await quiz.getByRole('button', { name: 'Check answers' }).click();
      await quiz.locator('.course-missing').waitFor();
      await quiz.locator('fieldset').nth(1).scrollIntoViewIfNeeded();
      await screenshot(page, `quiz-missing-answer-390x844-${colorScheme}`);
      expect(await axeAudit(page)).toEqual([]);
      await answerAll(quiz);
      await quiz.getByRole('button', { name: 'Check answers' }).click();
      await quiz.locator('.course-score').waitFor();
      await quiz.locator('fieldset').first().scrollIntoViewIfNeeded();
      await screenshot(page, `quiz-checked-390x844-${colorScheme}`);
      expect(await axeAudit(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
