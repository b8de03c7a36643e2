/**
 * Mounts the xterm.js terminal into an element the page already has: sizing,
 * theme, clipboard and focus keys, links, the saved scrollback. No React, so
 * the prompt needs only xterm and the shell (the sandbox's toolbar and panels
 * hydrate after it). Everything a terminal *does* lives in the headless
 * controller; this file only wires xterm to it through xtermPort (with a
 * command's writes after Enter sent as one, see enter-hold.ts). Its styles
 * (xterm.css, terminal.css) come with the page's markup, from SandboxApp.tsx.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import type { Session } from '../../shell/run.ts';
import { decideKey } from './key-policy.ts';
import { holdAfterEnter } from './enter-hold.ts';
import { createTerminalController } from './terminal-controller.ts';
import { historyStore, scrollbackStore } from './terminal-storage.ts';
import { openTerminal, terminalTheme, xtermPort } from './xterm-port.ts';

export interface TerminalHandle {
  /** Types a command into the line (as a lesson's ▶ button does) and runs it. */
  run(command: string): void;
  /** Sends keystrokes as if typed (the touch key row). */
  press(data: string): void;
  focus(): void;
  setFontSize(px: number): void;
  setScreenReaderMode(on: boolean): void;
  /** Moves the terminal into `element` if it is elsewhere (a re-rendered island made a new one). */
  moveTo(element: HTMLElement): void;
  dispose(): void;
}

export interface MountOptions {
  session: Session;
  fontSize: number;
  /** Plain text of each command's output, for the page's live region. */
  announce(text: string): void;
}

export function mountTerminal(first: HTMLElement, { session, fontSize, announce }: MountOptions): TerminalHandle {
  let host = first;
  const term = new Terminal({
    fontFamily: getComputedStyle(host).getPropertyValue('--font-mono') || 'monospace',
    fontSize,
    cursorBlink: true,
    convertEol: false,
    scrollback: 5000,
    allowProposedApi: true,
    theme: terminalTheme(host),
    // Whatever colours a command asks for, text stays readable (WCAG AA) on both themes.
    minimumContrastRatio: 4.5,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  openTerminal(term, host);
  // Links in output become clickable once the page is idle: the addon is not needed to draw the prompt.
  const loadLinks = () => void import('@xterm/addon-web-links').then(({ WebLinksAddon }) => term.loadAddon(new WebLinksAddon()), () => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(loadLinks, { timeout: 3000 });
  else setTimeout(loadLinks, 500);
  // A hidden terminal (no size) would fit to two columns and wrap everything there; it keeps its size instead.
  const fitShown = () => {
    if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
  };
  fitShown();

  // Paste, copy and focus keys go to the browser (see key-policy.ts): Tab belongs to completion, so
  // Shift+Tab, or Escape then Tab, leaves the terminal. Selecting text copies too, as many terminals do.
  let escaped = false;
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown') return true;
    const decision = decideKey(event, escaped);
    escaped = event.key === 'Escape';
    if (decision === 'copy') {
      event.preventDefault();
      void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
    }
    return decision === 'terminal';
  });
  const selection = term.onSelectionChange(() => {
    const text = term.getSelection();
    if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
  });

  let busy = () => false;
  const port = holdAfterEnter(xtermPort(term), () => busy());
  const controller = createTerminalController({ port, session, history: historyStore, scrollback: { store: scrollbackStore }, announce });
  busy = () => controller.busy;
  // Leaving the page (a reload, the next lesson, a closed tab) saves what a pending save would have.
  const saveNow = () => controller.saveScrollback();
  const saveIfHidden = () => document.visibilityState === 'hidden' && saveNow();
  addEventListener('pagehide', saveNow);
  document.addEventListener('visibilitychange', saveIfHidden);

  const resize = new ResizeObserver(fitShown);
  resize.observe(host);
  // Follow the site's theme: the toggle changes data-theme, the system changes the media query.
  const retheme = () => (term.options.theme = terminalTheme(host));
  const themeObserver = new MutationObserver(retheme);
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', retheme);

  return {
    run: (command) => {
      controller.type(command, { run: true });
      term.focus();
    },
    press: (data) => {
      // Through xterm, so the controller sees exactly what a keyboard would send.
      term.input(data);
      term.focus();
    },
    focus: () => term.focus(),
    setFontSize: (px) => {
      if (term.options.fontSize === px) return;
      term.options.fontSize = px;
      fitShown();
    },
    setScreenReaderMode: (on) => {
      term.options.screenReaderMode = on;
    },
    moveTo: (element) => {
      if (element === host || !term.element) return;
      element.append(term.element);
      resize.unobserve(host);
      host = element;
      resize.observe(host);
      fitShown();
    },
    dispose: () => {
      removeEventListener('pagehide', saveNow);
      document.removeEventListener('visibilitychange', saveIfHidden);
      media.removeEventListener('change', retheme);
      themeObserver.disconnect();
      resize.disconnect();
      selection.dispose();
      controller.dispose();
      port.dispose();
      term.dispose();
    },
  };
}
