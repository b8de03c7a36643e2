/**
 * The xterm.js terminal: sizing, theme, clipboard and focus keys, links, font
 * size, the saved scrollback and the keyboard help. Everything a terminal
 * *does* lives in the headless controller; this file only wires xterm to it
 * through xtermPort (with a command's writes after Enter sent as one, see
 * enter-hold.ts).
 */
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { Session } from '../../shell/run.ts';
import { decideKey } from './key-policy.ts';
import { holdAfterEnter } from './enter-hold.ts';
import KeyboardHelp from './KeyboardHelp.tsx';
import { createTerminalController, type TerminalController } from './terminal-controller.ts';
import { historyStore, scrollbackStore } from './terminal-storage.ts';
import { openTerminal, terminalTheme, xtermPort } from './xterm-port.ts';
import './terminal.css';

export interface TerminalHandle {
  /** Types a command into the line (as a lesson's ▶ button does) and runs it. */
  run(command: string): void;
  /** Sends keystrokes as if typed (the touch key row). */
  press(data: string): void;
  focus(): void;
}

interface Props {
  session: Session;
  fontSize: number;
  screenReaderMode: boolean;
  /** Plain text of each command's output, for the page's live region. */
  announce(text: string): void;
  ref?: Ref<TerminalHandle>;
}

export default function TerminalView({ session, fontSize, screenReaderMode, announce, ref }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const controllerRef = useRef<TerminalController | null>(null);
  const announceRef = useRef(announce);
  announceRef.current = announce;

  // ▶ runs that come between the handle's attachment and the controller's creation (a later effect) wait here.
  const earlyRuns = useRef<string[]>([]);

  useImperativeHandle(ref, () => ({
    run: (command) => {
      const controller = controllerRef.current;
      if (controller) controller.type(command, { run: true });
      else earlyRuns.current.push(command);
      termRef.current?.focus();
    },
    press: (data) => {
      // Through xterm, so the controller sees exactly what a keyboard would send.
      termRef.current?.input(data);
      termRef.current?.focus();
    },
    focus: () => termRef.current?.focus(),
  }));

  useEffect(() => {
    const host = hostRef.current!;
    const term = new Terminal({
      fontFamily: getComputedStyle(host).getPropertyValue('--font-mono') || 'monospace',
      fontSize,
      cursorBlink: true,
      convertEol: false,
      scrollback: 5000,
      allowProposedApi: true,
      theme: terminalTheme(host),
      screenReaderMode,
      // Whatever colours a command asks for, text stays readable (WCAG AA) on both themes.
      minimumContrastRatio: 4.5,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.loadAddon(new WebLinksAddon());
    openTerminal(term, host);
    // A hidden terminal (no size) would fit to two columns and wrap everything there; it keeps its size instead.
    const fitShown = () => {
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    };
    fitShown();
    termRef.current = term;
    fitRef.current = fit;

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

    const port = holdAfterEnter(xtermPort(term), () => controllerRef.current?.busy ?? false);
    const controller = createTerminalController({
      port,
      session,
      history: historyStore,
      scrollback: { store: scrollbackStore },
      announce: (text) => announceRef.current(text),
    });
    controllerRef.current = controller;
    for (const command of earlyRuns.current.splice(0)) controller.type(command, { run: true });
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

    return () => {
      removeEventListener('pagehide', saveNow);
      document.removeEventListener('visibilitychange', saveIfHidden);
      media.removeEventListener('change', retheme);
      themeObserver.disconnect();
      resize.disconnect();
      selection.dispose();
      controller.dispose();
      port.dispose();
      term.dispose();
      termRef.current = null;
      controllerRef.current = null;
    };
    // The session is fixed for the island's life; font size and reader mode update below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session]);

  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.fontSize = fontSize;
    if (hostRef.current && hostRef.current.clientWidth > 0) fitRef.current?.fit();
  }, [fontSize]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.screenReaderMode = screenReaderMode;
  }, [screenReaderMode]);

  return (
    <div className="sbx-terminal-wrap">
      <div className="sbx-terminal" ref={hostRef} role="group" aria-label="Terminal" aria-describedby="sbx-terminal-help" />
      <KeyboardHelp summaryId="sbx-terminal-help" />
    </div>
  );
}
