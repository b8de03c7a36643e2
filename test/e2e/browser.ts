import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Route } from 'playwright-core';

export const screenshotDir = join(import.meta.dirname, 'screenshots');

/**
 * Debian's Chromium with the flags this machine needs (no sandbox as root,
 * no background network, which is closed here). playwright-core gives every
 * launch a fresh, temporary user-data-dir of its own. CHROMIUM_PATH points
 * elsewhere on machines that have Chrome instead.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** One Chromium for the calling test file, launched before its tests and closed after them. */
export function useBrowser(): () => Browser {
  let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    launched = await launchBrowser();
  });
  afterAll(() => launched?.close());
  return () => {
    if (!launched) throw new Error('the browser is only available inside tests');
    return launched.browser;
  };
}

/** A page that records everything that should never happen on the site. */
export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught exceptions, failed requests and HTTP errors seen so far. */
  problems: string[];
}

export function watch(page: Page, { expectStatus = new Set<string>() } = {}): WatchedPage {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // ERR_ABORTED is a load cancelled by the next navigation (often the
    // favicon); a missing file shows up as an HTTP error below instead.
    const error = request.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${error})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !expectStatus.has(response.url())) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  return { page, problems };
}

export async function newWatchedPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<WatchedPage & { context: BrowserContext }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  return { context, ...watch(page) };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Adds CSS to the page for a test. Through CSSOM, because the site's Content-Security-Policy
 * refuses inline <style> elements (page.addStyleTag makes one).
 */
export async function addStyleSheet(page: Page, css: string): Promise<void> {
  await page.evaluate((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, css);
}

/** Runs axe-core in the page against WCAG 2.2 A/AA and best practices; returns every violation. */
export async function axeAudit(page: Page): Promise<AxeFinding[]> {
  // Evaluated by the browser's debugging protocol, which the page's Content-Security-Policy does
  // not govern (an inline <script>, page.addScriptTag's way, it refuses).
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    // Judge what stays on screen: an item fading in (the envelope diagram's) is mid-opacity for 450 ms.
    // A looping animation (a spinner) has no end to jump to: leave it running.
    for (const animation of document.getAnimations()) {
      if (Number.isFinite(animation.effect?.getComputedTiming().endTime ?? Number.POSITIVE_INFINITY)) animation.finish();
    }
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/** Holds back the scripts matching `pattern` until release() is called, as a slow phone would. */
export async function holdScripts(page: Page, pattern: RegExp): Promise<() => void> {
  const held: Route[] = [];
  let released = false;
  await page.route(pattern, (route) => (released ? route.continue() : void held.push(route)));
  return () => {
    released = true;
    for (const route of held.splice(0)) void route.continue();
  };
}
