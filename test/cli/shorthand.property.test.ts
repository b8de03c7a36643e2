/**
 * parseShorthand against awscli 2.9.19's own shorthand parser run as a black
 * box (its public ShorthandParser().parse, thousands of inputs in one Python
 * process), and whole command lines against /usr/bin/aws: random shorthand for
 * --encryption-context, --tags, --constraints and --grant-tokens, compared by
 * the request body the real CLI would send or by its exact error output.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseShorthand } from '../../src/cli/shorthand.ts';
import { askPython } from './python/oracle.ts';
import { ourRequestBody, realAwsAvailable, realRequestBody, runOurAws, runRealAwsBatch, type RealResult } from './real-aws.ts';

// ---------------------------------------------------------------------------
// Random shorthand: mostly well formed, with the usual slips mixed in.

const KEYS = ['a', 'b', 'k', 'TagKey', 'TagValue', 'EncryptionContextSubset', 'EncryptionContextEquals', 'k.1', 'x/y:z#-_', '', '1', 'a b', 'é', 'k@'];
/** Pieces of unquoted words: separators, escapes, blanks, Unicode spaces, an emoji, file references. */
const WORD_BITS = ['v', 'x', 'hello', ' ', '\t', '\\', '\\,', ',', '=', ']', '}', '[', '{', 'é', '中', '😀', '\u00a0', '\u3000', '\x1c', '\n', '@', '@=', 'file://x', '#', '-'];
const QUOTED_BITS = ['x', ' ', ',', '=', '\\', '\\\\', '\\"', "\\'", '"', "'", '😀', '\n', ']'];
const SEPARATORS = [',', ',', ',', ', ', ',,', ' ,', ',\n', '\t,', ''];
const ENDINGS = ['', '', '', '', ',', ' ', ',,', ']', '}', '"', ', '];

const key = fc.constantFrom(...KEYS);
const word = fc.array(fc.constantFrom(...WORD_BITS), { maxLength: 4 }).map((bits) => bits.join(''));
const quoted = fc
  .tuple(fc.constantFrom('"', "'"), fc.array(fc.constantFrom(...QUOTED_BITS), { maxLength: 5 }), fc.boolean(), fc.constantFrom('', '', ' ', '\t'))
  .map(([q, bits, closed, after]) => `${q}${bits.join('')}${closed ? q : ''}${after}`);

const { value } = fc.letrec<{ value: string; list: string; hash: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, word, word, quoted, tie('list'), tie('hash')),
  list: fc
    .tuple(fc.array(tie('value'), { maxLength: 3 }), fc.constantFrom(', ', ',', ' , ', ','), fc.constantFrom(']', ']', ' ]', ',]', ''))
    .map(([items, sep, close]) => `[${items.join(sep)}${close}`),
  hash: fc
    .tuple(fc.array(fc.tuple(key, tie('value')), { maxLength: 3 }), fc.constantFrom(',', ', ', ',,'), fc.constantFrom('}', '}', ' }', ',}', ''))
    .map(([pairs, sep, close]) => `{${pairs.map(([k, v]) => `${k}=${v}`).join(sep)}${close}`),
}));

/** key=value pairs, a value sometimes going on as a comma list (`a=b,c`). */
const pairs = (keys: fc.Arbitrary<string>) =>
  fc
    .tuple(
      fc.array(fc.tuple(keys, fc.constantFrom('=', '=', '=', ' = ', ''), value, fc.array(word, { maxLength: 2 }), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(...ENDINGS),
    )
    .map(([items, ending]) => items.map(([k, eq, v, more, sep], i) => `${k}${eq}${[v, ...more].join(',')}${i < items.length - 1 ? sep : ''}`).join('') + ending);

/** Anything at all from the same pieces. */
const soup = fc.array(fc.constantFrom(...WORD_BITS, ...QUOTED_BITS, ...KEYS, '=', '"', "'", '{k=v}', '[a,b]'), { maxLength: 10 }).map((bits) => bits.join(''));

const shorthand = (keys: fc.Arbitrary<string>) => fc.oneof({ weight: 5, arbitrary: pairs(keys) }, { weight: 1, arbitrary: soup });

type Outcome = { ok: unknown } | { error: string };

function ours(text: string): Outcome {
  try {
    return { ok: parseShorthand(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const PARSE = String.raw`
from awscli.shorthand import ShorthandParser
out = []
for text in cases:
    try: out.append({'ok': ShorthandParser().parse(text)})
    except Exception as e: out.append({'error': str(e)})
answer(out)
`;

describe.skipIf(!realAwsAvailable)("shorthand, property: awscli's own parser as a black box", () => {
  it('parses and fails alike on random input', () => {
    const cases = fc.sample(shorthand(key), { numRuns: 6000, seed: 20260117 });
    const real = askPython<Outcome>(PARSE, cases);
    const differ = cases.flatMap((text, i) => (isDeepStrictEqual(ours(text), real[i]) ? [] : [{ text, ours: ours(text), real: real[i] }]));
    expect(differ.slice(0, 5)).toEqual([]);
  });

  it('agrees on the tricky corners found by trying them', () => {
    const corners = [
      // a further comma item counts only when a comma or the end follows it
      'a=b,c d=e', 'a=b,,c=d', 'a=b,,c,d=e', 'a=b,x\\,k=v', 'a=b,"c,d"=e', 'a=b, ,c=d', 'a=b,\u00a0,c=d', 'a=b,', 'a=b, ',
      // quoted strings end where a backtracking match ends
      'a="b\\"', 'a="b\\"c\\"', 'a="\\\\" ,c=d"', "a='\\\\' ,c=d'", 'a="' + '\\'.repeat(15),
      // where words may start and go on
      'a=]', 'a=}', 'a=[}]', 'a=[b}c]', 'a={b=}', 'a==', 'a=b=c', 'a=b,c=d=e', 'a=😀', 'a=é😀', '😀=x', 'a=\x1cb', 'a=b\u3000',
      // blanks are ASCII; the caret counts code points and lines
      '\ta=b', 'a\u00a0=b', 'a=[b]\u00a0', 'a=[b] ', 'a={b=c} ', 'a=[b\nc}d\ne]', 'a=😀"', '\n',
      // duplicates: only at the top level, caret just after the comma
      'a=b,a=c', 'ab=1, ab =2', 'a=b,x\\, a=c', 'a={b=c,b=d}', 'a=b,a=c"', 'a=b,a=c,',
    ];
    expect(corners.map(ours)).toEqual(askPython<Outcome>(PARSE, corners));
  });
});

// ---------------------------------------------------------------------------
// Whole command lines: what reaches the request, or the exact error output.

/** A tag as the guide writes one, with random words. */
const tag = fc.tuple(word, word, fc.constantFrom(',', ', ', ',,')).map(([k, v, sep]) => `TagKey=${k}${sep}TagValue=${v}`);

/** Grant constraints as the guide writes them: a map in braces. */
const constraint = fc
  .tuple(fc.constantFrom('EncryptionContextSubset', 'EncryptionContextEquals'), fc.array(fc.tuple(key, word), { maxLength: 3 }), fc.constantFrom(',', ', '))
  .map(([member, entries, sep]) => `${member}={${entries.map(([k, v]) => `${k}=${v}`).join(sep)}}`);

const COMMANDS: Array<{ name: string; args: (shorthands: string[]) => string[]; input: fc.Arbitrary<string[]>; runs: number }> = [
  {
    name: 'encrypt --encryption-context',
    args: ([s]) => ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'aGk=', '--encryption-context', s!],
    input: shorthand(fc.constantFrom('purpose', 'team', 'a', 'a', 'k.1', '', '1')).map((s) => [s]),
    runs: 60,
  },
  {
    name: 'tag-resource --tags',
    args: (tags) => ['kms', 'tag-resource', '--key-id', 'k', '--tags', ...tags],
    input: fc.array(fc.oneof(tag, shorthand(fc.constantFrom('TagKey', 'TagValue', 'Bogus'))), { minLength: 1, maxLength: 2 }),
    runs: 50,
  },
  {
    name: 'create-grant --constraints',
    args: ([s]) => ['kms', 'create-grant', '--key-id', 'k', '--grantee-principal', 'p', '--operations', 'Encrypt', '--constraints', s!],
    input: fc.oneof(constraint, shorthand(fc.constantFrom('EncryptionContextSubset', 'EncryptionContextEquals', 'k'))).map((s) => [s]),
    runs: 40,
  },
  {
    name: 'encrypt --grant-tokens',
    args: (tokens) => ['kms', 'encrypt', '--key-id', 'k', '--plaintext', 'aGk=', '--grant-tokens', ...tokens],
    // Only a first token that opens a JSON list is read as anything but itself.
    input: fc.array(fc.oneof(shorthand(key), shorthand(key).map((t) => `[${t}`)), { minLength: 1, maxLength: 3 }),
    runs: 10,
  },
];

// An argv cannot hold NUL, and a lone surrogate cannot reach Python's argv.
const printable = (args: string[]) => args.every((a) => !a.includes('\0') && a.isWellFormed());
const CASES = COMMANDS.flatMap(({ name, args, input, runs }, n) =>
  fc
    .sample(input, { numRuns: runs, seed: 20260118 + n })
    .map(args)
    .filter(printable)
    .map((argv) => ({ name, argv })),
);

/** The real CLI got as far as the network: the parse succeeded. */
const reachedNetwork = (r: RealResult) => r.exitCode === 255 && r.stderr.includes('Could not connect to the endpoint URL');

describe.skipIf(!realAwsAvailable)('shorthand, property: whole command lines against /usr/bin/aws', () => {
  let plain: RealResult[];
  const bodies = new Map<number, unknown>();
  beforeAll(async () => {
    plain = await runRealAwsBatch(CASES.map(({ argv }) => ({ args: argv })));
    const sent = CASES.flatMap((_, i) => (reachedNetwork(plain[i]!) ? [i] : []));
    const debug = await runRealAwsBatch(sent.map((i) => ({ args: [...CASES[i]!.argv, '--debug'] })));
    sent.forEach((i, j) => bodies.set(i, realRequestBody(debug[j]!.stderr)));
  }, 300_000);

  it('sends the same request body or prints the same error', async () => {
    const differ: unknown[] = [];
    for (const [i, { name, argv }] of CASES.entries()) {
      if (bodies.has(i)) {
        const body = ourRequestBody((await runOurAws([...argv, '--debug'])).stderr);
        if (!isDeepStrictEqual(body, bodies.get(i))) differ.push({ name, argv, ours: body, real: bodies.get(i) });
      } else {
        const r = await runOurAws(argv);
        const got = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
        if (!isDeepStrictEqual(got, plain[i])) differ.push({ name, argv, ours: got, real: plain[i] });
      }
    }
    expect(differ.slice(0, 3)).toEqual([]);
  }, 120_000);

  it('covers both outcomes for every parameter', () => {
    for (const { name } of COMMANDS) {
      const mine = CASES.flatMap((c, i) => (c.name === name ? [i] : []));
      expect(mine.some((i) => bodies.has(i)), name).toBe(true);
      expect(mine.some((i) => !bodies.has(i)), name).toBe(true);
    }
  });
});
