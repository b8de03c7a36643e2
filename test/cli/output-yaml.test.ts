import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOutput, loadFormatter } from '../../src/cli/output.ts';
import type { Json } from '../../src/cli/output-values.ts';
import { mismatches, response, result, type Run, sample, text } from './output-oracle.ts';
import { realCliAvailable } from './real-formatter.ts';

// The CLI fetches the yaml formatter on demand; these tests call formatOutput directly.
await loadFormatter('yaml');

const yaml = (value: unknown) => formatOutput(value, { format: 'yaml', operationName: 'T' });

/** Every string of one or two characters from `alphabet`. */
function shortStrings(alphabet: string): string[] {
  const chars = [...alphabet];
  return [...chars, ...chars.flatMap((a) => chars.map((b) => a + b))];
}

/** Text for folding: words of 1–12 letters, single and double spaces, line breaks, quotes. */
const prose = fc
  .array(
    fc.tuple(
      fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 12 }).map((n) => 'abcdefghijkl'.slice(0, n)) }, fc.constantFrom("it's", '"q"', 'é日', '\t', '\u2028', 'a:', '#c')),
      fc.oneof({ weight: 9, arbitrary: fc.constant(' ') }, fc.constantFrom('  ', '   ', '\n', '\n\n', ' \n', '\u2029')),
    ),
    { minLength: 5, maxLength: 45 },
  )
  .map((words) => words.map(([word, gap]) => word + gap).join(''));

/** Documents whose strings fold: at every depth, in lists, under long keys and as `? key` keys. */
const folded: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    prose,
    fc.array(tie('value'), { minLength: 1, maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom('a', 'Description'), fc.integer({ min: 60, max: 140 }).map((n) => 'k'.repeat(n)), prose), tie('value'), {
      minKeys: 1,
      maxKeys: 3,
    }),
  ),
})).value;

describe.skipIf(!realCliAvailable)('--output yaml and yaml-stream match the real CLI byte for byte', () => {
  it('on 300 generated --query results in each format', () => {
    const values = sample(result, 300, 20260321);
    const runs = values.flatMap((value): Run[] => [
      { format: 'yaml', value },
      { format: 'yaml-stream', value },
    ]);
    expect(mismatches(runs).slice(0, 1)).toEqual([]);
  }, 120_000);

  it('on 200 generated KMS-like responses', () => {
    const runs = sample(response, 200, 20260322).map((value): Run => ({ format: 'yaml', value }));
    expect(mismatches(runs).slice(0, 1)).toEqual([]);
  }, 120_000);

  it('quotes exactly the strings a YAML reader would take for null, booleans, numbers, timestamps, << and =', () => {
    const numbery = '0123456789_.+-eExXoObB:aTtZ inNfFlLuUrsS~<=,';
    const words = ['true', 'True', 'TRUE', 'tRUE', 'false', 'FALSE', 'null', 'Null', 'NULL', 'nUll', 'yes', 'No', 'on', 'off', '~', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '-.nan',
      'NaN', '<<', '=', '1:20', '2024-05-01', '2024-5-1', '2024-05-01T10:15:30Z', '2024-05-01t10:15:30.123+01', '2024-05-01 10:15:30', '2024-05-01  10:15:30 Z',
      '0x', '0o17', '0b101', '0xg', '08', '1_000', '_1', '1e5', '1.e5', '.5', '.1e0', '._5', '.9.8', '1.2.3', '+0', '-0', '012'];
    const random = sample(fc.string({ unit: fc.constantFrom(...numbery), minLength: 3, maxLength: 9 }), 1500, 20260323);
    const runs = [...shortStrings(numbery), ...words, ...random].map((s): Run => ({ format: 'yaml', value: [s] }));
    expect(mismatches(runs).slice(0, 1)).toEqual([]);
  }, 120_000);

  it('picks plain, single or double quotes for every short string of indicators as the CLI does', () => {
    const runs = shortStrings('a -?:,[]{}#&*!|>\'"%@`.~=<\\/\t\n0\u2028\u0085é').map((s): Run => ({ format: 'yaml', value: { [s]: s } }));
    expect(mismatches(runs).slice(0, 1)).toEqual([]);
  }, 120_000);

  it('escapes, breaks and folds strings as the CLI does (300 generated documents)', () => {
    const specials = [0, 1, 7, 8, 9, 11, 12, 13, 27, 31, 127, 128, 133, 159, 160, 173, 0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff, 0xfffd, 0xe000, 0x10000, 0x1f600, 0x10ffff];
    const escapes = specials.flatMap((cp): Run[] => [
      { format: 'yaml', value: [`\t${String.fromCodePoint(cp)}`] },
      { format: 'yaml', value: [`a${String.fromCodePoint(cp)}b`] },
    ]);
    const breaks = ['a\n\nb', 'a\n', '\n', '\n\na', 'a\u2028\u2028b', 'a\n\u2028b', 'a\u2028\nb', 'a \u2028b', 'a\r\nb', 'a\n b'].map((s): Run => ({ format: 'yaml', value: [s] }));
    const documents = sample(folded, 300, 20260324).map((value): Run => ({ format: 'yaml', value }));
    const keys = [126, 127, 128, 129].flatMap((n): Run[] => [
      { format: 'yaml', value: { ['k'.repeat(n)]: 1 } },
      { format: 'yaml', value: { [`\t${'k'.repeat(n - 1)}`]: 1 } },
      { format: 'yaml', value: { ['é'.repeat(n / 2)]: [1] } },
      { format: 'yaml', value: [{ ['k'.repeat(n)]: { a: 1 } }] },
    ]);
    expect(mismatches([...escapes, ...breaks, ...documents, ...keys]).slice(0, 1)).toEqual([]);
  }, 120_000);

  it('writes a lone scalar as JSON, as the CLI does', () => {
    const runs = sample(fc.oneof(text, fc.constant(null), fc.boolean(), fc.integer(), fc.constantFrom(0.5, 1e-7)), 100, 20260325).map(
      (value): Run => ({ format: 'yaml', value }),
    );
    expect(mismatches(runs).slice(0, 1)).toEqual([]);
  }, 60_000);
});

describe('--output yaml (fixed expectations)', () => {
  it('sorts keys, quotes what would read as another type, folds past column 80, writes long keys as ? key', () => {
    // As the real CLI prints it (black-box run).
    const value = {
      Description:
        'This key protects the customer database backups; rotate yearly. Owner: platform team, contact via the on-call channel #kms-help.',
      Count: '123',
      Yes: 'yes',
      Emoji: 'key 😀',
      Lines: 'one\ntwo',
      Empty: [],
      ['k'.repeat(130)]: { a: 1 },
    };
    expect(yaml(value)).toBe(
      "Count: '123'\n" +
        "Description: 'This key protects the customer database backups; rotate yearly. Owner:\n" +
        "  platform team, contact via the on-call channel #kms-help.'\n" +
        'Emoji: "key \\U0001F600"\n' +
        'Empty: []\n' +
        "Lines: 'one\n\n  two'\n" +
        'Yes: yes\n' +
        `? ${'k'.repeat(130)}\n` +
        ': a: 1\n',
    );
  });

  it('indents lists under a key at the key, and writes yaml-stream as a one-item list', () => {
    const value = { Keys: [{ KeyId: 'k1', Tags: ['a', 'b'] }], Truncated: false };
    expect(yaml(value)).toBe('Keys:\n- KeyId: k1\n  Tags:\n  - a\n  - b\nTruncated: false\n');
    expect(formatOutput(value, { format: 'yaml-stream', operationName: 'T' })).toBe('- Keys:\n  - KeyId: k1\n    Tags:\n    - a\n    - b\n  Truncated: false\n');
  });
});
