/**
 * Backslash escapes of `echo -e`, `printf` formats, printf's `%b` and `$'…'`. They decode to
 * bytes, because `\xff` is one byte, not the character U+00FF.
 */

/** Where the escapes appear: each place accepts a slightly different set, as in bash. */
export type EscapeDialect = 'echo' | 'printf-format' | 'printf-b' | 'ansi-c';

const SIMPLE: Record<string, number> = {
  a: 7,
  b: 8,
  e: 27,
  E: 27,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
};

const encoder = new TextEncoder();

export interface Decoded {
  bytes: Uint8Array;
  /** `\c` was met: echo and `%b` stop all output there. */
  stopped: boolean;
}

export function decodeEscapes(text: string, dialect: EscapeDialect): Decoded {
  const out: number[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) for (const b of encoder.encode(literal)) out.push(b);
    literal = '';
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c !== '\\' || next === undefined) {
      literal += c;
      i++;
      continue;
    }
    const escape = readEscape(text, i + 1, dialect);
    if (escape === undefined) {
      literal += c;
      i++;
      continue;
    }
    if (escape.kind === 'stop') {
      flush();
      return { bytes: Uint8Array.from(out), stopped: true };
    }
    if (escape.kind === 'char') literal += escape.text;
    else {
      flush();
      out.push(escape.byte);
    }
    i = escape.end;
  }
  flush();
  return { bytes: Uint8Array.from(out), stopped: false };
}

type Escape =
  | { kind: 'byte'; byte: number; end: number }
  | { kind: 'char'; text: string; end: number }
  | { kind: 'stop'; end: number };

/** The escape whose letter is at `i` (just after the backslash), or undefined to keep the backslash. */
function readEscape(text: string, i: number, dialect: EscapeDialect): Escape | undefined {
  const c = text[i]!;
  const simple = SIMPLE[c];
  if (simple !== undefined) return { kind: 'byte', byte: simple, end: i + 1 };
  if (c === 'c') {
    if (dialect === 'echo' || dialect === 'printf-b') return { kind: 'stop', end: i + 1 };
    if (dialect === 'ansi-c' && i + 1 < text.length) return { kind: 'byte', byte: text.charCodeAt(i + 1) & 0x1f, end: i + 2 };
    return undefined;
  }
  if ((c === '"' || c === "'" || c === '?') && (dialect === 'printf-format' || dialect === 'ansi-c')) {
    return { kind: 'char', text: c, end: i + 1 };
  }
  if (c === 'x') {
    const hex = /^[0-9A-Fa-f]{1,2}/.exec(text.slice(i + 1, i + 3))?.[0];
    return hex === undefined ? undefined : { kind: 'byte', byte: parseInt(hex, 16), end: i + 1 + hex.length };
  }
  if (c === 'u' || c === 'U') {
    const hex = new RegExp(`^[0-9A-Fa-f]{1,${c === 'u' ? 4 : 8}}`).exec(text.slice(i + 1))?.[0];
    if (hex === undefined) return undefined;
    const code = parseInt(hex, 16);
    return { kind: 'char', text: code > 0x10ffff ? '\ufffd' : String.fromCodePoint(code), end: i + 1 + hex.length };
  }
  // Octal: echo wants \0nnn; printf formats and $'…' take \nnn; %b takes either.
  const zeroForm = /^0[0-7]{0,3}/.exec(text.slice(i, i + 4))?.[0];
  const plainForm = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))?.[0];
  const octal = dialect === 'echo' ? zeroForm : dialect === 'printf-b' ? (zeroForm ?? plainForm) : plainForm;
  if (octal !== undefined) {
    const digits = octal.length > 3 ? octal.slice(1) : octal;
    return { kind: 'byte', byte: parseInt(digits || '0', 8) & 0xff, end: i + octal.length };
  }
  return undefined;
}
