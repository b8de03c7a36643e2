/**
 * Presenter mode for a whole class: a lesson stepped through from the keyboard
 * or a clicker (N/P, Page Down/Up, arrows) without the terminal ever taking the
 * keys, the step shown as "▶ 3/7", a projector layout (80×24 terminal at the
 * larger text with the diagram beside it, lesson text on a remembered toggle),
 * and class links (?seed=N) that ask only when the learner's work is at stake.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeAudit, newWatchedPage, useBrowser } from './browser.ts';
import { box, focusInTerminal, lessonUrl, runs, screenText, terminalSize, waitForTerminal, shot } from './layout-helpers.ts';

const browser = useBrowser();
const projector = { viewport: { width: 1280, height: 720 } };

const commands = (page: Page) => page.locator('[data-run-command]').evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.runCommand!));
const stepLabel = (page: Page) => page.locator('[data-presenter-step] [aria-hidden="true"]').textContent();
const history = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('kms-lab-history') ?? '[]') as string[]);

describe('presenter mode', () => {
  it('steps through a whole lesson with N, Page Down and the arrows, never typing into the terminal', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), projector);
    await page.goto(lessonUrl('kms-and-integrations', '?present'));
    await waitForTerminal(page);
    const all = await commands(page);
    expect(all).toHaveLength(7);
    expect(await stepLabel(page)).toBe('▶ 0/7');
    // What a keyboard and the two kinds of presenter clicker send.
    const keys = ['n', 'PageDown', 'ArrowRight', 'n', 'PageDown', 'ArrowDown', 'n'];
    for (const [i, key] of keys.entries()) {
      await runs(page, all[i]!, () => page.keyboard.press(key));
      expect(await stepLabel(page)).toBe(`▶ ${i + 1}/7`);
      expect(await focusInTerminal(page)).toBe(false);
    }
    await shot(page, 'presenter-last-step-1280x720');
    // Past the last step nothing runs; the terminal never received a stray "n".
    const before = await history(page);
    await page.keyboard.press('n');
    await page.waitForTimeout(300);
    expect(await history(page)).toEqual(before);
    expect(before).toEqual(all);
    expect(await screenText(page)).not.toMatch(/\$ n+\s*$/m);
    // Back: Page Up runs the previous command again.
    await runs(page, all[5]!, () => page.keyboard.press('PageUp'));
    expect(await stepLabel(page)).toBe('▶ 6/7');
    expect(new URL(page.url()).hash).toBe('#run-6');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('leaves the keys to the terminal while it has the focus, says so, and steps again after Shift+Tab', async () => {
    const { page, context } = await newWatchedPage(browser(), projector);
    await page.goto(lessonUrl('kms-and-integrations', '?present'));
    await waitForTerminal(page);
    const [first] = await commands(page);
    await page.locator('.sbx-terminal').click();
    expect(await focusInTerminal(page)).toBe(true);
    await page.keyboard.press('n');
    await page.waitForFunction(() => /\$ n\s*$/m.test([...document.querySelectorAll('.sbx-terminal .xterm-rows > div')].map((r) => r.textContent).join('\n')));
    expect(await stepLabel(page)).toBe('▶ 0/7');
    expect(await page.locator('.presenter-typing').isVisible()).toBe(true);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Shift+Tab');
    expect(await focusInTerminal(page)).toBe(false);
    expect(await page.locator('.presenter-typing').isVisible()).toBe(false);
    await runs(page, first!, () => page.keyboard.press('n'));
    expect(await stepLabel(page)).toBe('▶ 1/7');
    // The bar's own buttons step as well, and keep the focus on the page.
    await runs(page, (await commands(page))[1]!, () => page.getByRole('button', { name: 'Run the next command' }).click());
    expect(await focusInTerminal(page)).toBe(false);
    await context.close();
  });

  it('gives a 1280×720 projector an 80×24 terminal at the larger text with the diagram beside it; the lesson text is a remembered toggle', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), projector);
    await page.goto(lessonUrl('data-keys', '?present'));
    await waitForTerminal(page);
    // The views arrive just after the first prompt (after-prompt.ts).
    await page.locator('#sbx-panel-envelope').waitFor({ state: 'visible', timeout: 20_000 });
    const size = await terminalSize(page);
    expect(size.cols).toBeGreaterThanOrEqual(80);
    expect(size.rows).toBeGreaterThanOrEqual(24);
    // Larger than the 14 px the terminal has outside presenter mode.
    expect(await page.locator('.sbx-terminal .xterm-rows').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBe(20);
    const terminal = await box(page, '.sbx-terminal');
    const views = await box(page, '.sbx-panels');
    expect(views.x).toBeGreaterThanOrEqual(terminal.x + terminal.width - 1);
    expect(views.y).toBeLessThan(360);
    expect(terminal.y + terminal.height).toBeLessThanOrEqual(720);
    expect(await page.locator('#sbx-panel-envelope').isVisible()).toBe(true);
    expect(await page.locator('#lesson-text .prose').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(720);
    await shot(page, 'presenter-1280x720');

    const toggle = page.getByRole('button', { name: 'Lesson text' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await page.locator('#lesson-text .prose').isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // Still one window: the lesson scrolls in its column, the sandbox stays whole beside it.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(720);
    const pane = await box(page, '.sandbox-pane');
    expect(pane.y + pane.height).toBeLessThanOrEqual(720);
    expect(pane.x).toBeGreaterThan((await box(page, '#lesson-text')).x);
    await shot(page, 'presenter-lesson-text-1280x720');
    await page.reload();
    expect(await page.locator('#lesson-text .prose').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Lesson text' }).click();
    await page.reload();
    expect(await page.locator('#lesson-text .prose').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('presenter mode, accessibly', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations in its layout, with and without the lesson text (${colorScheme})`, async () => {
      const { page, context } = await newWatchedPage(browser(), { ...projector, colorScheme });
      await page.goto(lessonUrl('data-keys', '?present'));
      await waitForTerminal(page);
      await runs(page, (await commands(page))[0]!, () => page.keyboard.press('n'));
      expect(await axeAudit(page)).toEqual([]);
      await page.getByRole('button', { name: 'Lesson text' }).click();
      expect(await axeAudit(page)).toEqual([]);
      await shot(page, `presenter-lesson-text-1280x720-${colorScheme}`);
      await context.close();
    });
  }
});

describe('class mode (?seed=N)', () => {
  it('asks only when learner work would be replaced, not in every new tab of the class', async () => {
    const context = await browser().newContext(projector);
    const questions: string[] = [];
    const open = async (query: string) => {
      const page = await context.newPage();
      page.on('dialog', (dialog) => {
        questions.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(lessonUrl('kms-and-integrations', query));
      await waitForTerminal(page);
      await page.locator('.sbx-notice').first().waitFor({ timeout: 20_000 }).catch(() => undefined);
      return page;
    };
    // A new learner: nothing to lose, so no question.
    const first = await open('?seed=42');
    await expect(first.locator('.sbx-notice').textContent()).resolves.toContain('seed 42');
    expect(questions).toEqual([]);
    // A second tab of the class, after work in the class sandbox: still no question, the work stays.
    await first.locator('.sbx-terminal').click();
    await first.keyboard.type('aws kms create-key --description "class work"');
    await runs(first, 'aws kms create-key --description "class work"', () => first.keyboard.press('Enter'));
    await first.waitForTimeout(300);
    const second = await open('?seed=42');
    expect(questions).toEqual([]);
    await expect(second.locator('.sbx-notice').textContent()).resolves.toContain('seed 42');
    await second.getByRole('tab', { name: 'Keys' }).click();
    await expect(second.locator('#sbx-panel-keys').textContent()).resolves.toContain('class work');
    // Another class's link: now the learner's key is at stake, so the learner is asked (and keeps it on Cancel).
    const third = await open('?seed=43');
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain('seed 43');
    expect(questions[0]).toContain('1 key');
    await third.getByRole('tab', { name: 'Keys' }).click();
    await expect(third.locator('#sbx-panel-keys').textContent()).resolves.toContain('class work');
    await context.close();
  });
});
