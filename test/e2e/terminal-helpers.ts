// Driving a lesson's terminal as a learner does: open the lesson, wait for the prompt, type with
// real keystrokes and wait for the next prompt. Shared by the e2e files that use the terminal.
import { expect, inject } from 'vitest';
import type { Page } from 'playwright-core';

export const lessonUrl = (id = 'data-keys') => new URL(`lessons/${id}/`, inject('siteUrl')).href;

/** The terminal's visible text, row by row (xterm's DOM renderer). */
export const screen = (page: Page): Promise<string> => page.locator('.xterm-rows').innerText();

/** How many prompts the visible rows show. */
export const prompts = async (page: Page): Promise<number> => (await screen(page)).match(/kms-lab:\S*\$/g)?.length ?? 0;

export async function waitForScreen(page: Page, text: string | RegExp, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const shown = await screen(page);
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`terminal never showed ${String(text)}; it shows:\n${shown}`);
    await page.waitForTimeout(100);
  }
}

/** Types a command with real keystrokes and waits for the next prompt (the screen changed and ends with `$`). */
export async function typeCommand(page: Page, command: string): Promise<void> {
  await page.keyboard.type(command, { delay: 2 });
  const typed = await screen(page);
  await page.keyboard.press('Enter');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const shown = await screen(page);
    if (shown !== typed && shown.trimEnd().endsWith('$')) return;
    if (Date.now() > deadline) throw new Error(`no prompt after ${command}:\n${shown}`);
    await page.waitForTimeout(50);
  }
}

/** Opens a lesson, waits until its terminal shows a prompt, and clicks into it. */
export async function openSandbox(page: Page, id = 'data-keys'): Promise<void> {
  await page.goto(lessonUrl(id));
  await page.locator('#sandbox').scrollIntoViewIfNeeded();
  await page.locator('.xterm').waitFor({ timeout: 20_000 });
  await expect.poll(() => prompts(page), { timeout: 15_000 }).toBeGreaterThan(0);
  await page.locator('.xterm').click();
}
