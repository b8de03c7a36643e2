// Which keys the terminal keeps and which it leaves to the browser: paste, copy and focus keys.
import { describe, expect, it } from 'vitest';
import { decideKey, type KeyPress } from '../../../src/components/terminal/key-policy.ts';

const press = (key: string, modifiers: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers });

describe('terminal key policy', () => {
  it('leaves every paste key to the browser, whose paste event xterm turns into a bracketed paste (before: Ctrl+V reached the shell as ^V)', () => {
    expect(decideKey(press('v', { ctrlKey: true }), false)).toBe('browser');
    expect(decideKey(press('V', { ctrlKey: true, shiftKey: true }), false)).toBe('browser');
    expect(decideKey(press('v', { metaKey: true }), false)).toBe('browser');
    expect(decideKey(press('Insert', { shiftKey: true }), false)).toBe('browser');
    // Alt+V is Meta-v for the shell, and Ctrl+Alt+V nothing the browser pastes with.
    expect(decideKey(press('v', { altKey: true }), false)).toBe('terminal');
    expect(decideKey(press('v', { ctrlKey: true, altKey: true }), false)).toBe('terminal');
  });

  it('keeps Ctrl+C for the shell, copies on Ctrl+Shift+C and leaves Cmd+C to the browser', () => {
    expect(decideKey(press('c', { ctrlKey: true }), false)).toBe('terminal');
    expect(decideKey(press('C', { ctrlKey: true, shiftKey: true }), false)).toBe('copy');
    expect(decideKey(press('c', { metaKey: true }), false)).toBe('browser');
  });

  it('lets Shift+Tab, and Tab right after Escape, move the focus; Tab alone completes', () => {
    expect(decideKey(press('Tab'), false)).toBe('terminal');
    expect(decideKey(press('Tab', { shiftKey: true }), false)).toBe('browser');
    expect(decideKey(press('Tab'), true)).toBe('browser');
    expect(decideKey(press('Tab', { shiftKey: true }), true)).toBe('browser');
    expect(decideKey(press('Tab', { ctrlKey: true }), false)).toBe('terminal');
    // Escape itself reaches the shell: it ends a history search.
    expect(decideKey(press('Escape'), false)).toBe('terminal');
  });

  it('keeps the editing keys, Ctrl+R included', () => {
    for (const key of ['r', 's', 'g', 'a', 'e', 'u', 'k', 'w', 'l', 'd']) expect(decideKey(press(key, { ctrlKey: true }), false), key).toBe('terminal');
    for (const key of ['Enter', 'ArrowUp', 'Backspace', 'a', 'V']) expect(decideKey(press(key), false), key).toBe('terminal');
  });
});
