/**
 * pyJsonLoads and pyJsonDumps against python3's json module as a black box:
 * JSON texts built from the grammar with every number form, escape and
 * whitespace (some that JSON does not allow), then cut short or given one
 * wrong character, read with and without object_pairs_hook=OrderedDict;
 * outcomes are repr() of the value, or the error's text and position.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PyJsonError, pyJsonDumps, pyJsonLoads } from '../../../src/cli/python/json.ts';
import { pyRepr } from '../../../src/cli/python/repr.ts';
import { markOrdered, PyFloat } from '../../../src/cli/python/values.ts';
import { askPython, pythonAvailable, toTagged } from './oracle.ts';

const space = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('', '', ' ', '\n', '\t', '\r\n', '  ') },
  { weight: 1, arbitrary: fc.constantFrom('\u00a0', '\f', '\v', '\u2028') }, // not JSON whitespace
);
// Integers stay below 2**53 even with a digit added (an int is a JS number here); int()'s digit limit is tried on its own.
const number = fc.oneof(
  fc.integer({ min: -99999999999999, max: 99999999999999 }).map(String),
  fc.constantFrom('-0', '0', '0.5', '-0.0', '1.0', '1e5', '1E+05', '1.5e-3', '2e-7', '1e16', '123.456', '1e400', '-1e400', '5e-324', '2.5E-400', '0.1', '-12.50e+2'),
);
const STRING_PIECES = ['a', 'b', 'é', '😀', ' ', "'", '\\n', '\\"', '\\\\', '\\/', '\\b\\f\\r\\t', '\\u0041', '\\u00e9', '\\uD83D\\uDE00', '\\ud83d', '\\ude00', '\\ud83d\\u0041', '\\ud83d\\ud83d\\ude00', '\u007f', '\u2028'];
const string = fc.array(fc.constantFrom(...STRING_PIECES), { maxLength: 4 }).map((pieces) => `"${pieces.join('')}"`);
// Keys with a letter in them: JS would put integer-like keys first, whatever their order in the text.
const key = fc.constantFrom('"a"', '"b"', '"a b"', '"é"', '"😀"', '"__proto__"', '"x\\u0041"', '"it\'s"', '"q\\""');
const literal = fc.constantFrom('null', 'true', 'false', 'NaN', 'Infinity', '-Infinity');

const text = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    number,
    string,
    literal,
    fc.tuple(space, fc.array(fc.tuple(space, tie('value'), space), { maxLength: 4 })).map(([s, items]) => `[${s}${items.map(([a, v, b]) => a + v + b).join(',')}]`),
    fc
      .tuple(space, fc.array(fc.tuple(space, key, space, space, tie('value'), space), { maxLength: 4 }))
      .map(([s, members]) => `{${s}${members.map(([a, k, b, c, v, d]) => `${a}${k}${b}:${c}${v}${d}`).join(',')}}`),
  ),
})).value;
const doc = fc.tuple(space, text, space).map(([a, t, b]) => a + t + b);

const WRONG = ['', ',', ':', '"', '\\', ']', '}', '[', '{', ' ', '\n', 'x', '\u0001', '\t', '1', '-', 'e', '.', 'n', 'u', '\ufeff', 'é'];
const mangled = fc.tuple(doc, fc.nat(), fc.constantFrom(...WRONG), fc.boolean()).map(([d, at, ch, replace]) => {
  const chars = [...d];
  const i = chars.length === 0 ? 0 : at % (chars.length + 1);
  chars.splice(i, replace || ch === '' ? 1 : 0, ch);
  return chars.join('');
});
const cut = fc.tuple(doc, fc.nat()).map(([d, at]) => [...d].slice(0, at % ([...d].length + 1)).join(''));
const digitLimit = fc.tuple(fc.constantFrom('', '-', '[', '{"a": '), fc.integer({ min: 4301, max: 4310 })).map(([head, n]) => `${head}${'7'.repeat(n)}`);

type Outcome = { ok: string; ordered: string } | { error: string; pos: number } | { valueError: string };

const READ = String.raw`
out = []
for d in cases:
    try:
        out.append({'ok': repr(json.loads(d)), 'ordered': repr(json.loads(d, object_pairs_hook=OrderedDict))})
    except json.JSONDecodeError as e:
        out.append({'error': str(e), 'pos': e.pos})
    except ValueError as e:
        out.append({'valueError': str(e)})
answer(out)`;

function ours(d: string): Outcome {
  try {
    return { ok: pyRepr(pyJsonLoads(d)), ordered: pyRepr(pyJsonLoads(d, { ordered: true })) };
  } catch (e) {
    if (!(e instanceof PyJsonError)) throw e;
    return e.pos === undefined ? { valueError: e.message } : { error: e.message, pos: e.pos };
  }
}

describe.skipIf(!pythonAvailable)('json, property: the outcomes of python3 json', () => {
  it('reads built, cut short and mangled documents as json.loads does', () => {
    const docs = [
      ...fc.sample(doc, { numRuns: 1500, seed: 5301 }),
      ...fc.sample(mangled, { numRuns: 2500, seed: 5302 }),
      ...fc.sample(cut, { numRuns: 800, seed: 5303 }),
      ...fc.sample(digitLimit, { numRuns: 16, seed: 5304 }),
    ];
    const real = askPython<Outcome>(READ, docs);
    const wrong = docs.map((d, i) => ({ d, real: real[i], ours: ours(d) })).filter((c) => JSON.stringify(c.real) !== JSON.stringify(c.ours));
    expect({ count: wrong.length, first: wrong.slice(0, 3) }).toEqual({ count: 0, first: [] });
  }, 60_000);

  it('writes as json.dumps does, with indent None, 0, 2 and 4, with and without ensure_ascii', () => {
    const values: unknown[] = [
      '\u007f',
      '\u0000\u001f\b\f\n\r\t"\\/',
      '\ud83d',
      'é😀\u2028',
      [[], {}, [[]], { a: {} }],
      [1, [2, {}], { b: [] }],
      new PyFloat(-0),
      new PyFloat(1e16),
      1.5e-7,
      new PyFloat(Number.NaN),
      new PyFloat(-Infinity),
      2 ** 70,
      markOrdered({ z: 1, a: [true, false, null] }),
      Object.defineProperty({ a: 1 }, '__proto__', { value: 'own key', enumerable: true, writable: true, configurable: true }),
    ];
    const real = askPython<string[]>(
      'answer([[json.dumps(v, indent=i, ensure_ascii=e) for i in (None, 0, 2, 4) for e in (True, False)] for v in map(untag, cases)])',
      values.map(toTagged),
    );
    const mine = values.map((v) => [null, 0, 2, 4].flatMap((indent) => [true, false].map((ensureAscii) => pyJsonDumps(v, { indent, ensureAscii }))));
    expect(mine).toEqual(real);
  });
});
