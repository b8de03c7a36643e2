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

  it("downloads the sandbox's JavaScript with the page, and starts the sandbox only when it comes into view", async () => {
    // A phone: the sandbox sits below the lesson, out of view until the reader scrolls to it.
    const { page, problems, context } = await newWatchedPage(browser(), { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname.split('/').pop()!);
    });
    const scriptBytes = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script' || e.name.endsWith('.js'))
          .reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0),
      );
    await page.goto(new URL('lessons/data-keys/', siteUrl).href);
    await page.waitForLoadState('networkidle');
    const before = { files: [...scripts], bytes: await scriptBytes() };
    // Preloaded from the head (island-preload.ts), so a ▶ or a scroll finds it already here…
    expect(before.files.some((f) => f.startsWith('sandbox-start'))).toBe(true);
    // …but not run: nothing of the sandbox starts while it is out of view.
    expect(await page.locator('.xterm').count()).toBe(0);

    await page.locator('#sandbox').scrollIntoViewIfNeeded();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    const after = { files: [...scripts], bytes: await scriptBytes() };
    console.info(`lesson page JavaScript: ${before.files.length} files, ${before.bytes} B before the sandbox is in view (preloaded); ${after.files.length} files, ${after.bytes} B after it hydrates (as served here)`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
