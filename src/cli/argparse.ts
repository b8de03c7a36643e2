/**
 * The part of Python's argparse (3.11) the CLI's parsers rely on, with the
 * CLI's own choice message (awscli/argparser.py). The CLI parses a command
 * line in stages (first pass, global options, service, operation), each
 * stage with parse_known_args, passing on what it does not know; the quirks
 * learners run into come from argparse itself: options are matched by any
 * unambiguous prefix (`--plain` is `--plaintext`), `--opt=value` works, a
 * value that looks like an option is not taken as a value, and stray words
 * end up as "Unknown options".
 */
import { getCloseMatches } from './difflib.ts';
import { pyInt } from './python/int.ts';
import { pyStrRepr } from './python/repr.ts';

export type Nargs = 'one' | '?' | '*' | '+' | 'none';

export interface ArgSpec {
  dest: string;
  /** `--key-id`; empty for a positional argument. */
  options: readonly string[];
  nargs: Nargs;
  /** store: keep the value(s); const: keep `const` (store_true/store_false); version/help: stop parsing. */
  action?: 'store' | 'const' | 'version' | 'help';
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
  values: Record<string, unknown>;
  /** Arguments this parser did not consume, in argparse's order. */
  extras: string[];
}

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

function actionName(spec: ArgSpec): string {
  return spec.options.length > 0 ? spec.options.join('/') : spec.dest;
}

/** CLIArgParser._check_value: the choices two to a line, then close matches. */
export function invalidChoiceMessage(value: string, choices: readonly string[]): string {
  const lines = ['Invalid choice, valid choices are:\n'];
  for (let i = 0; i < choices.length; i += 2) {
    lines.push(
      choices
        .slice(i, i + 2)
        .map((c) => c.padEnd(40))
        .join(' | '),
    );
  }
  const possible = getCloseMatches(value, choices);
  if (possible.length > 0) {
    lines.push(`\n\nInvalid choice: ${pyStrRepr(value)}, maybe you meant:\n`);
    for (const word of possible) lines.push(`  * ${word}`);
  }
  return lines.join('\n');
}

type OptionTuple = { spec: ArgSpec | undefined; option: string; explicit: string | undefined };

export function parseKnownArgs(specs: readonly ArgSpec[], args: readonly string[]): ParseResult {
  const optionMap = new Map<string, ArgSpec>();
  for (const spec of specs) for (const o of spec.options) optionMap.set(o, spec);
  const positionals = specs.filter((s) => s.options.length === 0);
  const values: Record<string, unknown> = {};
  const seen = new Set<ArgSpec>();
  const extras: string[] = [];

  const argError = (spec: ArgSpec, message: string): never => {
    throw new ArgParseError(`argument ${actionName(spec)}: ${message}`);
  };

  const parseOptional = (arg: string): OptionTuple | undefined => {
    if (!arg || arg[0] !== '-') return undefined;
    if (optionMap.has(arg)) return { spec: optionMap.get(arg), option: arg, explicit: undefined };
    if (arg.length === 1) return undefined;
    if (arg.includes('=')) {
      const [opt, ...rest] = arg.split('=');
      if (optionMap.has(opt!)) return { spec: optionMap.get(opt!), option: opt!, explicit: rest.join('=') };
    }
    const matches: OptionTuple[] = [];
    if (arg[1] === '-') {
      const eq = arg.indexOf('=');
      const prefix = eq >= 0 ? arg.slice(0, eq) : arg;
      const explicit = eq >= 0 ? arg.slice(eq + 1) : undefined;
      for (const [o, spec] of optionMap) if (o.startsWith(prefix)) matches.push({ spec, option: o, explicit });
    } else {
      const short = arg.slice(0, 2);
      for (const [o, spec] of optionMap) {
        if (o === short) matches.push({ spec, option: o, explicit: arg.slice(2) });
        else if (o.startsWith(arg)) matches.push({ spec, option: o, explicit: undefined });
      }
    }
    if (matches.length > 1) {
      throw new ArgParseError(`ambiguous option: ${arg} could match ${matches.map((m) => m.option).join(', ')}`);
    }
    if (matches.length === 1) return matches[0];
    if (NEGATIVE_NUMBER.test(arg)) return undefined;
    if (arg.includes(' ')) return undefined;
    return { spec: undefined, option: arg, explicit: undefined };
  };

  // Classify each argument: O (an option), A (an argument), - (the `--` separator).
  const tuples = new Map<number, OptionTuple>();
  let pattern = '';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      pattern += '-' + 'A'.repeat(args.length - i - 1);
      break;
    }
    const tuple = parseOptional(arg);
    if (tuple) {
      tuples.set(i, tuple);
      pattern += 'O';
    } else pattern += 'A';
  }

  const convert = (spec: ArgSpec, raw: string): unknown => {
    let value: unknown = raw;
    if (spec.type === 'int') {
      try {
        value = pyInt(raw);
      } catch {
        argError(spec, `invalid int value: ${pyStrRepr(raw)}`);
      }
    }
    if (spec.choices && !spec.choices.includes(String(value))) argError(spec, invalidChoiceMessage(String(value), spec.choices));
    return value;
  };

  const takeAction = (spec: ArgSpec, argStrings: string[]): void => {
    seen.add(spec);
    const strings = [...argStrings];
    const dash = strings.indexOf('--');
    if (dash >= 0) strings.splice(dash, 1);
    if (spec.action === 'version' || spec.action === 'help') throw new ParseExit(spec.action);
    if (spec.action === 'const') {
      values[spec.dest] = spec.const;
      return;
    }
    let value: unknown;
    if (strings.length === 0 && spec.nargs === '?') {
      value = spec.options.length > 0 ? spec.const : (spec.default ?? null);
      if (typeof value === 'string') value = convert(spec, value);
    } else if (strings.length === 0 && spec.nargs === '*' && spec.options.length === 0) {
      value = spec.default ?? [];
    } else if (strings.length === 1 && (spec.nargs === 'one' || spec.nargs === '?')) {
      value = convert(spec, strings[0]!);
    } else {
      value = strings.map((s) => convert(spec, s));
    }
    values[spec.dest] = value;
  };

  const nargsPattern = (spec: ArgSpec): string => {
    const p = { one: '(-*A-*)', '?': '(-*A?-*)', '*': '(-*[A-]*)', '+': '(-*A[A-]*)', none: '(-*-*)' }[spec.action === 'const' || spec.action === 'version' || spec.action === 'help' ? 'none' : spec.nargs];
    return spec.options.length > 0 ? p.replaceAll('-*', '').replaceAll('-', '') : p;
  };

  const matchArgument = (spec: ArgSpec, sub: string): number => {
    const m = new RegExp(`^${nargsPattern(spec)}`).exec(sub);
    if (!m) {
      const nargs = spec.action === 'store' || spec.action === undefined ? spec.nargs : 'none';
      const message =
        nargs === 'one' ? 'expected one argument' : nargs === '?' ? 'expected at most one argument' : nargs === '+' ? 'expected at least one argument' : 'expected 0 arguments';
      argError(spec, message);
    }
    return m![1]!.length;
  };

  const consumeOptional = (start: number): number => {
    const { spec, option, explicit } = tuples.get(start)!;
    if (!spec) {
      extras.push(args[start]!);
      return start + 1;
    }
    if (explicit !== undefined) {
      const count = matchArgument({ ...spec, options: [option] }, 'A');
      if (count !== 1) argError(spec, `ignored explicit argument ${pyStrRepr(explicit)}`);
      takeAction(spec, [explicit]);
      return start + 1;
    }
    const count = matchArgument(spec, pattern.slice(start + 1));
    takeAction(spec, args.slice(start + 1, start + 1 + count));
    return start + 1 + count;
  };

  const consumePositionals = (start: number): number => {
    const sub = pattern.slice(start);
    let counts: number[] = [];
    for (let i = positionals.length; i > 0; i--) {
      const m = new RegExp(`^${positionals.slice(0, i).map(nargsPattern).join('')}`).exec(sub);
      if (m) {
        counts = m.slice(1).map((g) => (g ?? '').length);
        break;
      }
    }
    let index = start;
    counts.forEach((count, i) => {
      takeAction(positionals[i]!, args.slice(index, index + count));
      index += count;
    });
    positionals.splice(0, counts.length);
    return index;
  };

  const optionIndices = [...tuples.keys()];
  const maxOption = optionIndices.length > 0 ? Math.max(...optionIndices) : -1;
  let start = 0;
  while (start <= maxOption) {
    const nextOption = Math.min(...optionIndices.filter((i) => i >= start));
    if (start !== nextOption) {
      const end = consumePositionals(start);
      if (end > start) {
        start = end;
        continue;
      }
      start = end;
    }
    if (!tuples.has(start)) {
      extras.push(...args.slice(start, nextOption));
      start = nextOption;
    }
    start = consumeOptional(start);
  }
  const stop = consumePositionals(start);
  extras.push(...args.slice(stop));

  const missing: string[] = [];
  for (const spec of specs) {
    if (seen.has(spec)) continue;
    if (spec.required || (spec.options.length === 0 && spec.nargs === 'one')) missing.push(actionName(spec));
    else if (!(spec.dest in values)) values[spec.dest] = spec.default ?? null;
  }
  if (missing.length > 0) throw new ArgParseError(`the following arguments are required: ${missing.join(', ')}`);
  for (const spec of specs) if (!(spec.dest in values)) values[spec.dest] = spec.default ?? null;
  return { values, extras };
}
