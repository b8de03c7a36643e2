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

  it('reaches every link and button with Tab, each with a visible focus ring, and leaves the terminal with Escape, Tab', async () => {
    const { page, context } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 800 } });
    await page.goto(lessonUrl);
    await page.locator('#sandbox').scrollIntoViewIfNeeded();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    // Everything a keyboard user should reach: visible links and enabled buttons, and the terminal.
    const expected = await page.evaluate(() => {
      const targets = [...document.querySelectorAll<HTMLElement>('a[href], button:not([disabled]):not([tabindex="-1"]), textarea.xterm-helper-textarea')].filter(
        (el) => el.matches('textarea') || el.getClientRects().length > 0,
      );
      targets.forEach((el, i) => (el.dataset.kt = String(i)));
      return targets.length;
    });
    const seen = new Set<string>();
    for (let i = 0; i < expected * 2 + 20 && seen.size < expected; i++) {
      const inTerminal = await page.evaluate(() => document.activeElement?.closest('.xterm') !== null && document.activeElement !== document.body);
      // Tab completes in the terminal; Escape first lets the next Tab move on.
      if (inTerminal) await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        // xterm's input is an off-screen textarea; the ring is drawn around the terminal.
        // A quiz option's radio or checkbox is ringed by its whole option card.
        const ringed = el.closest<HTMLElement>('.sbx-terminal') ?? (el.matches('.course-option input') ? el.closest<HTMLElement>('.course-option') : null) ?? el;
        const style = getComputedStyle(ringed);
        return { key: el.dataset.kt, html: el.outerHTML.slice(0, 80), outline: parseFloat(style.outlineWidth) > 0 && style.outlineStyle !== 'none' };
      });
      if (!stop) continue;
      expect(stop.outline, stop.html).toBe(true);
      // Other stops (a scrollable panel, a code block) are fine; only the expected ones are counted.
      if (stop.key !== undefined) seen.add(stop.key);
    }
    const missed = await page.evaluate(
      (keys) => [...document.querySelectorAll<HTMLElement>('[data-kt]')].filter((el) => !keys.includes(el.dataset.kt!)).map((el) => el.outerHTML.slice(0, 100)),
      [...seen],
    );
    expect(missed).toEqual([]);
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
