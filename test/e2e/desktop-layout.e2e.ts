/**
 * The desktop lesson layout at 1440×900: an 80-column terminal by default (so
 * lesson 1's table output does not wrap), the lesson list collapsible, the
 * sandbox widened by a drag handle (or its keys) and a Maximise toggle, both
 * remembered, and the envelope diagram's lanes in view with the terminal.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeAudit, newWatchedPage, useBrowser } from './browser.ts';
import { box, lessonUrl, runs, screenText, terminalSize, waitForTerminal, shot } from './layout-helpers.ts';

const browser = useBrowser();
const desktop = { viewport: { width: 1440, height: 900 } };

async function runBlock(page: Page, command: string) {
  await runs(page, command, () => page.locator(`[data-run-command="${command.replace(/"/g, '\\"')}"]`).click());
}

describe('the lesson page at 1440×900', () => {
  it('gives the terminal 80 columns by default, so the table output fits, with the lesson list collapsed to its numbers', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), desktop);
    await page.goto(lessonUrl('kms-and-integrations'));
    await waitForTerminal(page);
    const size = await terminalSize(page);
    expect(size.cols).toBeGreaterThanOrEqual(80);
    expect(size.rows).toBeGreaterThanOrEqual(14);
    // The lesson keeps a readable column, and the list its links.
    expect((await box(page, '.lesson')).width).toBeGreaterThanOrEqual(480);
    expect((await box(page, '.lesson-nav')).width).toBeLessThan(80);
    expect(await page.getByRole('button', { name: 'Lesson titles' }).getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('.lesson-nav a').count()).toBe(6);

    const table = 'aws kms list-aliases --query "Aliases[?TargetKeyId].[AliasName,TargetKeyId]" --output table';
    await runBlock(page, table);
    const rows = (await screenText(page)).split('\n').map((r) => r.trimEnd());
    const tableRows = rows.filter((r) => /^[|+-]/.test(r));
    expect(tableRows.length).toBeGreaterThan(3);
    // Every row of the table is whole: it closes on its own line instead of wrapping onto the next.
    for (const row of tableRows) expect(row, row).toMatch(/[|+-]$/);
    expect(new Set(tableRows.map((r) => r.length)).size).toBe(1);
    await shot(page, 'desktop-table-1440x900');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the envelope diagram’s lanes with the terminal when a command plays', async () => {
    const { page, context } = await newWatchedPage(browser(), desktop);
    await page.goto(lessonUrl('data-keys'));
    await waitForTerminal(page);
    await runBlock(page, (await page.locator('[data-run-command^="aws kms generate-data-key "]').first().getAttribute('data-run-command'))!);
    await page.locator('.env-lanes').waitFor();
    await page.waitForTimeout(300);
    const terminal = await box(page, '.sbx-terminal');
    const lanes = await box(page, '.env-lanes');
    expect(terminal.y).toBeGreaterThanOrEqual(0);
    expect(terminal.y + terminal.height).toBeLessThanOrEqual(lanes.y);
    expect(lanes.y).toBeLessThan(900 - 150);
    expect(lanes.y + Math.min(lanes.height, 200)).toBeLessThanOrEqual(900);
    expect((await terminalSize(page)).cols).toBeGreaterThanOrEqual(80);
    await shot(page, 'desktop-diagram-1440x900');
    await context.close();
  });

  it('expands and collapses the lesson list, and remembers it', async () => {
    const { page, context } = await newWatchedPage(browser(), desktop);
    await page.goto(lessonUrl('data-keys'));
    const toggle = page.getByRole('button', { name: 'Lesson titles' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('.lesson-nav .lesson-title').first().isVisible()).toBe(true);
    expect((await box(page, '.lesson-nav')).width).toBeGreaterThan(200);
    expect(await axeAudit(page)).toEqual([]);
    await page.reload();
    expect(await page.getByRole('button', { name: 'Lesson titles' }).getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('button', { name: 'Lesson titles' }).click();
    await page.reload();
    expect((await box(page, '.lesson-nav')).width).toBeLessThan(80);
    await context.close();
  });

  it('widens the sandbox with the drag handle or its arrow keys, remembers the width, and Enter restores the default', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), desktop);
    await page.goto(lessonUrl('kms-and-integrations'));
    await waitForTerminal(page);
    const start = await box(page, '.sandbox-pane');
    const handle = page.getByRole('separator', { name: 'Sandbox width' });
    const grip = await box(page, '[data-sandbox-resizer]');
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x + grip.width / 2 - 100, grip.y + grip.height / 2, { steps: 5 });
    await page.mouse.move(grip.x + grip.width / 2 - 200, grip.y + grip.height / 2, { steps: 5 });
    await page.mouse.up();
    const wider = await box(page, '.sandbox-pane');
    expect(wider.width).toBeGreaterThan(start.width + 180);
    await page.waitForFunction((w) => Number(document.querySelector('[data-sandbox-resizer]')?.getAttribute('aria-valuenow')) === Math.round(w), wider.width);
    await expect(handle.getAttribute('aria-valuetext')).resolves.toMatch(/about (\d+) terminal columns/);
    await page.waitForFunction(() => document.querySelectorAll('.sbx-terminal .xterm-rows > div').length > 0);
    expect((await terminalSize(page)).cols).toBeGreaterThan(95);

    await page.reload();
    await waitForTerminal(page);
    expect(Math.abs((await box(page, '.sandbox-pane')).width - wider.width)).toBeLessThan(2);

    await handle.focus();
    await page.keyboard.press('ArrowRight');
    expect(Math.round((await box(page, '.sandbox-pane')).width)).toBe(Math.round(wider.width - 32));
    await page.keyboard.press('Enter');
    expect(Math.abs((await box(page, '.sandbox-pane')).width - start.width)).toBeLessThan(2);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('maximises the sandbox: the terminal and the diagram side by side over the whole width, remembered until restored', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), desktop);
    await page.goto(lessonUrl('data-keys'));
    await waitForTerminal(page);
    const maximise = page.getByRole('button', { name: 'Maximise' });
    expect(await maximise.getAttribute('aria-pressed')).toBe('false');
    await maximise.click();
    expect(await maximise.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#lesson-text .prose').isVisible()).toBe(false);
    const pane = await box(page, '.sandbox-pane');
    expect(pane.width).toBeGreaterThan(1300);
    const terminal = await box(page, '.sbx-terminal');
    const views = await box(page, '.sbx-panels');
    expect(views.x).toBeGreaterThanOrEqual(terminal.x + terminal.width - 1);
    expect(views.y).toBeLessThan(300);
    expect((await terminalSize(page)).cols).toBeGreaterThanOrEqual(80);
    await shot(page, 'desktop-maximised-1440x900');
    expect(await axeAudit(page)).toEqual([]);
    await page.reload();
    await waitForTerminal(page);
    expect(await page.locator('#lesson-text .prose').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Maximise' }).click();
    expect(await page.locator('#lesson-text .prose').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
