/**
 * `--output yaml` and `yaml-stream`: block YAML as the CLI writes it (keys
 * sorted, two-space indents, lines folded past 80 columns), each string in
 * the plainest style the YAML spec lets it keep its value in.
 */
import { type Json } from './output-values.ts';
import { pyJsonDumps } from './python/json.ts';
import { pyFloatRepr } from './python/repr.ts';
import { isDict, PyFloat, sortedPy } from './python/values.ts';

type Dict = { [key: string]: Json };

// Lines are folded at a space once they run past this column.
const WIDTH = 80;
// A key longer than this (in UTF-8 bytes) or spanning lines is written as `? key`.
const SIMPLE_KEY_BYTES = 128;

// ---------------------------------------------------------------------------
// Choosing a style

/**
 * Plain strings that a YAML 1.2 reader would take for something else: the
 * core schema's null, booleans, integers (with `_` separators, 0b/0o/0x and
 * old-style octal) and floats, timestamps, and the `<<` and `=` keys. A
 * leading `_` never starts a number.
 */
const NOT_A_STRING: RegExp[] = [
  /^(?:~|null|Null|NULL)$/,
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?!_)[-+]?(?:0b[01_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)$/,
  /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+)$/,
  /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*Z|[-+][0-9]{1,2}(?::[0-9]{2})?)?$/,
  /^(?:<<|=)$/,
];

const LINE_BREAKS = '\n\u2028\u2029';
const isBreak = (ch: string | undefined): boolean => ch !== undefined && LINE_BREAKS.includes(ch);
const isSpace = (ch: string | undefined): boolean => ch === ' ';

/**
 * Characters a quoted string can show as themselves. Everything else, and
 * tabs, carriage returns and NEL (which YAML would read back differently or
 * which the CLI escapes all the same), needs double quotes and an escape.
 */
function showsAsItself(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (ch === '\n') return true;
  if (cp >= 0x20 && cp <= 0x7e) return true;
  if (cp >= 0xa0 && cp <= 0xd7ff) return true;
  return cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff;
}

// Indicators that cannot start a plain scalar at all, and those that cannot
// start one when a space (or nothing) follows.
const NEVER_FIRST = ',[]{}#&*!|>\'"%@`';
const FIRST_BEFORE_SPACE = '-?:';

type Style = 'plain' | 'single' | 'double';

function chooseStyle(text: string): Style {
  if (text === '') return 'single';
  const chars = [...text];
  let plain = true;
  let single = true;
  if (text.startsWith('---') || text.startsWith('...')) plain = false;
  const first = chars[0]!;
  if (NEVER_FIRST.includes(first)) plain = false;
  if (FIRST_BEFORE_SPACE.includes(first) && (chars.length === 1 || isSpace(chars[1]) || isBreak(chars[1]))) plain = false;
  if (isSpace(first) || isSpace(chars[chars.length - 1])) plain = false;
  chars.forEach((ch, i) => {
    const next = chars[i + 1];
    const previous = chars[i - 1];
    if (!showsAsItself(ch)) single = plain = false;
    if (isBreak(ch)) {
      plain = false;
      // A space next to a line break would be lost in folding.
      if (isSpace(previous) || isSpace(next)) single = false;
    }
    if (ch === ':' && (next === undefined || isSpace(next) || isBreak(next))) plain = false;
    if (ch === '#' && i > 0 && (isSpace(previous) || isBreak(previous))) plain = false;
  });
  if (plain && !NOT_A_STRING.some((pattern) => pattern.test(text))) return 'plain';
  return single ? 'single' : 'double';
}

// ---------------------------------------------------------------------------
// Writing

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\x85': 'N', '\u2028': 'L', '\u2029': 'P',
};

function escape(ch: string): string {
  const named = ESCAPES[ch];
  if (named !== undefined) return `\\${named}`;
  const cp = ch.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** The document being written, and the column its last line has reached (in characters). */
class Writer {
  text = '';
  column = 0;

  /** Text without line breaks. */
  write(s: string): void {
    this.text += s;
    // Code points, not UTF-16 units: a surrogate pair is one column.
    for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xfc00) !== 0xdc00) this.column++;
  }

  /** Line breaks as they are, then the indent of the next line. */
  breakLine(breaks: string, indent: number): void {
    this.text += breaks + ' '.repeat(indent);
    this.column = indent;
  }

  newline(indent: number): void {
    this.breakLine('\n', indent);
  }
}

/**
 * A string in the style chooseStyle picked. `indent` is where continuation
 * lines start; `fold` is false for keys, which must stay on one line.
 */
function writeString(out: Writer, text: string, indent: number, fold: boolean): void {
  const style = chooseStyle(text);
  const chars = [...text];
  // A single space past the width may become a line break; in double quotes a
  // space right after it is kept by an escaped line start.
  const foldsHere = (i: number) =>
    fold && out.column > WIDTH && i > 0 && i < chars.length - 1 && !isSpace(chars[i - 1]);
  if (style === 'double') {
    out.write('"');
    chars.forEach((ch, i) => {
      if (isSpace(ch) && foldsHere(i)) {
        out.newline(indent);
        if (isSpace(chars[i + 1])) out.write('\\');
        return;
      }
      out.write(showsAsItself(ch) && !isBreak(ch) && ch !== '"' && ch !== '\\' ? ch : escape(ch));
    });
    out.write('"');
    return;
  }
  const quote = style === 'single' ? "'" : '';
  out.write(quote);
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    if (isBreak(ch)) {
      // A run of line breaks: a leading \n needs an empty line before it (a
      // lone break would fold into a space), then each break as itself and
      // the indent for the text that follows.
      let breaks = ch === '\n' ? '\n' : '';
      while (isBreak(chars[i])) breaks += chars[i++]!;
      out.breakLine(breaks, indent);
      continue;
    }
    if (isSpace(ch) && foldsHere(i) && !isSpace(chars[i + 1])) out.newline(indent);
    else out.write(ch === "'" && quote ? "''" : ch);
    i++;
  }
  out.write(quote);
}

function writeScalar(out: Writer, value: Json, indent: number, fold = true): void {
  if (value === null) out.write('null');
  else if (typeof value === 'boolean') out.write(value ? 'true' : 'false');
  else if (typeof value === 'number') out.write(Number.isInteger(value) ? BigInt(value).toString() : pyFloatRepr(value));
  else if ((value as unknown) instanceof PyFloat) out.write(pyFloatRepr((value as unknown as PyFloat).value));
  else writeString(out, String(value), indent, fold);
}

const isEmptyContainer = (value: Json): boolean =>
  Array.isArray(value) ? value.length === 0 : isDict(value) && Object.keys(value).length === 0;

const utf8 = new TextEncoder();

/** True for a key that cannot be a one-line `key:`. */
function needsComplexKey(key: string): boolean {
  return utf8.encode(key).length > SIMPLE_KEY_BYTES || /[\n\r\x85\u2028\u2029]/.test(key);
}

/**
 * A value that follows `key:`, `- ` or `: ` on the same line, `indent` being
 * the indentation of the line that holds it.
 */
function writeInline(out: Writer, value: Json, indent: number): void {
  if (isEmptyContainer(value)) out.write(Array.isArray(value) ? '[]' : '{}');
  else if (Array.isArray(value)) writeSequence(out, value, indent + 2, true);
  else if (isDict(value)) writeMapping(out, value as Dict, indent + 2, true);
  else writeScalar(out, value, indent + 2);
}

/** Items as `- item` lines at `indent`; `inline` when the first goes on the current line. */
function writeSequence(out: Writer, items: Json[], indent: number, inline: boolean): void {
  items.forEach((item, i) => {
    if (i > 0 || !inline) out.newline(indent);
    out.write('- ');
    writeInline(out, item, indent);
  });
}

/** Entries as `key: value` lines at `indent`, keys in code point order. */
function writeMapping(out: Writer, dict: Dict, indent: number, inline: boolean): void {
  sortedPy(Object.keys(dict)).forEach((key, i) => {
    if (i > 0 || !inline) out.newline(indent);
    const value = dict[key]!;
    if (needsComplexKey(key)) {
      out.write('? ');
      writeScalar(out, key, indent + 2);
      out.newline(indent);
      out.write(': ');
      writeInline(out, value, indent);
      return;
    }
    writeScalar(out, key, indent, false);
    out.write(':');
    if (isEmptyContainer(value) || !(Array.isArray(value) || isDict(value))) {
      out.write(' ');
      writeInline(out, value, indent);
    } else if (Array.isArray(value)) writeSequence(out, value, indent, false);
    else writeMapping(out, value as Dict, indent + 2, false);
  });
}

/**
 * The YAML document for a result. A lone scalar is written as JSON (as the
 * CLI does, so no `...` end marker follows it).
 */
export function yamlDump(value: Json): string {
  if (!Array.isArray(value) && !isDict(value)) return `${pyJsonDumps(value, { ensureAscii: false })}\n`;
  const out = new Writer();
  if (isEmptyContainer(value)) out.write(Array.isArray(value) ? '[]' : '{}');
  else if (Array.isArray(value)) writeSequence(out, value, 0, true);
  else writeMapping(out, value as Dict, 0, true);
  return `${out.text}\n`;
}
