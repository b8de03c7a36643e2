// Measurements the layout tests share: the terminal's size in characters, element boxes, finished runs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotDir } from './browser.ts';

export const siteUrl = inject('siteUrl');
export const lessonUrl = (id: string, query = '') => new URL(`lessons/${id}/${query}`, siteUrl).href;

/** Columns and rows as xterm laid them out: the screen's width over its measured cell, and its row elements. */
export function terminalSize(page: Page): Promise<{ cols: number; rows: number }> {
  return page.evaluate(() => {
    const screen = document.querySelector<HTMLElement>('.sbx-terminal .xterm-screen')!;
    // xterm measures its cell on 32 "W"s in this helper element.
    const measure = document.querySelector<HTMLElement>('.sbx-terminal .xterm-char-measure-element')!;
    const cell = measure.getBoundingClientRect().width / 32;
    return { cols: Math.round(screen.getBoundingClientRect().width / cell), rows: document.querySelectorAll('.sbx-terminal .xterm-rows > div').length };
  });
}

export async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}

/** The terminal's visible text, one line per row. */
export const screenText = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('.sbx-terminal .xterm-rows > div')].map((row) => row.textContent ?? '').join('\n'));

/**
 * Does `action` and waits until it has run `command` in the terminal: the command is the newest
 * line of its history, the screen has changed since before the action, and the prompt is back.
 * (xterm draws on the next frame, so the history alone would be seen before the output.)
 */
export async function runs(page: Page, command: string, action: () => Promise<unknown>, timeout = 20_000): Promise<void> {
  const before = await page.evaluate(() => [...document.querySelectorAll('.sbx-terminal .xterm-rows > div')].map((row) => row.textContent ?? '').join('\n'));
  await action();
  await page.waitForFunction(
    ({ cmd, before }) => {
      let lines: unknown;
      try {
        lines = JSON.parse(localStorage.getItem('kms-lab-history') ?? '[]');
      } catch {
        return false;
      }
      const rows = [...document.querySelectorAll('.sbx-terminal .xterm-rows > div')].map((row) => row.textContent ?? '');
      const last = rows.map((r) => r.trimEnd()).filter(Boolean).at(-1) ?? '';
      return Array.isArray(lines) && lines.at(-1) === cmd && rows.join('\n') !== before && /\$$/.test(last);
    },
    { cmd: command, before },
    { timeout },
  );
}

/** Whether the keyboard focus is in the terminal (xterm's hidden textarea). */
export const focusInTerminal = (page: Page) => page.evaluate(() => document.activeElement?.closest('.xterm') != null);

export const waitForTerminal = (page: Page) => page.locator('.sbx-terminal .xterm-screen').waitFor({ timeout: 20_000 });

/** A screenshot of what the window shows (a full-page one would resize the window, and these layouts follow its height). */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}
