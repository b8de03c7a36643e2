/**
 * xterm.js behind the TerminalPort interface: the only module that knows xterm.
 * The controller and the shell never import it, so they run headless in tests.
 * Also opens xterm under the site's Content-Security-Policy (no inline <style>).
 */
import type { Terminal } from '@xterm/xterm';
import type { TerminalPort } from './terminal-port.ts';

export function xtermPort(term: Terminal): TerminalPort {
  silenceQueries(term);
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

/**
 * Program output (`cat` of any file) can hold the queries a terminal answers through its input:
 * xterm.js would reply to them through onData, and the reply would reach the line editor as if
 * typed, to run on Enter. Nothing in KMS Lab asks the terminal anything (the editor tracks the
 * cursor itself), so these queries are swallowed: DECRQSS (DCS $ q), colour queries (OSC 4, 10, 11,
 * 12 with `?`; setting a colour still works), device attributes (CSI c, CSI > c), status and cursor
 * reports (CSI n, CSI ? n) and mode reports (DECRQM, CSI $ p and CSI ? $ p).
 */
function silenceQueries(term: Terminal): void {
  const swallow = () => true;
  const { parser } = term;
  parser.registerDcsHandler({ intermediates: '$', final: 'q' }, swallow);
  for (const final of ['c', 'n']) parser.registerCsiHandler({ final }, swallow);
  parser.registerCsiHandler({ prefix: '>', final: 'c' }, swallow);
  parser.registerCsiHandler({ prefix: '?', final: 'n' }, swallow);
  parser.registerCsiHandler({ intermediates: '$', final: 'p' }, swallow);
  parser.registerCsiHandler({ prefix: '?', intermediates: '$', final: 'p' }, swallow);
  const isQuery = (data: string) => data.split(';').includes('?');
  for (const ident of [4, 10, 11, 12]) parser.registerOscHandler(ident, isQuery);
}

/**
 * Opens the terminal in `host`. xterm's DOM renderer puts its theme, font and cell-size rules in
 * <style> elements it creates while opening, and the page's Content-Security-Policy refuses inline
 * <style> (their text changes with the theme and size, so no hash could allow them). While it
 * opens, those elements are stand-ins whose text goes to constructed style sheets instead: CSSOM,
 * which the policy does not govern. Removing a stand-in (xterm's dispose) removes its sheet.
 */
export function openTerminal(term: Terminal, host: HTMLElement): void {
  const doc = host.ownerDocument;
  const own = Object.getOwnPropertyDescriptor(doc, 'createElement');
  const create = doc.createElement.bind(doc);
  const replacement = (tagName: string, options?: ElementCreationOptions): HTMLElement =>
    tagName.toLowerCase() === 'style' ? sheetStandIn(doc, create) : create(tagName, options);
  Object.defineProperty(doc, 'createElement', { value: replacement, configurable: true, writable: true });
  try {
    term.open(host);
  } finally {
    if (own) Object.defineProperty(doc, 'createElement', own);
    else delete (doc as { createElement?: unknown }).createElement;
  }
}

/** An inert element that takes a <style>'s place: its textContent fills an adopted style sheet. */
function sheetStandIn(doc: Document, create: Document['createElement']): HTMLElement {
  const element = create('template');
  const view = doc.defaultView ?? window;
  const sheet = new view.CSSStyleSheet();
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  let text = '';
  Object.defineProperty(element, 'textContent', {
    get: () => text,
    set: (value: unknown) => {
      text = value == null ? '' : String(value);
      sheet.replaceSync(text);
    },
  });
  const remove = element.remove.bind(element);
  element.remove = () => {
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    remove();
  };
  return element;
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
