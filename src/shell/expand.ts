/**
 * Word expansion in bash's order: tilde, parameters, command substitution and arithmetic (left to
 * right), then word splitting of the unquoted results on IFS, pathname expansion of unquoted glob
 * characters, and quote removal (the parser already recorded what was quoted).
 */
import { evaluateArithmetic } from './arith.ts';
import type { List, Word, WordPart } from './ast.ts';
import { ExpansionError } from './expansion-error.ts';
import { escapeGlob, hasGlob, removeMatch } from './glob.ts';

/** What expansion needs from the shell. */
export interface ExpandContext {
  /** A variable's or special parameter's value; undefined when unset. */
  lookup(name: string): string | undefined;
  /** `${NAME:=word}` assigns. */
  assign(name: string, value: string): void;
  /** Runs the body of `$(…)` and returns its standard output. */
  substitute(body: List): Promise<string>;
  /** Paths matching a pattern (literal characters backslash-escaped), sorted; [] when none match. */
  glob(pattern: string): string[];
}

/** A run of expanded text and what may still happen to it. */
interface Piece {
  readonly text: string;
  /** Came from an unquoted expansion: subject to word splitting. */
  readonly split: boolean;
  /** Unquoted: `*`, `?` and `[` in it are glob characters. */
  readonly glob: boolean;
}

/** Expands command words into arguments (split, globbed, empty unquoted results dropped). */
export async function expandWords(words: readonly Word[], ctx: ExpandContext): Promise<string[]> {
  const out: string[] = [];
  for (const word of words) out.push(...(await expandFields(word, ctx)));
  return out;
}

/** One word into zero or more fields. */
export async function expandFields(word: Word, ctx: ExpandContext): Promise<string[]> {
  const pieces = await expandPieces(withTilde(word.parts, ctx), ctx);
  const fields = splitFields(pieces, ctx.lookup('IFS') ?? ' \t\n');
  return fields.flatMap((f) => {
    if (!f.globbed || !hasGlob(f.pattern)) return [f.text];
    const matches = ctx.glob(f.pattern);
    return matches.length > 0 ? matches : [f.text];
  });
}

/**
 * A word expanded to one string, without splitting or globbing: assignment values, here-documents,
 * here-strings. `assignment` turns on tilde expansion at the start of the value.
 */
export async function expandString(word: Word, ctx: ExpandContext, assignment = false): Promise<string> {
  const parts = assignment ? withTilde(word.parts, ctx) : word.parts;
  return (await expandPieces(parts, ctx)).map((p) => p.text).join('');
}

async function expandPieces(parts: readonly WordPart[], ctx: ExpandContext): Promise<Piece[]> {
  const pieces: Piece[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        pieces.push({ text: part.value, split: false, glob: !part.quoted });
        break;
      case 'param':
        pieces.push(...(await expandParam(part, ctx)));
        break;
      case 'command': {
        const output = (await ctx.substitute(part.body)).replace(/\n+$/, '');
        pieces.push({ text: output, split: !part.quoted, glob: !part.quoted });
        break;
      }
      case 'arith': {
        const expr = await expandString(part.expr, ctx);
        const value = String(evaluateArithmetic(expr, ctx.lookup));
        pieces.push({ text: value, split: !part.quoted, glob: !part.quoted });
        break;
      }
      case 'bad':
        throw new ExpansionError(`${part.text}: bad substitution`);
    }
  }
  return pieces;
}

type ParamPart = Extract<WordPart, { type: 'param' }>;

async function expandParam(part: ParamPart, ctx: ExpandContext): Promise<Piece[]> {
  const value = ctx.lookup(part.name);
  const plain = (text: string): Piece[] => [{ text, split: !part.quoted, glob: !part.quoted }];
  const { op, operand } = part;
  if (op === undefined) return plain(value ?? '');
  if (op === 'length') return plain(String([...(value ?? '')].length));
  const word = operand ?? { text: '', parts: [] };
  // The operand of an unquoted ${…} is split like any unquoted expansion.
  const operandPieces = async (): Promise<Piece[]> =>
    (await expandPieces(word.parts, ctx)).map((p) => (p.glob ? { ...p, split: true } : p));
  // With a colon, an empty value counts as unset.
  const present = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
  switch (op) {
    case '-':
    case ':-':
      return present ? plain(value!) : operandPieces();
    case '+':
    case ':+':
      return present ? operandPieces() : [];
    case '=':
    case ':=': {
      if (present) return plain(value!);
      if (!/^[A-Za-z_]/.test(part.name)) throw new ExpansionError(`$${part.name}: cannot assign in this way`);
      const assigned = await expandString(word, ctx);
      ctx.assign(part.name, assigned);
      return plain(assigned);
    }
    case '?':
    case ':?': {
      if (present) return plain(value!);
      const message = await expandString(word, ctx);
      throw new ExpansionError(`${part.name}: ${message || (op === '?' ? 'parameter not set' : 'parameter null or not set')}`);
    }
    default: {
      // # ## % %%: the operand is a pattern; its quoted characters match only themselves.
      const pattern = (await expandPieces(word.parts, ctx)).map((p) => (p.glob ? p.text : escapeGlob(p.text))).join('');
      const from = op.startsWith('#') ? 'prefix' : 'suffix';
      return plain(removeMatch(value ?? '', pattern, from, op.length === 2));
    }
  }
}

/**
 * `~`, `~/x`, `~+`, `~-` at the start of a word or of an assignment's value; bash also expands it
 * after the `=` of an argument shaped like an assignment (`echo X=~`).
 */
function withTilde(parts: readonly WordPart[], ctx: ExpandContext): readonly WordPart[] {
  const first = parts[0];
  if (first?.type !== 'text' || first.quoted) return parts;
  const assignment = /^[A-Za-z_][A-Za-z0-9_]*\+?=(?=~)/.exec(first.value)?.[0];
  if (assignment !== undefined) {
    const value = withTilde([{ ...first, value: first.value.slice(assignment.length) }, ...parts.slice(1)], ctx);
    return [{ type: 'text', value: assignment, quoted: false }, ...value];
  }
  if (!first.value.startsWith('~')) return parts;
  const m = /^~([^/]*)/.exec(first.value)!;
  // The prefix must end at a slash or at the end of the word: `~$X` and `~"x"` stay as typed.
  if (m[0].length === first.value.length && parts.length > 1) return parts;
  const home =
    m[1] === '' ? ctx.lookup('HOME') : m[1] === '+' ? ctx.lookup('PWD') : m[1] === '-' ? ctx.lookup('OLDPWD') : undefined;
  if (home === undefined) return parts;
  const rest = first.value.slice(m[0].length);
  const replaced: WordPart[] = [{ type: 'text', value: home, quoted: true }];
  if (rest !== '') replaced.push({ type: 'text', value: rest, quoted: false });
  return [...replaced, ...parts.slice(1)];
}

interface Field {
  text: string;
  /** The same text as a glob pattern: quoted characters escaped. */
  pattern: string;
  /** Some of it was unquoted, so glob characters in `pattern` count. */
  globbed: boolean;
  /** Kept even when empty: it had quotes (`""`) or ended at a non-blank IFS character. */
  keep: boolean;
}

/** Word splitting: unquoted expansion results break on IFS; literal and quoted text never does. */
function splitFields(pieces: readonly Piece[], ifs: string): Field[] {
  const fields: Field[] = [];
  let current: Field | undefined;
  const open = (): Field => (current ??= { text: '', pattern: '', globbed: false, keep: false });
  const add = (text: string, piece: Piece): void => {
    const f = open();
    f.text += text;
    f.pattern += piece.glob ? text : escapeGlob(text);
    if (piece.glob) f.globbed = true;
    if (!piece.glob) f.keep = true;
  };
  const close = (): void => {
    if (current !== undefined) fields.push(current);
    current = undefined;
  };
  let afterBlankSplit = false;
  for (const piece of pieces) {
    if (!piece.split || ifs === '') {
      add(piece.text, piece);
      afterBlankSplit = false;
      continue;
    }
    let run = '';
    for (const c of piece.text) {
      if (!ifs.includes(c)) {
        run += c;
        afterBlankSplit = false;
        continue;
      }
      if (run !== '') add(run, piece);
      run = '';
      if (/\s/.test(c)) {
        afterBlankSplit ||= current !== undefined;
        close();
      } else {
        // A non-blank IFS character ends a field, even an empty one, unless blanks already did.
        if (current === undefined && !afterBlankSplit) open();
        if (current !== undefined) current.keep = true;
        close();
        afterBlankSplit = false;
      }
    }
    if (run !== '') add(run, piece);
  }
  close();
  return fields.filter((f) => f.keep || f.text !== '');
}
