/**
 * Enter → output painted and keystroke → echo painted, typed through the real
 * terminal (xterm's textarea gets the keys, as from a keyboard) and timed in
 * the page by page-probe.ts. Each run starts on a cleared screen (Ctrl-L), so
 * what the pattern finds can only be this run's output.
 */
import type { Page } from 'playwright-core';
import type { ProbeResult, ProbeTiming } from './page-probe.ts';

export interface MeasuredCommand {
  label: string;
  line: string;
  /** Matches the screen only once the command's output is on it (never the command line itself). */
  output: string;
}

export const COMMANDS: readonly MeasuredCommand[] = [
  { label: 'aws kms encrypt 4 KB', line: 'aws kms encrypt --key-id alias/x --plaintext fileb://4k.bin', output: String.raw`"EncryptionAlgorithm": "SYMMETRIC_DEFAULT"` },
  { label: 'aws kms list-keys', line: 'aws kms list-keys', output: String.raw`"Key(Id|Arn)": "` },
  { label: 'aws kms generate-data-key', line: 'aws kms generate-data-key --key-id alias/x --key-spec AES_256', output: String.raw`"KeyId": "arn:aws:kms:` },
  { label: 'echo hi', line: 'echo hi', output: '^hi$' },
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function probe(page: Page, pattern: string, key: string | null, press: () => Promise<void>, timeoutMs = 30_000): Promise<ProbeTiming> {
  const id = await page.evaluate(([p, k, t]) => window.kmsBench!.arm(p, k, t), [pattern, key, timeoutMs] as const);
  await press();
  const result: ProbeResult = await page.evaluate((n) => window.kmsBench!.result(n), id);
  if ('error' in result) throw new Error(result.error);
  return result;
}

/**
 * Waits until the screen matches (no timing), e.g. for the typed command to
 * be shown before Enter; `joined` reads the rows a long line wrapped into as one.
 */
async function shown(page: Page, pattern: string, joined = false): Promise<void> {
  try {
    await page.waitForFunction(
      ([p, j]) => new RegExp(p, 'm').test((window.kmsBench?.screen() ?? '').replace(j ? /\n/g : /$^/, '')),
      [pattern, joined] as const,
      { timeout: 30_000, polling: 'raf' },
    );
  } catch (error) {
    throw new Error(`the terminal never showed /${pattern}/; it shows:\n${await page.evaluate(() => window.kmsBench?.screen())}`, { cause: error });
  }
}

/** Milliseconds from Enter's keydown to the painted output, one per run (after `warmup` unrecorded runs). */
export async function enterToOutput(page: Page, command: MeasuredCommand, runs: number, warmup = 2): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    await page.keyboard.press('Control+L');
    await page.keyboard.type(command.line);
    await shown(page, `\\$ ${escape(command.line)}$`, true);
    const timing = await probe(page, command.output, 'Enter', () => page.keyboard.press('Enter'));
    if (i >= warmup) samples.push(timing.painted - timing.start);
    // The next prompt, so the next run types at a prompt and not into a running command.
    await shown(page, String.raw`^\S+@kms-lab:\S*\$$`);
  }
  return samples;
}

/** Milliseconds from a letter's keydown to its echo painted at the prompt. */
export async function keystrokeEcho(page: Page, runs: number): Promise<number[]> {
  const samples: number[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  await page.keyboard.press('Control+L');
  let typed = '';
  for (let i = 0; i < runs + 2; i++) {
    if (typed.length === 20) {
      await page.keyboard.press('Control+U');
      await shown(page, String.raw`^\S+@kms-lab:\S*\$$`);
      typed = '';
    }
    const letter = letters[i % letters.length]!;
    typed += letter;
    const timing = await probe(page, `\\$ ${escape(typed)}$`, letter, () => page.keyboard.press(letter));
    if (i >= 2) samples.push(timing.painted - timing.start);
  }
  await page.keyboard.press('Control+U');
  return samples;
}
