/** Generated results and a side-by-side run of ours and the real CLI's formatters, for the output-*.test.ts differential tests. */
import fc from 'fast-check';
import { formatOutput, loadFormatter, OutputError, type OutputFormat } from '../../src/cli/output.ts';
import type { Json } from '../../src/cli/output-values.ts';
import { type FormatOutcome, realFormat } from './real-formatter.ts';

// The CLI fetches the table and yaml formatters on demand; these tests call formatOutput directly.
await Promise.all((['table', 'yaml'] as const).map(loadFormatter));

// Characters that steer quoting, folding, widths and escapes, with some of anything.
const awkward = fc.constantFrom(
  ...'aZ09 _-:#,[]{}&*!|>\'"%@`?.~=<\\/\t\n\r'.split(''),
  'é', 'ß', 'Ω', '日', '本', 'Ａ', '\u3000', '😀', '\u{10000}', '\u0300', '\u0378', '\u00ad', '\u200b',
  '\u0085', '\u2028', '\u2029', '\u00a0', '\ufeff', '\ufffe', '\ue000', '\u0000', '\u001b', '\u007f', '\u0080', '\u009f',
);
const char = fc.oneof(
  { arbitrary: awkward, weight: 6 },
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 3 },
  // Any code point but lone surrogates, which JSON cannot carry to Python intact.
  { arbitrary: fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)), weight: 1 },
);

export const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: char, maxLength: 8 }),
  fc.constantFrom('', 'yes', 'No', 'null', '~', 'true', 'False', '123', '-1', '0x1F', '1e5', '.5', '.inf', '2024-05-01', 'a b', 'x:y', ' lead', 'trail ', '- x', '---'),
  fc.string({ unit: char, minLength: 40, maxLength: 120 }),
  fc.array(fc.constantFrom('word', 'longerword', 'x', 'policy:', '"q"', "it's", '日本語', ' ', '\n'), { minLength: 5, maxLength: 30 }).map((w) => w.join(' ')),
);

const key = fc.oneof(fc.constantFrom('KeyId', 'Arn', 'Tags', 'a', 'b', 'B', 'é', '日本', 'yes', 'a b', 'x:y', ''), text);
const scalar: fc.Arbitrary<Json> = fc.oneof(
  text,
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -100000, max: 100000 }),
  // Integers JSON carries to Python digit for digit (1.5e20 is exact, and too big for a list index).
  fc.constantFrom(0, 1e16, 1.5e20),
  fc.constantFrom(0.5, -2.25, 0.1, 1e-7, 123456.789, 1.5e-300, 1000000000000000.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
);

/**
 * Anything JSON holds, as --query can hand it to a formatter: scalars, empty
 * containers, lists of records whose keys differ, records holding lists.
 */
export const result: fc.Arbitrary<Json> = fc.letrec<{ value: Json; records: Json[] }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    tie('records'),
  ),
  records: fc.array(fc.dictionary(fc.oneof(fc.constantFrom('TagKey', 'TagValue', 'KeyId', 'Name', 'é', 'x:y'), key), tie('value'), { maxKeys: 4 }), {
    minLength: 1,
    maxLength: 3,
  }),
})).value;

/** A KMS-like response: a dict of scalars, lists of scalars and lists of records. */
export const response: fc.Arbitrary<Json> = fc.letrec<{ dict: Json; scalars: Json; records: Json }>((tie) => ({
  dict: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, scalar, scalar, tie('scalars'), tie('records'), tie('dict')), { maxKeys: 6 }),
  scalars: fc.array(text, { maxLength: 4 }),
  records: fc.array(fc.dictionary(fc.constantFrom('TagKey', 'TagValue', 'KeyId', 'Name', 'é', 'x:y'), fc.oneof(scalar, tie('scalars')), { maxKeys: 4 }), {
    maxLength: 3,
  }),
})).dict;

/** A fixed sample (the seed is in the test name when it fails). */
export function sample<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, seed: number): T[] {
  return fc.sample(arbitrary, { numRuns, seed });
}

export interface Run {
  format: OutputFormat;
  value: Json;
  /** Operation name: the table title. */
  title?: string;
  width?: number;
}

// Python orders the two type names of a failed sort by its per-run string hashing.
function samePair(outcome: FormatOutcome): FormatOutcome {
  if (!('error' in outcome)) return outcome;
  const error = outcome.error.replace(/between instances of '(\w+)' and '(\w+)'/, (_all, a: string, b: string) => {
    const [first, second] = [a, b].sort();
    return `between instances of '${first}' and '${second}'`;
  });
  return { ...outcome, error };
}

/** What formatOutput prints for a result, or how it fails as the CLI reports it. */
export function ours(run: Run): FormatOutcome {
  const title = run.title ?? 'ListGrants';
  try {
    return { stdout: formatOutput(run.value, { format: run.format, operationName: title, ...(run.width === undefined ? {} : { terminalWidth: run.width }) }) };
  } catch (e) {
    if (e instanceof OutputError) return { error: `\n${e.message}\n`, exitCode: e.exitCode };
    throw e;
  }
}

/**
 * The runs where ours and the real CLI (one batched python process) differ,
 * smallest first. Each value reaches the real formatter as a --query result,
 * which is what formatOutput is given.
 */
export function mismatches(runs: Run[]): { run: Run; ours: FormatOutcome; real: FormatOutcome }[] {
  const real = realFormat(
    runs.map((run) => ({
      format: run.format,
      command: run.title ?? 'ListGrants',
      response: { v: run.value },
      query: 'v',
      ...(run.width === undefined ? {} : { width: run.width }),
    })),
  );
  const found: { run: Run; ours: FormatOutcome; real: FormatOutcome }[] = [];
  runs.forEach((run, i) => {
    const mine = samePair(ours(run));
    const theirs = samePair(real[i]!);
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) found.push({ run, ours: mine, real: theirs });
  });
  return found.sort((a, b) => JSON.stringify(a.run.value).length - JSON.stringify(b.run.value).length);
}
