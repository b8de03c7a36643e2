/**
 * The sandbox's files: an in-memory, binary-safe tree that behaves like a small POSIX file system
 * (same error codes), so the file tools can print what GNU's would.
 */
import { base64Decode, base64Encode } from '../kms/base64.ts';
import { isStrictBase64 } from '../kms/wire.ts';
import { notifyAll } from './notify.ts';

export const HOME = '/home/learner';

export type VfsErrorCode = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EINVAL' | 'ENAMETOOLONG';

/** strerror(3) texts, which the tools print after the file name. */
export const VFS_ERROR_TEXT: Record<VfsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EINVAL: 'Invalid argument',
  ENAMETOOLONG: 'File name too long',
};

/** Linux's limits: a name is at most NAME_MAX (255) bytes, a path under PATH_MAX (4096, with its NUL). */
export const NAME_MAX = 255;
export const PATH_MAX = 4096;

export class VfsError extends Error {
  readonly code: VfsErrorCode;
  readonly path: string;
  constructor(code: VfsErrorCode, path: string) {
    super(`${path}: ${VFS_ERROR_TEXT[code]}`);
    this.name = 'VfsError';
    this.code = code;
    this.path = path;
  }
}

export interface VfsStat {
  type: 'file' | 'dir';
  size: number;
  mtime: Date;
}

export interface VfsChange {
  kind: 'write' | 'remove' | 'mkdir' | 'rename';
  path: string;
}

export interface VfsOptions {
  /** Clock for modification times (the simulator's, so `sim time` moves file dates too). */
  now?: () => Date;
}

/** JSON-safe image of the tree: every node, root included, with file bytes in base64. */
export interface VfsSnapshot {
  version: 1;
  entries: VfsSnapshotEntry[];
}

export type VfsSnapshotEntry =
  | { path: string; type: 'dir'; mtime: number }
  | { path: string; type: 'file'; mtime: number; data: string };

/** One node as the saved sandbox's files store holds it: bytes as they are, never base64. */
export type VfsRecord = { path: string; type: 'dir'; mtime: number } | { path: string; type: 'file'; mtime: number; data: Uint8Array };

/**
 * Paths changed since the last Vfs.takeChanges(): `paths` to write again
 * (or delete, if gone), `removed` whose whole subtree is gone or moved away.
 */
export interface VfsChanges {
  paths: Set<string>;
  removed: Set<string>;
}

interface FileNode {
  type: 'file';
  data: Uint8Array;
  mtime: Date;
}

interface DirNode {
  type: 'dir';
  children: Map<string, Node>;
  mtime: Date;
}

type Node = FileNode | DirNode;

function toRecord(path: string, node: Node): VfsRecord {
  return node.type === 'file' ? { path, type: 'file', mtime: node.mtime.getTime(), data: node.data } : { path, type: 'dir', mtime: node.mtime.getTime() };
}

/** ext4 reports 4096 for a small directory; ls -l shows it. */
const DIR_SIZE = 4096;

const encoder = new TextEncoder();

const utf8Length = (text: string): number => (/^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).length);

/** Whether an absolute path is one the kernel would refuse as too long (ENAMETOOLONG). */
export function nameTooLong(path: string): boolean {
  try {
    components(path);
    return false;
  } catch (error) {
    return error instanceof VfsError && error.code === 'ENAMETOOLONG';
  }
}

/**
 * The names of an absolute path, for a file operation: ENAMETOOLONG, as the kernel answers, for
 * a path of PATH_MAX bytes or more or a name over NAME_MAX. (The file system's own tree is thus
 * never deeper than a path can name.)
 */
function components(path: string): string[] {
  if (path.length * 3 >= PATH_MAX && encoder.encode(path).length >= PATH_MAX) throw new VfsError('ENAMETOOLONG', path);
  const parts = names(path);
  for (const part of parts) if (part.length > NAME_MAX / 3 && utf8Length(part) > NAME_MAX) throw new VfsError('ENAMETOOLONG', path);
  return parts;
}

/** Splits an absolute path into its names, whatever their length; throws EINVAL for a relative one. */
function names(path: string): string[] {
  if (!path.startsWith('/')) throw new VfsError('EINVAL', path);
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

function join(parts: readonly string[]): string {
  return `/${parts.join('/')}`;
}

/** Orders names by code point, which is byte order for UTF-8 (ls under LC_COLLATE=C). */
export function compareNames(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export class Vfs {
  private root: DirNode;
  private readonly clock: () => Date;
  private readonly listeners = new Set<(event: VfsChange) => void>();
  /** Kept only once someone takes changes (the browser's saves); undefined until then. */
  private changes: VfsChanges | undefined;

  constructor(options: VfsOptions = {}) {
    this.clock = options.now ?? (() => new Date());
    const now = this.clock();
    const dir = (children: [string, Node][] = []): DirNode => ({ type: 'dir', children: new Map(children), mtime: now });
    this.root = dir([
      ['home', dir([['learner', dir()]])],
      ['tmp', dir()],
    ]);
  }

  /** The clock the files are dated by (ls -l needs it to tell recent files from old ones). */
  now(): Date {
    return new Date(this.clock().getTime());
  }

  /** Absolute, normalized form of `path` seen from `cwd`: `~` is the home directory. */
  resolve(cwd: string, path: string): string {
    let full: string;
    if (path === '~' || path.startsWith('~/')) full = HOME + path.slice(1);
    else if (path.startsWith('/')) full = path;
    else full = `${cwd}/${path}`;
    return join(names(full.startsWith('/') ? full : `/${full}`));
  }

  stat(path: string): VfsStat | undefined {
    const node = this.find(path);
    if (!node) return undefined;
    return { type: node.type, size: node.type === 'file' ? node.data.length : DIR_SIZE, mtime: new Date(node.mtime.getTime()) };
  }

  readFile(path: string): Uint8Array {
    const node = this.lookup(path);
    if (node.type === 'dir') throw new VfsError('EISDIR', path);
    return node.data.slice();
  }

  writeFile(path: string, data: Uint8Array | string, options: { append?: boolean } = {}): void {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data.slice();
    const { dir, name } = this.parentOf(path);
    const existing = dir.children.get(name);
    if (existing?.type === 'dir') throw new VfsError('EISDIR', path);
    const now = this.clock();
    if (existing && options.append) {
      const joined = new Uint8Array(existing.data.length + bytes.length);
      joined.set(existing.data);
      joined.set(bytes, existing.data.length);
      existing.data = joined;
      existing.mtime = now;
    } else if (existing) {
      existing.data = bytes;
      existing.mtime = now;
    } else {
      dir.children.set(name, { type: 'file', data: bytes, mtime: now });
      dir.mtime = now;
    }
    const written = join(components(path));
    this.touched(written, true);
    this.emit({ kind: 'write', path: written });
  }

  mkdir(path: string, options: { parents?: boolean } = {}): void {
    const parts = components(path);
    if (parts.length === 0) {
      if (options.parents) return;
      throw new VfsError('EEXIST', path);
    }
    if (!options.parents) {
      const { dir, name } = this.parentOf(path);
      if (dir.children.has(name)) throw new VfsError('EEXIST', path);
      this.addDir(dir, name);
      this.touched(join(parts), true);
      this.emit({ kind: 'mkdir', path: join(parts) });
      return;
    }
    // Check the whole path first, so a failure creates nothing.
    let dir: DirNode = this.root;
    let depth = 0;
    for (; depth < parts.length; depth++) {
      const child = dir.children.get(parts[depth]!);
      if (!child) break;
      if (child.type === 'file') throw new VfsError(depth === parts.length - 1 ? 'EEXIST' : 'ENOTDIR', path);
      dir = child;
    }
    for (; depth < parts.length; depth++) {
      dir = this.addDir(dir, parts[depth]!);
      this.touched(join(parts.slice(0, depth + 1)), true);
      this.emit({ kind: 'mkdir', path: join(parts.slice(0, depth + 1)) });
    }
  }

  /**
   * mkdir -p's walk: from the directory `start` (absolute), through `names` as written (`''` and
   * `.` stay, `..` goes up), creating each directory that is missing. `created(i)` hears of each
   * one made, by its index in `names`; the walk stops at the first name it cannot pass (a file
   * in the way, or a name or path too long) and returns that index and why. One step a name,
   * however deep the path.
   */
  mkdirWalk(start: string, names: readonly string[], created: (index: number) => void): { index: number; code: VfsErrorCode } | undefined {
    const startParts = components(start);
    const stack: DirNode[] = [this.root];
    for (const part of startParts) {
      const child = stack.at(-1)!.children.get(part);
      if (child?.type !== 'dir') return { index: -1, code: child ? 'ENOTDIR' : 'ENOENT' };
      stack.push(child);
    }
    // The absolute path's UTF-8 length so far, one entry a level.
    const lengths = [0];
    let length = 0;
    for (const part of startParts) lengths.push((length += 1 + utf8Length(part)));
    const path = [...startParts];
    for (const [index, name] of names.entries()) {
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (stack.length > 1) {
          stack.pop();
          lengths.pop();
          path.pop();
          length = lengths.at(-1)!;
        }
        continue;
      }
      const bytes = utf8Length(name);
      if (bytes > NAME_MAX || length + 1 + bytes >= PATH_MAX) return { index, code: 'ENAMETOOLONG' };
      const dir = stack.at(-1)!;
      let child = dir.children.get(name);
      if (child?.type === 'file') return { index, code: 'EEXIST' };
      path.push(name);
      if (!child) {
        child = this.addDir(dir, name);
        this.touched(join(path), true);
        this.emit({ kind: 'mkdir', path: join(path) });
        created(index);
      }
      stack.push(child);
      lengths.push((length += 1 + bytes));
    }
    return undefined;
  }

  /** Names in a directory, without `.` and `..`, sorted as ls sorts them. */
  readdir(path: string): string[] {
    const node = this.lookup(path);
    if (node.type !== 'dir') throw new VfsError('ENOTDIR', path);
    return [...node.children.keys()].sort(compareNames);
  }

  /** Removes a file or an empty directory; `recursive` removes a directory with everything in it. */
  remove(path: string, options: { recursive?: boolean } = {}): void {
    const parts = components(path);
    if (parts.length === 0) throw new VfsError('EINVAL', path);
    const { dir, name } = this.parentOf(path);
    const node = dir.children.get(name);
    if (!node) throw new VfsError('ENOENT', path);
    if (node.type === 'dir' && node.children.size > 0 && !options.recursive) throw new VfsError('ENOTEMPTY', path);
    dir.children.delete(name);
    dir.mtime = this.clock();
    this.removedTree(join(parts));
    this.emit({ kind: 'remove', path: join(parts) });
  }

  /** rename(2): replaces a file, or an empty directory with a directory; never moves a directory into itself. */
  rename(from: string, to: string): void {
    const src = components(from);
    const dst = components(to);
    if (src.length === 0 || dst.length === 0) throw new VfsError('EINVAL', src.length === 0 ? from : to);
    const { dir: fromDir, name: fromName } = this.parentOf(from);
    const node = fromDir.children.get(fromName);
    if (!node) throw new VfsError('ENOENT', from);
    if (join(src) === join(dst)) return;
    if (node.type === 'dir' && join(dst).startsWith(`${join(src)}/`)) throw new VfsError('EINVAL', to);
    const { dir: toDir, name: toName } = this.parentOf(to);
    const target = toDir.children.get(toName);
    if (target?.type === 'dir') {
      if (node.type !== 'dir') throw new VfsError('EISDIR', to);
      if (target.children.size > 0) throw new VfsError('ENOTEMPTY', to);
    } else if (target && node.type === 'dir') {
      throw new VfsError('ENOTDIR', to);
    }
    const now = this.clock();
    fromDir.children.delete(fromName);
    toDir.children.set(toName, node);
    fromDir.mtime = now;
    toDir.mtime = now;
    if (this.changes) {
      this.removedTree(join(src));
      this.walk(node, dst, (path) => this.touched(path, false));
      this.touched(join(dst), true);
    }
    this.emit({ kind: 'rename', path: join(dst) });
  }

  /** Sets a file's or directory's modification time (touch); not a change of content, so no event. */
  setMtime(path: string, mtime: Date): void {
    this.lookup(path).mtime = new Date(mtime.getTime());
    this.touched(join(components(path)), false);
  }

  /** Copies one file's bytes (cp without -p: the copy gets a new modification time). */
  copyFile(from: string, to: string): void {
    const data = this.readFile(from);
    this.writeFile(to, data);
  }

  snapshot(): VfsSnapshot {
    const entries: VfsSnapshotEntry[] = [];
    const walk = (node: Node, parts: string[]): void => {
      const path = join(parts);
      if (node.type === 'file') {
        entries.push({ path, type: 'file', mtime: node.mtime.getTime(), data: base64Encode(node.data) });
        return;
      }
      entries.push({ path, type: 'dir', mtime: node.mtime.getTime() });
      for (const [name, child] of node.children) walk(child, [...parts, name]);
    };
    walk(this.root, []);
    return { version: 1, entries };
  }

  /** Every node, root first, with its bytes as they are (the files store's records; see VfsRecord). */
  records(): VfsRecord[] {
    const out: VfsRecord[] = [];
    this.walk(this.root, [], (path, node) => out.push(toRecord(path, node)));
    return out;
  }

  /** The node at an absolute, normalized path as a record, or undefined when there is none. */
  record(path: string): VfsRecord | undefined {
    const node = this.find(path);
    return node && toRecord(path, node);
  }

  /**
   * What changed since the last call (see VfsChanges). The first call starts
   * the keeping and returns undefined: everything is to be saved then.
   */
  takeChanges(): VfsChanges | undefined {
    const changes = this.changes;
    this.changes = { paths: new Set(), removed: new Set() };
    return changes;
  }

  /** Rebuilds a Vfs from `records()` output, in any order; anything malformed is refused whole. */
  static fromRecords(records: unknown, options: VfsOptions = {}): Vfs {
    if (!Array.isArray(records)) throw new Error('Cannot restore the files: the records are not a list');
    return Vfs.build(records, options, (data) => (data instanceof Uint8Array ? data : undefined), 'bytes');
  }

  /** Rebuilds a Vfs from `snapshot()` output; anything malformed is refused whole. */
  static restore(snapshot: unknown, options: VfsOptions = {}): Vfs {
    const fail = (why: string): never => {
      throw new Error(`Cannot restore the files: ${why}`);
    };
    if (typeof snapshot !== 'object' || snapshot === null) return fail('the snapshot is not an object');
    const { version, entries } = snapshot as { version?: unknown; entries?: unknown };
    if (version !== 1) return fail(`unsupported version ${JSON.stringify(version)}`);
    if (!Array.isArray(entries)) return fail('entries is not an array');
    // A checking loop, not a RegExp: a repeated group overflows the stack on a file of a few MiB.
    return Vfs.build(entries, options, (data) => (typeof data === 'string' && isStrictBase64(data) ? base64Decode(data) : undefined), 'base64 data');
  }

  private static build(entries: unknown[], options: VfsOptions, bytes: (data: unknown) => Uint8Array | undefined, what: string): Vfs {
    const fail = (why: string): never => {
      throw new Error(`Cannot restore the files: ${why}`);
    };
    const nodes = new Map<string, Node>();
    for (const [i, entry] of entries.entries()) {
      if (typeof entry !== 'object' || entry === null) return fail(`entry ${i} is not an object`);
      const { path, type, mtime, data } = entry as Record<string, unknown>;
      if (typeof path !== 'string' || !path.startsWith('/') || path.includes('\0') || join(names(path)) !== path) {
        return fail(`entry ${i} has an invalid path`);
      }
      if (nodes.has(path)) return fail(`${path} appears twice`);
      if (typeof mtime !== 'number' || !Number.isFinite(mtime)) return fail(`${path} has an invalid mtime`);
      if (type === 'dir') {
        nodes.set(path, { type: 'dir', children: new Map(), mtime: new Date(mtime) });
      } else if (type === 'file') {
        const content = bytes(data);
        if (!content) return fail(`${path} has invalid ${what}`);
        nodes.set(path, { type: 'file', data: content, mtime: new Date(mtime) });
      } else {
        return fail(`${path} has an unknown type`);
      }
    }
    const root = nodes.get('/');
    if (root?.type !== 'dir') return fail('the root directory is missing');
    for (const [path, node] of nodes) {
      if (path === '/') continue;
      const parts = names(path);
      const parent = nodes.get(join(parts.slice(0, -1)));
      if (parent?.type !== 'dir') return fail(`the parent of ${path} is not a directory in the snapshot`);
      parent.children.set(parts[parts.length - 1]!, node);
    }
    const vfs = new Vfs(options);
    vfs.root = root;
    return vfs;
  }

  /** Subscribes the UI to changes; returns the unsubscribe function. */
  onChange(listener: (event: VfsChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Notes a changed path (and, when `withParent`, its directory, whose mtime moved) for the next save. */
  private touched(path: string, withParent: boolean): void {
    const changes = this.changes;
    if (!changes) return;
    changes.paths.add(path);
    if (withParent && path !== '/') changes.paths.add(path.slice(0, path.lastIndexOf('/')) || '/');
  }

  private removedTree(path: string): void {
    if (!this.changes) return;
    this.changes.removed.add(path);
    this.touched(path, true);
  }

  private walk(node: Node, parts: string[], visit: (path: string, node: Node) => void): void {
    visit(join(parts), node);
    if (node.type === 'dir') for (const [name, child] of node.children) this.walk(child, [...parts, name], visit);
  }

  private emit(event: VfsChange): void {
    // The change has happened; a faulty listener must not make it look failed.
    notifyAll(this.listeners, event);
  }

  private addDir(parent: DirNode, name: string): DirNode {
    const now = this.clock();
    const dir: DirNode = { type: 'dir', children: new Map(), mtime: now };
    parent.children.set(name, dir);
    parent.mtime = now;
    return dir;
  }

  /** The node at `path`, or undefined when it (or a directory on the way) does not exist. */
  private find(path: string): Node | undefined {
    try {
      return this.lookup(path);
    } catch (error) {
      if (error instanceof VfsError && (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'ENAMETOOLONG')) return undefined;
      throw error;
    }
  }

  private lookup(path: string): Node {
    let node: Node = this.root;
    for (const part of components(path)) {
      if (node.type !== 'dir') throw new VfsError('ENOTDIR', path);
      const child: Node | undefined = node.children.get(part);
      if (!child) throw new VfsError('ENOENT', path);
      node = child;
    }
    return node;
  }

  /** The directory that holds (or would hold) `path`, and the last name. */
  private parentOf(path: string): { dir: DirNode; name: string } {
    const parts = components(path);
    const name = parts.pop();
    if (name === undefined) throw new VfsError('EISDIR', path);
    const dir = this.lookup(join(parts));
    if (dir.type !== 'dir') throw new VfsError('ENOTDIR', path);
    return { dir, name };
  }
}
