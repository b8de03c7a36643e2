/** int(text) against the real Python's, on generated near-numbers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PyValueError } from '../../../src/cli/python/errors.ts';
import { pyInt } from '../../../src/cli/python/int.ts';
import { batch, pyChar } from './arbitraries.ts';
import { askPython, pythonAvailable } from './oracle.ts';

// Digits of several scripts, signs, underscores and the spaces int() does and does not strip.
const part = fc.oneof(
  { arbitrary: fc.constantFrom('0', '1', '7', '9', '_', '+', '-', ' ', '\t', '\n', '\x1c', '\x85', '\xa0', '\u3000', '\u2028', '\ufeff'), weight: 10 },
  { arbitrary: fc.constantFrom('٣', '۹', '१', '０', '９', '𝟙', '𝟿', '\u{11f55}', '\u{1e5f1}', '²', 'x', 'e', '.'), weight: 2 },
  { arbitrary: pyChar, weight: 1 },
);

describe.skipIf(!pythonAvailable)("Python's int()", () => {
  it('reads or refuses generated texts as int() does', () => {
    const { seed, values } = batch(fc.string({ unit: part, maxLength: 10 }), 3000);
    const real = askPython<{ ok: string } | { error: string }>(
      String.raw`
out = []
for text in cases:
    try: out.append({"ok": str(int(text))})
    except ValueError as e: out.append({"error": str(e)})
answer(out)`,
      values,
    );
    values.forEach((text, i) => {
      let ours: { ok: string } | { error: string };
      try {
        ours = { ok: BigInt(pyInt(text)).toString() };
      } catch (e) {
        if (!(e instanceof PyValueError)) throw e;
        ours = { error: e.message };
      }
      // Values past 2**53 are as exact as a JS number can be.
      const theirs = real[i]!;
      const expected = 'ok' in theirs ? { ok: BigInt(Number(theirs.ok)).toString() } : theirs;
      expect(ours, `seed ${seed}, text ${JSON.stringify(text)}`).toEqual(expected);
    });
  });

  it('refuses more than 4300 digits as 3.11 does', () => {
    const texts = ['1'.repeat(4300), '1'.repeat(4301), `-${'0'.repeat(5000)}`, '1_'.repeat(3000) + '1', `${'9'.repeat(4301)}x`];
    const real = askPython<string>('out = []\nfor t in cases:\n    try: int(t); out.append("ok")\n    except ValueError as e: out.append(str(e))\nanswer(out)', texts);
    const ours = texts.map((t) => {
      try {
        pyInt(t);
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(ours).toEqual(real);
  });
});
