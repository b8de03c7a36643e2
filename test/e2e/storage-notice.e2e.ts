// localStorage full in Chromium: a layout choice and the terminal's history that cannot be kept are
// reported in the page's storage notice (role=status, axe clean, dismissible), never dropped silently.
import { describe, expect, inject, it } from 'vitest';
import { axeAudit, newWatchedPage, useBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
const browser = useBrowser();

describe('the storage notice', () => {
  it('appears on the first failed write, says what is not kept, and is accessible in light and dark', async () => {
    const { page, problems, context } = await newWatchedPage(browser(), { viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(new URL('lessons/data-keys/', siteUrl).href);
      await page.locator('#sandbox').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => window.kmsLab?.host !== undefined, undefined, { timeout: 30_000 });
      expect(await page.locator('#kms-lab-storage-notice').count()).toBe(0);
      // Fill the origin's quota (Chromium: about 5 MiB) with one key, keeping what the site stored.
      const filled = await page.evaluate(() => {
        let size = 1 << 20;
        let text = 'x'.repeat(size);
        let stored = '';
        for (let i = 0; i < 64 && size >= 1; i++) {
          try {
            localStorage.setItem('filler', stored + text);
            stored += text;
          } catch {
            size = Math.floor(size / 2);
            text = text.slice(0, size);
          }
        }
        return stored.length;
      });
      expect(filled).toBeGreaterThan(1_000_000);
      await page.locator('.sbx-maximise').click();
      const status = page.locator('#kms-lab-storage-notice [role="status"]');
      await expect.poll(() => status.textContent()).toBe(
        "This browser's storage for the site is full: your layout choices are not being saved and will be gone when you leave this page. Free some space (clear other site data) or export what you need.",
      );
      // The maximise still happened for this page.
      expect(await page.evaluate(() => 'sandboxMax' in document.documentElement.dataset)).toBe(true);
      await page.locator('.sbx-terminal').click();
      await page.keyboard.type('echo "a line that history wants to keep, and more: ' + 'y'.repeat(200) + '"');
      await page.keyboard.press('Enter');
      await expect.poll(() => status.textContent()).toMatch(/^This browser's storage for the site is full: your layout choices(, | and )(command history|terminal text)/);
      for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
        const findings = (await axeAudit(page)).filter((f) => f.targets.some((t) => t.includes('kms-lab-storage-notice')));
        expect(findings, theme).toEqual([]);
      }
      await page.getByRole('button', { name: 'Dismiss the storage warning' }).click();
      expect(await page.locator('#kms-lab-storage-notice').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
