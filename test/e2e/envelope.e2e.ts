/**
 * The envelope diagram in Chromium: failed commands draw only what happened (a failed Decrypt
 * draws no plaintext data key and no "local cipher" inside KMS; a failed `openssl enc -d` draws no
 * file it could not read), and an abbreviated option the CLI accepts is drawn as the CLI ran it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newWatchedPage, screenshotDir, useBrowser } from './browser.ts';
import { lessonUrl, openSandbox, typeCommand } from './terminal-helpers.ts';

const browser = useBrowser();
/** Where the closing note's screenshots go (the git-ignored folder keeps a copy too). */
const SHOTS = process.env['ENVELOPE_SHOTS'] ?? screenshotDir;

async function openSeeded(page: Page): Promise<Locator> {
  await openSandbox(page);
  page.on('dialog', (dialog) => void dialog.accept());
  await typeCommand(page, 'sim seed 13');
  return page.locator('#sbx-panel-envelope');
}

/** The diagram once the newest scene has played to its last step (the Step forward button is off). */
async function settled(panel: Locator, title: RegExp): Promise<string> {
  await expect.poll(() => panel.locator('.env-scene-title').innerText(), { timeout: 10_000 }).toMatch(title);
  const forward = panel.getByRole('button', { name: /Step forward/ });
  await expect.poll(() => forward.getAttribute('aria-disabled'), { timeout: 15_000 }).toBe('true');
  return panel.innerText();
}

async function shoot(page: Page, panel: Locator, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // As a learner scrolls: the scene's header and caption first, then the lanes.
  await panel.locator('.env-header').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await panel.locator('.env-lanes').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(SHOTS, `${name}-lanes.png`) });
}

const SETUP = [
  "KEY=$(aws kms create-key --description 'envelope failures' --query KeyMetadata.KeyId --output text)",
  // A classic slip: the base64 text is saved as it is, without base64 --decode.
  'aws kms generate-data-key-without-plaintext --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text > datakey.enc',
];

describe('the envelope diagram after failures', () => {
  for (const { width, height } of [
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ]) {
    it(`draws a failed Decrypt and a failed openssl enc -d as failures, creating nothing (${width}×${height})`, async () => {
      const mobile = width < 600;
      const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width, height }, ...(mobile ? { hasTouch: true, isMobile: true } : {}) });
      const panel = await openSeeded(page);
      for (const line of SETUP) await typeCommand(page, line);
      // Next day: the page loads again with the saved sandbox, and a diagram that has seen nothing yet.
      await page.reload();
      await page.locator('#sandbox').scrollIntoViewIfNeeded();
      await page.locator('.xterm').waitFor({ timeout: 20_000 });
      await page.locator('.xterm').click();

      await typeCommand(page, 'aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode > datakey.bin');
      const decrypt = await settled(panel, /^Decrypt$/);
      await shoot(page, panel, `envelope-failed-decrypt-${width}x${height}`);
      expect(decrypt).toContain('stopped with an error');
      expect(decrypt).toContain('InvalidCiphertextException');
      expect(decrypt).not.toContain('local cipher');
      expect(decrypt).not.toContain('Plaintext data key');
      // The redirection made an empty datakey.bin; the diagram does not pretend it holds a key.
      expect(await panel.locator('.env-item-label', { hasText: 'datakey.bin' }).count()).toBe(0);

      await typeCommand(page, 'openssl enc -d -aes-256-cbc -K 0000000000000000000000000000000000000000000000000000000000000000 -iv 00000000000000000000000000000000 -in report.enc');
      const openssl = await settled(panel, /^openssl enc$/);
      await shoot(page, panel, `envelope-failed-openssl-${width}x${height}`);
      expect(openssl).toContain('stopped with an error');
      expect(openssl).toMatch(/openssl stops/);
      expect(await panel.locator('.env-item-label', { hasText: 'report.enc' }).count()).toBe(0);

      // An abbreviated option, as the CLI's argparse accepts it: drawn from what the CLI says it did.
      await typeCommand(page, 'aws kms generate-data-key-without-plaintext --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text | base64 --decode > datakey.enc');
      await typeCommand(page, 'aws kms decrypt --ciphertext-b fileb://datakey.enc --qu Plaintext --output text | base64 --decode > datakey.bin');
      const back = await settled(panel, /^Decrypt$/);
      await shoot(page, panel, `envelope-prefix-options-${width}x${height}`);
      expect(back).toContain('Your machine sends the encrypted data key datakey.enc to KMS.');
      expect(back).toContain('The plaintext data key comes back to your machine, saved in datakey.bin.');
      expect(back).not.toContain('stopped with an error');

      expect(problems).toEqual([]);
      await context.close();
      // Three scenes play out step by step at the learner's speed: more than the default 30 s.
    }, 120_000);
  }
});

describe('the envelope diagram, loaded after the first prompt', () => {
  it('still draws what ran before its code arrived', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 720 } });
    await page.goto(lessonUrl());
    await page.waitForFunction(() => window.kmsLab?.host !== undefined, undefined, { timeout: 30_000, polling: 'raf' });
    // At once, as a ▶ pressed while the page loads runs (the panels usually are not there yet).
    const status = await page.evaluate(async () => {
      const session = window.kmsLab!.host.sandbox.session;
      const key = await session.run('KEY=$(aws kms create-key --query KeyMetadata.KeyId --output text)');
      return key.exitCode || (await session.run('aws kms generate-data-key --key-id $KEY --key-spec AES_256 >/dev/null')).exitCode;
    });
    expect(status).toBe(0);
    const shown = await settled(page.locator('#sbx-panel-envelope'), /^GenerateDataKey$/);
    expect(shown).toMatch(/plaintext data key/i);
    expect(problems).toEqual([]);
    await context.close();
  });
});
