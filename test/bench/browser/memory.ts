/**
 * Memory: the JS heap after 10,000 commands may be at most 20 % above the
 * heap after 100 (the audit log bounded or paged, nothing else that grows
 * with use). Heap read over CDP after forcing garbage collection.
 */
import type { CDPSession, Page } from 'playwright-core';
import { DESKTOP, type BenchContext } from './bench-context.ts';
import type { Row } from './report.ts';
import { openSandbox, prepareFresh, runInSandbox, type GrowMode } from './sandbox-state.ts';

const COMMAND = 'aws kms encrypt --key-id alias/x --plaintext fileb://4k.bin >/dev/null';

async function heap(cdp: CDPSession): Promise<number> {
  // Twice: objects freed by the first collection's finalizers go in the second.
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

/** `count` more commands, ten to a line, each line one 'command' event (quiet: events held back, then one ordinary line). */
async function commands(page: Page, count: number, mode: GrowMode): Promise<void> {
  const lines = Array.from({ length: Math.ceil(count / 10) }, (_, i) => Array.from({ length: Math.min(10, count - i * 10) }, () => COMMAND).join('; '));
  if (mode === 'quiet') await page.evaluate(() => {
      window.kmsLab!.host.sandbox.session.emit = () => {};
    });
  try {
    await runInSandbox(page, lines);
  } finally {
    if (mode === 'quiet') await page.evaluate(() => Reflect.deleteProperty(window.kmsLab!.host.sandbox.session, 'emit'));
  }
  await runInSandbox(page, ['aws kms describe-key --key-id alias/x']);
  await page.evaluate(() => window.kmsLab!.host.save());
}

export async function memoryRows(ctx: BenchContext): Promise<Row[]> {
  const context = await ctx.browser.newContext(DESKTOP);
  try {
    const page = await context.newPage();
    ctx.log('memory');
    await openSandbox(page, ctx.siteUrl);
    await prepareFresh(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // The first hundred through the page's full event path: panels, diagram and saves warm up.
    await commands(page, 100, 'events');
    const small = await heap(cdp);
    await commands(page, 9_900, ctx.grow);
    const large = await heap(cdp);
    const growth = ((large - small) / small) * 100;
    ctx.log(`  heap after 100 commands ${(small / 1048576).toFixed(1)} MB, after 10,000 ${(large / 1048576).toFixed(1)} MB (${growth.toFixed(1)} %, ${ctx.grow})`);
    return [
      { figure: 'JS heap after 100 commands', state: 'fresh', measured: small, unit: 'B' },
      { figure: 'JS heap after 10,000 commands', state: `10,000 commands (${ctx.grow})`, measured: large, unit: 'B' },
      { figure: 'heap growth, 100 → 10,000 commands', state: `10,000 commands (${ctx.grow})`, measured: growth, unit: '%', limit: 20 },
    ];
  } finally {
    await context.close();
  }
}
