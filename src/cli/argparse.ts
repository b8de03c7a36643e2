/**
 * The CLI reads its command line with Python's argparse (parse_known_args),
 * in stages, each handing on what it does not know; this is that parser,
 * rebuilt from argparse's documentation and black-box runs of the CLI's own
 * parser class. The quirks learners meet are argparse's: any unambiguous
 * prefix names a long option (`--plain` is `--plaintext`), `--opt=value`
 * works, a word that looks like an option is never taken as a value (a
 * negative number is), and words nobody wanted end up as "Unknown options".
 *
 * Option strings are long (`--name`) or two characters (`-h`); none may look
 * like a negative number. A `default` is used as given (argparse would run a
 * str default through `type`; no table here has one).
 */
import { getCloseMatches } from './difflib.ts';
import { pyInt } from './python/int.ts';
import { pyStrRepr } from './python/repr.ts';
import { decimalValue } from './python/unicode.ts';

/** How many words an argument takes: 'one' is argparse's default (nargs=None), 'none' a flag's zero. */
export type Nargs = 'one' | '?' | '*' | '+' | 'none';

export interface ArgSpec {
  dest: string;
  /** `--key-id`; empty for a positional argument. */
  options: readonly string[];
  nargs: Nargs;
  /** store: keep the value(s); const: keep `const` (store_true/store_false); version/help: stop parsing. */
  action?: 'store' | 'const' | 'version' | 'help';
  /** For 'const', the value stored; for nargs '?', the value when the option comes without one. */
  const?: unknown;
  default?: unknown;
  required?: boolean;
  choices?: readonly string[];
  type?: 'int';
}

/** argparse's self.error(message): the CLI prints it after its usage text, exit 252. */
export class ArgParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgParseError';
  }
}

/** A --version or --help action ran: parsing stops there. */
export class ParseExit {
  readonly action: 'version' | 'help';
  constructor(action: 'version' | 'help') {
    this.action = action;
  }
}

export interface ParseResult {
  /** Every dest with its value or default (help and version actions keep none). */
  values: Record<string, unknown>;
  /** Arguments this parser did not consume, in argparse's order. */
  extras: string[];
}

// ---------------------------------------------------------------------------
// Reading the words

/**
 * A command-line word: a value, the first bare `--` (after it every word is a
 * value), or something option-shaped — known (spec set, perhaps with text
 * glued on by `=` or after a short flag) or unknown.
 */
type Word =
  | { kind: 'value'; text: string }
  | { kind: 'separator'; text: string }
  | { kind: 'option'; text: string; spec?: ArgSpec; flag?: string; attached?: string };

const isShortFlag = (flag: string) => flag.length === 2 && flag[0] === '-' && flag[1] !== '-';

/** -5, -1.5, -.5 (digits of any script, as Python's \d; a final newline is allowed, as by `$`). */
function looksNegative(text: string): boolean {
  const body = [...(text.endsWith('\n') ? text.slice(0, -1) : text).slice(1)];
  const digit = (ch: string) => decimalValue(ch.codePointAt(0)!) !== undefined;
  const dot = body.indexOf('.');
  if (dot < 0) return body.length > 0 && body.every(digit);
  return dot < body.length - 1 && body.every((ch, i) => i === dot || digit(ch));
}

class OptionTable {
  private readonly byFlag = new Map<string, ArgSpec>();

  constructor(specs: readonly ArgSpec[]) {
    for (const spec of specs) for (const flag of spec.options) this.byFlag.set(flag, spec);
  }

  get(flag: string): ArgSpec | undefined {
    return this.byFlag.get(flag);
  }

  /** One word before the separator, as argparse classifies it. */
  read(text: string): Word {
    if (!text.startsWith('-')) return { kind: 'value', text };
    const exact = this.byFlag.get(text);
    if (exact) return { kind: 'option', text, spec: exact, flag: text };
    if (text === '-') return { kind: 'value', text };
    const eq = text.indexOf('=');
    if (eq >= 0) {
      const spec = this.byFlag.get(text.slice(0, eq));
      if (spec) return { kind: 'option', text, spec, flag: text.slice(0, eq), attached: text.slice(eq + 1) };
    }
    const abbreviated = this.abbreviation(text, eq);
    if (abbreviated) return abbreviated;
    if (looksNegative(text) || text.includes(' ')) return { kind: 'value', text };
    return { kind: 'option', text };
  }

  /** A long option named by a prefix, or a short flag with text glued on (`-kvalue`). */
  private abbreviation(text: string, eq: number): Word | undefined {
    let matches: { flag: string; attached: string | undefined }[];
    if (text.startsWith('--')) {
      const prefix = eq >= 0 ? text.slice(0, eq) : text;
      const attached = eq >= 0 ? text.slice(eq + 1) : undefined;
      matches = [...this.byFlag.keys()].filter((flag) => flag.startsWith(prefix)).map((flag) => ({ flag, attached }));
    } else {
      const flag = text.slice(0, 2);
      matches = this.byFlag.has(flag) ? [{ flag, attached: text.slice(2) }] : [];
    }
    if (matches.length > 1) throw new ArgParseError(`ambiguous option: ${text} could match ${matches.map((m) => m.flag).join(', ')}`);
    const [match] = matches;
    if (!match) return undefined;
    return { kind: 'option', text, spec: this.byFlag.get(match.flag)!, flag: match.flag, ...(match.attached !== undefined ? { attached: match.attached } : {}) };
  }
}

// ---------------------------------------------------------------------------
// Values

const nameOf = (spec: ArgSpec) => (spec.options.length > 0 ? spec.options.join('/') : spec.dest);

const padded = (text: string) => text + ' '.repeat(Math.max(0, 40 - [...text].length));

/** The CLI's own wording for a value outside `choices`: all of them two to a line, then any close matches. */
function invalidChoice(value: string, choices: readonly string[]): string {
  const rows: string[] = [];
  for (let i = 0; i < choices.length; i += 2) {
    rows.push(i + 1 < choices.length ? `${padded(choices[i]!)} | ${padded(choices[i + 1]!)}` : padded(choices[i]!));
  }
  let message = `Invalid choice, valid choices are:\n\n${rows.join('\n')}`;
  const close = getCloseMatches(value, choices);
  if (close.length > 0) message += `\n\n\nInvalid choice: ${pyStrRepr(value)}, maybe you meant:\n\n${close.map((c) => `  * ${c}`).join('\n')}`;
  return message;
}

/** One word made into the argument's value: `type` applied, then `choices` checked. */
function convert(spec: ArgSpec, text: string): unknown {
  let value: unknown = text;
  if (spec.type === 'int') {
    try {
      value = pyInt(text);
    } catch {
      throw new ArgParseError(`argument ${nameOf(spec)}: invalid int value: ${pyStrRepr(text)}`);
    }
  }
  if (spec.choices && !spec.choices.includes(value as string)) throw new ArgParseError(`argument ${nameOf(spec)}: ${invalidChoice(text, spec.choices)}`);
  return value;
}

/**
 * The words an argument took, as the value stored. The first `--` among them
 * is dropped; what an empty list then means depends on nargs (for 'one',
 * argparse really does store an empty list).
 */
function valueOf(spec: ArgSpec, taken: readonly string[]): unknown {
  const words = [...taken];
  const dashes = words.indexOf('--');
  if (dashes >= 0) words.splice(dashes, 1);
  const positional = spec.options.length === 0;
  switch (spec.nargs) {
    case 'none':
      return spec.const;
    case '?': {
      if (words.length > 0) return convert(spec, words[0]!);
      const fallback = positional ? (spec.default ?? null) : (spec.const ?? null);
      return typeof fallback === 'string' ? convert(spec, fallback) : fallback;
    }
    case 'one':
      return words.length > 0 ? convert(spec, words[0]!) : [];
    default:
      if (words.length === 0 && positional && spec.nargs === '*') return spec.default ?? [];
      return words.map((w) => convert(spec, w));
  }
}

// ---------------------------------------------------------------------------
// Positionals: a run of value words shared out among the waiting positionals

/** How many values a positional must have (at least). */
const needs = (nargs: Nargs) => (nargs === 'one' || nargs === '+' ? 1 : 0);

function fits(nargs: Nargs, values: number): boolean {
  if (nargs === 'one') return values === 1;
  if (nargs === '?') return values <= 1;
  if (nargs === '+') return values >= 1;
  return true;
}

/**
 * How many words each positional takes from the front of `run`, as argparse's
 * greedy matching decides: as many positionals as can be satisfied, each in
 * turn taking the most words that still leave enough values for the rest.
 */
function shareOut(waiting: readonly ArgSpec[], run: readonly Word[]): number[] {
  const valuesFrom = (from: number) => run.slice(from).filter((w) => w.kind === 'value').length;
  const required = (specs: readonly ArgSpec[]) => specs.reduce((n, s) => n + needs(s.nargs), 0);
  let count = waiting.length;
  while (count > 0 && required(waiting.slice(0, count)) > valuesFrom(0)) count--;
  const shares: number[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const rest = required(waiting.slice(i + 1, count));
    for (let end = run.length; end >= at; end--) {
      const values = run.slice(at, end).filter((w) => w.kind === 'value').length;
      if (fits(waiting[i]!.nargs, values) && valuesFrom(end) >= rest) {
        shares.push(end - at);
        at = end;
        break;
      }
    }
  }
  return shares;
}

// ---------------------------------------------------------------------------
// The parse

class Parse {
  readonly values: Record<string, unknown> = {};
  readonly extras: string[] = [];
  private readonly seen = new Set<ArgSpec>();
  private readonly waiting: ArgSpec[];
  private readonly specs: readonly ArgSpec[];
  private readonly table: OptionTable;
  private readonly words: readonly Word[];

  constructor(specs: readonly ArgSpec[], table: OptionTable, words: readonly Word[]) {
    this.specs = specs;
    this.table = table;
    this.words = words;
    this.waiting = specs.filter((s) => s.options.length === 0);
    for (const spec of specs) {
      if (spec.action === 'help' || spec.action === 'version') continue;
      if (!Object.hasOwn(this.values, spec.dest)) this.values[spec.dest] = spec.default ?? null;
    }
  }

  run(): ParseResult {
    let at = 0;
    for (;;) {
      const next = this.words.findIndex((w, i) => i >= at && w.kind === 'option');
      if (next < 0) break;
      if (next > at) this.positionals(at, next);
      at = this.option(next);
    }
    this.positionals(at, this.words.length);
    const missing = this.specs.filter((s) => !this.seen.has(s) && (s.options.length > 0 ? s.required === true : needs(s.nargs) > 0));
    if (missing.length > 0) throw new ArgParseError(`the following arguments are required: ${missing.map(nameOf).join(', ')}`);
    return { values: this.values, extras: this.extras };
  }

  private store(spec: ArgSpec, taken: readonly string[]): void {
    this.seen.add(spec);
    if (spec.action === 'help' || spec.action === 'version') throw new ParseExit(spec.action);
    this.values[spec.dest] = valueOf(spec, taken);
  }

  /** Words [from, to) hold no option: the waiting positionals take what they can, the rest is extra. */
  private positionals(from: number, to: number): void {
    const run = this.words.slice(from, to);
    let at = 0;
    for (const share of shareOut(this.waiting, run)) {
      const spec = this.waiting.shift()!;
      this.store(spec, run.slice(at, at + share).map((w) => w.text));
      at += share;
    }
    this.extras.push(...run.slice(at).map((w) => w.text));
  }

  /** The option word at `index` with what it takes; returns where the next word starts. */
  private option(index: number): number {
    const word = this.words[index] as Extract<Word, { kind: 'option' }>;
    if (!word.spec) {
      this.extras.push(word.text);
      return index + 1;
    }
    // Everything the word asks for is worked out before any of it is stored: a
    // missing value for -k in `-hk` is reported although -h would have stopped.
    const steps: [ArgSpec, string[]][] = [];
    let spec = word.spec;
    let flag = word.flag!;
    let attached = word.attached;
    // Flags that take nothing: text glued to a short one is more short flags (-dk is -d -k).
    while (spec.nargs === 'none' && attached !== undefined) {
      const first = attached === '' ? undefined : String.fromCodePoint(attached.codePointAt(0)!);
      const nextSpec = first !== undefined && isShortFlag(flag) ? this.table.get(`-${first}`) : undefined;
      if (!nextSpec) throw new ArgParseError(`argument ${nameOf(spec)}: ignored explicit argument ${pyStrRepr(attached)}`);
      steps.push([spec, []]);
      spec = nextSpec;
      flag = `-${first}`;
      attached = attached.slice(first!.length) || undefined;
    }
    let next = index + 1;
    if (attached !== undefined) {
      steps.push([spec, [attached]]);
    } else {
      let available = 0;
      while (this.words[next + available]?.kind === 'value') available++;
      const take = { none: 0, one: 1, '?': Math.min(available, 1), '*': available, '+': available }[spec.nargs];
      if (spec.nargs === 'one' && available === 0) throw new ArgParseError(`argument ${nameOf(spec)}: expected one argument`);
      if (spec.nargs === '+' && available === 0) throw new ArgParseError(`argument ${nameOf(spec)}: expected at least one argument`);
      steps.push([spec, this.words.slice(next, next + take).map((w) => w.text)]);
      next += take;
    }
    for (const [s, taken] of steps) this.store(s, taken);
    return next;
  }
}

/** parse_known_args: the values, and the words left for the next stage. */
export function parseKnownArgs(specs: readonly ArgSpec[], args: readonly string[]): ParseResult {
  const table = new OptionTable(specs);
  const separator = args.indexOf('--');
  const words: Word[] = args.map((text, i) => {
    if (separator >= 0 && i >= separator) return { kind: i === separator ? 'separator' : 'value', text };
    return table.read(text);
  });
  return new Parse(specs, table, words).run();
}
