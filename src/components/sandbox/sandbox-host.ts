/**
 * The visitor's one sandbox in the browser: restored from IndexedDB when the
 * page opens (so it survives moving between lessons and reloads), saved after
 * commands, reset on request. The React island and the ▶ buttons of lessons
 * share it through getSandboxHost().
 *
 * Saving (persist-*.ts) writes only what changed, in idle time after a
 * command's output (never between Enter and output), coalesced, and at once
 * when the page is hidden or closed. What the UI must tell the learner is in
 * host.status(), and host.onStatus(listener) hears each change:
 * - { kind: 'ok' }: saved, or nothing to say;
 * - { kind: 'save-failed', message }: storage is missing, blocked or full; work
 *   is not being kept (cleared by the next save that works);
 * - { kind: 'other-tab', message }: another tab saved newer work; this tab stops
 *   saving and never overwrites it (offer a Reload);
 * - { kind: 'damaged', message, exportDamaged() }: the saved sandbox could not be
 *   used (damaged, or from a newer version); it is kept aside, a new one was
 *   started, and exportDamaged() gives its content as JSON-able data to download.
 * The most pressing one wins: other-tab, then save-failed, then damaged.
 */
import type { SandboxSetup } from '../../lib/content-schema.ts';
import { Sandbox, type SandboxOptions } from '../../shell/sandbox.ts';
import { prepareLesson } from './lesson-setup.ts';
import { generationOf, type PersistBackend, type StoredSandbox, type WriteBatch } from './persist-backend.ts';
import { toJsonable } from './persist-export.ts';
import { BlockedUpgradeError, dumpDatabase, IndexedDbBackend, NewerDatabaseError } from './persist-idb.ts';
import { restoreFromStores, SaveTracker, StoredSandboxError } from './persist-layout.ts';
import { idleLater, SaveScheduler, type Later } from './persist-scheduler.ts';

export type HostStatus =
  | { kind: 'ok' }
  | { kind: 'save-failed'; message: string }
  | { kind: 'other-tab'; message: string }
  | { kind: 'damaged'; message: string; exportDamaged(): unknown };

export const OTHER_TAB_MESSAGE = 'This sandbox was changed in another tab. Reload to continue with the newer work.';

export interface SandboxHost {
  readonly sandbox: Sandbox;
  /** Said once to the learner: restored from a previous visit, or why it could not be. */
  readonly notice: string | undefined;
  /** Saves now (what changed since the last save); resolves when that save has ended. */
  save(): Promise<void>;
  /** A new account and empty files (the caller has asked the learner first). */
  reset(): Promise<void>;
  /** Creates a lesson's files (never over the learner's own) and runs its commands once per sandbox. */
  prepare(lessonId: string, setup: SandboxSetup): Promise<string[]>;
  status(): HostStatus;
  onStatus(listener: (status: HostStatus) => void): () => void;
}

export interface HostOptions {
  confirm?: (question: string) => Promise<boolean>;
  /** When idle-time saves run (tests pass their own). */
  later?: Later;
  /** Without a backend: why there is no storage, as the learner is told it. */
  unavailable?: string;
}

export const NO_STORAGE_MESSAGE =
  'This browser gives KMS Lab no storage here (IndexedDB is missing or blocked), so your work will not be kept after you leave the page.';
export const BLOCKED_MESSAGE =
  'Another KMS Lab tab is still open with an older version of this site, and it holds your saved sandbox: close it or reload it, then reload this page. Until then this sandbox starts empty and your work here will not be kept.';

/** What opening found: the sandbox, and what the first save must do or must not do. */
interface Opened {
  sandbox: Sandbox;
  notice?: string;
  generation: number;
  tracker: SaveTracker;
  extra: Pick<WriteBatch, 'backup' | 'dropLegacy'>;
  damaged?: { message: string; content: unknown };
  /** Why saving cannot work at all (then nothing is ever written). */
  cannotSave?: string;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

function damagedMessage(error: unknown): string {
  if (error instanceof StoredSandboxError && error.newerVersion) {
    return `Your saved sandbox was saved by a newer version of KMS Lab (${error.message.replace(/^it was saved by a newer version of KMS Lab \((.*)\)$/, '$1')}), so this page started a new one. The saved one is kept aside in this browser; you can export it.`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return /newer version/.test(reason)
    ? `Your saved sandbox ${reason.replace(/^This sandbox was /, 'was ').replace(/^This snapshot was /, 'was ')}, so this page started a new one. The saved one is kept aside in this browser; you can export it.`
    : `Your saved sandbox was damaged (${reason}), so a new one was started. The damaged one is kept aside in this browser; you can export it.`;
}

async function openSaved(backend: PersistBackend, options: Omit<SandboxOptions, 'seed'>): Promise<Opened> {
  const tracker = new SaveTracker();
  let stored: StoredSandbox;
  const started = now();
  try {
    stored = await backend.read();
    measure('kms-lab:read-saved', started);
  } catch (error) {
    return {
      sandbox: await Sandbox.create(options),
      generation: 0,
      tracker,
      extra: {},
      cannotSave: `Your saved sandbox could not be read (${(error as Error).message}), so this one starts empty and will not be kept; the saved one is left as it was.`,
    };
  }
  const generation = generationOf(stored.meta);
  // What cannot be used is written aside with the first save, never just overwritten.
  const aside = async (error: unknown, content: unknown): Promise<Opened> => {
    const message = damagedMessage(error);
    return {
      sandbox: await Sandbox.create(options),
      notice: message,
      generation,
      tracker,
      extra: { backup: { name: `sandbox-damaged-${stamp()}`, value: content }, dropLegacy: stored.legacy !== undefined },
      damaged: { message, content },
    };
  };
  if (stored.meta !== undefined) {
    try {
      const rebuilt = now();
      const { sandbox, keys } = restoreFromStores(stored, options);
      tracker.adopt(sandbox, keys);
      measure('kms-lab:restore-saved', rebuilt);
      return { sandbox, notice: 'Welcome back: your keys, files and variables are as you left them.', generation, tracker, extra: {} };
    } catch (error) {
      return aside(error, { meta: stored.meta, catalog: stored.catalog, keys: stored.keys, files: stored.files, audit: stored.audit });
    }
  }
  if (stored.legacy !== undefined) {
    try {
      // The one-record format of earlier versions: continued, written in the new layout, and kept aside.
      const sandbox = Sandbox.fromImage(stored.legacy as never, options);
      return {
        sandbox,
        notice: 'Welcome back: your keys, files and variables are as you left them.',
        generation,
        tracker,
        extra: { backup: { name: `sandbox-v1-${stamp()}`, value: stored.legacy }, dropLegacy: true },
      };
    } catch (error) {
      return aside(error, stored.legacy);
    }
  }
  return { sandbox: await Sandbox.create(options), generation, tracker, extra: {} };
}

const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now());

/** A User Timing entry for the browser benchmarks (performance.getEntriesByName); nothing where there is none. */
function measure(name: string, start: number): void {
  try {
    performance.measure(name, { start, end: now() });
  } catch {
    // No User Timing here (an old browser): nothing to record.
  }
}

function failureText(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  const message = (error as { message?: unknown } | null)?.message;
  const what = typeof name === 'string' && name !== 'Error' ? `${name}${message ? `: ${String(message)}` : ''}` : String(message ?? error);
  return `Saving your sandbox failed (${what}), so your latest work will not be kept after a reload. KMS Lab tries again after each command.`;
}

/** Opens the sandbox over `backend` (undefined: no storage at all); exported for tests, the page uses getSandboxHost. */
export async function openSandboxHost(backend: PersistBackend | undefined, options: HostOptions = {}): Promise<SandboxHost> {
  const sandboxOptions = { ansi: true, ...(options.confirm ? { confirm: options.confirm } : {}) };
  const opened: Opened = backend
    ? await openSaved(backend, sandboxOptions)
    : {
        sandbox: await Sandbox.create(sandboxOptions),
        generation: 0,
        tracker: new SaveTracker(),
        extra: {},
        cannotSave: options.unavailable ?? NO_STORAGE_MESSAGE,
      };
  const { sandbox, tracker } = opened;
  let generation = opened.generation;
  let extra = opened.extra;
  let otherTab = false;
  let failure = opened.cannotSave;
  const listeners = new Set<(status: HostStatus) => void>();
  const damaged: HostStatus | undefined = opened.damaged && {
    kind: 'damaged',
    message: opened.damaged.message,
    exportDamaged: () => toJsonable(opened.damaged!.content),
  };
  let current: HostStatus = { kind: 'ok' };
  const update = (): void => {
    const next: HostStatus = otherTab
      ? { kind: 'other-tab', message: OTHER_TAB_MESSAGE }
      : failure
        ? { kind: 'save-failed', message: failure }
        : (damaged ?? { kind: 'ok' });
    if (next.kind === current.kind && (next as { message?: string }).message === (current as { message?: string }).message) return;
    current = next;
    for (const listener of listeners) {
      try {
        listener(next);
      } catch {
        // A failing UI listener must not stop saving.
      }
    }
  };
  update();

  // Only a sandbox that changed is written: opening a lesson in a second tab must not make the first one stale.
  let dirty = false;
  // The generation a save still running will have written: a save made beside it (the page leaving) follows it.
  let writing: number | undefined;
  const abandoned = new Set<number>();
  const saveNow = async (atOnce = false): Promise<void> => {
    if (!backend || otherTab || opened.cannotSave || !dirty) return;
    dirty = false;
    const expected = writing ?? generation;
    const next = Math.max(expected, 0) + 1;
    writing = next;
    const started = now();
    try {
      // Timed for the browser benchmarks: the whole save, and its main-thread part (taking the changes, queuing the puts).
      const build = () => {
        const batchStart = now();
        const batch = tracker.batch(sandbox, next, extra);
        measure('kms-lab:save-batch', batchStart);
        return batch;
      };
      const outcome = await backend.write(expected, build, atOnce ? { atOnce } : undefined);
      if (outcome === 'conflict') {
        otherTab = true;
      } else {
        generation = Math.max(generation, next);
        extra = {};
        failure = undefined;
        backend.announce?.(next);
      }
    } catch (error) {
      // One dropped as the page left (below) is not a failure: the write that replaced it holds everything.
      if (!abandoned.delete(next)) {
        tracker.invalidate();
        dirty = true;
        failure = failureText(error);
      }
    }
    if (writing === next) writing = undefined;
    measure('kms-lab:save', started);
    update();
  };
  const scheduler = new SaveScheduler(saveNow, options.later ?? idleLater());

  backend?.onAnnounce?.((announced) => {
    if (announced > generation && !otherTab) {
      otherTab = true;
      update();
    }
  });
  if (backend && 'onVersionChange' in backend) {
    (backend as { onVersionChange: (() => void) | undefined }).onVersionChange = () => {
      otherTab = true;
      update();
    };
  }
  sandbox.session.subscribe((event) => {
    if (event.type === 'vfs' || event.type === 'kms') dirty = true;
    if (event.type === 'command' || event.type === 'reset') {
      dirty = true;
      scheduler.request();
    }
  });
  if (typeof window !== 'undefined' && typeof document !== 'undefined') {
    // Work done just before leaving is written at once, every put issued in this task (no later one may
    // run), even beside a save still running; browsers let an issued transaction finish.
    const leaving = () => {
      if (writing !== undefined && backend?.abortWrites) {
        // A save still running may be waiting for an event that will not come: it is dropped, and
        // this one writes everything, on the generation stored before it.
        abandoned.add(writing);
        backend.abortWrites();
        writing = undefined;
        tracker.invalidate();
        dirty = true;
      }
      void saveNow(true);
    };
    window.addEventListener('pagehide', leaving);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') leaving();
    });
  }

  return {
    sandbox,
    notice: opened.notice,
    save() {
      dirty = true;
      return scheduler.flush();
    },
    async reset() {
      await sandbox.reset();
      dirty = true;
      await scheduler.flush();
    },
    async prepare(lessonId, setup) {
      const created = await prepareLesson(sandbox, lessonId, setup);
      if (created.length > 0) dirty = true;
      await scheduler.flush();
      return created;
    },
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

async function browserBackend(): Promise<{ backend?: PersistBackend; damaged?: { message: string; content: unknown }; unavailable?: string }> {
  if (typeof indexedDB === 'undefined') return {};
  try {
    return { backend: await IndexedDbBackend.open() };
  } catch (error) {
    if (error instanceof NewerDatabaseError) {
      const content = await dumpDatabase().catch((e: unknown) => ({ unreadable: String(e) }));
      return { damaged: { message: 'Your saved sandbox was saved by a newer version of KMS Lab, so this page cannot read or change it: it starts a new sandbox that will not be kept. You can export the saved one.', content } };
    }
    // Storage is there, but an old tab will not let this version open it: that, not "no storage", is what to say.
    if (error instanceof BlockedUpgradeError) return { unavailable: BLOCKED_MESSAGE };
    return {};
  }
}

let current: Promise<SandboxHost> | undefined;

declare global {
  interface Window {
    /** The open sandbox, for benchmarks and browser tests that build large states quickly (a learner's terminal can do the same). */
    kmsLab?: { host: SandboxHost };
  }
}

/** The page's sandbox, opened on first use. */
export function getSandboxHost(confirm: (q: string) => Promise<boolean> = async (q) => window.confirm(q)): Promise<SandboxHost> {
  current ??= (async () => {
    const started = now();
    const { backend, damaged, unavailable } = await browserBackend();
    let host = await openSandboxHost(backend, { confirm, ...(unavailable ? { unavailable } : {}) });
    measure('kms-lab:open-sandbox', started);
    if (damaged) host = withStatus(host, { kind: 'damaged', message: damaged.message, exportDamaged: () => toJsonable(damaged.content) }, damaged.message);
    if (typeof window !== 'undefined') window.kmsLab = { host };
    return host;
  })();
  return current;
}

/** A host whose storage could not be opened because a newer version owns it: that status, for good. */
function withStatus(host: SandboxHost, status: HostStatus, notice: string): SandboxHost {
  return { ...host, notice, status: () => status, onStatus: () => () => undefined };
}
