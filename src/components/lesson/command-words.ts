/**
 * A command split for display into words and the spaces or line breaks between them, so each
 * word can be kept whole (CSS: inline-block) and a long command wraps between its arguments,
 * never inside `--key-id` at a hyphen, as browsers otherwise do. A word longer than the line
 * still wraps inside itself rather than overflow.
 */
export interface CommandPart {
  text: string;
  /** false for the blanks between words, which stay plain text (copied and selected as typed). */
  word: boolean;
}

export function commandParts(command: string): CommandPart[] {
  return command
    .split(/(\s+)/)
    .filter((text) => text !== '')
    .map((text) => ({ text, word: !/^\s+$/.test(text) }));
}
