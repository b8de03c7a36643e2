import { describe, expect, inject, it } from 'vitest';
import { newWatchedPage, useBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
const browser = useBrowser();

describe('exercises, quizzes and progress', () => {
  it('checks an exercise against the sandbox, runs its solution, and marks the lesson done', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1400, height: 900 } });
    await page.goto(new URL('lessons/customer-master-keys/', siteUrl).href);
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    const exercise = page.locator('.course-exercise').filter({ hasText: 'Protect a PIN with a new key' });
    await exercise.scrollIntoViewIfNeeded();
    await exercise.getByRole('button', { name: 'Check' }).click();
    await expect(exercise.getByRole('status').innerText()).resolves.toContain('No key has the alias alias/lesson-cmk-pin yet.');
    await exercise.getByRole('button', { name: 'Solution' }).click();
    await exercise.getByRole('button', { name: /Run the solution/ }).click();
    // The solution is typed into the terminal; wait until it has run, then check again.
    await page.waitForFunction(() => (document.querySelector('.xterm-rows') as HTMLElement | null)?.innerText.includes('pin.out'), undefined, { timeout: 20_000 });
    await page.waitForTimeout(1000);
    await exercise.getByRole('button', { name: 'Check' }).click();
    await expect(exercise.getByRole('status').innerText()).resolves.toContain('Well done');
    await expect(page.locator('.lesson-nav [data-lesson="customer-master-keys"] [data-progress]').innerText()).resolves.toContain('1/2 exercises');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('scores a quiz, explains every option, and shows it in the review page progress', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 900 } });
    await page.goto(new URL('lessons/data-keys/', siteUrl).href);
    const quiz = page.locator('#quiz');
    await quiz.scrollIntoViewIfNeeded();
    // Answer the first option of every question, right or wrong.
    const questions = quiz.locator('fieldset');
    const count = await questions.count();
    for (let i = 0; i < count; i++) await questions.nth(i).locator('input').first().check();
    await quiz.getByRole('button', { name: 'Check answers' }).click();
    const score = await quiz.locator('.course-score').innerText();
    expect(score).toMatch(new RegExp(`You scored \\d+ of ${count}\\.`));
    // Every option now carries its explanation.
    expect(await quiz.locator('.course-why').count()).toBe(await quiz.locator('.course-option').count());
    await page.goto(new URL('review/', siteUrl).href);
    const row = page.getByRole('row', { name: /Data keys and envelope encryption/ });
    // The panel fills in once its island has read this browser's progress.
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain(`of ${count}`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
