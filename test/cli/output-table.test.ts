import { describe, expect, it } from 'vitest';
import { formatOutput, loadFormatter } from '../../src/cli/output.ts';
import type { Json } from '../../src/cli/output-values.ts';
import { displayWidth } from '../../src/cli/output-width.ts';
import { mismatches, ours, response, result, type Run, sample } from './output-oracle.ts';
import { realCliAvailable, realFormat } from './real-formatter.ts';

// The CLI fetches the table formatter on demand; these tests call formatOutput directly.
await loadFormatter('table');

const table = (value: unknown, title = 'T', terminalWidth?: number) =>
  formatOutput(value, { format: 'table', operationName: title, ...(terminalWidth === undefined ? {} : { terminalWidth }) });

/** The first mismatch (smallest value) or none. */
const firstMismatch = (runs: Run[]) => mismatches(runs).slice(0, 1);

describe.skipIf(!realCliAvailable)('--output table matches the real CLI byte for byte', () => {
  it('on 300 generated --query results', () => {
    const runs = sample(result, 300, 20260301).map((value): Run => ({ format: 'table', value }));
    expect(firstMismatch(runs)).toEqual([]);
  }, 120_000);

  it('on generated KMS-like responses at terminal widths 40, 80 and 120', () => {
    const values = sample(response, 100, 20260302);
    const runs = [40, 80, 120].flatMap((width) => values.map((value): Run => ({ format: 'table', value, width })));
    expect(firstMismatch(runs)).toEqual([]);
  }, 120_000);

  it('centres titles and column names (odd and even widths, first column and others, nested titles)', () => {
    const runs: Run[] = [];
    for (let t = 1; t <= 40; t++) {
      const title = 'T'.repeat(t);
      runs.push({ format: 'table', title, value: { A: 'x', BB: 'yy', CCCC: 'z', DDDDD: 'wwwwwwww' } });
      runs.push({ format: 'table', title, value: { K: { ab: 1, cde: 'xy' }, ['N'.repeat(t % 9)]: [{ x: 1 }] } });
    }
    expect(firstMismatch(runs)).toEqual([]);
  }, 60_000);

  it('shares the width out in proportion, rounding as the CLI does (ties through its float scale)', () => {
    const runs: Run[] = [];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 300; i++) {
      const cells = Array.from({ length: 1 + next(5) }, () => 'x'.repeat(1 + next(14)));
      runs.push({ format: 'table', title: 'T'.repeat(1 + next(90)), value: i % 2 ? [cells] : [{ k: 'v'.repeat(next(20)), w: cells.join('') }], width: 200 });
    }
    expect(firstMismatch(runs)).toEqual([]);
  }, 60_000);

  it('turns one-row tables into key/value rows exactly when the table would pass the terminal width', () => {
    const runs: Run[] = [];
    for (const n of [33, 34, 35, 36, 37]) {
      runs.push({ format: 'table', value: { A: 'x'.repeat(n), B: 'y'.repeat(n) } });
      runs.push({ format: 'table', value: { K: [{ A: 'x'.repeat(n), B: 'y'.repeat(n) }] } });
      runs.push({ format: 'table', value: { K: [{ A: 'x'.repeat(n), B: 'y'.repeat(n) }, { A: 1 }] } });
      runs.push({ format: 'table', value: { K1: { B: 1, C: 2 }, K2: { A: 'x'.repeat(2 * n) } } });
    }
    runs.push({ format: 'table', title: 'T'.repeat(100), value: { A: 1, B: 2 } });
    expect(firstMismatch(runs)).toEqual([]);
  }, 60_000);

  it('draws lists of lists, records with containers, empty keys and empty results as the CLI does', () => {
    const values: Json[] = [
      [[1, 2], [[3, 4]]],
      [[[1], 2]],
      [[{ a: 1 }], [{ b: 2 }]],
      [[3], [{ a: 1, c: { x: 1 } }]],
      [[{ a: 1 }, { b: 2, c: [{}] }]],
      [{ a: 1, b: { x: 1 } }, { a: 2 }],
      { K: [{ A: 2 }, { A: { x: 1 } }] },
      { K: [{ A: [] }, { A: { x: 1 } }] },
      { '': [{ a: 1 }, { a: 2 }], b: 1 },
      { '': { z: { y: 1 } } },
      { K: [{}, {}] },
      { K: { J: {} } },
      ['x', [1, [2]]],
      [[]],
      [{}],
      [''],
      [null, true, 1.5],
      'text',
      1,
      0,
      '',
      [],
      null,
      false,
    ];
    expect(firstMismatch(values.map((value): Run => ({ format: 'table', value })))).toEqual([]);
  }, 60_000);

  it("fails on odd shapes with Python's own messages", () => {
    const values: Json[] = [
      [['a', 'b'], ['c']],
      [[1], [{ b: [1] }]],
      [[{ a: 1 }], [{ a: 2, b: 3 }]],
      [[{ a: 1, b: 2 }], [{ a: 3 }]],
      [[{ a: 1, c: { x: 1 } }], [3]],
      [{ a: 1 }, 'x'],
      [{ a: 1 }, 5],
      [{ a: 1 }, null],
      [{ a: 1 }, [1]],
      [{ a: 1 }, ['a']],
      [{ a: 1 }, [{}]],
      [{ a: 1 }, [1.5]],
      [{ a: 1 }, [1.5e20]],
      [{ a: 1 }, []],
      [{ a: 1 }, ''],
      [{ a: 1 }, [0]],
      [{ a: 1 }, [false]],
      [{ a: 1 }, '', 5],
      ['x', { b: 1, a: 2 }],
    ];
    const runs = values.map((value): Run => ({ format: 'table', value }));
    expect(firstMismatch(runs)).toEqual([]);
    for (const run of runs) expect(ours(run)).toHaveProperty('exitCode', 255);
  }, 60_000);

  it('measures each character as the CLI does (wide, fullwidth, ambiguous and unassigned count two)', () => {
    const chars = ['a', 'é', 'ß', '\u0300', '\u0378', '\u00ad', '日', 'Ａ', '\u3000', '😀', '\u{10000}', '\u{20000}', '\u{e0100}', '\u{f0000}', '\t', '\u001b', '\ufeff', '\ue000'];
    const real = realFormat(chars.map((c) => ({ format: 'table', command: 'T', response: { v: [c] }, query: 'v' })));
    // A one-cell table is the cell's width plus four spaces and two borders.
    const measured = real.map((outcome) => ('stdout' in outcome ? (outcome.stdout.split('\n')[0]?.length ?? 0) - 6 : -1));
    expect(chars.map(displayWidth)).toEqual(measured);
  });
});

describe('--output table (fixed expectations)', () => {
  it('draws a record as a one-row table, a single value as a key/value row, containers nested below', () => {
    // As the real CLI draws it (black-box run).
    expect(table({ A: 'x', B: 1, K: { C: true }, L: ['a'] })).toBe(
      [
        '-----------------',
        '|       T       |',
        '+------+--------+',
        '|   A  |   B    |',
        '+------+--------+',
        '|  x   |  1     |',
        '+------+--------+',
        '||      K      ||',
        '|+----+--------+|',
        '||  C |  True  ||',
        '|+----+--------+|',
        '||      L      ||',
        '|+-------------+|',
        '||  a          ||',
        '|+-------------+|',
        '',
      ].join('\n'),
    );
  });

  it('gives a list of records one column per scalar field of any of them, sorted', () => {
    expect(table({ Keys: [{ B: '22' }, { A: '1' }] }, 'ListKeys')).toBe(
      ['---------------', '|  ListKeys   |', '+-------------+', '||   Keys    ||', '|+----+------+|', '||  A |  B   ||', '|+----+------+|', '||    |  22  ||', '||  1 |      ||', '|+----+------+|', ''].join(
        '\n',
      ),
    );
  });

  it('turns a wide one-row table into key/value rows', () => {
    const wide = table({ A: 'x'.repeat(36), B: 'y'.repeat(36) });
    expect(wide.split('\n')[3]).toBe(`|  A|  ${'x'.repeat(36)}   |`);
    expect(table({ A: 'x'.repeat(35), B: 'y'.repeat(35) }).split('\n')[3]).toMatch(/^\| +A +\| +B +\|$/);
    expect(table({ A: 'x'.repeat(35), B: 'y'.repeat(35) }, 'T', 79).split('\n')[3]).toBe(`|  A|  ${'x'.repeat(35)}   |`);
  });

  it('prints nothing for false results, a bare title for other scalars', () => {
    for (const value of [null, false, 0, '', [], {}]) expect(table(value)).toBe('');
    expect(table('text', 'Title')).toBe('-------\n|Title|\n+-----+\n');
  });

  it('reports rows of different lengths as the CLI does', () => {
    expect(() => table([['a', 'b'], ['c']])).toThrow('Row should have 2 elements, instead it has 1');
  });
});
