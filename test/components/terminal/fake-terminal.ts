/**
 * A fake terminal for the terminal tests: a TerminalPort that records writes
 * and plays them into a tiny screen emulator, so tests assert what a learner
 * would see rather than raw escape sequences.
 *
 * The emulator follows xterm.js in what the line editor relies on: auto-wrap
 * with a pending wrap at the right edge (the cursor sits at x = cols until the
 * next printable character), wide characters that do not fit moving to the
 * next row, CR, LF (no implied CR), BS, CUU/CUD/CUF/CUB (which first pull a
 * pending cursor back onto the last column), CUP, ED 0/2, EL 0/1/2. SGR and
 * mode changes are ignored (the modes are recorded). No reflow on resize.
 */
import type { TerminalPort, TerminalSize } from '../../../src/components/terminal/terminal-port.ts';

/** The second cell of a wide character. */
const WIDE_TAIL = '';

function cellWidth(char: string): 0 | 1 | 2 {
  if (/^[\p{Mn}\p{Me}\p{Cf}]$/u.test(char)) return 0;
  const code = char.codePointAt(0)!;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

export class Screen {
  cols: number;
  readonly rows: number;
  /** Every line, scrollback first; the viewport is the last `rows` of them from `top`. */
  private readonly lines: (string | undefined)[][] = [];
  private top = 0;
  private x = 0;
  private y = 0;
  private input = '';
  readonly modes = new Set<string>();
  /** BEL characters received. */
  bells = 0;

  constructor(cols: number, rows: number) {
    this.cols = cols;
    this.rows = rows;
    for (let i = 0; i < rows; i++) this.lines.push([]);
  }

  write(data: string): void {
    this.input += data;
    let at = 0;
    while (at < this.input.length) {
      const used = this.step(this.input, at);
      if (used === 0) break; // an escape sequence cut in two: wait for the rest
      at += used;
    }
    this.input = this.input.slice(at);
  }

  /** The screen's text: every line (scrollback included) without trailing blanks, up to the last non-blank one. */
  text(): string {
    const lines = this.lines.map((line) => this.render(line));
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines.join('\n');
  }

  /** The line the cursor is on. */
  cursorLine(): string {
    return this.render(this.lines[this.top + this.y]!);
  }

  /** The cursor: absolute line index (scrollback included) and column, a pending wrap shown as col = cols. */
  get cursor(): { line: number; col: number } {
    return { line: this.top + this.y, col: this.x };
  }

  /** Lines from `first` (absolute index) to the end of the text. */
  linesFrom(first: number): string[] {
    const text = this.text();
    return text === '' ? [] : text.split('\n').slice(first);
  }

  private render(line: readonly (string | undefined)[]): string {
    return line
      .filter((cell) => cell !== WIDE_TAIL)
      .map((cell) => cell ?? ' ')
      .join('')
      .trimEnd();
  }

  private row(): (string | undefined)[] {
    return this.lines[this.top + this.y]!;
  }

  /** Handles one character or sequence at `at`; returns how much input it used (0: incomplete). */
  private step(input: string, at: number): number {
    const char = String.fromCodePoint(input.codePointAt(at)!);
    if (char === '\x1b') return this.escape(input, at);
    if (char === '\r') this.x = 0;
    else if (char === '\n') this.lineFeed();
    else if (char === '\b') this.x = Math.max(0, Math.min(this.x, this.cols - 1) - 1);
    else if (char === '\x07') this.bells += 1;
    else if (char === '\t') this.x = Math.min(this.cols - 1, (Math.floor(this.x / 8) + 1) * 8);
    else if (char.codePointAt(0)! >= 0x20) this.print(char);
    return char.length;
  }

  private escape(input: string, at: number): number {
    const rest = input.slice(at + 1);
    if (rest === '') return 0;
    if (rest[0] !== '[') return 2;
    const match = /^\[([0-9;?]*)([@-~])/.exec(rest);
    if (!match) return /^\[[0-9;?]*$/.test(rest) ? 0 : 2;
    this.csi(match[1]!, match[2]!);
    return 1 + match[0].length;
  }

  private csi(params: string, final: string): void {
    if (params.startsWith('?')) {
      if (final === 'h') this.modes.add(params);
      if (final === 'l') this.modes.delete(params);
      return;
    }
    const numbers = params.split(';').map((p) => Number(p) || 0);
    const n = Math.max(1, numbers[0] ?? 1);
    const restricted = Math.min(this.x, this.cols - 1);
    switch (final) {
      case 'A':
        this.x = restricted;
        this.y = Math.max(0, this.y - n);
        break;
      case 'B':
        this.x = restricted;
        this.y = Math.min(this.rows - 1, this.y + n);
        break;
      case 'C':
        this.x = Math.min(this.cols - 1, restricted + n);
        break;
      case 'D':
        this.x = Math.max(0, restricted - n);
        break;
      case 'H':
        this.y = Math.min(this.rows - 1, Math.max(1, numbers[0] ?? 1) - 1);
        this.x = Math.min(this.cols - 1, Math.max(1, numbers[1] ?? 1) - 1);
        break;
      case 'J':
        this.eraseDisplay(numbers[0] ?? 0);
        break;
      case 'K':
        this.eraseLine(numbers[0] ?? 0);
        break;
      default:
        break; // SGR and the rest: no effect on the text
    }
  }

  private print(char: string): void {
    const width = cellWidth(char);
    if (width === 0) {
      const row = this.row();
      const last = Math.max(0, Math.min(this.x, this.cols) - 1);
      row[last] = (row[last] ?? ' ') + char;
      return;
    }
    if (this.x + width > this.cols) {
      const row = this.row();
      for (let col = this.x; col < this.cols; col++) row[col] = undefined;
      this.x = 0;
      this.lineFeed();
    }
    const row = this.row();
    row[this.x] = char;
    if (width === 2) row[this.x + 1] = WIDE_TAIL;
    this.x += width;
  }

  private lineFeed(): void {
    if (this.y < this.rows - 1) {
      this.y += 1;
      return;
    }
    this.lines.push([]);
    this.top += 1;
  }

  private eraseDisplay(mode: number): void {
    if (mode === 0) {
      this.eraseLine(0);
      for (let y = this.y + 1; y < this.rows; y++) this.lines[this.top + y] = [];
    } else if (mode === 2) {
      for (let y = 0; y < this.rows; y++) this.lines[this.top + y] = [];
    }
  }

  private eraseLine(mode: number): void {
    const row = this.row();
    const from = mode === 0 ? this.x : 0;
    const to = mode === 1 ? this.x + 1 : this.cols;
    for (let col = from; col < to; col++) row[col] = undefined;
  }
}

/** A TerminalPort over a Screen; `send` types as the terminal would deliver keystrokes. */
export class FakePort implements TerminalPort {
  readonly screen: Screen;
  readonly writes: string[] = [];
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly resizeListeners = new Set<(size: TerminalSize) => void>();
  private size: TerminalSize;

  constructor(cols = 80, rows = 24) {
    this.size = { cols, rows };
    this.screen = new Screen(cols, rows);
  }

  get cols(): number {
    return this.size.cols;
  }

  get rows(): number {
    return this.size.rows;
  }

  write(data: string): void {
    this.writes.push(data);
    this.screen.write(data);
  }

  onData(listener: (data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onResize(listener: (size: TerminalSize) => void): () => void {
    this.resizeListeners.add(listener);
    return () => this.resizeListeners.delete(listener);
  }

  /** Delivers one chunk of input, as xterm's onData does. */
  send(data: string): void {
    for (const listener of this.dataListeners) listener(data);
  }

  /** Types text a key at a time. */
  typeKeys(text: string): void {
    for (const char of text) this.send(char);
  }

  /** Changes the width (the screen model does not reflow). */
  resize(cols: number): void {
    this.size = { cols, rows: this.size.rows };
    this.screen.cols = cols;
    for (const listener of this.resizeListeners) listener(this.size);
  }

  get listening(): number {
    return this.dataListeners.size + this.resizeListeners.size;
  }
}

/** Keys as xterm.js sends them. */
export const KEY = {
  enter: '\r',
  backspace: '\x7f',
  delete: '\x1b[3~',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  ctrlLeft: '\x1b[1;5D',
  ctrlRight: '\x1b[1;5C',
  altB: '\x1bb',
  altF: '\x1bf',
  tab: '\t',
  ctrlA: '\x01',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlE: '\x05',
  ctrlK: '\x0b',
  ctrlL: '\x0c',
  ctrlU: '\x15',
  ctrlW: '\x17',
  ctrlY: '\x19',
} as const;

export function bracketedPaste(text: string): string {
  return `\x1b[200~${text}\x1b[201~`;
}
