/**
 * The visitor's one sandbox in the browser: restored from IndexedDB when the
 * page opens (so it survives moving between lessons and reloads), saved after
 * every command, reset on request. The React island and the ▶ buttons of
 * lessons share it through getSandboxHost().
 */
import { IndexedDbStorage, MemoryStorage, type SnapshotStorage } from '../../kms/store.ts';
import type { SandboxSetup } from '../../lib/content-schema.ts';
import { Sandbox, type SandboxImage } from '../../shell/sandbox.ts';
import { prepareLesson } from './lesson-setup.ts';

export interface SandboxHost {
  readonly sandbox: Sandbox;
  /** Said once to the learner: restored from a previous visit, or why it could not be. */
  readonly notice: string | undefined;
  save(): Promise<void>;
  /** A new account and empty files (the caller has asked the learner first). */
  reset(): Promise<void>;
  /** Creates a lesson's files (never over the learner's own) and runs its commands once per sandbox. */
  prepare(lessonId: string, setup: SandboxSetup): Promise<string[]>;
}

function storage(): SnapshotStorage<SandboxImage> {
  return typeof indexedDB === 'undefined' ? new MemoryStorage<SandboxImage>() : new IndexedDbStorage<SandboxImage>('kms-lab', 'sandbox');
}

async function open(store: SnapshotStorage<SandboxImage>, confirm: (q: string) => Promise<boolean>): Promise<{ sandbox: Sandbox; notice?: string }> {
  const options = { ansi: true, confirm };
  let saved: unknown;
  try {
    saved = await store.load();
  } catch {
    return { sandbox: await Sandbox.create(options), notice: 'Your saved sandbox could not be read (is storage blocked?), so this one starts empty and will not be kept.' };
  }
  if (saved === undefined) return { sandbox: await Sandbox.create(options) };
  try {
    return { sandbox: Sandbox.fromImage(saved as SandboxImage, options), notice: 'Welcome back: your keys, files and variables are as you left them.' };
  } catch (error) {
    return { sandbox: await Sandbox.create(options), notice: `Your saved sandbox was damaged (${(error as Error).message}), so a new one was started.` };
  }
}

function createHost(sandbox: Sandbox, notice: string | undefined, store: SnapshotStorage<SandboxImage>): SandboxHost {
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    // One save at a time, in order; a failed save never breaks the terminal.
    saving = saving.then(() => store.save(sandbox.image())).catch(() => undefined);
    return saving;
  };
  sandbox.session.subscribe((event) => {
    if (event.type === 'command' || event.type === 'reset') void save();
  });
  return {
    sandbox,
    notice,
    save,
    async reset() {
      await sandbox.reset();
      await save();
    },
    async prepare(lessonId, setup) {
      const created = await prepareLesson(sandbox, lessonId, setup);
      await save();
      return created;
    },
  };
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
    const store = storage();
    const { sandbox, notice } = await open(store, confirm);
    const host = createHost(sandbox, notice, store);
    if (typeof window !== 'undefined') window.kmsLab = { host };
    return host;
  })();
  return current;
}
