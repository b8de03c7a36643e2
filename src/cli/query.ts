/**
 * `--query`: JMESPath as AWS CLI v2 runs it.
 *
 * The CLI compiles the expression with Python's jmespath 1.0.1 while it parses
 * the global options, before any request is sent, and reports a bad one as
 *
 *     \nBad value for --query <expr>: <jmespath error text>\n   (exit 252)
 *
 * Our own lexer and parser (query-lexer.ts, query-parser.ts) decide what is
 * valid and word the errors as Python does. The npm `jmespath` package then
 * evaluates, fed the same tokens respelled so that its slightly different
 * lexer reads them as ours did; query-eval.ts steps in where its results or
 * errors differ from Python's, and runs the plain expressions (names, paths,
 * projections, multi-selects: runsAlone) without npm, which is fetched only
 * for the others (loadQueryEngine). Evaluation errors (unknown function, wrong
 * arity or type) surface when the formatter runs, after the request; the CLI
 * exits 255 with the bare message.
 */
import { aloneCall, aloneEvaluate, detached, QueryRuntimeError, runQuery, runsAlone } from './query-eval.ts';
import { DepthError, LexError, type Token, tokenize } from './query-lexer.ts';
import { parseTokens, type QueryNode, QuerySyntaxError } from './query-parser.ts';
import { PyFloat } from './python/values.ts';

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
  /** Whether search needs the npm evaluator, which loadQueryEngine fetches. */
  readonly needsEngine: boolean;
  search(data: unknown): unknown;
}

type Engine = { search(data: unknown, expression: string): unknown };

let engine: Engine | undefined;

/** Fetches the npm evaluator (once): what a query with functions, literals or comparisons needs before search. */
export async function loadQueryEngine(): Promise<void> {
  engine ??= (await import('jmespath')).default;
}

function loadedEngine(): Engine {
  if (!engine) throw new Error('This --query needs the JMESPath evaluator: await loadQueryEngine() first.');
  return engine;
}

/** The tokens and tree of an expression, or Python jmespath's exception text when it cannot compile it. */
function compile(expression: string): { tokens: Token[]; tree: QueryNode } | string {
  if (expression === '') return 'Invalid JMESPath expression: cannot be empty.';
  try {
    const tokens = tokenize(expression);
    return { tokens, tree: parseTokens(tokens, expression) };
  } catch (e) {
    if (e instanceof LexError) {
      return `Bad jmespath expression: ${e.message}:\n${expression}\n${' '.repeat(e.at)}^`;
    }
    if (e instanceof QuerySyntaxError || e instanceof DepthError) return e.message;
    throw e;
  }
}

/**
 * Validates `expression` as the CLI does at argument-parsing time. Throws
 * QueryError (exit 252) with the CLI's message for an invalid expression.
 */
export function compileQuery(expression: string): CompiledQuery {
  const compiled = compile(expression);
  if (typeof compiled === 'string') {
    throw new QueryError(`Bad value for --query ${expression}: ${compiled}`, QUERY_SYNTAX_EXIT_CODE);
  }
  const { tokens, tree } = compiled;
  const alone = runsAlone(tree);
  // Projections evaluate the same nodes once per element: spell each once.
  const spelled = new Map<QueryNode, string>();
  const npm = (node: QueryNode, current: unknown) => {
    let text = spelled.get(node);
    if (text === undefined) spelled.set(node, (text = spell(tokens, node.from, node.to)));
    return loadedEngine().search(current, text);
  };
  const npmCall = (name: string, args: unknown[]) =>
    loadedEngine().search({ args }, `${name}(${args.map((_, i) => `args[${i}]`).join(', ')})`);
  return {
    expression,
    needsEngine: !alone,
    search(data) {
      // Checked first: the walk below would take npm's absence for an evaluation error.
      if (!alone) loadedEngine();
      try {
        return attached(alone ? runQuery(tree, detached(data), aloneEvaluate, aloneCall) : runQuery(tree, detached(data), npm, npmCall));
      } catch (e) {
        if (e instanceof QueryRuntimeError) throw new QueryError(e.message, QUERY_RUNTIME_EXIT_CODE);
        throw e;
      }
    },
  };
}

/** compileQuery + search (after loadQueryEngine, if the query needsEngine): the value the CLI's formatter prints for `--query expression`. */
export function applyQuery(expression: string, data: unknown): unknown {
  return compileQuery(expression).search(data);
}

/** JSON text for a literal; backquotes become \u0060 so that none ends the literal early. */
function literalJson(value: unknown): string {
  if (value instanceof PyFloat) return literalJson(value.value);
  if (typeof value === 'number') {
    // JSON has no infinities; 1e999 reads as one. NaN has no spelling at all: null is the nearest.
    if (Number.isNaN(value)) return 'null';
    if (!Number.isFinite(value)) return value > 0 ? '1e999' : '-1e999';
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(literalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${literalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value).replaceAll('`', '\\u0060');
}

/** Tokens [from, to) written out again so the npm parser reads exactly those tokens. */
function spell(tokens: readonly Token[], from: number, to: number): string {
  const words: string[] = [];
  for (const token of tokens.slice(from, to)) {
    switch (token.kind) {
      case 'quoted_identifier':
        words.push(JSON.stringify(token.value));
        break;
      case 'literal':
        words.push(`\`${literalJson(token.value)}\``);
        break;
      case 'current':
        // npm misreads `@` right after `(` when more follows (`(@[0])` is just `@` there); `(@)` it reads well.
        words.push('(@)');
        break;
      default:
        words.push(String(token.value));
    }
  }
  return words.join(' ');
}

/** Back to plain values; anything that is no JSON value (undefined, a leaked function) reads as null. */
function attached(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return null;
  if (Array.isArray(value)) return value.map(attached);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, attached(item)]));
  }
  return value;
}
