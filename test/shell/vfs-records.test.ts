// The files as the saved sandbox keeps them: records with their bytes, and the paths each change touched.
import { describe, expect, it } from 'vitest';
import { Vfs, type VfsRecord } from '../../src/shell/vfs.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function tree(vfs: Vfs): Record<string, string> {
  return Object.fromEntries(vfs.records().map((r) => [r.path, r.type === 'file' ? `file:${new TextDecoder().decode(r.data)}@${r.mtime}` : `dir@${r.mtime}`]));
}

describe('Vfs records', () => {
  it('round-trip every node with its bytes and times, in any order', () => {
    let t = 1_000;
    const vfs = new Vfs({ now: () => new Date(t++) });
    vfs.mkdir('/home/learner/a/b', { parents: true });
    vfs.writeFile('/home/learner/a/b/x.bin', new Uint8Array([0, 255, 10]));
    vfs.writeFile('/tmp/t.txt', 'hello');
    const records = vfs.records();
    expect(records[0]!.path).toBe('/');
    const copy = Vfs.fromRecords(structuredClone(records).reverse());
    expect(tree(copy)).toEqual(tree(vfs));
    expect([...copy.readFile('/home/learner/a/b/x.bin')]).toEqual([0, 255, 10]);
  });

  it('refuse records that are not a tree of files and directories', () => {
    const good = (): VfsRecord[] => new Vfs({ now: () => new Date(0) }).records();
    expect(() => Vfs.fromRecords(null)).toThrow(/^Cannot restore the files: /);
    expect(() => Vfs.fromRecords([...good(), { path: '/x', type: 'file', mtime: 0, data: 'aGk=' }])).toThrow('/x has invalid bytes');
    expect(() => Vfs.fromRecords([...good(), { path: '/x', type: 'file', mtime: Number.NaN, data: new Uint8Array() }])).toThrow('/x has an invalid mtime');
    expect(() => Vfs.fromRecords([...good(), { path: '/a/b', type: 'dir', mtime: 0 }])).toThrow('the parent of /a/b is not a directory');
    expect(() => Vfs.fromRecords(good().slice(1))).toThrow('the root directory is missing');
  });

  it('restore a base64 snapshot holding a 16 MiB file (a RegExp check overflowed the stack at ~3 MiB)', () => {
    const vfs = new Vfs();
    const big = new Uint8Array(16 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
    vfs.writeFile('/home/learner/big.bin', big);
    const copy = Vfs.restore(JSON.parse(JSON.stringify(vfs.snapshot())));
    const back = copy.readFile('/home/learner/big.bin');
    expect(back.length).toBe(big.length);
    expect(back.every((b, i) => b === big[i])).toBe(true);
  });
});

describe('Vfs.takeChanges', () => {
  it('is undefined at first (save everything), then names each changed path and the directories whose time moved', () => {
    const vfs = new Vfs();
    expect(vfs.takeChanges()).toBeUndefined();
    vfs.writeFile('/home/learner/a.txt', 'a');
    vfs.mkdir('/tmp/d/e', { parents: true });
    let changes = vfs.takeChanges()!;
    expect([...changes.paths].sort()).toEqual(['/home/learner', '/home/learner/a.txt', '/tmp', '/tmp/d', '/tmp/d/e']);
    expect(changes.removed.size).toBe(0);
    expect(vfs.takeChanges()!.paths.size).toBe(0);

    vfs.setMtime('/home/learner/a.txt', new Date(5));
    expect([...vfs.takeChanges()!.paths]).toEqual(['/home/learner/a.txt']);

    vfs.writeFile('/tmp/d/e/f', bytes('f'));
    vfs.rename('/tmp/d', '/home/learner/moved');
    changes = vfs.takeChanges()!;
    expect([...changes.removed]).toEqual(['/tmp/d']);
    expect(changes.paths).toContain('/home/learner/moved/e/f');
    expect(changes.paths).toContain('/home/learner/moved');
    expect(changes.paths).toContain('/tmp');

    vfs.remove('/home/learner/moved', { recursive: true });
    changes = vfs.takeChanges()!;
    expect([...changes.removed]).toEqual(['/home/learner/moved']);
    expect(changes.paths).toContain('/home/learner');
  });
});
