/**
 * Class mode: `?seed=N` in a lesson's address gives every learner the
 * presenter's sandbox (same key IDs, ciphertexts, dates). Joining replaces the
 * learner's keys and files, so the learner is asked only when that would
 * lose something of theirs: keys, files or KMS calls beyond what the lessons'
 * own set-up puts there. A sandbox that already joined this class
 * (in another tab, recently) is the class's sandbox and is kept as it is.
 */
import type { SandboxSetup } from '../../lib/content-schema.ts';
import { Sandbox } from '../../shell/sandbox.ts';
import { HOME, type Vfs } from '../../shell/vfs.ts';
import { prepareLesson } from './lesson-setup.ts';

/** Which lessons have set the sandbox up (written by lesson-setup.ts). */
const PREPARED = `${HOME}/.kms-lab-prepared`;
/** A class lasts a day at most: a sandbox joined longer ago than this is a learner's own again. */
export const CLASS_TTL_MS = 12 * 60 * 60 * 1000;
export const CLASS_MARK_KEY = 'kms-lab-class';
const TAB_KEY = 'kms-lab-class-seed';

/** Every file under `dir`, path → contents. */
function files(vfs: Vfs, dir = '/'): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const name of vfs.readdir(dir)) {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    if (path === PREPARED) continue;
    const stat = vfs.stat(path);
    if (stat?.type === 'dir') for (const [p, data] of files(vfs, path)) out.set(p, data);
    else if (stat?.type === 'file') out.set(path, vfs.readFile(path));
  }
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** What a key is, apart from its ID and dates (which differ between two sandboxes set up alike). */
function keyShapes(sandbox: Sandbox): string[] {
  return sandbox.kms
    .inventory()
    .filter((key) => key.keyManager === 'CUSTOMER')
    .map((key) => JSON.stringify([key.description, key.state, key.origin, key.rotationEnabled, key.aliases, key.tags, key.materialVersions]));
}

/** Items of `mine` left over once each item of `theirs` has cancelled one equal item. */
function leftOver(mine: string[], theirs: string[]): number {
  const pool = [...theirs];
  let extra = 0;
  for (const item of mine) {
    const at = pool.indexOf(item);
    if (at === -1) extra++;
    else pool.splice(at, 1);
  }
  return extra;
}

const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

/**
 * What joining a class would replace, in words ("2 keys", "1 file"); empty when
 * the sandbox holds nothing beyond the set-up of the lessons that prepared it.
 * The comparison is with a fresh sandbox those same lessons have set up.
 */
export async function learnerWork(sandbox: Sandbox, setups: Readonly<Record<string, SandboxSetup>>): Promise<string[]> {
  const vfs = sandbox.session.vfs;
  const prepared = vfs.stat(PREPARED)?.type === 'file' ? new TextDecoder().decode(vfs.readFile(PREPARED)).split('\n').filter(Boolean) : [];
  const reference = await Sandbox.create();
  for (const id of prepared) {
    const setup = setups[id];
    if (setup) await prepareLesson(reference, id, setup);
  }

  const work: string[] = [];
  const keys = leftOver(keyShapes(sandbox), keyShapes(reference));
  if (keys) work.push(count(keys, 'key', 'keys'));

  // Set-up files have fixed contents; files the set-up commands make (ciphertexts) only a fixed size.
  const fixed = new Set(prepared.flatMap((id) => setups[id]?.files.map((file) => vfs.resolve(HOME, file.path)) ?? []));
  const theirs = files(reference.session.vfs);
  let changedFiles = 0;
  for (const [path, data] of files(vfs)) {
    const other = theirs.get(path);
    if (!other || (fixed.has(path) ? !sameBytes(data, other) : data.length !== other.length)) changedFiles++;
  }
  if (changedFiles) work.push(count(changedFiles, 'file', 'files'));

  const calls = sandbox.kms.auditCount() - reference.kms.auditCount();
  if (calls > 0) work.push(count(calls, 'call to KMS', 'calls to KMS'));
  // The shell's variables and history survive a reset, so they are not at stake.
  return work;
}

/** "a, b and c" */
export function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

interface ClassMark {
  seed: number;
  at: number;
}

function readMark(store: Storage | undefined): ClassMark | undefined {
  try {
    const mark: unknown = JSON.parse(store?.getItem(CLASS_MARK_KEY) ?? 'null');
    if (mark && typeof mark === 'object' && Number.isSafeInteger((mark as ClassMark).seed) && typeof (mark as ClassMark).at === 'number') return mark as ClassMark;
  } catch {
    // Unreadable: as if there were none.
  }
  return undefined;
}

export interface JoinOptions {
  /** Replaces the sandbox with a fresh one from `seed` and saves it. */
  reset(seed: number): Promise<void>;
  ask(question: string): boolean | Promise<boolean>;
  /** localStorage (shared by the browser's tabs, like the sandbox) and sessionStorage (this tab). */
  shared?: Storage;
  tab?: Storage;
  now?: number;
}

export type JoinResult =
  /** Joined: the sandbox is (now) the class's, fresh or as an earlier tab of this class left it. */
  | { joined: true; replaced: boolean }
  /** The learner kept their own sandbox. */
  | { joined: false };

export async function joinClass(sandbox: Sandbox, seed: number, setups: Readonly<Record<string, SandboxSetup>>, options: JoinOptions): Promise<JoinResult> {
  const now = options.now ?? Date.now();
  const remember = () => {
    try {
      options.tab?.setItem(TAB_KEY, String(seed));
      options.shared?.setItem(CLASS_MARK_KEY, JSON.stringify({ seed, at: now } satisfies ClassMark));
    } catch {
      // Not kept: the next tab looks at the sandbox itself again.
    }
  };
  let tabSeed: string | null = null;
  try {
    tabSeed = options.tab?.getItem(TAB_KEY) ?? null;
  } catch {
    // No session storage.
  }
  const mark = readMark(options.shared);
  if (tabSeed === String(seed) || (mark?.seed === seed && now - mark.at < CLASS_TTL_MS)) {
    remember();
    return { joined: true, replaced: false };
  }
  const work = await learnerWork(sandbox, setups);
  if (work.length > 0) {
    const question = `Join the class sandbox (seed ${seed})? Your sandbox has ${listInWords(work)} of your own, and joining replaces them, so that your key IDs match the presenter's. Cancel keeps your sandbox.`;
    if (!(await options.ask(question))) return { joined: false };
  }
  await options.reset(seed);
  remember();
  return { joined: true, replaced: true };
}

/** After a reset to another seed (or none), the sandbox is no longer the class's. */
export function forgetClass(seed: number | undefined, shared?: Storage, tab?: Storage): void {
  try {
    const mark = readMark(shared);
    if (mark && mark.seed !== seed) shared?.removeItem(CLASS_MARK_KEY);
    if (tab?.getItem(TAB_KEY) !== String(seed)) tab?.removeItem(TAB_KEY);
  } catch {
    // Nothing to forget.
  }
}
