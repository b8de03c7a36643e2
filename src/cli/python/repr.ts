/** Python's repr(), str() and type names of CLI values: botocore's and argparse's messages quote values through them. */
import { isPrintable } from './unicode.ts';
import { isDict, isOrdered, PyFloat } from './values.ts';

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** The escape repr() writes for a code point it does not show as itself. */
function escapeCodePoint(cp: number): string {
  if (cp === 0x09) return '\\t';
  if (cp === 0x0a) return '\\n';
  if (cp === 0x0d) return '\\r';
  if (cp < 0x100) return `\\x${hex(cp, 2)}`;
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

/** The quote repr() picks: ' unless the text holds a ' and no ". */
function quoteFor(hasSingle: boolean, hasDouble: boolean): string {
  return hasSingle && !hasDouble ? '"' : "'";
}

/** repr() of a str. */
export function pyStrRepr(text: string): string {
  const quote = quoteFor(text.includes("'"), text.includes('"'));
  let body = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') body += `\\${ch}`;
    else body += isPrintable(cp) ? ch : escapeCodePoint(cp);
  }
  return quote + body + quote;
}

/** repr() of bytes: b'…', printable ASCII as itself. */
export function pyBytesRepr(bytes: Uint8Array): string {
  const quote = quoteFor(bytes.includes(0x27), bytes.includes(0x22));
  let body = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (ch === quote || ch === '\\') body += `\\${ch}`;
    else if (byte >= 0x20 && byte < 0x7f) body += ch;
    else body += escapeCodePoint(byte);
  }
  return `b${quote}${body}${quote}`;
}

/**
 * repr() of a float: the shortest digits that read back to the same double
 * (JS finds the same ones), positional while the decimal exponent is in
 * [-4, 16), otherwise d.ddde±XX.
 */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  const [mantissa, exp] = Math.abs(n).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${frac}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  return `${sign}${whole}.${digits.slice(e + 1) || '0'}`;
}

/** repr() of a JS number: an int when integral (every digit of it), a float otherwise. */
export function pyNumberRepr(n: number): string {
  return Number.isInteger(n) ? BigInt(n).toString() : pyFloatRepr(n);
}

/** repr(): None, True, 1, 1.0, 'text', b'…', [..], {..}, OrderedDict([..]). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumberRepr(value);
  if (typeof value === 'string') return pyStrRepr(value);
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (value instanceof Uint8Array) return pyBytesRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  const entries = Object.entries(value as object);
  if (isOrdered(value as object)) {
    // Python 3.11 writes an OrderedDict as the list of its pairs.
    return entries.length === 0 ? 'OrderedDict()' : `OrderedDict([${entries.map(([k, v]) => `(${pyStrRepr(k)}, ${pyRepr(v)})`).join(', ')}])`;
  }
  return `{${entries.map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

/** str(): a str is itself; everything else reads as its repr(). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** type(value).__name__: 'str', 'int', 'NoneType', 'OrderedDict', … */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'string':
      return 'str';
  }
  if (value instanceof PyFloat) return 'float';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'list';
  return isDict(value) && isOrdered(value) ? 'OrderedDict' : 'dict';
}

/** repr(type(value)), as botocore's messages print a type: <class 'str'>, <class 'collections.OrderedDict'>. */
export function pyTypeRepr(value: unknown): string {
  const name = pyTypeName(value);
  return `<class '${name === 'OrderedDict' ? 'collections.' : ''}${name}'>`;
}
