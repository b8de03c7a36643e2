/** xxd, hexdump, base64, sha256sum, cmp and diff against the real Debian tools on the same bytes. */
import { describe, expect, it } from 'vitest';
import { base64 } from '../../src/shell/commands/base64.ts';
import { cmp } from '../../src/shell/commands/cmp.ts';
import { diff } from '../../src/shell/commands/diff.ts';
import { hexdump } from '../../src/shell/commands/hexdump.ts';
import { sha256sum } from '../../src/shell/commands/sha256sum.ts';
import { xxd } from '../../src/shell/commands/xxd.ts';
import type { CommandFn } from '../../src/shell/types.ts';
import { bothRun, type Case, hasProgram, runCommand, vfsWith } from './command-harness.ts';

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
