import { describe, expect, inject, it } from 'vitest';
import { listFiles } from '../support/build-site.ts';
import { axeAudit, newWatchedPage, useBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
const browser = useBrowser();
const pages = listFiles(inject('distDir'))
  .filter((file) => file.endsWith('.html'))
  .map((file) => (file === '404.html' ? 'no-such-page/' : file.replace(/index\.html$/, '')));

describe('accessibility audit (axe-core)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds no violation on any page in the ${colorScheme} theme`, async () => {
      const { page, context } = await newWatchedPage(browser(), { colorScheme });
      const findings: Record<string, unknown> = {};
      for (const path of pages) {
        await page.goto(new URL(path, siteUrl).href);
        const violations = await axeAudit(page);
        if (violations.length > 0) findings[path || '/'] = violations;
      }
      expect(findings).toEqual({});

      // The audit really runs: an image without alternative text is caught.
      await page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('img'), { src: 'data:,' })));
      expect((await axeAudit(page)).map((v) => v.id)).toContain('image-alt');
      await context.close();
    });
  }
});
