/**
 * Incremental history search (readline's Ctrl-R and Ctrl-S), as pure state:
 * which history line matches the text typed so far and where in it. The line
 * editor draws it; this module only searches.
 *
 * It follows bash 5.2's readline, observed key by key: the search starts in
 * the line being edited, at the cursor; a match is the occurrence nearest the
 * current one in the search's direction, so Ctrl-R again can find another
 * occurrence in the same line before it moves to an older line; typing more
 * keeps the match while it still fits; a search that turns round (Ctrl-S after
 * Ctrl-R) first looks at the match it is on; Ctrl-R with nothing typed reuses
 * the last search that was accepted.
 */

export type SearchDirection = 'reverse' | 'forward';

export class HistorySearch {
  /** The lines searched, oldest first: the history, with the line being edited in place of the one it came from. */
  private readonly texts: readonly string[];
  private queryText = '';
  private way: SearchDirection;
  private lost = false;
  /** The match shown: an index into texts and a UTF-16 offset into that line. */
  private line: number;
  private offset: number;

  /** `from` is the line being edited (an index into texts) and `at` the cursor in it. */
  constructor(texts: readonly string[], from: number, at: number, direction: SearchDirection) {
    this.texts = texts;
    this.line = Math.max(0, Math.min(from, texts.length - 1));
    this.offset = at;
    this.way = direction;
  }

  get query(): string {
    return this.queryText;
  }

  get direction(): SearchDirection {
    return this.way;
  }

  /** Nothing matches the text typed from where the search stands. */
  get failed(): boolean {
    return this.lost;
  }

  /** The index (into the texts given) of the line shown. */
  get index(): number {
    return this.line;
  }

  /** The line shown: the last match, or the starting line before any. */
  get text(): string {
    return this.texts[this.line] ?? '';
  }

  /** Where the match starts in `text` (UTF-16), which is where the cursor shows. */
  get at(): number {
    return this.offset;
  }

  /** The prompt readline shows in place of the shell's: `(reverse-i-search)`aws': `. */
  get prompt(): string {
    const name = this.way === 'reverse' ? 'reverse-i-search' : 'i-search';
    return `(${this.lost ? 'failed ' : ''}${name})\`${this.queryText}': `;
  }

  /** More text typed: the match stays while it still fits, else the search goes on from it. Returns whether something matches. */
  type(text: string): boolean {
    this.queryText += text;
    if (this.lost) return false;
    return this.find(true);
  }

  /** Backspace: the last character typed goes; the match stays where it is (it still fits). */
  erase(): void {
    const chars = [...this.queryText];
    chars.pop();
    this.queryText = chars.join('');
    // A shorter text may match again from where a failed search stopped.
    if (this.lost) this.lost = this.queryText !== '' && !this.find(true);
  }

  /**
   * Ctrl-R (reverse) or Ctrl-S (forward) again: the next match that way. With
   * nothing typed, `previous` (the last accepted search) is searched for.
   * Returns whether something matches.
   */
  again(direction: SearchDirection, previous: string): boolean {
    const turned = direction !== this.way;
    this.way = direction;
    if (this.queryText === '') {
      if (previous === '') return true;
      this.queryText = previous;
      return this.find(true);
    }
    if (this.lost && !turned) return false;
    return this.find(turned);
  }

  /** Moves to the nearest match in the current direction; `inclusive` lets the current position itself match. */
  private find(inclusive: boolean): boolean {
    const query = this.queryText;
    const reverse = this.way === 'reverse';
    const current = this.texts[this.line] ?? '';
    if (inclusive && current.startsWith(query, this.offset)) return this.found(this.line, this.offset);
    let at = -1;
    if (reverse) {
      const from = inclusive ? this.offset : this.offset - 1;
      if (from >= 0) at = current.lastIndexOf(query, from);
    } else {
      at = current.indexOf(query, inclusive ? this.offset : this.offset + 1);
    }
    if (at >= 0) return this.found(this.line, at);
    const step = reverse ? -1 : 1;
    for (let line = this.line + step; line >= 0 && line < this.texts.length; line += step) {
      const text = this.texts[line]!;
      const match = reverse ? text.lastIndexOf(query) : text.indexOf(query);
      if (match >= 0) return this.found(line, match);
    }
    this.lost = true;
    return false;
  }

  private found(line: number, at: number): true {
    this.line = line;
    this.offset = at;
    this.lost = false;
    return true;
  }
}
