/**
 * Contracts inside the shell layer: how the interpreter runs a command
 * (builtin, file tool, openssl, aws, sim) and what a command may touch.
 */
import type { Vfs } from './vfs.ts';

/** What a running command sees: its arguments, its input, its outputs and the session around it. */
export interface CommandContext {
  /** Arguments after the command name, already expanded and unquoted. */
  args: string[];
  /** Bytes piped or redirected in (empty when none). */
  stdin: Uint8Array;
  stdout(data: string | Uint8Array): void;
  stderr(data: string | Uint8Array): void;
  /** The shell's variables that are exported to commands (and their current values). */
  env: Record<string, string>;
  /** Absolute path of the working directory. */
  cwd: string;
  vfs: Vfs;
  /** Session services (change directory, history, the KMS, …) for commands that need them. */
  session: SessionServices;
  /** Aborted on Ctrl-C: a command that works for long checks it (or races it) and stops. */
  signal?: AbortSignal;
}

/** Exit status: 0 success, 1 failure, 2 usage error, as GNU tools do. */
export type CommandFn = (ctx: CommandContext) => Promise<number> | number;

export interface SessionServices {
  /** Changes the working directory (cd). Throws VfsError when it is not a directory. */
  chdir(path: string): void;
  /** Lines typed so far, oldest first (history). */
  history(): readonly string[];
  /** Sets or removes shell variables (export, unset). */
  setVariable(name: string, value: string | undefined, exported?: boolean): void;
  /** Whether the output goes to a terminal that understands ANSI colour. */
  readonly ansi: boolean;
}
