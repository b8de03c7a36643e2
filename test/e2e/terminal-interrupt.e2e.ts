// Ctrl-C in Chromium: a long command leaves the page responsive while it runs, and Ctrl-C stops
// it with ^C, a new prompt and status 130 (issue 19.10).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newWatchedPage, useBrowser } from './browser.ts';
import { openSandbox, prompts, screen } from './terminal-helpers.ts';

const browser = useBrowser();


async function runCommand(page: Page, command: string): Promise<void> {
  const before = await prompts(page);
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(() => prompts(page), { timeout: 15_000 }).toBe(before + 1);
}

declare global {
  interface Window {
    frameGaps?: number[];
    keyDelays?: number[];
  }
}

describe('Ctrl-C in the terminal', () => {
  it('stops openssl enc -iter 99999999 while the page keeps answering keys and painting frames', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 900 } });
    await openSandbox(page);
    await runCommand(page, 'echo secret > f');

    // PBKDF2 with MD5 runs in JavaScript, in slices: minutes of work for 99,999,999 rounds.
    await page.keyboard.type('openssl enc -aes-256-cbc -md md5 -pbkdf2 -iter 99999999 -pass pass:x -in f -out g');
    await page.keyboard.press('Enter');
    await page.evaluate(() => {
      window.frameGaps = [];
      window.keyDelays = [];
      let last = performance.now();
      const frame = (now: number) => {
        window.frameGaps!.push(now - last);
        last = now;
        if (window.frameGaps!.length < 1000) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      // How long a key waits for the page: from the key's time to its handler.
      document.addEventListener('keydown', (event) => window.keyDelays!.push(performance.now() - event.timeStamp), true);
    });
    await page.waitForTimeout(1000);
    await page.keyboard.press('x');
    await page.waitForTimeout(300);
    const { frameGaps, keyDelays } = await page.evaluate(() => ({ frameGaps: window.frameGaps!, keyDelays: window.keyDelays! }));
    // Blocked, the page would paint nothing and answer the key only when the command ended.
    // Generous bounds (a shared 2-core machine); the shell hands the thread back every 12 ms.
    expect(frameGaps.length).toBeGreaterThan(10);
    expect(Math.max(...frameGaps.slice(1))).toBeLessThan(250);
    expect(keyDelays).toHaveLength(1);
    expect(keyDelays[0]).toBeLessThan(250);
    expect(await prompts(page)).toBe(2);

    await page.keyboard.press('Control+C');
    await expect.poll(() => prompts(page), { timeout: 5_000 }).toBe(3);
    expect(await screen(page)).toMatch(/-out g\n\^C\n[^\n]*kms-lab:~\$\s*$/);
    // The x typed ahead went with Ctrl-C, as a tty drops it.
    await runCommand(page, 'echo status $?');
    expect(await screen(page)).toMatch(/\$ echo status \$\?\nstatus 130\n/);
    expect(problems).toEqual([]);
    await context.close();
  });
});
