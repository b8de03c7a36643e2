/**
 * Weight: the JavaScript a lesson page needs until its prompt is usable (the
 * prompt shown and `echo hi` answered), gzipped, against issue 14's 200 KB.
 * From the moment the prompt shows, every further script request is held
 * back, so what the page loads after its prompt (the island's React, the
 * panels, the AWS CLI prefetched for the first aws command) neither counts nor
 * can help: `echo hi` must answer without it, or the figure fails. Counted
 * from the page's resource timing; sizes are each file of the build gzipped
 * (level 6, as servers send it), so the figure does not depend on the server.
 * Cold cache.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page, Route } from 'playwright-core';
import { DESKTOP, type BenchContext } from './bench-context.ts';
import { installPageProbe, type ProbeResult } from './page-probe.ts';
import type { Row } from './report.ts';
import { BASE_PATH } from './site.ts';
import { lessonUrl, PROMPT_PATTERN } from './sandbox-state.ts';

const LIMIT_KB = 200;

/** When `echo hi` was answered; `shown` is called as soon as the prompt is on screen. */
async function usable(page: Page, shown: () => void): Promise<number> {
  const prompt: ProbeResult = await page.evaluate(() => window.kmsBench!.result((window as unknown as { kmsBenchPrompt: number }).kmsBenchPrompt));
  if ('error' in prompt) throw new Error(prompt.error);
  shown();
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type('echo hi');
  const id = await page.evaluate(() => window.kmsBench!.arm('^hi$', 'Enter', 30_000));
  await page.keyboard.press('Enter');
  const hi: ProbeResult = await page.evaluate((n) => window.kmsBench!.result(n), id);
  if ('error' in hi) throw new Error(hi.error);
  return hi.painted;
}

export async function weightRows(ctx: BenchContext): Promise<Row[]> {
  const context = await ctx.browser.newContext(DESKTOP);
  try {
    const page = await context.newPage();
    const held: Route[] = [];
    let holding = false;
    await page.route(/\.m?js(\?|$)/, (route) => (holding ? void held.push(route) : route.continue()));
    await page.addInitScript(installPageProbe);
    await page.addInitScript((pattern) => {
      (window as unknown as { kmsBenchPrompt: number }).kmsBenchPrompt = window.kmsBench!.arm(pattern, null, 60_000);
    }, PROMPT_PATTERN);
    await page.goto(lessonUrl(ctx.siteUrl), { waitUntil: 'commit' });
    const at = await usable(page, () => (holding = true));
    const scripts = await page.evaluate(
      (until) =>
        performance
          .getEntriesByType('resource')
          .filter((e) => (e as PerformanceResourceTiming).responseEnd <= until && /\.m?js(\?|$)/.test(new URL(e.name).pathname))
          .map((e) => new URL(e.name).pathname),
      at,
    );
    const later = held.length;
    holding = false;
    for (const route of held.splice(0)) await route.continue();
    const bytes = scripts.map((path) => gzipSync(readFileSync(join(ctx.dist, decodeURIComponent(path.slice(BASE_PATH.length))))).length);
    const total = bytes.reduce((a, b) => a + b, 0) / 1024;
    if (process.env['KMS_BENCH_FILES']) scripts.forEach((path, i) => ctx.log(`  ${path} ${(bytes[i]! / 1024).toFixed(1)} KB`));
    ctx.log(`weight: ${scripts.length} JavaScript files, ${total.toFixed(1)} KB gzip, before the prompt was usable at ${at.toFixed(0)} ms (${later} more held back after it showed)`);
    return [
      {
        figure: 'JavaScript downloaded until the prompt is usable, gzip',
        state: 'lesson page, cold cache',
        measured: total,
        unit: 'KB',
        limit: LIMIT_KB,
        note: `${scripts.length} files`,
      },
    ];
  } finally {
    await context.close();
  }
}
