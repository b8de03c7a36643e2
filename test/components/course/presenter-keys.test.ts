// Presenter keys: N/P and clicker keys step, never where text is typed or where the arrows have a job.
import { describe, expect, it } from 'vitest';
import { presenterAction } from '../../../src/components/course/presenter-keys.ts';

const key = (k: string, extra: Partial<KeyboardEventInit> = {}) => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...extra });

/** An element that is (or sits inside) whatever the given selectors name: closest() is all presenterAction asks of it. */
function element(...matches: string[]): Element {
  const self = {
    closest: (list: string) => (list.split(',').some((s) => matches.includes(s.trim())) ? self : null),
  };
  return self as unknown as Element;
}
const page = element('button');

describe('presenterAction', () => {
  it('steps with N/P, Page Down/Up and the arrows from the page, only in presenter mode', () => {
    for (const k of ['n', 'PageDown', 'ArrowRight', 'ArrowDown']) expect(presenterAction(key(k), page, true)).toBe('next');
    for (const k of ['p', 'PageUp', 'ArrowLeft', 'ArrowUp']) expect(presenterAction(key(k), page, true)).toBe('previous');
    expect(presenterAction(key('n'), page, false)).toBeUndefined();
    expect(presenterAction(key('PageDown'), page, true)).toBe('next');
    expect(presenterAction(key('N', { shiftKey: true }), page, true)).toBeUndefined();
  });

  it('toggles with Shift+P, in or out of presenter mode', () => {
    expect(presenterAction(key('P', { shiftKey: true }), page, false)).toBe('toggle');
    expect(presenterAction(key('P', { shiftKey: true }), page, true)).toBe('toggle');
  });

  it('leaves keys to the terminal and form fields, held keys and shortcuts alone', () => {
    const terminal = element('textarea', '.xterm');
    for (const k of ['n', 'p', 'PageDown', 'ArrowRight']) expect(presenterAction(key(k), terminal, true)).toBeUndefined();
    expect(presenterAction(key('P', { shiftKey: true }), terminal, true)).toBeUndefined();
    expect(presenterAction(key('n'), element('input'), true)).toBeUndefined();
    expect(presenterAction(key('PageDown', { repeat: true }), page, true)).toBeUndefined();
    expect(presenterAction(key('n', { ctrlKey: true }), page, true)).toBeUndefined();
  });

  it('lets tabs and radio buttons keep their arrows, but Page Down still steps there', () => {
    const tab = element('[role="tab"]', '[role="tablist"]');
    expect(presenterAction(key('ArrowRight'), tab, true)).toBeUndefined();
    expect(presenterAction(key('PageDown'), tab, true)).toBe('next');
    const radio = element('input', '[role="radio"]');
    expect(presenterAction(key('ArrowDown'), radio, true)).toBeUndefined();
  });
});
