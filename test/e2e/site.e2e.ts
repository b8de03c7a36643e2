import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listFiles } from '../support/build-site.ts';
import { useBrowser, newWatchedPage } from './browser.ts';

const siteUrl = inject('siteUrl');
const browser = useBrowser();

describe('the site under /kms-lab/', () => {
  it('reaches every built page by following links, with no console error, failed request or broken link', async () => {
    const { page, problems, context } = await newWatchedPage(browser());
    const origin = new URL(siteUrl).origin;
    const queue = [siteUrl];
    const visited = new Set<string>();
    /** Fragment links, checked once every page is known, against the ids each page holds. */
    const fragments: { target: string; id: string; from: string }[] = [];
    const ids = new Map<string, Set<string>>();

    while (queue.length > 0) {
      const url = queue.shift()!;
      if (visited.has(url)) continue;
      visited.add(url);
      // networkidle: let late requests (the favicon) finish before moving on,
      // so a missing asset shows up as an HTTP error, not as a cancelled load.
      const response = await page.goto(url, { waitUntil: 'networkidle' });
      expect(response?.status(), url).toBe(200);
      ids.set(url, new Set(await page.$$eval('[id]', (els) => els.map((el) => el.id))));
      const links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      for (const link of links) {
        const target = new URL(link);
        if (target.origin !== origin) continue;
        expect(target.pathname.startsWith(new URL(siteUrl).pathname), `${url} links outside the base path: ${link}`).toBe(true);
        if (target.hash) fragments.push({ target: target.href.split('#')[0]!, id: decodeURIComponent(target.hash.slice(1)), from: url });
        target.hash = '';
        if (!visited.has(target.href)) queue.push(target.href);
      }
    }

    for (const { target, id, from } of fragments) {
      expect(ids.get(target)?.has(id), `${from} → ${target}#${id}`).toBe(true);
    }

    const built = listFiles(inject('distDir'))
      .filter((file) => file.endsWith('.html') && file !== '404.html')
      .map((file) => new URL(file.replace(/index\.html$/, ''), siteUrl).href);
    expect([...visited].sort()).toEqual(built.sort());
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers an unknown address with the site\'s 404 page, whose links work', async () => {
    const { page, context } = await newWatchedPage(browser());
    const missing = new URL('no-such-lesson/', siteUrl).href;
    const response = await page.goto(missing);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    // The stylesheet must load even though the page is served at another path.
    const headerBorder = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).borderBottomStyle);
    expect(headerBorder).toBe('solid');
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await page.waitForURL(siteUrl);
    await expect(page.locator('h1').textContent()).resolves.toBe('Learn AWS KMS by running it');
    await context.close();
  });

  it("downloads the sandbox's JavaScript with the page where the sandbox is beside the text, and on a phone only when the reader reaches it", async () => {
    const scriptsOf = (page: Page) => {
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname.split('/').pop()!);
      });
      return scripts;
    };
    // Beside the lesson: preloaded from the head (island-preload.ts), so the prompt comes at once.
    const wide = await newWatchedPage(browser(), { viewport: { width: 1440, height: 900 } });
    const wideScripts = scriptsOf(wide.page);
    await wide.page.goto(new URL('lessons/data-keys/', siteUrl).href);
    await wide.page.locator('.xterm').waitFor({ timeout: 20_000 });
    expect(wideScripts.some((f) => f.startsWith('sandbox-start'))).toBe(true);
    expect(wide.problems).toEqual([]);
    await wide.context.close();

    // A phone: the sandbox sits below the lesson; its 180 KB would take the bandwidth of the first paint.
    const { page, problems, context } = await newWatchedPage(browser(), { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const scripts = scriptsOf(page);
    await page.goto(new URL('lessons/data-keys/', siteUrl).href);
    await page.waitForLoadState('networkidle');
    expect(scripts.some((f) => f.startsWith('sandbox-start') || f.startsWith('sandbox-host'))).toBe(false);
    expect(await page.locator('.xterm').count()).toBe(0);

    await page.locator('#sandbox').scrollIntoViewIfNeeded();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    expect(scripts.some((f) => f.startsWith('sandbox-start'))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
