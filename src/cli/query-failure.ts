/**
 * Why a `--query` failed while it ran, worded as Python jmespath words it.
 *
 * The npm evaluator only says that a function got the wrong type; Python
 * names the offending value (`invalid type for value: a, expected one of:
 * ['array-number', 'array-string'], received: "str"`). So after a failure the
 * tree is walked again in Python's order of evaluation, with npm computing the
 * values along the way, until the call (or slice) Python would have stopped at
 * is found and its function's rules, learned from black-box runs, give the text.
 */
import type { QueryNode } from './query-parser.ts';
import { pyStr, pyTypeName } from './python/repr.ts';
import { isDict, PyFloat } from './python/values.ts';

/** Evaluates a node (through npm) against a current value; throws where npm does. */
export type Evaluate = (node: QueryNode, current: unknown) => unknown;

/** An `&expr` passed to a function: Python shows it as the object it is. */
class ExpressionRef {
  readonly body: QueryNode;
  constructor(body: QueryNode) {
    this.body = body;
  }
}

type Param = readonly string[];
interface Signature {
  readonly params: readonly Param[];
  /** The last parameter may repeat (and only the declared ones are type-checked). */
  readonly variadic?: boolean;
}

const ANY: Param = [];
const NUMBER: Param = ['number'];
const STRING: Param = ['string'];
const ARRAY: Param = ['array'];
const OBJECT: Param = ['object'];
const EXPREF: Param = ['expref'];
const SORTABLE_MAX: Param = ['array-number', 'array-string'];

const FUNCTIONS: Record<string, Signature> = {
  abs: { params: [NUMBER] },
  avg: { params: [['array-number']] },
  ceil: { params: [NUMBER] },
  contains: { params: [['array', 'string'], ANY] },
  ends_with: { params: [STRING, STRING] },
  floor: { params: [NUMBER] },
  join: { params: [STRING, ['array-string']] },
  keys: { params: [OBJECT] },
  length: { params: [['string', 'array', 'object']] },
  map: { params: [EXPREF, ARRAY] },
  max: { params: [SORTABLE_MAX] },
  max_by: { params: [ARRAY, EXPREF] },
  merge: { params: [OBJECT], variadic: true },
  min: { params: [SORTABLE_MAX] },
  min_by: { params: [ARRAY, EXPREF] },
  not_null: { params: [ANY], variadic: true },
  reverse: { params: [['array', 'string']] },
  sort: { params: [['array-string', 'array-number']] },
  sort_by: { params: [ARRAY, EXPREF] },
  starts_with: { params: [STRING, STRING] },
  sum: { params: [['array-number']] },
  to_array: { params: [ANY] },
  to_number: { params: [ANY] },
  to_string: { params: [ANY] },
  type: { params: [ANY] },
  values: { params: [OBJECT] },
};

/** The error Python would raise here: ends the walk. */
class Raised {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}
/** npm failed where Python would not have (or for a reason not modelled). */
class Unexplained {}

/** JMESPath's type names, as the "received" part of a message uses them. */
function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof ExpressionRef) return 'expref';
  if (value instanceof PyFloat) return 'number';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
  }
  return 'object';
}

function show(value: unknown): string {
  // CPython prints the object's address; any address reads the same to a learner.
  return value instanceof ExpressionRef ? '<jmespath.visitor._Expression object at 0x7f3a5c2e1d90>' : pyStr(value);
}

const quoteList = (items: readonly string[]) => `[${items.map((s) => `'${s}'`).join(', ')}]`;

function badType(fn: string, value: unknown, expected: readonly string[], received: string): Raised {
  return new Raised(
    `In function ${fn}(), invalid type for value: ${show(value)}, expected one of: ${quoteList(expected)}, received: "${received}"`,
  );
}

/** JMESPath truth: false, null and empty strings, arrays and objects are false; every number is true. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && isDict(value)) return Object.keys(value).length > 0;
  return true;
}

/** list[start:stop:step] as Python slices (step 0 already refused). */
function pySlice(list: readonly unknown[], [start, stop, step]: readonly [number | null, number | null, number | null]): unknown[] {
  const n = list.length;
  const by = step ?? 1;
  const clamp = (i: number, low: number, high: number) => Math.min(Math.max(i < 0 ? i + n : i, low), high);
  const from = start === null ? (by > 0 ? 0 : n - 1) : by > 0 ? clamp(start, 0, n) : clamp(start, -1, n - 1);
  const to = stop === null ? (by > 0 ? n : -1) : by > 0 ? clamp(stop, 0, n) : clamp(stop, -1, n - 1);
  const out: unknown[] = [];
  for (let i = from; by > 0 ? i < to : i > to; i += by) out.push(list[i]);
  return out;
}

/**
 * Python's error text for a query npm failed to evaluate, or undefined when
 * Python would not have failed the same way.
 */
export function explainFailure(tree: QueryNode, data: unknown, evaluate: Evaluate): string | undefined {
  const value = (node: QueryNode, current: unknown): unknown => {
    switch (node.kind) {
      case 'self':
        return current;
      // Their token spans read differently alone (`[*]`, `a[]`, `a[1:]` project): work them out here.
      case 'slice':
      case 'list':
      case 'hash':
      case 'projection':
        if (node.kind !== 'projection' || node.how === 'flatten') return walk(node, current);
    }
    try {
      return evaluate(node, current);
    } catch {
      walk(node, current);
      throw new Unexplained();
    }
  };

  // The node's own value once its parts are known to be fine: if npm still fails, Python would not have.
  const settle = (node: QueryNode, current: unknown): unknown => {
    try {
      return evaluate(node, current);
    } catch {
      throw new Unexplained();
    }
  };

  const project = (elements: unknown[], node: QueryNode & { kind: 'projection' }): unknown[] => {
    const out: unknown[] = [];
    for (const element of elements) {
      if (node.condition !== undefined && !truthy(value(node.condition, element))) continue;
      const result = value(node.right, element);
      if (result !== null && result !== undefined) out.push(result);
    }
    return out;
  };

  // Evaluates node step by step, children first, as Python does; returns its value when that is needed.
  const walk = (node: QueryNode, current: unknown): unknown => {
    switch (node.kind) {
      case 'self':
      case 'field':
      case 'current':
      case 'literal':
      case 'ref':
        return settle(node, current);
      case 'group':
        return value(node.inner, current);
      case 'path':
        return value(node.right, value(node.left, current));
      case 'pipe':
        return value(node.right, value(node.left, current));
      case 'index':
        value(node.left, current);
        return settle(node, current);
      case 'slice': {
        const base = value(node.left, current);
        if (!Array.isArray(base)) return null;
        if (node.bounds[2] === 0) throw new Raised('slice step cannot be zero');
        return pySlice(base, node.bounds);
      }
      case 'projection': {
        const base = value(node.left, current);
        if (node.how === 'values') return isDict(base) ? project(Object.values(base), node) : null;
        if (!Array.isArray(base)) return null;
        if (node.how === 'flatten') return base.flatMap((item: unknown) => (Array.isArray(item) ? item : [item]));
        return project(base, node);
      }
      case 'or':
      case 'and': {
        const left = value(node.left, current);
        if (truthy(left) === (node.kind === 'or')) return left;
        return value(node.right, current);
      }
      case 'compare':
        value(node.left, current);
        value(node.right, current);
        return settle(node, current);
      case 'not':
        value(node.operand, current);
        return settle(node, current);
      case 'list':
        return current === null || current === undefined ? null : node.items.map((item) => value(item, current));
      case 'hash':
        if (current === null || current === undefined) return null;
        return Object.fromEntries(node.entries.map(([key, item]) => [key, value(item, current)]));
      case 'call':
        return call(node, current);
    }
  };

  const call = (node: QueryNode & { kind: 'call' }, current: unknown): unknown => {
    const args = node.args.map((arg) => (arg.kind === 'ref' ? new ExpressionRef(arg.body) : value(arg, current)));
    const fn = node.name;
    const signature = FUNCTIONS[fn];
    if (signature === undefined) throw new Raised(`Unknown function: ${fn}()`);
    const wanted = signature.params.length;
    const plural = wanted === 1 ? '' : 's';
    if (signature.variadic ? args.length < wanted : args.length !== wanted) {
      const atLeast = signature.variadic ? 'at least ' : '';
      throw new Raised(`Expected ${atLeast}${wanted} argument${plural} for function ${fn}(), received ${args.length}`);
    }
    signature.params.forEach((param, i) => checkType(fn, args[i], param));
    if (fn === 'sort_by') sortKeys(fn, args[0] as unknown[], (args[1] as ExpressionRef).body);
    if (fn === 'max_by' || fn === 'min_by') extremeKeys(fn, args[0] as unknown[], (args[1] as ExpressionRef).body);
    if (fn === 'map') for (const element of args[1] as unknown[]) value((args[0] as ExpressionRef).body, element);
    return settle(node, current);
  };

  const checkType = (fn: string, arg: unknown, param: Param): void => {
    if (param.length === 0) return;
    const type = typeOf(arg);
    if (param.includes(type)) return;
    const elementTypes = param.filter((t) => t.startsWith('array-')).map((t) => t.slice('array-'.length));
    if (type !== 'array' || elementTypes.length === 0) throw badType(fn, arg, param, type);
    const list = arg as unknown[];
    if (list.length === 0) return;
    const first = typeOf(list[0]);
    const odd = elementTypes.includes(first) ? list.find((item) => typeOf(item) !== first) : list[0];
    if (odd !== undefined) throw badType(fn, odd, param, pyTypeName(odd));
  };

  const sortKeys = (fn: string, list: unknown[], body: QueryNode): void => {
    let required: string | undefined;
    for (const element of list) {
      const key = value(body, element);
      const type = typeOf(key);
      if (required === undefined) {
        if (type !== 'string' && type !== 'number') throw badType(fn, element, ['string', 'number'], type);
        required = type;
      } else if (type !== required) {
        throw badType(fn, key, [required], type);
      }
    }
  };

  const extremeKeys = (fn: string, list: unknown[], body: QueryNode): void => {
    let best: unknown;
    list.forEach((element, i) => {
      const key = value(body, element);
      const type = typeOf(key);
      if (type !== 'string' && type !== 'number') throw badType(fn, key, ['number', 'string'], type);
      if (i > 0 && type !== typeOf(best)) {
        const op = fn === 'max_by' ? '>' : '<';
        throw new Raised(`'${op}' not supported between instances of '${pyTypeName(key)}' and '${pyTypeName(best)}'`);
      }
      if (i === 0 || (fn === 'max_by' ? (key as number) > (best as number) : (key as number) < (best as number))) best = key;
    });
  };

  try {
    value(tree, data);
  } catch (e) {
    if (e instanceof Raised) return e.message;
    if (e instanceof Unexplained) return undefined;
    throw e;
  }
  return undefined;
}
