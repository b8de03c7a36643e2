/**
 * Which key does what in presenter mode, apart from the page: N and P, and
 * what presenter clickers send (PageDown/PageUp, or the arrow keys), step
 * through the lesson's ▶ blocks; Shift+P turns presenter mode on and off.
 * Keys typed where text goes (the terminal, a form field) belong there, and
 * the arrows stay with the widgets that move by them (tabs, radio buttons).
 */

export type PresenterAction = 'next' | 'previous' | 'toggle';

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat?: boolean;
}

/** Where typed keys are text: never a presenter key there. */
export const TYPING = 'input, textarea, select, [contenteditable]:not([contenteditable="false"]), .xterm';
/** Widgets and regions that move or scroll with the arrow keys. */
const ARROW_OWNERS = '[role="tab"], [role="tablist"], [role="radio"], [role="radiogroup"], [role="slider"], [role="separator"], [role="listbox"], [role="menu"], [role="menubar"], [role="grid"], [role="tree"], [role="tabpanel"], details';

const NEXT = new Set(['n', 'PageDown', 'ArrowRight', 'ArrowDown']);
const PREVIOUS = new Set(['p', 'PageUp', 'ArrowLeft', 'ArrowUp']);

export function presenterAction(event: KeyLike, target: Element | null, presenting: boolean): PresenterAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  if (target?.closest(TYPING)) return undefined;
  if (event.key === 'P' && event.shiftKey) return 'toggle';
  // A held key would run command after command.
  if (!presenting || event.repeat) return undefined;
  if (event.key.startsWith('Arrow') && target?.closest(ARROW_OWNERS)) return undefined;
  if (NEXT.has(event.key)) return 'next';
  if (PREVIOUS.has(event.key)) return 'previous';
  return undefined;
}
