/**
 * Pages and tables in Chromium: the Keys and Audit log panels at phone and desktop widths
 * (every column header visible, or cards whose every field is labelled, and nothing cut off),
 * the theme button's state in both themes, the home page after progress, the cheat sheet's
 * ▶ commands, exercise solutions that fit their box, ▶ blocks that never break inside a flag,
 * and the Create key wizard's ▶.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';
import { addStyleSheet, axeAudit, newWatchedPage, screenshotDir, useBrowser } from './browser.ts';
import { openSandbox, typeCommand, waitForScreen } from './terminal-helpers.ts';

const siteUrl = inject('siteUrl');
const distDir = inject('distDir');
const pageUrl = (path: string) => new URL(path, siteUrl).href;
const browser = useBrowser();
const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `pages-${name}.png`) });

interface TableReport {
  stacked: boolean;
  /** Horizontal overflow of the table's box (0: nothing cut off). */
  overflow: number;
  /** Column headers (table mode) or fields (card mode) that are not fully visible or not labelled. */
  problems: string[];
  rows: number;
}

/** How a panel's table looks now: a table with every header in view, or cards with every field labelled and inside its card. */
function inspectTable(panel: Locator): Promise<TableReport> {
  return panel.evaluate((root) => {
    const box = root.querySelector('.inv-scroll')!;
    const limit = box.getBoundingClientRect();
    const rows = [...root.querySelectorAll<HTMLElement>('tbody tr.inv-row')];
    const stacked = rows.length > 0 && getComputedStyle(rows[0]!).display === 'grid';
    const problems: string[] = [];
    const inside = (r: DOMRect, outer: DOMRect) => r.width > 0 && r.left >= outer.left - 1 && r.right <= outer.right + 1;
    if (!stacked) {
      for (const th of root.querySelectorAll<HTMLElement>('thead th')) {
        if (!inside(th.getBoundingClientRect(), limit)) problems.push(`header ${th.textContent} is outside the visible box`);
      }
    } else {
      for (const row of rows) {
        const card = row.getBoundingClientRect();
        for (const cell of row.querySelectorAll<HTMLElement>('th, td')) {
          const label = cell.dataset['label'];
          const shown = getComputedStyle(cell, '::before').content;
          if (!label || !shown.includes(label)) problems.push(`a field without its label (${label ?? 'none'}: ${shown})`);
          for (const child of cell.querySelectorAll<HTMLElement>('*')) {
            if (child.getClientRects().length > 0 && !child.matches('.visually-hidden') && !inside(child.getBoundingClientRect(), card)) {
              problems.push(`${label}: "${child.textContent}" spills out of its card`);
            }
          }
        }
      }
    }
    return { stacked, overflow: box.scrollWidth - box.clientWidth, problems, rows: rows.length };
  });
}

describe('the Keys and Audit log panels', () => {
  it('show every column header or every field labelled, with nothing cut off, from 360 px to 1440 px', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1440, height: 900 } });
    page.on('dialog', (dialog) => void dialog.accept());
    await openSandbox(page, 'key-summary-and-setup');
    for (const command of [
      "aws kms create-key --description 'Orders database, production, owned by the payments team' --query KeyMetadata.KeyId --output text > id",
      'aws kms create-alias --alias-name alias/orders-database-production --target-key-id $(cat id)',
      'aws kms encrypt --key-id alias/orders-database-production --plaintext aGk= --profile auditor',
    ]) {
      await typeCommand(page, command);
    }
    const report: Record<string, TableReport> = {};
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
      [360, 740],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [tab, panelId] of [
        ['Keys', '#sbx-panel-keys'],
        ['Audit log', '#sbx-panel-log'],
      ] as const) {
        await page.getByRole('tab', { name: tab }).click();
        const panel = page.locator(panelId);
        await panel.scrollIntoViewIfNeeded();
        const result = await inspectTable(panel);
        report[`${tab} ${width}`] = result;
        expect(result.rows, `${tab} at ${width}`).toBeGreaterThan(0);
        expect(result.overflow, `${tab} at ${width}: cut off`).toBeLessThanOrEqual(1);
        expect(result.problems, `${tab} at ${width}`).toEqual([]);
        await panel.screenshot({ path: join(screenshotDir, `pages-${tab === 'Keys' ? 'keys' : 'log'}-${width}.png`) });
      }
    }
    // The failed call's Result is on screen and labelled: the column the old table hid.
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await expect(page.locator('#sbx-panel-log td[data-label="Result"]').first().innerText()).resolves.toContain('AccessDeniedException');
    console.info(Object.entries(report).map(([k, r]) => `${k}: ${r.stacked ? 'cards' : 'table'}`).join('; '));
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('are a table with every header in view where the whole table fits', async () => {
    const { page, context } = await newWatchedPage(browser(), { viewport: { width: 2560, height: 1200 } });
    await openSandbox(page, 'key-summary-and-setup');
    // The widest row the log shows: a long operation name, a long error code, a long alias.
    for (const command of [
      'aws kms create-key --query KeyMetadata.KeyId --output text > id',
      'aws kms create-alias --alias-name alias/orders-database-production --target-key-id $(cat id)',
      'aws kms schedule-key-deletion --key-id $(cat id) > /dev/null',
      'aws kms generate-data-key-without-plaintext --key-id alias/orders-database-production --key-spec AES_256 --profile app',
    ]) {
      await typeCommand(page, command);
    }
    await page.getByRole('button', { name: 'Maximise' }).click();
    // No layout of the site gives the views 90rem today (a maximised sandbox gives them at most
    // 862 px, and they are cards there); give them the room a wider layout would, to see the table.
    await addStyleSheet(page, '.sbx-panels { width: 1500px; max-width: none; }');
    for (const [tab, panelId] of [
      ['Audit log', '#sbx-panel-log'],
      ['Keys', '#sbx-panel-keys'],
    ] as const) {
      await page.getByRole('tab', { name: tab }).click();
      const result = await inspectTable(page.locator(panelId));
      expect(result.stacked, tab).toBe(false);
      expect(result.overflow, tab).toBeLessThanOrEqual(1);
      expect(result.problems, tab).toEqual([]);
      await page.locator(panelId).screenshot({ path: join(screenshotDir, `pages-${tab === 'Keys' ? 'keys' : 'log'}-table-wide.png`) });
    }
    await context.close();
  });

  it('stay free of accessibility violations as cards, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context } = await newWatchedPage(browser(), { viewport: { width: 390, height: 844 }, colorScheme });
      await openSandbox(page, 'key-summary-and-setup');
      await typeCommand(page, 'aws kms encrypt --key-id alias/nope --plaintext aGk=');
      for (const tab of ['Keys', 'Audit log']) {
        await page.getByRole('tab', { name: tab }).click();
        const mine = (await axeAudit(page)).filter((f) => f.targets.some((t) => /sbx-panel-(keys|log)|inv-/.test(t)));
        expect(mine, `${tab} in ${colorScheme}`).toEqual([]);
      }
      await context.close();
    }
  }, 90_000);
});

describe('the theme button', () => {
  const toggle = (page: Page) => page.getByRole('button', { name: 'Dark theme', exact: true });
  /** Where the switch's knob sits in its track: 0 left (off), 1 right (on). */
  const knob = (page: Page) =>
    page.locator('.tt-switch').first().evaluate((track) => {
      const t = track.getBoundingClientRect();
      const k = track.querySelector('.tt-knob')!.getBoundingClientRect();
      return Math.round((k.left - t.left) / (t.width - k.width));
    });

  it('says whether the dark theme is on, in both themes, at desktop and phone widths', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1440, 390]) {
        const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width, height: 844 }, colorScheme });
        await page.goto(siteUrl);
        const dark = colorScheme === 'dark';
        await expect(toggle(page).getAttribute('aria-pressed')).resolves.toBe(String(dark));
        expect(await knob(page)).toBe(dark ? 1 : 0);
        await page.locator('.site-header').screenshot({ path: join(screenshotDir, `pages-theme-${colorScheme}-${width}.png`) });
        await toggle(page).click();
        await expect(page.evaluate(() => document.documentElement.dataset['theme'])).resolves.toBe(dark ? 'light' : 'dark');
        await expect(toggle(page).getAttribute('aria-pressed')).resolves.toBe(String(!dark));
        await expect.poll(() => knob(page)).toBe(dark ? 0 : 1);
        // The visible words stay the button's name: "Dark theme", on or off (shown where there is room).
        if (width === 1440) await expect(toggle(page).innerText()).resolves.toBe('Dark theme');
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  });
});

describe('the home page', () => {
  const progress = (exercises: string[], quizzes: string[]) =>
    JSON.stringify({
      format: 'kms-lab-progress',
      version: 1,
      exercises: Object.fromEntries(exercises.map((id) => [id, '2026-01-01T00:00:00.000Z'])),
      quizzes: Object.fromEntries(quizzes.map((id) => [id, { score: 9, total: 9, missed: [], at: '2026-01-01T00:00:00.000Z' }])),
    });

  it('starts at lesson 1, then continues from the stored progress', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1440, height: 900 } });
    await page.goto(siteUrl);
    const cta = page.locator('.hero [data-resume-link]');
    await expect(cta.innerText()).resolves.toBe('Start with lesson 1');
    // Lesson 1 done: both exercises and the quiz.
    await page.evaluate((value) => localStorage.setItem('kms-lab-progress', value), progress(['kms-intro-find-ebs-key', 'kms-intro-app-identity'], ['kms-and-integrations']));
    await page.goto(siteUrl);
    await expect(cta.innerText()).resolves.toMatch(/^Continue with lesson 2: /);
    expect(await cta.getAttribute('href')).toMatch(/\/kms-lab\/lessons\/customer-master-keys\/$/);
    await expect(page.locator('.hero [data-resume-summary]').innerText()).resolves.toMatch(/1 of 6 lessons done · 2 of \d+ exercises passed · 1 of 6 quizzes answered/);
    await shot(page, 'home-continue');
    await cta.click();
    await page.waitForURL(/customer-master-keys/);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the cheat sheet', () => {
  /** The ▶ commands as the built page sends them, in page order. */
  function builtCommands(): { command: string; meantToFail: boolean }[] {
    const html = readFileSync(join(distDir, 'guides/cheat-sheet/index.html'), 'utf8');
    const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    return [...html.matchAll(/<div class="run-block"[^>]*>([\s\S]*?)<\/div>/g)].map((m) => ({
      command: decode(/data-run-command="([^"]*)"/.exec(m[1]!)![1]!),
      meantToFail: /class="run-note"/.test(m[1]!),
    }));
  }

  it('runs every ▶ command as written, in order, in a fresh sandbox', async () => {
    const blocks = builtCommands();
    expect(blocks.length).toBeGreaterThanOrEqual(40);
    const box = await Sandbox.create({ seed: 21 });
    for (const { command, meantToFail } of blocks) {
      const result = await runText(box.session, command);
      expect(result.exitCode !== 0, `${command}\n${result.stderr}`).toBe(meantToFail);
    }
  });

  it('has the sandbox beside it, and its ▶ buttons run there', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1440, height: 900 } });
    await page.goto(pageUrl('guides/cheat-sheet/'));
    await expect(page.locator('#sandbox').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: /^Run in the sandbox: KEYID=/ }).click();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    await waitForScreen(page, /KEYID=[\s\S]*\$\s*$/);
    await page.getByRole('button', { name: /^Run in the sandbox: aws kms list-aliases --key-id \$KEYID/ }).scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: /^Run in the sandbox: aws kms create-alias --alias-name alias\/orders/ }).click();
    await page.getByRole('button', { name: /^Run in the sandbox: aws kms list-aliases --key-id \$KEYID/ }).click();
    await waitForScreen(page, /\nalias\/orders\s*\n[\s\S]*\$\s*$/);
    await shot(page, 'cheat-sheet');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('commands on the page', () => {
  /**
   * Every place where a <pre> inside `scope` breaks a line, as [the word broken, whether it
   * fits on a line at all]: a break inside a word that fits is a break inside a flag or value.
   */
  function midWordBreaks(page: Page, scope: string) {
    return page.evaluate((selector) => {
      const found: string[] = [];
      for (const pre of document.querySelectorAll<HTMLElement>(`${selector} pre`)) {
        const style = getComputedStyle(pre);
        const width = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const chars: { node: Text; i: number }[] = [];
        const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) for (let i = 0; i < n.length; i++) chars.push({ node: n, i });
        let text = '';
        const tops: number[] = [];
        const lefts: number[] = [];
        for (const { node, i } of chars) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const r = range.getBoundingClientRect();
          text += node.data[i];
          tops.push(r.top);
          lefts.push(r.width);
        }
        const charWidth = Math.max(...lefts.filter((w) => w > 0));
        for (let k = 1; k < text.length; k++) {
          if (tops[k]! <= tops[k - 1]! + 2 || /\s/.test(text[k - 1]!) || /\s/.test(text[k]!)) continue;
          const start = text.slice(0, k).search(/\S+$/);
          const word = text.slice(start).match(/^\S+/)![0];
          if (word.length * charWidth <= width) found.push(word);
        }
      }
      return found;
    }, scope);
  }

  it('▶ blocks break lines between arguments, never inside a flag, at 360, 390 and 1440 px', async () => {
    for (const [width, height] of [
      [360, 740],
      [390, 844],
      [1440, 900],
    ] as const) {
      const { page, context } = await newWatchedPage(browser(), { viewport: { width, height } });
      for (const lesson of ['kms-api-calls', 'key-summary-and-setup']) {
        await page.goto(pageUrl(`lessons/${lesson}/`));
        const wrapped = await page.locator('.run-block pre').evaluateAll((pres) => pres.filter((p) => p.getBoundingClientRect().height > 60).length);
        expect(wrapped, `${lesson} at ${width}: some commands wrap`).toBeGreaterThan(0);
        expect(await midWordBreaks(page, '.run-block'), `${lesson} at ${width}`).toEqual([]);
        if (width === 390 && lesson === 'kms-api-calls') {
          await page.locator('.run-block').filter({ hasText: '--encryption-context' }).first().screenshot({ path: join(screenshotDir, 'pages-run-block-390.png') });
        }
      }
      await context.close();
    }
  }, 180_000);

  it('an exercise solution fits its box (it wraps, between words) on a phone and a desktop', async () => {
    for (const [width, height] of [
      [390, 844],
      [1440, 900],
    ] as const) {
      const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width, height } });
      await page.goto(pageUrl('lessons/key-summary-and-setup/'));
      const button = page.getByRole('button', { name: 'Solution', exact: true }).first();
      await button.scrollIntoViewIfNeeded();
      await expect.poll(async () => {
        await button.click();
        return button.getAttribute('aria-expanded');
      }, { timeout: 20_000 }).toBe('true');
      const pre = page.locator('.course-solution pre').first();
      const { scrollWidth, clientWidth } = await pre.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scrollWidth, `solution at ${width}`).toBeLessThanOrEqual(clientWidth);
      expect(await midWordBreaks(page, '.course-solution'), `solution at ${width}`).toEqual([]);
      await page.locator('.course-solution').first().screenshot({ path: join(screenshotDir, `pages-solution-${width}.png`) });
      expect(problems).toEqual([]);
      await context.close();
    }
  }, 60_000);

  it("the Create key wizard's command to try has a ▶ that runs it in the sandbox", async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1440, height: 900 } });
    await page.goto(pageUrl('lessons/key-summary-and-setup/'));
    const wizard = page.locator('.wiz');
    await wizard.scrollIntoViewIfNeeded();
    const next = wizard.getByRole('button', { name: 'Next' });
    await expect.poll(async () => {
      await next.click();
      return wizard.getByLabel('Alias').count();
    }, { timeout: 20_000 }).toBe(1);
    await wizard.getByLabel('Alias').fill('wizard-try');
    await next.click();
    await wizard.getByRole('checkbox', { name: /KeyAdmin/ }).check();
    await next.click();
    await wizard.getByRole('checkbox', { name: /AppRole/ }).check();
    await next.click();
    await wizard.getByRole('button', { name: 'Create key' }).click();
    const run = wizard.getByRole('button', { name: 'Run in the sandbox: aws kms encrypt --key-id alias/wizard-try --plaintext aGk= --profile app' });
    await run.waitFor({ timeout: 20_000 });
    await wizard.screenshot({ path: join(screenshotDir, 'pages-wizard-try.png') });
    await run.click();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    await waitForScreen(page, /"CiphertextBlob": "[^"]+"[\s\S]*"KeyId": "arn:aws:kms:[^"]+"[\s\S]*\$\s*$/);
    expect(problems).toEqual([]);
    await context.close();
  });
});
