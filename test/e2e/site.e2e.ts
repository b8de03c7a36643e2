import { describe, expect, inject, it } from 'vitest';
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

  it('loads no JavaScript file on a lesson page, only the inline theme script', async () => {
    const { page, problems, context } = await newWatchedPage(browser());
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.goto(new URL('lessons/data-keys/', siteUrl).href);
    const inlineBytes = await page.$$eval('script:not([src])', (els) =>
      els.reduce((sum, el) => sum + new TextEncoder().encode(el.textContent ?? '').length, 0),
    );
    const transferred = await page.evaluate(() =>
      performance.getEntriesByType('resource').reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0) +
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).encodedBodySize,
    );
    console.info(`lesson page: ${scripts.length} script files, ${inlineBytes} B inline JavaScript, ${transferred} B transferred (HTML + CSS + icon)`);
    expect(scripts).toEqual([]);
    expect(inlineBytes).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
