/** The shared pieces: getopt_long parsing, GNU's quoting of names in messages, counts with suffixes. */
import { describe, expect, it } from 'vitest';
import { cat } from '../../src/shell/commands/cat.ts';
import { mkdir } from '../../src/shell/commands/mkdir.ts';
import { rm } from '../../src/shell/commands/rm.ts';
import { parseCount, parseOptions, quoteAlways, quoteLocale, quoteName, startOfLastLines, startOfLine } from '../../src/shell/commands/tool-support.ts';
import { runCommand, runReal, visible } from './command-harness.ts';

const SPEC = {
  short: 'abn:',
  long: [
    { name: 'all', key: 'a' },
    { name: 'almost', key: 'b' },
    { name: 'lines', key: 'n', arg: 'required' },
    { name: 'color', key: 'color', arg: 'optional' },
    { name: 'colour', key: 'color', arg: 'optional' },
  ],
} as const;

describe('parseOptions', () => {
  it('permutes options and operands, bundles short options and stops at --', () => {
    expect(parseOptions(['x', '-ab', 'y', '-n5', '-n', '6', '--', '-a'], SPEC)).toEqual({
      ok: true,
      options: [
        { key: 'a', value: undefined },
        { key: 'b', value: undefined },
        { key: 'n', value: '5' },
        { key: 'n', value: '6' },
      ],
      operands: ['x', 'y', '-a'],
    });
  });

  it('treats - as an operand and takes the rest of a bundle as the argument', () => {
    expect(parseOptions(['-', '-an3'], SPEC)).toEqual({
      ok: true,
      options: [
        { key: 'a', value: undefined },
        { key: 'n', value: '3' },
      ],
      operands: ['-'],
    });
  });

  it('takes long options exactly, by unique prefix, with = or the next word', () => {
    expect(parseOptions(['--all', '--li=2', '--lines', '3', '--colo', '--color=x'], SPEC)).toMatchObject({
      ok: true,
      options: [
        { key: 'a', value: undefined },
        { key: 'n', value: '2' },
        { key: 'n', value: '3' },
        { key: 'color', value: undefined },
        { key: 'color', value: 'x' },
      ],
    });
  });

  it.each([
    [['-z'], "invalid option -- 'z'"],
    [['-n'], "option requires an argument -- 'n'"],
    [['--lines'], "option '--lines' requires an argument"],
    [['--all=1'], "option '--all' doesn't allow an argument"],
    [['--nope=1'], "unrecognized option '--nope=1'"],
    [['--al'], "option '--al' is ambiguous; possibilities: '--all' '--almost'"],
  ])('refuses %j: %s', (args, message) => {
    expect(parseOptions(args, SPEC)).toEqual({ ok: false, message });
  });
});

const NAMES = [
  'plain',
  'a b',
  "it's",
  'x"y',
  'tab\tx',
  'nl\nx',
  'é',
  '$x',
  'a*',
  '~a',
  'a~',
  '#a',
  'a#',
  '{',
  '{a',
  'a=b',
  'a:b',
  "it's$x",
  "a$'",
  '\x01\x02',
  'a\x01\x02b',
  'a\x1bb',
  "a\tb'c",
  '!',
  ']',
  '%+,.@_',
  '-',
];

describe('quoting names as GNU does', () => {
  // (For cat, `-` is standard input rather than a name.)
  it.each(NAMES.filter((n) => n !== '-'))('quotef, as cat shows %j', async (name) => {
    const ours = await runCommand(cat, ['--', name]);
    expect(visible(ours)).toEqual(visible(runReal('cat', ['--', name])));
    expect(ours.err).toBe(`cat: ${quoteName(name)}: No such file or directory\n`);
  });

  it.each(NAMES)('quoteaf, as rm shows %j', async (name) => {
    const ours = await runCommand(rm, ['--', name]);
    expect(visible(ours)).toEqual(visible(runReal('rm', ['--', name])));
    expect(ours.err).toBe(`rm: cannot remove ${quoteAlways(name)}: No such file or directory\n`);
  });

  it.each(NAMES)('quote, as mkdir shows %j', async (name) => {
    const args = [`nope/${name}`];
    const ours = await runCommand(mkdir, args);
    expect(visible(ours)).toEqual(visible(runReal('mkdir', args)));
    expect(ours.err).toBe(`mkdir: cannot create directory ${quoteLocale(`nope/${name}`)}: No such file or directory\n`);
  });
});

describe('parseCount', () => {
  it.each([
    ['0', 0],
    ['12', 12],
    ['2b', 1024],
    ['1k', 1024],
    ['1K', 1024],
    ['1KiB', 1024],
    ['1kB', 1000],
    ['2M', 2 * 1024 ** 2],
    ['1MB', 1_000_000],
    ['1G', 1024 ** 3],
  ])('%s is %d', (text, value) => {
    expect(parseCount(text)).toEqual({ ok: true, value });
  });

  it.each(['', 'x', '1x', '-1', '1.5', 'k', '1iB'])('refuses %j', (text) => {
    expect(parseCount(text)).toEqual({ ok: false, tooLarge: false });
  });

  it('refuses what does not fit in 64 bits, and caps what fits but is beyond exact', () => {
    expect(parseCount('18446744073709551616')).toEqual({ ok: false, tooLarge: true });
    expect(parseCount('18446744073709551615')).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
    expect(parseCount('16E')).toEqual({ ok: false, tooLarge: true });
  });
});

describe('line positions', () => {
  const bytes = new TextEncoder().encode('a\nbb\nccc');
  it('finds where the last lines start, the unterminated one included', () => {
    expect([0, 1, 2, 3, 4].map((n) => startOfLastLines(bytes, n))).toEqual([8, 5, 2, 0, 0]);
    expect(startOfLastLines(new TextEncoder().encode('a\nb\n'), 1)).toBe(2);
  });

  it('finds where line n starts', () => {
    expect([0, 1, 2, 3, 4].map((n) => startOfLine(bytes, n))).toEqual([0, 0, 2, 5, 8]);
  });
});
