/**
 * parseKnownArgs against the CLI's own parser class (awscli's CLIArgParser,
 * Python's argparse underneath) run as a black box: random option tables and
 * random command lines, all in one Python process, compared outcome by outcome
 * (values and leftovers, or the exact error message, or which action stopped).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgParseError, parseKnownArgs, ParseExit, type ArgSpec } from '../../src/cli/argparse.ts';
import { askPython, pythonAvailable } from './python/oracle.ts';

/** Builds each table with argparse and reports what parse_known_args made of the line. */
const HARNESS = String.raw`
import io
from awscli.argparser import CLIArgParser

class Stop(Exception):
    pass

class Parser(CLIArgParser):
    def error(self, message):
        raise Stop('error', message)
    def exit(self, status=0, message=None):
        raise Stop('version', None)
    def print_help(self, file=None):
        raise Stop('help', None)

def build(specs):
    p = Parser(prog='aws', add_help=False)
    for s in specs:
        action = s.get('action', 'store')
        kw = {}
        if action == 'help':
            kw['action'] = 'help'
        elif action == 'version':
            kw['action'] = 'version'
            kw['version'] = 'v'
        elif action == 'const':
            kw['action'] = 'store_const'
            kw['const'] = s.get('const')
        else:
            if s['nargs'] != 'one': kw['nargs'] = s['nargs']
            if 'const' in s: kw['const'] = s['const']
            if s.get('type') == 'int': kw['type'] = int
            if 'choices' in s: kw['choices'] = s['choices']
        if action in ('store', 'const'): kw['default'] = s.get('default')
        if s.get('required'): kw['required'] = True
        if s['options']: p.add_argument(*s['options'], dest=s['dest'], **kw)
        else: p.add_argument(s['dest'], **kw)
    return p

out = []
real_stdout = sys.stdout
for case in cases:
    sys.stdout = io.StringIO()
    try:
        ns, extras = build(case['specs']).parse_known_args(case['argv'])
        out.append({'values': vars(ns), 'extras': extras})
    except Stop as e:
        out.append({'error': e.args[1]} if e.args[0] == 'error' else {'exit': e.args[0]})
    finally:
        sys.stdout = real_stdout
answer(out)
`;

/** The CLI's interpreter with awscli importable (Debian's awscli 2.9.19). */
function awscliHere(): boolean {
  if (!pythonAvailable) return false;
  try {
    askPython('import awscli.argparser\nanswer([])', []);
    return true;
  } catch {
    return false;
  }
}

type Outcome = { values: Record<string, unknown>; extras: string[] } | { error: string } | { exit: 'help' | 'version' };

function ours(specs: readonly ArgSpec[], argv: readonly string[]): Outcome {
  try {
    const { values, extras } = parseKnownArgs(specs, argv);
    return { values, extras };
  } catch (e) {
    if (e instanceof ArgParseError) return { error: e.message };
    if (e instanceof ParseExit) return { exit: e.action };
    throw e;
  }
}

// Names sharing prefixes (ambiguity, abbreviation), a --no- twin, single-dash -h.
const NAMES = ['--key-id', '--key-spec', '--key', '--keys', '--grant-tokens', '--grantee', '--dry-run', '--no-dry-run', '--page-size', '--output', '--debug', '-k', '-h/--help', '--version'];
const STRINGS = NAMES.flatMap((n) => n.split('/'));
const CHOICES = ['json', 'text', 'table', 'yaml', 'yaml-stream', 'input', 'output'];
const dest = (name: string) => (name === '--no-dry-run' ? 'dry_run' : name.replace(/^-+/, '').replace(/-/g, '_'));

const choices = fc.option(fc.subarray(CHOICES, { minLength: 1 }), { nil: undefined, freq: 3 });
const defaultValue = fc.constantFrom<unknown>(null, null, 'dflt', false, true);

const optionSpec = (names: string): fc.Arbitrary<ArgSpec> => {
  const options = names.split('/');
  const name = options.at(-1)!;
  if (name === '--help') return fc.constant({ dest: 'help', options, nargs: 'none', action: 'help' });
  if (name === '--version') return fc.oneof(fc.constant<ArgSpec>({ dest: 'version', options, nargs: 'none', action: 'version' }), storeSpec(name));
  return storeSpec(name);
};

const storeSpec = (name: string): fc.Arbitrary<ArgSpec> =>
  fc.oneof(
    fc.record({ nargs: fc.constantFrom('one', '?', '*', '+'), required: fc.boolean(), choices, int: fc.boolean(), konst: fc.option(fc.constantFrom('input', 'k'), { nil: undefined }), dflt: defaultValue }).map(
      ({ nargs, required, choices: c, int, konst, dflt }): ArgSpec => ({
        dest: dest(name),
        options: [name],
        nargs,
        ...(required ? { required } : {}),
        ...(c ? { choices: c } : {}),
        ...(int && !c && nargs === 'one' ? { type: 'int' as const } : {}),
        ...(konst !== undefined && nargs === '?' ? { const: konst } : {}),
        // argparse would run a str default through int(); no table here has one.
        default: int && !c && nargs === 'one' ? null : dflt,
      }),
    ),
    fc.record({ konst: fc.constantFrom<unknown>(true, false, 'k'), dflt: defaultValue }).map(({ konst, dflt }): ArgSpec => ({ dest: dest(name), options: [name], nargs: 'none', action: 'const', const: konst, default: dflt })),
  );

const positionalSpec = (i: number): fc.Arbitrary<ArgSpec> =>
  fc.record({ nargs: fc.constantFrom('one', '?', '*', '+'), choices }).map(({ nargs, choices: c }) => ({ dest: `pos${i}`, options: [], nargs, ...(c && nargs !== '*' ? { choices: c } : {}) }));

const table: fc.Arbitrary<ArgSpec[]> = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 6 }), fc.integer({ min: 0, max: 2 }))
  .chain(([names, positionals]) =>
    fc.tuple(fc.tuple(...names.map(optionSpec)), fc.tuple(...Array.from({ length: positionals }, (_, i) => positionalSpec(i))), fc.nat()).map(([options, pos, where]) => {
      const all = [...options];
      for (const p of pos) all.splice(where % (all.length + 1), 0, p);
      return all;
    }),
  );

const VALUES = ['a', 'b', 'json', 'jso', 'text', 'tabel', 'input', '7', ' 7', '1_0', '-5', '-1.5', '-.5', '-x', '-hx', '-', '', 'a b', '-x y', '--key y', '--bogus', '--bogus=1', '--', '--', '--k', '--key-', '--gr', '--g', '--no', '--n', '--ver', '--h', '-k', '-kh', '-hk', '-kk', '-kx', '-k=a', '-k-5', '-5\n', '-٣', '--=x'];
const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 4, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...STRINGS, '--k', '--key', '--gr', '--bogus'), fc.constantFrom('', 'a', 'json', '=', '7')).map(([n, v]) => `${n}=${v}`) },
);
const argv = fc.array(token, { maxLength: 8 });

describe.skipIf(!awscliHere())('argparse, property: the outcome of the CLI parser class', () => {
  it('agrees on random tables and command lines', () => {
    const cases = fc.sample(fc.record({ specs: table, argv }), { numRuns: 4000, seed: 20250611 });
    const real = askPython<Outcome>(HARNESS, cases);
    const wrong = cases.map((c, i) => ({ ...c, real: real[i], ours: ours(c.specs, c.argv) })).filter((c) => !isDeepStrictEqual(c.real, c.ours));
    expect({ count: wrong.length, first: wrong.slice(0, 3).map((c) => JSON.stringify(c)) }).toEqual({ count: 0, first: [] });
  }, 120_000);
});
