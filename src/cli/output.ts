/**
 * What AWS CLI v2 (2.9.19) prints on stdout for a response, in each
 * `--output` format. Each formatter is a port of the CLI's own code:
 *
 * - json: awscli/formatter.py JSONFormatter → Python json.dump(indent=4, ensure_ascii=False)
 * - text: awscli/text.py
 * - table: awscli/formatter.py TableFormatter + awscli/table.py, printed as to
 *   a pipe (no colour, terminal width 80 unless given)
 * - yaml, yaml-stream: awscli/formatter.py YAMLDumper → ruamel.yaml 0.17
 *   typ='safe' with the libyaml-based C emitter (ruamel.yaml.clib 0.2.7)
 *
 * Python semantics matter in the details (str() of True/None, float repr,
 * sorting by code point, banker's rounding, east-asian display width), so
 * small Python-compatible helpers come first.
 */
import { base64Encode } from '../kms/base64.ts';

export type OutputFormat = 'json' | 'text' | 'table' | 'yaml' | 'yaml-stream';

export interface FormatOptions {
  format: OutputFormat;
  /** The operation's API name (`DescribeKey`): the table format's title. */
  operationName: string;
  /** Width the table format fits to; the CLI uses 80 when stdout is not a terminal. */
  terminalWidth?: number;
}

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

/**
 * Formats a (possibly --query-reduced) result exactly as the CLI writes it to
 * stdout, including the final newline; '' where the CLI prints nothing.
 */
export function formatOutput(result: unknown, options: FormatOptions): string {
  const value = toCliValue(result);
  switch (options.format) {
    case 'json':
      // The CLI skips only an empty dict ({} from operations without output).
      return isEmptyDict(value) ? '' : `${pyJsonDumps(value, 4)}\n`;
    case 'text':
      return formatText(value);
    case 'table':
      return formatTable(options.operationName, value, options.terminalWidth ?? 80);
    case 'yaml':
      return isEmptyDict(value) ? '' : yamlDump(value);
    case 'yaml-stream':
      // Each response is written as a one-item list (one item per page).
      return isEmptyDict(value) ? '' : yamlDump([value]);
  }
}

// ---------------------------------------------------------------------------
// Values

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Dict = { [key: string]: Json };

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

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isEmptyDict(value: Json): boolean {
  return isDict(value) && Object.keys(value).length === 0;
}

function isScalar(value: Json): value is null | boolean | number | string {
  return value === null || typeof value !== 'object';
}

// ---------------------------------------------------------------------------
// Python semantics

/** Python truthiness (`if not current:`). NaN is truthy in Python. */
function pyTruthy(value: Json): boolean {
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

function sortedPy(keys: Iterable<string>): string[] {
  return [...keys].sort(comparePy);
}

/**
 * Python's repr() of a float (also what str() and json.dumps print). JS
 * numbers do not remember int versus float; integral values print as ints,
 * which is what every KMS response holds.
 */
function pyNumber(n: number): string {
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

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function pyStrRepr(s: string): string {
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

function pyRepr(value: unknown): string {
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

function pyTypeName(value: Json): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

// ---------------------------------------------------------------------------
// JSON: Python's json encoder.

const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function pyJsonString(s: string): string {
  // ensure_ascii=False: only quotes, backslashes and C0 controls are escaped.
  return `"${s.replace(/["\\\x00-\x1f]/g, (ch) => JSON_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function pyJsonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  return pyNumber(n);
}

/** json.dumps(value, indent=indent, ensure_ascii=False); indent null = one line. */
function pyJsonDumps(value: Json, indent: number | null, level = 0): string {
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

// ---------------------------------------------------------------------------
// text: awscli/text.py

function formatText(data: Json): string {
  const out: string[] = [];
  formatTextItem(data, out, null, null);
  return out.join('');
}

function formatTextItem(item: Json, out: string[], identifier: string | null, scalarKeys: string[] | null): void {
  if (Array.isArray(item)) formatTextList(item, out, identifier);
  else if (isDict(item)) formatTextDict(scalarKeys, item, identifier, out);
  else out.push(`${pyStr(item)}\n`);
}

function formatTextList(item: Json[], out: string[], identifier: string | null): void {
  if (item.length === 0) return;
  if (item.some(isDict)) {
    const allKeys = allScalarKeys(item);
    for (const element of item) formatTextItem(element, out, identifier, allKeys);
  } else if (item.some(Array.isArray)) {
    const scalars = item.filter((el) => !Array.isArray(el) && !isDict(el));
    const nonScalars = item.filter((el) => Array.isArray(el) || isDict(el));
    if (scalars.length > 0) formatScalarList(scalars, out, identifier);
    for (const nonScalar of nonScalars) formatTextItem(nonScalar, out, identifier, null);
  } else {
    formatScalarList(item, out, identifier);
  }
}

function formatScalarList(elements: Json[], out: string[], identifier: string | null): void {
  if (identifier !== null) {
    for (const item of elements) out.push(`${identifier.toUpperCase()}\t${pyStr(item)}\n`);
  } else {
    out.push(`${elements.map(pyStr).join('\t')}\n`);
  }
}

function formatTextDict(scalarKeys: string[] | null, item: Dict, identifier: string | null, out: string[]): void {
  const scalars: string[] = [];
  const nonScalars: [string, Json][] = [];
  if (scalarKeys === null) {
    for (const key of sortedPy(Object.keys(item))) {
      const value = item[key] ?? null;
      if (isScalar(value)) scalars.push(pyStr(value));
      else nonScalars.push([key, value]);
    }
  } else {
    // Every row of a list of dicts has a column for each scalar key seen in any row.
    for (const key of scalarKeys) scalars.push(Object.hasOwn(item, key) ? pyStr(item[key]) : '');
    const scalarSet = new Set(scalarKeys);
    for (const key of sortedPy(Object.keys(item).filter((k) => !scalarSet.has(k)))) nonScalars.push([key, item[key] ?? null]);
  }
  if (scalars.length > 0) {
    if (identifier !== null) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [newIdentifier, nonScalar] of nonScalars) formatTextItem(nonScalar, out, newIdentifier, null);
}

function allScalarKeys(listOfDicts: Json[]): string[] {
  const seen = new Set<string>();
  for (const element of listOfDicts) {
    // Python calls .items() on every element; a scalar in the list crashes it.
    if (!isDict(element)) throw new OutputError(`'${pyTypeName(element)}' object has no attribute 'items'`);
    for (const [key, value] of Object.entries(element)) if (isScalar(value)) seen.add(key);
  }
  return sortedPy(seen);
}

// ---------------------------------------------------------------------------
// table: awscli/formatter.py TableFormatter and awscli/table.py

// Ranges of code points whose unicodedata.east_asian_width() is W, F or A in
// Unicode 14.0 (Python 3.11, the CLI's interpreter): `gap.length` pairs in
// base 36, gap from the previous range's end. Checked against Python by
// test/cli/output.test.ts.
const WIDE_RANGES =
  '4h.0,2.0,2.1,1.0,2.1,1.4,1.4,1.3,6.0,9.0,6.1,5.3,4.0,1.2,1.1,2.0,1.1,3.3,1.0,1.0,2.0,f.0,1.0,' +
  '7.0,a.1,3.0,5.2,4.0,6.3,1.0,3.3,1.0,4.1,i.1,3.0,2q.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,38.0,f.0,2q.0,' +
  '2.0,1.2,1.0,2.0,7.3,1.0,1.0,w.33,8.1,6.3,7.0,1.0,3.o,7.g,1.6,1j.0,e.1r,1.0,66.0,12.1,1e.1,3.0,' +
  '1j.7,r.3,6.a,7i.0,1o.1,2t.d,1n.1,1d.1,f.0,s.1,1.0,b.4,v.0,2.5,6k.0,8.1,2.1,m.0,7.0,1.2,4.1,9.1,' +
  '2.1,4.7,1.3,2.0,5.1,p.1,3.0,6.3,2.1,m.0,7.0,2.0,2.0,2.1,1.0,5.3,2.1,3.2,1.6,4.0,1.6,h.9,3.0,9.0,' +
  '3.0,m.0,7.0,2.0,5.1,a.0,3.0,3.1,1.e,4.1,c.6,7.0,3.0,8.1,2.1,m.0,7.0,2.0,5.1,9.1,2.1,3.6,3.3,2.0,' +
  '5.1,i.9,2.0,6.2,3.0,4.2,2.0,1.0,2.2,2.2,3.2,c.3,5.2,3.0,4.1,1.5,1.d,l.4,d.0,3.0,n.0,g.1,9.0,3.0,' +
  '4.6,2.0,3.1,1.1,4.1,a.6,m.0,3.0,n.0,a.0,5.1,9.0,3.0,4.6,2.5,2.0,4.1,a.0,2.c,d.0,3.0,1f.0,3.0,' +
  '6.3,g.1,q.0,3.0,i.2,o.0,9.0,1.1,7.2,1.3,6.0,1.0,8.5,a.1,3.b,1m.3,t.10,2.0,1.0,5.0,o.0,1.0,n.1,' +
  '5.0,1.0,6.1,a.1,4.v,20.0,10.3,13.0,10.0,f.0,d.10,5i.0,1.4,1.1,1c.2n,6h.0,4.1,7.0,1.0,4.1,15.0,' +
  '4.1,x.0,4.1,7.0,1.0,4.1,f.0,1l.0,4.1,1v.1,w.2,q.5,2e.1,6.1,il.2,2h.6,m.8,o.8,k.b,d.0,3.0,2.b,' +
  '2m.1,a.5,a.5,q.5,2h.6,17.4,1y.9,v.0,c.3,c.3,1.2,16.1,5.a,18.3,q.5,b.2,1q.1,1t.0,t.1,b.5,a.5,e.1,' +
  'v.1c,25.2,1b.0,38.7,1o.2,f.2,1o.6,17.1,b.7,17.4,eu.1,6.1,12.1,6.1,8.0,1.0,1.0,1.0,v.1,1h.0,f.0,' +
  'e.1,6.0,j.1,3.0,9.0,g.0,2.3,1.1,2.1,2.2,1.3,8.0,1.1,1.0,5.0,2.0,12.0,c.2,a.0,1.3,a.0,d.2,c.0,' +
  'k.e,x.e,3.0,1.0,3.0,9.0,2.0,a.1,3.0,4.0,13.1,6.3,1.b,4.9,f.0,2.d,u.1,o.0,1.0,i.0,o.0,1.1,3.1,' +
  '2.0,3.0,1.0,3.0,4.0,2.3,2.0,1.0,1.5,1.0,5.3,4.1,a.0,3.0,5.0,d.1,2.3,2.1,2.1,i.1,2.1,d.0,3.0,b.0,' +
  'p.0,2a.0,7.1,d.1,5a.3,3.0,2.0,1f.o,b.4e,1.2o,4.z,c.f,2.3,a.1,1.6,8.1,2.1,4.1,2.1,4.2,2.0,2.3,' +
  'g.3,9.0,d.1,6.1,2.0,4.1,4.1,6.0,1.0,x.0,1.0,5.b,c.1,1.2,1.3,1.1,1.0,f.0,j.0,a.1,1.0,8.1,h.2,4.t,' +
  '1.0,4.n,5.0,4.1,s.0,k.0,e.0,1.0,4.2,1.0,u.9,l.2,o.0,e.0,nv.1,1f.0,4.4,q.1,w.0,9p.4,19.0,1.4,1.1,' +
  '1k.6,2.d,o.8,7.0,7.0,7.0,7.0,7.0,7.0,7.0,7.0,3i.dc,1.5tr,1s.h5b,9o.j,54.7,5n.4,2.0,1.0,5.n,1n.2,' +
  'a.5,1k.7,1y.7,c.5,38.a,1.v,26.0,b.3,x.0,1j.8,e.1,a.1,2v.n,s.9,6.1,6.1,6.8,7.0,7.0,1o.3,3i.1,' +
  'a.8mt,n.3,1d.3,1kw.5bz,7.b,5.4,q.0,5.0,1.0,2.0,2.0,3h.f,cd.1,1i.6,1.v,g.v,g.1r,5.0,3r.1,1.2o,' +
  '2m.2,6.1,6.1,6.1,3.a,7.9,4.2,c.0,q.0,j.0,2.0,f.1,e.x,3f.4,3.3,19.2,2g.0,d.2,1.1a,1a.3l,t.2,1d.e,' +
  's.3,10.8,u.4,17.4,u.0,11.3,e.15,4e.1,a.5,10.3,10.3,14.7,1g.a,c.0,f.0,7.0,2.0,b.0,f.0,7.0,2.1u,' +
  '8n.8,m.9,8.n,6.0,16.0,9.1w,6.1,1.0,18.0,2.2,1.1,n.0,20.7,9.1b,j.0,2.4,x.2,r.4,1.1r,1k.3,k.1,' +
  '1e.0,2.4,8.0,3.0,t.1,3.3,a.6,9.6,1s.v,13.3,c.8,1i.2,t.1,r.4,q.6,4.b,7.27,21.1i,1f.c,1f.6,1a.7,' +
  'a.85,v.0,16.0,3.1,2.25,14.7,16.l,q.11,s.j,n.8,26.3,10.8,1w.9,1.1,p.6,a.5,1h.0,i.7,13.8,2o.0,k.a,' +
  'i.0,18.1s,7.0,1.0,4.0,f.0,b.5,1n.4,a.5,4.0,8.1,2.1,m.0,7.0,2.0,5.0,a.1,2.1,3.1,1.5,1.4,7.1,7.2,' +
  '5.3u,2k.0,5.t,20.7,a.4l,1i.1,12.x,1x.a,a.5,d.i,1m.5,a.1h,r.1,f.3,n.54,1o.2r,2b.b,8.1,1.1,8.0,' +
  '2.0,u.0,2.1,c.8,a.1x,8.1,1a.1,b.q,20.7,2b.c,21.7a,9.0,19.0,e.9,t.2,w.1,m.0,e.20,7.0,2.0,18.2,' +
  '1.0,2.0,9.7,a.5,6.0,2.0,11.0,2.0,6.6,a.8l,p.52,1.e,1e.c,pn.2t,33.0,5.a,5g.217,2r.c,tr.0,9.346,' +
  'g7.6ns,ft.6,v.0,a.3,29.0,a.5,u.1,6.9,1y.9,a.0,7.0,l.4,j.j3,2j.2s,23.3,1l.6,h.f33,2z.4,d.2,9.6,' +
  'a.1,8.3mj,1a.1,n.8,38.1n,6u.9,13.1,5e.k,1y.49,k.b,2f.8,p.3q,2d.0,1z.0,2.1,1.1,2.1,4.0,c.0,1.0,' +
  '7.0,1t.0,4.1,8.0,7.0,s.0,4.0,5.0,1.2,7.0,9g.1,84.1,ji.e,5.0,f.un,v.68,7.0,h.1,7.0,2.0,5.5w,19.2,' +
  'e.1,a.3,2.8v,v.g,1m.4,1.yn,7.0,4.0,2.0,f.0,5h.1,g.14,24.3,a.3,2.ls,1w.23,1p.5d,4.0,r.0,2.0,1.1,' +
  '1.0,a.0,4.0,1.0,1.5,1.3,1.0,1.0,1.0,3.0,2.0,1.1,1.0,1.0,1.0,1.0,1.0,2.0,1.1,4.0,7.0,4.0,4.0,1.0,' +
  'a.0,h.4,3.0,5.0,h.1f,2.7h,4.0,13.3,2s.b,f.1,f.0,e.1,11.k,5.t,2.1l,6.1o,1.1j,q.80,c.8,1.1x,1.l,' +
  'c.16,4.4,c.g,3.0,3.1y,1.0,1.56,2.1q,d.3,1.n,i.0,q.1,d.0,2e.2c,1c.1x,6.0,3.2,2.a,b.4,4.b,38.b,' +
  '2h.12,c.3,1k.7,a.5,14.7,u.1,2.25,c.1a,1.9,1.54,2c.b,e.41,43.0,1j.10,a.gvly,1.t,2o.47lr';

let wideStarts: number[] | undefined;
let wideEnds: number[] = [];

function isWide(cp: number): boolean {
  if (cp < 0xa1) return false;
  if (wideStarts === undefined) {
    const starts: number[] = [];
    let end = -1;
    for (const pair of WIDE_RANGES.split(',')) {
      const [gap = '0', len = '0'] = pair.split('.');
      const start = end + 1 + Number.parseInt(gap, 36);
      end = start + Number.parseInt(len, 36);
      starts.push(start);
      wideEnds.push(end);
    }
    wideStarts = starts;
  }
  let lo = 0;
  let hi = wideStarts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < (wideStarts[mid] ?? 0)) hi = mid - 1;
    else if (cp > (wideEnds[mid] ?? 0)) lo = mid + 1;
    else return true;
  }
  return false;
}

/** table.get_text_length: wide and ambiguous characters count as two columns. */
export function textWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return n;
}

// Python's round() on floats rounds halves to even.
function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function spaces(n: number): string {
  return n > 0 ? ' '.repeat(n) : '';
}

function centerText(text: string, length: number, leftEdge: string, rightEdge: string, textLength: number): string {
  const charStart = Math.floor(length / 2) - Math.floor(textLength / 2) - 1;
  const lengthSoFar = textWidth(leftEdge) + charStart + textLength;
  const rightSideSpaces = length - textWidth(rightEdge) - lengthSoFar;
  return leftEdge + spaces(charStart) + text + spaces(rightSideSpaces) + rightEdge;
}

function alignLeft(text: string, length: number, leftEdge: string, rightEdge: string, textLength: number): string {
  const leftPadding = 2;
  const computed = textLength + leftPadding + textWidth(leftEdge) + textWidth(rightEdge);
  const padding = length - computed >= 0 ? leftPadding : 0;
  const lengthSoFar = leftEdge.length + padding + textLength;
  return leftEdge + spaces(padding) + text + spaces(length - lengthSoFar - rightEdge.length) + rightEdge;
}

class Section {
  title = '';
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  private numCols: number | null = null;
  private maxWidths: number[] = [];

  calculateColumnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => pyRound(scale * w));
    let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (offBy !== 0) {
      const order = scaled.map((_, i) => i);
      if (offBy < 0) order.reverse();
      for (const i of order) {
        if (offBy > 0) {
          scaled[i] = (scaled[i] ?? 0) - 1;
          offBy -= 1;
        } else {
          scaled[i] = (scaled[i] ?? 0) + 1;
          offBy += 1;
        }
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, withBorder: boolean, outerPadding: number): number {
    let total = 0;
    for (const w of this.calculateColumnWidths()) total += w + padding;
    if (withBorder) total += 2;
    total += outerPadding * 2;
    return Math.max(textWidth(this.title) + 2 + outerPadding * 2, total);
  }

  addHeader(headers: string[]): void {
    this.updateMaxWidths(headers);
    if (this.numCols === null) this.numCols = headers.length;
    this.headers = headers;
  }

  addRow(row: string[]): void {
    if (this.numCols === null) this.numCols = row.length;
    if (row.length !== this.numCols) {
      throw new OutputError(`Row should have ${this.numCols} elements, instead it has ${row.length}`);
    }
    this.rows.push(row);
    this.updateMaxWidths(row);
  }

  private updateMaxWidths(row: string[]): void {
    if (this.maxWidths.length === 0) {
      this.maxWidths = row.map(textWidth);
    } else {
      row.forEach((el, i) => {
        this.maxWidths[i] = Math.max(textWidth(el), this.maxWidths[i] ?? 0);
      });
    }
  }
}

class MultiTable {
  private sections: Section[] = [];
  private current: Section | undefined;
  private readonly terminalWidth: number;

  constructor(terminalWidth: number) {
    this.terminalWidth = terminalWidth;
  }

  private section(): Section {
    if (this.current === undefined) throw new OutputError("'NoneType' object has no attribute 'add_row'");
    return this.current;
  }

  addRowHeader(headers: string[]): void {
    this.section().addHeader(headers);
  }

  addRow(elements: Json[]): void {
    this.section().addRow(elements.map(pyStr));
  }

  newSection(title: string, indentLevel: number): void {
    this.current = new Section();
    this.sections.push(this.current);
    this.current.title = title;
    this.current.indentLevel = indentLevel;
  }

  render(): string {
    let maxWidth = this.calculateMaxWidth();
    if (maxWidth > this.terminalWidth) {
      this.convertToVerticalTable();
      maxWidth = this.calculateMaxWidth();
    }
    const out: string[] = [`${'-'.repeat(maxWidth)}\n`];
    for (const section of this.sections) this.renderSection(section, maxWidth, out);
    return out.join('');
  }

  private calculateMaxWidth(): number {
    return Math.max(...this.sections.map((s) => s.totalWidth(4, true, s.indentLevel)));
  }

  // A section holding one row under headers is shown as header|value rows.
  private convertToVerticalTable(): void {
    this.sections = this.sections.map((section) => {
      const row = section.rows[0];
      if (section.rows.length !== 1 || section.headers.length === 0 || row === undefined) return section;
      const vertical = new Section();
      vertical.title = section.title;
      vertical.indentLevel = section.indentLevel;
      section.headers.forEach((header, i) => {
        if (i < row.length) vertical.addRow([header, row[i] ?? '']);
      });
      return vertical;
    });
  }

  private renderSection(section: Section, maxWidth: number, out: string[]): void {
    // IndentedStream: one '|' per level on both sides of every line.
    const edge = '|'.repeat(section.indentLevel);
    const write = (line: string) => out.push(`${edge}${line}${edge}\n`);
    const width = maxWidth - section.indentLevel * 2;
    if (section.title) {
      write(centerText(section.title, width, '|', '|', textWidth(section.title)));
      if (section.headers.length === 0 && section.rows.length === 0) write(`+${'-'.repeat(Math.max(0, width - 2))}+`);
    }
    if (section.headers.length > 0) {
      const widths = section.calculateColumnWidths(4, width);
      let current = '';
      section.headers.forEach((header, i) => {
        const w = widths[i];
        if (w === undefined) return;
        current += centerText(header, w, i === 0 ? '|' : '', '|', textWidth(header));
      });
      write(lineBreak(widths));
      write(current);
    }
    if (section.rows.length > 0) {
      const widths = section.calculateColumnWidths(4, width);
      if (widths.length === 0) return;
      write(lineBreak(widths));
      for (const row of section.rows) {
        let current = '';
        row.forEach((element, i) => {
          const w = widths[i];
          if (w === undefined) return;
          current += alignLeft(element, w, i === 0 ? '|' : '', '|', textWidth(element));
        });
        write(current);
      }
      write(lineBreak(widths));
    }
  }
}

function lineBreak(widths: number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${'-'.repeat(Math.max(0, w - 2))}+` : `${'-'.repeat(Math.max(0, w - 1))}+`)).join('');
}

function formatTable(title: string, data: Json, terminalWidth: number): string {
  const table = new MultiTable(terminalWidth);
  return buildTable(table, title, data, 0) ? table.render() : '';
}

function buildTable(table: MultiTable, title: string | null, current: Json, indentLevel: number): boolean {
  if (!pyTruthy(current)) return false;
  if (title !== null) table.newSection(title, indentLevel);
  if (Array.isArray(current)) {
    if (isDict(current[0])) {
      buildSubTableFromList(table, current, indentLevel, title);
    } else {
      for (const item of current) {
        if (isScalar(item)) table.addRow([item]);
        // Iterating a dict yields its keys, so a dict of any values lands here as its keys.
        else if (isDict(item)) table.addRow(Object.keys(item));
        else if (item.every(isScalar)) table.addRow(item);
        else buildTable(table, null, item, 0);
      }
    }
  }
  if (isDict(current)) buildSubTableFromDict(table, current, indentLevel);
  return true;
}

function groupScalarKeys(current: Dict): [string[], string[]] {
  const headers: string[] = [];
  const more: string[] = [];
  for (const [key, value] of Object.entries(current)) (isScalar(value) ? headers : more).push(key);
  return [sortedPy(headers), sortedPy(more)];
}

function buildSubTableFromDict(table: MultiTable, current: Dict, indentLevel: number): void {
  const [headers, more] = groupScalarKeys(current);
  const [first] = headers;
  if (headers.length === 1 && first !== undefined) {
    table.addRow([first, current[first] ?? null]);
  } else if (headers.length > 0) {
    table.addRowHeader(headers);
    table.addRow(headers.map((k) => current[k] ?? null));
  }
  for (const remaining of more) buildTable(table, remaining, current[remaining] ?? null, indentLevel + 1);
}

function buildSubTableFromList(table: MultiTable, current: Json[], indentLevel: number, title: string | null): void {
  const headerSet = new Set<string>();
  const moreSet = new Set<string>();
  for (const item of current) {
    if (!isDict(item)) throw new OutputError(`${pyTypeName(item)} indices must be integers or slices, not str`);
    const [h, m] = groupScalarKeys(item);
    h.forEach((k) => headerSet.add(k));
    m.forEach((k) => moreSet.add(k));
  }
  const headers = sortedPy(headerSet);
  const more = sortedPy(moreSet);
  table.addRowHeader(headers);
  let first = true;
  for (const element of current) {
    if (!isDict(element)) continue;
    if (!first && more.length > 0) {
      table.newSection(title ?? '', indentLevel);
      table.addRowHeader(headers);
    }
    first = false;
    table.addRow(headers.map((h) => (Object.hasOwn(element, h) ? (element[h] ?? null) : '')));
    for (const remaining of more) {
      if (Object.hasOwn(element, remaining)) buildTable(table, remaining, element[remaining] ?? null, indentLevel + 1);
    }
  }
}

// ---------------------------------------------------------------------------
// yaml: ruamel.yaml SafeRepresenter (keys sorted, block style because the CLI
// sets default_flow_style=False) feeding the libyaml emitter, whose scalar
// style rules and line folding at width 80 are ported below.

type YNode =
  | { kind: 'scalar'; tag: string; value: string }
  | { kind: 'seq'; items: YNode[] }
  | { kind: 'map'; pairs: [YNode, YNode][] };

function yamlDump(value: Json): string {
  // YAMLDumper writes lone scalars as JSON so YAML adds no '...' marker.
  if (isScalar(value)) return `${pyJsonDumps(value, null)}\n`;
  const emitter = new YamlEmitter();
  emitter.emitDocument(represent(value));
  return emitter.output;
}

function represent(value: Json): YNode {
  if (value === null) return { kind: 'scalar', tag: 'null', value: 'null' };
  if (typeof value === 'boolean') return { kind: 'scalar', tag: 'bool', value: value ? 'true' : 'false' };
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return { kind: 'scalar', tag: 'int', value: pyNumber(value) };
    const text = Number.isNaN(value)
      ? '.nan'
      : value === Number.POSITIVE_INFINITY
        ? '.inf'
        : value === Number.NEGATIVE_INFINITY
          ? '-.inf'
          : pyNumber(value).toLowerCase();
    return { kind: 'scalar', tag: 'float', value: text };
  }
  if (typeof value === 'string') return { kind: 'scalar', tag: 'str', value };
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(represent) };
  return {
    kind: 'map',
    pairs: sortedPy(Object.keys(value)).map((k): [YNode, YNode] => [represent(k), represent(value[k] ?? null)]),
  };
}

// ruamel.yaml.resolver.Resolver: the YAML 1.2 implicit resolvers, keyed by
// first character. Python's `$` also matches before a final newline.
const RESOLVER_LIST: [string, RegExp, string[]][] = [
  ['bool', /^(?:true|True|TRUE|false|False|FALSE)\n?$/, [...'tTfF']],
  [
    'float',
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/,
    [...'-+0123456789.'],
  ],
  ['int', /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)\n?$/, [...'-+0123456789']],
  ['merge', /^(?:<<)\n?$/, ['<']],
  ['null', /^(?:~|null|Null|NULL|)\n?$/, ['~', 'n', 'N', '']],
  [
    'timestamp',
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?$/,
    [...'0123456789'],
  ],
  ['value', /^(?:=)\n?$/, ['=']],
  ['yaml', /^(?:!|&|\*)\n?$/, [...'!&*']],
];

const RESOLVERS = new Map<string, [string, RegExp][]>();
for (const [tag, re, firsts] of RESOLVER_LIST) {
  for (const first of firsts) {
    const list = RESOLVERS.get(first) ?? [];
    list.push([tag, re]);
    RESOLVERS.set(first, list);
  }
}

function resolveImplicit(value: string): string {
  const first = value === '' ? '' : (Array.from(value)[0] ?? '');
  for (const [tag, re] of RESOLVERS.get(first) ?? []) if (re.test(value)) return tag;
  return 'str';
}

interface ScalarAnalysis {
  chars: string[];
  byteLength: number;
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
}

const isBreak = (ch: string | undefined) =>
  ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
// Past the end libyaml reads the terminating NUL, which counts as blank.
const isBlankz = (ch: string | undefined) =>
  ch === undefined || ch === ' ' || ch === '\t' || ch === '\0' || isBreak(ch);

function isPrintable(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function utf8Length(chars: string[]): number {
  let n = 0;
  for (const ch of chars) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

// yaml_emitter_analyze_scalar
function analyzeScalar(value: string): ScalarAnalysis {
  const chars = Array.from(value);
  const n = chars.length;
  if (n === 0) {
    return {
      chars,
      byteLength: 0,
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankz(chars[1]);
  for (let i = 0; i < n; i++) {
    const ch = chars[i] ?? '';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (!isPrintable(ch)) specialCharacters = true;
    if (isBreak(ch)) lineBreaks = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(ch);
    if (i + 1 < n) followedByWhitespace = isBlankz(chars[i + 2]);
  }
  let flowPlainAllowed = true;
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
  }
  if (breakSpace) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (lineBreaks) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
  }
  if (flowIndicators) flowPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { chars, byteLength: utf8Length(chars), multiline: lineBreaks, flowPlainAllowed, blockPlainAllowed, singleQuotedAllowed };
}

const DOUBLE_QUOTED_ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

/** libyaml's emitter (best_indent 2, best_width 80, unicode on), recursive instead of event-driven. */
class YamlEmitter {
  output = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  private readonly bestIndent = 2;
  private readonly bestWidth = 80;

  emitDocument(root: YNode): void {
    // Implicit document start: no '---'.
    this.emitNode(root, false, false);
    // Implicit document end: just finish the line.
    this.writeIndent();
  }

  private emitNode(node: YNode, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (node.kind === 'scalar') this.emitScalar(node);
    else if (node.kind === 'seq') {
      if (this.flowLevel > 0 || node.items.length === 0) this.emitFlowSequence(node.items);
      else this.emitBlockSequence(node.items);
    } else if (this.flowLevel > 0 || node.pairs.length === 0) this.emitFlowMapping(node.pairs);
    else this.emitBlockMapping(node.pairs);
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  private emitBlockSequence(items: YNode[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, false, false);
    }
    this.popIndent();
  }

  private emitBlockMapping(pairs: [YNode, YNode][]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of pairs) {
      this.writeIndent();
      if (this.checkSimpleKey(key)) {
        this.emitNode(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitNode(key, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(value, true, false);
    }
    this.popIndent();
  }

  private emitFlowSequence(items: YNode[]): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.emitNode(item, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(']', false, false, false);
  }

  private emitFlowMapping(pairs: [YNode, YNode][]): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    pairs.forEach(([key, value], i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      if (this.checkSimpleKey(key)) {
        this.emitNode(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, false);
        this.emitNode(key, true, false);
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(':', true, false, false);
      }
      this.emitNode(value, true, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator('}', false, false, false);
  }

  private checkSimpleKey(node: YNode): boolean {
    if (node.kind === 'scalar') {
      const analysis = analyzeScalar(node.value);
      return !analysis.multiline && analysis.byteLength <= 128;
    }
    return node.kind === 'seq' ? node.items.length === 0 : node.pairs.length === 0;
  }

  private emitScalar(node: { tag: string; value: string }): void {
    const a = analyzeScalar(node.value);
    // The serializer's implicit flags: plain only if the text resolves back to its tag.
    const plainImplicit = resolveImplicit(node.value) === node.tag;
    let style: 'plain' | 'single' | 'double' = 'plain';
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
      if (a.chars.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
      if (!plainImplicit) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === 'plain') this.writePlain(a.chars, allowBreaks);
    else if (style === 'single') this.writeSingleQuoted(a.chars, allowBreaks);
    else this.writeDoubleQuoted(a.chars, allowBreaks);
    this.popIndent();
  }

  private put(ch: string): void {
    this.output += ch;
    this.column++;
  }

  private putBreak(): void {
    this.output += '\n';
    this.column = 0;
  }

  private writeBreak(ch: string): void {
    if (ch === '\n') this.putBreak();
    else {
      this.output += ch;
      this.column = 0;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(chars: string[], allowBreaks: boolean): void {
    if (!this.whitespace && (chars.length > 0 || this.flowLevel > 0)) this.put(' ');
    let spaces = false;
    let breaks = false;
    chars.forEach((ch, i) => {
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(ch)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const last = chars.length - 1;
    chars.forEach((ch, i) => {
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== last && chars[i + 1] !== ' ') {
          this.writeIndent();
        } else {
          this.put(ch);
        }
        spaces = true;
      } else if (isBreak(ch)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    if (breaks) this.writeIndent();
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    const last = chars.length - 1;
    chars.forEach((ch, i) => {
      const cp = ch.codePointAt(0) ?? 0;
      if (!isPrintable(ch) || cp === 0xfeff || isBreak(ch) || ch === '"' || ch === '\\') {
        this.put('\\');
        const named = DOUBLE_QUOTED_ESCAPES[cp];
        if (named !== undefined) this.put(named);
        else {
          const [prefix, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(prefix);
          for (const digit of cp.toString(16).toUpperCase().padStart(width, '0')) this.put(digit);
        }
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== last) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else {
          this.put(ch);
        }
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    });
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }
}
