/** diff's hunks against GNU diff's on many small random files over a tiny alphabet (where ties abound). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/shell/commands/diff.ts';
import { bothRun } from './command-harness.ts';

const file = fc.array(fc.constantFrom('a\n', 'a\n', 'a\n', 'b\n', 'c\n', 'd\n', 'a', ''), { maxLength: 20 }).map((lines) => lines.join(''));

describe('diff, property', () => {
  it('prints what GNU diff prints', async () => {
    await fc.assert(
      fc.asyncProperty(file, file, async (one, two) => {
        const { ours, real } = await bothRun(diff, 'diff', { args: ['one', 'two'], tree: { one, two } });
        expect(ours).toEqual(real);
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
