/**
 * `--query`: JMESPath as AWS CLI v2 runs it.
 *
 * The CLI compiles the expression with Python's jmespath 1.0.1 while it parses
 * the global options, before any request is sent, and reports a bad one as
 *
 *     \nBad value for --query <expr>: <jmespath error text>\n   (exit 252)
 *
 * The npm `jmespath` package evaluates expressions, but its parser accepts a
 * slightly different language and words its errors differently, so the lexer
 * and parser below are a line-by-line port of jmespath 1.0.1 (lexer.py,
 * parser.py, exceptions.py): they decide which expressions are valid and
 * produce the CLI's exact messages. Evaluation errors (unknown function, wrong
 * arity) surface when the formatter runs, after the request, and the CLI exits
 * 255 with the bare message.
 */
import jmespath from 'jmespath';
import { PyJsonError, pyJsonLoads as loadJson } from './python/json.ts';
import { pyRepr, pyStr } from './python/repr.ts';
import { pyLstrip } from './python/unicode.ts';
import { isDict, PyFloat, type PyValue } from './python/values.ts';

export const QUERY_SYNTAX_EXIT_CODE = 252;
export const QUERY_RUNTIME_EXIT_CODE = 255;

export class QueryError extends Error {
  /** 252 for a bad expression (a ParamValidationError), 255 for an evaluation failure. */
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'QueryError';
    this.exitCode = exitCode;
  }
  /** What the CLI writes to stderr: the message framed by newlines. */
  get stderr(): string {
    return `\n${this.message}\n`;
  }
}

export interface CompiledQuery {
  readonly expression: string;
  search(data: unknown): unknown;
}

/**
 * Validates `expression` as the CLI does at argument-parsing time. Throws
 * QueryError (exit 252) with the CLI's message for an invalid expression.
 */
export function compileQuery(expression: string): CompiledQuery {
  try {
    new Parser().parse(expression);
  } catch (e) {
    if (e instanceof JmesPathError) {
      throw new QueryError(`Bad value for --query ${expression}: ${e.toString()}`, QUERY_SYNTAX_EXIT_CODE);
    }
    throw e;
  }
  return { expression, search: (data) => evaluate(expression, data) };
}

/** compileQuery + search: the value the CLI's formatter prints for `--query expression`. */
export function applyQuery(expression: string, data: unknown): unknown {
  return compileQuery(expression).search(data);
}

function evaluate(expression: string, data: unknown): unknown {
  try {
    return toPlain(jmespath.search(detachPrototypes(data), expression));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new QueryError(pythonRuntimeMessage(message), QUERY_RUNTIME_EXIT_CODE);
  }
}

/**
 * jmespath.js reads fields with `obj[name]`, so `constructor` or `toString`
 * would reach Object.prototype, where Python dicts have no such members. The
 * data gets a prototype holding only the hasOwnProperty that jmespath.js
 * itself calls.
 */
const BARE_PROTOTYPE: object = Object.create(null, { hasOwnProperty: { value: Object.prototype.hasOwnProperty } });

function detachPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(detachPrototypes);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Date)) {
    const out = Object.create(BARE_PROTOTYPE) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = detachPrototypes(v);
    return out;
  }
  return value;
}

// Back to ordinary values; a function (the one inherited member) reads as absent.
function toPlain(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return null;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

// Rewords jmespath.js runtime errors the way Python's jmespath words them.
function pythonRuntimeMessage(message: string): string {
  const arity = /^ArgumentError: (\w+)\(\) takes (at least)? ?(\d+) arguments? but received (\d+)$/.exec(message);
  if (arity) {
    const [, name, atLeast, expected, actual] = arity;
    const plural = expected === '1' ? 'argument' : 'arguments';
    return `Expected ${atLeast ? 'at least ' : ''}${expected} ${plural} for function ${name}(), received ${actual}`;
  }
  // "Unknown function: foo()" is worded identically by both implementations.
  return message;
}

// ---------------------------------------------------------------------------
// Errors (jmespath/exceptions.py)

class JmesPathError extends Error {}

class ParseError extends JmesPathError {
  lexPosition: number;
  tokenValue: unknown;
  tokenType: string;
  msg: string;
  expression = '';
  constructor(lexPosition: number, tokenValue: unknown, tokenType: string, msg = 'Invalid jmespath expression') {
    super(msg);
    this.lexPosition = lexPosition;
    this.tokenValue = tokenValue;
    this.tokenType = tokenType.toUpperCase();
    this.msg = msg;
  }
  override toString(): string {
    // +1 for the opening double quote around the expression.
    const underline = ' '.repeat(this.lexPosition + 1) + '^';
    return (
      `${this.msg}: Parse error at column ${this.lexPosition}, ` +
      `token "${pyStr(this.tokenValue)}" (${this.tokenType}), for expression:\n"${this.expression}"\n${underline}`
    );
  }
}

class IncompleteExpressionError extends ParseError {
  setExpression(expression: string): void {
    this.expression = expression;
    this.lexPosition = codePointLength(expression);
  }
  override toString(): string {
    const underline = ' '.repeat(this.lexPosition + 1) + '^';
    return `Invalid jmespath expression: Incomplete expression:\n"${this.expression}"\n${underline}`;
  }
}

class LexerError extends ParseError {
  readonly lexerMessage: string;
  constructor(lexerPosition: number, lexerValue: string, message: string) {
    super(lexerPosition, lexerValue, message);
    this.lexerMessage = message;
  }
  override toString(): string {
    const underline = ' '.repeat(this.lexPosition) + '^';
    return `Bad jmespath expression: ${this.lexerMessage}:\n${this.expression}\n${underline}`;
  }
}

class EmptyExpressionError extends JmesPathError {
  override toString(): string {
    return 'Invalid JMESPath expression: cannot be empty.';
  }
}

function codePointLength(text: string): number {
  return Array.from(text).length;
}

// ---------------------------------------------------------------------------
// Lexer (jmespath/lexer.py). Positions count code points, as Python does.

interface Token {
  type: string;
  value: unknown;
  start: number;
}

const START_IDENTIFIER = /^[A-Za-z_]$/;
const VALID_IDENTIFIER = /^[A-Za-z0-9_]$/;
const VALID_NUMBER = /^[0-9]$/;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SIMPLE_TOKENS: Record<string, string> = {
  '.': 'dot',
  '*': 'star',
  ']': 'rbracket',
  ',': 'comma',
  ':': 'colon',
  '@': 'current',
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
};

class Lexer {
  private chars: string[] = [];
  private position = 0;
  private current: string | undefined;
  private length = 0;

  tokenize(expression: string): Token[] {
    if (!expression) throw new EmptyExpressionError();
    this.chars = Array.from(expression);
    this.length = this.chars.length;
    this.position = 0;
    this.current = this.chars[0];
    const tokens: Token[] = [];
    while (this.current !== undefined) {
      const c: string = this.current;
      const simple = Object.hasOwn(SIMPLE_TOKENS, c) ? SIMPLE_TOKENS[c] : undefined;
      if (simple !== undefined) {
        tokens.push({ type: simple, value: c, start: this.position });
        this.next();
      } else if (START_IDENTIFIER.test(c)) {
        const start = this.position;
        let buff = c;
        for (let n = this.next(); n !== undefined && VALID_IDENTIFIER.test(n); n = this.next()) buff += n;
        tokens.push({ type: 'unquoted_identifier', value: buff, start });
      } else if (WHITESPACE.has(c)) {
        this.next();
      } else if (c === '[') {
        const start = this.position;
        const nextChar = this.next();
        if (nextChar === ']') {
          this.next();
          tokens.push({ type: 'flatten', value: '[]', start });
        } else if (nextChar === '?') {
          this.next();
          tokens.push({ type: 'filter', value: '[?', start });
        } else {
          tokens.push({ type: 'lbracket', value: '[', start });
        }
      } else if (c === "'") {
        tokens.push(this.consumeRawStringLiteral());
      } else if (c === '|') {
        tokens.push(this.matchOrElse('|', 'or', 'pipe'));
      } else if (c === '&') {
        tokens.push(this.matchOrElse('&', 'and', 'expref'));
      } else if (c === '`') {
        tokens.push(this.consumeLiteral());
      } else if (VALID_NUMBER.test(c)) {
        const start = this.position;
        tokens.push({ type: 'number', value: Number.parseInt(this.consumeNumber(), 10), start });
      } else if (c === '-') {
        const start = this.position;
        const buff = this.consumeNumber();
        if (buff.length > 1) {
          tokens.push({ type: 'number', value: Number.parseInt(buff, 10), start });
        } else {
          throw new LexerError(start, buff, `Unknown token '${buff}'`);
        }
      } else if (c === '"') {
        tokens.push(this.consumeQuotedIdentifier());
      } else if (c === '<') {
        tokens.push(this.matchOrElse('=', 'lte', 'lt'));
      } else if (c === '>') {
        tokens.push(this.matchOrElse('=', 'gte', 'gt'));
      } else if (c === '!') {
        tokens.push(this.matchOrElse('=', 'ne', 'not'));
      } else if (c === '=') {
        if (this.next() === '=') {
          tokens.push({ type: 'eq', value: '==', start: this.position - 1 });
          this.next();
        } else {
          // At EOF the position never advanced, so there is nothing to rewind.
          const position = this.current === undefined ? this.position : this.position - 1;
          throw new LexerError(position, '=', "Unknown token '='");
        }
      } else {
        throw new LexerError(this.position, c, `Unknown token ${c}`);
      }
    }
    tokens.push({ type: 'eof', value: '', start: this.length });
    return tokens;
  }

  private next(): string | undefined {
    if (this.position === this.length - 1) {
      this.current = undefined;
    } else {
      this.position += 1;
      this.current = this.chars[this.position];
    }
    return this.current;
  }

  private consumeNumber(): string {
    let buff = this.current ?? '';
    for (let n = this.next(); n !== undefined && VALID_NUMBER.test(n); n = this.next()) buff += n;
    return buff;
  }

  private consumeUntil(delimiter: string): string {
    const start = this.position;
    let buff = '';
    this.next();
    while (this.current !== delimiter) {
      if (this.current === '\\') {
        buff += '\\';
        this.next();
      }
      if (this.current === undefined) {
        throw new LexerError(start, this.chars.slice(start).join(''), `Unclosed ${delimiter} delimiter`);
      }
      buff += this.current;
      this.next();
    }
    this.next();
    return buff;
  }

  private consumeLiteral(): Token {
    const start = this.position;
    const lexeme = this.consumeUntil('`').replaceAll('\\`', '`');
    let parsed = pyJsonLoads(lexeme);
    if (!parsed.ok) {
      // JEP-12: an invalid JSON literal is read as a JSON string.
      parsed = pyJsonLoads(`"${pyLstrip(lexeme)}"`);
      if (!parsed.ok) throw new LexerError(start, this.chars.slice(start).join(''), `Bad token ${lexeme}`);
    }
    return { type: 'literal', value: parsed.value, start };
  }

  private consumeQuotedIdentifier(): Token {
    const start = this.position;
    const lexeme = `"${this.consumeUntil('"')}"`;
    const parsed = pyJsonLoads(lexeme);
    if (!parsed.ok) throw new LexerError(start, lexeme, parsed.error.split(':')[0] ?? parsed.error);
    return { type: 'quoted_identifier', value: parsed.value, start };
  }

  private consumeRawStringLiteral(): Token {
    const start = this.position;
    const lexeme = this.consumeUntil("'").replaceAll("\\'", "'");
    return { type: 'literal', value: lexeme, start };
  }

  private matchOrElse(expected: string, matchType: string, elseType: string): Token {
    const start = this.position;
    const current = this.current ?? '';
    const nextChar = this.next();
    if (nextChar === expected) {
      this.next();
      return { type: matchType, value: current + nextChar, start };
    }
    return { type: elseType, value: current, start };
  }
}

type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/** json.loads for literals and quoted identifiers, with floats as plain numbers as the evaluator wants them. */
function pyJsonLoads(text: string): JsonResult {
  const plain = (v: PyValue): unknown =>
    v instanceof PyFloat ? v.value : Array.isArray(v) ? v.map(plain) : isDict(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v;
  try {
    return { ok: true, value: plain(loadJson(text)) };
  } catch (e) {
    if (e instanceof PyJsonError) return { ok: false, error: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Parser (jmespath/parser.py): a Pratt parser building the same AST shapes,
// since several decisions look at the type of the node on the left.

interface Node {
  type: string;
  children: Node[];
  value?: unknown;
}

const BINDING_POWER: Record<string, number> = {
  eof: 0,
  unquoted_identifier: 0,
  quoted_identifier: 0,
  literal: 0,
  rbracket: 0,
  rparen: 0,
  comma: 0,
  rbrace: 0,
  number: 0,
  current: 0,
  expref: 0,
  colon: 0,
  pipe: 1,
  or: 2,
  and: 3,
  eq: 5,
  gt: 5,
  lt: 5,
  gte: 5,
  lte: 5,
  ne: 5,
  flatten: 9,
  star: 20,
  filter: 21,
  dot: 40,
  not: 45,
  lbrace: 50,
  lbracket: 55,
  lparen: 60,
};
const PROJECTION_STOP = 10;

function node(type: string, children: Node[] = [], value?: unknown): Node {
  return value === undefined ? { type, children } : { type, children, value };
}

function bindingPower(type: string): number {
  return BINDING_POWER[type] ?? 0;
}

class Parser {
  private tokens: Token[] = [];
  private index = 0;

  parse(expression: string): Node {
    try {
      this.tokens = new Lexer().tokenize(expression);
      this.index = 0;
      const parsed = this.expression(0);
      if (this.currentToken() !== 'eof') {
        const t = this.lookaheadToken(0);
        throw new ParseError(t.start, t.value, t.type, `Unexpected token: ${pyStr(t.value)}`);
      }
      return parsed;
    } catch (e) {
      if (e instanceof IncompleteExpressionError) e.setExpression(expression);
      else if (e instanceof ParseError) e.expression = expression;
      throw e;
    }
  }

  private expression(bp = 0): Node {
    const leftToken = this.lookaheadToken(0);
    this.advance();
    let left = this.nud(leftToken);
    let current = this.currentToken();
    while (bp < bindingPower(current)) {
      const led = this.led(current);
      if (led === undefined) {
        this.errorLedToken(this.lookaheadToken(0));
      } else {
        this.advance();
        left = led(left);
        current = this.currentToken();
      }
    }
    return left;
  }

  private nud(token: Token): Node {
    switch (token.type) {
      case 'literal':
        return node('literal', [], token.value);
      case 'unquoted_identifier':
        return node('field', [], token.value);
      case 'quoted_identifier': {
        const field = node('field', [], token.value);
        if (this.currentToken() === 'lparen') {
          const t = this.lookaheadToken(0);
          throw new ParseError(0, t.value, t.type, 'Quoted identifier not allowed for function names.');
        }
        return field;
      }
      case 'star': {
        const left = node('identity');
        const right =
          this.currentToken() === 'rbracket' ? node('identity') : this.parseProjectionRhs(bindingPower('star'));
        return node('value_projection', [left, right]);
      }
      case 'filter':
        return this.ledFilter(node('identity'));
      case 'lbrace':
        return this.parseMultiSelectHash();
      case 'lparen': {
        const expression = this.expression();
        this.match('rparen');
        return expression;
      }
      case 'flatten': {
        const left = node('flatten', [node('identity')]);
        const right = this.parseProjectionRhs(bindingPower('flatten'));
        return node('projection', [left, right]);
      }
      case 'not':
        return node('not_expression', [this.expression(bindingPower('not'))]);
      case 'lbracket': {
        const current = this.currentToken();
        if (current === 'number' || current === 'colon') {
          const right = this.parseIndexExpression();
          return this.projectIfSlice(node('identity'), right);
        } else if (current === 'star' && this.lookahead(1) === 'rbracket') {
          this.advance();
          this.advance();
          const right = this.parseProjectionRhs(bindingPower('star'));
          return node('projection', [node('identity'), right]);
        }
        return this.parseMultiSelectList();
      }
      case 'current':
        return node('current');
      case 'expref':
        return node('expref', [this.expression(bindingPower('expref'))]);
      default:
        return this.errorNudToken(token);
    }
  }

  private led(type: string): ((left: Node) => Node) | undefined {
    switch (type) {
      case 'dot':
        return (left) => this.ledDot(left);
      case 'pipe':
        return (left) => node('pipe', [left, this.expression(bindingPower('pipe'))]);
      case 'or':
        return (left) => node('or_expression', [left, this.expression(bindingPower('or'))]);
      case 'and':
        return (left) => node('and_expression', [left, this.expression(bindingPower('and'))]);
      case 'lparen':
        return (left) => this.ledLparen(left);
      case 'filter':
        return (left) => this.ledFilter(left);
      case 'eq':
      case 'ne':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        return (left) => node('comparator', [left, this.expression(bindingPower(type))], type);
      case 'flatten':
        return (left) => {
          const flat = node('flatten', [left]);
          return node('projection', [flat, this.parseProjectionRhs(bindingPower('flatten'))]);
        };
      case 'lbracket':
        return (left) => this.ledLbracket(left);
      default:
        return undefined;
    }
  }

  private ledDot(left: Node): Node {
    if (this.currentToken() !== 'star') {
      const right = this.parseDotRhs(bindingPower('dot'));
      if (left.type === 'subexpression') {
        left.children.push(right);
        return left;
      }
      return node('subexpression', [left, right]);
    }
    this.advance();
    const right = this.parseProjectionRhs(bindingPower('dot'));
    return node('value_projection', [left, right]);
  }

  private ledLparen(left: Node): Node {
    if (left.type !== 'field') {
      // -2 is the token in front of '(' (Python indexes from the end if negative).
      const prev = this.lookaheadToken(-2);
      throw new ParseError(prev.start, prev.value, prev.type, `Invalid function name '${pyStr(prev.value)}'`);
    }
    const args: Node[] = [];
    while (this.currentToken() !== 'rparen') {
      const expression = this.expression();
      if (this.currentToken() === 'comma') this.match('comma');
      args.push(expression);
    }
    this.match('rparen');
    return node('function_expression', args, left.value);
  }

  private ledFilter(left: Node): Node {
    const condition = this.expression(0);
    this.match('rbracket');
    const right =
      this.currentToken() === 'flatten' ? node('identity') : this.parseProjectionRhs(bindingPower('filter'));
    return node('filter_projection', [left, right, condition]);
  }

  private ledLbracket(left: Node): Node {
    const token = this.lookaheadToken(0);
    if (token.type === 'number' || token.type === 'colon') {
      const right = this.parseIndexExpression();
      if (left.type === 'index_expression') {
        left.children.push(right);
        return left;
      }
      return this.projectIfSlice(left, right);
    }
    this.match('star');
    this.match('rbracket');
    const right = this.parseProjectionRhs(bindingPower('star'));
    return node('projection', [left, right]);
  }

  private parseIndexExpression(): Node {
    if (this.lookahead(0) === 'colon' || this.lookahead(1) === 'colon') return this.parseSliceExpression();
    const index = node('index', [], this.lookaheadToken(0).value);
    this.advance();
    this.match('rbracket');
    return index;
  }

  private parseSliceExpression(): Node {
    const parts: unknown[] = [null, null, null];
    let index = 0;
    let current = this.currentToken();
    while (current !== 'rbracket' && index < 3) {
      if (current === 'colon') {
        index += 1;
        if (index === 3) this.raiseParseErrorForToken(this.lookaheadToken(0), 'syntax error');
        this.advance();
      } else if (current === 'number') {
        parts[index] = this.lookaheadToken(0).value;
        this.advance();
      } else {
        this.raiseParseErrorForToken(this.lookaheadToken(0), 'syntax error');
      }
      current = this.currentToken();
    }
    this.match('rbracket');
    return node('slice', [], parts);
  }

  private projectIfSlice(left: Node, right: Node): Node {
    const indexExpr = node('index_expression', [left, right]);
    if (right.type === 'slice') {
      return node('projection', [indexExpr, this.parseProjectionRhs(bindingPower('star'))]);
    }
    return indexExpr;
  }

  private parseMultiSelectList(): Node {
    const expressions: Node[] = [];
    for (;;) {
      expressions.push(this.expression());
      if (this.currentToken() === 'rbracket') break;
      this.match('comma');
    }
    this.match('rbracket');
    return node('multi_select_list', expressions);
  }

  private parseMultiSelectHash(): Node {
    const pairs: Node[] = [];
    for (;;) {
      const keyToken = this.lookaheadToken(0);
      this.matchMultipleTokens(['quoted_identifier', 'unquoted_identifier']);
      this.match('colon');
      const value = this.expression(0);
      pairs.push(node('key_val_pair', [value], keyToken.value));
      if (this.currentToken() === 'comma') {
        this.match('comma');
      } else if (this.currentToken() === 'rbrace') {
        this.match('rbrace');
        break;
      }
    }
    return node('multi_select_dict', pairs);
  }

  private parseProjectionRhs(bp: number): Node {
    const current = this.currentToken();
    if (bindingPower(current) < PROJECTION_STOP) return node('identity');
    if (current === 'lbracket' || current === 'filter') return this.expression(bp);
    if (current === 'dot') {
      this.match('dot');
      return this.parseDotRhs(bp);
    }
    return this.raiseParseErrorForToken(this.lookaheadToken(0), 'syntax error');
  }

  private parseDotRhs(bp: number): Node {
    const lookahead = this.currentToken();
    if (lookahead === 'quoted_identifier' || lookahead === 'unquoted_identifier' || lookahead === 'star') {
      return this.expression(bp);
    } else if (lookahead === 'lbracket') {
      this.match('lbracket');
      return this.parseMultiSelectList();
    } else if (lookahead === 'lbrace') {
      this.match('lbrace');
      return this.parseMultiSelectHash();
    }
    const t = this.lookaheadToken(0);
    const allowed = ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'];
    return this.raiseParseErrorForToken(t, `Expecting: ${pyRepr(allowed)}, got: ${t.type}`);
  }

  private errorNudToken(token: Token): never {
    if (token.type === 'eof') throw new IncompleteExpressionError(token.start, token.value, token.type);
    return this.raiseParseErrorForToken(token, 'invalid token');
  }

  private errorLedToken(token: Token): never {
    return this.raiseParseErrorForToken(token, 'invalid token');
  }

  private match(tokenType: string): void {
    if (this.currentToken() === tokenType) this.advance();
    else this.raiseParseErrorMaybeEof(tokenType, this.lookaheadToken(0));
  }

  private matchMultipleTokens(tokenTypes: string[]): void {
    if (!tokenTypes.includes(this.currentToken())) this.raiseParseErrorMaybeEof(pyRepr(tokenTypes), this.lookaheadToken(0));
    this.advance();
  }

  private advance(): void {
    this.index += 1;
  }

  private currentToken(): string {
    return this.lookaheadToken(0).type;
  }

  private lookahead(n: number): string {
    return this.lookaheadToken(n).type;
  }

  private lookaheadToken(n: number): Token {
    let i = this.index + n;
    if (i < 0) i += this.tokens.length;
    const token = this.tokens[i];
    // Python would raise IndexError; the eof token always ends the list, so
    // reading past it only happens after an eof error was already raised.
    if (token === undefined) return this.tokens[this.tokens.length - 1] ?? { type: 'eof', value: '', start: 0 };
    return token;
  }

  private raiseParseErrorForToken(token: Token, reason: string): never {
    throw new ParseError(token.start, token.value, token.type, reason);
  }

  private raiseParseErrorMaybeEof(expected: string, token: Token): never {
    if (token.type === 'eof') throw new IncompleteExpressionError(token.start, token.value, token.type);
    throw new ParseError(token.start, token.value, token.type, `Expecting: ${expected}, got: ${token.type}`);
  }
}
