/**
 * Python semantics the CLI's messages show through: repr()/str() of the
 * values botocore's validator echoes, type names, int(), the lenient
 * base64 decoder, and file reading in text mode. AWS CLI v2 is Python, so
 * its error texts are Python's (`[Errno 2] No such file or directory: 'x'`,
 * `invalid literal for int() with base 10: 'abc'`, `OrderedDict([('b', 'c')])`).
 */

/** A Python float (JSON `1.0`, `NaN`): JS numbers cannot tell 1 from 1.0. */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** Dicts that came from json.loads(object_pairs_hook=OrderedDict): their repr and type differ. */
const orderedDicts = new WeakSet<object>();

export function markOrdered<T extends object>(dict: T): T {
  orderedDicts.add(dict);
  return dict;
}

export function isOrdered(dict: object): boolean {
  return orderedDicts.has(dict);
}

/** A CLI value as Python holds it: str, int, bool, float, bytes, None, list, dict. */
export type PyValue = string | number | boolean | PyFloat | Uint8Array | null | PyValue[] | PyDict;
export interface PyDict {
  [key: string]: PyValue;
}

export function isDict(value: unknown): value is PyDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof PyFloat);
}

/** Python's isinstance(value, int): bools are ints too. */
export function isPyInt(value: unknown): value is number | boolean {
  return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean';
}

/** str(type(value)) */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "<class 'NoneType'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (value instanceof PyFloat) return "<class 'float'>";
  if (typeof value === 'string') return "<class 'str'>";
  if (value instanceof Uint8Array) return "<class 'bytes'>";
  if (Array.isArray(value)) return "<class 'list'>";
  return isOrdered(value) ? "<class 'collections.OrderedDict'>" : "<class 'dict'>";
}

/** repr() of a str: single quotes unless the text has ' and no ". */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code < 0xe000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** repr() of bytes: b'...' with \xNN for anything outside printable ASCII. */
export function pyBytesRepr(bytes: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const b of bytes) {
    if (b === 0x27) hasSingle = true;
    if (b === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = `b${quote}`;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** repr() of a float: shortest round-trip digits, exponent outside 1e-4 ≤ |x| < 1e16. */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa, exp] = n.toExponential().split('e') as [string, string];
    const e = Number(exp);
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const s = String(n);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloatRepr(value);
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (typeof value === 'string') return pyStrRepr(value);
  if (value instanceof Uint8Array) return pyBytesRepr(value);
  if (value instanceof Date) return `datetime.datetime(${value.toISOString()})`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (isOrdered(value)) {
      return entries.length === 0 ? 'OrderedDict()' : `OrderedDict([${entries.map(([k, v]) => `(${pyStrRepr(k)}, ${pyRepr(v)})`).join(', ')}])`;
    }
    return `{${entries.map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** str(): like repr() except that a str is itself. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** Python's int(text): surrounding whitespace, a sign, digits with single underscores. */
export function pyInt(text: string): number {
  const s = text.replace(/^[\s]+|[\s]+$/gu, '');
  if (!/^[+-]?\d+(?:_\d+)*$/.test(s)) throw new PyValueError(`invalid literal for int() with base 10: ${pyStrRepr(text)}`);
  return Number(s.replace(/_/g, ''));
}

/** Bytes as Python's bytes.decode('latin-1'): one character per byte. */
export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** A Python exception the CLI does not catch specially: it prints the message and exits 255. */
export class PyValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PyValueError';
  }
}

export class Base64Error extends Error {}

const B64_VALUES = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/**
 * base64.b64decode(text) without validate: characters outside the alphabet
 * are skipped, decoding stops at complete padding, and a dangling group is an
 * error (binascii.a2b_base64 in CPython 3.11). Non-ASCII text cannot even be
 * turned into bytes: that is a ValueError the CLI does not catch.
 */
export function pyB64Decode(text: string): Uint8Array {
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(text)) throw new PyValueError('string argument should contain only ASCII characters');
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d) {
      // '=': only counts once two data characters of the group are in.
      if (quad >= 2 && quad + ++pads >= 4) return Uint8Array.from(out);
      continue;
    }
    const v = B64_VALUES[c] ?? -1;
    if (v < 0) continue;
    pads = 0;
    switch (quad) {
      case 0:
        quad = 1;
        left = v;
        break;
      case 1:
        quad = 2;
        out.push(((left << 2) | (v >> 4)) & 0xff);
        left = v & 0x0f;
        break;
      case 2:
        quad = 3;
        out.push(((left << 4) | (v >> 2)) & 0xff);
        left = v & 0x03;
        break;
      default:
        quad = 0;
        out.push(((left << 6) | v) & 0xff);
        left = 0;
    }
  }
  if (quad !== 0) throw new Base64Error(quad === 1 ? 'Invalid base64-encoded string' : 'Incorrect padding');
  return Uint8Array.from(out);
}

/**
 * What open(path, 'r').read() gives: UTF-8 text with universal newlines
 * (\r\n and \r become \n). Undecodable bytes are a UnicodeDecodeError.
 */
export function pyReadText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text.replace(/\r\n?/g, '\n');
}

/** The message of an OSError as Python words it: `[Errno 2] No such file or directory: 'nope'`. */
export function pyOsErrorMessage(error: unknown, path: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const known: Record<string, [number, string]> = {
    ENOENT: [2, 'No such file or directory'],
    EISDIR: [21, 'Is a directory'],
    EACCES: [13, 'Permission denied'],
    ENOTDIR: [20, 'Not a directory'],
  };
  const [errno, text] = known[typeof code === 'string' ? code : ''] ?? [5, 'Input/output error'];
  return `[Errno ${errno}] ${text}: ${pyStrRepr(path)}`;
}
