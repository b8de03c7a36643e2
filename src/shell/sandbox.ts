import { completeAws } from '../cli/complete.ts';
import { Kms } from '../kms/kms.ts';
import type { TraceEvent } from '../kms/trace.ts';
import { createAwsCommand } from './commands/aws.ts';
import { FILE_COMMANDS } from './commands/file-tools.ts';
import { createOpensslCommand } from './commands/openssl.ts';
import { createSimCommand } from './commands/sim.ts';
import { createSession, type Session } from './run.ts';
import { Vfs } from './vfs.ts';

declare module './run.ts' {
  interface SessionEventMap {
    /** A KMS call (or a rotation, deletion, expiry) finished: the envelope diagram's steps. */
    kms: { trace: TraceEvent };
    /** `sim reset` or `sim seed` replaced the whole sandbox. */
    reset: { seed: number | undefined };
  }
}

export interface SandboxOptions {
  /** Repeatable key IDs, ciphertexts and dates. */
  seed?: number;
  /** Output goes to a terminal that shows ANSI colour. */
  ansi?: boolean;
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

  private constructor(kms: Kms, options: SandboxOptions) {
    this.current = kms;
    const control = { kms: () => this.current, reset: (seed?: number) => this.reset(seed) };
    this.session = createSession({
      vfs: new Vfs({ now: () => this.current.now() }),
      commands: {
        ...FILE_COMMANDS,
        openssl: createOpensslCommand(),
        aws: createAwsCommand(() => this.current),
        sim: createSimCommand(control),
      },
      completers: {
        aws: ({ words, current }) => completeAws(words, current, this.current),
        sim: ({ words }) => (words.length === 1 ? ['time', 'whoami', 'reset', 'seed', 'help'] : []),
      },
      ...(options.ansi ? { ansi: true } : {}),
    });
    this.forwardTrace();
  }

  static async create(options: SandboxOptions = {}): Promise<Sandbox> {
    return new Sandbox(await Kms.create(options.seed === undefined ? {} : { seed: options.seed }), options);
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

  private forwardTrace(): void {
    this.unsubscribe();
    this.unsubscribe = this.current.subscribe((trace) => this.session.emit({ type: 'kms', trace }));
  }
}
