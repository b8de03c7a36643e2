import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listFiles } from '../support/build-site.ts';
import { useBrowser, newWatchedPage, screenshot } from './browser.ts';

const siteUrl = inject('siteUrl');
const lessonUrl = new URL('lessons/data-keys/', siteUrl).href;
const browser = useBrowser();

async function boxes(page: Page) {
  const box = async (selector: string) => {
    const b = await page.locator(selector).boundingBox();
    if (!b) throw new Error(`${selector} is not visible`);
    return b;
  };
  return { nav: await box('.lesson-nav'), lesson: await box('.lesson'), sandbox: await box('.sandbox-pane') };
}

const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('the lesson layout', () => {
  it('puts the lesson list, the lesson and the sandbox side by side on a wide screen', async () => {
    const { page, problems, context } = await newWatchedPage(browser(), { viewport: { width: 1440, height: 900 } });
    await page.goto(lessonUrl);
    const { nav, lesson, sandbox } = await boxes(page);
    expect(nav.x + nav.width).toBeLessThanOrEqual(lesson.x);
    expect(lesson.x + lesson.width).toBeLessThanOrEqual(sandbox.x);
    expect(Math.abs(lesson.y - sandbox.y)).toBeLessThan(5);
    expect(await overflowsSideways(page)).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps lesson and sandbox side by side on a laptop, with the lesson list under the lesson', async () => {
    const { page, context } = await newWatchedPage(browser(), { viewport: { width: 1024, height: 768 } });
    await page.goto(lessonUrl);
    const { nav, lesson, sandbox } = await boxes(page);
    expect(lesson.x + lesson.width).toBeLessThanOrEqual(sandbox.x);
    expect(nav.y).toBeGreaterThanOrEqual(lesson.y + lesson.height);
    expect(await overflowsSideways(page)).toBe(false);
    await context.close();
  });

  it('stacks the sandbox below the lesson on a phone, without sideways scrolling', async () => {
    const { page, problems, context } = await newWatchedPage(browser(), {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(lessonUrl);
    const { nav, lesson, sandbox } = await boxes(page);
    expect(sandbox.y).toBeGreaterThanOrEqual(lesson.y + lesson.height);
    expect(nav.y).toBeGreaterThanOrEqual(sandbox.y + sandbox.height);
    expect(sandbox.width).toBeGreaterThan(300);
    expect(await overflowsSideways(page)).toBe(false);
    // The theme toggle shrinks to an icon but keeps a touch-sized target and its name.
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    const target = (await toggle.boundingBox())!;
    expect(Math.min(target.width, target.height)).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'lesson-mobile');

    await page.goto(siteUrl);
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'home-mobile');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('never scrolls sideways on a phone, on any page', async () => {
    const { page, problems, context } = await newWatchedPage(browser(), { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const paths = listFiles(inject('distDir'))
      .filter((file) => file.endsWith('index.html'))
      .map((file) => file.replace(/index\.html$/, ''));
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(new URL(path, siteUrl).href);
      if (await overflowsSideways(page)) wide.push(path || '/');
    }
    await page.goto(new URL('guides/how-faithful/', siteUrl).href);
    await screenshot(page, 'guide-mobile');
    expect(wide).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('a lesson loading over a slow link', () => {
  /** The page's layout shifts (CLS) from navigation until the sandbox and its panels have settled. */
  async function shiftsWhileLoading(viewport: { width: number; height: number }, mobile: boolean): Promise<{ total: number; moved: string[] }> {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport, isMobile: mobile, hasTouch: mobile });
    await page.addInitScript(() => {
      const w = window as unknown as { shifts: { value: number; nodes: string[] }[] };
      w.shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources: { node?: Node }[] }[]) {
          if (!entry.hadRecentInput) w.shifts.push({ value: entry.value, nodes: entry.sources.map((s) => (s.node instanceof Element ? s.node.className || s.node.tagName : String(s.node?.nodeName))) });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // Slow enough that Chromium paints the lesson while its HTML still arrives, as on a phone network.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 90_000 });
    await page.goto(lessonUrl);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1500);
    const shifts = await page.evaluate(() => (window as unknown as { shifts: { value: number; nodes: string[] }[] }).shifts);
    expect(problems).toEqual([]);
    await context.close();
    return { total: shifts.reduce((sum, s) => sum + s.value, 0), moved: shifts.filter((s) => s.value > 0.01).flatMap((s) => s.nodes) };
  }

  // Lighthouse counts a CLS up to 0.1 as good; the page stays well inside it on both layouts.
  it('does not shift as it arrives on a phone', async () => {
    const { total, moved } = await shiftsWhileLoading({ width: 412, height: 823 }, true);
    expect(moved).toEqual([]);
    expect(total).toBeLessThan(0.05);
  }, 60_000);

  it('does not shift as it arrives beside the sandbox (its column is held from the first paint)', async () => {
    const { total, moved } = await shiftsWhileLoading({ width: 1350, height: 940 }, false);
    expect(moved.filter((node) => !/env-|sbx-terminal|xterm/.test(node))).toEqual([]);
    expect(total).toBeLessThan(0.05);
  }, 60_000);
});
