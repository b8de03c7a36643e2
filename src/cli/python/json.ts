/**
 * Python's json.loads and json.dumps, because the CLI reads parameter values
 * with one and prints through the other, and quotes json.loads's complaints:
 * `Invalid JSON: Expecting ',' delimiter: line 1 column 5 (char 4)`.
 * Written from RFC 8259, Python's json documentation and black-box runs of
 * python3 3.11: NaN, Infinity and -Infinity are read and written, the last of
 * duplicate keys wins, integers stay ints and other numbers become floats,
 * and positions count code points.
 */
import { pyFloatRepr, pyNumberRepr, pyTypeName } from './repr.ts';
import { isDict, markOrdered, PyFloat, type PyDict, type PyValue } from './values.ts';

/** A ValueError out of json.loads: JSONDecodeError's text, or int()'s digit limit. */
export class PyJsonError extends Error {
  /** What went wrong, without the position (JSONDecodeError.msg). */
  readonly msg: string;
  /** The code point where it was noticed (JSONDecodeError.pos); none for the digit limit. */
  readonly pos: number | undefined;

  constructor(msg: string, doc?: readonly string[], pos?: number) {
    let message = msg;
    if (doc !== undefined && pos !== undefined) {
      const before = doc.slice(0, pos);
      const lastNewline = before.lastIndexOf('\n');
      const line = before.filter((ch) => ch === '\n').length + 1;
      message += `: line ${line} column ${pos - lastNewline} (char ${pos})`;
    }
    super(message);
    this.name = 'PyJsonError';
    this.msg = msg;
    this.pos = pos;
  }
}

export interface PyJsonOptions {
  /** object_pairs_hook=OrderedDict, as the CLI uses for parameter values. */
  ordered?: boolean;
}

// int() refuses to read more digits than this (sys.get_int_max_str_digits() in 3.11).
const INT_DIGIT_LIMIT = 4300;

const isWhitespace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const WORDS: [string, () => PyValue][] = [
  ['null', () => null],
  ['true', () => true],
  ['false', () => false],
  ['NaN', () => new PyFloat(Number.NaN)],
  ['Infinity', () => new PyFloat(Infinity)],
  ['-Infinity', () => new PyFloat(-Infinity)],
];

/** Sets a key as an own property, `__proto__` included; a repeated key keeps its place and takes the new value. */
function setKey(dict: PyDict, key: string, value: PyValue): void {
  Object.defineProperty(dict, key, { value, writable: true, enumerable: true, configurable: true });
}

/** One document being read; `at` is the index of the next code point. */
class Reader {
  private readonly doc: readonly string[];
  private readonly ordered: boolean;
  private at = 0;

  constructor(text: string, ordered: boolean) {
    this.doc = Array.from(text);
    this.ordered = ordered;
  }

  document(): PyValue {
    if (this.doc[0] === '\ufeff') throw this.fail('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
    this.skipSpace();
    const value = this.value();
    this.skipSpace();
    if (this.at < this.doc.length) throw this.fail('Extra data', this.at);
    return value;
  }

  private fail(msg: string, pos: number): PyJsonError {
    return new PyJsonError(msg, this.doc, pos);
  }

  private skipSpace(): void {
    while (isWhitespace(this.doc[this.at])) this.at++;
  }

  private startsWith(word: string): boolean {
    return this.doc.slice(this.at, this.at + word.length).join('') === word;
  }

  private value(): PyValue {
    const ch = this.doc[this.at];
    if (ch === '"') return this.string();
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    for (const [word, make] of WORDS) {
      if (this.startsWith(word)) {
        this.at += word.length;
        return make();
      }
    }
    const number = this.number();
    if (number === undefined) throw this.fail('Expecting value', this.at);
    return number;
  }

  /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)?, each optional part only when complete. */
  private number(): PyValue | undefined {
    const start = this.at;
    let end = start;
    const digitsFrom = (i: number) => {
      while (isDigit(this.doc[i])) i++;
      return i;
    };
    if (this.doc[end] === '-') end++;
    if (this.doc[end] === '0') end++;
    else if (isDigit(this.doc[end])) end = digitsFrom(end);
    else return undefined;
    const intEnd = end;
    if (this.doc[end] === '.' && isDigit(this.doc[end + 1])) end = digitsFrom(end + 1);
    if (this.doc[end] === 'e' || this.doc[end] === 'E') {
      const sign = this.doc[end + 1] === '+' || this.doc[end + 1] === '-' ? 1 : 0;
      if (isDigit(this.doc[end + 1 + sign])) end = digitsFrom(end + 1 + sign);
    }
    this.at = end;
    const text = this.doc.slice(start, end).join('');
    if (end === intEnd) {
      const digits = text.replace('-', '').length;
      if (digits > INT_DIGIT_LIMIT) {
        throw new PyJsonError(
          `Exceeds the limit (${INT_DIGIT_LIMIT} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`,
        );
      }
      return Number(text) || 0; // no -0 among ints
    }
    const float = Number(text);
    return Number.isInteger(float) || !Number.isFinite(float) ? new PyFloat(float) : float;
  }

  private string(): string {
    const open = this.at++;
    let out = '';
    for (;;) {
      const ch = this.doc[this.at];
      if (ch === undefined) throw this.fail('Unterminated string starting at', open);
      if (ch === '"') {
        this.at++;
        return out;
      }
      if (ch < ' ') throw this.fail('Invalid control character at', this.at);
      if (ch !== '\\') {
        out += ch;
        this.at++;
        continue;
      }
      const escaped = this.doc[this.at + 1];
      if (escaped === undefined) throw this.fail('Unterminated string starting at', open);
      if (escaped === 'u') {
        const hex = this.doc.slice(this.at + 2, this.at + 6).join('');
        // Python also wants something after the four digits (the quote, at least).
        if (!/^[0-9a-fA-F]{4}$/.test(hex) || this.at + 6 >= this.doc.length) throw this.fail('Invalid \\uXXXX escape', this.at + 1);
        // A code unit: a \u escaped surrogate pair joins up in the JS string by itself.
        out += String.fromCharCode(parseInt(hex, 16));
        this.at += 6;
        continue;
      }
      const simple = SIMPLE_ESCAPES[escaped];
      if (simple === undefined) throw this.fail('Invalid \\escape', this.at);
      out += simple;
      this.at += 2;
    }
  }

  private array(): PyValue[] {
    const items: PyValue[] = [];
    this.at++;
    this.skipSpace();
    if (this.doc[this.at] === ']') {
      this.at++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
      const ch = this.doc[this.at];
      this.at++;
      if (ch === ']') return items;
      if (ch !== ',') throw this.fail("Expecting ',' delimiter", this.at - 1);
    }
  }

  private object(): PyDict {
    const dict: PyDict = {};
    if (this.ordered) markOrdered(dict);
    this.at++;
    this.skipSpace();
    if (this.doc[this.at] === '}') {
      this.at++;
      return dict;
    }
    for (;;) {
      this.skipSpace();
      if (this.doc[this.at] !== '"') throw this.fail('Expecting property name enclosed in double quotes', this.at);
      const key = this.string();
      this.skipSpace();
      if (this.doc[this.at] !== ':') throw this.fail("Expecting ':' delimiter", this.at);
      this.at++;
      this.skipSpace();
      setKey(dict, key, this.value());
      this.skipSpace();
      const ch = this.doc[this.at];
      this.at++;
      if (ch === '}') return dict;
      if (ch !== ',') throw this.fail("Expecting ',' delimiter", this.at - 1);
    }
  }
}

/** json.loads(doc), or with options.ordered json.loads(doc, object_pairs_hook=OrderedDict). */
export function pyJsonLoads(doc: string, options: PyJsonOptions = {}): PyValue {
  return new Reader(doc, options.ordered === true).document();
}

// ---------------------------------------------------------------------------

export interface PyJsonDumpOptions {
  /** null: one line with ', ' and ': ' separators (json.dumps default); a number: that many spaces a level, ',' at line ends. */
  indent?: number | null;
  /** true (the default): every character outside printable ASCII as \uXXXX. */
  ensureAscii?: boolean;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** What quote() must escape: with ensure_ascii, everything outside printable ASCII too. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
const NEEDS_ESCAPE_ASCII = /["\\\u0000-\u001f\u007f-\uffff]/;

function quote(text: string, ensureAscii: boolean): string {
  // Most strings (IDs, ARNs, dates) need no escape: copied whole, as the loop below would.
  if (!(ensureAscii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE).test(text)) return `"${text}"`;
  let out = '"';
  // By code unit: with ensure_ascii an astral character is its surrogate pair, and a lone surrogate stays one escape.
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const unit = ch.charCodeAt(0);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (unit < 0x20 || (ensureAscii && unit > 0x7e)) out += `\\u${unit.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function floatText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return pyFloatRepr(n);
}

/** json.dumps(value, indent=…, ensure_ascii=…): dict keys in their order, floats as repr() writes them. */
export function pyJsonDumps(value: unknown, options: PyJsonDumpOptions = {}): string {
  const indent = options.indent ?? null;
  const ensureAscii = options.ensureAscii ?? true;
  const write = (v: unknown, depth: number): string => {
    if (v === null || v === undefined) return 'null';
    if (v === true || v === false) return String(v);
    if (typeof v === 'number') return Number.isFinite(v) ? pyNumberRepr(v) : floatText(v);
    if (v instanceof PyFloat) return floatText(v.value);
    if (typeof v === 'string') return quote(v, ensureAscii);
    let parts: string[];
    let open: string;
    let close: string;
    if (Array.isArray(v)) {
      parts = v.map((item) => write(item, depth + 1));
      [open, close] = ['[', ']'];
    } else if (isDict(v)) {
      parts = Object.entries(v)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => `${quote(key, ensureAscii)}: ${write(item, depth + 1)}`);
      [open, close] = ['{', '}'];
    } else {
      throw new TypeError(`Object of type ${pyTypeName(v)} is not JSON serializable`);
    }
    if (parts.length === 0) return open + close;
    if (indent === null) return open + parts.join(', ') + close;
    const inner = `\n${' '.repeat(indent * (depth + 1))}`;
    return `${open}${inner}${parts.join(`,${inner}`)}\n${' '.repeat(indent * depth)}${close}`;
  };
  return write(value, 0);
}
