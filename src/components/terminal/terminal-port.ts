/**
 * The seam between a terminal widget and the terminal controller. xterm.js
 * implements it in the browser (xterm-port.ts); the tests implement it with a
 * fake that records writes. Nothing behind this interface knows about the DOM.
 */

export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

export interface TerminalPort {
  /** Writes text (with escape sequences) to the terminal, in order. */
  write(data: string): void;
  /**
   * Keystrokes and pastes, exactly as the terminal sends them to a program
   * (`\r` for Enter, `\x7f` for Backspace, `\x1b[A` for Up, bracketed pastes…).
   * Returns a function that stops listening.
   */
  onData(listener: (data: string) => void): () => void;
  /** The terminal changed its number of columns or rows. Returns a function that stops listening. */
  onResize(listener: (size: TerminalSize) => void): () => void;
  readonly cols: number;
  readonly rows: number;
  /**
   * Erases the scrollback as well as the screen, for a host's own "clear"
   * button. The controller never calls it: Ctrl-L uses escape sequences, which
   * stay in order with the writes before them, whereas xterm's clear() acts at
   * once, ahead of writes still queued.
   */
  clear?(): void;
}
