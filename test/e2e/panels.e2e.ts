import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newWatchedPage, useBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
const browser = useBrowser();

async function open(page: Page): Promise<void> {
  await page.goto(new URL('lessons/data-keys/', siteUrl).href);
  // The island starts when it comes into view.
  await page.locator('#sandbox').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.kmsLab?.host !== undefined && document.querySelector('.xterm-rows') !== null, null, { timeout: 20_000 });
}

/** Types a command and waits for its prompt. */
async function type(page: Page, command: string): Promise<void> {
  await page.locator('.xterm').click();
  await page.keyboard.type(command);
  const before = await page.evaluate(() => window.kmsLab!.host.sandbox.session.history.length);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => window.kmsLab!.host.sandbox.session.history.length > n, before);
  await page.waitForFunction(() => /\$\s*$/.test(document.querySelector('.xterm-rows')!.textContent!.trimEnd()));
}

const panelText = (page: Page, id: string) => page.locator(`#sbx-panel-${id}`).evaluate((el) => el.textContent ?? '');

describe('the sandbox views', () => {
  it('update only while shown: a hidden tab catches up when opened', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 800 } });
    await open(page);
    const keysNodes = await page.locator('#sbx-panel-keys *').count();
    await type(page, 'aws kms create-key --description hidden-tab-check');
    await type(page, 'aws kms describe-key --key-id alias/hidden-tab-missing');
    // The diagram (shown) drew the new key; the hidden Keys and Audit log tabs did not change.
    await page.waitForFunction(() => document.querySelector('#sbx-panel-envelope')!.textContent!.includes('hidden-tab-check'), null, { timeout: 10_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\nenvelope: ${await panelText(page, 'envelope')}\nterminal: ${await page.locator('.xterm-rows').innerText()}`);
    });
    await page.waitForTimeout(300);
    expect(await panelText(page, 'keys')).not.toContain('hidden-tab-check');
    expect(await page.locator('#sbx-panel-keys *').count()).toBe(keysNodes);
    expect(await panelText(page, 'log')).not.toContain('NotFoundException');

    await page.click('#sbx-tab-keys');
    await page.waitForFunction(() => document.querySelector('#sbx-panel-keys')!.textContent!.includes('hidden-tab-check'));
    await page.click('#sbx-tab-log');
    await page.waitForFunction(() => document.querySelector('#sbx-panel-log tbody tr')?.textContent?.includes('NotFoundException') === true);
    // Shown, the log follows each command.
    await type(page, 'aws kms list-aliases > /dev/null');
    await page.waitForFunction(() => document.querySelector('#sbx-panel-log tbody tr')?.textContent?.includes('ListAliases') === true);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('draw the newest 50 of many keys, the rest on request, in a DOM that does not grow with the account', async () => {
    const { page, context } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 800 } });
    await open(page);
    await page.evaluate(async () => {
      const kms = window.kmsLab!.host.sandbox.kms;
      for (let i = 0; i < 300; i++) await kms.createKey({ Description: `bulk ${i}` });
    });
    await type(page, 'true');
    await page.click('#sbx-tab-keys');
    await page.waitForFunction(() => document.querySelector('#sbx-panel-keys')!.textContent!.includes('bulk 299'));
    expect(await page.locator('#sbx-panel-keys tbody tr').count()).toBe(50);
    const nodes = await page.locator('#sbx-panel-keys *').count();
    expect(nodes).toBeLessThan(3000);
    await page.getByRole('button', { name: 'Show 50 older' }).click();
    expect(await page.locator('#sbx-panel-keys tbody tr').count()).toBe(100);
    await page.getByRole('button', { name: /^Show all 30\d$/ }).click();
    expect(await page.locator('#sbx-panel-keys tbody tr').count()).toBeGreaterThanOrEqual(300);
    await context.close();
  });

  it('show a way out, not a blank area, when a view throws; the terminal keeps working', async () => {
    const { page, context } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 800 } });
    await open(page);
    // An audit event with nothing but a name and a time (issue 19.5): drawing its row throws.
    await page.evaluate(() => {
      const audit = (window.kmsLab!.host.sandbox.kms.engine.state as { audit: unknown[] }).audit;
      audit.push({ eventID: 'odd', eventName: 'Odd', eventTime: new Date().toISOString() });
    });
    await type(page, 'true');
    await page.click('#sbx-tab-log');
    const alert = page.locator('.sbx-crash');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Something went wrong in the sandbox's views/);
    for (const name of ['Reload the page', 'Export sandbox', 'Reset sandbox…']) expect(await alert.getByRole('button', { name }).count()).toBe(1);
    await type(page, 'echo still-here');
    expect(await page.locator('.xterm-rows').textContent()).toContain('still-here');
    // Reset asks first; once done, the views come back.
    page.once('dialog', (dialog) => void dialog.accept());
    await alert.getByRole('button', { name: 'Reset sandbox…' }).click();
    await page.locator('.sbx-tabs').waitFor();
    await context.close();
  });
});
