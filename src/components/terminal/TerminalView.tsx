/**
 * The xterm.js terminal: sizing, theme, copy, links and font size. Everything a
 * terminal *does* lives in the headless controller; this file only wires xterm
 * to it through xtermPort.
 */
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { Session } from '../../shell/run.ts';
import { createTerminalController, type TerminalController } from './terminal-controller.ts';
import { terminalTheme, xtermPort } from './xterm-port.ts';

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

const HISTORY_KEY = 'kms-lab-history';

const history = {
  load(): string[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === 'string') : [];
    } catch {
      return [];
    }
  },
  save(lines: string[]): void {
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(lines));
    } catch {
      // Storage full or blocked: history lasts for this page only.
    }
  },
};

export default function TerminalView({ session, fontSize, screenReaderMode, announce, ref }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const controllerRef = useRef<TerminalController | null>(null);
  const announceRef = useRef(announce);
  announceRef.current = announce;

  useImperativeHandle(ref, () => ({
    run: (command) => {
      controllerRef.current?.type(command, { run: true });
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
    term.open(host);
    fit.fit();
    termRef.current = term;
    fitRef.current = fit;

    // Tab belongs to completion, so Escape then Tab (or Shift-Tab) leaves the terminal: focus is never trapped.
    // Ctrl-Shift-C copies; selecting text copies too, as many terminals do.
    let escaped = false;
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return true;
      if (event.key === 'Escape') {
        escaped = true;
        return false;
      }
      const leaving = escaped && event.key === 'Tab';
      escaped = false;
      if (leaving) return false;
      if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'c') {
        void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
        return false;
      }
      return true;
    });
    const selection = term.onSelectionChange(() => {
      const text = term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
    });

    const controller = createTerminalController({
      port: xtermPort(term),
      session,
      history,
      announce: (text) => announceRef.current(text),
    });
    controllerRef.current = controller;

    const resize = new ResizeObserver(() => fit.fit());
    resize.observe(host);
    // Follow the site's theme: the toggle changes data-theme, the system changes the media query.
    const retheme = () => (term.options.theme = terminalTheme(host));
    const themeObserver = new MutationObserver(retheme);
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', retheme);

    return () => {
      media.removeEventListener('change', retheme);
      themeObserver.disconnect();
      resize.disconnect();
      selection.dispose();
      controller.dispose();
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
    fitRef.current?.fit();
  }, [fontSize]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.screenReaderMode = screenReaderMode;
  }, [screenReaderMode]);

  return (
    <div className="sbx-terminal-wrap">
      <div className="sbx-terminal" ref={hostRef} role="group" aria-label="Terminal" aria-describedby="sbx-terminal-help" />
      <p id="sbx-terminal-help" className="sbx-terminal-help">
        Tab completes; Escape then Tab leaves the terminal. Up and Down recall earlier commands.
      </p>
    </div>
  );
}
