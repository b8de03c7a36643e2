/**
 * The latency figures (Enter → output for four commands, keystroke echo) at
 * each state size: a fresh sandbox, the same page grown to 1,000 keys and
 * 10,000 audit events, and that sandbox again after a reload (restored from
 * storage, as a returning learner gets it).
 */
import type { Page } from 'playwright-core';
import { DESKTOP, FRESH, LARGE, RESTORED, type BenchContext } from './bench-context.ts';
import { COMMANDS, enterToOutput, keystrokeEcho } from './latency.ts';
import type { Row } from './report.ts';
import { growSandbox, LARGE_EVENTS, LARGE_KEYS, openSandbox, prepareFresh, reloadLarge } from './sandbox-state.ts';
import { median, p95 } from './stats.ts';

async function measure(page: Page, state: string, { runs, log }: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  for (const command of COMMANDS) {
    const samples = await enterToOutput(page, command, runs);
    log(`  ${state}: ${command.label}: median ${median(samples).toFixed(1)} ms, p95 ${p95(samples).toFixed(1)} ms`);
    rows.push({ figure: `Enter → output: ${command.label}, median`, state, measured: median(samples), unit: 'ms', limit: 16 });
    rows.push({ figure: `Enter → output: ${command.label}, p95`, state, measured: p95(samples), unit: 'ms', limit: 33 });
  }
  const echo = await keystrokeEcho(page, runs);
  log(`  ${state}: keystroke echo: median ${median(echo).toFixed(1)} ms, p95 ${p95(echo).toFixed(1)} ms`);
  rows.push({ figure: 'keystroke → echo, median', state, measured: median(echo), unit: 'ms', limit: 16.7 });
  rows.push({ figure: 'keystroke → echo, p95', state, measured: p95(echo), unit: 'ms', limit: 16.7 });
  return rows;
}

export async function latencyRows(ctx: BenchContext): Promise<Row[]> {
  const context = await ctx.browser.newContext(DESKTOP);
  try {
    const page = await context.newPage();
    ctx.log('latency: fresh sandbox');
    await openSandbox(page, ctx.siteUrl);
    await prepareFresh(page);
    const rows = await measure(page, FRESH, ctx);
    ctx.log('latency: growing the sandbox');
    await growSandbox(page, ctx.grow, LARGE_KEYS, LARGE_EVENTS, ctx.log);
    // Grown quietly, the page has not drawn what a learner's commands would have: only the reloaded state is measured then.
    if (ctx.grow === 'events') rows.push(...(await measure(page, LARGE, ctx)));
    await reloadLarge(page);
    rows.push(...(await measure(page, RESTORED, ctx)));
    return rows;
  } finally {
    await context.close();
  }
}
