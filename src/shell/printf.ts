/**
 * bash's `printf FORMAT [ARG…]`: %s %b %q %c %d %i %u %x %X %o %e %E %f %F %g %G and %%, with
 * flags, width and precision (numbers or `*`). The format is reused while arguments remain, missing
 * arguments read as empty or 0, and a bad number is reported but still printed as what parsed.
 */
import { decodeEscapes } from './escapes.ts';
import { MAX_OUTPUT } from './output-limit.ts';

export interface PrintfResult {
  bytes: Uint8Array;
  /** Messages for `bash: printf: …` (invalid numbers, bad conversions); any of them makes the status 1. */
  errors: string[];
}

interface Conversion {
  flags: string;
  width: number | '*' | undefined;
  precision: number | '*' | undefined;
  conv: string;
}

type Segment = Uint8Array | Conversion;

const encoder = new TextEncoder();
/**
 * bash prints whatever is asked (`%99999999d` is 100 MB of spaces); here one printf stops at
 * MAX_OUTPUT, with this message, rather than freeze a browser tab. Checked before padding, so
 * no string that size is ever built.
 */
export const OUTPUT_LIMIT_MESSAGE = "output too large: KMS Lab's shell stops one printf at 16 MiB";

export function printf(format: string, args: readonly string[]): PrintfResult {
  const errors: string[] = [];
  const { segments, error } = compile(format);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let next = 0;
  const arg = (): string | undefined => (next < args.length ? args[next++] : undefined);
  const done = (): PrintfResult => ({ bytes: concat(chunks), errors });
  const tooLarge = (): PrintfResult => {
    errors.push(OUTPUT_LIMIT_MESSAGE);
    return done();
  };
  const push = (bytes: Uint8Array): boolean => {
    if (size + bytes.length > MAX_OUTPUT) return false;
    chunks.push(bytes);
    size += bytes.length;
    return true;
  };
  do {
    const before = next;
    for (const segment of segments) {
      if (segment instanceof Uint8Array) {
        if (!push(segment)) return tooLarge();
        continue;
      }
      const width = segment.width === '*' ? toInt(arg(), errors) : segment.width;
      const precision = segment.precision === '*' ? toInt(arg(), errors) : segment.precision;
      let flags = segment.flags;
      let w = width === undefined ? undefined : Number(width);
      if (w !== undefined && w < 0) {
        flags += '-';
        w = -w;
      }
      const p = precision === undefined || Number(precision) < 0 ? undefined : Number(precision);
      // A width, or a precision that pads (integers), past what is left would build too much.
      const padding = Math.max(w ?? 0, 'diuxXo'.includes(segment.conv) ? (p ?? 0) : 0);
      if (size + padding > MAX_OUTPUT) return tooLarge();
      const out = convert({ ...segment, flags, width: w, precision: p }, arg(), errors);
      if (!push(out.bytes)) return tooLarge();
      if (out.stop) return done();
    }
    if (next === before) break; // a format that takes no arguments is printed once
  } while (next < args.length && error === undefined);
  if (error !== undefined) errors.push(error);
  return done();
}

/** Splits the format into literal bytes (escapes decoded) and conversions. */
function compile(format: string): { segments: Segment[]; error?: string } {
  const segments: Segment[] = [];
  const re = /%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([hlLjzt]*)(.?)/g;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    if (m.index > last) segments.push(decodeEscapes(format.slice(last, m.index), 'printf-format').bytes);
    last = re.lastIndex;
    const [, flags = '', width, precision, , conv = ''] = m;
    if (conv === '%') {
      segments.push(encoder.encode('%'));
      continue;
    }
    if (!'sbqcdiuxXoeEfFgGaA'.includes(conv) || conv === '') {
      const what = conv === '' ? '%' : conv;
      return { segments, error: `\`${what}': ${conv === '' ? 'missing format character' : 'invalid format character'}` };
    }
    segments.push({
      flags,
      width: width === '*' ? '*' : width === undefined ? undefined : Number(width),
      precision: precision === '*' ? '*' : precision === undefined ? undefined : Number(precision || '0'),
      conv,
    });
  }
  if (last < format.length) segments.push(decodeEscapes(format.slice(last), 'printf-format').bytes);
  return { segments };
}

interface Spec {
  flags: string;
  width: number | undefined;
  precision: number | undefined;
  conv: string;
}

function convert(spec: Spec, arg: string | undefined, errors: string[]): { bytes: Uint8Array; stop?: boolean } {
  const text = (s: string): { bytes: Uint8Array } => ({ bytes: encoder.encode(pad(s, spec)) });
  switch (spec.conv) {
    case 's':
      return text(spec.precision === undefined ? (arg ?? '') : [...(arg ?? '')].slice(0, spec.precision).join(''));
    case 'q':
      return text(shellQuote(arg ?? ''));
    case 'c':
      return text([...(arg ?? '')][0] ?? '');
    case 'b': {
      const decoded = decodeEscapes(arg ?? '', 'printf-b');
      let bytes = decoded.bytes;
      if (spec.precision !== undefined) bytes = bytes.slice(0, spec.precision);
      const room = (spec.width ?? 0) - bytes.length;
      if (room > 0) {
        const fill = encoder.encode(' '.repeat(room));
        bytes = spec.flags.includes('-') ? concat([bytes, fill]) : concat([fill, bytes]);
      }
      return { bytes, stop: decoded.stopped };
    }
    case 'd':
    case 'i':
      return text(formatInteger(toInt(arg, errors), spec, 10));
    case 'u':
      return text(formatInteger(BigInt.asUintN(64, toInt(arg, errors)), spec, 10));
    case 'x':
    case 'X':
    case 'o':
      return text(formatInteger(BigInt.asUintN(64, toInt(arg, errors)), spec, spec.conv === 'o' ? 8 : 16));
    default:
      return text(formatFloat(toFloat(arg, errors), spec));
  }
}

/** Pads to the width with spaces, on the left unless the `-` flag asks for the right. */
function pad(s: string, spec: Spec): string {
  const room = (spec.width ?? 0) - [...s].length;
  if (room <= 0) return s;
  return spec.flags.includes('-') ? s + ' '.repeat(room) : ' '.repeat(room) + s;
}

function formatInteger(value: bigint, spec: Spec, base: 8 | 10 | 16): string {
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString(base);
  if (spec.conv === 'X') digits = digits.toUpperCase();
  if (spec.precision !== undefined) digits = spec.precision === 0 && value === 0n ? '' : digits.padStart(spec.precision, '0');
  let prefix = negative ? '-' : spec.flags.includes('+') && base === 10 ? '+' : spec.flags.includes(' ') && base === 10 ? ' ' : '';
  if (spec.flags.includes('#') && value !== 0n) {
    if (base === 16) prefix += spec.conv === 'X' ? '0X' : '0x';
    else if (base === 8 && !digits.startsWith('0')) digits = `0${digits}`;
  }
  return zeroPad(prefix, digits, spec, spec.precision === undefined);
}

function formatFloat(value: number, spec: Spec): string {
  const upper = spec.conv === spec.conv.toUpperCase();
  const precision = spec.precision ?? 6;
  let body: string;
  if (!Number.isFinite(value)) body = Number.isNaN(value) ? 'nan' : 'inf';
  else {
    const abs = Math.abs(value);
    switch (spec.conv.toLowerCase()) {
      case 'e':
        body = exponential(abs, precision);
        break;
      case 'g':
      case 'a':
        body = general(abs, precision === 0 ? 1 : precision, spec.flags.includes('#'));
        break;
      default:
        body = abs.toFixed(Math.min(precision, 100));
    }
  }
  if (upper) body = body.toUpperCase();
  const negative = value < 0 || Object.is(value, -0);
  const prefix = negative ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  return zeroPad(prefix, body, spec, Number.isFinite(value));
}

/** C's %e: at least two exponent digits. */
function exponential(abs: number, precision: number): string {
  return abs.toExponential(Math.min(precision, 100)).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** C's %g: %e or %f by the exponent, trailing zeros dropped unless `#`. */
function general(abs: number, precision: number, keepZeros: boolean): string {
  const exp = abs === 0 ? 0 : Number(exponential(abs, precision - 1).split('e')[1]);
  const body = exp < -4 || exp >= precision ? exponential(abs, precision - 1) : abs.toFixed(Math.min(precision - 1 - exp, 100));
  if (keepZeros) return body;
  const [mantissa = '', exponent] = body.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}

function zeroPad(prefix: string, digits: string, spec: Spec, zeroAllowed: boolean): string {
  const width = spec.width ?? 0;
  if (zeroAllowed && spec.flags.includes('0') && !spec.flags.includes('-')) {
    return prefix + digits.padStart(width - prefix.length, '0');
  }
  return pad(prefix + digits, spec);
}

/** bash's rules for numeric arguments: `0x1f`, `017`, `'A'` (a character's code), surrounding text is an error. */
function toInt(arg: string | undefined, errors: string[]): bigint {
  if (arg === undefined) return 0n;
  const trimmed = arg.replace(/^[ \t\n]+/, '');
  if (trimmed === '') return 0n;
  if (trimmed[0] === "'" || trimmed[0] === '"') return BigInt(trimmed.codePointAt(1) ?? 0);
  const m = /^([+-]?)(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)/.exec(trimmed);
  if (!m || m[0].length !== trimmed.length) errors.push(`${arg}: invalid number`);
  if (!m) return 0n;
  const digits = m[2]!;
  const magnitude = /^0[xX]/.test(digits) ? BigInt(digits) : /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  return BigInt.asIntN(64, m[1] === '-' ? -magnitude : magnitude);
}

function toFloat(arg: string | undefined, errors: string[]): number {
  if (arg === undefined || arg.trim() === '') return 0;
  if (arg[0] === "'" || arg[0] === '"') return arg.codePointAt(1) ?? 0;
  const m = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9A-Fa-f]+|inf(?:inity)?|nan)/i.exec(arg);
  if (!m || m[0].length !== arg.length) errors.push(`${arg}: invalid number`);
  if (!m) return 0;
  const t = m[0].trim().toLowerCase();
  if (t.endsWith('inf') || t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity;
  if (t.endsWith('nan')) return NaN;
  return Number(t);
}

/** `%q`: a form the shell would read back as the same word. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_./:=@%+,^-]+$/.test(s)) return s;
  // Control characters need $'…'; everything else a backslash.
  if (/[\x00-\x1f\x7f]/.test(s)) {
    const body = s.replace(/[\\']/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (c) => {
      const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\E', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
      return named[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`;
    });
    return `$'${body}'`;
  }
  return s.replace(/[^A-Za-z0-9_./:=@%+,^\u0080-\uffff-]/g, '\\$&');
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
