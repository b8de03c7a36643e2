/** ls, rm, cp, mv, mkdir and touch against the real GNU coreutils: output, status and the files left. */
import { describe, expect, it } from 'vitest';
import { cp } from '../../src/shell/commands/cp.ts';
import { ls } from '../../src/shell/commands/ls.ts';
import { mkdir } from '../../src/shell/commands/mkdir.ts';
import { mv } from '../../src/shell/commands/mv.ts';
import { rm } from '../../src/shell/commands/rm.ts';
import { touch } from '../../src/shell/commands/touch.ts';
import type { CommandFn } from '../../src/shell/types.ts';
import { HOME, Vfs } from '../../src/shell/vfs.ts';
import { bothRun, type Case, hasProgram, runCommand, runReal, visible, vfsTree, vfsWith } from './command-harness.ts';

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

const TREE = {
  a: 'hello\n',
  b: 'bee\n',
  '.hidden': 'h\n',
  big: 'x'.repeat(5000),
  empty: '',
  bin: ALL_BYTES,
  'a b': 'spaced\n',
  'd/': '',
  'd/f': 'in d\n',
  'd/.h': '',
  'd/s/': '',
  'd/s/g': 'deep\n',
  'e/': '',
  'e/a/': '',
  'full/': '',
  'full/x': 'x\n',
  'Upper': 'U\n',
  '_under': '_\n',
};

async function expectSame(fn: CommandFn, program: string, c: Case & { unordered?: string }): Promise<void> {
  const { ours, real } = await bothRun(fn, program, { tree: TREE, ...c });
  if (c.unordered !== undefined) {
    // What GNU cp leaves inside a directory copied into itself depends on the order the file
    // system lists the source's entries in (seen both ways on one machine): compare the rest.
    const prune = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([k]) => !k.startsWith(c.unordered!) || k === c.unordered));
    expect({ ...ours, tree: prune(ours.tree) }).toEqual({ ...real, tree: prune(real.tree) });
    expect(Object.keys(ours.tree)).toContain(c.unordered);
    return;
  }
  expect(ours).toEqual(real);
}

const title = (c: Case): string => c.args.join(' ') || '(no args)';
const cases = (list: (Case & { unordered?: string })[]) => list.map((c) => [title(c), c] as const);

describe('the real tools are installed', () => {
  it.each(['ls', 'rm', 'cp', 'mv', 'mkdir', 'touch'])('%s', (program) => {
    expect(hasProgram(program)).toBe(true);
  });
});

describe('ls', () => {
  it.each(
    cases([
      { args: [] },
      { args: ['-a'] },
      { args: ['-A'] },
      { args: ['-1'] },
      { args: ['-1a', 'd'] },
      { args: ['d'] },
      { args: ['d/'] },
      { args: ['d', 'e'] },
      { args: ['a', 'd', 'b', 'e'] },
      { args: ['nope'] },
      { args: ['nope', 'd'] },
      { args: ['a', 'nope', 'b'] },
      { args: ['a/'] },
      { args: [''] },
      { args: ['-d', 'd', 'a'] },
      { args: ['--all', 'd/s'] },
      { args: ['--almost-all', 'd'] },
      { args: ['a b'] },
      { args: ['-z'] },
      { args: ['--bogus'] },
      { args: ['--a'] },
    ]),
  )('ls %s', async (_, c) => {
    await expectSame(ls, 'ls', c);
  });

  /** -l, with the real files dated like ours and their owner shown as learner. */
  async function expectSameLong(args: string[], mtime: Date): Promise<void> {
    const vfs = vfsWith(TREE, mtime, new Date());
    const ours = visible(await runCommand(ls, args, { vfs }));
    const real = visible(runReal('ls', args, TREE, '', mtime));
    real.stdout = real.stdout.replaceAll(' root root root ', ' learner learner learner ').replaceAll(' root root ', ' learner learner ');
    expect(ours).toEqual(real);
  }

  const named = (list: string[][]) => list.map((args) => [args.join(' '), args] as const);

  it.each(named([['-l'], ['-la', 'd/s'], ['-l', '--author', 'd'], ['-l', 'd'], ['-l', 'a', 'big', 'd'], ['-l', 'd/', 'a'], ['-ld', 'd', 'e'], ['-lA', 'e'], ['-l', 'empty']]))(
    'ls %s (old files)',
    async (_, args) => {
      await expectSameLong(args, new Date('2020-01-05T09:00:00Z'));
    },
  );

  it.each(named([['-l'], ['-la', 'd/s']]))('ls %s (files from yesterday)', async (_, args) => {
    const yesterday = new Date(Math.floor((Date.now() - 86_400_000) / 60_000) * 60_000);
    await expectSameLong(args, yesterday);
  });

  it('dates recent and old files as GNU does, by the simulated clock', async () => {
    const vfs = vfsWith({ new: '', old: '' }, new Date('2024-01-05T09:07:00Z'), new Date('2024-03-01T00:00:00Z'));
    vfs.setMtime('/home/learner/old', new Date('2023-06-01T12:00:00Z'));
    const result = await runCommand(ls, ['-l'], { vfs });
    expect(result.out).toBe(
      'total 0\n' +
        '-rw-r--r-- 1 learner learner 0 Jan  5 09:07 new\n' +
        '-rw-r--r-- 1 learner learner 0 Jun  1  2023 old\n',
    );
  });

  it('lists the root and /home', async () => {
    expect((await runCommand(ls, ['/'])).out).toBe('home\ntmp\n');
    expect((await runCommand(ls, ['-a', '/home'])).out).toBe('.\n..\nlearner\n');
  });
});

describe('rm', () => {
  it.each(
    cases([
      { args: ['a'] },
      { args: ['a', 'b'] },
      { args: ['nope'] },
      { args: ['-f', 'nope'] },
      { args: ['-f'] },
      { args: [] },
      { args: ['d'] },
      { args: ['-r', 'd'] },
      { args: ['-R', 'd/'] },
      { args: ['-rf', 'd', 'nope'] },
      { args: ['--recursive', '--force', 'e'] },
      { args: ['-d', 'e/a'] },
      { args: ['-d', 'd'] },
      { args: ['-dv', 'e/a'] },
      { args: ['-v', 'a', 'b'] },
      { args: ['-rv', 'd/s'] },
      { args: ['-r', '.'] },
      { args: ['-rf', '..'] },
      { args: ['-r', 'd/..'] },
      { args: ['-r', './'] },
      { args: ['-r', 'd/.'] },
      { args: ['.'] },
      { args: ['a/'] },
      { args: ['-f', 'a/'] },
      { args: ['nope/x'] },
      { args: ['a/x'] },
      { args: ['-f', 'a/x'] },
      { args: [''] },
      { args: ['-f', ''] },
      { args: ['a b'] },
      { args: ['--', '-f'], tree: { ...TREE, '-f': '' } },
      { args: ['-z'] },
    ]),
  )('rm %s', async (_, c) => {
    await expectSame(rm, 'rm', c);
  });

  it('refuses to remove / recursively', async () => {
    for (const root of ['/', '//']) {
      const vfs = vfsWith(TREE);
      const result = await runCommand(rm, ['-rf', root], { vfs });
      expect(result.exitCode).toBe(1);
      const same = root === '/' ? '' : " (same as '/')";
      expect(result.err).toBe(
        `rm: it is dangerous to operate recursively on '${root}'${same}\nrm: use --no-preserve-root to override this failsafe\n`,
      );
      expect(vfs.stat(HOME)?.type).toBe('dir');
    }
  });
});

describe('cp', () => {
  it.each(
    cases([
      { args: ['a', 'c'] },
      { args: ['a', 'b'] },
      { args: ['bin', 'bin2'] },
      { args: ['a', 'd'] },
      { args: ['a', 'd/'] },
      { args: ['a', 'b', 'd'] },
      { args: ['a', 'b', 'nope'] },
      { args: ['a', 'b', 'empty'] },
      { args: ['a', 'nope', 'd'] },
      { args: ['a', 'a'] },
      { args: ['./a', 'a'] },
      { args: ['nope', 'x'] },
      { args: ['a', 'nope/x'] },
      { args: ['a', 'big/x'] },
      { args: ['a', 'q/'] },
      { args: ['a/', 'q'] },
      { args: ['', 'x'] },
      { args: ['a', ''] },
      { args: ['d', 'z'] },
      { args: ['-r', 'd', 'z'] },
      { args: ['-R', 'd', 'e'] },
      { args: ['-r', 'd/', 'z'] },
      { args: ['-r', 'd', 'e/'] },
      { args: ['-r', 'd', 'full'] },
      { args: ['-r', 'd', 'a'] },
      { args: ['-r', 'd', 'nope/x'] },
      { args: ['-r', 'd', 'd'], unordered: 'd/d/' },
      { args: ['-r', 'd', 'd/s'], unordered: 'd/s/d/' },
      { args: ['-r', 'nope', 'x'] },
      { args: ['a', 'e'], tree: { ...TREE, 'e/a/': '' } },
      { args: ['-r', 'full', 'd'], tree: { ...TREE, 'd/full': 'file\n' } },
      { args: ['-n', 'a', 'b'] },
      { args: ['-v', 'a', 'c'] },
      { args: ['-v', 'a', 'b', 'd'] },
      { args: ['-rv', 'd/s', 'z'] },
      { args: ['-f', 'a', 'b'] },
      { args: ['a b', 'x y'] },
      { args: [] },
      { args: ['a'] },
      { args: ['-z'] },
    ]),
  )('cp %s', async (_, c) => {
    await expectSame(cp, 'cp', c);
  });

  it('copies every byte value', async () => {
    const vfs = vfsWith({ bin: ALL_BYTES });
    await runCommand(cp, ['bin', 'copy'], { vfs });
    expect(vfs.readFile(`${HOME}/copy`)).toEqual(ALL_BYTES);
  });
});

describe('mv', () => {
  it.each(
    cases([
      { args: ['a', 'c'] },
      { args: ['a', 'b'] },
      { args: ['a', 'd'] },
      { args: ['a', 'd/'] },
      { args: ['a', 'b', 'd'] },
      { args: ['a', 'b', 'nope'] },
      { args: ['a', 'b', 'empty'] },
      { args: ['a', 'a'] },
      { args: ['nope', 'x'] },
      { args: ['a/', 'x'] },
      { args: ['a', 'nope/x'] },
      { args: ['a', 'empty/x'] },
      { args: ['d', 'z'] },
      { args: ['d/', 'z'] },
      { args: ['d', 'e'] },
      { args: ['d', 'd/s'] },
      { args: ['d', 'a'] },
      { args: ['a', 'e'], tree: { ...TREE, 'e/a/': '' } },
      { args: ['full', 'd'], tree: { ...TREE, 'd/full/': '', 'd/full/y': '' } },
      { args: ['full', 'd'], tree: { ...TREE, 'd/full/': '' } },
      { args: ['.', 'x'] },
      { args: ['..', 'x'] },
      { args: ['d/s/..', 'x'] },
      { args: ['-n', 'a', 'b'] },
      { args: ['-v', 'a', 'c'] },
      { args: ['-v', 'd', 'z'] },
      { args: ['-f', 'a', 'b'] },
      { args: ['a b', 'x y'] },
      { args: [] },
      { args: ['a'] },
      { args: ['-z'] },
    ]),
  )('mv %s', async (_, c) => {
    await expectSame(mv, 'mv', c);
  });
});

describe('mkdir', () => {
  it.each(
    cases([
      { args: ['n'] },
      { args: ['n', 'm'] },
      { args: ['a'] },
      { args: ['d'] },
      { args: ['d/'] },
      { args: ['x/y'] },
      { args: ['a/y'] },
      { args: ['-p', 'x/y/z'] },
      { args: ['-p', 'd/s'] },
      { args: ['-p', 'a'] },
      { args: ['-p', 'a/y'] },
      { args: ['-p', 'x//y/'] },
      { args: ['-p', './x/../y'] },
      { args: ['-pv', 'n m/o', 'p'] },
      { args: ['-v', 'q'] },
      { args: [''] },
      { args: ['-p', ''] },
      { args: ['--parents', 'deep/er'] },
      { args: ['a b/c'] },
      { args: [] },
      { args: ['-z'] },
    ]),
  )('mkdir %s', async (_, c) => {
    await expectSame(mkdir, 'mkdir', c);
  });

  it('answers / as existing', async () => {
    const result = await runCommand(mkdir, ['/']);
    expect(result).toMatchObject({ exitCode: 1, err: 'mkdir: cannot create directory ‘/’: File exists\n' });
    expect((await runCommand(mkdir, ['-p', '/'])).exitCode).toBe(0);
  });
});

describe('touch', () => {
  it.each(
    cases([
      { args: ['new'] },
      { args: ['new', 'a', 'd'] },
      { args: ['-c', 'new'] },
      { args: ['--no-create', 'a'] },
      { args: ['-c', 'a/x'] },
      { args: ['-c', 'nope/'] },
      { args: ['-c', 'nope/x'] },
      { args: ['nope/x'] },
      { args: ['a/x'] },
      { args: [''] },
      { args: ['a/'] },
      { args: ['nope/'] },
      { args: ['nope/x/'] },
      { args: ['d/new/'] },
      { args: ['d/'] },
      { args: ['a b'] },
      { args: [] },
      { args: ['-z'] },
    ]),
  )('touch %s', async (_, c) => {
    await expectSame(touch, 'touch', c);
  });

  it('moves the modification time to now and keeps the bytes', async () => {
    let now = new Date('2024-01-05T09:00:00Z');
    const clocked = new Vfs({ now: () => now });
    clocked.writeFile(`${HOME}/f`, 'keep');
    now = new Date('2024-02-01T00:00:00Z');
    await runCommand(touch, ['f', '/tmp'], { vfs: clocked });
    expect(clocked.stat(`${HOME}/f`)?.mtime).toEqual(now);
    expect(clocked.stat('/tmp')?.mtime).toEqual(now);
    expect(vfsTree(clocked)).toEqual({ f: 'keep' });
  });
});
