/**
 * Which keys the terminal keeps and which it leaves to the browser, decided
 * before xterm.js turns a key into terminal input. Pure, so it is tested
 * without a browser; terminal-mount.ts applies the decision.
 *
 * Left to the browser: the paste keys (Ctrl+V, Cmd+V, Ctrl+Shift+V,
 * Shift+Insert), whose native paste event xterm turns into a bracketed paste
 * without asking for clipboard permission, as xterm would otherwise send
 * Ctrl+V to the shell as a control character; Cmd+C, whose native copy event
 * xterm fills with the selection; and the focus keys (Shift+Tab, and Tab right
 * after Escape), since Tab alone belongs to completion and focus must never be
 * trapped. Ctrl+Shift+C copies the selection (terminal convention; the plain
 * Ctrl+C stays the shell's interrupt, as in bash).
 */

/** The parts of a KeyboardEvent the decision reads. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

/** `terminal`: xterm sends it to the shell. `browser`: the browser's own action (paste, copy, moving focus). `copy`: copy the selection. */
export type KeyDecision = 'terminal' | 'browser' | 'copy';

/** What to do with a keydown; `afterEscape` says the key before it was Escape. */
export function decideKey(key: KeyPress, afterEscape: boolean): KeyDecision {
  const letter = key.key.length === 1 ? key.key.toLowerCase() : key.key;
  const onlyShift = !key.ctrlKey && !key.metaKey && !key.altKey;
  if (key.key === 'Tab' && onlyShift && (key.shiftKey || afterEscape)) return 'browser';
  if (key.key === 'Insert' && key.shiftKey && !key.ctrlKey && !key.metaKey && !key.altKey) return 'browser';
  if (key.altKey) return 'terminal';
  const command = key.ctrlKey !== key.metaKey; // Ctrl or Cmd, not both
  if (command && letter === 'v') return 'browser';
  if (key.metaKey && !key.ctrlKey && letter === 'c') return 'browser';
  if (key.ctrlKey && !key.metaKey && key.shiftKey && letter === 'c') return 'copy';
  return 'terminal';
}
