/**
 * Opening a lesson's sandbox and giving it the state a figure is measured
 * at: fresh (a key aliased alias/x and a 4 KB file, as the measured commands
 * need) or large (1,000 keys and 10,000 audit events). Large states are built
 * through the page's own sandbox (window.kmsLab.host), a hundred commands to
 * a line, so building takes seconds where typing would take an hour.
 */
import type { Page } from 'playwright-core';
import { installPageProbe } from './page-probe.ts';

export const LESSON = 'data-keys';
export const LARGE_KEYS = 1000;
export const LARGE_EVENTS = 10_000;
/** A bare prompt on a row of its own: the terminal is waiting for a command. */
export const PROMPT_PATTERN = String.raw`^\S+@kms-lab:\S*\$$`;

export const lessonUrl = (siteUrl: string, id = LESSON) => new URL(`lessons/${id}/`, siteUrl).href;

/** Loads the lesson and waits until its terminal shows a prompt and the page has settled, then puts the keyboard in it. */
export async function openSandbox(page: Page, siteUrl: string): Promise<void> {
  await page.addInitScript(installPageProbe);
  await page.goto(lessonUrl(siteUrl));
  await waitForPrompt(page);
  await waitForSettled(page);
}

/**
 * Until the sandbox's island has hydrated and drawn its panels (they come after the prompt):
 * per-command figures are about a page at rest; what starting costs is measured apart (startup.ts).
 */
export async function waitForSettled(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('[role="tab"]').first().waitFor({ timeout });
  await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 2000 })));
  await page.locator('.xterm-helper-textarea').focus();
}

export async function waitForPrompt(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => window.kmsLab?.host !== undefined, null, { timeout });
  await page.waitForFunction((pattern) => new RegExp(pattern, 'm').test(window.kmsBench?.screen() ?? ''), PROMPT_PATTERN, { timeout });
  await page.locator('.xterm-helper-textarea').focus();
}

/** Runs lines through the page's sandbox session (as the terminal would, minus the typing), returning the last exit status. */
export async function runInSandbox(page: Page, lines: readonly string[]): Promise<number> {
  return page.evaluate(async (all) => {
    const session = window.kmsLab!.host.sandbox.session;
    let status = 0;
    for (const line of all) status = (await session.run(line)).exitCode;
    return status;
  }, lines);
}

export interface SandboxCounts {
  keys: number;
  /** Audit events since the sandbox began (auditCount() where the page has it, else the log's length). */
  events: number;
}

export function counts(page: Page): Promise<SandboxCounts> {
  return page.evaluate(() => {
    const kms = window.kmsLab!.host.sandbox.kms as { auditCount?: () => number; auditLog(): readonly unknown[]; names(): { keyIds: string[] } };
    return { keys: kms.names().keyIds.length, events: kms.auditCount?.() ?? kms.auditLog().length };
  });
}

/** alias/x and 4k.bin, unless the sandbox has them already (a restored one does). */
export async function prepareFresh(page: Page): Promise<void> {
  const status = await runInSandbox(page, [
    'aws kms describe-key --key-id alias/x >/dev/null 2>&1 || aws kms create-alias --alias-name alias/x --target-key-id $(aws kms create-key --query KeyMetadata.KeyId --output text)',
    'ls 4k.bin >/dev/null 2>&1 || openssl rand -out 4k.bin 4096',
  ]);
  if (status !== 0) throw new Error(`setting up alias/x and 4k.bin failed (status ${status})`);
}

const chained = (command: string, times: number) => Array.from({ length: times }, () => `${command} >/dev/null`).join('; ');

/**
 * How a large state is built. 'events': every command's events reach the page
 * (panels, diagram, saves), as typed commands' do; faithful, but on a page
 * that redraws every panel per KMS call it takes many minutes. 'quiet': the
 * session publishes nothing while building, then one ordinary command lets
 * the page catch up and save; measure it after a reload, as a returning
 * learner meets it.
 */
export type GrowMode = 'events' | 'quiet';

/** Grows the sandbox to `keys` keys and `events` audit events, 100 commands a line. */
export async function growSandbox(page: Page, mode: GrowMode, keys = LARGE_KEYS, events = LARGE_EVENTS, log: (text: string) => void = () => {}): Promise<SandboxCounts> {
  await prepareFresh(page);
  if (mode === 'quiet') await page.evaluate(() => {
    const session = window.kmsLab!.host.sandbox.session;
    session.emit = () => {};
  });
  let now = await counts(page);
  const started = Date.now();
  try {
    while (now.keys < keys) {
      await runInSandbox(page, [chained('aws kms create-key', Math.min(100, keys - now.keys))]);
      now = await counts(page);
    }
    log(`  ${now.keys} keys after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    while (now.events < events) {
      await runInSandbox(page, [chained('aws kms encrypt --key-id alias/x --plaintext fileb://4k.bin', Math.min(100, events - now.events))]);
      now = await counts(page);
    }
    log(`  ${now.events} audit events after ${((Date.now() - started) / 1000).toFixed(1)} s (${mode})`);
  } finally {
    // The session's own emit again (it lives on the prototype).
    if (mode === 'quiet') await page.evaluate(() => Reflect.deleteProperty(window.kmsLab!.host.sandbox.session, 'emit'));
  }
  if (mode === 'quiet') await runInSandbox(page, ['aws kms describe-key --key-id alias/x']);
  return now;
}

/** Reloads the page and checks the large state came back (a save that missed part of it would make every later figure meaningless). */
export async function reloadLarge(page: Page, keys = LARGE_KEYS, events = LARGE_EVENTS): Promise<SandboxCounts> {
  await saved(page);
  await page.reload();
  await waitForPrompt(page);
  await waitForSettled(page);
  const now = await counts(page);
  if (now.keys < keys || now.events < events) {
    throw new Error(`after the reload the sandbox has ${now.keys} keys and ${now.events} audit events, not ${keys} and ${events}: the grown state was not saved or not restored`);
  }
  return now;
}

/** Waits until every save asked for so far has been written (the host chains or coalesces them; this one comes last). */
export async function saved(page: Page): Promise<void> {
  await page.evaluate(() => window.kmsLab!.host.save());
}
