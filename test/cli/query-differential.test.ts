import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyQuery, compileQuery, loadQueryEngine, QueryError } from '../../src/cli/query.ts';
import { type CompileOutcome, realCliAvailable, realCompile, realSearch, runAws, type SearchOutcome } from './real-formatter.ts';

// Most of these queries need the npm evaluator, which the CLI fetches on demand.
await loadQueryEngine();

// A document where Python and the npm evaluator agree on everything the generated queries touch.
const DOC = {
  a: { b: { c: 1, d: [1, 2, 3] }, e: 'x', f: null, g: [{ h: 1 }, { h: 2 }, { h: null }] },
  list: [{ k: 2, v: 'b', t: true }, { k: 1, v: 'a', t: false }, { k: 3, v: 'c' }],
  nested: [[1, [2]], [3], 4, null],
  names: ['b', 'a', 'é', 'c', '😀'],
  nums: [3, 1.5, -2, 0],
  mixed: [1, 'a', true, null, {}, []],
  empty: [],
  obj: {},
  str: 'Clé — 日本 😀',
  numbers: ['12', ' 3 ', '1.5e1', '0x1', '1_000', 'nope'],
  n: 7,
  t: true,
  f: false,
  z: null,
  'with space': 'q',
};

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k', 'v', 't', 'list', 'nested', 'names', 'nums', 'numbers', 'mixed', 'empty', 'obj', 'str', 'n', 'z', 'nope'];

const FUNCTIONS = ['length', 'keys', 'values', 'sort', 'reverse', 'abs', 'floor', 'ceil', 'sum', 'avg', 'min', 'max', 'join', 'starts_with', 'ends_with', 'not_null', 'to_array', 'type', 'contains', 'to_string', 'to_number', 'merge', 'nosuch'];

const literal = fc.oneof(
  fc.constantFrom('`1`', '`-2`', '`1.5`', '`"s"`', '`true`', '`false`', '`null`', '`[1, 2]`', '`{"k": 1}`', '`[]`', '`{}`', '`"é"`', '`""`'),
  fc.constantFrom("'raw'", "'it\\'s'", "'a\\\\b'", "''", "'日本'"),
  fc.constantFrom('`bare`', '` lead`', '`"\\u00e9"`', '`"a\\`b"`'),
);
const name = fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom('"a"', '"with space"', '"\\u0061"', '"é"'));

/** Valid JMESPath built from the grammar (Python may still reject a few: that is what is being compared). */
const { expr } = fc.letrec<{ expr: string }>((tie) => {
  const sub = tie('expr');
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      name,
      literal,
      fc.constant('@'),
      fc.constant('*'),
      fc.tuple(sub, name).map(([l, r]) => `${l}.${r}`),
      fc.tuple(sub, fc.constantFrom('[0]', '[-1]', '[5]', '[*]', '[]', '[1:]', '[::-1]', '[:2:1]', '.*')).map(([l, s]) => `${l}${s}`),
      fc.tuple(sub, sub).map(([l, c]) => `${l}[?${c}]`),
      fc.tuple(sub, fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '||', '&&', '|'), sub).map(([l, op, r]) => `${l} ${op} ${r}`),
      sub.map((e) => `!${e}`),
      sub.map((e) => `(${e})`),
      fc.array(sub, { minLength: 1, maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
      fc.array(fc.tuple(name, sub), { minLength: 1, maxLength: 3 }).map((kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
      fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(sub, { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
      fc.tuple(fc.constantFrom('sort_by', 'map', 'max_by', 'min_by'), sub, sub).map(([f, a, b]) => (f === 'map' ? `map(&${b}, ${a})` : `${f}(${a}, &${b})`)),
      fc.tuple(sub, sub).map(([l, r]) => `${l}.[${r}]`),
      fc.tuple(sub, name, sub).map(([l, k, v]) => `${l}.{${k}: ${v}}`),
    ),
  };
});

/** Breaks a valid expression: cuts it short, drops, doubles or inserts a character or token. */
const broken = fc
  .tuple(expr, fc.nat(), fc.constantFrom('cut', 'drop', 'double', 'insert'), fc.constantFrom('[', ']', '(', ')', '{', '}', '.', ',', ':', '`', "'", '"', '&', '|', '!', '=', '-', '?', '*', '@', ' ', 'é', '😀', '\\', '#', '1'))
  .map(([e, at, how, piece]) => {
    const chars = Array.from(e);
    const i = at % (chars.length + 1);
    if (how === 'cut') return chars.slice(0, i).join('');
    if (how === 'drop') return [...chars.slice(0, i), ...chars.slice(i + 1)].join('');
    if (how === 'double') return [...chars.slice(0, i + 1), ...chars.slice(i)].join('');
    return [...chars.slice(0, i), piece, ...chars.slice(i)].join('');
  });

/** Random token soup: mostly invalid, now and then valid in surprising ways. */
const soup = fc
  .array(
    fc.constantFrom('a', 'b', '"q"', "'r'", '`1`', '`x', '.', '*', '[', ']', '[]', '[?', '{', '}', '(', ')', ',', ':', '|', '||', '&&', '&', '!', '!=', '==', '<', '>=', '@', '0', '-1', ':', ' ', 'f', 'length'),
    { minLength: 1, maxLength: 10 },
  )
  .map((tokens) => tokens.join(''));

function emulateCompile(expression: string): CompileOutcome {
  try {
    compileQuery(expression);
    return { ok: true };
  } catch (e) {
    if (e instanceof QueryError) return { error: e.stderr, exitCode: e.exitCode };
    throw e;
  }
}

function emulateSearch(expression: string, data: unknown): SearchOutcome {
  try {
    return { result: applyQuery(expression, data) };
  } catch (e) {
    if (e instanceof QueryError) return { error: e.stderr, exitCode: e.exitCode };
    throw e;
  }
}

/** CPython prints an expression reference with its memory address. */
const sameAddress = (outcome: SearchOutcome | undefined) =>
  outcome !== undefined && 'error' in outcome ? { ...outcome, error: outcome.error.replace(/ at 0x[0-9a-f]+>/g, ' at 0x…>') } : outcome;

describe.skipIf(!realCliAvailable)('--query compared with Python jmespath on generated expressions', () => {
  it('compiles valid, broken and random expressions with the same outcome and message', { timeout: 120_000 }, () => {
    const expressions = [
      ...fc.sample(expr, { numRuns: 1200, seed: 7 }),
      ...fc.sample(broken, { numRuns: 1200, seed: 8 }),
      ...fc.sample(soup, { numRuns: 600, seed: 9 }),
    ];
    const real = realCompile(expressions);
    let valid = 0;
    expressions.forEach((expression, i) => {
      const outcome = real[i];
      if (outcome !== undefined && 'ok' in outcome) valid++;
      expect({ expression, outcome: emulateCompile(expression) }).toEqual({ expression, outcome });
    });
    expect(valid).toBeGreaterThan(1000);
    expect(expressions.length - valid).toBeGreaterThan(1000);
  });

  it('evaluates valid generated expressions to the same value or the same error', { timeout: 120_000 }, () => {
    const expressions = fc.sample(expr, { numRuns: 1500, seed: 11 });
    const compiles = realCompile(expressions);
    const valid = expressions.filter((_, i) => compiles[i] !== undefined && 'ok' in compiles[i]);
    const real = realSearch(valid.map((expression) => ({ expression, data: DOC })));
    let failures = 0;
    valid.forEach((expression, i) => {
      const outcome = sameAddress(real[i]);
      if (outcome !== undefined && 'error' in outcome) failures++;
      expect({ expression, outcome: sameAddress(emulateSearch(expression, DOC)) }).toEqual({ expression, outcome });
    });
    expect(failures).toBeGreaterThan(50);
    expect(valid.length - failures).toBeGreaterThan(500);
  });

  it('words runtime errors as Python does: the offending value and its type, never a JS message', () => {
    const failing = [
      'min(mixed)',
      'max(`[1, "a"]`)',
      'sort(`["a", 1]`)',
      'sum(names)',
      'avg(`[1, true]`)',
      'join(`", "`, nums)',
      'join(`1`, names)',
      'abs(str)',
      'length(n)',
      'list[].length(k)',
      'keys(names)',
      'values(@)[*].length(@)',
      'nums[?@ > `"a"`]',
      'max_by(`[{"k": "a"}, {"k": 1}]`, &k)',
      'contains(str, n)',
      'merge(a, nums)',
      'merge(obj, `null`)',
      'sort_by(list, &t)',
      'sort_by(`[{"k": 1}, {"k": "a"}]`, &k)',
      'sort_by(`[{"k": "a"}, {"k": null}]`, &k)',
      'sort_by(nums, &length(@))',
      'max_by(list, &t)',
      'min_by(`[{"k": 2}, {"k": null}]`, &k)',
      'map(&abs(@), names)',
      'map(`1`, names)',
      'nums[::0]',
      'nosuch(length(n))',
      'length(abs(str), @)',
      'not_null()',
      'join(`","`)',
      'abs(&n)',
      'z.length(@)',
      'a.g[?length(h)]',
    ];
    const real = realSearch(failing.map((expression) => ({ expression, data: DOC })));
    failing.forEach((expression, i) => {
      const outcome = emulateSearch(expression, DOC);
      expect({ expression, outcome: sameAddress(outcome) }).toEqual({ expression, outcome: sameAddress(real[i]) });
      expect({ expression, exitCode: 'exitCode' in outcome ? outcome.exitCode : undefined }).toEqual({ expression, exitCode: 255 });
    });
  });

  it('refuses nesting deeper than the CLI can parse with its message, and parses what it can', () => {
    const deep = ['('.repeat(5000) + 'a' + ')'.repeat(5000), '['.repeat(5000), '!'.repeat(5000) + 'a', 'f('.repeat(3000), '{a:'.repeat(2000) + 'a'];
    for (const expression of deep) {
      const outcome = emulateCompile(expression);
      expect(outcome).toEqual({ error: `\nBad value for --query ${expression}: maximum recursion depth exceeded\n`, exitCode: 252 });
    }
    const literal = `\`${'['.repeat(5000)}\``;
    expect(emulateCompile(literal)).toEqual({
      error: `\nBad value for --query ${literal}: maximum recursion depth exceeded while decoding a JSON array from a unicode string\n`,
      exitCode: 252,
    });
    // Shallow enough for Python: both accept, and long flat chains are no problem at all.
    const fine = ['('.repeat(300) + 'a' + ')'.repeat(300), 'a' + '.b'.repeat(5000), Array(3000).fill('a').join(' || ')];
    const real = realCompile(fine);
    fine.forEach((expression, i) => expect(emulateCompile(expression)).toEqual(real[i]));
  });

  it('stops at the nesting depth where /usr/bin/aws stops', { timeout: 60_000 }, () => {
    for (const levels of [489, 490]) {
      const expression = '('.repeat(levels) + 'a' + ')'.repeat(levels);
      const real = runAws(['kms', 'list-keys', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9', '--query', expression]);
      const ours = emulateCompile(expression);
      const realRefused = real.stderr.includes('maximum recursion depth exceeded');
      expect('error' in ours).toBe(realRefused);
      if (realRefused) expect(ours).toEqual({ error: real.stderr, exitCode: real.status });
    }
  });
});
