// The terminal with real keys in Chromium: paste, history search, leaving it, the skip link, the help, and the scrollback across reloads and lessons.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeAudit, newWatchedPage, screenshot, useBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
const lessonUrl = (id: string) => new URL(`lessons/${id}/`, siteUrl).href;
const browser = useBrowser();
const DESKTOP = { viewport: { width: 1280, height: 720 } };

async function screen(page: Page): Promise<string> {
  return page.locator('.xterm-rows').innerText();
}

/** Waits for text on the screen; `joined` reads rows a long line wrapped into as one. */
async function waitForScreen(page: Page, text: string | RegExp, { timeout = 15_000, joined = false } = {}): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const rows = await screen(page);
    const shown = joined ? rows.replace(/\n/g, '') : rows;
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`terminal never showed ${String(text)}; it shows:\n${shown}`);
    await page.waitForTimeout(100);
  }
}

/** The row the terminal's cursor is on (xterm's DOM renderer marks the cursor's cell). */
async function cursorRow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const cursor = document.querySelector('.xterm-rows .xterm-cursor');
    return (cursor?.closest('.xterm-rows > div') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ').trimEnd() ?? '';
  });
}

async function openTerminal(page: Page, id = 'data-keys'): Promise<void> {
  await page.goto(lessonUrl(id));
  await page.locator('#sandbox').scrollIntoViewIfNeeded();
  await page.locator('.xterm').waitFor({ timeout: 20_000 });
  await waitForScreen(page, '$');
  await page.locator('.xterm').click();
}

/** Types a command and waits until its output (`expect`) is on the screen. */
async function run(page: Page, command: string, expectShown: string | RegExp): Promise<void> {
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await waitForScreen(page, expectShown);
}

const inTerminal = (page: Page) => page.evaluate(() => document.activeElement?.closest('.xterm') !== null);

describe('the terminal, with real keys', () => {
  it('pastes with Ctrl+V (before: only Ctrl+Shift+V, Shift+Insert and right-click did)', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(siteUrl).origin });
    await openTerminal(page);
    await page.evaluate(() => navigator.clipboard.writeText('echo pasted with control v'));
    await page.keyboard.press('Control+V');
    // A paste is typed, not run: the learner presses Enter.
    await waitForScreen(page, '$ echo pasted with control v');
    expect(await screen(page)).not.toMatch(/^pasted with control v$/m);
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^pasted with control v\s*$/m);
    // A pasted line ending in a newline runs; Ctrl+C still abandons the line, as in bash.
    await page.evaluate(() => navigator.clipboard.writeText('echo line one\necho line two\n'));
    await page.keyboard.press('Control+Shift+V');
    await waitForScreen(page, /^line two\s*$/m);
    await page.keyboard.type('echo never');
    await page.keyboard.press('Control+C');
    await waitForScreen(page, '$ echo never^C');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('searches the history with Ctrl-R as bash does, and runs the match on Enter', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), DESKTOP);
    await openTerminal(page);
    await run(page, 'echo one-a', /^one-a\s*$/m);
    await run(page, 'echo two-b', /^two-b\s*$/m);
    await page.keyboard.press('Control+R');
    await page.keyboard.type('one');
    await expect.poll(() => cursorRow(page)).toBe("(reverse-i-search)`one': echo one-a");
    await page.keyboard.type('zz');
    await expect.poll(() => cursorRow(page)).toBe("(failed reverse-i-search)`onezz': echo one-a");
    for (let i = 0; i < 2; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /\$ echo one-a\none-a\n[\s\S]*\$ echo one-a\none-a/);
    // Ctrl-G gives the line back.
    await page.keyboard.type('draft');
    await page.keyboard.press('Control+R');
    await page.keyboard.type('two');
    await expect.poll(() => cursorRow(page)).toBe("(reverse-i-search)`two': echo two-b");
    await page.keyboard.press('Control+G');
    await expect.poll(() => cursorRow(page)).toMatch(/\$ draft$/);
    // Escape accepts the match for editing.
    await page.keyboard.press('Control+U');
    await page.keyboard.press('Control+R');
    await page.keyboard.type('two');
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    await page.keyboard.type('-edited');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^two-b-edited\s*$/m);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('leaves with Shift+Tab to the element before the terminal, and comes back with Tab', async () => {
    const { page, context } = await newWatchedPage(browser(), DESKTOP);
    await openTerminal(page);
    const before = await page.evaluate(() => {
      const focusable = [...document.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), textarea, input:not([hidden])')].filter(
        (el) => el.matches('textarea') || el.getClientRects().length > 0,
      );
      const at = focusable.indexOf(document.activeElement as HTMLElement);
      return focusable[at - 1]?.outerHTML.slice(0, 60);
    });
    expect(await inTerminal(page)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await inTerminal(page)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60))).toBe(before);
    await page.keyboard.press('Tab');
    expect(await inTerminal(page)).toBe(true);
    // Tab alone still completes inside it.
    await page.keyboard.type('aws km');
    await page.keyboard.press('Tab');
    await waitForScreen(page, '$ aws kms ');
    expect(await inTerminal(page)).toBe(true);
    await context.close();
  });

  it('has a "Skip to sandbox" link right after "Skip to content" that puts the focus in the terminal', async () => {
    for (const viewport of [DESKTOP.viewport, { width: 390, height: 844 }]) {
      const { page, context, problems } = await newWatchedPage(browser(), { viewport });
      await page.goto(lessonUrl('customer-master-keys'));
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to sandbox' });
      await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      expect((await skip.boundingBox())!.y).toBeGreaterThanOrEqual(0);
      await page.keyboard.press('Enter');
      // On a phone the sandbox starts only now, as it scrolls into view; the focus waits for it.
      await expect.poll(() => inTerminal(page), { timeout: 20_000 }).toBe(true);
      await waitForScreen(page, '$');
      await run(page, 'echo typed-after-skip', /^typed-after-skip\s*$/m);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('keeps what it showed across a reload and on the next lesson, under a "restored" row', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), DESKTOP);
    await openTerminal(page, 'kms-and-integrations');
    await run(page, 'echo survives-reloads', /^survives-reloads\s*$/m);
    await page.keyboard.type('aws kms list-ke');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await waitForScreen(page, 'list-key-rotations');
    await page.keyboard.press('Control+C');
    // Reload at once: leaving the page saves what the pending save would have.
    await page.reload();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    const restored = await waitForScreen(page, 'restored from your last visit');
    expect(restored).toMatch(/\$ echo survives-reloads\nsurvives-reloads\n[\s\S]*list-key-rotations[\s\S]*── restored from your last visit ──\n.*\$\s*$/);
    await screenshot(page, 'terminal-restored');
    await page.getByRole('link', { name: /^Next/ }).click();
    await page.locator('#sandbox').scrollIntoViewIfNeeded();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    const next = await waitForScreen(page, 'survives-reloads');
    // One "restored" row however many pages have shown it since.
    expect(next.match(/restored from your last visit/g)).toHaveLength(1);
    // `clear` wipes it for the next page too.
    await page.locator('.xterm').click();
    await page.keyboard.type('clear');
    await page.keyboard.press('Enter');
    await run(page, 'echo after-clear', /^after-clear\s*$/m);
    await page.reload();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    const cleared = await waitForScreen(page, 'restored from your last visit');
    expect(cleared).not.toContain('survives-reloads');
    expect(cleared).toContain('after-clear');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('completes create-key --key-spec from the specs the simulator creates', async () => {
    const { page, context } = await newWatchedPage(browser(), DESKTOP);
    await openTerminal(page);
    await page.keyboard.type('aws kms create-key --key-spec SYM');
    await page.keyboard.press('Tab');
    await waitForScreen(page, '--key-spec SYMMETRIC_DEFAULT ', { joined: true });
    await page.keyboard.type('--key-usage SIGN_VERIFY --key-spec RSA_3');
    await page.keyboard.press('Tab');
    await waitForScreen(page, '--key-spec RSA_3072 ', { joined: true });
    await context.close();
  });

  it('lists its shortcuts behind a button, with no accessibility violations, light or dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context } = await newWatchedPage(browser(), { ...DESKTOP, colorScheme });
      await openTerminal(page);
      const toggle = page.getByRole('button', { name: 'Shortcuts' });
      await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
      await toggle.click();
      await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
      const panel = page.getByRole('region', { name: 'Terminal keyboard shortcuts' });
      await expect(panel.innerText()).resolves.toMatch(/Ctrl\+R[\s\S]*Ctrl\+V[\s\S]*Shift\+Tab/);
      expect(await axeAudit(page)).toEqual([]);
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, `terminal-shortcuts-${colorScheme}`);
      await toggle.press('Escape');
      await expect(panel.isVisible()).resolves.toBe(false);
      await expect(toggle.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await context.close();
    }
  });
});
