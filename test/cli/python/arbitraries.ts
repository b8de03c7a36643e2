/** Generated Python values for the differential tests: the awkward corners weighted up. */
import fc from 'fast-check';
import { markOrdered, PyFloat, type PyValue } from '../../../src/cli/python/values.ts';

// Code points Unicode assigned after 14.0 (Python 3.11 calls them unassigned), a few from the table's range.
const NEWER = [0x88f, 0x1acf, 0x2b96, 0xa7cb, 0x10ec2, 0x11f00, 0x13460, 0x1e4d0, 0x1f6dc, 0x1fae8, 0x1fbcb, 0x2b739, 0x31350, 0x11bf5, 0x1e5f1];

/** One character (or lone surrogate) from the places where Python's view differs from JS's or is easy to get wrong. */
export const pyChar: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom("'", '"', '\\', ' ', '\t', '\n', '\r', '/', 'a', '0'), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), weight: 4 },
  { arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), weight: 2 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), weight: 3 },
  { arbitrary: fc.integer({ min: 0x2000, max: 0x206f }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.constantFrom(...NEWER).map((c) => String.fromCodePoint(c)), weight: 1 },
  { arbitrary: fc.constantFrom('\u3000', '\u1680', '\ufeff', '\u00ad', '\u0378', '\ue000', '\u{10ffff}', '\u{e0001}', '😀'), weight: 1 },
);

export const pyText: fc.Arbitrary<string> = fc.string({ unit: pyChar, maxLength: 12 });

/** Doubles of every kind: tiny, huge, integral, around the exponent switches at 1e-4 and 1e16. */
export const double: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, 1, 0.1, 1e-4, 9.999e-5, 1e15, 1e16, 9.999999999999998e15, 1e22, 5e-324, 1.7976931348623157e308, Number.NaN, Infinity, -Infinity),
  fc.tuple(fc.integer({ min: -999999, max: 999999 }), fc.integer({ min: -25, max: 25 })).map(([m, e]) => m * 10 ** e),
);

/**
 * Nested values: lists, dicts and OrderedDicts, keys from pyText ("__proto__"
 * is an ordinary key). Without bytes, the values json.dumps takes; without
 * big ints, the ones that survive as JS numbers (json.loads reads integers
 * as numbers, exact only up to 2**53).
 */
export function pyValue({ bytes = true, bigInts = true } = {}): fc.Arbitrary<PyValue> {
  const leaf: fc.Arbitrary<PyValue> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    double.filter((n) => Number.isInteger(n) && (bigInts || Number.isSafeInteger(n))), // big ints: every digit is printed
    double.filter((n) => !Number.isInteger(n)), // a plain non-integral number is a float
    double.map((n) => new PyFloat(n)),
    pyText,
    ...(bytes ? [fc.uint8Array({ maxLength: 8 })] : []),
  );
  return fc.letrec<{ value: PyValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 4 }),
      fc
        .tuple(fc.array(fc.tuple(fc.oneof(pyText, fc.constant('__proto__')), tie('value')), { maxLength: 4 }), fc.boolean())
        .map(([pairs, ordered]) => {
          const dict = Object.fromEntries(pairs) as Record<string, PyValue>;
          return ordered ? markOrdered(dict) : dict;
        }),
    ),
  })).value;
}

/** A batch of samples; the seed goes in failure messages. */
export function batch<T>(arb: fc.Arbitrary<T>, numRuns: number): { seed: number; values: T[] } {
  const seed = Date.now() ^ (Math.random() * 0x7fffffff);
  return { seed, values: fc.sample(arb, { numRuns, seed }) };
}
