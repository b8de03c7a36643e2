/** The tokens of a `--query` expression, cut as Python jmespath cuts them (the whole expression at once, before parsing). */
import { PyJsonError, pyJsonLoads } from './python/json.ts';
import { pyLstrip } from './python/unicode.ts';
import type { PyValue } from './python/values.ts';

/** Token kinds, spelled as jmespath names them in its messages (`got: lbracket`, `(LBRACKET)`). */
export type TokenKind =
  | 'unquoted_identifier'
  | 'quoted_identifier'
  | 'number'
  | 'literal'
  | 'dot'
  | 'star'
  | 'flatten'
  | 'filter'
  | 'lbracket'
  | 'rbracket'
  | 'lbrace'
  | 'rbrace'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'colon'
  | 'pipe'
  | 'or'
  | 'and'
  | 'not'
  | 'expref'
  | 'current'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, number, literal value, or the operator as written. */
  readonly value: PyValue;
  /** Code point offset in the expression (Python counts code points). */
  readonly at: number;
}

/** A character sequence that is no token: jmespath's LexerError. */
export class LexError extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.name = 'LexError';
    this.at = at;
  }
}

const SINGLE: Record<string, TokenKind> = {
  '.': 'dot',
  '*': 'star',
  ']': 'rbracket',
  '{': 'lbrace',
  '}': 'rbrace',
  '(': 'lparen',
  ')': 'rparen',
  ',': 'comma',
  ':': 'colon',
  '@': 'current',
};

/** Two-character operators first, then what their first character means alone (undefined: not a token). */
const PAIRED: Record<string, [second: string, pair: TokenKind, alone: TokenKind | undefined][]> = {
  '[': [
    [']', 'flatten', 'lbracket'],
    ['?', 'filter', 'lbracket'],
  ],
  '|': [['|', 'or', 'pipe']],
  '&': [['&', 'and', 'expref']],
  '!': [['=', 'ne', 'not']],
  '<': [['=', 'lte', 'lt']],
  '>': [['=', 'gte', 'gt']],
  '=': [['=', 'eq', undefined]],
};

const SPACE = new Set([' ', '\t', '\n', '\r']);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined) => c !== undefined && /^[A-Za-z_]$/.test(c);
const isNameChar = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);

/** The message of a json.loads failure without its "line 1 column 3 (char 2)" tail. */
function jsonMessage(e: PyJsonError): string {
  return e.message.replace(/: line \d+ column \d+ \(char \d+\)$/, '');
}

/** How deep json.loads may nest arrays and objects in a literal before Python's stack runs out (in the CLI). */
const MAX_LITERAL_NESTING = 975;

/** Nesting beyond Python's stack: the RecursionError json.loads raises there. */
export class DepthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DepthError';
  }
}

function checkNesting(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_LITERAL_NESTING) {
        const what = c === '[' ? 'array' : 'object';
        throw new DepthError(`maximum recursion depth exceeded while decoding a JSON ${what} from a unicode string`);
      }
    } else if (c === ']' || c === '}') {
      depth--;
    }
  }
}

/** A backquoted JSON value; text that is no JSON reads as a string (jmespath's old literal rule). */
function literalValue(text: string, at: number): PyValue {
  checkNesting(text);
  try {
    return pyJsonLoads(text);
  } catch (e) {
    if (!(e instanceof PyJsonError)) throw e;
  }
  try {
    return pyJsonLoads(`"${pyLstrip(text)}"`);
  } catch (e) {
    if (!(e instanceof PyJsonError)) throw e;
    throw new LexError(`Bad token ${text}`, at);
  }
}

/** Splits the expression into tokens, ending with an `eof` token at its length. */
export function tokenize(expression: string): Token[] {
  const chars = Array.from(expression);
  const tokens: Token[] = [];
  let i = 0;

  // From the opening delimiter at i, the text up to the closing one; a backslash keeps the next character.
  const delimited = (quote: string): string => {
    let j = i + 1;
    while (j < chars.length && chars[j] !== quote) j += chars[j] === '\\' ? 2 : 1;
    if (j >= chars.length) throw new LexError(`Unclosed ${quote} delimiter`, i);
    const body = chars.slice(i + 1, j).join('');
    i = j + 1;
    return body;
  };

  while (i < chars.length) {
    const c = chars[i]!;
    const at = i;
    if (SPACE.has(c)) {
      i++;
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (isNameChar(chars[j])) j++;
      tokens.push({ kind: 'unquoted_identifier', value: chars.slice(i, j).join(''), at });
      i = j;
    } else if (isDigit(c) || (c === '-' && isDigit(chars[i + 1]))) {
      let j = i + 1;
      while (isDigit(chars[j])) j++;
      tokens.push({ kind: 'number', value: Number.parseInt(chars.slice(i, j).join(''), 10), at });
      i = j;
    } else if (c === '"') {
      const text = `"${delimited('"')}"`;
      let name: PyValue;
      try {
        name = pyJsonLoads(text);
      } catch (e) {
        if (e instanceof PyJsonError) throw new LexError(jsonMessage(e), at);
        throw e;
      }
      tokens.push({ kind: 'quoted_identifier', value: name, at });
    } else if (c === "'") {
      tokens.push({ kind: 'literal', value: delimited("'").replaceAll("\\'", "'"), at });
    } else if (c === '`') {
      const text = delimited('`').replaceAll('\\`', '`');
      tokens.push({ kind: 'literal', value: literalValue(text, at), at });
    } else if (c in SINGLE) {
      tokens.push({ kind: SINGLE[c]!, value: c, at });
      i++;
    } else if (c in PAIRED) {
      const next = chars[i + 1];
      const pair = PAIRED[c]!.find(([second]) => second === next);
      if (pair !== undefined) {
        tokens.push({ kind: pair[1], value: c + next, at });
        i += 2;
      } else {
        const alone = PAIRED[c]![0]![2];
        if (alone === undefined) throw new LexError(`Unknown token '${c}'`, at);
        tokens.push({ kind: alone, value: c, at });
        i++;
      }
    } else if (c === '-') {
      throw new LexError("Unknown token '-'", at);
    } else {
      throw new LexError(`Unknown token ${c}`, at);
    }
  }
  tokens.push({ kind: 'eof', value: '', at: chars.length });
  return tokens;
}
