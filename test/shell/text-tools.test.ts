/** cat, wc, head and tail against the real GNU coreutils on the same bytes. */
import { describe, expect, it } from 'vitest';
import { cat } from '../../src/shell/commands/cat.ts';
import { head } from '../../src/shell/commands/head.ts';
import { tail } from '../../src/shell/commands/tail.ts';
import { wc } from '../../src/shell/commands/wc.ts';
import type { CommandFn } from '../../src/shell/types.ts';
import { bothRun, type Case, hasProgram, runCommand, runReal, vfsWith } from './command-harness.ts';

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const NUMBERS = Array.from({ length: 25 }, (_, i) => `${i + 1}\n`).join('');

const TREE = {
  a: 'hello\nworld\n',
  'no-eol': 'one\ntwo',
  empty: '',
  blanks: 'x\n\n\n\ny\n\n',
  tabs: 'a\tb\x01\x7f\x80\xff\n',
  nums: NUMBERS,
  bin: ALL_BYTES,
  'a b': 'spaced\n',
  'wide.txt': 'héllo wörld  ∀x\u00a0y\u3000z\n',
  'd/': '',
  'd/inner': 'inner\n',
};

async function expectSame(fn: CommandFn, program: string, c: Case): Promise<void> {
  const { ours, real } = await bothRun(fn, program, { tree: TREE, ...c });
  expect(ours).toEqual(real);
}

const title = (c: Case): string => `${c.args.join(' ') || '(no args)'}${c.stdin === undefined ? '' : ' <stdin>'}`;

describe('the real tools are installed', () => {
  it.each(['cat', 'wc', 'head', 'tail'])('%s', (program) => {
    expect(hasProgram(program)).toBe(true);
  });
});

describe('cat', () => {
  const cases: Case[] = [
    { args: ['a'] },
    { args: ['a', 'no-eol', 'a'] },
    { args: [], stdin: 'from stdin\n' },
    { args: ['-'], stdin: 'dash\n' },
    { args: ['a', '-', 'a'], stdin: 'middle\n' },
    { args: ['-', '-'], stdin: 'once\n' },
    { args: ['-n', 'a', 'no-eol', 'a'] },
    { args: ['-n', 'blanks'] },
    { args: ['-b', 'blanks'] },
    { args: ['-s', 'blanks', 'blanks'] },
    { args: ['-sn', 'blanks'] },
    { args: ['-E', 'a', 'no-eol'] },
    { args: ['-T', 'tabs'] },
    { args: ['-v', 'tabs'] },
    { args: ['-A', 'tabs'] },
    { args: ['-e', 'tabs'] },
    { args: ['-t', 'tabs'] },
    { args: ['-v', 'bin'] },
    { args: ['a', '-n'] },
    { args: ['--number', 'a'] },
    { args: ['--num', 'a'] },
    { args: ['--', '-n'] },
    { args: ['-n', 'empty'] },
    { args: ['bin'] },
    { args: ['nope'] },
    { args: ['a', 'nope', 'a'] },
    { args: ['d'] },
    { args: ['a/'] },
    { args: ['a/x'] },
    { args: ['nope/x'] },
    { args: [''] },
    { args: ['a b'] },
    { args: ['missing file'] },
    { args: ["it's"] },
    { args: ['tab\there'] },
    { args: ['-z'] },
    { args: ['--bogus'] },
    { args: ['--number=3', 'a'] },
    { args: ['--s'] },
  ];
  it.each(cases.map((c) => [title(c), c] as const))('cat %s', async (_, c) => {
    await expectSame(cat, 'cat', c);
  });

  it('passes every byte value through unchanged', async () => {
    const result = await runCommand(cat, [], { stdin: ALL_BYTES });
    expect(result.stdout).toEqual(ALL_BYTES);
    const fromFile = await runCommand(cat, ['bin'], { vfs: vfsWith({ bin: ALL_BYTES }) });
    expect(fromFile.stdout).toEqual(ALL_BYTES);
  });

  it('prints its own help page, not GNU cat\'s (help-pages.test.ts checks all of them)', async () => {
    const result = await runCommand(cat, ['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.out).toMatch(/^NAME\n {7}cat - /);
    expect(result.out).not.toBe(runReal('cat', ['--help']).out);
  });
});

describe('wc', () => {
  const cases: Case[] = [
    { args: ['a'] },
    { args: ['-c', 'a'] },
    { args: ['-l', 'a'] },
    { args: ['-w', 'a'] },
    { args: ['-m', 'wide.txt'] },
    { args: ['wide.txt'] },
    { args: ['-lwc', 'a'] },
    { args: ['-cl', 'a', 'no-eol'] },
    { args: ['a', 'no-eol', 'nums', 'bin'] },
    { args: ['--bytes', '--lines', 'a'] },
    { args: ['--words', 'tabs'] },
    { args: ['bin'] },
    { args: ['-m', 'bin'] },
    { args: ['empty'] },
    { args: [], stdin: 'piped words here\nand more\n' },
    { args: ['-c'], stdin: 'twelve bytes' },
    { args: ['-l'], stdin: 'x\ny\n' },
    { args: ['-'], stdin: 'dash\n' },
    { args: ['a', '-'], stdin: 'one two\n' },
    { args: ['-c', 'a', '-'], stdin: 'xyz' },
    { args: ['nope'] },
    { args: ['nope', 'a'] },
    { args: ['a', 'nope'] },
    { args: ['d'] },
    { args: ['d', 'a'] },
    { args: ['a b'] },
    { args: ['missing file'] },
    { args: ['-z'] },
    { args: ['--nope'] },
  ];
  it.each(cases.map((c) => [title(c), c] as const))('wc %s', async (_, c) => {
    await expectSame(wc, 'wc', c);
  });

  it('counts words as GNU does in a UTF-8 locale', async () => {
    // Invalid bytes and control characters neither make nor break a word; U+3000 and U+00A0 split words.
    const f = Uint8Array.from([0xff, 0xfe, 0x20, 0x61, 0x01, 0x62, 0x0a, 0xe3, 0x80, 0x80, 0x63, 0xc2, 0xa0, 0x64]);
    const ours = await runCommand(wc, ['f'], { vfs: vfsWith({ f }) });
    expect(ours.out).toBe(' 1  3 14 f\n');
    await expectSame(wc, 'wc', { args: ['f'], tree: { f } });
  });

  it.each(['\u00a0', '\u2007', '\u202f', '\u2060', '\u3000', '\u2028', '\u200b', '\u00ad', '\u0085'])(
    'splits words at %j as GNU wc does, or not',
    async (ch) => {
      await expectSame(wc, 'wc', { args: ['-w'], stdin: `a${ch}b c` });
    },
  );
});

describe('head', () => {
  const cases: Case[] = [
    { args: ['nums'] },
    { args: ['-n', '3', 'nums'] },
    { args: ['-n3', 'nums'] },
    { args: ['-3', 'nums'] },
    { args: ['-3c', 'nums'] },
    { args: ['-2k', 'nums'] },
    { args: ['-n', '-20', 'nums'] },
    { args: ['-n', '-1', 'no-eol'] },
    { args: ['-n', '+2', 'nums'] },
    { args: ['-n', '0', 'nums'] },
    { args: ['-c', '5', 'nums'] },
    { args: ['-c', '-5', 'nums'] },
    { args: ['-c', '1b', 'bin'] },
    { args: ['-c', '1K', 'bin'] },
    { args: ['-c', '1kB', 'bin'] },
    { args: ['--lines=2', 'nums'] },
    { args: ['--bytes', '4', 'a'] },
    { args: ['-n', '1', '-n', '2', 'nums'] },
    { args: ['-n', '1', 'a', 'no-eol'] },
    { args: ['-q', '-n', '1', 'a', 'no-eol'] },
    { args: ['-v', 'a'] },
    { args: ['--silent', 'a', 'nums'] },
    { args: ['-n', '1', 'a', 'd', 'nope', 'a'] },
    { args: ['-n', '1', '-', 'a'], stdin: 'in\nput\n' },
    { args: ['-n', '2'], stdin: 'x\ny\nz\n' },
    { args: ['nope'] },
    { args: ['d'] },
    { args: ['-n', 'x', 'a'] },
    { args: ['-c', '2x', 'a'] },
    { args: ['-n', '', 'a'] },
    { args: ['-n', '99999999999999999999', 'a'] },
    { args: ['-n'] },
    { args: ['--lines'] },
    { args: ['a', '-3'] },
    { args: ['-3x', 'nums'] },
    { args: ['--bogus=1'] },
    { args: ['-x'] },
  ];
  it.each(cases.map((c) => [title(c), c] as const))('head %s', async (_, c) => {
    await expectSame(head, 'head', c);
  });
});

describe('tail', () => {
  const cases: Case[] = [
    { args: ['nums'] },
    { args: ['-n', '3', 'nums'] },
    { args: ['-n', '+20', 'nums'] },
    { args: ['-n', '+0', 'nums'] },
    { args: ['-n', '-2', 'nums'] },
    { args: ['-n', '0', 'nums'] },
    { args: ['-n', '1', 'no-eol'] },
    { args: ['-n', '2', 'blanks'] },
    { args: ['-c', '5', 'nums'] },
    { args: ['-c', '+3', 'a'] },
    { args: ['-c', '+0', 'a'] },
    { args: ['-c', '1b', 'bin'] },
    { args: ['-3', 'nums'] },
    { args: ['+23', 'nums'] },
    { args: ['-2c', 'nums'] },
    { args: ['-3l', 'nums'] },
    { args: ['-l', 'nums'] },
    { args: ['-b', 'bin'] },
    { args: ['-n', '+2', '-c', '3', 'nums'] },
    { args: ['-n', '1', 'a', 'no-eol'] },
    { args: ['-qn1', 'a', 'no-eol'] },
    { args: ['-v', 'a'] },
    { args: ['-n', '1', 'a', 'd', 'nope', 'a'] },
    { args: ['-n', '1', '-', '-'], stdin: 'once\n' },
    { args: [], stdin: NUMBERS },
    { args: ['-5'], stdin: NUMBERS },
    { args: ['nope'] },
    { args: ['d'] },
    { args: ['-n', 'x', 'a'] },
    { args: ['-n', '+x', 'a'] },
    { args: ['-c', '', 'a'] },
    { args: ['-n', '99999999999999999999', 'a'] },
    { args: ['-c'] },
    { args: ['-c', 'a'] },
    { args: ['-5', 'a', 'nums'] },
    { args: ['-+3', 'a'] },
    { args: ['--bogus'] },
  ];
  it.each(cases.map((c) => [title(c), c] as const))('tail %s', async (_, c) => {
    await expectSame(tail, 'tail', c);
  });
});
