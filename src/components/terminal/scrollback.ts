/**
 * What the terminal showed, kept as a bounded tail of text lines so it can be
 * saved and shown again after a reload or on the next lesson.
 *
 * Lines, not screen cells: the controller records each row as it is finished
 * (a prompt with its command, a line of output, a completion listing), with
 * the colours the shell asked for and nothing else. Replayed, the text wraps
 * at whatever width the terminal has then (a phone after a laptop), which a
 * copy of the screen's cells, wrapped at the old width, would not. The format
 * is a header line and then the lines, newline-separated: escape codes stay
 * raw, so a coloured line costs a few bytes more than a plain one.
 */

/** Where the saved text lives (localStorage in the browser). */
export interface ScrollbackStore {
  load(): string | undefined;
  save(text: string): void;
}

export interface TranscriptLimits {
  /** Lines kept: the oldest go first. */
  readonly lines: number;
  /** Characters kept (UTF-16 units, about bytes for this mostly ASCII text), line ends included. */
  readonly chars: number;
}

export const DEFAULT_LIMITS: TranscriptLimits = { lines: 1000, chars: 256 * 1024 };

const HEADER = 'kms-lab-scrollback 1';
/** Erase in display (all, or the scrollback): what came before it was wiped from the screen. */
const CLEARS = /\x1b\[[23]J/g;
/** Cursor motions, erasures and mode changes: meaningless once the text is replayed elsewhere. Colours (`m`) stay. */
const NOT_COLOUR = /\x1b\[[0-9;?]*[@-ln-~]|\x1b[()][0-9A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export class Transcript {
  private readonly limits: TranscriptLimits;
  private rows: string[] = [];
  private size = 0;
  /** Output after its last newline: the row is not finished yet. */
  private partial = '';
  private dirty = false;

  constructor(limits: TranscriptLimits = DEFAULT_LIMITS, lines: readonly string[] = []) {
    this.limits = limits;
    for (const line of lines) this.push(line);
    this.dirty = false;
  }

  /** Every row kept, oldest first (an unfinished one last). */
  get lines(): readonly string[] {
    return this.partial === '' ? this.rows : [...this.rows, this.partial];
  }

  /** Whether anything changed since the last serialize(). */
  get changed(): boolean {
    return this.dirty;
  }

  /** A row the terminal finished: a prompt and its line, a listing row. Text after `\n` makes rows of its own. */
  addLine(text: string): void {
    this.endPartial();
    for (const line of text.split('\n')) this.push(clean(line));
  }

  /** Output of a command (or the terminal's own notes), `\n` ending lines; a clear-screen code wipes what came before. */
  addOutput(text: string): void {
    let rest = text;
    let clear: RegExpExecArray | null;
    let after = -1;
    CLEARS.lastIndex = 0;
    while ((clear = CLEARS.exec(rest)) !== null) after = clear.index + clear[0].length;
    if (after >= 0) {
      this.clear();
      rest = rest.slice(after);
    }
    const parts = (this.partial + rest).split('\n');
    this.partial = parts.pop()!;
    for (const part of parts) this.push(clean(part));
    if (rest !== '') this.dirty = true;
  }

  /** The next prompt starts on a row of its own: output left without a final newline becomes a row. */
  endPartial(): void {
    if (this.partial === '') return;
    const line = this.partial;
    this.partial = '';
    this.push(clean(line));
  }

  /** The screen was cleared (Ctrl-L, `clear`): nothing before it is shown again. */
  clear(): void {
    this.rows = [];
    this.size = 0;
    this.partial = '';
    this.dirty = true;
  }

  /** The saved form: a header line, then the rows. */
  serialize(): string {
    this.dirty = false;
    return [HEADER, ...this.lines.map(clean)].join('\n');
  }

  /** The rows of a saved transcript; nothing for text that is not one (an old format, damaged storage). */
  static parse(text: string | undefined): string[] {
    if (typeof text !== 'string' || !text.startsWith(`${HEADER}\n`)) return [];
    return text.slice(HEADER.length + 1).split('\n');
  }

  private push(line: string): void {
    const { lines, chars } = this.limits;
    // One row longer than everything allowed keeps its end, the part shown last.
    const row = line.length + 1 > chars ? line.slice(line.length + 1 - chars) : line;
    this.rows.push(row);
    this.size += row.length + 1;
    this.dirty = true;
    let drop = 0;
    while (this.rows.length - drop > lines || this.size > chars) {
      this.size -= this.rows[drop]!.length + 1;
      drop += 1;
    }
    if (drop > 0) this.rows.splice(0, drop);
  }
}

/** A row as it will be replayed: colours kept, other escape codes dropped, a carriage return keeping what was written after it. */
function clean(line: string): string {
  const text = line.replace(NOT_COLOUR, '').replace(/\r+$/, '');
  const overwritten = text.lastIndexOf('\r');
  return overwritten >= 0 ? text.slice(overwritten + 1) : text;
}
