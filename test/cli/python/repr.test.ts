/** repr(), str(), type names and truth of generated values, against the real Python's. */
import { describe, expect, it } from 'vitest';
import { pyBytesRepr, pyFloatRepr, pyRepr, pyStr, pyStrRepr, pyTypeName, pyTypeRepr } from '../../../src/cli/python/repr.ts';
import { comparePy, markOrdered, PyFloat, pyTruthy, sortedPy } from '../../../src/cli/python/values.ts';
import { batch, double, pyText, pyValue } from './arbitraries.ts';
import { askPython, pythonAvailable, toTagged } from './oracle.ts';

interface Seen {
  repr: string;
  str: string;
  name: string;
  cls: string;
  truth: boolean;
}

describe.skipIf(!pythonAvailable)("Python's repr, str, type and bool", () => {
  it('agree on generated values of every kind', () => {
    const { seed, values } = batch(pyValue(), 1500);
    const real = askPython<Seen>(
      'answer([{"repr": repr(v), "str": str(v), "name": type(v).__name__, "cls": repr(type(v)), "truth": bool(v)} for v in map(untag, cases)])',
      values.map(toTagged),
    );
    values.forEach((v, i) => {
      const ours: Seen = { repr: pyRepr(v), str: pyStr(v), name: pyTypeName(v), cls: pyTypeRepr(v), truth: pyTruthy(v) };
      expect(ours, `seed ${seed}, value ${pyRepr(v)}`).toEqual(real[i]);
    });
  });

  it('agree on str repr for single characters of every plane', () => {
    // Every 97th code point, so each block is visited, plus the surrogates.
    const chars: string[] = [];
    for (let cp = 0; cp < 0x110000; cp += 97) chars.push(String.fromCodePoint(cp));
    for (let cp = 0xd800; cp < 0xe000; cp += 31) chars.push(String.fromCharCode(cp));
    const real = askPython<string>('answer([repr(untag(c)) for c in cases])', chars.map(toTagged));
    const wrong = chars.map((c, i) => [c.codePointAt(0)!.toString(16), pyStrRepr(c), real[i]]).filter(([, ours, theirs]) => ours !== theirs);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('agree on float repr', () => {
    const { seed, values } = batch(double, 3000);
    const real = askPython<string>('answer([repr(untag(v)) for v in cases])', values.map((n) => toTagged(new PyFloat(n))));
    values.forEach((n, i) => expect(pyFloatRepr(n), `seed ${seed}, ${n}`).toBe(real[i]));
  });

  it('agree on bytes repr', () => {
    const all = [Uint8Array.from({ length: 256 }, (_, i) => i), Uint8Array.of(0x27), Uint8Array.of(0x22), Uint8Array.of(0x27, 0x22), new Uint8Array()];
    const real = askPython<string>('answer([repr(untag(v)) for v in cases])', all.map(toTagged));
    expect(all.map(pyBytesRepr)).toEqual(real);
  });

  it('sort str as Python does, by code point', () => {
    const { seed, values } = batch(pyText, 400);
    const real = askPython<string[]>('answer([sorted(untag(c) for c in cases)])', values.map(toTagged))[0]!;
    expect(sortedPy(values), `seed ${seed}`).toEqual(real);
    // UTF-16 order would put U+10000 before U+E000.
    expect(comparePy('\u{10000}', '\ue000')).toBeGreaterThan(0);
  });

  it('print an empty and a nested OrderedDict as 3.11 does', () => {
    expect(pyRepr(markOrdered({}))).toBe('OrderedDict()');
    expect(pyRepr(markOrdered({ a: markOrdered({ b: 1 }) }))).toBe("OrderedDict([('a', OrderedDict([('b', 1)]))])");
    expect(pyTypeRepr(markOrdered({}))).toBe("<class 'collections.OrderedDict'>");
  });
});
