import { describe, expect, it } from 'vitest';
import { formatOutput } from '../../src/cli/output.ts';
import type { Json } from '../../src/cli/output-values.ts';
import { mismatches, ours, response, result, type Run, sample } from './output-oracle.ts';
import { realCliAvailable } from './real-formatter.ts';

const text = (value: unknown) => formatOutput(value, { format: 'text', operationName: 'T' });

describe.skipIf(!realCliAvailable)('--output text matches the real CLI byte for byte', () => {
  it('on 300 generated --query results', () => {
    const runs = sample(result, 300, 20260311).map((value): Run => ({ format: 'text', value }));
    expect(mismatches(runs).slice(0, 1)).toEqual([]);
  }, 120_000);

  it('on 200 generated KMS-like responses', () => {
    const runs = sample(response, 200, 20260312).map((value): Run => ({ format: 'text', value }));
    expect(mismatches(runs).slice(0, 1)).toEqual([]);
  }, 120_000);

  it('labels rows with the key upper-cased as Python 3.11 does (characters newer than Unicode 14 unchanged)', () => {
    const keys = ['ß', 'ﬁ', 'ǅ', 'ΐ', 'ა', 'ı', 'ſ', 'ꭰ', 'ŉ', 'ᾳ', 'ⓐ', 'ꟑ', '𐖗', '\u0345', '\ua7cd', '\ua7db', '\u{10d70}', '\u1c8a', 'kéY'];
    const runs = keys.map((key): Run => ({ format: 'text', value: { [key]: [1] } }));
    expect(mismatches(runs).slice(0, 1)).toEqual([]);
  }, 60_000);

  it('lays out lists of scalars, lists of lists and records as the CLI does, and fails where it fails', () => {
    const values: Json[] = [
      ['a', 'b', ['c'], 'd'],
      { k: ['a', 'b', ['c', 'x'], 'd'] },
      [['a', 'b'], 'c'],
      { k: [[{ a: 1 }, { b: 2 }], [{ a: 3 }]] },
      { k: [{ a: 1, b: { x: 1 } }, { a: 2, b: { x: 2 } }] },
      { k: [{ a: { x: 1 } }, { a: 1 }] },
      [{ a: 1 }, { b: [1] }],
      { k: [{ b: [1] }, { b: [2] }] },
      { k: [{}] },
      'a\tb\nc',
      '',
      null,
      0,
      [],
      [{ a: 1 }, 'x'],
      { k: [1, { a: 1 }] },
      [{ a: 1 }, [1, 2]],
    ];
    expect(mismatches(values.map((value): Run => ({ format: 'text', value }))).slice(0, 1)).toEqual([]);
  }, 60_000);
});

describe('--output text (fixed expectations)', () => {
  it('writes scalars first, then containers under their upper-cased keys, one line per listed scalar', () => {
    // As the real CLI prints it (black-box run).
    const value = {
      Zeta: 'z',
      alpha: 'a',
      Aliases: [{ AliasName: 'n1', TargetKeyId: 'k' }, { AliasName: 'n2' }],
      PolicyNames: ['default', 'other'],
      Nested: { Inner: [['x', 'y'], 's'] },
    };
    expect(text(value)).toBe('z\ta\nALIASES\tn1\tk\nALIASES\tn2\t\nINNER\ts\nINNER\tx\nINNER\ty\nPOLICYNAMES\tdefault\nPOLICYNAMES\tother\n');
  });

  it('puts a top-level list of scalars on one line, its lists after it', () => {
    expect(text(['a', 'b', ['c', 'd']])).toBe('a\tb\nc\td\n');
  });

  it("fails on a list mixing records and other values as Python does", () => {
    expect(ours({ format: 'text', value: [{ a: 1 }, 'x'] })).toEqual({ error: "\n'str' object has no attribute 'items'\n", exitCode: 255 });
  });
});
