// Import in Chromium: a bad file changes nothing and says why, the learner is asked before files are
// replaced, and 1,000 keys import without freezing the tab or slowing the commands after.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newWatchedPage, useBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
const lessonUrl = new URL('lessons/data-keys/', siteUrl).href;
const browser = useBrowser();

const KEY_ID = (n: number) => `${n.toString(16).padStart(8, '0')}-1111-4222-8333-444444444444`;
const exportWith = (keys: object[], files: object[] = []) =>
  JSON.stringify({
    format: 'kms-lab-export',
    version: 1,
    exportedAt: '2026-01-05T09:00:00.000Z',
    files: {
      version: 1,
      entries: [
        { path: '/', type: 'dir', mtime: 0 },
        { path: '/home', type: 'dir', mtime: 0 },
        { path: '/home/learner', type: 'dir', mtime: 0 },
        { path: '/tmp', type: 'dir', mtime: 0 },
        ...files,
      ],
    },
    keys,
  });
const key = (n: number, extra: object = {}) => ({ keyId: KEY_ID(n), description: `imported ${n}`, aliases: [], tags: [], enabled: true, ...extra });

async function openSandbox(page: Page): Promise<void> {
  await page.goto(lessonUrl);
  await page.locator('#sandbox').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.kmsLab?.host !== undefined, undefined, { timeout: 30_000 });
  // The tools work once the island has hydrated, after the first prompt; until then they show disabled.
  await expect.poll(() => page.locator('.sbx-tools button', { hasText: 'Import' }).isEnabled(), { timeout: 20_000 }).toBe(true);
}

const run = (page: Page, line: string) =>
  page.evaluate(async (text) => {
    const result = await window.kmsLab!.host.sandbox.session.run(text);
    return { stdout: new TextDecoder().decode(result.stdout), exitCode: result.exitCode };
  }, line);

/** Picks `text` as the file to import, as the Import button's file chooser would. */
async function importText(page: Page, text: string, name = 'kms-lab-sandbox.json'): Promise<void> {
  await page.locator('.sbx-tools input[type=file]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

const notice = (page: Page) => page.locator('.sbx-notice span');

describe('importing a sandbox in Chromium', () => {
  it('a bad file changes nothing and the notice says why; __proto__ is refused with its reason, the counts are true', async () => {
    const { page, problems, context } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 900 } });
    try {
      await openSandbox(page);
      await run(page, 'echo keep > keep.txt');
      const keysBefore = (await run(page, 'aws kms list-keys --query "length(Keys)"')).stdout;
      await importText(page, 'this is not json');
      await expect.poll(() => notice(page).textContent()).toBe('This file is not a KMS Lab export (a .json file made by Export). Nothing was imported.');
      await importText(page, exportWith(Array.from({ length: 1001 }, (_, i) => key(i))));
      await expect.poll(() => notice(page).textContent()).toBe('This export has 1,001 keys; KMS Lab imports at most 1,000 keys. Nothing was imported.');
      await importText(page, exportWith([], [{ path: '/home/learner/x', type: 'file', mtime: 0, data: 'not base64!' }]));
      await expect.poll(() => notice(page).textContent()).toMatch(/^This export's files are damaged \(.*\)\. Nothing was imported\.$/);
      expect((await run(page, 'cat keep.txt')).stdout).toBe('keep\n');
      expect((await run(page, 'aws kms list-keys --query "length(Keys)"')).stdout).toBe(keysBefore);

      // Replacing keep.txt needs a yes.
      page.once('dialog', (dialog) => void dialog.accept());
      await importText(page, exportWith([key(1), { ...key(2), keyId: '__proto__' }]));
      await expect.poll(() => notice(page).textContent()).toMatch(
        /^Imported 0 files and 1 key\. The keys are new keys with the old settings: .* 1 key was not imported: Key '__proto__': not a key ID/,
      );
      expect(Number((await run(page, 'aws kms list-keys --query "length(Keys)"')).stdout)).toBe(Number(keysBefore) + 1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('asks before replacing the learner’s files, saying how many; no keeps them', async () => {
    const { page, problems, context } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 900 } });
    try {
      await openSandbox(page);
      await run(page, 'echo one > one.txt; echo two > two.txt');
      const asked: string[] = [];
      page.once('dialog', (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      const theirs = exportWith([key(1)], [{ path: '/home/learner/theirs.txt', type: 'file', mtime: 0, data: btoa('theirs\n') }]);
      await importText(page, theirs);
      await expect.poll(() => notice(page).textContent()).toBe('Import cancelled: nothing was changed.');
      expect(asked[0]).toMatch(/^Replace your \d+ files with the 1 file in this export, and add its 1 key as new keys\? Your current files cannot be brought back\.$/);
      expect((await run(page, 'cat one.txt two.txt')).stdout).toBe('one\ntwo\n');
      page.once('dialog', (dialog) => void dialog.accept());
      await importText(page, theirs, 'again.json');
      await expect.poll(() => notice(page).textContent()).toMatch(/^Imported 1 file and 1 key\./);
      expect((await run(page, 'cat theirs.txt')).stdout).toBe('theirs\n');
      expect((await run(page, 'cat one.txt')).exitCode).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('1,000 keys: the page keeps answering while they import, and commands after are as fast as before', async () => {
    const { page, problems, context } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 900 } });
    try {
      await openSandbox(page);
      const timeEcho = () =>
        page.evaluate(async () => {
          const times: number[] = [];
          for (let i = 0; i < 15; i++) {
            const start = performance.now();
            await window.kmsLab!.host.sandbox.session.run('echo hi');
            // Until the next frame is painted: what the learner waits for.
            await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
            times.push(performance.now() - start);
          }
          return times.sort((a, b) => a - b)[7]!;
        });
      const before = await timeEcho();
      // The longest gap between animation frames while the import runs: a frozen tab has one as long as the import.
      await page.evaluate(() => {
        const w = window as unknown as { gaps: number[]; stopFrames: boolean; lastFrame: number };
        w.gaps = [];
        w.stopFrames = false;
        w.lastFrame = performance.now();
        const frame = (now: number) => {
          w.gaps.push(now - w.lastFrame);
          w.lastFrame = now;
          if (!w.stopFrames) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      // The lesson put files in the home directory: replacing them needs a yes. The question holds the
      // page while it is open, so the frames are counted from the answer on.
      page.once('dialog', (dialog) => {
        void dialog.accept().then(() =>
          page.evaluate(() => {
            const w = window as unknown as { gaps: number[]; lastFrame: number };
            w.gaps = [];
            w.lastFrame = performance.now();
          }),
        );
      });
      const started = Date.now();
      const keys = Array.from({ length: 1000 }, (_, i) => key(i + 1, { aliases: [`alias/imported-${i}`], tags: [{ TagKey: 'n', TagValue: String(i) }], rotationPeriodInDays: 365 }));
      await importText(page, exportWith(keys));
      await expect.poll(() => notice(page).textContent(), { timeout: 120_000, interval: 250 }).toMatch(/^Imported 0 files and 1,000 keys\./);
      const took = Date.now() - started;
      const gaps = await page.evaluate(() => {
        const w = window as unknown as { gaps: number[]; stopFrames: boolean };
        w.stopFrames = true;
        return w.gaps;
      });
      const longest = Math.max(...gaps);
      const after = await timeEcho();
      console.log(`1,000 keys imported in ${took} ms; longest frame gap ${longest.toFixed(0)} ms over ${gaps.length} frames; echo ${before.toFixed(1)} → ${after.toFixed(1)} ms (median of 15)`);
      // Frames keep coming: no single block the learner would see as a frozen tab.
      expect(gaps.length).toBeGreaterThan(10);
      // Measured 83–183 ms on the shared 2-core machine (before: the whole import, 156 s, in one block).
      expect(longest).toBeLessThan(500);
      expect((await run(page, 'aws kms list-aliases --query "length(Aliases[?starts_with(AliasName, \'alias/imported-\')])"')).stdout.trim()).toBe('1000');
      expect(after).toBeLessThan(Math.max(100, before * 3));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
