import { cliOutsidePages, loadCli, loadedCli, prefetchCli } from '../cli/cli-loader.ts';
import type { AwsInvocation } from '../cli/invocation.ts';
import { Kms } from '../kms/kms.ts';
import { at, flag, record, text } from '../kms/shape-check.ts';
import { restoreSnapshot, takeSnapshot, type Snapshot } from '../kms/store.ts';
import type { TraceEvent } from '../kms/trace.ts';
import { createAwsCommand } from './commands/aws.ts';
import { publishingExec, type ExecRecord } from './exec-events.ts';
import { FILE_COMMANDS } from './commands/file-tools.ts';
import { createOpensslCommand } from './commands/openssl.ts';
import type { SimControl } from './commands/sim.ts';
import { lazyCommand } from './commands/lazy-command.ts';
import { createSession, type Session, type ShellImage } from './run.ts';
import type { CommandFn } from './types.ts';
import { Vfs, type VfsSnapshot } from './vfs.ts';

declare module './run.ts' {
  interface SessionEventMap {
    /** A KMS call (or a rotation, deletion, expiry) finished: the envelope diagram's steps. */
    kms: { trace: TraceEvent };
    /** `sim reset` or `sim seed` replaced the whole sandbox. */
    reset: { seed: number | undefined };
    /** An `aws …` run ended: what the CLI did (after the `kms` events of its requests). */
    aws: { invocation: AwsInvocation };
    /** A command other than aws ended: its arguments and status, the files it read and wrote, digests of its input and output. */
    exec: { exec: ExecRecord };
  }
}

export interface SandboxOptions {
  /** Repeatable key IDs, ciphertexts and dates. */
  seed?: number;
  /** Output goes to a terminal that shows ANSI colour. */
  ansi?: boolean;
  /** Asked before `sim reset` or `sim seed` deletes everything (the browser asks the learner). */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * A whole sandbox, for keeping it across page loads: the simulator's snapshot
 * (CryptoKeys as objects, which no script can export: store it by structured
 * clone, as IndexedDB does), the files and the shell's directory and variables.
 */
export interface SandboxImage {
  format: 'kms-lab-sandbox';
  version: 1;
  kms: Snapshot;
  files: VfsSnapshot;
  shell: ShellImage;
}

/** The shell's part of a saved sandbox, checked (a null variables once stopped every load with a raw TypeError). */
export function checkShellImage(value: unknown, path: string): ShellImage {
  const shell = record(value, path);
  text(shell['cwd'], at(path, 'cwd'));
  const variables = record(shell['variables'], at(path, 'variables'));
  for (const name of Object.keys(variables)) {
    const where = at(at(path, 'variables'), name);
    const variable = record(variables[name], where);
    text(variable['value'], at(where, 'value'));
    flag(variable['exported'], at(where, 'exported'));
  }
  return shell as unknown as ShellImage;
}

/**
 * One learner's sandbox: a simulated KMS, a file system and a shell whose
 * commands (file tools, openssl, aws, sim) work on both. The browser
 * terminal, `npm run shell` and the tests all start here.
 */
export class Sandbox {
  readonly session: Session;
  private current: Kms;
  private unsubscribe: () => void = () => {};

  private constructor(kms: Kms, options: SandboxOptions, saved?: { vfs: (now: () => Date) => Vfs; shell: ShellImage }) {
    this.current = kms;
    const control = { kms: () => this.current, reset: (seed?: number) => this.reset(seed), ...(options.confirm ? { confirm: options.confirm } : {}) };
    const now = () => this.current.now();
    this.session = createSession({
      vfs: saved ? saved.vfs(now) : new Vfs({ now }),
      ...(saved ? { restore: saved.shell } : {}),
      commands: {
        ...this.published({ ...FILE_COMMANDS, openssl: createOpensslCommand(), sim: lazySim(control) }),
        aws: createAwsCommand(
          () => this.current,
          (invocation) => this.session.emit({ type: 'aws', invocation }),
        ),
      },
      completers: {
        // The CLI loads on demand: until it has arrived, Tab offers nothing for aws and fetches it.
        aws: ({ words, current }) => {
          const cli = loadedCli();
          if (!cli) void loadCli().catch(() => undefined);
          return cli ? cli.completeAws(words, current, this.current) : [];
        },
        sim: ({ words }) => (words.length === 1 ? ['time', 'whoami', 'reset', 'seed', 'help'] : []),
      },
      ...(options.ansi ? { ansi: true } : {}),
    });
    this.forwardTrace();
    // A page prefetches the CLI once the first prompt is being shown, so it never delays the prompt.
    const prompt = this.session.prompt.bind(this.session);
    this.session.prompt = () => {
      this.session.prompt = prompt;
      prefetchCli();
      return prompt();
    };
  }

  static async create(options: SandboxOptions = {}): Promise<Sandbox> {
    const sandbox = new Sandbox(await Kms.create(options.seed === undefined ? {} : { seed: options.seed }), options);
    // Node waits for the CLI here (Tab then completes aws at once); a page fetches it after its first prompt.
    await cliOutsidePages();
    return sandbox;
  }

  /** Continues a saved sandbox; throws (with a readable message naming the damaged part) if the image is damaged. */
  static fromImage(image: SandboxImage, options: Omit<SandboxOptions, 'seed'> = {}): Sandbox {
    const data = image as unknown;
    if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== 'kms-lab-sandbox') throw new Error('Not a saved KMS Lab sandbox');
    const version = (data as { version?: unknown }).version;
    if (typeof version === 'number' && version > 1) {
      throw new Error(`This sandbox was saved by a newer version of KMS Lab (format version ${version}; this page reads version 1)`);
    }
    if (version !== 1) throw new Error(`Not a saved KMS Lab sandbox (format version ${JSON.stringify(version)})`);
    const shell = checkShellImage(image.shell, 'shell');
    return new Sandbox(restoreSnapshot(image.kms), options, { vfs: (now) => Vfs.restore(image.files, { now }), shell });
  }

  /** A sandbox from parts restored elsewhere (the browser's saved stores): the simulator, the files' records, the shell. */
  static fromParts(kms: Kms, files: (now: () => Date) => Vfs, shell: ShellImage, options: Omit<SandboxOptions, 'seed'> = {}): Sandbox {
    return new Sandbox(kms, options, { vfs: files, shell: checkShellImage(shell, 'shell') });
  }

  image(): SandboxImage {
    return { format: 'kms-lab-sandbox', version: 1, kms: takeSnapshot(this.current), files: this.session.vfs.snapshot(), shell: this.session.image() };
  }

  get kms(): Kms {
    return this.current;
  }

  /** A new account and an empty home directory; the shell's variables and history stay. */
  async reset(seed?: number): Promise<void> {
    this.current = await Kms.create(seed === undefined ? {} : { seed });
    this.session.vfs = new Vfs({ now: () => this.current.now() });
    this.forwardTrace();
    this.session.emit({ type: 'reset', seed });
  }

  /** Each command reports what it did on the session's event stream when it ends. */
  private published(commands: Record<string, CommandFn>): Record<string, CommandFn> {
    return Object.fromEntries(
      Object.entries(commands).map(([name, run]) => [name, publishingExec(name, run, (exec) => this.session.emit({ type: 'exec', exec }))]),
    );
  }

  private forwardTrace(): void {
    this.unsubscribe();
    this.unsubscribe = this.current.subscribe((trace) => this.session.emit({ type: 'kms', trace }));
  }
}

/** `sim` (seed, reset, time travel) is fetched on its first run: a lesson page starts without it. */
function lazySim(control: SimControl) {
  return lazyCommand(async () => (await import('./commands/sim.ts')).createSimCommand(control));
}
