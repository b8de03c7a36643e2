/** The in-memory file system: paths, POSIX-like errors, binary safety, snapshots and change events. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOME, Vfs, VfsError, type VfsChange } from '../../src/shell/vfs.ts';

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const T0 = new Date('2024-01-05T09:00:00Z');

function expectVfsError(fn: () => unknown, code: string, path?: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VfsError);
    expect((error as VfsError).code).toBe(code);
    if (path !== undefined) expect((error as VfsError).path).toBe(path);
    return;
  }
  expect.unreachable(`expected ${code}`);
}

describe('resolve', () => {
  const vfs = new Vfs();
  it.each([
    ['/home/learner', 'a', '/home/learner/a'],
    ['/home/learner', './a/./b', '/home/learner/a/b'],
    ['/home/learner', '../x', '/home/x'],
    ['/home/learner', '../../../..', '/'],
    ['/home/learner', '/tmp//a///b/', '/tmp/a/b'],
    ['/tmp', '~', HOME],
    ['/tmp', '~/k.bin', `${HOME}/k.bin`],
    ['/tmp', '~x', '/tmp/~x'],
    ['/tmp', '.', '/tmp'],
    ['/tmp', '', '/tmp'],
    ['/', '..', '/'],
    ['/a/b', '..//c', '/a/c'],
  ])('from %s, %j is %s', (cwd, path, expected) => {
    expect(vfs.resolve(cwd, path)).toBe(expected);
  });
});

describe('a new Vfs', () => {
  it('has the home directory and /tmp, both empty', () => {
    const vfs = new Vfs();
    expect(vfs.readdir('/')).toEqual(['home', 'tmp']);
    expect(vfs.readdir('/home')).toEqual(['learner']);
    expect(vfs.readdir(HOME)).toEqual([]);
    expect(vfs.readdir('/tmp')).toEqual([]);
    expect(HOME).toBe('/home/learner');
  });

  it('dates everything by the injected clock', () => {
    const vfs = new Vfs({ now: () => T0 });
    expect(vfs.stat(HOME)).toEqual({ type: 'dir', size: 4096, mtime: T0 });
    expect(vfs.now()).toEqual(T0);
  });
});

describe('files', () => {
  it('keeps every byte value, and copies rather than shares the arrays', () => {
    const vfs = new Vfs();
    const data = ALL_BYTES.slice();
    vfs.writeFile('/tmp/all', data);
    data[0] = 99;
    const read = vfs.readFile('/tmp/all');
    expect(read).toEqual(ALL_BYTES);
    read[1] = 99;
    expect(vfs.readFile('/tmp/all')).toEqual(ALL_BYTES);
  });

  it('writes strings as UTF-8, replaces, appends and reports size and time', () => {
    let now = T0;
    const vfs = new Vfs({ now: () => now });
    vfs.writeFile('/tmp/f', 'héllo');
    expect(vfs.stat('/tmp/f')).toEqual({ type: 'file', size: 6, mtime: T0 });
    now = new Date('2024-02-01T00:00:00Z');
    vfs.writeFile('/tmp/f', ' more', { append: true });
    expect(new TextDecoder().decode(vfs.readFile('/tmp/f'))).toBe('héllo more');
    expect(vfs.stat('/tmp/f')?.mtime).toEqual(now);
    vfs.writeFile('/tmp/f', 'x');
    expect(vfs.readFile('/tmp/f')).toEqual(new Uint8Array([0x78]));
    vfs.writeFile('/tmp/new', 'n', { append: true });
    expect(vfs.readFile('/tmp/new')).toEqual(new Uint8Array([0x6e]));
  });

  it('fails as POSIX does', () => {
    const vfs = new Vfs();
    vfs.writeFile('/tmp/f', 'x');
    expectVfsError(() => vfs.readFile('/tmp/nope'), 'ENOENT', '/tmp/nope');
    expectVfsError(() => vfs.readFile('/tmp'), 'EISDIR', '/tmp');
    expectVfsError(() => vfs.readFile('/tmp/f/x'), 'ENOTDIR', '/tmp/f/x');
    expectVfsError(() => vfs.writeFile('/nope/f', 'x'), 'ENOENT');
    expectVfsError(() => vfs.writeFile('/tmp/f/x', 'x'), 'ENOTDIR');
    expectVfsError(() => vfs.writeFile('/tmp', 'x'), 'EISDIR');
    expectVfsError(() => vfs.writeFile('/', 'x'), 'EISDIR');
    expectVfsError(() => vfs.readFile('relative'), 'EINVAL');
    expect(vfs.stat('/tmp/nope')).toBeUndefined();
    expect(vfs.stat('/tmp/f/x')).toBeUndefined();
  });

  it('copies a file with a new time, never a directory', () => {
    let now = T0;
    const vfs = new Vfs({ now: () => now });
    vfs.writeFile('/tmp/a', ALL_BYTES);
    now = new Date('2024-03-01T00:00:00Z');
    vfs.copyFile('/tmp/a', '/tmp/b');
    expect(vfs.readFile('/tmp/b')).toEqual(ALL_BYTES);
    expect(vfs.stat('/tmp/b')?.mtime).toEqual(now);
    expectVfsError(() => vfs.copyFile('/tmp', '/tmp/c'), 'EISDIR');
    expectVfsError(() => vfs.copyFile('/tmp/a', '/home'), 'EISDIR');
    expectVfsError(() => vfs.copyFile('/tmp/nope', '/tmp/c'), 'ENOENT');
  });
});

describe('directories', () => {
  it('makes one level, or every missing level with parents', () => {
    const vfs = new Vfs();
    vfs.mkdir('/tmp/a');
    expectVfsError(() => vfs.mkdir('/tmp/a'), 'EEXIST');
    expectVfsError(() => vfs.mkdir('/tmp/x/y'), 'ENOENT');
    expectVfsError(() => vfs.mkdir('/'), 'EEXIST');
    vfs.mkdir('/tmp/x/y/z', { parents: true });
    vfs.mkdir('/tmp/x/y', { parents: true });
    vfs.mkdir('/', { parents: true });
    expect(vfs.readdir('/tmp/x/y')).toEqual(['z']);
    vfs.writeFile('/tmp/f', '');
    expectVfsError(() => vfs.mkdir('/tmp/f', { parents: true }), 'EEXIST');
    expectVfsError(() => vfs.mkdir('/tmp/f/g/h', { parents: true }), 'ENOTDIR');
    expectVfsError(() => vfs.mkdir('/tmp/f/g'), 'ENOTDIR');
    expect(vfs.stat('/tmp/f/g')).toBeUndefined();
  });

  it('lists names in byte order, as ls under LC_COLLATE=C', () => {
    const vfs = new Vfs();
    for (const name of ['b', 'B', '_', '.h', 'a', 'é', '~', '10', '9', '😀', '\uffff']) vfs.writeFile(`/tmp/${name}`, '');
    expect(vfs.readdir('/tmp')).toEqual(['.h', '10', '9', 'B', '_', 'a', 'b', '~', 'é', '\uffff', '😀']);
    expectVfsError(() => vfs.readdir('/tmp/a'), 'ENOTDIR');
    expectVfsError(() => vfs.readdir('/nope'), 'ENOENT');
  });

  it('removes files, empty directories, and full ones only when recursive', () => {
    const vfs = new Vfs();
    vfs.mkdir('/tmp/d/e', { parents: true });
    vfs.writeFile('/tmp/d/e/f', 'x');
    expectVfsError(() => vfs.remove('/tmp/d'), 'ENOTEMPTY');
    vfs.remove('/tmp/d/e/f');
    vfs.remove('/tmp/d/e');
    vfs.writeFile('/tmp/d/g', 'x');
    vfs.remove('/tmp/d', { recursive: true });
    expect(vfs.readdir('/tmp')).toEqual([]);
    expectVfsError(() => vfs.remove('/tmp/d'), 'ENOENT');
    expectVfsError(() => vfs.remove('/'), 'EINVAL');
  });

  it('sets modification times without touching the bytes', () => {
    const vfs = new Vfs({ now: () => T0 });
    vfs.writeFile('/tmp/f', 'keep');
    const later = new Date('2025-01-01T00:00:00Z');
    vfs.setMtime('/tmp/f', later);
    vfs.setMtime('/tmp', later);
    expect(vfs.stat('/tmp/f')).toEqual({ type: 'file', size: 4, mtime: later });
    expect(vfs.stat('/tmp')?.mtime).toEqual(later);
    expectVfsError(() => vfs.setMtime('/tmp/nope', later), 'ENOENT');
  });
});

describe('rename', () => {
  function sample(): Vfs {
    const vfs = new Vfs({ now: () => T0 });
    vfs.mkdir('/tmp/d/sub', { parents: true });
    vfs.mkdir('/tmp/empty');
    vfs.writeFile('/tmp/d/f', 'f');
    vfs.writeFile('/tmp/g', 'g');
    return vfs;
  }

  it('moves files and directories, replacing a file or an empty directory', () => {
    const vfs = sample();
    vfs.rename('/tmp/g', '/tmp/d/sub/g');
    expect(vfs.readFile('/tmp/d/sub/g')).toEqual(new Uint8Array([0x67]));
    vfs.rename('/tmp/d/sub/g', '/tmp/d/f');
    expect(vfs.readFile('/tmp/d/f')).toEqual(new Uint8Array([0x67]));
    vfs.rename('/tmp/d', '/tmp/empty');
    expect(vfs.readdir('/tmp')).toEqual(['empty']);
    expect(vfs.readdir('/tmp/empty')).toEqual(['f', 'sub']);
    vfs.rename('/tmp/empty', '/tmp/empty');
    expect(vfs.readdir('/tmp')).toEqual(['empty']);
  });

  it('refuses what rename(2) refuses', () => {
    const vfs = sample();
    expectVfsError(() => vfs.rename('/tmp/nope', '/tmp/x'), 'ENOENT');
    expectVfsError(() => vfs.rename('/tmp/g', '/tmp/nope/x'), 'ENOENT');
    expectVfsError(() => vfs.rename('/tmp/g', '/tmp/empty'), 'EISDIR');
    expectVfsError(() => vfs.rename('/tmp/d', '/tmp/g'), 'ENOTDIR');
    expectVfsError(() => vfs.rename('/tmp/empty', '/tmp/d'), 'ENOTEMPTY');
    expectVfsError(() => vfs.rename('/tmp/d', '/tmp/d/sub/x'), 'EINVAL');
    expectVfsError(() => vfs.rename('/', '/tmp/x'), 'EINVAL');
    expect(vfs.snapshot()).toEqual(sample().snapshot());
  });
});

describe('snapshot and restore', () => {
  it('round-trips the whole tree, bytes and times included, through JSON', () => {
    let now = T0;
    const vfs = new Vfs({ now: () => now });
    vfs.mkdir(`${HOME}/keys/old`, { parents: true });
    vfs.writeFile(`${HOME}/keys/all.bin`, ALL_BYTES);
    now = new Date('2024-06-01T00:00:00Z');
    vfs.writeFile('/tmp/empty', '');
    const json = JSON.parse(JSON.stringify(vfs.snapshot())) as unknown;
    const copy = Vfs.restore(json);
    expect(copy.snapshot()).toEqual(vfs.snapshot());
    expect(copy.readFile(`${HOME}/keys/all.bin`)).toEqual(ALL_BYTES);
    expect(copy.stat(`${HOME}/keys/all.bin`)?.mtime).toEqual(T0);
    expect(copy.stat('/tmp/empty')).toEqual({ type: 'file', size: 0, mtime: now });
    expect(copy.readdir(`${HOME}/keys`)).toEqual(['all.bin', 'old']);
  });

  it('gives a restored Vfs its own clock and nothing shared with the original', () => {
    const vfs = new Vfs({ now: () => T0 });
    vfs.writeFile('/tmp/f', 'a');
    const later = new Date('2030-01-01T00:00:00Z');
    const copy = Vfs.restore(vfs.snapshot(), { now: () => later });
    copy.writeFile('/tmp/f', 'b');
    expect(copy.stat('/tmp/f')?.mtime).toEqual(later);
    expect(vfs.readFile('/tmp/f')).toEqual(new Uint8Array([0x61]));
  });

  const good = (): { version: 1; entries: unknown[] } => JSON.parse(JSON.stringify(new Vfs({ now: () => T0 }).snapshot()));
  it.each<[string, (s: { version: number; entries: unknown[] }) => unknown]>([
    ['not an object', () => 'nope'],
    ['null', () => null],
    ['another version', (s) => ({ ...s, version: 2 })],
    ['entries not a list', (s) => ({ ...s, entries: {} })],
    ['an entry not an object', (s) => ({ ...s, entries: [...s.entries, 7] })],
    ['a relative path', (s) => ({ ...s, entries: [...s.entries, { path: 'x', type: 'dir', mtime: 0 }] })],
    ['a path with ..', (s) => ({ ...s, entries: [...s.entries, { path: '/tmp/../x', type: 'dir', mtime: 0 }] })],
    ['a trailing slash', (s) => ({ ...s, entries: [...s.entries, { path: '/x/', type: 'dir', mtime: 0 }] })],
    ['a NUL in a name', (s) => ({ ...s, entries: [...s.entries, { path: '/x\0', type: 'dir', mtime: 0 }] })],
    ['a duplicate', (s) => ({ ...s, entries: [...s.entries, { path: '/tmp', type: 'dir', mtime: 0 }] })],
    ['a bad time', (s) => ({ ...s, entries: [...s.entries, { path: '/x', type: 'dir', mtime: 'soon' }] })],
    ['an infinite time', (s) => ({ ...s, entries: [...s.entries, { path: '/x', type: 'dir', mtime: Infinity }] })],
    ['an unknown type', (s) => ({ ...s, entries: [...s.entries, { path: '/x', type: 'link', mtime: 0 }] })],
    ['bad base64', (s) => ({ ...s, entries: [...s.entries, { path: '/x', type: 'file', mtime: 0, data: 'a$==' }] })],
    ['base64 without padding', (s) => ({ ...s, entries: [...s.entries, { path: '/x', type: 'file', mtime: 0, data: 'YQ' }] })],
    ['no data', (s) => ({ ...s, entries: [...s.entries, { path: '/x', type: 'file', mtime: 0 }] })],
    ['no root', (s) => ({ ...s, entries: s.entries.filter((e) => (e as { path: string }).path !== '/') })],
    ['a file as root', (s) => ({ ...s, entries: [{ path: '/', type: 'file', mtime: 0, data: '' }, ...s.entries.slice(1)] })],
    ['an orphan', (s) => ({ ...s, entries: [...s.entries, { path: '/nope/x', type: 'dir', mtime: 0 }] })],
    ['a file as a parent', (s) => ({ ...s, entries: [...s.entries, { path: '/f', type: 'file', mtime: 0, data: '' }, { path: '/f/x', type: 'dir', mtime: 0 }] })],
  ])('refuses %s with a clear error', (_, corrupt) => {
    expect(() => Vfs.restore(corrupt(good()))).toThrow(/^Cannot restore the files: /);
  });

  it('accepts entries in any order', () => {
    const snapshot = good();
    snapshot.entries.reverse();
    expect(Vfs.restore(snapshot).readdir('/')).toEqual(['home', 'tmp']);
  });
});

describe('change events', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reports each kind of change with its absolute path, until unsubscribed', () => {
    const vfs = new Vfs();
    const events: VfsChange[] = [];
    const stop = vfs.onChange((e) => events.push(e));
    vfs.writeFile('/tmp//f', 'x');
    vfs.writeFile('/tmp/f', 'y', { append: true });
    vfs.mkdir('/tmp/a/b', { parents: true });
    vfs.rename('/tmp/f', '/tmp/a/g');
    vfs.copyFile('/tmp/a/g', '/tmp/h');
    vfs.remove('/tmp/a', { recursive: true });
    vfs.setMtime('/tmp/h', T0);
    vfs.readFile('/tmp/h');
    stop();
    vfs.writeFile('/tmp/later', 'z');
    expect(events).toEqual([
      { kind: 'write', path: '/tmp/f' },
      { kind: 'write', path: '/tmp/f' },
      { kind: 'mkdir', path: '/tmp/a' },
      { kind: 'mkdir', path: '/tmp/a/b' },
      { kind: 'rename', path: '/tmp/a/g' },
      { kind: 'write', path: '/tmp/h' },
      { kind: 'remove', path: '/tmp/a' },
    ]);
  });

  it('does not report a change that failed', () => {
    const vfs = new Vfs();
    const listener = vi.fn();
    vfs.onChange(listener);
    expect(() => vfs.writeFile('/nope/f', 'x')).toThrow(VfsError);
    expect(() => vfs.mkdir('/tmp')).toThrow(VfsError);
    expect(listener).not.toHaveBeenCalled();
  });

  it('completes the change and tells other listeners when one listener throws', () => {
    const deferred: (() => void)[] = [];
    vi.stubGlobal('queueMicrotask', (fn: () => void) => deferred.push(fn));
    const vfs = new Vfs();
    const other = vi.fn();
    vfs.onChange(() => {
      throw new Error('listener bug');
    });
    vfs.onChange(other);
    vfs.writeFile('/tmp/f', 'x');
    expect(vfs.readFile('/tmp/f')).toEqual(new Uint8Array([0x78]));
    expect(other).toHaveBeenCalledWith({ kind: 'write', path: '/tmp/f' });
    // The listener's error is not swallowed: it is rethrown outside the change.
    expect(deferred).toHaveLength(1);
    expect(() => deferred[0]!()).toThrow('listener bug');
  });
});
