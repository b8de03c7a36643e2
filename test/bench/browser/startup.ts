/**
 * Start-up: how long after navigation a lesson's prompt is usable — the terminal shows the prompt
 * and a typed `echo hi` + Enter prints `hi` — with a cold cache (a new browser context each run),
 * on localhost and on the throttled 4G-class profile. Timed in the page (performance.now() from
 * navigation), with the driver's typing time taken out, so the figure is the moment a learner
 * typing at once could have used the prompt.
 */
import type { Page } from 'playwright-core';
import { throttle } from './chromium.ts';
import type { BenchContext } from './bench-context.ts';
import type { Row } from './report.ts';
import { lessonUrl } from './sandbox-state.ts';
import { median } from './stats.ts';

/** Issue 14's limits, in ms after navigation. */
const LOCAL_LIMIT = 600;
const THROTTLED_LIMIT = 2500;

interface StartTimes {
  prompt?: number;
  hi?: number;
  firstKey?: number;
  enter?: number;
}

declare global {
  interface Window {
    kmsStart?: StartTimes;
  }
}

/** Runs in the page from its first script: stamps the frame the prompt, and later `hi`, are on screen. */
function installStartProbe(): void {
  const times: StartTimes = {};
  window.kmsStart = times;
  const screen = () => [...(document.querySelector('.xterm-rows')?.children ?? [])].map((row) => row.textContent ?? '').join('\n');
  const tick = () => {
    const text = screen();
    if (times.prompt === undefined && /\$\s*$/m.test(text)) times.prompt = performance.now();
    if (/\$ echo hi\s*\nhi\s*$/m.test(text)) times.hi = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  document.addEventListener(
    'keydown',
    (event) => {
      times.firstKey ??= performance.now();
      if (event.key === 'Enter') times.enter = performance.now();
    },
    true,
  );
}

async function once(page: Page, url: string): Promise<{ prompt: number; usable: number }> {
  await page.addInitScript(installStartProbe);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.kmsStart?.prompt, null, { polling: 'raf', timeout: 60_000 });
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type('echo hi');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.kmsStart?.hi, null, { polling: 'raf', timeout: 60_000 });
  const t = (await page.evaluate(() => window.kmsStart))!;
  return { prompt: t.prompt!, usable: t.hi! - (t.enter! - t.firstKey!) };
}

export async function startupRows(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const profiles = [
    { name: 'localhost', limit: LOCAL_LIMIT, runs: ctx.runs, slow: false },
    // Each throttled run takes seconds; a few give a stable median.
    { name: 'throttled 4G, 4× CPU', limit: THROTTLED_LIMIT, runs: Math.min(ctx.runs, 5), slow: true },
  ];
  for (const profile of profiles) {
    const prompts: number[] = [];
    const usable: number[] = [];
    for (let i = 0; i < profile.runs; i++) {
      const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 720 } });
      try {
        const page = await context.newPage();
        if (profile.slow) await throttle(page);
        const t = await once(page, lessonUrl(ctx.siteUrl));
        prompts.push(t.prompt);
        usable.push(t.usable);
      } finally {
        await context.close();
      }
    }
    ctx.log(`startup: ${profile.name}: prompt shown ${median(prompts).toFixed(0)} ms, usable ${median(usable).toFixed(0)} ms (medians of ${profile.runs})`);
    rows.push({ figure: 'navigation → prompt shown, median', state: `${profile.name}, cold cache`, measured: median(prompts), unit: 'ms' });
    rows.push({ figure: 'navigation → prompt usable (echo hi printed), median', state: `${profile.name}, cold cache`, measured: median(usable), unit: 'ms', limit: profile.limit });
  }
  return rows;
}
