/**
 * Connects a terminal (through TerminalPort) to a shell session: shows the
 * prompt, lets the line editor handle keystrokes, runs each submitted line,
 * writes its output and shows the next prompt. Headless, so the tests drive it
 * with a fake terminal and a real sandbox. With a scrollback store it also
 * keeps what the terminal showed (scrollback.ts): restored above the first
 * prompt, saved a moment after the output stops, never while a command runs.
 */
import { concat } from '../../kms/bytes.ts';
import { callReportingErrors } from '../../shell/notify.ts';
import { needsMoreInput } from '../../shell/parse.ts';
import type { RunResult, Session } from '../../shell/run.ts';
import { LineEditor, stripAnsi, type EditorEvent, type HistoryStore } from './line-editor.ts';
import { DEFAULT_LIMITS, Transcript, type ScrollbackStore, type TranscriptLimits } from './scrollback.ts';
import type { TerminalPort } from './terminal-port.ts';

/** What the controller uses of a session (a test may pass a stand-in). */
export type TerminalSession = Pick<Session, 'run' | 'prompt' | 'complete' | 'subscribe' | 'interrupt'>;

export interface TerminalControllerOptions {
  port: TerminalPort;
  session: TerminalSession;
  /** The prompt before each command; the session's own by default. */
  prompt?: () => string;
  /** Where command history is kept between page loads. */
  history?: HistoryStore;
  /** Told about every command run, after its output is written. */
  onCommand?: (line: string, result: RunResult) => void;
  /** Each command's output (and the controller's own notes) as plain text, for a screen reader's live region. */
  announce?: (text: string) => void;
  /** Where what the terminal showed is kept between page loads. */
  scrollback?: ScrollbackOptions;
}

export interface ScrollbackOptions {
  store: ScrollbackStore;
  /** How long output must have stopped before it is saved (1 s by default). */
  delayMs?: number;
  limits?: TranscriptLimits;
}

export interface TerminalController {
  /** True while a command runs (no prompt showing); keystrokes then wait their turn, and Ctrl-C interrupts it. */
  readonly busy: boolean;
  /**
   * Types text at the prompt as if the learner had. With `run`, the text is
   * entered (each line of it, in order) and the line the learner was writing
   * is set aside and given back afterwards: a lesson's ▶ button.
   */
  type(text: string, options?: { run?: boolean }): void;
  /** Resolves when no command runs and no input waits. */
  idle(): Promise<void>;
  /** Saves the scrollback now, if it changed (the page is being left). */
  saveScrollback(): void;
  /** Stops listening to the terminal; output of a command still running is dropped. */
  dispose(): void;
}

/** Asks the terminal to mark pastes (`ESC [200~ … ESC [201~`), so pasted newlines are told from Enter. */
const BRACKETED_PASTE_ON = '\x1b[?2004h';
const BRACKETED_PASTE_OFF = '\x1b[?2004l';
/** bash's own words when it ignores Ctrl-D (IGNOREEOF). */
const EOF_NOTE = 'Use "exit" to leave the shell.';
const EXIT_NOTE = 'exit: the shell has restarted. Your files, keys and variables are still here.';
/** The row between restored output and the new session's first prompt, in the dim colour of KMS Lab's own notes. */
export const RESTORED_MARK = '\x1b[90m── restored from your last visit ──\x1b[0m';
const DEFAULT_SAVE_DELAY_MS = 1000;

export function createTerminalController(options: TerminalControllerOptions): TerminalController {
  return new Controller(options);
}

interface OutputChunk {
  readonly stream: 'stdout' | 'stderr';
  readonly data: Uint8Array;
}

class Controller implements TerminalController {
  private readonly options: TerminalControllerOptions;
  private readonly editor: LineEditor;
  private readonly unsubscribe: (() => void)[];
  private pumping = false;
  private disposed = false;
  /** Whether the terminal's cursor is at the start of a row (the prompt must start there). */
  private atLineStart = true;
  private idleWaiters: (() => void)[] = [];
  private transcript: Transcript;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** A command is running in the session now. */
  private running = false;
  /** Ctrl-C was pressed while it ran: `^C` follows its output, as a tty echoes it. */
  private interrupted = false;

  constructor(options: TerminalControllerOptions) {
    this.options = options;
    const { port, session } = options;
    this.transcript = new Transcript(options.scrollback?.limits ?? DEFAULT_LIMITS);
    this.editor = new LineEditor({
      cols: port.cols,
      complete: (line, cursor) => session.complete(line, cursor),
      needsMoreInput,
      ...(options.history ? { history: options.history } : {}),
      transcript: { line: (text) => this.transcript.addLine(text), clear: () => this.transcript.clear() },
    });
    this.unsubscribe = [
      port.onData((data) => {
        if (this.editor.input(data) && this.running) this.interrupt();
        void this.pump();
      }),
      port.onResize(({ cols }) => this.write(this.editor.resize(cols))),
    ];
    this.write(BRACKETED_PASTE_ON);
    this.restoreScrollback();
    this.showPrompt();
  }

  get busy(): boolean {
    return !this.disposed && !this.editor.active;
  }

  type(text: string, options: { run?: boolean } = {}): void {
    this.editor.type(text, options.run ?? false);
    void this.pump();
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  saveScrollback(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const store = this.options.scrollback?.store;
    if (!store || !this.transcript.changed) return;
    try {
      store.save(this.transcript.serialize());
    } catch {
      // Storage full or blocked: the scrollback lasts for this page only.
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.saveScrollback();
    this.write(BRACKETED_PASTE_OFF);
    this.disposed = true;
    for (const stop of this.unsubscribe) stop();
    this.notifyIdle();
  }

  /**
   * Applies queued input; each submitted line runs to the end, and its output
   * and the next prompt are shown, before the input after it is applied. Only
   * one pump runs at a time: input arriving meanwhile joins the queue.
   */
  private async pump(): Promise<void> {
    if (this.pumping || this.disposed) return;
    this.pumping = true;
    try {
      for (;;) {
        const step = this.editor.process();
        this.write(step.output);
        if (!step.event) break;
        await this.handle(step.event);
        if (this.disposed) return;
        this.showPrompt();
      }
    } finally {
      this.pumping = false;
      this.notifyIdle();
      this.saveSoon();
    }
  }

  /** The saved scrollback, above the first prompt, and a dim row saying it is restored (once, however many reloads). */
  private restoreScrollback(): void {
    const options = this.options.scrollback;
    if (!options) return;
    let saved: string | undefined;
    try {
      saved = options.store.load();
    } catch {
      return; // Blocked storage: a fresh terminal.
    }
    const lines = Transcript.parse(saved);
    if (lines.length === 0) return;
    const shown = lines.at(-1) === RESTORED_MARK ? lines : [...lines, RESTORED_MARK];
    this.transcript = new Transcript(options.limits ?? DEFAULT_LIMITS, shown);
    this.write(`${shown.join('\x1b[0m\r\n')}\r\n`);
  }

  /**
   * Saves once the output has stopped for a moment. A timer that fires while a
   * command runs does nothing: the end of that command's output sets a new one,
   * so saving never stands between Enter and the output.
   */
  private saveSoon(): void {
    const options = this.options.scrollback;
    if (!options || this.disposed || !this.transcript.changed) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (this.isIdle()) this.saveScrollback();
    }, options.delayMs ?? DEFAULT_SAVE_DELAY_MS);
  }

  private async handle(event: EditorEvent): Promise<void> {
    this.atLineStart = true;
    if (event.type === 'eof') this.note(EOF_NOTE);
    else if (event.line.trim() !== '') await this.runCommand(event.line);
  }

  private async runCommand(line: string): Promise<void> {
    this.running = true;
    this.interrupted = false;
    const { chunks, result } = await this.runCapturing(line);
    this.running = false;
    if (this.disposed) return;
    const text = orderedOutput(chunks, result);
    this.writeOutput(text);
    // Where the output stopped, as the tty's echo of the key; then a fresh row for the prompt.
    if (this.interrupted) this.writeOutput('^C\n');
    const plain = stripAnsi(text).trimEnd();
    if (plain !== '') this.tell(() => this.options.announce?.(plain));
    if (result.exited) this.note(EXIT_NOTE);
    this.tell(() => this.options.onCommand?.(line, result));
  }

  /** Runs the line, keeping the session's output events so stdout and stderr can be shown in the order written. */
  private async runCapturing(line: string): Promise<{ chunks: OutputChunk[]; result: RunResult }> {
    const chunks: OutputChunk[] = [];
    const stop = this.options.session.subscribe((event) => {
      if (event.type === 'output') chunks.push({ stream: event.stream, data: event.data });
    });
    try {
      return { chunks, result: await this.options.session.run(line) };
    } catch (error) {
      // The session reports commands' errors itself; this is a failure of the session.
      const message = `bash: internal error: ${error instanceof Error ? error.message : String(error)}\n`;
      return { chunks: [], result: { stdout: new Uint8Array(0), stderr: new TextEncoder().encode(message), exitCode: 1 } };
    } finally {
      stop();
    }
  }

  /**
   * Ctrl-C while a command runs: the session stops it at its next step (status 130, as bash);
   * the typed-ahead keys are already gone (LineEditor.input).
   */
  private interrupt(): void {
    this.interrupted = true;
    this.tell(() => this.options.session.interrupt());
  }

  /** A line of the controller's own, on a row of its own, also announced. */
  private note(text: string): void {
    this.writeOutput(`${text}\n`);
    this.tell(() => this.options.announce?.(text));
  }

  private writeOutput(text: string): void {
    if (text === '') return;
    this.transcript.addOutput(text);
    // The shell writes `\n`; a terminal needs CR LF to return to the first column.
    this.write(text.replace(/\r?\n/g, '\r\n'));
    this.atLineStart = endsAtLineStart(text);
  }

  /** A prompt at the start of a row: after output without a final newline, on the next row. */
  private showPrompt(): void {
    if (!this.atLineStart) this.write('\r\n');
    this.transcript.endPartial();
    this.atLineStart = true;
    const prompt = this.options.prompt?.() ?? this.options.session.prompt();
    this.write(this.editor.start(prompt));
  }

  private write(data: string): void {
    if (data !== '' && !this.disposed) this.options.port.write(data);
  }

  /** Calls back the page; a failing callback must not stop the terminal. */
  private tell(callback: () => void): void {
    callReportingErrors(callback);
  }

  private isIdle(): boolean {
    return this.disposed || (!this.pumping && this.editor.active && !this.editor.hasPendingInput);
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * The run's output as text. The session's output events keep stdout and
 * stderr in the order they were written; they are used when they add up to
 * exactly the run's result (no other run wrote meanwhile), otherwise stdout
 * then stderr.
 */
function orderedOutput(chunks: readonly OutputChunk[], result: RunResult): string {
  const streamBytes = (stream: OutputChunk['stream']) => concat(...chunks.filter((chunk) => chunk.stream === stream).map((chunk) => chunk.data));
  const complete = bytesEqual(streamBytes('stdout'), result.stdout) && bytesEqual(streamBytes('stderr'), result.stderr);
  const ordered: readonly OutputChunk[] = complete
    ? chunks
    : [
        { stream: 'stdout', data: result.stdout },
        { stream: 'stderr', data: result.stderr },
      ];
  // One decoder a stream, so a character split between two writes still decodes.
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const text = ordered.map((chunk) => decoders[chunk.stream].decode(chunk.data, { stream: true })).join('');
  return text + decoders.stdout.decode() + decoders.stderr.decode();
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Whether output leaves the cursor at the start of a row: it ends with a line
 * end, or with the cursor sent home (`clear`), colour and erase codes aside.
 */
function endsAtLineStart(text: string): boolean {
  const trimmed = text.replace(/(?:\x1b\[[0-9;]*[mJK])+$/, '');
  return trimmed === '' || /(?:[\r\n]|\x1b\[(?:1?;?1?)?H)$/.test(trimmed);
}
