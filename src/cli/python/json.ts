/**
 * Python's json.loads (CPython 3.11's C scanner), because the CLI quotes its
 * error text: `Invalid JSON: Expecting ',' delimiter: line 1 column 5 (char 4)`.
 * Integers stay numbers, numbers with a fraction or exponent become PyFloat,
 * NaN/Infinity are accepted, duplicate keys keep the last value.
 */
import { pyFloatRepr, pyNumberRepr } from './repr.ts';
import { markOrdered, PyFloat, type PyDict, type PyValue } from './values.ts';

export class PyJsonError extends Error {
  readonly position: number;
  /** chars: the document's code points (Python's positions count those). */
  constructor(message: string, chars: readonly string[], position: number) {
    let line = 1;
    let lastNewline = -1;
    for (let i = 0; i < position && i < chars.length; i++) {
      if (chars[i] === '\n') {
        line++;
        lastNewline = i;
      }
    }
    super(`${message}: line ${line} column ${position - lastNewline} (char ${position})`);
    this.name = 'PyJsonError';
    this.position = position;
  }
}

/** StopIteration(idx) inside the scanner: "Expecting value" where it is caught. */
class NoValue {
  readonly position: number;
  constructor(position: number) {
    this.position = position;
  }
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

export interface PyJsonOptions {
  /** object_pairs_hook=OrderedDict, as the CLI uses for parameter values. */
  ordered?: boolean;
}

export function pyJsonLoads(doc: string, options: PyJsonOptions = {}): PyValue {
  // Python counts code points; work on an array of them so positions match.
  const s = Array.from(doc);
  const fail = (message: string, pos: number): never => {
    throw new PyJsonError(message, s, pos);
  };
  if (s[0] === '\ufeff') fail('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
  const skip = (i: number) => {
    while (i < s.length && WS.has(s[i]!)) i++;
    return i;
  };

  const scanString = (start: number): [string, number] => {
    // start is just after the opening quote
    let out = '';
    let i = start;
    for (;;) {
      if (i >= s.length) fail('Unterminated string starting at', start - 1);
      const c = s[i]!;
      if (c === '"') return [out, i + 1];
      if (c === '\\') {
        i++;
        if (i >= s.length) fail('Unterminated string starting at', start - 1);
        const e = s[i]!;
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          i++;
          continue;
        }
        if (e !== 'u') fail('Invalid \\escape', i - 1);
        const readHex = (at: number): number => {
          const hex = s.slice(at, at + 4).join('');
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape', at - 1);
          return parseInt(hex, 16);
        };
        let code = readHex(i + 1);
        i += 5;
        if (code >= 0xd800 && code < 0xdc00 && s[i] === '\\' && s[i + 1] === 'u') {
          const low = readHex(i + 2);
          if (low >= 0xdc00 && low < 0xe000) {
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
            i += 6;
          }
        }
        out += String.fromCodePoint(code);
        continue;
      }
      if (c.codePointAt(0)! < 0x20) fail('Invalid control character at', i);
      out += c;
      i++;
    }
  };

  const scanOnce = (i: number, depth: number): [PyValue, number] => {
    if (depth > 900) fail('Maximum recursion depth exceeded', i);
    if (i >= s.length) throw new NoValue(i);
    const c = s[i]!;
    if (c === '"') return scanString(i + 1);
    if (c === '{') return parseObject(i + 1, depth);
    if (c === '[') return parseArray(i + 1, depth);
    const rest = (n: number) => s.slice(i, i + n).join('');
    if (c === 'n' && rest(4) === 'null') return [null, i + 4];
    if (c === 't' && rest(4) === 'true') return [true, i + 4];
    if (c === 'f' && rest(5) === 'false') return [false, i + 5];
    const tail = s.slice(i, i + 400).join('');
    NUMBER.lastIndex = 0;
    const m = NUMBER.exec(tail);
    if (m) {
      const token = m[0];
      const value: PyValue = m[1] !== undefined || m[2] !== undefined ? new PyFloat(Number(token)) : Number(token);
      return [value, i + Array.from(token).length];
    }
    if (c === 'N' && rest(3) === 'NaN') return [new PyFloat(Number.NaN), i + 3];
    if (c === 'I' && rest(8) === 'Infinity') return [new PyFloat(Number.POSITIVE_INFINITY), i + 8];
    if (c === '-' && rest(9) === '-Infinity') return [new PyFloat(Number.NEGATIVE_INFINITY), i + 9];
    throw new NoValue(i);
  };

  const parseObject = (start: number, depth: number): [PyValue, number] => {
    const obj: PyDict = {};
    if (options.ordered) markOrdered(obj);
    let i = skip(start);
    if (i < s.length && s[i] === '}') return [obj, i + 1];
    for (;;) {
      if (i >= s.length || s[i] !== '"') fail('Expecting property name enclosed in double quotes', i);
      const [key, afterKey] = scanString(i + 1);
      i = skip(afterKey);
      if (i >= s.length || s[i] !== ':') fail("Expecting ':' delimiter", i);
      i = skip(i + 1);
      const [value, afterValue] = scanOnce(i, depth + 1);
      // A repeated key keeps its first position in Python's dict; "__proto__" is a key like any other.
      Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
      i = skip(afterValue);
      if (i < s.length && s[i] === '}') return [obj, i + 1];
      if (i >= s.length || s[i] !== ',') fail("Expecting ',' delimiter", i);
      i = skip(i + 1);
    }
  };

  const parseArray = (start: number, depth: number): [PyValue, number] => {
    const arr: PyValue[] = [];
    let i = skip(start);
    if (i < s.length && s[i] === ']') return [arr, i + 1];
    for (;;) {
      const [value, after] = scanOnce(i, depth + 1);
      arr.push(value);
      i = skip(after);
      if (i < s.length && s[i] === ']') return [arr, i + 1];
      if (i >= s.length || s[i] !== ',') fail("Expecting ',' delimiter", i);
      i = skip(i + 1);
    }
  };

  const begin = skip(0);
  let value: PyValue;
  let end: number;
  try {
    [value, end] = scanOnce(begin, 0);
  } catch (e) {
    if (e instanceof NoValue) return fail('Expecting value', e.position);
    throw e;
  }
  end = skip(end);
  if (end !== s.length) fail('Extra data', end);
  return value;
}

export interface PyJsonDumpOptions {
  /** null: one line with ', ' and ': ' separators (json.dumps default). */
  indent?: number | null;
  ensureAscii?: boolean;
}

/** json.dumps: Python's separators, float repr and (by default) \u escapes for non-ASCII. */
export function pyJsonDumps(value: unknown, options: PyJsonDumpOptions = {}, level = 0): string {
  const indent = options.indent ?? null;
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? pyNumberRepr(value) : floatText(value);
  if (value instanceof PyFloat) return floatText(value.value);
  if (typeof value === 'string') return jsonString(value, options.ensureAscii ?? true);
  const isArray = Array.isArray(value);
  const items = isArray
    ? (value as unknown[]).map((v) => pyJsonDumps(v, options, level + 1))
    : Object.entries(value as Record<string, unknown>).map(([k, v]) => `${jsonString(k, options.ensureAscii ?? true)}: ${pyJsonDumps(v, options, level + 1)}`);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (items.length === 0) return open + close;
  if (indent === null) return open + items.join(', ') + close;
  const inner = `\n${' '.repeat(indent * (level + 1))}`;
  return `${open}${inner}${items.join(`,${inner}`)}\n${' '.repeat(indent * level)}${close}`;
}

function floatText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return pyFloatRepr(n);
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function jsonString(s: string, ensureAscii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || (ensureAscii && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
