/**
 * parseKnownArgs on corners found by running the CLI's parser class (Python
 * 3.11 argparse) as a black box; the property test compares many more.
 */
import { describe, expect, it } from 'vitest';
import { ArgParseError, parseKnownArgs, ParseExit, type ArgSpec } from '../../src/cli/argparse.ts';

const store = (flag: string, nargs: ArgSpec['nargs'] = 'one', extra: Partial<ArgSpec> = {}): ArgSpec => ({
  dest: flag.replace(/^-+/, '').replace(/-/g, '_'),
  options: [flag],
  nargs,
  ...extra,
});
const flagSpec = (flag: string): ArgSpec => ({ ...store(flag, 'none'), action: 'const', const: true, default: null });
const HELP: ArgSpec = { dest: 'help', options: ['-h', '--help'], nargs: 'none', action: 'help' };

function outcome(specs: ArgSpec[], args: string[]) {
  try {
    return parseKnownArgs(specs, args);
  } catch (e) {
    if (e instanceof ArgParseError) return { error: e.message };
    if (e instanceof ParseExit) return { exit: e.action };
    throw e;
  }
}

describe('argparse: which words are options', () => {
  const specs = [store('--key-id'), store('--key-spec'), store('-k'), { dest: 'rest', options: [], nargs: '*' } as ArgSpec];

  it.each([
    ['-5', ['-5'], []],
    ['-.5', ['-.5'], []],
    ['-5\n', ['-5\n'], []], // Python's `$` allows a final newline
    ['-٣', ['-٣'], []], // \d is any script's digit
    ['-5.', [], ['-5.']],
    ['-1e5', [], ['-1e5']],
    ['-x y', ['-x y'], []], // a space makes it a value…
    ['-x\ty', [], ['-x\ty']], // …a tab does not
    ['--key y', ['--key y'], []],
  ])('%j', (word, rest, extras) => {
    expect(outcome(specs, [word])).toEqual({ values: { key_id: null, key_spec: null, k: null, rest }, extras });
  });

  it('glues values to short flags and to = before looking at spaces', () => {
    expect(outcome(specs, ['-k a'])).toMatchObject({ values: { k: ' a' } });
    expect(outcome(specs, ['-kv=w'])).toMatchObject({ values: { k: 'v=w' } });
    expect(outcome(specs, ['--key-i=a b'])).toMatchObject({ values: { key_id: 'a b' } });
  });

  it('reports an ambiguous prefix with the whole word, before anything else', () => {
    expect(outcome(specs, ['--k=a b'])).toEqual({ error: 'ambiguous option: --k=a b could match --key-id, --key-spec' });
    expect(outcome(specs, ['--=x'])).toEqual({ error: 'ambiguous option: --=x could match --key-id, --key-spec' });
    expect(outcome([...specs, { dest: 'v', options: ['--version'], nargs: 'none', action: 'version' }], ['--version', '--key'])).toEqual({
      error: 'ambiguous option: --key could match --key-id, --key-spec',
    });
  });
});

describe('argparse: short flags run together', () => {
  const specs = [flagSpec('-d'), store('-k'), HELP];

  it.each([
    [['-dkval'], { values: { d: true, k: 'val' }, extras: [] }],
    [['-dk', 'val'], { values: { d: true, k: 'val' }, extras: [] }],
    [['-d=k', 'v'], { values: { d: true, k: 'v' }, extras: [] }],
    [['-dk=v'], { values: { d: true, k: '=v' }, extras: [] }],
    [['-ddx'], { error: "argument -d: ignored explicit argument 'x'" }],
    [['-d-k'], { error: "argument -d: ignored explicit argument '-k'" }],
    [['-d='], { error: "argument -d: ignored explicit argument ''" }],
    [['-hx'], { error: "argument -h/--help: ignored explicit argument 'x'" }],
    [['-dh'], { exit: 'help' }],
    // The value -k lacks is missed before -h gets to stop the parse.
    [['-hk'], { error: 'argument -k: expected one argument' }],
  ])('%j', (args, expected) => {
    expect(outcome(specs, args)).toEqual(expected);
  });
});

describe('argparse: -- and what it leaves', () => {
  it.each<[ArgSpec['nargs'], string[], unknown]>([
    ['one', ['--o=--'], []], // the first -- is dropped even from a glued value, leaving an empty list
    ['?', ['--o=--'], 'K'],
    ['*', ['--o', '--', 'a'], []],
  ])('--o with nargs %s, %j', (nargs, args, value) => {
    const specs = [store('--o', nargs, nargs === '?' ? { const: 'K' } : {}), { dest: 'p', options: [], nargs: '*' } as ArgSpec];
    expect(outcome(specs, args)).toMatchObject({ values: { o: value } });
  });

  it('drops only the first --, and keeps an unwanted one among the extras', () => {
    const rest: ArgSpec = { dest: 'p', options: [], nargs: '*' };
    expect(outcome([rest], ['--', 'a', '--', 'b'])).toEqual({ values: { p: ['a', '--', 'b'] }, extras: [] });
    expect(outcome([store('--o')], ['--', 'x', '--o'])).toEqual({ values: { o: null }, extras: ['--', 'x', '--o'] });
  });
});

describe('argparse: positionals', () => {
  const two: ArgSpec[] = [store('--o'), { dest: 'p', options: [], nargs: 'one' }, { dest: 'q', options: [], nargs: '?' }];

  it('fills an optional positional with nothing when the words before an option run out', () => {
    expect(outcome(two, ['x', '--bogus', 'y', 'z'])).toEqual({ values: { o: null, p: 'x', q: null }, extras: ['--bogus', 'y', 'z'] });
    expect(outcome(two, ['--bogus', 'w', 'x', 'y'])).toEqual({ values: { o: null, p: 'w', q: 'x' }, extras: ['--bogus', 'y'] });
  });

  it('names what is missing in the order the arguments were declared', () => {
    const specs: ArgSpec[] = [{ dest: 'p', options: [], nargs: 'one' }, store('--r', 'one', { required: true }), { dest: 'q', options: [], nargs: '+' }];
    expect(outcome(specs, [])).toEqual({ error: 'the following arguments are required: p, --r, q' });
  });
});

describe("argparse: the CLI's invalid choice message", () => {
  it('lists the choices two to a line, 40 characters wide, then up to three close matches, best first', () => {
    const choices = ['a'.repeat(45), 'b', 'abcd1', 'abcd2', 'abcd3', 'abcd4', 'é😀'];
    const pad = (s: string) => s + ' '.repeat(40 - [...s].length);
    expect(outcome([store('--c', 'one', { choices })], ['--c', 'abcd'])).toEqual({
      error:
        'argument --c: Invalid choice, valid choices are:\n\n' +
        `${'a'.repeat(45)} | ${pad('b')}\n${pad('abcd1')} | ${pad('abcd2')}\n${pad('abcd3')} | ${pad('abcd4')}\n${pad('é😀')}` +
        "\n\n\nInvalid choice: 'abcd', maybe you meant:\n\n  * abcd4\n  * abcd3\n  * abcd2",
    });
  });

  it("quotes the value with Python's repr, and checks a '?' option's const", () => {
    const specs = [store('--c', '?', { choices: ['json'], const: 'zz' })];
    expect((outcome(specs, ['--c', "json'"]) as { error: string }).error).toContain(`Invalid choice: "json'", maybe you meant:`);
    expect((outcome(specs, ['--c']) as { error: string }).error).toMatch(/^argument --c: Invalid choice, valid choices are:/);
  });
});
