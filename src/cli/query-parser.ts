/**
 * JMESPath expressions (https://jmespath.org/specification.html) read into a
 * tree, accepting exactly what Python jmespath 1.0.1 accepts and failing where
 * and how it fails. A Pratt parser: each token has a binding power, a prefix
 * rule and maybe an infix rule; the powers and the few oddities (`foo(a b)` and
 * `{a: b c: d}` need no commas, `a.*.b.c` is `(a.*.b).c`) were found by running
 * the real parser. Each node keeps the span of tokens it was read from.
 */
import { type Token, type TokenKind } from './query-lexer.ts';
import { pyStr } from './python/repr.ts';
import type { PyValue } from './python/values.ts';

interface Span {
  /** Token indexes [from, to) this node was read from. */
  readonly from: number;
  readonly to: number;
}

type Comparison = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

/** How a projection takes its elements: `[*]`/slices (list), `.*` (values), `[]` (flatten), `[?…]` (filter). */
type ProjectionKind = 'list' | 'values' | 'flatten' | 'filter';

type QueryNodeBody =
    | { kind: 'field'; name: string }
    | { kind: 'current' }
    /** Nothing written: the value the enclosing construct hands over. */
    | { kind: 'self' }
    | { kind: 'literal'; value: PyValue }
    | { kind: 'group'; inner: QueryNode }
    | { kind: 'path'; left: QueryNode; right: QueryNode }
    | { kind: 'index'; left: QueryNode; index: number }
    | { kind: 'slice'; left: QueryNode; bounds: [number | null, number | null, number | null] }
    | { kind: 'projection'; how: ProjectionKind; left: QueryNode; right: QueryNode; condition?: QueryNode }
    | { kind: 'pipe' | 'or' | 'and'; left: QueryNode; right: QueryNode }
    | { kind: 'compare'; op: Comparison; left: QueryNode; right: QueryNode }
    | { kind: 'not'; operand: QueryNode }
    | { kind: 'list'; items: QueryNode[] }
    | { kind: 'hash'; entries: [string, QueryNode][] }
    | { kind: 'call'; name: string; args: QueryNode[] }
    | { kind: 'ref'; body: QueryNode };

export type QueryNode = Span & QueryNodeBody;

/** The expression is not JMESPath; `text` is Python jmespath's exception text. */
export class QuerySyntaxError extends Error {
  constructor(text: string) {
    super(text);
    this.name = 'QuerySyntaxError';
  }
}

/** Nesting deeper than Python's stack allows (its limit, less the CLI's own frames). */
const MAX_PARSE_FRAMES = 980;

/** How tightly each token holds the expression on its left; 0 ends any expression. */
const POWER: Partial<Record<TokenKind, number>> = {
  pipe: 1,
  or: 2,
  and: 3,
  eq: 5,
  ne: 5,
  lt: 5,
  lte: 5,
  gt: 5,
  gte: 5,
  flatten: 9,
  star: 20,
  filter: 21,
  dot: 40,
  not: 45,
  lbrace: 50,
  lbracket: 55,
  lparen: 60,
};
const power = (kind: TokenKind) => POWER[kind] ?? 0;

/** A token weaker than this after a projection leaves it with nothing more to project. */
const PROJECTION_END = 10;
/** Right-hand binding power of each projection's continuation. */
const CONTINUE = { list: 20, flatten: 9, filter: 21, starAfterDot: 40 } as const;

const KEY_KINDS: TokenKind[] = ['quoted_identifier', 'unquoted_identifier'];
const DOT_RHS_KINDS: TokenKind[] = [...KEY_KINDS, 'lbracket', 'lbrace'];

export function parseTokens(tokens: readonly Token[], source: string): QueryNode {
  let pos = 0;
  let frames = 0;
  const peek = (ahead = 0) => tokens[Math.min(pos + ahead, tokens.length - 1)]!;

  const shown = (message: string, token: Token, column = token.at): never => {
    const caret = `${' '.repeat(column + 1)}^`;
    const text = `${message}: Parse error at column ${column}, token "${pyStr(token.value)}" (${token.kind.toUpperCase()}), for expression:\n"${source}"\n${caret}`;
    throw new QuerySyntaxError(text);
  };
  const incomplete = (): never => {
    const caret = `${' '.repeat(peek().at + 1)}^`;
    throw new QuerySyntaxError(`Invalid jmespath expression: Incomplete expression:\n"${source}"\n${caret}`);
  };
  /** A wrong token; at the end of the expression jmespath calls it incomplete. */
  const unexpected = (message: string): never => (peek().kind === 'eof' ? incomplete() : shown(message, peek()));

  const take = (kind: TokenKind): Token => {
    const token = peek();
    if (token.kind !== kind) unexpected(`Expecting: ${kind}, got: ${token.kind}`);
    pos++;
    return token;
  };
  const takeKey = (): string => {
    const token = peek();
    if (!KEY_KINDS.includes(token.kind)) unexpected(`Expecting: ${pyList(KEY_KINDS)}, got: ${token.kind}`);
    pos++;
    return token.value as string;
  };

  /** Python's recursion limit, counted in the calls its parser would make. */
  const enter = <T>(read: () => T): T => {
    if (++frames > MAX_PARSE_FRAMES) throw new QuerySyntaxError('maximum recursion depth exceeded');
    try {
      return read();
    } finally {
      frames--;
    }
  };

  const node = (from: number, rest: QueryNodeBody): QueryNode => ({ ...rest, from, to: pos }) as QueryNode;
  const self = (): QueryNode => ({ kind: 'self', from: pos, to: pos });

  function expression(rightPower: number): QueryNode {
    return enter(() => {
      let left = enter(prefix);
      while (power(peek().kind) > rightPower) {
        const current = left;
        left = enter(() => infix(current));
      }
      return left;
    });
  }

  /** What follows a projection, applied to each element. */
  function continuation(rightPower: number): QueryNode {
    const token = peek();
    if (power(token.kind) < PROJECTION_END) return self();
    if (token.kind === 'lbracket' || token.kind === 'filter') return expression(rightPower);
    if (token.kind === 'dot') {
      pos++;
      return afterDot(rightPower);
    }
    return shown('syntax error', token);
  }

  /** The right side of `.`: a name (perhaps a function), `*`, or a multi-select. */
  function afterDot(rightPower: number): QueryNode {
    const token = peek();
    if (token.kind === 'unquoted_identifier' || token.kind === 'quoted_identifier' || token.kind === 'star') {
      return expression(rightPower);
    }
    const from = pos;
    if (token.kind === 'lbracket') {
      pos++;
      return enter(() => multiList(from));
    }
    if (token.kind === 'lbrace') {
      pos++;
      return enter(() => multiHash(from));
    }
    return shown(`Expecting: ${pyList(DOT_RHS_KINDS)}, got: ${token.kind}`, token);
  }

  function multiList(from: number): QueryNode {
    const items: QueryNode[] = [];
    for (;;) {
      items.push(expression(0));
      if (peek().kind === 'rbracket') break;
      take('comma');
    }
    pos++;
    return node(from, { kind: 'list', items });
  }

  function multiHash(from: number): QueryNode {
    const entries: [string, QueryNode][] = [];
    for (;;) {
      const key = takeKey();
      take('colon');
      entries.push([key, expression(0)]);
      if (peek().kind === 'comma') pos++;
      else if (peek().kind === 'rbrace') break;
    }
    pos++;
    return node(from, { kind: 'hash', entries });
  }

  /** After `[` when a number or `:` follows: `[2]` or a slice. */
  function indexOrSlice(left: QueryNode, from: number): QueryNode {
    if (peek().kind === 'number' && peek(1).kind !== 'colon') {
      const index = take('number').value as number;
      take('rbracket');
      return node(from, { kind: 'index', left, index });
    }
    const bounds: [number | null, number | null, number | null] = [null, null, null];
    let part = 0;
    while (peek().kind !== 'rbracket') {
      const token = peek();
      if (token.kind === 'colon') {
        if (++part === 3) shown('syntax error', token);
      } else if (token.kind === 'number') {
        bounds[part] = token.value as number;
      } else {
        shown('syntax error', token);
      }
      pos++;
    }
    pos++;
    const slice = node(from, { kind: 'slice', left, bounds });
    return node(from, { kind: 'projection', how: 'list', left: slice, right: continuation(CONTINUE.list) });
  }

  function filter(left: QueryNode, from: number): QueryNode {
    const condition = expression(0);
    take('rbracket');
    return node(from, { kind: 'projection', how: 'filter', left, condition, right: continuation(CONTINUE.filter) });
  }

  function prefix(): QueryNode {
    const token = peek();
    const from = pos;
    pos++;
    switch (token.kind) {
      case 'unquoted_identifier':
      case 'quoted_identifier':
        return node(from, { kind: 'field', name: token.value as string });
      case 'literal':
        return node(from, { kind: 'literal', value: token.value });
      case 'current':
        return node(from, { kind: 'current' });
      case 'star':
        return node(from, { kind: 'projection', how: 'values', left: self(), right: continuation(CONTINUE.list) });
      case 'expref':
        return node(from, { kind: 'ref', body: expression(0) });
      case 'not':
        return node(from, { kind: 'not', operand: expression(POWER.not!) });
      case 'lparen': {
        const inner = expression(0);
        take('rparen');
        return node(from, { kind: 'group', inner });
      }
      case 'filter':
        return filter(self(), from);
      case 'flatten': {
        const flat = node(from, { kind: 'projection', how: 'flatten', left: self(), right: self() });
        return node(from, { kind: 'projection', how: 'list', left: flat, right: continuation(CONTINUE.flatten) });
      }
      case 'lbrace':
        return enter(() => multiHash(from));
      case 'lbracket': {
        const next = peek();
        if (next.kind === 'number' || next.kind === 'colon') return indexOrSlice(self(), from);
        if (next.kind === 'star' && peek(1).kind === 'rbracket') {
          pos += 2;
          return node(from, { kind: 'projection', how: 'list', left: self(), right: continuation(CONTINUE.list) });
        }
        return enter(() => multiList(from));
      }
      case 'eof':
        return incomplete();
      default:
        return shown('invalid token', token);
    }
  }

  function infix(left: QueryNode): QueryNode {
    const token = peek();
    const from = left.from;
    pos++;
    switch (token.kind) {
      case 'dot':
        if (peek().kind === 'star') {
          pos++;
          return node(from, { kind: 'projection', how: 'values', left, right: continuation(CONTINUE.starAfterDot) });
        }
        return node(from, { kind: 'path', left, right: afterDot(POWER.dot!) });
      case 'pipe':
      case 'or':
      case 'and':
        return node(from, { kind: token.kind, left, right: expression(POWER[token.kind]!) });
      case 'eq':
      case 'ne':
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        return node(from, { kind: 'compare', op: token.kind, left, right: expression(POWER[token.kind]!) });
      case 'flatten': {
        const flat = node(from, { kind: 'projection', how: 'flatten', left, right: self() });
        return node(from, { kind: 'projection', how: 'list', left: flat, right: continuation(CONTINUE.flatten) });
      }
      case 'filter':
        return filter(left, from);
      case 'lbracket': {
        const next = peek();
        if (next.kind === 'number' || next.kind === 'colon') return indexOrSlice(left, from);
        take('star');
        take('rbracket');
        return node(from, { kind: 'projection', how: 'list', left, right: continuation(CONTINUE.list) });
      }
      case 'lparen':
        return call(left, from);
      default:
        return shown('invalid token', token);
    }
  }

  function call(left: QueryNode, from: number): QueryNode {
    const nameToken = tokens[pos - 2]!;
    // Parentheses leave no trace for jmespath: `("a")(x)` calls a function named a.
    let callee = left;
    while (callee.kind === 'group') callee = callee.inner;
    if (callee.kind !== 'field') return shown(`Invalid function name '${pyStr(nameToken.value)}'`, nameToken);
    const name = callee.name;
    // jmespath reports this one at column 0 whatever the position.
    if (nameToken.kind === 'quoted_identifier') shown('Quoted identifier not allowed for function names.', tokens[pos - 1]!, 0);
    const args: QueryNode[] = [];
    while (peek().kind !== 'rparen') {
      args.push(expression(0));
      if (peek().kind === 'comma') pos++;
    }
    pos++;
    return node(from, { kind: 'call', name, args });
  }

  const tree = expression(0);
  if (peek().kind !== 'eof') shown(`Unexpected token: ${pyStr(peek().value)}`, peek());
  return tree;
}

/** A Python list of strings as str() shows it: ['a', 'b']. */
function pyList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}
