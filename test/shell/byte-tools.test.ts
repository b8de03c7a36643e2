/** xxd, hexdump, base64, sha256sum, cmp and diff against the real Debian tools on the same bytes. */
import { describe, expect, it } from 'vitest';
import { base64 } from '../../src/shell/commands/base64.ts';
import { cmp } from '../../src/shell/commands/cmp.ts';
import { diff } from '../../src/shell/commands/diff.ts';
import { hexdump } from '../../src/shell/commands/hexdump.ts';
import { sha256sum } from '../../src/shell/commands/sha256sum.ts';
import { xxd } from '../../src/shell/commands/xxd.ts';
import type { CommandFn } from '../../src/shell/types.ts';
import { bothRun, type Case, hasProgram, runCommand, runReal, vfsWith } from './command-harness.ts';

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const ZEROS = new Uint8Array(100);
const HELLO = 'hello world, this is xxd\x00\x01\xff\n';

const TREE = {
  a: 'hello\nworld\n',
  a2: 'hello\nwprld\n',
  a3: 'hello\n',
  a4: 'hellO\nworld\nmore\n',
  'no-eol': 'one\ntwo',
  empty: '',
  hello: HELLO,
  bin: ALL_BYTES,
  zeros: ZEROS,
  rows: `${'A'.repeat(48)}B`,
  big: 'A'.repeat(100),
  hex: '68656c6c6f0a',
  'hex-spaced': '48 65:6c zz 6c6f0\n',
  'hex-odd': '4',
  'hex-garbage': 'G41\n4 1\n',
  'b64': 'aGVsbG8gd29ybGQ=\n',
  'b64-wrapped': 'aGVs\nbG8g\nd29y\nbGQ=\n',
  'b64-bad': 'aGVsbG8gd29y#GQ=',
  'a b': 'spaced\n',
  'd/': '',
  'd/a': 'hello\nworld\n',
  'x/': '',
  'x/f': '1\n',
  'x/same': 's\n',
  'x/f2': 'z\n',
  'x/sub/': '',
  'x/onlyx/': '',
  'x/bin': 'a\0b',
  'y/': '',
  'y/f': '2\n',
  'y/same': 's\n',
  'y/f2/': '',
  'y/sub/': '',
  'y/onlyy': 'o\n',
  'y/bin': 'a\0c',
};

async function expectSame(fn: CommandFn, program: string, c: Case): Promise<void> {
  const { ours, real } = await bothRun(fn, program, { tree: TREE, ...c });
  expect(ours).toEqual(real);
}

/** Every run of six words, lower-cased and without the punctuation around them: two texts sharing one share a phrase. */
function phrases(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  return new Set(words.slice(0, Math.max(0, words.length - 5)).map((_, i) => words.slice(i, i + 6).join(' ')));
}

/** The phrases of `ours` found in the real tool's own texts (its help output and its manual page). */
function copiedPhrases(ours: string, ...theirs: string[]): string[] {
  const real = new Set(theirs.flatMap((text) => [...phrases(text)]));
  return [...phrases(ours)].filter((p) => real.has(p));
}

const manual = (page: string): string => runReal('man', ['-l', `/usr/share/man/man1/${page}.1.gz`]).out;

const title = (c: Case): string => `${c.args.join(' ') || '(no args)'}${c.stdin === undefined ? '' : ' <stdin>'}`;
const cases = (list: Case[]) => list.map((c) => [title(c), c] as const);

describe('the real tools are installed', () => {
  it.each(['xxd', 'hexdump', 'base64', 'sha256sum', 'cmp', 'diff'])('%s', (program) => {
    expect(hasProgram(program)).toBe(true);
  });
});

describe('xxd', () => {
  it.each(
    cases([
      { args: ['hello'] },
      { args: ['bin'] },
      { args: ['a'] },
      { args: ['empty'] },
      { args: [], stdin: HELLO },
      { args: ['-'], stdin: 'dash' },
      { args: ['-p', 'hello'] },
      { args: ['-ps', 'bin'] },
      { args: ['-plain', 'big'] },
      { args: ['--ps', 'a'] },
      { args: ['-p', 'empty'] },
      { args: ['-p', '-c', '0', 'big'] },
      { args: ['-p', '-c', '0', 'empty'] },
      { args: ['-p', '-c', '4', 'hello'] },
      { args: ['-p', '-c', '300', 'big'] },
      { args: ['-c', '8', 'hello'] },
      { args: ['-c8', 'hello'] },
      { args: ['-cols', '5', 'hello'] },
      { args: ['-c', '0x3', 'hello'] },
      { args: ['-c', '010', 'hello'] },
      { args: ['-c', '1', 'a'] },
      { args: ['-c', '7', 'bin'] },
      { args: ['-c', '256', 'bin'] },
      { args: ['-c', '0', 'hello'] },
      { args: ['-c', 'x', 'hello'] },
      { args: ['-g', '0', 'hello'] },
      { args: ['-g', '3', 'hello'] },
      { args: ['-g1', '-c', '5', 'hello'] },
      { args: ['-u', 'hello'] },
      { args: ['-u', '-p', 'hello'] },
      { args: ['-b', 'a'] },
      { args: ['-b', '-c', '4', 'a'] },
      { args: ['-e', 'a'] },
      { args: ['-e', '-g', '8', 'hello'] },
      { args: ['-e', '-c', '6', 'hello'] },
      { args: ['-i', 'hello'] },
      { args: ['-i', '-C', 'hello'] },
      { args: ['-i', '-u', 'a'] },
      { args: ['-i', 'a b'] },
      { args: ['-i'], stdin: 'abc' },
      { args: ['-p', '-i', 'a'] },
      { args: ['-b', '-p', 'a'] },
      { args: ['-a', 'zeros'] },
      { args: ['-a', '-c', '4', 'zeros'] },
      { args: ['-a'], stdin: new Uint8Array(48) },
      { args: ['-a'], stdin: new Uint8Array(64) },
      { args: ['-a', 'rows'] },
      { args: ['-d', 'hello'] },
      { args: ['-o', '16', '-d', 'a'] },
      { args: ['-o', '0x100', 'a'] },
      { args: ['-l', '5', 'hello'] },
      { args: ['-len', '3', 'hello'] },
      { args: ['-l', '-1', 'a'] },
      { args: ['-s', '3', '-l', '4', 'hello'] },
      { args: ['-s', '-3', 'hello'] },
      { args: ['-s', '+2', 'a'] },
      { args: ['-s3', 'a'] },
      { args: ['-seek', '2', 'a'] },
      { args: ['-s', '100', 'hello'] },
      { args: ['-s', '-100', 'hello'] },
      { args: ['-s', '2'], stdin: 'abcdef' },
      { args: ['-s', '5'], stdin: 'abc' },
      { args: ['-s', '-1'], stdin: 'abc' },
      { args: ['-r', '-p', 'hex'] },
      { args: ['-r', '-p'], stdin: '68656c6c6f0a' },
      { args: ['-r', '-p', 'hex-spaced'] },
      { args: ['-r', '-p', 'hex-odd'] },
      { args: ['-r', '-p', 'hex-garbage'] },
      { args: ['-r', '-p', '-c', '2', 'hex'] },
      { args: ['-r', '-p', 'hex', 'out.bin'] },
      { args: ['-r', '-b', 'a'] },
      { args: ['-r', '-i', 'a'] },
      { args: ['-r', 'd'] },
      { args: ['-r', '-p', 'hex', 'nope/out'] },
      { args: ['-r', '-p', 'hex', 'd'] },
      { args: ['-r'], stdin: '00000000: 6865 6c6c 6f0a                           hello.\n' },
      { args: ['-r'], stdin: '00000010: 4142\n00000000: 4344\n' },
      { args: ['-r'], stdin: '00000004: 4142\n' },
      { args: ['-r', '-', 'out.bin'], stdin: '00000004: 4142\n00000000: 4344\n' },
      { args: ['-r', '-c', '4'], stdin: '00000000: 6162 6364 6566  abcdef\n' },
      { args: ['-r', '-s', '2'], stdin: '00000000: 6162\n' },
      { args: ['hello', 'out.txt'] },
      { args: ['hello', '-'] },
      { args: ['-p', 'a', 'a3'] },
      { args: ['hello', 'd'] },
      { args: ['nope', 'out.txt'] },
      { args: ['--', 'hello'] },
      { args: ['nope'] },
      { args: ['d'] },
      { args: ['-p', 'd'] },
      { args: ['a b'] },
      { args: ['-c', '300', 'a'] },
      { args: ['-c', '-1', 'a'] },
      { args: ['-p', '-c', '-1', 'a'] },
      { args: ['-e', '-g', '3', 'a'] },
      { args: ['-v'] },
    ]),
  )('xxd %s', async (_, c) => {
    await expectSame(xxd, 'xxd', c);
  });

  // The real xxd prints its own summary here; ours is KMS Lab's page, on the same stream with the same status.
  it.each(cases([{ args: ['-h'] }, { args: ['-z'] }, { args: ['-c'] }, { args: ['a', 'b', 'c'] }, { args: ['-help', 'a'] }, { args: ['--x'] }]))(
    'xxd %s prints the usage page on stderr',
    async (_, c) => {
      const { ours, real } = await bothRun(xxd, 'xxd', { tree: TREE, ...c });
      expect(real.stderr).toMatch(/^Usage:\n {7}xxd /);
      expect(ours.stderr).toBe((await runCommand(xxd, ['-h'])).err);
      expect(ours.stderr).toMatch(/^NAME\n {7}xxd - /);
      expect({ ...ours, stderr: '' }).toEqual({ ...real, stderr: '' });
    },
  );

  // Behaviour found by running Debian's xxd as a black box, beyond the cases above.
  const ZERO_RUNS = {
    z2: Uint8Array.from([0x41, ...new Uint8Array(47), 0x42]),
    z3: Uint8Array.from([0x41, ...new Uint8Array(63), 0x42]),
    z4: Uint8Array.from([0x41, ...new Uint8Array(79)]),
    zmix: Uint8Array.from([...new Uint8Array(40), 0x41, ...new Uint8Array(60)]),
    z48: new Uint8Array(48),
  };
  it.each(
    cases([
      // -e on lines that are not whole groups: later bytes' digits land on earlier cells.
      { args: ['-e', '-c', '3', 'hello'] },
      { args: ['-e', '-c', '5', 'hello'] },
      { args: ['-e', '-g', '0', '-c', '6', 'hello'] },
      { args: ['-e', '-g', '8', '-c', '9', 'bin'] },
      { args: ['-e', '-g', '6', '-c', '4', 'hello'] },
      { args: ['-e', '-g', '3', '-c', '3', 'hello'] },
      { args: ['-e', '-g', '0', 'hello'] },
      { args: ['-u', '-e', '-o', '0xab', '-l', '5', 'hello'] },
      { args: ['-g', '8', '-c', '3', 'hello'] },
      { args: ['-g', '-1', 'hello'] },
      { args: ['-b', '-g', '3', '-c', '4', 'hello'] },
      { args: ['-b', '-c', '0', 'hello'] },
      { args: ['-b', '-c', '300', 'hello'] },
      // -c and -g end up in C ints.
      { args: ['-c', '4294967297', 'hello'] },
      { args: ['-c', '2147483648', '-p', 'hello'] },
      { args: ['-p', '-c', '4294967296', 'hello'] },
      { args: ['-e', '-g', '4294967298', '-c', '4', 'hello'] },
      { args: ['-i', '-c', '0', 'hello'] },
      { args: ['-i', '-c', '-1', 'hello'] },
      // The lazy parser: first letter only, values glued or apart, long names take the next word.
      { args: ['-bogus', 'hello'] },
      { args: ['-pu', 'hello'] },
      { args: ['-up', 'hello'] },
      { args: ['-cols8', 'hello'] },
      { args: ['-col', '8', 'hello'] },
      { args: ['-colsx', '8', 'hello'] },
      { args: ['--cols', '8', 'hello'] },
      { args: ['--c8', 'hello'] },
      { args: ['-cz', '8', 'hello'] },
      { args: ['-c', '8x', 'hello'] },
      { args: ['-lenx', '3', 'hello'] },
      { args: ['-le', '3', 'hello'] },
      { args: ['-offset', '16', 'hello'] },
      { args: ['-off', '16', 'hello'] },
      { args: ['-name', 'x', '-i', 'hello'] },
      { args: ['-b', '-p', '-e', 'hello'] },
      { args: ['-a', '-a', 'z48'], tree: ZERO_RUNS },
      { args: ['-C', '-C', '-i', '-l', '1', 'hello'] },
      { args: ['-v', '-z'] },
      { args: ['-c', '300', '-v'] },
      { args: ['-u', '--', '-'], stdin: 'x' },
      { args: ['--', '--', '--'] },
      // -o: its own signs, then strtoul.
      { args: ['-o', '-1', 'hello'] },
      { args: ['-o', '99999999999999999999', 'hello'] },
      { args: ['-o', '-99999999999999999999', 'hello'] },
      { args: ['-o', '--5', '-l', '1', 'hello'] },
      { args: ['-o', '+-5', '-l', '1', 'hello'] },
      { args: ['-o', ' -5', '-l', '1', 'hello'] },
      { args: ['-o', '0xfffffff8', 'hello'] },
      { args: ['-d', '-o', '-100', 'hello'] },
      { args: ['-d', '-o', '99999999999', 'hello'] },
      // -s: + from the current position, - from the end, then strtol.
      { args: ['-s', '+-2', 'hello'] },
      { args: ['-s', '-+2', 'hello'] },
      { args: ['-s', '--2', 'hello'] },
      { args: ['-s', '+--2', 'hello'] },
      { args: ['-s', '++-2', 'hello'] },
      { args: ['-s', ' -2', 'hello'] },
      { args: ['-s', '- 3', 'hello'] },
      { args: ['-s', '-0', 'hello'] },
      { args: ['-s', '28', 'hello'] },
      { args: ['-s', '-28', 'hello'] },
      { args: ['-s', '-29', 'hello'] },
      { args: ['-s', '17592186040320', 'hello'] },
      { args: ['-s', '17592186040321', 'hello'] },
      { args: ['-s', '-99999999999999999999', 'hello'] },
      { args: ['-s', '-2', '-s', '3', '-l', '2', 'hello'] },
      { args: ['-s', '-100', '-l', '0', 'hello'] },
      { args: ['-s', '28'], stdin: HELLO },
      { args: ['-s', '29'], stdin: HELLO },
      { args: ['-s', '-0'], stdin: HELLO },
      { args: ['-s', '+--2'], stdin: HELLO },
      { args: ['-s', '5', '-l', '0'], stdin: 'abc' },
      { args: ['-l', '--5', 'hello'] },
      { args: ['-l', '99999999999999999999', 'hello'] },
      { args: ['-l', '-99999999999999999999', 'hello'] },
      // -a: a single zero line between others stays; two or more become one *.
      ...['z2', 'z3', 'z4', 'zmix', 'z48'].map((name): Case => ({ args: ['-a', name], tree: ZERO_RUNS })),
      { args: ['-a', '-b', '-c', '8', 'z4'], tree: ZERO_RUNS },
      { args: ['-a', '-p', 'z4'], tree: ZERO_RUNS },
      { args: ['-E', 'bin'] },
      { args: ['-E', '-b', '-c', '8', 'bin'] },
      // -i names: letters and digits stay, a leading digit gets __.
      { args: ['-i', '123'], tree: { '123': 'ab' } },
      { args: ['-i', 'sub/9x.y-z'], tree: { 'sub/9x.y-z': 'ab' } },
      { args: ['-i', '-C', './hello'] },
      { args: ['-i', '-C', '-n', 'é', '-l', '1', 'hello'] },
      { args: ['-i', '-n', '', '-l', '2', 'hello'] },
      { args: ['-i', '-n', '9x', '-C', '-l', '2', 'hello'] },
      { args: ['-i', '-n', 'x'], stdin: '' },
      { args: ['-i'], stdin: '' },
      { args: ['-i', '-s', '100', 'hello'] },
      { args: ['-i', '-s', '-100', 'hello'] },
      { args: ['-i', '-u', '-c', '5', '-l', '12', 'hello'] },
      { args: ['-p', '-c', '0'], stdin: '' },
      { args: ['-p', '-s', '100', '-c', '0', 'hello'] },
      // Files: a directory opens but cannot be read; outfile is emptied before infile is read.
      { args: ['-i', 'd'] },
      { args: ['-l', '0', 'd'] },
      { args: ['-i', '-l', '0', 'd'] },
      ...['5', '+1', '+-1', '-1', '-0', '--1', '-+1', '-4096', '-4095', '0x7fffffffffffefff', '0x7ffffffffffff000', '17592186040321'].map(
        (seek): Case => ({ args: ['-s', seek, 'd'] }),
      ),
      { args: ['-s', '-1', '-l', '0', 'd'] },
      { args: ['-i', '-s', '-1', 'd'] },
      { args: ['d', 'out'] },
      { args: ['-r', 'd', 'out'] },
      { args: ['hello', 'hello'] },
      { args: ['-s', '-2', 'hello', 'hello'] },
      { args: ['-r', 'h3', 'h3'], tree: { h3: '0: 4142\n' } },
      { args: [''] },
      { args: ['hello', ''] },
      { args: ['hello', 'nodir/'] },
      { args: ['hello', 'hello/x'] },
      { args: ['hello/x'] },
      { args: ['hello/'] },
      { args: ['-r', '-b', 'nope'] },
      { args: ['-r', '-b', 'hello', 'd'] },
      { args: ['-r', '-b', '-s', '-100', 'hello', 'out'] },
      { args: ['-e', '-g', '3', '-r'], stdin: '0: 41\n' },
      { args: ['-r', '-c', '300', 'nope'] },
      { args: ['-c', '-1', '--', 'a', 'b', 'c'] },
      { args: ['-e', '-g', '3', 'a', 'b', 'c'] },
      { args: ['-s', '-100', 'hello', 'd'] },
    ]),
  )('xxd %s', async (_, c) => {
    await expectSame(xxd, 'xxd', { ...c, tree: { ...TREE, ...c.tree } });
  });

  /** Reverted dumps: each case is the dump on standard input and the options. */
  const reverts: [string, string[]][] = [
    // Offsets: the first run of hex digits, whatever comes before it; a newline may end it.
    ['6865\n', []],
    ['1 6865\n', []],
    ['x 00: 4142\n', []],
    ['0x10: 4142\n', []],
    ['0 0: 41\n', []],
    ['4\n2: 41\n', []],
    ['2: 41\n4\n3: 42\n', []],
    ['10000000000000000: 41\n', []],
    ['ffffffffffffffff: 41\n', []],
    // The position takes effect at the character after the offset, even with no bytes to follow.
    ['4:\n', []],
    ['4:', []],
    ['2: 41\n0:\n1: zz\n', []],
    ['2: 41\n1 z', []],
    ['2: 41\n1 ', []],
    ['2: 4142\n3:\n', []],
    // Pairs: a lone digit is dropped by the next other character; two others in a row end the line.
    ['00000000: 6 8 65\n', []],
    ['0: 41g2 4344\n', []],
    ['0: 4142  4344\n', []],
    ['0: 4 : 42\n', []],
    ['0: 4: 42\n', []],
    ['0:  4142\n', []],
    ['0zz41\n', []],
    ['0 zz41\n', []],
    ['0: 4142 4344 4546 4748 494a 4b4c 4d4e 4f50 5152\n', []],
    ['0: 4142434445464748494a4b4c4d4e4f505152\n', ['-c', '0']],
    ['0: 4142434445464748494a4b4c4d4e4f505152\n', ['-c', '20']],
    ['0: 41\n2: 42\n', ['-c', '1']],
    // Carriage returns are not seen at all.
    ['0: 41\r\n2: 42\r\n', []],
    ['1\r3: 41\n', []],
    ['0: 4\r1', []],
    ['1\r\n', []],
    // -s moves every offset; its + means nothing here.
    ['2: 41\n', ['-s', '2']],
    ['2: 41\n', ['-s', '-2']],
    ['2: 41\n', ['-s', '-3']],
    ['2: 41\n', ['-s', '+-1']],
    ['0: 4142\n0: 43\n', ['-s', '4']],
    ['0:\n', ['-s', '-1']],
    ['1:\n', ['-s', '-1']],
    // -r -p: white space never counts, and ignoring starts again on the next line.
    ['4 1', ['-p']],
    ['414\n243', ['-p']],
    ['4g1', ['-p']],
    ['41:\n:42', ['-p']],
    ['zz41\n42', ['-p']],
    ['41zz\nzz42', ['-p']],
    ['4zzz41', ['-p']],
    ['4 zz 1\n42', ['-p']],
    ['41z4zz42\n43', ['-p']],
    ['0x41', ['-p']],
    ['4', ['-p', '-s', '3']],
    [' ', ['-p', '-s', '3']],
    ['zz41', ['-p', '-s', '-1']],
    ['41 42 43', ['-p', '-c', '1']],
    ['41', ['-p', '-c', '300']],
    ['41', ['-p', '-c', '-1']],
  ];
  it.each(reverts.map(([stdin, options]) => [`-r ${options.join(' ')} ${JSON.stringify(stdin)}`, stdin, options] as const))(
    'xxd %s',
    async (_, stdin, options) => {
      await expectSame(xxd, 'xxd', { args: ['-r', ...options], stdin });
      await expectSame(xxd, 'xxd', { args: ['-r', ...options, '-', 'f'], stdin, tree: { ...TREE, f: 'abcdefgh' } });
    },
  );

  it('stops -r at the sandbox size where the real xxd would fill the disk', async () => {
    const far = await runCommand(xxd, ['-r'], { stdin: '1000001: 41\n' });
    expect(far.err).toBe('xxd: No space left on device\n');
    expect(far.exitCode).toBe(3);
    expect(far.stdout.length).toBe(0);
    const vfs = vfsWith({ f: 'abc' });
    const file = await runCommand(xxd, ['-r', '-', 'f'], { vfs, stdin: '1: 42\nffffff0000: 41\n' });
    expect([file.err, file.exitCode]).toEqual(['xxd: No space left on device\n', 3]);
    expect(new TextDecoder().decode(vfs.readFile(vfs.resolve('/home/learner', 'f')))).toBe('aBc');
    const near = await runCommand(xxd, ['-r', '-p', '-s', String(16 * 1024 * 1024 - 1)], { stdin: '41' });
    expect([near.exitCode, near.stdout.length, near.stdout.at(-1)]).toEqual([0, 16 * 1024 * 1024, 0x41]);
  });

  it('answers -h with KMS Lab’s own page, on stderr with status 1 as the real one, sharing no phrase with its texts', async () => {
    const ours = await runCommand(xxd, ['-h']);
    const real = runReal('xxd', ['-h']);
    expect([ours.exitCode, ours.out]).toEqual([real.exitCode, real.out]);
    expect(ours.err).toMatch(/^NAME\n {7}xxd - /);
    const man = manual('xxd');
    expect(man).toContain('hexdump');
    expect(copiedPhrases(ours.err, real.err, man)).toEqual([]);
    for (const line of ours.err.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('documents every option letter it accepts, and no other', async () => {
    const page = (await runCommand(xxd, ['-h'])).err;
    const documented = new Set([...page.matchAll(/^ {7}-([A-Za-z])\b/gm)].map((m) => m[1]!));
    const accepted = new Set<string>();
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') {
      // A letter it takes reads 0 as its value or as the input file; any other is answered with the page.
      const { err } = await runCommand(xxd, [`-${letter}`, '0'], { stdin: '' });
      if (!err.startsWith('NAME') || letter === 'h') accepted.add(letter);
    }
    expect([...accepted].sort()).toEqual([...documented].sort());
  });

  it('round-trips every byte value through -p and -r -p', async () => {
    const dumped = await runCommand(xxd, ['-p'], { stdin: ALL_BYTES });
    const back = await runCommand(xxd, ['-r', '-p'], { stdin: dumped.stdout });
    expect(back.stdout).toEqual(ALL_BYTES);
    const plain = await runCommand(xxd, [], { stdin: ALL_BYTES });
    const back2 = await runCommand(xxd, ['-r'], { stdin: plain.stdout });
    expect(back2.stdout).toEqual(ALL_BYTES);
  });

  it('patches an existing file in place with -r', async () => {
    const vfs = vfsWith({ f: 'abcdef' });
    const result = await runCommand(xxd, ['-r', '-', 'f'], { vfs, stdin: '00000002: 5a5a\n' });
    expect(result.exitCode).toBe(0);
    expect(new TextDecoder().decode(vfs.readFile(vfs.resolve('/home/learner', 'f')))).toBe('abZZef');
  });
});

describe('hexdump', () => {
  it.each(
    cases([
      { args: ['-C', 'hello'] },
      { args: ['-C', 'bin'] },
      { args: ['-C', 'zeros'] },
      { args: ['-C', 'rows'] },
      { args: ['-C', 'big'] },
      { args: ['-C', '-v', 'zeros'] },
      { args: ['-Cv', 'rows'] },
      { args: ['-C', 'empty'] },
      { args: ['-C'], stdin: HELLO },
      { args: ['-C'], stdin: '' },
      { args: ['-C', 'a', 'hello'] },
      { args: ['hello'] },
      { args: ['bin'] },
      { args: ['zeros'] },
      { args: [], stdin: 'abc' },
      { args: ['--canonical', 'a'] },
      { args: ['-C', '-n', '2'], stdin: 'abc' },
      { args: ['-C', '-n', '0', 'hello'] },
      { args: ['-C', '-s', '5', '-n', '4', 'hello'] },
      { args: ['-C', '-s', '100', 'hello'] },
      { args: ['-C', '-s', '28', 'hello'] },
      { args: ['-C', '-s', '0x10', 'hello'] },
      { args: ['-C', '-s', '010', 'hello'] },
      { args: ['-C', '-s', '1K', 'hello'] },
      { args: ['-s', '5', 'hello'] },
      { args: ['-C', '-s', 'x', 'hello'] },
      { args: ['-C', '-n', '-1', 'hello'] },
      { args: ['-C', 'nope'] },
      { args: ['-C', 'nope', 'other'] },
      { args: ['-C', 'nope', 'a'] },
      { args: ['-C', '-'], stdin: 'abc' },
      { args: ['-C', 'd', 'a'] },
      { args: ['-C', 'a b'] },
      { args: ['-z'] },
    ]),
  )('hexdump %s', async (_, c) => {
    await expectSame(hexdump, 'hexdump', c);
  });

  it('answers --help with a page laid out like aws help, sharing no phrase with util-linux’s texts', async () => {
    for (const spelling of ['--help', '-h']) {
      const ours = await runCommand(hexdump, [spelling]);
      expect([ours.exitCode, ours.err]).toEqual([0, '']);
      expect(ours.out).toMatch(/^NAME\n {7}hexdump - /);
      for (const line of ours.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      const real = runReal('hexdump', ['--help']);
      expect(real.exitCode).toBe(0);
      expect(copiedPhrases(ours.out, real.out, manual('hexdump'))).toEqual([]);
      // Every option the page names is one the parser takes.
      for (const [, option] of ours.out.matchAll(/^ {7}(-\w), --/gm)) {
        expect((await runCommand(hexdump, [option!, ...(option === '-n' || option === '-s' ? ['1'] : [])])).exitCode, option).toBe(0);
      }
    }
  });
});

describe('base64', () => {
  it.each(
    cases([
      { args: ['a'] },
      { args: ['bin'] },
      { args: ['empty'] },
      { args: [], stdin: 'hello' },
      { args: ['-'], stdin: 'hello' },
      { args: ['-w', '0', 'bin'] },
      { args: ['-w0'], stdin: 'hello' },
      { args: ['--wrap=10', 'big'] },
      { args: ['--wrap', '4', 'a'] },
      { args: ['-w', '010', 'big'] },
      { args: ['-w', '1', 'a3'] },
      { args: ['-w', 'x', 'a'] },
      { args: ['-w', '-1', 'a'] },
      { args: ['-w', '1k', 'a'] },
      { args: ['-d', 'b64'] },
      { args: ['--decode', 'b64-wrapped'] },
      { args: ['--dec', 'b64'] },
      { args: ['-d', 'b64-bad'] },
      { args: ['-d', 'hello'] },
      { args: ['-d', '-i', 'b64-bad'] },
      { args: ['-di'], stdin: 'aGVs%bG8=' },
      { args: ['--ignore-garbage', '-d'], stdin: '' },
      ...[
        'aGVsbG8=',
        'aGVsbG8',
        'aGVsbA',
        'aGVsbG8=x',
        'aGVs bG8=',
        'aGVs!bG8=',
        'aGVsbG8=aGVsbG8=',
        'aGVsbG8=====',
        '=',
        'a',
        'aG',
        'aGV',
        'aGVs\nbG8=\n',
        'aGVs\r\nbG8=',
        'aGVsbG9=',
        'aGVsbG+/',
        'aGVsbG-_',
        'aG=x',
        'aG==aGVs',
        'aGV!',
        '\n\n',
      ].map((stdin): Case => ({ args: ['-d'], stdin })),
      { args: ['nope'] },
      { args: ['-d', 'nope'] },
      { args: ['d'] },
      { args: ['a', 'a'] },
      { args: ['a b'] },
      { args: ['-z'] },
      { args: ['--bogus'] },
    ]),
  )('base64 %s', async (_, c) => {
    await expectSame(base64, 'base64', c);
  });

  it('round-trips every byte value', async () => {
    const encoded = await runCommand(base64, [], { stdin: ALL_BYTES });
    const decoded = await runCommand(base64, ['-d'], { stdin: encoded.stdout });
    expect(decoded.exitCode).toBe(0);
    expect(decoded.stdout).toEqual(ALL_BYTES);
  });
});

describe('sha256sum', () => {
  it.each(
    cases([
      { args: ['a'] },
      { args: ['a', 'bin', 'empty'] },
      { args: [], stdin: 'hello' },
      { args: ['a', '-'], stdin: 'hello' },
      { args: ['-b', 'a'] },
      { args: ['-t', 'a'] },
      { args: ['--tag', 'a', '-'], stdin: 'x' },
      { args: ['we\\ird'], tree: { 'we\\ird': 'x' } },
      { args: ['n\nl'], tree: { 'n\nl': 'x' } },
      { args: ['c\rr'], tree: { 'c\rr': 'x' } },
      { args: ['--tag', 'n\nl'], tree: { 'n\nl': 'x' } },
      { args: ['a b'] },
      { args: ['nope', 'a'] },
      { args: ['d'] },
      { args: ['-c', 'sums'], tree: { a: 'hello\n', sums: '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  a\n' } },
      {
        args: ['-c', 'sums'],
        tree: {
          a: 'hello\n',
          b: 'changed\n',
          sums:
            '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  a\n' +
            '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 *b\n' +
            '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  gone\n' +
            'not a checksum line\n',
        },
      },
      { args: ['-c', '--quiet', 'sums'], tree: { a: 'hello\n', b: 'x', sums: `SHA256 (a) = 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n${'0'.repeat(64)}  b\n` } },
      { args: ['-c', '--status', 'sums'], tree: { a: 'hello\n', sums: `${'0'.repeat(64)}  a\n` } },
      { args: ['-c'], stdin: '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  a\n' },
      { args: ['-c', 'a'] },
      { args: ['-c'], stdin: 'junk\n' },
      { args: ['--quiet', 'a'] },
      { args: ['-y'] },
    ]),
  )('sha256sum %s', async (_, c) => {
    await expectSame(sha256sum, 'sha256sum', c);
  });
});

describe('cmp', () => {
  it.each(
    cases([
      { args: ['a', 'a'] },
      { args: ['a', 'a2'] },
      { args: ['a', 'a4'] },
      { args: ['a', 'a3'] },
      { args: ['a3', 'a'] },
      { args: ['no-eol', 'a'] },
      { args: ['empty', 'a'] },
      { args: ['a', 'empty'] },
      { args: ['-s', 'a', 'a2'] },
      { args: ['--silent', 'a', 'a3'] },
      { args: ['-s', 'a', 'a'] },
      { args: ['-l', 'a', 'a4'] },
      { args: ['-l', 'a', 'a2'] },
      { args: ['-l', 'a3', 'a'] },
      { args: ['-l', 'bin', 'zeros'] },
      { args: ['-b', 'a', 'a2'] },
      { args: ['-bl', 'a', 'a4'] },
      { args: ['-b', 'bin', 'hello'] },
      { args: ['-lb', 'hello', 'bin'] },
      { args: ['-n', '3', 'a', 'a2'] },
      { args: ['-i', '2', 'a', 'a2'] },
      { args: ['-i', '1:2', 'a', 'a2'] },
      { args: ['a', 'a2', '1', '1'] },
      { args: ['a', 'a2', '7'] },
      { args: ['a', '-'], stdin: 'hello\nworld\n' },
      { args: ['a'], stdin: 'hello\nthere\n' },
      { args: ['a'], stdin: '' },
      { args: ['-', '-'], stdin: 'x' },
      { args: ['-l', 'a', '-'], stdin: 'HELLO\nworld\n' },
      { args: ['-l', '-'], stdin: 'HELLO' },
      { args: ['a', 'nope'] },
      { args: ['nope', 'a'] },
      { args: ['-s', 'a', 'nope'] },
      { args: ['d', 'a'] },
      { args: ['a', ''] },
      { args: ['a b', 'a'] },
      { args: [] },
      { args: ['-l', '-s', 'a', 'a2'] },
      { args: ['a', 'a2', 'b', 'c', 'd'] },
      { args: ['a', 'a2', '1', 'x'] },
      { args: ['a', 'a2', '1', '1', 'e'] },
      { args: ['-z'] },
      { args: ['--bogus'] },
    ]),
  )('cmp %s', async (_, c) => {
    await expectSame(cmp, 'cmp', c);
  });
});

describe('diff', () => {
  const d1 = 'a\nb\nc\n';
  it.each(
    cases([
      { args: ['a', 'a'] },
      { args: ['a', 'a2'] },
      { args: ['a', 'a4'] },
      { args: ['a', 'a3'] },
      { args: ['a3', 'a'] },
      { args: ['d1', 'd2'], tree: { d1, d2: 'a\nB\nc\nd\n' } },
      { args: ['d1', 'd3'], tree: { d1, d3: 'a\nb' } },
      { args: ['d3', 'd4'], tree: { d3: 'a\nb', d4: 'x\n' } },
      { args: ['d4', 'd3'], tree: { d3: 'a\nb', d4: 'x\n' } },
      { args: ['empty', 'a'] },
      { args: ['a', 'empty'] },
      { args: ['pq', 'qp'], tree: { pq: 'p\nq\n', qp: 'q\np\n' } },
      { args: ['r1', 'r2'], tree: { r1: 'x\na\na\ny\n', r2: 'x\na\ny\n' } },
      { args: ['r2', 'r1'], tree: { r1: 'x\na\na\ny\n', r2: 'x\na\ny\n' } },
      { args: ['s1', 's2'], tree: { s1: '1\n2\n3\n4\n5\n6\n7\n8\n', s2: '0\n1\n3\n4\nfour\n5\n8\n9\n' } },
      { args: ['hi1', 'hi2'], tree: { hi1: '\xff\n', hi2: '\xfe\n' } },
      { args: ['bin', 'a'] },
      { args: ['-a', 'x/bin', 'y/bin'] },
      { args: ['bin', 'bin'] },
      { args: ['-q', 'a', 'a2'] },
      { args: ['--brief', 'a', 'a'] },
      { args: ['-s', 'a', 'a'] },
      { args: ['-s', 'a', 'a2'] },
      { args: ['a', '-'], stdin: 'hello\nWORLD\n' },
      { args: ['-', 'a'], stdin: 'hello\n' },
      { args: ['-', '-'], stdin: 'x\n' },
      { args: ['a', 'd'] },
      { args: ['d', 'a'] },
      { args: ['d/', 'a'] },
      { args: ['a2', 'd'] },
      { args: ['x', 'y'] },
      { args: ['x/', 'y'] },
      { args: ['-q', 'x', 'y'] },
      { args: ['x', 'x'] },
      { args: ['-', 'd'], stdin: 'x' },
      { args: ['a', 'nope'] },
      { args: ['nope', 'a'] },
      { args: ['a b', 'a'] },
      { args: [] },
      { args: ['a'] },
      { args: ['a', 'a2', 'a3'] },
      { args: ['-z'] },
    ]),
  )('diff %s', async (_, c) => {
    await expectSame(diff, 'diff', c);
  });
});
