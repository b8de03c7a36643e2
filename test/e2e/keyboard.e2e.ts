import { describe, expect, inject, it } from 'vitest';
import { useBrowser, newWatchedPage } from './browser.ts';

const lessonUrl = new URL('lessons/customer-master-keys/', inject('siteUrl')).href;
const browser = useBrowser();

describe('keyboard and landmarks', () => {
  it('offers a visible skip link first, which moves focus to the content', async () => {
    const { page, context } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 800 } });
    await page.goto(lessonUrl);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    const box = (await skip.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    // The next Tab continues inside the content, not back at the header.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.closest('main') !== null)).resolves.toBe(true);
    await context.close();
  });

  it('reaches every link and button with Tab, each with a visible focus ring', async () => {
    const { page, context } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 800 } });
    await page.goto(lessonUrl);
    const focusable = await page.locator('a[href], button').count();
    const seen = new Set<string>();
    for (let i = 0; i < focusable + 2; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return { key: el.outerHTML.slice(0, 120), outline: parseFloat(style.outlineWidth) > 0 && style.outlineStyle !== 'none' };
      });
      if (!stop) continue;
      expect(stop.outline, stop.key).toBe(true);
      seen.add(stop.key);
    }
    expect(seen.size).toBe(focusable);
    await context.close();
  });

  it('has one banner, one main, one content info and labelled navigation regions', async () => {
    const { page, context } = await newWatchedPage(browser());
    await page.goto(lessonUrl);
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('contentinfo').count()).toBe(1);
    const navs = await page.getByRole('navigation').evaluateAll((els) =>
      els.map((el) => el.getAttribute('aria-label') ?? document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent),
    );
    expect(navs).toEqual(['Site', 'Lessons', 'Previous and next lesson']);
    await expect(page.getByRole('link', { name: /Customer master keys/ }).first().getAttribute('aria-current')).resolves.toBe('page');
    await context.close();
  });
});
