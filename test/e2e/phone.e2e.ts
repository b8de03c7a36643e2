/**
 * Phones (390×844): a ▶ brings the sandbox to the reader as a sheet over the
 * lesson instead of a jump of thousands of pixels to the page's end; the sheet
 * is a modal dialog (focus kept inside, Escape and Back close it) and closing
 * it returns the reader to where they were, scroll position and focus. Taps
 * made before the sandbox has started wait for it, visibly, and then run.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeAudit, holdScripts, newWatchedPage, useBrowser } from './browser.ts';
import { box, focusInTerminal, lessonUrl, runs, shot } from './layout-helpers.ts';

const browser = useBrowser();
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const scrollY = (page: Page) => page.evaluate(() => Math.round(window.scrollY));
const focusInSheet = (page: Page) => page.evaluate(() => document.getElementById('sandbox')!.contains(document.activeElement));

describe('the sandbox on a phone', () => {
  it('comes to the reader as a sheet on ▶, and Escape puts the reader back where they were reading', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), phone);
    await page.goto(lessonUrl('data-keys'));
    const run = page.locator('.run-button').nth(3);
    await run.scrollIntoViewIfNeeded();
    const reading = await scrollY(page);
    expect(reading).toBeGreaterThan(1000);
    const command = (await run.getAttribute('data-run-command'))!;
    await runs(page, command, () => run.tap());

    const sheet = page.getByRole('dialog', { name: 'Sandbox' });
    expect(await sheet.getAttribute('aria-modal')).toBe('true');
    const frame = await box(page, '#sandbox');
    expect(frame.y).toBeLessThanOrEqual(1);
    expect(frame.height).toBeGreaterThanOrEqual(800);
    // The page behind did not move (it used to jump ~15,000 px to the sandbox at its end).
    expect(Math.abs((await scrollY(page)) - reading)).toBeLessThan(2);
    // The output is on screen, and the on-screen keyboard was not opened over it.
    expect((await box(page, '.sbx-terminal')).y).toBeLessThan(844);
    expect(await focusInTerminal(page)).toBe(false);
    expect(await focusInSheet(page)).toBe(true);
    expect(await page.locator('.lesson').evaluate((el) => el.closest('[inert]') !== null)).toBe(true);
    await shot(page, 'phone-sheet-390x844');

    // Modal: Tab goes round the sheet's controls, never to the page behind it.
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
      if (await focusInTerminal(page)) await page.keyboard.press('Shift+Tab');
      expect(await focusInSheet(page)).toBe(true);
    }
    await page.locator('.sheet-close').focus();
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' }).catch(() => undefined);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await scrollY(page)).toBe(reading);
    expect(await run.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('.lesson').evaluate((el) => el.closest('[inert]') === null)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('closes with "Back to the lesson" too, and reopens on the next ▶ with the sandbox already running', async () => {
    const { page, context } = await newWatchedPage(browser(), phone);
    await page.goto(lessonUrl('kms-and-integrations'));
    const buttons = page.locator('.run-button');
    await buttons.nth(0).scrollIntoViewIfNeeded();
    const reading = await scrollY(page);
    await runs(page, (await buttons.nth(0).getAttribute('data-run-command'))!, () => buttons.nth(0).tap());
    await page.getByRole('button', { name: 'Back to the lesson' }).tap();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await scrollY(page)).toBe(reading);

    await buttons.nth(2).scrollIntoViewIfNeeded();
    const later = await scrollY(page);
    await runs(page, (await buttons.nth(2).getAttribute('data-run-command'))!, () => buttons.nth(2).tap(), 10_000);
    await page.getByRole('button', { name: 'Back to the lesson' }).tap();
    expect(await scrollY(page)).toBe(later);
    // Closed, the sandbox is where it always was: under the lesson.
    const lesson = await box(page, '.lesson');
    expect((await box(page, '.sandbox-pane')).y).toBeGreaterThanOrEqual(lesson.y + lesson.height);
    await context.close();
  });
});

describe('the phone sheet, accessibly', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations while open (${colorScheme})`, async () => {
      const { page, context } = await newWatchedPage(browser(), { ...phone, colorScheme });
      await page.goto(lessonUrl('kms-and-integrations'));
      const run = page.locator('.run-button').first();
      await run.scrollIntoViewIfNeeded();
      await runs(page, (await run.getAttribute('data-run-command'))!, () => run.tap());
      expect(await axeAudit(page)).toEqual([]);
      await shot(page, `phone-sheet-390x844-${colorScheme}`);
      await context.close();
    });
  }
});

describe('taps before the sandbox has started', () => {
  it('keeps a ▶ tapped while the island is still loading, shows it waiting, and runs it once it is up', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), phone);
    const release = await holdScripts(page, /\/_astro\/sandbox-start[^/]*\.js$/);
    await page.goto(lessonUrl('kms-and-integrations'));
    const run = page.locator('.run-button').first();
    const command = (await run.getAttribute('data-run-command'))!;
    await run.scrollIntoViewIfNeeded();
    await run.tap();
    await page.getByRole('button', { name: 'Back to the lesson' }).tap();
    await expect(run.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(run.locator('.run-wait').isVisible()).resolves.toBe(true);
    await expect(run.innerText()).resolves.toContain('Waiting for the sandbox…');
    await page.waitForTimeout(1500);
    expect(await page.locator('.xterm').count()).toBe(0);
    await shot(page, 'phone-run-waiting-390x844');

    // The sheet is closed, so xterm.js may not redraw its hidden rows: judge by the command's
    // history entry, the button's state and the output that reached the screen.
    release();
    await page.waitForFunction(
      ({ cmd }) => {
        const button = document.querySelector('.run-button');
        const history: unknown = JSON.parse(localStorage.getItem('kms-lab-history') ?? '[]');
        const rows = [...document.querySelectorAll('.sbx-terminal .xterm-rows > div')].map((row) => row.textContent ?? '').join('');
        return Array.isArray(history) && history.at(-1) === cmd && button?.getAttribute('aria-busy') === null && rows.includes('AliasName');
      },
      { cmd: command },
      { timeout: 20_000 },
    );
    await expect(run.innerText()).resolves.not.toContain('Waiting');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps a Check tapped before its island started, shows it waiting, and checks once it is up', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), phone);
    const release = await holdScripts(page, /\/_astro\/ExercisePanel[^/]*\.js$/);
    await page.goto(lessonUrl('data-keys'));
    const check = page.locator('[data-exercise-check]').first();
    await check.scrollIntoViewIfNeeded();
    await check.tap();
    await expect(check.innerText()).resolves.toBe('Waiting for the sandbox…');
    await expect(check.getAttribute('aria-busy')).resolves.toBe('true');
    await page.waitForTimeout(1500);
    const status = page.locator('.course-exercise').first().locator('[role="status"]');
    await expect(status.textContent()).resolves.toBe('');
    await shot(page, 'phone-check-waiting-390x844');

    release();
    await page.waitForFunction(() => (document.querySelector('.course-exercise [role="status"]')?.textContent ?? '').includes('Not yet'), undefined, { timeout: 20_000 });
    await expect(check.innerText()).resolves.toBe('Check');
    await expect(check.getAttribute('aria-busy')).resolves.toBe(null);
    expect(problems).toEqual([]);
    await context.close();
  });
});
