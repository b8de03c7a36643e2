/**
 * A readline-like line editor, headless: it turns keystrokes (as xterm.js's
 * onData delivers them) into edits of one input line, and returns the escape
 * sequences that show those edits on the terminal. It knows nothing of the
 * DOM, of xterm or of the shell: the controller hands it a completion function
 * and the shell's "does this input continue?" test.
 *
 * Screen model. The prompt starts at column 0 (the controller makes sure). The
 * editor lays the prompt's last line and the input out in cells, wrapping at
 * the terminal's width exactly as the terminal does, so it always knows the
 * row and column of every character and of the terminal's cursor, and moves
 * between them with relative cursor motions (never absolute positions, which
 * would break once the screen scrolls). An edit rewrites the line from the
 * first changed character to the end and erases what is left of the old one.
 *
 * Character widths follow xterm.js's default (Unicode 6) tables: East Asian
 * wide and fullwidth characters take two cells, combining marks and format
 * characters none, everything else (emoji included) one. A wide character
 * that does not fit at the end of a row moves to the next row, as in xterm.
 * Control characters that reach the line (from a paste or a recalled
 * multi-line command) are shown in caret notation (`^J`), a tab as spaces to
 * the next multiple of 8 columns; the text itself keeps them unchanged.
 *
 * Ctrl-R and Ctrl-S search the history incrementally (history-search.ts):
 * while they do, the search's prompt stands in for the prompt's last line.
 */

import { HistorySearch, type SearchDirection } from './history-search.ts';

// ── Public types ─────────────────────────────────────────────────────────────

/** Where history lives between page loads (localStorage in the browser). */
export interface HistoryStore {
  load(): string[];
  save(lines: string[]): void;
}

/** What a completion function returns: replacements for line[replaceFrom, cursor). */
export interface CompletionResult {
  readonly candidates: readonly string[];
  readonly replaceFrom: number;
}

export interface LineEditorOptions {
  /** The terminal's width in cells. */
  cols: number;
  /** Tab completion for the text, with the cursor as a UTF-16 index. */
  complete?: (line: string, cursor: number) => CompletionResult;
  /** Whether the input so far continues on another line (an open quote, a trailing `|` or `\`). */
  needsMoreInput?: (text: string) => boolean;
  /** Persistence for the history. */
  history?: HistoryStore;
  /** How many history entries to keep (1000 by default). */
  historySize?: number;
  /** Told what stays on the screen for good, for the saved scrollback (scrollback.ts). */
  transcript?: TranscriptSink;
}

/** What the editor reports of the screen: rows it leaves behind, and clearing it. */
export interface TranscriptSink {
  /** A finished row as shown: the prompt (all of its lines) and the line, or a row of a completion listing. */
  line(text: string): void;
  /** Ctrl-L cleared the screen. */
  clear(): void;
}

/** Something the controller must act on: a command to run, or Ctrl-D on an empty line. */
export type EditorEvent = { readonly type: 'submit'; readonly line: string } | { readonly type: 'eof' };

export interface EditorStep {
  /** Escape sequences and text to write to the terminal. */
  readonly output: string;
  /** Set when processing stopped for the controller: the editor then waits for start(). */
  readonly event: EditorEvent | undefined;
}

// ── Escape sequences ─────────────────────────────────────────────────────────

const ESC = '\x1b';
const CSI = `${ESC}[`;
const ERASE_BELOW = `${CSI}J`;
const CLEAR_SCREEN = `${CSI}H${CSI}2J`;
const BELL = '\x07';
const PASTE_START = `${CSI}200~`;
const PASTE_END = `${CSI}201~`;
const CONTINUATION_PROMPT = '> ';
const TAB_STOP = 8;
const DEFAULT_HISTORY_SIZE = 1000;

/** CSI (with its parameters), OSC (ended by BEL or ST), character set choices (`ESC ( B`) and two-character escapes. */
const ANSI_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()*+#%][ -~]|[@-Z\\-_78=>c])/g;

/** The text without ANSI escape sequences (colours, cursor motions), as a screen reader should get it. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, '');
}

// ── Character widths ─────────────────────────────────────────────────────────

/** Ranges xterm.js's Unicode 6 table makes two cells wide. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3040, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

function isControl(codePoint: number): boolean {
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0);
}

/** Cells a printable code point takes in xterm.js (0, 1 or 2). */
export function codePointWidth(codePoint: number): 0 | 1 | 2 {
  if (WIDE_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to)) return 2;
  return ZERO_WIDTH.test(String.fromCodePoint(codePoint)) ? 0 : 1;
}

/** Cells the text takes on one row, ANSI sequences and control characters aside. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const char of stripAnsi(text)) {
    const codePoint = char.codePointAt(0)!;
    if (!isControl(codePoint)) width += codePointWidth(codePoint);
  }
  return width;
}

/**
 * Splits text into the units the cursor moves over: a code point with the
 * zero-width marks that follow it (the terminal draws them in the same cell).
 * A control character is always a unit of its own.
 */
export function splitUnits(text: string): string[] {
  const units: string[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    const last = units.at(-1);
    const joins = last !== undefined && !isControl(codePoint) && !isControl(last.codePointAt(0)!) && codePointWidth(codePoint) === 0;
    if (joins) units[units.length - 1] = last + char;
    else units.push(char);
  }
  return units;
}

/** A unit as a saved row shows it: control characters in caret notation, a tab as a tab (the terminal lays it out again). */
function shownAs(unit: string): string {
  const codePoint = unit.codePointAt(0)!;
  return unit !== '\t' && isControl(codePoint) ? controlNotation(codePoint) : unit;
}

/** `^A` … `^_`, `^?` for DEL, and `\ooo` for the C1 controls, as readline shows them. */
function controlNotation(codePoint: number): string {
  if (codePoint < 0x20) return `^${String.fromCharCode(codePoint + 0x40)}`;
  if (codePoint === 0x7f) return '^?';
  return `\\${codePoint.toString(8).padStart(3, '0')}`;
}

// ── Layout ───────────────────────────────────────────────────────────────────

/** A cell, relative to the row where the prompt's last line starts. */
export interface CellPosition {
  readonly row: number;
  readonly col: number;
}

interface PlacedUnit {
  /** Where writing the unit starts (a wide character's filler cell included). */
  readonly writeAt: CellPosition;
  /** Where the cursor shows when it stands on the unit. */
  readonly cursorAt: CellPosition;
  /** What is written for it. */
  readonly display: string;
}

interface Layout {
  readonly units: readonly PlacedUnit[];
  /** The cell after the last unit, moved to the next row's start when the row is full. */
  readonly end: CellPosition;
  /**
   * The last unit filled its row to the edge. A terminal then keeps its cursor
   * on that row until the next character ("pending wrap"), so the editor
   * writes a space and a carriage return to make the cursor really wrap.
   */
  readonly pendingWrap: boolean;
}

function isBefore(a: CellPosition, b: CellPosition): boolean {
  return a.row < b.row || (a.row === b.row && a.col < b.col);
}

/** Where the terminal's cursor is after writing `cells` narrow characters from (row, col). */
function advance(row: number, col: number, cells: number, cols: number): CellPosition {
  const total = col + cells;
  if (total <= cols) return { row, col: total };
  const wraps = Math.floor((total - 1) / cols);
  return { row: row + wraps, col: total - wraps * cols };
}

/** Places units from `start` on a screen `cols` wide, wrapping as the terminal does. */
function placeUnits(units: readonly string[], start: CellPosition, cols: number): Layout {
  const placed: PlacedUnit[] = [];
  let { row, col } = start;
  for (const unit of units) {
    if (col >= cols) {
      row += 1;
      col = 0;
    }
    const writeAt = { row, col };
    const codePoint = unit.codePointAt(0)!;
    if (unit === '\t') {
      const width = Math.min(TAB_STOP - (col % TAB_STOP), cols - col);
      placed.push({ writeAt, cursorAt: writeAt, display: ' '.repeat(width) });
      col += width;
    } else if (isControl(codePoint)) {
      const display = controlNotation(codePoint);
      placed.push({ writeAt, cursorAt: writeAt, display });
      ({ row, col } = advance(row, col, display.length, cols));
    } else if (codePointWidth(codePoint) === 2 && col + 2 > cols) {
      // The terminal would leave the last cell blank and wrap; a space makes that explicit.
      placed.push({ writeAt, cursorAt: { row: row + 1, col: 0 }, display: ` ${unit}` });
      row += 1;
      col = 2;
    } else {
      placed.push({ writeAt, cursorAt: writeAt, display: unit });
      col += codePointWidth(codePoint);
    }
  }
  const pendingWrap = col >= cols;
  return { units: placed, end: pendingWrap ? { row: row + 1, col: 0 } : { row, col }, pendingWrap };
}

/** Relative motions from one cell to another (rows first, then columns). */
function cursorMotion(from: CellPosition, to: CellPosition): string {
  let out = '';
  if (to.row < from.row) out += `${CSI}${from.row - to.row}A`;
  else if (to.row > from.row) out += `${CSI}${to.row - from.row}B`;
  if (to.col === from.col) return out;
  if (to.col === 0) return `${out}\r`;
  return out + (to.col < from.col ? `${CSI}${from.col - to.col}D` : `${CSI}${to.col - from.col}C`);
}

// ── Words ────────────────────────────────────────────────────────────────────

const WORD_CHARACTER = /^[\p{L}\p{N}]/u;
const WHITESPACE = /^\s/u;

/** Readline's backward-word: over non-word characters, then over word characters. */
function previousWordStart(units: readonly string[], from: number, isWord: (unit: string) => boolean): number {
  let at = from;
  while (at > 0 && !isWord(units[at - 1]!)) at -= 1;
  while (at > 0 && isWord(units[at - 1]!)) at -= 1;
  return at;
}

/** Readline's forward-word: over non-word characters, then to the end of the word. */
function nextWordEnd(units: readonly string[], from: number, isWord: (unit: string) => boolean): number {
  let at = from;
  while (at < units.length && !isWord(units[at]!)) at += 1;
  while (at < units.length && isWord(units[at]!)) at += 1;
  return at;
}

const isAlphanumeric = (unit: string): boolean => WORD_CHARACTER.test(unit);
/** Ctrl-W's words are separated by whitespace only (readline's unix-word-rubout). */
const isNotSpace = (unit: string): boolean => !WHITESPACE.test(unit);

// ── History ──────────────────────────────────────────────────────────────────

/**
 * Submitted lines, oldest first, and the browsing state of Up/Down: the line
 * being written when browsing began (the draft) and any changes made to
 * recalled lines, kept until the next submit.
 */
export class LineHistory {
  private readonly lines: string[];
  private readonly store: HistoryStore | undefined;
  private readonly size: number;
  private index: number;
  private draft = '';
  private readonly edits = new Map<number, string>();

  constructor(store: HistoryStore | undefined, size = DEFAULT_HISTORY_SIZE) {
    this.store = store;
    this.size = Math.max(1, size);
    this.lines = loadLines(store).slice(-this.size);
    this.index = this.lines.length;
  }

  get entries(): readonly string[] {
    return this.lines;
  }

  /** Where browsing stands: an index into entries, or entries.length for the line being written. */
  get position(): number {
    return this.index;
  }

  /** Browses straight to entry `index` (a history search's match), leaving `current` as Up/Down would. */
  goTo(index: number, current: string): void {
    if (index !== this.index && index >= 0 && index <= this.lines.length) this.moveTo(index, current);
  }

  /** Records a submitted line: not a blank one, nor the same as the one before. */
  add(line: string): void {
    this.reset();
    if (line.trim() === '' || this.lines.at(-1) === line) return;
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.splice(0, this.lines.length - this.size);
    this.index = this.lines.length;
    this.store?.save([...this.lines]);
  }

  /** The older line to show instead of `current`, or undefined at the oldest. */
  previous(current: string): string | undefined {
    return this.index === 0 ? undefined : this.moveTo(this.index - 1, current);
  }

  /** The newer line (the draft after the newest), or undefined when not browsing. */
  next(current: string): string | undefined {
    return this.index >= this.lines.length ? undefined : this.moveTo(this.index + 1, current);
  }

  /** Stops browsing: the next Up starts from the newest line again. */
  reset(): void {
    this.index = this.lines.length;
    this.draft = '';
    this.edits.clear();
  }

  private moveTo(index: number, current: string): string {
    if (this.index === this.lines.length) this.draft = current;
    else if (current !== this.lines[this.index]) this.edits.set(this.index, current);
    else this.edits.delete(this.index);
    this.index = index;
    return index === this.lines.length ? this.draft : (this.edits.get(index) ?? this.lines[index]!);
  }
}

/** A broken store (bad JSON, blocked storage) means no history, not a broken terminal. */
function loadLines(store: HistoryStore | undefined): string[] {
  try {
    const lines = store?.load() ?? [];
    return Array.isArray(lines) ? lines.filter((line): line is string => typeof line === 'string' && line.trim() !== '') : [];
  } catch {
    return [];
  }
}

// ── Keys ─────────────────────────────────────────────────────────────────────

type KeyName =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'home'
  | 'end'
  | 'word-left'
  | 'word-right'
  | 'kill-to-start'
  | 'kill-to-end'
  | 'kill-space-word-back'
  | 'kill-word-back'
  | 'kill-word-forward'
  | 'yank'
  | 'interrupt'
  | 'clear-screen'
  | 'eof-or-delete'
  | 'tab'
  | 'reverse-search'
  | 'forward-search'
  | 'abort'
  | 'escape';

/** One step of input for the editor to apply. */
type Action =
  | { readonly kind: 'key'; readonly key: KeyName }
  | { readonly kind: 'text'; readonly text: string }
  /** A lesson's ▶: sets aside the line being written (or abandons a continuation) before typing. */
  | { readonly kind: 'set-aside' }
  /** After a ▶ command: gives back the line that was set aside. */
  | { readonly kind: 'restore' };

const CONTROL_KEYS: Readonly<Record<string, KeyName>> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\x01': 'home',
  '\x02': 'left',
  '\x03': 'interrupt',
  '\x04': 'eof-or-delete',
  '\x05': 'end',
  '\x06': 'right',
  '\x07': 'abort',
  '\x0b': 'kill-to-end',
  '\x0c': 'clear-screen',
  '\x0e': 'down',
  '\x10': 'up',
  '\x12': 'reverse-search',
  '\x13': 'forward-search',
  '\x15': 'kill-to-start',
  '\x17': 'kill-space-word-back',
  '\x19': 'yank',
};

/** Alt-letter keys (ESC then the key), as xterm sends them with the Meta option. */
const ALT_KEYS: Readonly<Record<string, KeyName>> = {
  b: 'word-left',
  B: 'word-left',
  f: 'word-right',
  F: 'word-right',
  d: 'kill-word-forward',
  D: 'kill-word-forward',
  '\x7f': 'kill-word-back',
  '\b': 'kill-word-back',
};

/** Final bytes of CSI and SS3 sequences without a number: arrows, Home, End. */
const CURSOR_KEYS: Readonly<Record<string, KeyName>> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };

/** `CSI n ~` keys: Home, Delete, End (in their vt220 and rxvt numbers). */
const TILDE_KEYS: Readonly<Record<string, KeyName>> = { '1': 'home', '7': 'home', '3': 'delete', '4': 'end', '8': 'end' };

/** xterm's modifier parameter: 3 Alt, 5 Ctrl, 7 Ctrl-Alt… anything but Shift alone makes arrows move by words. */
function withModifier(key: KeyName, modifier: number): KeyName {
  if (modifier <= 2) return key;
  if (key === 'left') return 'word-left';
  if (key === 'right') return 'word-right';
  return key;
}

/** The key a complete CSI sequence stands for (undefined: a key the editor ignores, like F5). */
function csiKey(params: string, final: string): KeyName | undefined {
  const [first = '', modifier = '1'] = params.split(';');
  if (final === '~') return TILDE_KEYS[first];
  const key = CURSOR_KEYS[final];
  return key === undefined ? undefined : withModifier(key, Number(modifier));
}

/**
 * Turns terminal input into actions. Bracketed pastes become text and Enter
 * actions (a line at a time); a paste or an escape sequence cut between two
 * chunks of input is kept until the rest arrives.
 */
class InputDecoder {
  private carry = '';
  private paste: string | undefined;

  decode(data: string): Action[] {
    const actions: Action[] = [];
    let input = this.carry + data;
    this.carry = '';
    if (this.paste !== undefined) input = PASTE_START + this.paste + input;
    this.paste = undefined;
    let at = 0;
    while (at < input.length) at = this.decodeAt(input, at, actions);
    return actions;
  }

  private decodeAt(input: string, at: number, actions: Action[]): number {
    const char = input[at]!;
    if (char === ESC) return this.decodeEscape(input, at, actions);
    const key = CONTROL_KEYS[char];
    if (key !== undefined) {
      actions.push({ kind: 'key', key });
      // A terminal that sends CR LF for Enter means one Enter.
      return char === '\r' && input[at + 1] === '\n' ? at + 2 : at + 1;
    }
    const printable = /^[^\x00-\x1f\x7f-\x9f]+/.exec(input.slice(at));
    if (printable) {
      actions.push({ kind: 'text', text: printable[0] });
      return at + printable[0].length;
    }
    return at + 1; // another control character: ignored, as readline ignores unbound keys
  }

  private decodeEscape(input: string, at: number, actions: Action[]): number {
    if (input.startsWith(PASTE_START, at)) return this.decodePaste(input, at + PASTE_START.length, actions);
    const next = input[at + 1];
    if (next === '[' || next === 'O') {
      const sequence = /^([0-9;:<=>?]*)([ -/]*)([@-~])/.exec(input.slice(at + 2));
      if (!sequence) {
        // Unfinished: the rest comes with the next chunk. Malformed: skipped.
        if (!/^[0-9;:<=>? -/]*$/.test(input.slice(at + 2))) return at + 2;
        this.carry = input.slice(at);
        return input.length;
      }
      const key = next === 'O' ? CURSOR_KEYS[sequence[3]!] : csiKey(sequence[1]!, sequence[3]!);
      if (key !== undefined) actions.push({ kind: 'key', key });
      return at + 2 + sequence[0].length;
    }
    if (next === undefined) {
      // Escape on its own (xterm sends each key in a chunk of its own): it ends a history search.
      actions.push({ kind: 'key', key: 'escape' });
      return at + 1;
    }
    const controlString = controlStringEnd(input, at);
    if (controlString !== undefined) return controlString;
    const alt = ALT_KEYS[next];
    if (alt !== undefined) actions.push({ kind: 'key', key: alt });
    return at + 2;
  }

  private decodePaste(input: string, from: number, actions: Action[]): number {
    const end = input.indexOf(PASTE_END, from);
    if (end < 0) {
      this.paste = input.slice(from);
      return input.length;
    }
    actions.push(...pasteActions(input.slice(from, end)));
    return end + PASTE_END.length;
  }
}

/**
 * Where a control string (`ESC P` DCS, `ESC ]` OSC, `ESC X` SOS, `ESC ^` PM, `ESC _` APC) that
 * starts at `at` ends, if it ends in this chunk: a terminal's answer to a query comes whole, in one
 * chunk, and is no keystroke, so none of it may become text. Alt+P, Alt+] … send the same two
 * characters alone; with no terminator after them they stay keys.
 */
function controlStringEnd(input: string, at: number): number | undefined {
  const kind = input[at + 1]!;
  if (!'P]X^_'.includes(kind)) return undefined;
  // ST ends them all; an OSC may end with BEL too (xterm answers that way when asked that way).
  const terminator = kind === ']' ? /\x1b\\|\x07/g : /\x1b\\/g;
  terminator.lastIndex = at + 2;
  const end = terminator.exec(input);
  return end ? end.index + end[0].length : undefined;
}

/**
 * A paste, line by line: each line is typed and entered, the last one (after
 * the final newline, often empty) is only typed. Line ends of every kind
 * count; other control characters but tabs are dropped, since a paste is text.
 */
function pasteActions(text: string): Action[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '')
    .split('\n');
  const actions: Action[] = [];
  lines.forEach((line, index) => {
    if (line !== '') actions.push({ kind: 'text', text: line });
    if (index < lines.length - 1) actions.push({ kind: 'key', key: 'enter' });
  });
  return actions;
}

// ── Completion listing ───────────────────────────────────────────────────────

/** The longest prefix all candidates share (never ending inside a surrogate pair). */
export function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words.slice(1)) {
    let length = 0;
    while (length < prefix.length && length < word.length && prefix[length] === word[length]) length += 1;
    prefix = prefix.slice(0, length);
  }
  return /[\ud800-\udbff]$/.test(prefix) ? prefix.slice(0, -1) : prefix;
}

/** Candidates in columns, sorted down the columns first, as readline lists them. */
export function formatColumns(words: readonly string[], cols: number): string[] {
  const cell = Math.max(...words.map(visibleWidth)) + 2;
  const columns = Math.max(1, Math.floor(cols / cell));
  const rows = Math.ceil(words.length / columns);
  const lines: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    let line = '';
    for (let column = 0; column < columns; column += 1) {
      const word = words[column * rows + row];
      if (word !== undefined) line += word + ' '.repeat(cell - visibleWidth(word));
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

// ── The editor ───────────────────────────────────────────────────────────────

interface Applied {
  readonly output: string;
  readonly event?: EditorEvent;
}

/**
 * The editor. Input queues up (input(), type()) and is applied by process(),
 * which stops when a line is submitted: the controller runs it, then calls
 * start() with a new prompt, and input typed meanwhile is applied after it,
 * as a real terminal buffers keystrokes while a command runs.
 */
export class LineEditor {
  private cols: number;
  private readonly options: LineEditorOptions;
  private readonly decoder = new InputDecoder();
  private readonly queue: Action[] = [];
  readonly history: LineHistory;

  private editing = false;
  private primaryPrompt = '';
  private prompt = '';
  private units: string[] = [];
  private cursor = 0;
  /** The terminal's cursor, and the end of what the line shows, relative to the prompt's last line. */
  private at: CellPosition = { row: 0, col: 0 };
  private shownEnd: CellPosition = { row: 0, col: 0 };
  /** The lines of a command that continues (after an open quote, a trailing `|`…), newline-joined. */
  private continued: string | undefined;
  private killed = '';
  private lastWasTab = false;
  private setAside: string | undefined;
  /** A history search in progress (Ctrl-R, Ctrl-S), with the line and prompt to give back if it is abandoned. */
  private search: { readonly state: HistorySearch; readonly units: string[]; readonly cursor: number; readonly prompt: string } | undefined;
  /** The last search accepted: Ctrl-R with nothing typed searches for it again, as in readline. */
  private lastSearch = '';

  constructor(options: LineEditorOptions) {
    this.options = options;
    this.cols = Math.max(2, options.cols);
    this.history = new LineHistory(options.history, options.historySize);
  }

  /** The line being edited. */
  get line(): string {
    return this.units.join('');
  }

  /** The cursor, as a UTF-16 index into `line`. */
  get cursorIndex(): number {
    return this.units.slice(0, this.cursor).join('').length;
  }

  /** The prompt showing now: the shell's, `> ` for a continued command, or a history search's. */
  get shownPrompt(): string {
    return this.prompt;
  }

  /** Whether a prompt is showing (false between a submit and the next start()). */
  get active(): boolean {
    return this.editing;
  }

  /** Whether input is waiting to be processed. */
  get hasPendingInput(): boolean {
    return this.queue.length > 0;
  }

  /**
   * Queues keystrokes. Ctrl-C typed while no prompt shows discards what was typed ahead of it, as
   * a tty does, and the answer is true: the running command is to be interrupted.
   */
  input(data: string): boolean {
    let interrupted = false;
    for (const action of this.decoder.decode(data)) {
      if (!this.editing && action.kind === 'key' && action.key === 'interrupt') {
        this.discardTypeAhead();
        interrupted = true;
      } else this.queue.push(action);
    }
    return interrupted;
  }

  /** Queues text as if typed; with `submit`, the line in progress is set aside, the text entered, then the line given back. */
  type(text: string, submit: boolean): void {
    if (!submit) {
      this.queue.push(...pasteActions(text));
      return;
    }
    const entered = /\r?\n$/.test(text) ? text : `${text}\n`;
    this.queue.push({ kind: 'set-aside' }, ...pasteActions(entered), { kind: 'restore' });
  }

  /** Shows a prompt and an empty line, ready for input. */
  start(prompt: string): string {
    this.editing = true;
    this.primaryPrompt = prompt;
    this.continued = undefined;
    this.search = undefined;
    return this.beginLine(prompt);
  }

  /** Applies queued input until it runs out or a line is submitted. */
  process(): EditorStep {
    let output = '';
    while (this.editing && this.queue.length > 0) {
      const applied = this.apply(this.queue.shift()!);
      output += applied.output;
      if (applied.event) return { output, event: applied.event };
    }
    return { output, event: undefined };
  }

  /**
   * The terminal's width changed. xterm.js re-wraps soft-wrapped rows, so the
   * cursor keeps its distance (in cells) from the prompt's start; from there
   * the editor erases and redraws the prompt's last line and the input.
   */
  resize(cols: number): string {
    const old = this.cols;
    this.cols = Math.max(2, cols);
    if (!this.editing || old === this.cols) return '';
    const offset = this.at.row * old + this.at.col;
    this.at = { row: Math.floor(offset / this.cols), col: offset % this.cols };
    return this.moveTo({ row: 0, col: 0 }) + ERASE_BELOW + this.drawPromptAndLine(false);
  }

  // ── applying input ───────────────────────────────────────────────────────

  private apply(action: Action): Applied {
    if (!this.search) return this.applyToLine(action);
    const searching = this.applyInSearch(action);
    if (searching) return searching;
    // Any other key ends the search on its match and then does what it always does, as in readline.
    const accepted = this.endSearch(true);
    const applied = this.applyToLine(action);
    return applied.event ? { output: accepted + applied.output, event: applied.event } : { output: accepted + applied.output };
  }

  private applyToLine(action: Action): Applied {
    const afterTab = this.lastWasTab;
    this.lastWasTab = false;
    switch (action.kind) {
      case 'text':
        return { output: this.insert(action.text) };
      case 'set-aside':
        return { output: this.setLineAside() };
      case 'restore':
        return { output: this.restoreSetAside() };
      case 'key':
        if (action.key === 'tab') {
          this.lastWasTab = true;
          return { output: this.completeWord(afterTab) };
        }
        return this.applyKey(action.key);
    }
  }

  private applyKey(key: KeyName): Applied {
    switch (key) {
      case 'enter':
        return this.enter();
      case 'interrupt':
        return { output: this.interrupt() };
      case 'eof-or-delete':
        return this.units.length === 0 ? this.endOfInput() : { output: this.deleteRange(this.cursor, this.cursor + 1) };
      case 'clear-screen':
        this.options.transcript?.clear();
        return { output: CLEAR_SCREEN + this.drawPromptAndLine(true) };
      case 'up':
        return { output: this.recall(this.history.previous(this.line)) };
      case 'down':
        return { output: this.recall(this.history.next(this.line)) };
      case 'reverse-search':
        return { output: this.startSearch('reverse') };
      case 'forward-search':
        return { output: this.startSearch('forward') };
      default:
        return { output: this.edit(key) };
    }
  }

  /** Cursor motions and deletions: everything that changes only this line. */
  private edit(key: KeyName): string {
    const { units, cursor } = this;
    switch (key) {
      case 'left':
        return this.moveCursor(cursor - 1);
      case 'right':
        return this.moveCursor(cursor + 1);
      case 'home':
        return this.moveCursor(0);
      case 'end':
        return this.moveCursor(units.length);
      case 'word-left':
        return this.moveCursor(previousWordStart(units, cursor, isAlphanumeric));
      case 'word-right':
        return this.moveCursor(nextWordEnd(units, cursor, isAlphanumeric));
      case 'backspace':
        return this.deleteRange(cursor - 1, cursor);
      case 'delete':
        return this.deleteRange(cursor, cursor + 1);
      case 'kill-to-start':
        return this.kill(0, cursor);
      case 'kill-to-end':
        return this.kill(cursor, units.length);
      case 'kill-space-word-back':
        return this.kill(previousWordStart(units, cursor, isNotSpace), cursor);
      case 'kill-word-back':
        return this.kill(previousWordStart(units, cursor, isAlphanumeric), cursor);
      case 'kill-word-forward':
        return this.kill(cursor, nextWordEnd(units, cursor, isAlphanumeric));
      case 'yank':
        return this.insert(this.killed);
      default:
        return '';
    }
  }

  private insert(text: string): string {
    if (text === '') return '';
    const before = this.units.slice(0, this.cursor).join('') + text;
    const units = splitUnits(before + this.units.slice(this.cursor).join(''));
    return this.setLine(units, splitUnits(before).length);
  }

  private deleteRange(from: number, to: number): string {
    const start = Math.max(0, from);
    const end = Math.min(this.units.length, to);
    if (start >= end) return '';
    return this.setLine([...this.units.slice(0, start), ...this.units.slice(end)], start);
  }

  /** Deletes into the kill buffer, for Ctrl-Y. */
  private kill(from: number, to: number): string {
    if (from >= to) return '';
    this.killed = this.units.slice(from, to).join('');
    return this.deleteRange(from, to);
  }

  private moveCursor(to: number): string {
    this.cursor = Math.max(0, Math.min(this.units.length, to));
    return this.moveTo(this.cursorCell(this.layoutLine()));
  }

  private recall(line: string | undefined): string {
    if (line === undefined) return '';
    const units = splitUnits(line);
    return this.setLine(units, units.length);
  }

  // ── lines ────────────────────────────────────────────────────────────────

  /** Enter: submits the command, or asks for its next line while it continues. */
  private enter(): Applied {
    const text = this.continued === undefined ? this.line : `${this.continued}\n${this.line}`;
    const output = this.leaveLine('');
    this.history.reset();
    if (this.options.needsMoreInput?.(text)) {
      this.continued = text;
      return { output: output + this.beginLine(CONTINUATION_PROMPT) };
    }
    this.continued = undefined;
    this.history.add(text);
    this.editing = false;
    return { output, event: { type: 'submit', line: text } };
  }

  /** Ctrl-C: abandons the line (and any continued command) for a fresh prompt. */
  private interrupt(): string {
    const output = this.leaveLine('^C');
    this.continued = undefined;
    this.history.reset();
    return output + this.beginLine(this.primaryPrompt);
  }

  /**
   * Ctrl-D on an empty line. Inside a continued command, the command is
   * submitted as it stands, so the shell reports it unfinished as bash does;
   * otherwise the controller is told (there is no shell to leave here).
   */
  private endOfInput(): Applied {
    if (this.continued !== undefined) {
      const line = this.continued;
      this.continued = undefined;
      this.editing = false;
      return { output: this.leaveLine(''), event: { type: 'submit', line } };
    }
    this.editing = false;
    return { output: this.leaveLine(''), event: { type: 'eof' } };
  }

  /** Moves below the line (after writing `mark`), leaving the cursor at the start of an empty row. */
  private leaveLine(mark: string): string {
    this.options.transcript?.line(this.prompt + this.units.map(shownAs).join('') + mark);
    const end = this.layoutLine().end;
    let output = this.moveTo(end) + mark;
    // A line that filled its last row already moved the cursor to a fresh row (see Layout.pendingWrap).
    if (mark !== '' || end.col !== 0 || end.row === 0) output += '\r\n';
    this.at = { row: 0, col: 0 };
    this.shownEnd = this.at;
    return output;
  }

  /** A ▶ command is about to be typed: the line being written waits for it, a half-entered command is dropped. */
  private setLineAside(): string {
    if (this.continued !== undefined) return this.interrupt();
    if (this.units.length === 0) return '';
    this.setAside = this.line;
    this.history.reset();
    return this.setLine([], 0);
  }

  /** Gives the set-aside line back on an empty prompt, or to the history if the prompt is in use. */
  private restoreSetAside(): string {
    const line = this.setAside;
    this.setAside = undefined;
    if (line === undefined) return '';
    if (this.units.length > 0 || this.continued !== undefined) {
      this.history.add(line);
      return '';
    }
    return this.insert(line);
  }

  // ── history search ───────────────────────────────────────────────────────

  /** Ctrl-R or Ctrl-S at the prompt: the prompt gives way to the search's, which starts in this line at the cursor. */
  private startSearch(direction: SearchDirection): string {
    const from = this.history.position;
    const texts = [...this.history.entries];
    texts[from] = this.line;
    this.search = { state: new HistorySearch(texts, from, this.cursorIndex, direction), units: this.units, cursor: this.cursor, prompt: this.prompt };
    return this.drawSearch(true);
  }

  /** What a key does while searching; undefined for the keys that end the search and then act as usual. */
  private applyInSearch(action: Action): Applied | undefined {
    const { state } = this.search!;
    if (action.kind === 'text') return { output: this.drawSearch(state.type(action.text)) };
    if (action.kind === 'set-aside') return { output: this.endSearch(false) + this.setLineAside() };
    if (action.kind !== 'key') return undefined;
    switch (action.key) {
      case 'reverse-search':
      case 'forward-search':
        return { output: this.drawSearch(state.again(action.key === 'reverse-search' ? 'reverse' : 'forward', this.lastSearch)) };
      case 'backspace':
        state.erase();
        return { output: this.drawSearch(true) };
      case 'escape':
        return { output: this.endSearch(true) };
      case 'abort':
        return { output: this.endSearch(false) };
      case 'interrupt':
        // As bash: the search line stays on the screen with ^C after it, and a fresh prompt follows.
        this.search = undefined;
        return { output: this.interrupt() };
      default:
        return undefined;
    }
  }

  /** Shows the search's prompt and the line it is on, the cursor where the match starts; a bell when nothing matches. */
  private drawSearch(found: boolean): string {
    const { state } = this.search!;
    this.prompt = state.prompt;
    return this.redrawLine(state.text, state.at) + (found ? '' : BELL);
  }

  /** Leaves the search: on its match (`accept`, which Up and Down then go on from), or back on the line it started from. */
  private endSearch(accept: boolean): string {
    const { state, units, cursor, prompt } = this.search!;
    this.search = undefined;
    this.prompt = prompt;
    if (!accept) {
      const text = units.join('');
      return this.redrawLine(text, splitUnits(text).slice(0, cursor).join('').length);
    }
    if (state.query !== '') this.lastSearch = state.query;
    this.history.goTo(state.index, units.join(''));
    return this.redrawLine(state.text, state.at);
  }

  /** Rewrites the prompt's last line and `text` from the start of that row, the cursor at UTF-16 index `at`. */
  private redrawLine(text: string, at: number): string {
    this.units = splitUnits(text);
    this.cursor = splitUnits(text.slice(0, at)).length;
    return this.moveTo({ row: 0, col: 0 }) + ERASE_BELOW + this.drawPromptAndLine(false);
  }

  // ── completion ───────────────────────────────────────────────────────────

  /**
   * Tab: one candidate is inserted with a space after it (not after a
   * directory's `/`); several insert what they have in common, and a second
   * Tab in a row, when there is nothing more in common, lists them.
   */
  private completeWord(afterTab: boolean): string {
    const line = this.line;
    const cursor = this.cursorIndex;
    const { candidates, replaceFrom } = this.options.complete?.(line, cursor) ?? { candidates: [], replaceFrom: cursor };
    if (candidates.length === 0) return BELL;
    const typed = line.slice(replaceFrom, cursor);
    if (candidates.length === 1) {
      const only = candidates[0]!;
      return this.replaceWord(replaceFrom, only.endsWith('/') ? only : `${only} `);
    }
    const shared = commonPrefix(candidates);
    if (shared.length > typed.length) return this.replaceWord(replaceFrom, shared);
    return afterTab ? this.listCandidates(candidates) : BELL;
  }

  private replaceWord(from: number, replacement: string): string {
    const line = this.line;
    const before = line.slice(0, from) + replacement;
    return this.setLine(splitUnits(before + line.slice(this.cursorIndex)), splitUnits(before).length);
  }

  private listCandidates(candidates: readonly string[]): string {
    const rows = formatColumns(candidates, this.cols);
    const left = this.leaveLine('');
    for (const row of rows) this.options.transcript?.line(row);
    return left + rows.map((row) => `${row}\r\n`).join('') + this.drawPromptAndLine(true);
  }

  // ── drawing ──────────────────────────────────────────────────────────────

  /** A new, empty line after `prompt` (the controller's prompt, or `> ` for a continued command). */
  private beginLine(prompt: string): string {
    this.prompt = prompt;
    this.units = [];
    this.cursor = 0;
    return this.drawPromptAndLine(true);
  }

  /** Writes the prompt (or only its last line) and the whole line, from the prompt's start. */
  private drawPromptAndLine(wholePrompt: boolean): string {
    const lastLine = this.prompt.slice(this.prompt.lastIndexOf('\n') + 1);
    let output = (wholePrompt ? this.prompt : lastLine).replace(/\r?\n/g, '\r\n');
    const prompt = this.promptLayout();
    if (prompt.pendingWrap) output += ' \r';
    this.at = prompt.end;
    this.shownEnd = prompt.end;
    return output + this.redrawFrom(0);
  }

  /** Sets the line and cursor, rewriting the screen from the first unit that changed. */
  private setLine(units: string[], cursor: number): string {
    const first = firstDifference(this.units, units);
    this.units = units;
    this.cursor = cursor;
    return first === undefined ? this.moveTo(this.cursorCell(this.layoutLine())) : this.redrawFrom(first);
  }

  /** Writes units from `first` to the end, erases what the old line had beyond, and puts the cursor back. */
  private redrawFrom(first: number): string {
    const layout = this.layoutLine();
    let output = this.moveTo(layout.units[first]?.writeAt ?? layout.end);
    const text = layout.units
      .slice(first)
      .map((unit) => unit.display)
      .join('');
    if (text !== '') {
      output += text + (layout.pendingWrap ? ' \r' : '');
      this.at = layout.end;
    }
    if (isBefore(layout.end, this.shownEnd)) output += ERASE_BELOW;
    this.shownEnd = layout.end;
    return output + this.moveTo(this.cursorCell(layout));
  }

  private moveTo(to: CellPosition): string {
    const motion = cursorMotion(this.at, to);
    this.at = to;
    return motion;
  }

  private cursorCell(layout: Layout): CellPosition {
    return layout.units[this.cursor]?.cursorAt ?? layout.end;
  }

  private promptLayout(): Layout {
    const lastLine = stripAnsi(this.prompt.slice(this.prompt.lastIndexOf('\n') + 1));
    // Control characters in a prompt (a bell, say) take no room on the screen.
    const visible = [...lastLine].filter((char) => !isControl(char.codePointAt(0)!)).join('');
    return placeUnits(splitUnits(visible), { row: 0, col: 0 }, this.cols);
  }

  private layoutLine(): Layout {
    return placeUnits(this.units, this.promptLayout().end, this.cols);
  }

  private discardTypeAhead(): void {
    // A ▶'s set-aside line must still come back, so its restore step stays.
    const keep = this.queue.filter((action) => action.kind === 'restore');
    this.queue.splice(0, this.queue.length, ...keep);
  }
}

/** The first index where two lines differ, or undefined when they are the same. */
function firstDifference(a: readonly string[], b: readonly string[]): number | undefined {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i += 1) if (a[i] !== b[i]) return i;
  return a.length === b.length ? undefined : shorter;
}
