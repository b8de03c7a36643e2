import { describe, expect, it } from 'vitest';
import { holdScripts, newWatchedPage, screenshotDir, useBrowser } from './browser.ts';
import { lessonUrl, openSandbox, screen, typeCommand, waitForScreen } from './terminal-helpers.ts';
import { join } from 'node:path';

const browser = useBrowser();

describe('the sandbox', () => {
  it('runs the envelope-encryption walkthrough typed with real keystrokes, and the diagram and inventory follow', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1400, height: 900 } });
    await openSandbox(page);
    // A seeded account, so the data key is the same every run (`-pass file:` reads only the
    // key's first line; an unlucky random key starting with a newline byte would fail as in OpenSSL).
    page.on('dialog', (dialog) => void dialog.accept());
    await typeCommand(page, 'sim seed 11');
    const walkthrough = [
      "KEY=$(aws kms create-key --description 'envelope demo' --query KeyMetadata.KeyId --output text)",
      "PARTS=$(aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query '[Plaintext,CiphertextBlob]' --output text)",
      'echo ${PARTS%%[[:space:]]*} | base64 --decode > datakey.bin',
      'echo ${PARTS##*[[:space:]]} | base64 --decode > datakey.enc',
      'echo "top secret report" > report.txt',
      'openssl enc -aes-256-cbc -pbkdf2 -pass file:datakey.bin -in report.txt -out report.enc',
      'rm datakey.bin report.txt',
      'ls',
    ];
    for (const command of walkthrough) await typeCommand(page, command);
    expect(await screen(page)).toMatch(/datakey\.enc[\s\S]*report\.enc/);
    // The diagram shows the last command that changed something: the plaintext data key deleted
    // (in the panels' refresh after the output, panel-feed.ts).
    await expect.poll(() => page.locator('#sbx-panel-envelope').innerText(), { timeout: 10_000 }).toMatch(/datakey\.bin is deleted/);
    await typeCommand(page, 'aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 --decode > datakey.bin');
    await typeCommand(page, 'openssl enc -d -aes-256-cbc -pbkdf2 -pass file:datakey.bin -in report.enc');
    await waitForScreen(page, 'top secret report');

    // Keystroke to output for aws kms encrypt, reported (not asserted: timings belong in benchmarks).
    await page.keyboard.type('aws kms encrypt --key-id $KEY --plaintext fileb://datakey.bin --query KeyId --output text');
    const started = await page.evaluate(() => performance.now());
    await page.keyboard.press('Enter');
    // The next prompt (the line ends with `$`) means the output has been written.
    await page.waitForFunction(() => (document.querySelector('.xterm-rows') as HTMLElement | null)?.innerText.trimEnd().endsWith('$') === true, undefined, { timeout: 15_000 });
    const latency = (await page.evaluate(() => performance.now())) - started;
    console.info(`aws kms encrypt in the browser: ${latency.toFixed(0)} ms from Enter to the next prompt`);

    const envelope = page.locator('#sbx-panel-envelope');
    await expect(envelope.innerText()).resolves.toMatch(/data key/i);
    await page.getByRole('tab', { name: 'Keys' }).click();
    await expect(page.locator('#sbx-panel-keys').innerText()).resolves.toContain('envelope demo');
    await page.screenshot({ path: join(screenshotDir, 'sandbox-walkthrough.png'), fullPage: false });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the sandbox across lessons and reloads, and edits lines with history and completion', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1400, height: 900 } });
    await openSandbox(page, 'kms-and-integrations');
    await typeCommand(page, 'echo kept > kept.txt; SAVED=yes');
    // Saving runs after the output, in idle time: let it finish before leaving the page.
    await page.evaluate(() => window.kmsLab?.host.save());
    await openSandbox(page, 'customer-master-keys');
    await typeCommand(page, 'cat kept.txt; echo $SAVED');
    await waitForScreen(page, /kept\s+yes/);
    // History: Up brings the last command back; editing in the middle works.
    await page.keyboard.press('ArrowUp');
    await waitForScreen(page, '$ cat kept.txt; echo $SAVED');
    await page.keyboard.press('Control+U');
    // Completion: Tab completes the service and the operation.
    await page.keyboard.type('aws km');
    await page.keyboard.press('Tab');
    await page.keyboard.type('list-ali');
    await page.keyboard.press('Tab');
    await waitForScreen(page, '$ aws kms list-aliases ');
    await page.keyboard.press('Control+C');
    expect(problems).toEqual([]);
    await context.close();
  });

  it("runs a lesson's ▶ command in the terminal", async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1400, height: 900 } });
    await page.goto(lessonUrl('kms-and-integrations'));
    await page.getByRole('button', { name: 'Run in the sandbox: aws kms list-aliases', exact: true }).click();
    await page.locator('.xterm').waitFor({ timeout: 20_000 });
    await waitForScreen(page, /"AliasName": "alias\/aws\/[a-z]+"[\s\S]*\$\s*$/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the keyboard leave the terminal: Escape, then Tab', async () => {
    const { page, context } = await newWatchedPage(browser(), { viewport: { width: 1400, height: 900 } });
    await openSandbox(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    const inTerminal = await page.evaluate(() => document.activeElement?.closest('.xterm') !== null);
    expect(inTerminal).toBe(false);
    await context.close();
  });

  it('stacks below the lesson on a phone, with the touch key row', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await openSandbox(page);
    // The panels arrive after the prompt and grow the page below the terminal: the terminal stays in view.
    await page.getByRole('tab', { name: 'Keys' }).waitFor();
    await page.waitForTimeout(300);
    const top = await page.locator('.sbx-terminal').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(844 / 2);
    await expect(page.getByRole('group', { name: 'Terminal keys' }).isVisible()).resolves.toBe(true);
    await page.keyboard.type('aws km');
    await page.getByRole('button', { name: 'Tab' }).click();
    await waitForScreen(page, '$ aws kms ');
    await page.screenshot({ path: join(screenshotDir, 'sandbox-mobile.png'), fullPage: false });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('starts the terminal without React: commands and the key row work while the island is held back, its tools wait disabled, then work', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const releaseIsland = await holdScripts(page, /\/_astro\/(SandboxApp|client)\.[\w-]+\.js$/);
    await openSandbox(page);
    // The "Starting your sandbox…" line over the terminal's place is gone with the first prompt.
    await expect(page.locator('.sbx-loading').isVisible()).resolves.toBe(false);
    await typeCommand(page, 'aws kms list-aliases --query "length(Aliases)"');
    expect(await screen(page)).toMatch(/"length\(Aliases\)"\n\d+\n/);
    await page.keyboard.type('aws km');
    await page.getByRole('button', { name: 'Tab' }).click();
    await waitForScreen(page, '$ aws kms ');
    const larger = page.getByRole('button', { name: 'Larger terminal text' });
    await expect(larger.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('tab').count()).resolves.toBe(0);
    releaseIsland();
    await page.getByRole('tab', { name: 'Keys' }).waitFor({ timeout: 20_000 });
    const before = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sbx-font'));
    await larger.click();
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sbx-font'))).not.toBe(before);
    // Hydrating left xterm's DOM alone: the same terminal, with what was typed.
    await waitForScreen(page, '$ aws kms ');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('hydrates on a Mac as anywhere: the keys shown are the Mac’s, and the terminal keeps what was typed before', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1350, height: 940 } });
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' });
      Object.defineProperty(Navigator.prototype, 'userAgentData', { get: () => ({ platform: 'macOS' }) });
    });
    const releaseIsland = await holdScripts(page, /\/_astro\/(SandboxApp|client)\.[\w-]+\.js$/);
    await openSandbox(page);
    await typeCommand(page, 'echo typed before hydration');
    releaseIsland();
    await page.getByRole('tab', { name: 'Keys' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('#sbx-terminal-help').innerText()).toContain('⌃R');
    await waitForScreen(page, /\ntyped before hydration\n/);
    // A hydration mismatch would be a console error here (and React would redraw the island).
    expect(problems).toEqual([]);
    await context.close();
  });
});
