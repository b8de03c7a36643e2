/**
 * base64 beyond the fixed cases in byte-tools.test.ts: -d (and -d -i) against GNU coreutils on
 * random text — real base64 of random bytes, wrapped at any width, its padding kept, dropped or
 * doubled, with blanks, CRs, junk and '=' dropped in anywhere; the bytes written before
 * "invalid input" must match too — and its --help page, which is KMS Lab's own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64 } from '../../src/shell/commands/base64.ts';
import { bothRun, hasProgram, runCommand, runReal } from './command-harness.ts';

const messy = fc
  .record({
    payload: fc.uint8Array({ maxLength: 400 }),
    padding: fc.constantFrom('keep', 'strip', 'extra', 'inner'),
    width: fc.oneof(fc.constantFrom(76, 64, 4, 1, 100_000), fc.integer({ min: 1, max: 90 })),
    inserts: fc.array(
      fc.record({ at: fc.nat(), text: fc.constantFrom(' ', '\t', '\r', '\n', '\n\n', '!', '-', '_', '=', '==', '\0', '\xff', 'A') }),
      { maxLength: 3 },
    ),
    ending: fc.constantFrom('', '\n', '\n\n', '\r\n', '='),
  })
  .map(({ payload, padding, width, inserts, ending }) => {
    let text = Buffer.from(payload).toString('base64');
    if (padding === 'strip') text = text.replace(/=+$/, '');
    if (padding === 'extra') text += '==';
    // a padded group in the middle: coreutils goes on decoding after it
    if (padding === 'inner') text = `aGk=${text}`;
    for (const { at, text: piece } of inserts) {
      const where = text.length === 0 ? 0 : at % (text.length + 1);
      text = text.slice(0, where) + piece + text.slice(where);
    }
    return Buffer.from((text.match(new RegExp(`[^]{1,${width}}`, 'g')) ?? []).join('\n') + ending, 'latin1');
  });

describe('base64 -d, property: what GNU coreutils writes, for any text', () => {
  it('coreutils is installed', () => {
    expect(hasProgram('base64')).toBe(true);
  });

  it('base64 -d and base64 -d -i', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(messy, async (stdin) => {
        for (const args of [['-d'], ['-d', '-i']]) {
          const { ours, real } = await bothRun(base64, 'base64', { args, stdin });
          expect(ours, `base64 ${args.join(' ')} ${JSON.stringify(stdin.toString('latin1'))}`).toEqual(real);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Every run of six words in a row, lower-cased and without punctuation around them. */
function phrases(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  return new Set(words.slice(0, Math.max(0, words.length - 5)).map((_, i) => words.slice(i, i + 6).join(' ')));
}

describe('base64 --help', () => {
  it('is a page laid out like the other tools, naming every option, in words that are not GNU\'s', async () => {
    const page = await runCommand(base64, ['--help']);
    expect({ code: page.exitCode, err: page.err }).toEqual({ code: 0, err: '' });
    expect(page.out).toMatch(/^NAME\n {7}base64 - \S[^]*\nSYNOPSIS\n {10}base64 [^]*\nOPTIONS\n[^]*\nEXAMPLES\n/);
    for (const spelling of ['-d, --decode', '-i, --ignore-garbage', '-w COLS, --wrap=COLS', '--help', '--version']) {
      expect(page.out).toContain(`       ${spelling}\n`);
    }
    for (const line of page.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const gnu = phrases(runReal('base64', ['--help']).out);
    expect([...phrases(page.out)].filter((p) => gnu.has(p))).toEqual([]);
  });

  it('keeps the usage errors GNU prints', async () => {
    for (const args of [['--bogus'], ['-z'], ['a', 'b']]) {
      const ours = await runCommand(base64, args);
      const real = runReal('base64', args);
      expect({ err: ours.err, code: ours.exitCode }).toEqual({ err: real.err, code: real.exitCode });
    }
  });
});
