/**
 * The interpreter and the session API: `createSession(options).run(line)` parses the line, expands
 * words, wires pipes and redirections over the Vfs, and runs builtins and injected commands.
 * A command that throws is reported and the session carries on.
 */
import type { Command, List, Pipeline, Redirect, SimpleCommand, Word } from './ast.ts';
import { BUILTINS, ExitRequest, type ShellHost } from './builtins.ts';
import { complete, type Completer, type Completion } from './complete.ts';
import { expandFields, expandString, type ExpandContext } from './expand.ts';
import { ExpansionError } from './expansion-error.ts';
import { describeFsError } from './fs-errors.ts';
import { globPaths } from './glob.ts';
import { asAssignment, parse } from './parse.ts';
import { cloneState, exportedEnv, NAME, setVariable, type ShellState, type ShellVariable } from './state.ts';
import type { CommandContext, CommandFn, SessionServices } from './types.ts';
import { HOME, Vfs, type VfsChange } from './vfs.ts';
import { notifyAll } from './notify.ts';
import { MAX_OUTPUT, OUTPUT_CUT_NOTE } from './output-limit.ts';
import { yieldToHost } from './yield.ts';

export type { Completer, Completion, CompletionRequest } from './complete.ts';
export type { ShellVariable } from './state.ts';

export interface SessionOptions {
  /** The files; a fresh Vfs (with an empty /home/learner) when absent. */
  vfs?: Vfs;
  /** Commands besides the builtins: file tools, openssl, aws, sim… Builtins win a name clash, as in bash. */
  commands: Record<string, CommandFn>;
  /** Exported variables, added to (or replacing) HOME, USER, PATH, SHELL, LANG, TERM. */
  env?: Record<string, string>;
  /** The output goes to a terminal that understands ANSI colour (xterm.js), not to a test or a pipe. */
  ansi?: boolean;
  /** PS1-style prompt template: \u user, \h host, \w directory (~ for home), \W its last name, \$, \e, \[ \]. */
  prompt?: string;
  /** Command-specific Tab completion, by command name (aws, openssl, sim…). */
  completers?: Record<string, Completer>;
  /** A saved shell to continue (a reload in the browser): its directory and variables. */
  restore?: ShellImage;
}

/** What a shell carries between page loads besides its files. */
export interface ShellImage {
  cwd: string;
  variables: Record<string, ShellVariable>;
}

export interface RunResult {
  stdout: Uint8Array;
  stderr: Uint8Array;
  exitCode: number;
  /** The input ran `exit`: a terminal closes (the session itself stays usable). */
  exited?: true;
}

/**
 * The events a session publishes, by type. Open for extension: a module that forwards more (KMS
 * trace steps, key changes) adds members with `declare module '…/shell/run.ts' { interface SessionEventMap { … } }`.
 */
export interface SessionEventMap {
  /** A `run` finished. */
  command: { line: string; exitCode: number };
  /** Bytes written to the terminal, as they are written. */
  output: { stream: 'stdout' | 'stderr'; data: Uint8Array };
  /** A file changed (by a redirection or a command). */
  vfs: { change: VfsChange };
}

export type SessionEvent = { [K in keyof SessionEventMap]: { type: K } & SessionEventMap[K] }[keyof SessionEventMap];

export interface Session {
  /** Runs one input (one or several lines); inputs queue up rather than interleave. */
  run(line: string): Promise<RunResult>;
  readonly cwd: string;
  /** Every shell variable, exported or not, in creation order. */
  readonly variables: ReadonlyMap<string, ShellVariable>;
  /** Inputs run so far, oldest first. */
  readonly history: readonly string[];
  /** The files; replaceable (sim reset), the working directory falling back to home if it is gone. */
  vfs: Vfs;
  readonly ansi: boolean;
  /** The prompt to show before the next input. */
  prompt(): string;
  subscribe(listener: (event: SessionEvent) => void): () => void;
  /** Publishes an event to the subscribers (for whoever forwards KMS or UI events through the session). */
  emit(event: SessionEvent): void;
  /** Tab completion for the text left of the cursor. */
  complete(line: string, cursor: number): Completion;
  /** The directory and variables, for saving (see SessionOptions.restore). */
  image(): ShellImage;
  /**
   * Ctrl-C: the input running now stops at its next command (a command watching its signal
   * stops at once), the rest of it is dropped, and the status is 130, as in bash.
   */
  interrupt(): void;
}

export function createSession(options: SessionOptions): Session {
  return new Shell(options);
}

/** `run` with the output decoded as UTF-8, for tests and simple callers. */
export async function runText(session: Session, line: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const { stdout, stderr, exitCode } = await session.run(line);
  return { stdout: utf8.decode(stdout), stderr: utf8.decode(stderr), exitCode };
}

const EMPTY = new Uint8Array(0);
const utf8 = new TextDecoder();
const encoder = new TextEncoder();
/** What `$$` expands to: a plausible, fixed process id. */
const PID = 4242;
const DEFAULT_PROMPT = '\\u@\\h:\\w\\$ ';
const COLOUR_PROMPT = '\\[\\e[1;32m\\]\\u@\\h\\[\\e[0m\\]:\\[\\e[1;34m\\]\\w\\[\\e[0m\\]\\$ ';

interface Sink {
  write(data: Uint8Array): void;
}

/** Collects bytes (a pipe, `$(…)`, or the terminal's record of one run). */
class Capture implements Sink {
  private readonly chunks: Uint8Array[] = [];
  write(data: Uint8Array): void {
    if (data.length > 0) this.chunks.push(data.slice());
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** A redirection to a file: created (or truncated) when opened, written when the command ends. */
class FileSink extends Capture {
  readonly path: string;
  constructor(path: string) {
    super();
    this.path = path;
  }
}

const NULL_SINK: Sink = { write() {} };
/** The signal of a command run outside any input (never, in practice). */
const NEVER_ABORTED = new AbortController().signal;

/**
 * An expansion error (`${a b}`, `$((1/0))`, `${X:?}`): interactive bash abandons the rest of the
 * line; inside `( )`, `$( )` or a pipeline member only that subshell ends. The status is 1.
 */
class LineAbort {}

/** Ctrl-C: unwinds the whole input, subshells included. */
class Interrupted {}

/** How long the interpreter works before it hands the thread back (a frame). */
const SLICE_MS = 12;

/** A command's open files: standard input's bytes and the output descriptors (1, 2, and any others). */
interface Io {
  readonly stdin: Uint8Array;
  readonly fds: readonly (Sink | undefined)[];
}

function write(sink: Sink | undefined, data: string | Uint8Array): void {
  // A closed descriptor (`>&-`) swallows output.
  sink?.write(typeof data === 'string' ? encoder.encode(data) : data);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A status as bash keeps it: 0–255. */
function normalizeStatus(status: unknown): number {
  return typeof status === 'number' && Number.isFinite(status) ? ((Math.trunc(status) % 256) + 256) % 256 : 1;
}

class Shell implements Session {
  readonly ansi: boolean;
  private readonly commands: Record<string, CommandFn>;
  private readonly completers: Record<string, Completer>;
  private readonly promptTemplate: string;
  private readonly state: ShellState;
  private readonly lines: string[] = [];
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private files: Vfs;
  private stopForwarding: () => void;
  private queue: Promise<unknown> = Promise.resolve();
  /** The input running now, for interrupt(). */
  private running: AbortController | undefined;
  private lastYield = 0;

  constructor(options: SessionOptions) {
    this.ansi = options.ansi ?? false;
    this.commands = options.commands;
    this.completers = options.completers ?? {};
    this.promptTemplate = options.prompt ?? (this.ansi ? COLOUR_PROMPT : DEFAULT_PROMPT);
    this.files = options.vfs ?? new Vfs();
    this.stopForwarding = this.forward(this.files);
    const env: Record<string, string> = {
      HOME,
      USER: 'learner',
      LOGNAME: 'learner',
      SHELL: '/bin/bash',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'C.UTF-8',
      TERM: this.ansi ? 'xterm-256color' : 'dumb',
      ...options.env,
    };
    this.state = { cwd: '/', vars: new Map(), status: 0 };
    for (const [name, value] of Object.entries(env)) setVariable(this.state, name, value, true);
    this.state.cwd = this.isDirectory(env.HOME ?? HOME) ? this.files.resolve('/', env.HOME ?? HOME) : '/';
    setVariable(this.state, 'PWD', this.state.cwd, true);
    if (options.restore) {
      for (const [name, v] of Object.entries(options.restore.variables)) {
        if (NAME.test(name)) setVariable(this.state, name, String(v.value), Boolean(v.exported));
      }
      if (this.isDirectory(options.restore.cwd)) this.state.cwd = this.files.resolve('/', options.restore.cwd);
    }
  }

  /** The directory and variables, for saving (see SessionOptions.restore). */
  image(): ShellImage {
    return { cwd: this.state.cwd, variables: Object.fromEntries([...this.state.vars].map(([name, v]) => [name, { ...v }])) };
  }

  get cwd(): string {
    return this.state.cwd;
  }

  get variables(): ReadonlyMap<string, ShellVariable> {
    return this.state.vars;
  }

  get history(): readonly string[] {
    return this.lines;
  }

  get vfs(): Vfs {
    return this.files;
  }

  set vfs(vfs: Vfs) {
    this.stopForwarding();
    this.files = vfs;
    this.stopForwarding = this.forward(vfs);
    if (!this.isDirectory(this.state.cwd)) {
      this.state.cwd = this.isDirectory(HOME) ? HOME : '/';
      setVariable(this.state, 'PWD', this.state.cwd);
    }
  }

  interrupt(): void {
    this.running?.abort();
  }

  run(line: string): Promise<RunResult> {
    const job = this.queue.then(() => this.execute(line));
    this.queue = job.catch(() => undefined);
    return job;
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: SessionEvent): void {
    // A faulty subscriber must not break the command that produced the event.
    notifyAll(this.listeners, event);
  }

  complete(line: string, cursor: number): Completion {
    return complete(line, cursor, {
      commandNames: [...Object.keys(BUILTINS), ...Object.keys(this.commands)],
      variableNames: [...this.state.vars.keys()],
      completers: this.completers,
      vfs: this.files,
      cwd: this.state.cwd,
    });
  }

  prompt(): string {
    const vars = this.state.vars;
    const home = vars.get('HOME')?.value ?? HOME;
    const cwd = this.state.cwd;
    const short = cwd === home ? '~' : cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
    const escapes: Record<string, string> = {
      u: vars.get('USER')?.value ?? 'learner',
      h: 'kms-lab',
      w: short,
      W: short === '~' || cwd === '/' ? short : cwd.slice(cwd.lastIndexOf('/') + 1),
      $: '$',
      e: '\x1b',
      n: '\n',
      '\\': '\\',
      '[': '',
      ']': '',
    };
    return this.promptTemplate.replace(/\\(.)/g, (whole, c: string) => escapes[c] ?? whole);
  }

  // ── running ────────────────────────────────────────────────────────────────

  private async execute(line: string): Promise<RunResult> {
    if (line.trim() !== '') this.lines.push(line.replace(/\n+$/, ''));
    const out = new Capture();
    const err = new Capture();
    // Whatever reaches the terminal in this run, both streams, up to MAX_OUTPUT.
    let shown = 0;
    let cut = false;
    const terminal = (capture: Capture, stream: 'stdout' | 'stderr'): Sink => ({
      write: (data) => {
        if (shown + data.length > MAX_OUTPUT) {
          cut = true;
          data = data.subarray(0, Math.max(0, MAX_OUTPUT - shown));
        }
        shown += data.length;
        if (data.length === 0) return;
        capture.write(data);
        this.emit({ type: 'output', stream, data: data.slice() });
      },
    });
    const io: Io = { stdin: EMPTY, fds: [undefined, terminal(out, 'stdout'), terminal(err, 'stderr')] };
    let exited = false;
    const running = new AbortController();
    this.running = running;
    this.lastYield = performance.now();
    try {
      for (const item of parse(line).items) {
        if (item.type === 'error') {
          write(io.fds[2], `${item.message}\n`);
          this.state.status = 2;
          continue;
        }
        for (const warning of item.warnings) write(io.fds[2], `${warning}\n`);
        try {
          await this.runList(item.list, this.state, io);
        } catch (error) {
          if (error instanceof LineAbort) {
            this.state.status = 1;
            continue;
          }
          if (error instanceof Interrupted) {
            this.state.status = 130;
            break;
          }
          if (!(error instanceof ExitRequest)) throw error;
          this.state.status = error.status;
          exited = true;
          break;
        }
      }
    } catch (error) {
      // Only a bug in the shell itself lands here (commands' errors are caught where they run).
      write(io.fds[2], `bash: internal error: ${errorMessage(error)}\n`);
      this.state.status = 1;
    } finally {
      if (this.running === running) this.running = undefined;
    }
    if (cut) {
      const note = encoder.encode(OUTPUT_CUT_NOTE);
      err.write(note);
      this.emit({ type: 'output', stream: 'stderr', data: note });
    }
    const exitCode = this.state.status;
    this.emit({ type: 'command', line, exitCode });
    return { stdout: out.bytes(), stderr: err.bytes(), exitCode, ...(exited ? { exited: true as const } : {}) };
  }

  private async runList(list: List, state: ShellState, io: Io): Promise<number> {
    let status = 0;
    for (const andOr of list.items) {
      status = await this.runPipeline(andOr.first, state, io);
      state.status = status;
      for (const { op, pipeline } of andOr.rest) {
        if ((op === '&&') !== (status === 0)) continue;
        status = await this.runPipeline(pipeline, state, io);
        state.status = status;
      }
    }
    return status;
  }

  /** A subshell's list: `exit` and expansion errors end only the subshell. */
  private runSubshell(list: List, state: ShellState, io: Io): Promise<number> {
    return this.contained(() => this.runList(list, state, io));
  }

  private async contained(run: () => Promise<number>): Promise<number> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ExitRequest) return error.status;
      if (error instanceof LineAbort) return 1;
      throw error;
    }
  }

  /**
   * Between commands: stops an interrupted input, and hands the thread back once a slice of
   * work has passed, so the page stays responsive and Ctrl-C can arrive.
   */
  private async checkpoint(): Promise<void> {
    const running = this.running;
    if (running?.signal.aborted) throw new Interrupted();
    if (performance.now() - this.lastYield < SLICE_MS) return;
    await yieldToHost();
    this.lastYield = performance.now();
    if (running?.signal.aborted) throw new Interrupted();
  }

  private async runPipeline(pipeline: Pipeline, state: ShellState, io: Io): Promise<number> {
    await this.checkpoint();
    const { commands } = pipeline;
    let status = 0;
    if (commands.length === 1) status = await this.runCommand(commands[0]!, state, io);
    else {
      // Each member runs to the end before the next starts, on a copy of the state, as in a subshell.
      let input = io.stdin;
      for (const [i, command] of commands.entries()) {
        const last = i === commands.length - 1;
        const pipe = new Capture();
        const fds = [...io.fds];
        fds[1] = last ? io.fds[1] : pipe;
        const sub = cloneState(state);
        status = await this.contained(() => this.runCommand(command, sub, { stdin: input, fds }));
        input = pipe.bytes();
      }
    }
    return pipeline.negated ? Number(status === 0) : status;
  }

  private runCommand(command: Command, state: ShellState, io: Io): Promise<number> {
    return command.type === 'simple' ? this.runSimple(command, state, io) : this.runSubshellCommand(command, state, io);
  }

  private async runSubshellCommand(command: Extract<Command, { type: 'subshell' }>, state: ShellState, io: Io): Promise<number> {
    const sub = cloneState(state);
    const opened = await this.redirect(command.redirects, sub, io, this.expander(sub, io));
    if (!opened) return 1;
    try {
      return await this.runSubshell(command.body, sub, opened.io);
    } finally {
      this.flush(opened.files, opened.io);
    }
  }

  private async runSimple(command: SimpleCommand, state: ShellState, io: Io): Promise<number> {
    const substitution = { status: undefined as number | undefined };
    const temporary = new Map<string, string>();
    const ctx = this.expander(state, io, substitution, temporary);
    let argv: string[];
    try {
      argv = await this.expandArguments(command.words, ctx);
    } catch (error) {
      return this.expansionFailed(error, io);
    }
    const opened = await this.redirect(command.redirects, state, io, ctx);
    if (!opened) return 1;
    try {
      for (const a of command.assignments) {
        const value = await expandString(a.value, ctx, true);
        const full = a.append ? (ctx.lookup(a.name) ?? '') + value : value;
        // Before a command, assignments are for that command's environment only.
        if (argv.length > 0) temporary.set(a.name, full);
        else setVariable(state, a.name, full);
      }
      if (argv.length === 0) return substitution.status ?? 0;
      const env = { ...exportedEnv(state), ...Object.fromEntries(temporary) };
      await this.checkpoint();
      return await this.invoke(argv, env, state, opened.io);
    } catch (error) {
      return this.expansionFailed(error, opened.io);
    } finally {
      this.flush(opened.files, opened.io);
    }
  }

  private expansionFailed(error: unknown, io: Io): never {
    if (!(error instanceof ExpansionError)) throw error;
    write(io.fds[2], `bash: ${error.message}\n`);
    throw new LineAbort();
  }

  /** Words to argv; `export NAME=value` arguments are not split, as bash treats declaration builtins. */
  private async expandArguments(words: readonly Word[], ctx: ExpandContext): Promise<string[]> {
    const argv: string[] = [];
    const declaration = words[0]?.text === 'export';
    for (const word of words) {
      const assignment = declaration && word !== words[0] ? asAssignment(word) : undefined;
      if (assignment) argv.push(`${assignment.name}${assignment.append ? '+=' : '='}${await expandString(assignment.value, ctx, true)}`);
      else argv.push(...(await expandFields(word, ctx)));
    }
    return argv;
  }

  private async invoke(argv: readonly string[], env: Record<string, string>, state: ShellState, io: Io): Promise<number> {
    const [name = '', ...args] = argv;
    const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
    const command = builtin === undefined && Object.hasOwn(this.commands, name) ? this.commands[name] : undefined;
    if (builtin === undefined && command === undefined) return this.notFound(name, state, io);
    const ctx: CommandContext = {
      args,
      stdin: io.stdin,
      stdout: (data) => write(io.fds[1], data),
      stderr: (data) => write(io.fds[2], data),
      env,
      cwd: state.cwd,
      vfs: this.files,
      session: this.services(state),
      signal: this.running?.signal ?? NEVER_ABORTED,
    };
    try {
      const status = normalizeStatus(builtin ? await builtin(ctx, this.host(state)) : await command!(ctx));
      if (ctx.signal?.aborted) throw new Interrupted();
      return status;
    } catch (error) {
      if (error instanceof ExitRequest || error instanceof Interrupted) throw error;
      if (ctx.signal?.aborted) throw new Interrupted();
      ctx.stderr(`bash: ${name}: internal error: ${errorMessage(error)}\n`);
      return 1;
    }
  }

  private notFound(name: string, state: ShellState, io: Io): number {
    if (!name.includes('/')) {
      write(io.fds[2], `bash: ${name}: command not found\n`);
      return 127;
    }
    // A path: nothing here is executable, but say what bash would about what is there.
    const type = this.files.stat(this.files.resolve(state.cwd, name))?.type;
    const why = type === undefined ? 'No such file or directory' : type === 'dir' ? 'Is a directory' : 'Permission denied';
    write(io.fds[2], `bash: ${name}: ${why}\n`);
    return type === undefined ? 127 : 126;
  }

  // ── redirections ───────────────────────────────────────────────────────────

  /** Applies redirections left to right (so `>f 2>&1` differs from `2>&1 >f`); undefined after an error. */
  private async redirect(
    redirects: readonly Redirect[],
    state: ShellState,
    io: Io,
    ctx: ExpandContext,
  ): Promise<{ io: Io; files: FileSink[] } | undefined> {
    const fds = [...io.fds];
    let stdin = io.stdin;
    const files: FileSink[] = [];
    const open = (target: string, append: boolean): Sink => {
      if (target === '/dev/null') return NULL_SINK;
      if (target === '/dev/stdout') return fds[1] ?? NULL_SINK;
      if (target === '/dev/stderr') return fds[2] ?? NULL_SINK;
      const path = this.files.resolve(state.cwd, target);
      this.files.writeFile(path, EMPTY, { append }); // creates or truncates now, as open(2) would
      const sink = new FileSink(path);
      files.push(sink);
      return sink;
    };
    const read = (target: string): Uint8Array =>
      target === '/dev/null' ? EMPTY : target === '/dev/stdin' ? stdin : this.files.readFile(this.files.resolve(state.cwd, target));
    for (const r of redirects) {
      let target = '';
      try {
        switch (r.type) {
          case 'heredoc':
          case 'herestring': {
            const text = r.type === 'heredoc' ? await expandString(r.body, ctx) : `${await expandString(r.target, ctx)}\n`;
            if (r.fd === 0) stdin = encoder.encode(text);
            break;
          }
          case 'file':
            target = await this.target(r.target, ctx);
            if (r.op === '<' || r.op === '<>') {
              const data = read(target);
              if (r.fd === 0) stdin = data;
            } else fds[r.fd] = open(target, r.op === '>>');
            break;
          case 'both': {
            target = await this.target(r.target, ctx);
            const sink = open(target, r.append);
            fds[1] = sink;
            fds[2] = sink;
            break;
          }
          case 'dup': {
            target = await this.target(r.target, ctx);
            if (target === '-') {
              if (r.fd === 0) stdin = EMPTY;
              else fds[r.fd] = undefined;
            } else if (/^[0-9]+$/.test(target)) {
              const from = Number(target);
              if (r.fd === 0 || from === 0) {
                if (r.fd !== from) throw new ExpansionError(`${target}: Bad file descriptor`);
              } else if (fds[from] === undefined) throw new ExpansionError(`${target}: Bad file descriptor`);
              else fds[r.fd] = fds[from];
            } else if (r.op === '>&' && r.fd === 1) {
              // `>& file` is `&> file`.
              const sink = open(target, false);
              fds[1] = sink;
              fds[2] = sink;
            } else throw new ExpansionError(`${r.target.text}: ambiguous redirect`);
            break;
          }
        }
      } catch (error) {
        const message = error instanceof ExpansionError ? error.message : `${target}: ${describeFsError(error)}`;
        write(fds[2], `bash: ${message}\n`);
        this.flush(files, { stdin, fds });
        return undefined;
      }
    }
    return { io: { stdin, fds }, files };
  }

  /** A redirection's file name: exactly one word after expansion. */
  private async target(word: Word, ctx: ExpandContext): Promise<string> {
    const fields = await expandFields(word, ctx);
    if (fields.length !== 1) throw new ExpansionError(`${word.text}: ambiguous redirect`);
    return fields[0]!;
  }

  private flush(files: readonly FileSink[], io: Io): void {
    for (const file of files) {
      const data = file.bytes();
      if (data.length === 0) continue;
      try {
        this.files.writeFile(file.path, data, { append: true });
      } catch (error) {
        write(io.fds[2], `bash: ${file.path}: ${describeFsError(error)}\n`);
      }
    }
  }

  // ── what expansions, builtins and commands see ─────────────────────────────

  private expander(
    state: ShellState,
    io: Io,
    substitution: { status: number | undefined } = { status: undefined },
    temporary?: ReadonlyMap<string, string>,
  ): ExpandContext {
    return {
      lookup: (name) => temporary?.get(name) ?? this.lookup(state, name),
      assign: (name, value) => setVariable(state, name, value),
      substitute: async (body) => {
        const capture = new Capture();
        const fds = [...io.fds];
        fds[1] = capture;
        const sub = cloneState(state);
        substitution.status = await this.runSubshell(body, sub, { stdin: EMPTY, fds });
        // Like bash, a later `$?` in the same command sees the substitution's status.
        state.status = substitution.status;
        const text = utf8.decode(capture.bytes());
        if (!text.includes('\0')) return text;
        write(io.fds[2], 'bash: warning: command substitution: ignored null byte in input\n');
        return text.replaceAll('\0', '');
      },
      glob: (pattern) =>
        globPaths(pattern, state.cwd, {
          list: (dir) => (this.isDirectory(dir) ? this.files.readdir(dir) : undefined),
          exists: (path) => this.files.stat(path) !== undefined,
        }),
    };
  }

  private lookup(state: ShellState, name: string): string | undefined {
    switch (name) {
      case '?':
        return String(state.status);
      case '$':
        return String(PID);
      case '#':
        return '0';
      case '0':
        return 'bash';
      case '-':
        return 'himBH';
      case '@':
      case '*':
        return '';
    }
    return state.vars.get(name)?.value;
  }

  private isDirectory(path: string): boolean {
    return this.files.stat(path)?.type === 'dir';
  }

  /** cd: readdir fails with the right code (ENOENT, ENOTDIR) for anything that is not a directory. */
  private chdir(state: ShellState, path: string): void {
    const target = this.files.resolve(state.cwd, path);
    this.files.readdir(target);
    state.cwd = target;
    setVariable(state, 'PWD', target);
  }

  private services(state: ShellState): SessionServices {
    return {
      chdir: (path) => this.chdir(state, path),
      history: () => this.lines,
      setVariable: (name, value, exported) => setVariable(state, name, value, exported),
      ansi: this.ansi,
    };
  }

  private host(state: ShellState): ShellHost {
    return {
      state,
      history: this.lines,
      commandNames: Object.keys(this.commands),
      chdir: (path) => this.chdir(state, path),
      hasCommand: (name) => Object.hasOwn(BUILTINS, name) || Object.hasOwn(this.commands, name),
      exec: (argv, env, ctx) => {
        const io: Io = { stdin: ctx.stdin, fds: [undefined, { write: ctx.stdout }, { write: ctx.stderr }] };
        return this.invoke(argv, env, state, io);
      },
    };
  }

  private forward(vfs: Vfs): () => void {
    return vfs.onChange((change) => this.emit({ type: 'vfs', change }));
  }
}
