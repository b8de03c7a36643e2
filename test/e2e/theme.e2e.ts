import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser, newWatchedPage, screenshot } from './browser.ts';

const lessonUrl = new URL('lessons/key-summary-and-setup/', inject('siteUrl')).href;
const browser = useBrowser();

const theme = (page: Page) => page.evaluate(() => document.documentElement.dataset['theme']);
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const stored = (page: Page) => page.evaluate(() => localStorage.getItem('kms-lab-theme'));
const toggle = (page: Page) => page.getByRole('button', { name: 'Dark theme' });

describe('light and dark themes', () => {
  it('follow the system setting by default', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, problems, context } = await newWatchedPage(browser(), { colorScheme, viewport: { width: 1440, height: 900 } });
      await page.goto(lessonUrl);
      expect(await theme(page)).toBe(colorScheme);
      expect(await background(page)).toBe(colorScheme === 'dark' ? 'rgb(15, 20, 26)' : 'rgb(255, 255, 255)');
      expect(await toggle(page).getAttribute('aria-pressed')).toBe(String(colorScheme === 'dark'));
      await screenshot(page, `lesson-${colorScheme}`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('switch with the toggle, stay switched across pages and reloads, and return to following the system', async () => {
    const { page, problems, context } = await newWatchedPage(browser(), { colorScheme: 'light' });
    await page.goto(lessonUrl);
    await toggle(page).click();
    expect(await theme(page)).toBe('dark');
    expect(await background(page)).toBe('rgb(15, 20, 26)');
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('true');
    expect(await stored(page)).toBe('dark');

    await page.reload();
    expect(await theme(page)).toBe('dark');
    await page.getByRole('link', { name: /Next/ }).click();
    await page.waitForLoadState();
    expect(await theme(page)).toBe('dark');

    // Back to the system's own theme: the override is forgotten.
    await toggle(page).click();
    expect(await theme(page)).toBe('light');
    expect(await stored(page)).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('follow a change of the system setting while no choice is stored', async () => {
    const { page, context } = await newWatchedPage(browser(), { colorScheme: 'light' });
    await page.goto(lessonUrl);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => theme(page)).toBe('dark');
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('true');
    await context.close();
  });

  it('toggle from the keyboard', async () => {
    const { page, context } = await newWatchedPage(browser(), { colorScheme: 'light' });
    await page.goto(lessonUrl);
    await toggle(page).focus();
    await page.keyboard.press('Space');
    expect(await theme(page)).toBe('dark');
    await page.keyboard.press('Enter');
    expect(await theme(page)).toBe('light');
    await context.close();
  });
});
