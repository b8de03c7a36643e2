// Program output that asks the terminal something (DECRQSS, colour queries, device and status
// reports) must never leave the terminal's answer at the prompt as typed input (issue 19.9).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newWatchedPage, useBrowser } from './browser.ts';
import { openSandbox, prompts, screen } from './terminal-helpers.ts';

const browser = useBrowser();


/** The row the terminal's cursor is on. */
async function cursorRow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const cursor = document.querySelector('.xterm-rows .xterm-cursor');
    return (cursor?.closest('.xterm-rows > div') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ').trimEnd() ?? '';
  });
}

async function runCommand(page: Page, command: string): Promise<void> {
  const before = await prompts(page);
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(() => prompts(page), { timeout: 15_000 }).toBe(before + 1);
}

describe("the terminal's answers to queries in program output", () => {
  it('never reach the prompt: cat of a file of queries leaves an empty line, and Enter runs nothing', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 900 } });
    await openSandbox(page);
    // DECRQSS, OSC 11/10/12/4 queries (BEL and ST ended), DA1, DA2, DSR 5 and 6, DECXCPR, DECRQM.
    const queries = String.raw`\eP$qm\e\\\e]11;?\a\e]10;?\e\\\e]12;?\a\e]4;1;?\a\e[c\e[>c\e[5n\e[6n\e[?6n\e[?1$p\e[4$p`;
    await runCommand(page, `printf '${queries}' > queries`);
    await runCommand(page, 'cat queries');
    // Answers come back through xterm's onData a moment later, if at all.
    await page.waitForTimeout(500);
    expect(await cursorRow(page)).toMatch(/kms-lab:~\$$/);
    // Before: `1$r0m11;rgb:…` stood at the prompt, and Enter ran it.
    await runCommand(page, '');
    const shown = await screen(page);
    expect(shown).not.toMatch(/rgb:|\$r|command not found/);
    await runCommand(page, 'echo still-fine');
    expect(await screen(page)).toMatch(/\nstill-fine\n/);
    expect(problems).toEqual([]);
    await context.close();
  });
});
