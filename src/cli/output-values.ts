/** The values the CLI formats, and the Python semantics its formatters depend on (str(), repr, json.dumps). */
import { base64Encode } from '../kms/base64.ts';

/**
 * A formatter crashed where the Python one raises (odd `--query` results only).
 * The CLI prints `\n<message>\n` on stderr and exits 255.
 */
export class OutputError extends Error {
  readonly exitCode = 255;
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

// ---------------------------------------------------------------------------
// Values

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Dict = { [key: string]: Json };

/**
 * Turns a simulator response into the JSON-like value the CLI formats:
 * Uint8Array → base64 (botocore's blob handling), Date → cli_timestamp_format
 * iso8601 string; members that are undefined are absent.
 */
export function toCliValue(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return base64Encode(value);
  if (value instanceof Date) return formatTimestamp(value);
  if (Array.isArray(value)) return value.map(toCliValue);
  if (typeof value === 'object') {
    const out: Dict = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toCliValue(v);
    return out;
  }
  return String(value);
}

/**
 * The CLI's timestamp text: `datetime.isoformat()` of the parsed wire value,
 * microseconds only when non-zero (`2024-05-01T10:15:30+00:00`,
 * `2024-05-01T10:15:30.135000+00:00`). The simulator's clock is UTC.
 */
export function formatTimestamp(date: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  return `${base}${ms === 0 ? '' : `.${pad(ms * 1000, 6)}`}+00:00`;
}

export function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isEmptyDict(value: Json): boolean {
  return isDict(value) && Object.keys(value).length === 0;
}

export function isScalar(value: Json): value is null | boolean | number | string {
  return value === null || typeof value !== 'object';
}

// ---------------------------------------------------------------------------
// Python semantics

/** Python truthiness (`if not current:`). NaN is truthy in Python. */
export function pyTruthy(value: Json): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return Object.keys(value).length > 0;
}

/** Orders strings as Python does: by code point, not by UTF-16 unit. */
export function comparePy(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(j) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i === b.length - j ? 0 : a.length - i < b.length - j ? -1 : 1;
}

export function sortedPy(keys: Iterable<string>): string[] {
  return [...keys].sort(comparePy);
}

/**
 * Python's repr() of a float (also what str() and json.dumps print). JS
 * numbers do not remember int versus float; integral values print as ints,
 * which is what every KMS response holds.
 */
export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  if (Number.isInteger(n)) return BigInt(n).toString();
  // toExponential() gives the shortest round-tripping digits, as repr does.
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exp = Number.parseInt(expText, 10);
  const sign = n < 0 ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
}

export const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp !== 0x20 && NON_PRINTABLE.test(ch)) {
      const hex = cp.toString(16);
      out += cp <= 0xff ? `\\x${hex.padStart(2, '0')}` : cp <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return pyStrRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return pyStr(value);
}

/** Python's str() of a JSON-like value (`True`, `None`, `{'a': 1}`). */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  return pyRepr(value);
}

export function pyTypeName(value: Json): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

// ---------------------------------------------------------------------------
// JSON: Python's json encoder.

export const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

export function pyJsonString(s: string): string {
  // ensure_ascii=False: only quotes, backslashes and C0 controls are escaped.
  return `"${s.replace(/["\\\x00-\x1f]/g, (ch) => JSON_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

export function pyJsonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  return pyNumber(n);
}

/** json.dumps(value, indent=indent, ensure_ascii=False); indent null = one line. */
export function pyJsonDumps(value: Json, indent: number | null, level = 0): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return pyJsonNumber(value);
  if (typeof value === 'string') return pyJsonString(value);
  const items = Array.isArray(value)
    ? value.map((v) => pyJsonDumps(v, indent, level + 1))
    : Object.entries(value).map(([k, v]) => `${pyJsonString(k)}: ${pyJsonDumps(v, indent, level + 1)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (items.length === 0) return open + close;
  if (indent === null) return open + items.join(', ') + close;
  const inner = `\n${' '.repeat(indent * (level + 1))}`;
  return `${open}${inner}${items.join(`,${inner}`)}\n${' '.repeat(indent * level)}${close}`;
}
