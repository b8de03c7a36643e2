/**
 * xterm.js behind the TerminalPort interface: the only module that knows xterm.
 * The controller and the shell never import it, so they run headless in tests.
 */
import type { Terminal } from '@xterm/xterm';
import type { TerminalPort } from './terminal-port.ts';

export function xtermPort(term: Terminal): TerminalPort {
  return {
    write: (data) => term.write(data),
    onData: (listener) => {
      const subscription = term.onData(listener);
      return () => subscription.dispose();
    },
    onResize: (listener) => {
      const subscription = term.onResize(({ cols, rows }) => listener({ cols, rows }));
      return () => subscription.dispose();
    },
    get cols() {
      return term.cols;
    },
    get rows() {
      return term.rows;
    },
    clear: () => term.clear(),
  };
}

/** The terminal's colours from the site's CSS variables, resolved for the current light/dark theme. */
export function terminalTheme(host: HTMLElement): { background: string; foreground: string; cursor: string; selectionBackground: string; [ansi: string]: string } {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  host.append(probe);
  const read = (variable: string): string => {
    // Custom properties come back unresolved (light-dark(…)); a real property resolves them.
    probe.style.color = `var(${variable})`;
    return getComputedStyle(probe).color;
  };
  const theme = {
    background: read('--terminal-bg'),
    foreground: read('--terminal-text'),
    cursor: read('--accent'),
    selectionBackground: read('--terminal-selection'),
    green: read('--terminal-green'),
    brightGreen: read('--terminal-green'),
    blue: read('--terminal-blue'),
    brightBlue: read('--terminal-blue'),
    red: read('--terminal-red'),
    brightRed: read('--terminal-red'),
    brightBlack: read('--terminal-dim'),
  };
  probe.remove();
  return theme;
}
