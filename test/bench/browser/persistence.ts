/**
 * Persistence figures: the save work a burst of 1,000 commands leaves after
 * its last output (≤ 1 s), what one command's save costs, and how long
 * restoring a saved 1,000-key sandbox adds to a page load (≤ 100 ms), at both
 * state sizes. The burst goes through session.run, so each command ends with
 * the 'command' event the terminal's commands end with, and the host saves
 * on it as it does for typed ones.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { DESKTOP, FRESH, RESTORED, type BenchContext } from './bench-context.ts';
import { installPageProbe, type ProbeResult } from './page-probe.ts';
import type { Row } from './report.ts';
import { growSandbox, openSandbox, prepareFresh, PROMPT_PATTERN, reloadLarge, waitForPrompt } from './sandbox-state.ts';
import { median } from './stats.ts';

const BURST = 1000;
/** A burst still running after this long (minutes on a page that saves everything after every command) is cut short and said so. */
const BURST_DEADLINE_MS = 90_000;
/** Saves still running after this long are reported as "more than" it. */
const SAVE_WAIT_MS = 120_000;
const SAVE_SAMPLES = 10;
const RELOADS = 5;
const COMMAND = 'aws kms encrypt --key-id alias/x --plaintext fileb://4k.bin';

interface Burst {
  ran: number;
  burstMs: number;
  /** From the last command's end until a save asked for after it has finished: all earlier saves are done too. */
  savedAfterMs: number;
  /** Long tasks (≥ 50 ms of main thread) in that time. */
  longTasksAfterMs: number;
  /** The host's own timing of its main-thread save work (User Timing 'kms-lab:save-sync'), where the page has it. */
  saveSync?: { duringMs: number; afterMs: number; saves: number };
}

function burst(page: Page): Promise<Burst> {
  return page.evaluate(
    async ([count, deadline, wait, command]) => {
      const host = window.kmsLab!.host;
      const tasks: { start: number; end: number }[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
      });
      observer.observe({ type: 'longtask' });
      const began = performance.now();
      let ran = 0;
      while (ran < count && performance.now() - began < deadline) {
        await host.sandbox.session.run(command);
        ran++;
      }
      const last = performance.now();
      await Promise.race([host.save(), new Promise((resolve) => setTimeout(resolve, wait))]);
      const quiet = performance.now();
      // Long-task entries arrive a little after the task.
      await new Promise((resolve) => setTimeout(resolve, 100));
      observer.disconnect();
      const longTasksAfterMs = tasks.reduce((sum, t) => sum + Math.max(0, Math.min(t.end, quiet) - Math.max(t.start, last)), 0);
      const syncs = performance.getEntriesByName('kms-lab:save-sync').filter((e) => e.startTime >= began && e.startTime <= quiet);
      const sum = (list: PerformanceEntry[]) => list.reduce((total, e) => total + e.duration, 0);
      const saveSync =
        syncs.length === 0 ? undefined : { duringMs: sum(syncs.filter((e) => e.startTime < last)), afterMs: sum(syncs.filter((e) => e.startTime >= last)), saves: syncs.length };
      return { ran, burstMs: last - began, savedAfterMs: quiet - last, longTasksAfterMs, ...(saveSync ? { saveSync } : {}) };
    },
    [BURST, BURST_DEADLINE_MS, SAVE_WAIT_MS, COMMAND] as const,
  );
}

/** Milliseconds from a command's end until its save (and any before it) has finished. */
function saveAfterCommand(page: Page): Promise<number> {
  return page.evaluate(async (command) => {
    const host = window.kmsLab!.host;
    await host.sandbox.session.run(command);
    const ended = performance.now();
    await host.save();
    return performance.now() - ended;
  }, COMMAND);
}

function armPromptProbe(pattern: string): void {
  (window as unknown as { kmsBenchPrompt: number }).kmsBenchPrompt = window.kmsBench!.arm(pattern, null, 60_000);
}

/** The host's own timing of opening the sandbox (read, restore), where the page records it. */
const OPEN_MEASURE = 'kms-lab:open-sandbox';

/** Navigation → prompt painted over warm-cache reloads (the network is not what is measured), and the host's opening time. */
async function promptAfterReload(page: Page): Promise<{ prompt: number[]; open: number[] }> {
  const prompt: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < RELOADS; i++) {
    await page.reload();
    const result: ProbeResult = await page.evaluate(() => window.kmsBench!.result((window as unknown as { kmsBenchPrompt: number }).kmsBenchPrompt));
    if ('error' in result) throw new Error(result.error);
    prompt.push(result.painted);
    await waitForPrompt(page);
    const opened = await page.evaluate((name) => performance.getEntriesByName(name)[0]?.duration, OPEN_MEASURE);
    if (opened !== undefined) open.push(opened);
  }
  return { prompt, open };
}

async function measure(page: Page, state: string, ctx: BenchContext): Promise<{ rows: Row[]; prompt: number }> {
  const reloads = await promptAfterReload(page);
  const prompt = median(reloads.prompt);
  const saves: number[] = [];
  for (let i = 0; i < SAVE_SAMPLES; i++) saves.push(await saveAfterCommand(page));
  ctx.log(`  ${state}: prompt after reload ${prompt.toFixed(0)} ms; a command's save ${median(saves).toFixed(1)} ms; burst of ${BURST}…`);
  const b = await burst(page);
  const cut = [
    b.ran < BURST ? `cut at ${b.ran} commands after ${(b.burstMs / 1000).toFixed(0)} s` : `${BURST} commands in ${(b.burstMs / 1000).toFixed(1)} s`,
    ...(b.savedAfterMs >= SAVE_WAIT_MS ? [`saves still running when given up after ${SAVE_WAIT_MS / 1000} s`] : []),
  ].join('; ');
  ctx.log(`  ${state}: ${cut}; saves done ${b.savedAfterMs.toFixed(0)} ms after the last output, long tasks ${b.longTasksAfterMs.toFixed(0)} ms`);
  return {
    prompt,
    rows: [
      { figure: `burst of ${BURST} commands: save work after the last output`, state, measured: b.savedAfterMs, unit: 'ms', limit: 1000, note: cut },
      { figure: `burst of ${BURST} commands: long tasks after the last output`, state, measured: b.longTasksAfterMs, unit: 'ms' },
      { figure: 'one command: end → its save written, median', state, measured: median(saves), unit: 'ms' },
      ...(reloads.open.length > 0 ? [{ figure: `opening the saved sandbox (${OPEN_MEASURE}), median of reloads`, state, measured: median(reloads.open), unit: 'ms' as const, limit: 100 }] : []),
      ...(b.saveSync
        ? [
            { figure: `burst: main-thread save work after the last output (kms-lab:save-sync)`, state, measured: b.saveSync.afterMs, unit: 'ms' as const, limit: 1000 },
            {
              figure: 'burst: main-thread save work per command (kms-lab:save-sync)',
              state,
              measured: (b.saveSync.duringMs + b.saveSync.afterMs) / b.ran,
              unit: 'ms' as const,
              note: `${b.saveSync.saves} saves for ${b.ran} commands`,
            },
          ]
        : []),
    ],
  };
}

export async function persistenceRows(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  let freshPrompt = Number.NaN;
  for (const state of [FRESH, RESTORED]) {
    const context = await ctx.browser.newContext(DESKTOP);
    try {
      await measureState(context, state);
    } catch (error) {
      // The fresh state's figures stay when the large one cannot be measured.
      ctx.log(`persistence at ${state} failed: ${(error as Error).stack ?? String(error)}`);
      rows.push({
        figure: 'persistence: could not be measured',
        state,
        measured: Number.NaN,
        unit: 'ms',
        limit: 0,
        note: (error as Error).message.split('\n')[0]!,
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  }
  return rows;

  async function measureState(context: BrowserContext, state: string): Promise<void> {
    const page = await context.newPage();
    await page.addInitScript(installPageProbe);
    await page.addInitScript(armPromptProbe, PROMPT_PATTERN);
    ctx.log(`persistence: ${state}`);
    await openSandbox(page, ctx.siteUrl);
    await prepareFresh(page);
    if (state !== FRESH) {
      await growSandbox(page, ctx.grow, undefined, undefined, ctx.log);
      await reloadLarge(page);
    }
    const measured = await measure(page, state, ctx);
    rows.push(...measured.rows);
    if (state === FRESH) freshPrompt = measured.prompt;
    else {
      rows.push({ figure: 'page load → prompt, median of reloads', state: FRESH, measured: freshPrompt, unit: 'ms' });
      rows.push({ figure: 'page load → prompt, median of reloads', state, measured: measured.prompt, unit: 'ms' });
      rows.push({ figure: 'restoring the saved sandbox (difference of the two)', state, measured: measured.prompt - freshPrompt, unit: 'ms', limit: 100 });
    }
  }
}
