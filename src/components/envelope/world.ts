/**
 * What the model believes is where, between commands: the KMS keys it has seen, and which files
 * and shell variables hold a data key, an encrypted data key, plaintext or encrypted data.
 * Everything here is learned from the event stream (KMS traces, what the CLI and each command
 * say they did, and digests of what files, variables and the terminal hold), never from the
 * command line: a file the model never saw written simply is not in the picture.
 */
import { HOME } from '../../shell/vfs.ts';
import type { ItemKind } from './types.ts';

/** One thing a file or variable holds. */
export interface Content {
  kind: Exclude<ItemKind, 'kms-key'>;
  /** Digest of the bytes themselves, when known: the same data key from Decrypt has the same ref. */
  ref?: string;
  /** Data keys and decrypted plaintexts: the trace's fingerprint of the secret. */
  fingerprint?: string;
  /** Encrypted data keys (the key they wrap) and locally encrypted data (the key that made it). */
  dataKeyFingerprint?: string;
  /** Ciphertexts made by KMS: the key and material version (from the trace's steps). */
  keyId?: string;
  materialVersion?: number;
  /** The encryption context the request carried, to show on the ciphertext. */
  context?: string;
  bits?: number;
  /** Locally encrypted data: the cipher openssl used. */
  cipher?: string;
}

export interface Holder {
  /** `file:/abs/path` or `var:NAME`. */
  id: string;
  type: 'file' | 'variable';
  /** Absolute path or variable name. */
  name: string;
  contents: Content[];
  /** Order of last change, so the most recent files are the ones shown when there are many. */
  touched: number;
  /** Order of first appearance, so chips keep their places from step to step. */
  born: number;
  /** Digest of the file's or variable's content when the model last saw it. */
  digest?: string;
}

export interface KeyInfo {
  keyId: string;
  alias?: string;
  /** Highest material version seen. */
  latest: number;
  current: number;
  state: 'Enabled' | 'Disabled' | 'PendingDeletion';
}

export interface World {
  keys: Map<string, KeyInfo>;
  holders: Map<string, Holder>;
  /** Fingerprints of every data key KMS generated, to recognise one when a Decrypt returns it. */
  dataKeys: Set<string>;
  /** KMS keys whose deletion the model saw (their ciphertexts can never be decrypted again). */
  deletedKeys: Set<string>;
  /** Digests of bytes the model can name (a kept KMS answer, its base64 text, an openssl output) → what they are. */
  known: Map<string, Content[]>;
  /** Digest of every shell variable's value at the end of the last line, to see which ones changed. */
  variables: Map<string, string>;
  clock: number;
}

export function emptyWorld(): World {
  return { keys: new Map(), holders: new Map(), dataKeys: new Set(), deletedKeys: new Set(), known: new Map(), variables: new Map(), clock: 0 };
}

/** A copy a command can change while the previous state stays as it was (for React). */
export function cloneWorld(world: World): World {
  return {
    keys: new Map([...world.keys].map(([id, k]) => [id, { ...k }])),
    holders: new Map([...world.holders].map(([id, h]) => [id, { ...h, contents: h.contents.map((c) => ({ ...c })) }])),
    dataKeys: new Set(world.dataKeys),
    deletedKeys: new Set(world.deletedKeys),
    known: new Map(world.known),
    variables: new Map(world.variables),
    clock: world.clock,
  };
}

export const fileId = (path: string) => `file:${path}`;
export const varId = (name: string) => `var:${name}`;

/** Sets what a file or variable holds; no contents removes it from the picture. */
export function put(world: World, type: Holder['type'], name: string, contents: Content[], digest?: string): Holder | undefined {
  const id = type === 'file' ? fileId(name) : varId(name);
  if (contents.length === 0) {
    world.holders.delete(id);
    return undefined;
  }
  const touched = ++world.clock;
  const holder: Holder = { id, type, name, contents, touched, born: world.holders.get(id)?.born ?? touched, ...(digest === undefined ? {} : { digest }) };
  world.holders.set(id, holder);
  if (digest !== undefined) remember(world, digest, contents);
  return holder;
}

/** Known digests kept at most: a long session forgets its oldest answers first. */
const MAX_KNOWN = 400;

/** Names some bytes by their digest, so the model recognises them wherever they turn up next. */
export function remember(world: World, digest: string, contents: readonly Content[]): void {
  world.known.delete(digest);
  world.known.set(digest, contents.map((c) => ({ ...c })));
  while (world.known.size > MAX_KNOWN) world.known.delete(world.known.keys().next().value!);
}

export function ensureKey(world: World, keyId: string, version?: number): KeyInfo {
  let key = world.keys.get(keyId);
  if (!key) {
    key = { keyId, latest: version ?? 0, current: version ?? 0, state: 'Enabled' };
    world.keys.set(keyId, key);
  } else if (version !== undefined && version > key.latest) key.latest = version;
  return key;
}

export function shortKey(keyId: string): string {
  return keyId.slice(0, 8);
}

export function keyLabel(world: World, keyId: string): string {
  const alias = world.keys.get(keyId)?.alias;
  return `KMS key ${shortKey(keyId)}${alias ? ` (${alias})` : ''}`;
}

/** A path as the learner would write it: relative to the home directory when inside it. */
export function displayPath(path: string): string {
  return path.startsWith(`${HOME}/`) ? path.slice(HOME.length + 1) : path;
}

export function dirname(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Which files count as STORED: an encrypted data key sitting in the same directory as data
 * encrypted with that data key (fingerprints must agree when both are known). That pair is the
 * envelope; anything else stays in the "your machine" lane. Maps holder id to a group name.
 */
export function storedGroups(world: World): Map<string, string> {
  const groups = new Map<string, string>();
  const files = [...world.holders.values()].filter((h) => h.type === 'file');
  // A file that also holds a secret in the clear (dk.json with both copies) is not safe to store.
  const clear = (h: Holder) => h.contents.some((c) => c.kind === 'data-key' || c.kind === 'plaintext-data');
  const wrapped = files.filter((h) => !clear(h) && h.contents.some((c) => c.kind === 'encrypted-data-key'));
  for (const data of files) {
    const local = data.contents.find((c) => c.kind === 'encrypted-data' && c.keyId === undefined);
    if (!local || clear(data)) continue;
    const partner = wrapped.find((k) => {
      if (k === data || dirname(k.name) !== dirname(data.name)) return false;
      const wraps = k.contents.find((c) => c.kind === 'encrypted-data-key')?.dataKeyFingerprint;
      return wraps === undefined || local.dataKeyFingerprint === undefined || wraps === local.dataKeyFingerprint;
    });
    if (!partner) continue;
    const group = groups.get(partner.id) ?? `envelope:${partner.name}`;
    groups.set(partner.id, group);
    groups.set(data.id, group);
  }
  return groups;
}
