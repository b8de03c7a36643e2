// The Content-Security-Policy in Chromium: every built page, and the working sandbox with what it
// does (commands, Export, the Create key wizard, the review page's quiz), without one violation.
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { listFiles } from '../support/build-site.ts';
import { newWatchedPage, useBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
const distDir = inject('distDir');
const browser = useBrowser();
const pageUrl = (path: string) => new URL(path, siteUrl).href;

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** A watched page that also records every securitypolicyviolation event, from the first byte of each document. */
async function cspPage(): Promise<{ page: Page; context: BrowserContext; problems: string[]; violations: () => Promise<string[]> }> {
  const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations!.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
    });
  });
  const seen: string[] = [];
  const violations = async () => {
    seen.push(...(await page.evaluate(() => window.cspViolations?.splice(0) ?? [])));
    return [...seen];
  };
  return { page, context, problems, violations };
}

const cspMessages = (problems: string[]) => problems.filter((problem) => /Content Security Policy|Refused to/i.test(problem));

async function screen(page: Page): Promise<string> {
  return page.locator('.xterm-rows').innerText();
}

const prompts = async (page: Page) => (await screen(page)).match(/kms-lab:\S*\$/g)?.length ?? 0;

/** Types a command and waits for the prompt after it; gives what the screen then shows. */
async function runCommand(page: Page, command: string): Promise<string> {
  const before = await prompts(page);
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(() => prompts(page), { timeout: 15_000 }).toBe(before + 1);
  return screen(page);
}

describe('the Content-Security-Policy in Chromium', () => {
  it('lets every built page load and run with no violation', async () => {
    const paths = listFiles(distDir)
      .filter((file) => file.endsWith('.html'))
      .map((file) => file.replace(/(^|\/)index\.html$/, '$1'));
    expect(paths.length).toBeGreaterThanOrEqual(12);
    const { page, context, problems, violations } = await cspPage();
    for (const path of paths) {
      await page.goto(pageUrl(path === '404.html' ? 'no-such-page/' : path));
      // Scroll the whole page so every client:visible island starts.
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
          scrollTo(0, y);
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      });
      await page.waitForLoadState('networkidle');
      expect(await violations(), path).toEqual([]);
    }
    expect(cspMessages(problems)).toEqual([]);
    await context.close();
  }, 120_000);

  it('runs the sandbox, Export, the Create key wizard and the review quiz with no violation', async () => {
    const { page, context, problems, violations } = await cspPage();
    await page.goto(pageUrl('lessons/key-summary-and-setup/'));
    await page.locator('#sandbox').scrollIntoViewIfNeeded();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    await expect.poll(() => prompts(page), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.locator('.xterm').click();
    await runCommand(page, 'aws kms create-key --description csp --query KeyMetadata.KeyId --output text > id');
    expect(await runCommand(page, 'aws kms encrypt --key-id $(cat id) --plaintext aGk= --query KeyId --output text')).toMatch(/\narn:aws:kms:/);
    // xterm's own styles arrive through CSSOM: the rows are laid out in cells, in the theme's colours.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.xterm-rows span')!).display)).toBe('inline-block');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    expect((await download).suggestedFilename()).toBe('kms-lab-sandbox.json');

    const wizard = page.locator('.wiz');
    await wizard.scrollIntoViewIfNeeded();
    const next = wizard.getByRole('button', { name: 'Next' });
    await page.locator('astro-island:not([ssr]) .wiz').waitFor({ timeout: 20_000 });
    await next.click();
    await wizard.getByLabel('Alias').fill('csp-wizard');
    await next.click();
    await wizard.getByRole('checkbox', { name: /KeyAdmin/ }).check();
    await next.click();
    await wizard.getByRole('checkbox', { name: /AppRole/ }).check();
    await next.click();
    await wizard.getByRole('button', { name: 'Create key' }).click();
    await wizard.getByRole('button', { name: /^Run in the sandbox: aws kms encrypt --key-id alias\/csp-wizard/ }).waitFor({ timeout: 20_000 });
    expect(await violations(), 'lesson 3').toEqual([]);

    await page.goto(pageUrl('review/'));
    const quiz = page.locator('.course-quiz');
    await quiz.scrollIntoViewIfNeeded();
    // Hydrated (Astro drops the island's ssr mark), so Check answers is the quiz's, not a form post.
    await page.locator('astro-island:not([ssr]) .course-quiz').waitFor({ timeout: 20_000 });
    const questions = quiz.locator('fieldset');
    for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator('input').first().check();
    await quiz.getByRole('button', { name: 'Check answers' }).click();
    await quiz.locator('.course-score').waitFor({ timeout: 10_000 });
    expect(await violations(), 'review').toEqual([]);
    expect(cspMessages(problems)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
