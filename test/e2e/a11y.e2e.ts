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
    }, 120_000); // every page of the site, the cheat sheet's sandbox included, in one test
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds no violation in the working sandbox, on every tab, in the ${colorScheme} theme`, async () => {
      const { page, context } = await newWatchedPage(browser(), { colorScheme, viewport: { width: 1400, height: 900 } });
      await page.goto(new URL('lessons/data-keys/', siteUrl).href);
      await page.locator('#sandbox').scrollIntoViewIfNeeded();
      await page.locator('.xterm').waitFor({ timeout: 20_000 });
      await page.locator('.xterm').click();
      for (const command of ['KEY=$(aws kms create-key --description a11y --query KeyMetadata.KeyId --output text)', 'aws kms generate-data-key --key-id $KEY --key-spec AES_256 > dk.json', 'aws kms encrypt --key-id $KEY --plaintext fileb://dk.json --profile auditor']) {
        await page.keyboard.type(command);
        await page.keyboard.press('Enter');
        await page.waitForTimeout(300);
      }
      const findings: Record<string, unknown> = {};
      for (const tab of ['Envelope', 'Keys', 'Audit log']) {
        await page.getByRole('tab', { name: tab }).click();
        if (tab === 'Keys') await page.locator('#sbx-panel-keys tbody tr').first().click();
        const violations = await axeAudit(page);
        if (violations.length > 0) findings[tab] = violations;
      }
      expect(findings).toEqual({});
      await context.close();
    });
  }
});
