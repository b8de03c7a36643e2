/** xxd's command line, as observed: options known by their first letter, values glued on or in the next word, C-style numbers. */

/** The output forms; the last of -b, -e, -i, -p given wins. */
type DumpStyle = 'hex' | 'bits' | 'little' | 'plain' | 'c';

/** `-s` as written: a leading `+` counts from where the input already is, a `-` after it counts backwards. */
export interface SeekRequest {
  fromCurrent: boolean;
  backwards: boolean;
  /** What C's strtol makes of the rest (so it may itself be negative). */
  amount: bigint;
}

export interface XxdOptions {
  style: DumpStyle;
  revert: boolean;
  autoskip: boolean;
  upper: boolean;
  capitals: boolean;
  decimal: boolean;
  ebcdic: boolean;
  /** -c and -g as the C ints they end up in; undefined when not given. */
  cols?: number;
  group?: number;
  /** -l; a negative one is no limit. */
  limit?: bigint;
  name?: string;
  /** -o, as the unsigned 64-bit number it is added as. */
  shift: bigint;
  seek?: SeekRequest;
  /** [infile [outfile]]; more than two is a usage error, found only after -c and -g are checked. */
  operands: string[];
}

/** Either options to run with, or what to print instead: the usage text (status 1) or the version line (status 0). */
type XxdCommandLine = { ok: true; options: XxdOptions } | { ok: false; answer: 'usage' | 'version' };

const U64 = 1n << 64n;

/** C's isspace() in the C locale. */
export function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function digitValue(ch: string | undefined): number {
  if (ch === undefined) return 99;
  const code = ch.charCodeAt(0) | 0x20;
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 0x30;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61 + 10;
  return 99;
}

/** What strtol/strtoul with base 0 read: skipped blanks, a sign, 0x or 0 for the base; stops at the first unfit character. */
function readCNumber(text: string): { negative: boolean; magnitude: bigint } {
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  let base = 10;
  if (text[i] === '0') {
    if ((text[i + 1] === 'x' || text[i + 1] === 'X') && digitValue(text[i + 2]) < 16) {
      base = 16;
      i += 2;
    } else base = 8;
  }
  let magnitude = 0n;
  const ceiling = U64 * 2n; // past every limit below, so the loop need not grow the number further
  for (; digitValue(text[i]) < base; i++) {
    magnitude = magnitude * BigInt(base) + BigInt(digitValue(text[i]));
    if (magnitude > ceiling) magnitude = ceiling;
  }
  return { negative, magnitude };
}

/** strtol: saturates at the ends of a signed 64-bit long. */
function cLong(text: string): bigint {
  const { negative, magnitude } = readCNumber(text);
  if (negative) return magnitude > 1n << 63n ? -(1n << 63n) : -magnitude;
  return magnitude > (1n << 63n) - 1n ? (1n << 63n) - 1n : magnitude;
}

/** strtoul: saturates at 2^64-1, and a minus sign wraps around. */
function cUnsignedLong(text: string): bigint {
  const { negative, magnitude } = readCNumber(text);
  if (magnitude >= U64) return U64 - 1n;
  return negative ? (U64 - magnitude) % U64 : magnitude;
}

/** A long stored into a C int: only its low 32 bits survive. */
function cInt(text: string): number {
  return Number(BigInt.asIntN(32, cLong(text)));
}

/** The `+` and `-` that -s and -o read themselves before handing the rest to the C library. */
function splitSigns(text: string): { fromCurrent: boolean; backwards: boolean; rest: string } {
  let rest = text;
  const fromCurrent = rest.startsWith('+');
  if (fromCurrent) rest = rest.slice(1);
  const backwards = rest.startsWith('-');
  if (backwards) rest = rest.slice(1);
  return { fromCurrent, backwards, rest };
}

type Setter = (options: XxdOptions, value: string) => void;

/** Options that take a value: the name that, written out, always takes the next word as the value. */
const WITH_VALUE: Record<string, { spelled: string; set: Setter }> = {
  c: { spelled: 'cols', set: (o, v) => (o.cols = cInt(v)) },
  g: { spelled: 'groupsize', set: (o, v) => (o.group = cInt(v)) },
  l: { spelled: 'len', set: (o, v) => (o.limit = cLong(v)) },
  n: { spelled: 'name', set: (o, v) => (o.name = v) },
  o: {
    spelled: 'offset',
    set: (o, v) => {
      const { backwards, rest } = splitSigns(v);
      const value = cUnsignedLong(rest);
      o.shift = backwards ? (U64 - value) % U64 : value;
    },
  },
  s: {
    spelled: 'seek',
    set: (o, v) => {
      const { fromCurrent, backwards, rest } = splitSigns(v);
      o.seek = { fromCurrent, backwards, amount: cLong(rest) };
    },
  },
};

const SWITCHES: Record<string, (o: XxdOptions) => void> = {
  a: (o) => (o.autoskip = !o.autoskip),
  b: (o) => (o.style = 'bits'),
  C: (o) => (o.capitals = true),
  d: (o) => (o.decimal = true),
  E: (o) => (o.ebcdic = true),
  e: (o) => (o.style = 'little'),
  i: (o) => (o.style = 'c'),
  p: (o) => (o.style = 'plain'),
  r: (o) => (o.revert = true),
  u: (o) => (o.upper = true),
};

/**
 * Reads the arguments left to right until the first one that is not an option. Only the letter
 * after the dash counts (-bogus is -b), a second leading dash is dropped (--ps is -ps), and -h,
 * -v, an unknown letter or a missing value end the reading at once.
 */
export function parseXxdArgs(args: readonly string[]): XxdCommandLine {
  const options: XxdOptions = {
    style: 'hex',
    revert: false,
    autoskip: false,
    upper: false,
    capitals: false,
    decimal: false,
    ebcdic: false,
    shift: 0n,
    operands: [],
  };
  let i = 0;
  for (; i < args.length; i++) {
    let arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg.startsWith('--')) arg = arg.slice(1);
    const letter = arg[1]!;
    if (letter === 'h') return { ok: false, answer: 'usage' };
    if (letter === 'v') return { ok: false, answer: 'version' };
    const toggle = SWITCHES[letter];
    if (toggle) {
      toggle(options);
      continue;
    }
    const valued = WITH_VALUE[letter];
    if (!valued) return { ok: false, answer: 'usage' };
    let value: string | undefined;
    if (arg.length === 2 || arg.startsWith(`-${valued.spelled}`)) value = args[++i];
    else value = arg.slice(2);
    if (value === undefined) return { ok: false, answer: 'usage' };
    valued.set(options, value);
  }
  options.operands = args.slice(i);
  return { ok: true, options };
}

const DEFAULT_COLS: Record<DumpStyle, number> = { hex: 16, bits: 6, little: 16, plain: 30, c: 12 };
const DEFAULT_GROUP: Record<DumpStyle, number> = { hex: 2, bits: 1, little: 4, plain: 1, c: 1 };

/**
 * Bytes per line and per group, or the complaint xxd makes about them. A -c of 0 is the default,
 * except with -p where it means one endless line; a group of 0, or wider than the line, is the line.
 */
export function lineShape(options: XxdOptions): { ok: true; cols: number; group: number } | { ok: false; message: string } {
  const { style } = options;
  const unbounded = style === 'plain' || style === 'c';
  let cols = options.cols ?? DEFAULT_COLS[style];
  if (cols < 0 || (cols > 256 && !unbounded)) return { ok: false, message: 'invalid number of columns (max. 256).' };
  if (cols === 0 && style !== 'plain') cols = DEFAULT_COLS[style];
  let group = options.group === undefined || options.group < 0 ? DEFAULT_GROUP[style] : options.group;
  if (group === 0 || group > cols) group = cols;
  else if (style === 'little' && (group & (group - 1)) !== 0) {
    return { ok: false, message: 'number of octets per group must be a power of 2 with -e.' };
  }
  return { ok: true, cols, group };
}
