import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { toCliValue } from '../../src/cli/output.ts';
import { applyQuery, compileQuery, loadQueryEngine, QueryError } from '../../src/cli/query.ts';
import { type CompileOutcome, realCliAvailable, realCompile, realSearch, runAws, type SearchOutcome } from './real-formatter.ts';

// Most of these queries need the npm evaluator, which the CLI fetches on demand.
await loadQueryEngine();

const ACCOUNT = '111122223333';
const KEY_ARN = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
const ID1 = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ID2 = '0987dcba-09fe-87dc-65ba-ab0987654321';

const DATA = toCliValue({
  KeyMetadata: {
    AWSAccountId: ACCOUNT,
    KeyId: ID1,
    Arn: KEY_ARN(ID1),
    CreationDate: new Date(Date.UTC(2024, 4, 1, 10, 15, 30, 135)),
    Enabled: true,
    Description: 'Clé — 日本',
    KeyUsage: 'ENCRYPT_DECRYPT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    PendingDeletionWindowInDays: 7,
  },
  Keys: [
    { KeyId: ID1, KeyArn: KEY_ARN(ID1) },
    { KeyId: ID2, KeyArn: KEY_ARN(ID2) },
  ],
  Aliases: [
    { AliasName: 'alias/aws/ebs', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/ebs` },
    { AliasName: 'alias/my-app', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/my-app`, TargetKeyId: ID1 },
    { AliasName: 'alias/other', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/other`, TargetKeyId: ID2 },
  ],
  Grants: [
    {
      GrantId: 'g1',
      Operations: ['Decrypt', 'GenerateDataKey'],
      Constraints: { EncryptionContextSubset: { Department: 'IT' } },
    },
    { GrantId: 'g2', Operations: ['Encrypt'] },
  ],
  Tags: [
    { TagKey: 'Env', TagValue: 'prod' },
    { TagKey: 'Team', TagValue: 'blue' },
  ],
  Rotations: [{ RotationPeriodInDays: 365 }, { RotationPeriodInDays: 90 }],
  Plaintext: 'aGVsbG8=',
});

describe.skipIf(!realCliAvailable)('--query against the real CLI', () => {
  it('reports a bad expression exactly as /usr/bin/aws does, before any request', () => {
    const real = runAws(['kms', 'list-keys', '--query', 'Keys[', '--region', 'us-east-1']);
    let error: unknown;
    try {
      compileQuery('Keys[');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    const queryError = error as QueryError;
    expect({ stderr: queryError.stderr, exitCode: queryError.exitCode, stdout: '' }).toEqual({
      stderr: real.stderr,
      exitCode: real.status,
      stdout: real.stdout,
    });
    expect(real.stderr).toBe('\nBad value for --query Keys[: Invalid jmespath expression: Incomplete expression:\n"Keys["\n      ^\n');
    expect(real.status).toBe(252);
  });

  const BAD = [
    '',
    'Keys[',
    'a.',
    'a ||',
    'foo[?a==`1`',
    '"\\q"',
    '"\\u12"',
    '"a\tb"',
    '`{bad`x',
    '`foo',
    "'abc",
    'a = b',
    'a =',
    '-',
    '-a',
    '#',
    'a.[',
    'a b',
    'foo(',
    '"f"()',
    '@()',
    '[1:2:3:4]',
    '[1:a]',
    '{a: b',
    '{1: b}',
    'a[]]',
    'length(@, @)(',
    'a.`1`',
    'a[`1`]',
    '!',
    'Keys[].*.x.[1,2]{',
    'a.*.b.`[1, {"x": true}]`',
    "a.'lit'",
    'Keys[?KeyId==`"x"`',
    '[?a]]',
    'a | | b',
    'a && ',
    '&',
    'Keys[0',
    'Keys[*',
    'Keys[*]]',
    'a.b.c.',
    'é',
    'Keys[].日本',
    'a.`null`',
    'a.`3.5`',
    'sort_by(Keys, &)',
    '{a: b, }',
    '[a, ]',
    '*.*.`true`',
    'a[?b',
    'a < ',
    '("a")(x)',
    'a | "f"(x)',
    '(a.b)(d)',
    '{a: b c}',
    'a[1:2 3',
    'a[0:',
    '`a"b`',
    '`{"a":1,}`',
    "'a\\\\'b'",
    '  ',
    'a\fb',
    'a[ ?x]',
    'a & & b',
  ];
  const GOOD = [
    'Keys[].KeyId',
    'KeyMetadata.{id: KeyId, arn: Arn}',
    "Aliases[?starts_with(AliasName, 'alias/aws/')].AliasName",
    'Aliases[?TargetKeyId==`null`]',
    'sort_by(Keys, &KeyId)[-1]',
    'Grants[*].Constraints.*',
    'Tags[?TagKey==`Env`].TagValue | [0]',
    '"KeyMetadata"."KeyId"',
    'Keys[0:1]',
    'Keys[::-1].KeyId',
    'length(Keys) > `1`',
    '!KeyMetadata.Enabled',
    '@',
    '`"raw"`',
    "'it''s'",
    '`foo bar`',
    'max_by(Rotations, &RotationPeriodInDays)',
    'not_null(Missing, KeyMetadata.KeyId)',
    'Keys[].[KeyId, KeyArn][]',
    '[?@]',
    'Keys[?KeyId>`"0"`].KeyId',
    'foo(a b)',
    'foo(a,)',
    '{a: b c: d}',
    'a[1:2 3]',
    '`[1,2`',
    '` a `',
    "'it\\'s'",
    '(@[0])',
  ];

  it('compiles expressions exactly like the CLI: same errors, same exit status', () => {
    const expressions = [...BAD, ...GOOD];
    const real = realCompile(expressions);
    expressions.forEach((expression, i) => {
      expect({ expression, outcome: emulateCompile(expression) }).toEqual({ expression, outcome: real[i] });
    });
  });

  it('agrees with Python jmespath on which generated expressions are valid, and why not', () => {
    const token = fc.constantFrom(
      'Keys', 'KeyId', 'a', '_b', '"q"', '"x\\"y"', "'raw'", '`1`', '`"s"`', '`[1,2]`', '`{"k": null}`', '`bad`',
      '.', '*', '[]', '[', ']', '[?', '?', ',', ':', '@', '(', ')', '{', '}', '|', '||', '&&', '&', '!', '!=', '==',
      '<', '<=', '>', '>=', '=', '0', '1', '-1', '-', ' ', 'length', 'sort_by', 'é', '#', '$', '\t',
    );
    const expressions = fc.sample(fc.array(token, { minLength: 1, maxLength: 9 }).map((t) => t.join('')), {
      numRuns: 3000,
      seed: 42,
    });
    const real = realCompile(expressions);
    let valid = 0;
    expressions.forEach((expression, i) => {
      const outcome = real[i];
      if (outcome !== undefined && 'ok' in outcome) valid++;
      expect({ expression, outcome: emulateCompile(expression) }).toEqual({ expression, outcome });
    });
    expect(valid).toBeGreaterThan(100);
  });

  const SEARCHES = [
    'KeyMetadata.KeyId',
    'KeyMetadata',
    'KeyMetadata.Missing',
    'Keys[].KeyId',
    'Keys[0]',
    'Keys[-1].KeyArn',
    'Keys[5]',
    'Keys[*].KeyId',
    'Keys[0:1]',
    'Keys[::-1].KeyId',
    'length(Keys)',
    'Aliases[?TargetKeyId==null].AliasName',
    'Aliases[?TargetKeyId].AliasName',
    `Aliases[?TargetKeyId=='${ID1}'].AliasName | [0]`,
    "Aliases[?starts_with(AliasName, 'alias/aws/')]",
    "Aliases[?contains(AliasName, 'my')].AliasArn",
    'Aliases[].TargetKeyId',
    'Grants[].Operations',
    'Grants[].Operations[]',
    'Grants[].Constraints',
    'Grants[].Constraints.EncryptionContextSubset.Department',
    'Grants[?contains(Operations, `Decrypt`)].GrantId',
    'Tags[?TagKey==`Env`].TagValue | [0]',
    'KeyMetadata.{id: KeyId, enabled: Enabled, algs: EncryptionAlgorithms}',
    '[KeyMetadata.KeyId, KeyMetadata.Arn]',
    'KeyMetadata.[KeyId, Enabled]',
    'keys(KeyMetadata)',
    'values(Tags[0])',
    'sort_by(Aliases, &AliasName)[].AliasName',
    'reverse(Keys[].KeyId)',
    'join(`, `, Keys[].KeyId)',
    'max_by(Rotations, &RotationPeriodInDays)',
    'sum(Rotations[].RotationPeriodInDays)',
    'to_string(KeyMetadata.PendingDeletionWindowInDays)',
    'type(KeyMetadata.Enabled)',
    'KeyMetadata.Enabled && KeyMetadata.KeyId',
    'KeyMetadata.MultiRegion || `"single"`',
    '!KeyMetadata.Enabled',
    'length(KeyMetadata.Description)',
    'Plaintext',
    '*.KeyId',
    'Keys[?KeyId==`nope`]',
    'not_null(Nope, KeyMetadata.KeyUsage)',
    'KeyMetadata.PendingDeletionWindowInDays > `5`',
    'Rotations[?RotationPeriodInDays < `100`]',
    'merge(Tags[0], Tags[1])',
    'map(&TagKey, Tags)',
    'ends_with(KeyMetadata.Arn, KeyMetadata.KeyId)',
    'floor(`1.5`)',
    'abs(`-3`)',
    'to_number(`"42"`)',
    "@.Keys | [0].KeyId",
  ];

  it('evaluates KMS queries to the same values as Python jmespath', () => {
    const real = realSearch(SEARCHES.map((expression) => ({ expression, data: DATA })));
    SEARCHES.forEach((expression, i) => {
      expect({ expression, outcome: emulateSearch(expression, DATA) }).toEqual({ expression, outcome: real[i] });
    });
  });

  it('reports evaluation errors as the CLI does (exit 255, Python wording)', () => {
    const failing = ['nosuch(Keys)', 'length()', 'length(Keys, Keys)', 'not_null()', 'Keys[].nosuch(@)'];
    const real = realSearch(failing.map((expression) => ({ expression, data: DATA })));
    failing.forEach((expression, i) => {
      expect({ expression, outcome: emulateSearch(expression, DATA) }).toEqual({ expression, outcome: real[i] });
    });
  });
});

describe('behaviour pinned from runs of the real CLI', () => {
  const message = (expression: string) => {
    try {
      compileQuery(expression);
      return 'ok';
    } catch (e) {
      return (e as QueryError).message;
    }
  };

  it('accepts function arguments and hash entries without commas, as jmespath 1.0.1 does', () => {
    expect(message('foo(a b)')).toBe('ok');
    expect(message('{a: b c: d}')).toBe('ok');
    expect(message('{a: b c}')).toBe(
      'Bad value for --query {a: b c}: Expecting: colon, got: rbrace: Parse error at column 7, token "}" (RBRACE), for expression:\n"{a: b c}"\n        ^',
    );
  });

  it('reports a quoted function name at column 0 wherever it is', () => {
    expect(message('a | "f"(x)')).toBe(
      'Bad value for --query a | "f"(x): Quoted identifier not allowed for function names.: Parse error at column 0, token "(" (LPAREN), for expression:\n"a | "f"(x)"\n ^',
    );
  });

  it('shows literal tokens as Python prints their values', () => {
    expect(message('(a `[1, {"a": null, "b": true}]`')).toContain('token "[1, {\'a\': None, \'b\': True}]" (LITERAL)');
  });

  it('gives the recursion error for deep nesting instead of overflowing the JS stack', () => {
    const deep = '['.repeat(5000);
    expect(message(deep)).toBe(`Bad value for --query ${deep}: maximum recursion depth exceeded`);
    expect(message('('.repeat(489) + 'a' + ')'.repeat(489))).toBe('ok');
  });

  it('evaluates as Python where npm jmespath differs', () => {
    const data = { a: { x: { b: { c: 1 } } }, l: [1, null, 2], s: ['b', '😀', 'é'], o: [{ k: 'b' }, { k: 'a' }] };
    expect(applyQuery('a.*.b.c', data)).toBeNull();
    expect(applyQuery('(@.l[::-1])', data)).toEqual([2, 1]);
    expect(applyQuery('`null` < `1`', data)).toBeNull();
    expect(applyQuery('max(s)', data)).toBe('😀');
    expect(applyQuery('max_by(o, &k)', data)).toEqual({ k: 'b' });
    expect(applyQuery('length(s[1])', data)).toBe(1);
    expect(applyQuery('to_string(s)', data)).toBe('["b","\\ud83d\\ude00","\\u00e9"]');
    expect(applyQuery("to_number('1_000')", data)).toBe(1000);
    expect(applyQuery('contains(`[true]`, `1`)', data)).toBe(true);
  });

  it('words runtime errors as Python does, never as the npm evaluator', () => {
    const failure = (expression: string) => {
      try {
        applyQuery(expression, { m: [1, 'a'] });
        return undefined;
      } catch (e) {
        return { message: (e as QueryError).message, exitCode: (e as QueryError).exitCode };
      }
    };
    expect(failure('min(m)')).toEqual({
      message: `In function min(), invalid type for value: a, expected one of: ['array-number', 'array-string'], received: "str"`,
      exitCode: 255,
    });
    expect(failure('m[0] < m[1]')).toEqual({ message: "'<' not supported between instances of 'int' and 'str'", exitCode: 255 });
    expect(failure('m[::0]')).toEqual({ message: 'slice step cannot be zero', exitCode: 255 });
  });
});

describe('applyQuery', () => {
  it('returns null for a path that is absent', () => {
    expect(applyQuery('KeyMetadata.Nope', DATA)).toBeNull();
  });

  it('does not expose JavaScript object internals as fields', () => {
    expect(applyQuery('constructor', {})).toBeNull();
    expect(applyQuery('Keys[0].toString', DATA)).toBeNull();
    // Python reads these as absent keys (npm's own evaluator kept the inherited ones).
    expect(applyQuery('Keys[*].hasOwnProperty', DATA)).toEqual([]);
    expect(applyQuery('{__proto__: KeyMetadata.Enabled}', DATA)).toEqual(JSON.parse('{"__proto__": true}'));
  });

  it('runs names, paths, projections and multi-selects before the npm evaluator is fetched, and refuses the rest plainly', async () => {
    vi.resetModules();
    const fresh = await import('../../src/cli/query.ts');
    const plain: [string, unknown][] = [
      ['KeyMetadata.KeyId', ID1],
      ['Keys[].KeyId', [ID1, ID2]],
      ['Keys[0].[KeyId, KeyArn]', [ID1, KEY_ARN(ID1)]],
      ['Aliases[?TargetKeyId].{name: AliasName}', [{ name: 'alias/my-app' }, { name: 'alias/other' }]],
      ['Keys[-1:] | [0].KeyId', ID2],
      ['!KeyMetadata.Enabled || Keys[0].KeyId', ID1],
    ];
    for (const [expression, value] of plain) {
      expect(fresh.compileQuery(expression).needsEngine, expression).toBe(false);
      expect(fresh.applyQuery(expression, DATA), expression).toEqual(value);
    }
    const needs = fresh.compileQuery('length(Keys)');
    expect(needs.needsEngine).toBe(true);
    expect(() => needs.search(DATA)).toThrow('This --query needs the JMESPath evaluator: await loadQueryEngine() first.');
    await fresh.loadQueryEngine();
    expect(needs.search(DATA)).toBe(2);
  });

  it('throws QueryError with exit status 252 for a syntax error', () => {
    expect(() => applyQuery('Keys[', DATA)).toThrow(QueryError);
    try {
      applyQuery('a b', DATA);
    } catch (e) {
      expect(e).toBeInstanceOf(QueryError);
      expect((e as QueryError).exitCode).toBe(252);
      expect((e as QueryError).message).toBe(
        'Bad value for --query a b: Unexpected token: b: Parse error at column 2, token "b" (UNQUOTED_IDENTIFIER), for expression:\n"a b"\n   ^',
      );
    }
  });
});

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
