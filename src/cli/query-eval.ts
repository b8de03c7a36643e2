/**
 * Running a parsed `--query` with Python jmespath's results and errors.
 *
 * The npm evaluator does the work wherever it agrees with Python: a tree
 * without the constructs below goes to it whole. It disagrees on ordering
 * (`null < 1` is null in Python, `1 < 'a'` a TypeError), on a few functions
 * (max_by/min_by take string keys, length/reverse count code points,
 * to_string escapes non-ASCII, to_number reads Python numbers, contains uses
 * Python's ==, merge fails on non-objects), and it words errors its own way
 * (Python names the offending value: `invalid type for value: a, expected one
 * of: ['array-number', 'array-string'], received: "str"`). Nodes with those
 * constructs, and any tree npm fails on, are walked here in Python's order of
 * evaluation, npm still computing the plain parts. The functions' rules and
 * messages were learned from black-box runs of Python jmespath 1.0.1.
 */
import { type QueryNode } from './query-parser.ts';
import { pyInt } from './python/int.ts';
import { pyFloatRepr, pyNumberRepr, pyStr, pyTypeName } from './python/repr.ts';
import { decimalValue, isPySpace } from './python/unicode.ts';
import { comparePy, isDict, PyFloat } from './python/values.ts';

/** Evaluates a node through npm against a current value; throws where npm does. */
type NpmEvaluate = (node: QueryNode, current: unknown) => unknown;
/** Calls a function through npm on values already worked out. */
type NpmCall = (name: string, args: unknown[]) => unknown;

/** What Python raises while a query runs; the CLI prints the message and exits 255. */
export class QueryRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryRuntimeError';
  }
}

/**
 * The prototype of the objects npm evaluates: nothing of Object.prototype
 * (so `constructor` or `toString` are just absent fields) but hasOwnProperty,
 * which npm calls on objects.
 */
const BARE_PROTOTYPE: object = Object.create(null, {
  hasOwnProperty: { value: Object.prototype.hasOwnProperty, enumerable: false },
});

function bareDict(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const dict = Object.create(BARE_PROTOTYPE) as Record<string, unknown>;
  for (const [key, item] of entries) dict[key] = item;
  return dict;
}

/** The data as npm should see it: objects on BARE_PROTOTYPE, floats as plain numbers. */
export function detached(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(detached);
  if (isDict(value)) return bareDict(Object.entries(value).map(([key, item]) => [key, detached(item)]));
  return value;
}

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
const EXTREME: Param = ['array-number', 'array-string'];

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
  max: { params: [EXTREME] },
  max_by: { params: [ARRAY, EXPREF] },
  merge: { params: [OBJECT], variadic: true },
  min: { params: [EXTREME] },
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

/** Functions whose npm results differ from Python's: always worked out here. */
const OWN_FUNCTIONS = new Set(['contains', 'length', 'reverse', 'sort', 'max', 'min', 'to_string', 'to_number', 'merge', 'max_by', 'min_by']);

/** Python's order of two numbers or two strings (strings by code point, not by UTF-16 unit). */
const order = (a: unknown, b: unknown) => (typeof a === 'number' ? a - (b as number) : comparePy(a as string, b as string));

const ORDERING: Record<string, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

/** Python would raise this here. */
class Raised {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function children(node: QueryNode): QueryNode[] {
  switch (node.kind) {
    case 'group':
      return [node.inner];
    case 'path':
    case 'pipe':
    case 'or':
    case 'and':
    case 'compare':
      return [node.left, node.right];
    case 'index':
    case 'slice':
      return [node.left];
    case 'projection':
      return node.condition === undefined ? [node.left, node.right] : [node.left, node.condition, node.right];
    case 'not':
      return [node.operand];
    case 'list':
      return node.items;
    case 'hash':
      return node.entries.map(([, item]) => item);
    case 'call':
      return node.args;
    case 'ref':
      return [node.body];
    default:
      return [];
  }
}

/**
 * Node kinds the walk below works out with nothing from npm but field lookups: names, paths,
 * pipes, indexes, slices, projections and filters on them, multi-selects, !, && and ||.
 */
const WALKED_ALONE: ReadonlySet<QueryNode['kind']> = new Set(['self', 'current', 'field', 'group', 'path', 'pipe', 'index', 'slice', 'list', 'hash', 'projection', 'not', 'and', 'or']);

/** Whether a tree needs no npm evaluator: most --query expressions learners write, so npm is fetched only for the rest. */
export function runsAlone(tree: QueryNode): boolean {
  // A loop, not recursion: `a.b.b…` thousands of names deep is a valid expression.
  const pending = [tree];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (!WALKED_ALONE.has(node.kind)) return false;
    pending.push(...children(node));
  }
  return true;
}

/** Thrown to send a node to the walk; made once, as it is thrown for most nodes. */
const WALK = new Error('walked here');

/** What npm answers for a field or `@` (a key of an object, else null); anything else it leaves to the walk. */
export const aloneEvaluate: NpmEvaluate = (node, current) => {
  if (node.kind === 'current') return current;
  if (node.kind !== 'field') throw WALK;
  return isDict(current) && Object.hasOwn(current, node.name) ? current[node.name] : null;
};

/** Never reached for a tree that runsAlone: it has no function calls. */
export const aloneCall: NpmCall = (name) => {
  throw new Error(`${name}() needs the npm evaluator`);
};

/** The nodes npm must not evaluate whole: those holding a construct it gets wrong. */
function nodesForUs(tree: QueryNode): Set<QueryNode> {
  const ours = new Set<QueryNode>();
  const visit = (node: QueryNode): boolean => {
    let mine = (node.kind === 'compare' && node.op in ORDERING) || (node.kind === 'call' && OWN_FUNCTIONS.has(node.name));
    for (const child of children(node)) mine = visit(child) || mine;
    if (mine) ours.add(node);
    return mine;
  };
  visit(tree);
  return ours;
}

/** JMESPath's type names, as the "received" part of a message uses them. */
function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof ExpressionRef) return 'expref';
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

// CPython prints the object's address; any address reads the same to a learner.
const EXPREF_TEXT = '<jmespath.visitor._Expression object at 0x7f3a5c2e1d90>';
const show = (value: unknown) => (value instanceof ExpressionRef ? EXPREF_TEXT : pyStr(value));
const pyType = (value: unknown) => (value instanceof ExpressionRef ? '_Expression' : pyTypeName(value));
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

/** Python's ==: True == 1 and 1 == 1.0, containers item by item. */
function pyEquals(a: unknown, b: unknown): boolean {
  const number = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);
  if ((typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean')) {
    return number(a) === number(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => pyEquals(item, b[i]));
  }
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && pyEquals(a[k], b[k]));
  }
  return a === b || ((a === null || a === undefined) && (b === null || b === undefined));
}

/** jmespath's ==: Python's, except that a boolean never equals a number at the top. */
function jmesEquals(a: unknown, b: unknown): boolean {
  if ((typeof a === 'boolean' && typeof b === 'number') || (typeof a === 'number' && typeof b === 'boolean')) return false;
  return pyEquals(a, b);
}

function compare(op: string, a: unknown, b: unknown): unknown {
  if (op === 'eq') return jmesEquals(a, b);
  if (op === 'ne') return !jmesEquals(a, b);
  const sortable = (v: unknown) => typeof v === 'number' || typeof v === 'string';
  if (!sortable(a) || !sortable(b)) return null;
  const symbol = ORDERING[op]!;
  if (typeof a !== typeof b) {
    throw new Raised(`'${symbol}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
  }
  const sign = order(a, b);
  return { '<': sign < 0, '<=': sign <= 0, '>': sign > 0, '>=': sign >= 0 }[symbol];
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

/** json.dumps(value, separators=(',', ':')): what to_string gives, non-ASCII escaped. */
function compactJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isInteger(value) ? pyNumberRepr(value) : pyFloatRepr(value);
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (value instanceof ExpressionRef) return compactJson(EXPREF_TEXT);
  if (Array.isArray(value)) return `[${value.map(compactJson).join(',')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${compactJson(k)}:${compactJson(v)}`).join(',')}}`;
}

/** float(text) for what int() refused: Python's float syntax, digits of any script. */
function pyFloat(text: string): number | null {
  const chars = Array.from(text);
  let i = 0;
  let j = chars.length;
  while (i < j && isPySpace(chars[i]!)) i++;
  while (j > i && isPySpace(chars[j - 1]!)) j--;
  const ascii = chars
    .slice(i, j)
    .map((c) => {
      const digit = decimalValue(c.codePointAt(0)!);
      return digit === undefined ? c : String(digit);
    })
    .join('');
  const digits = String.raw`\d(?:_?\d)*`;
  const decimal = new RegExp(String.raw`^[+-]?(?:${digits}(?:\.(?:${digits})?)?|\.${digits})(?:[eE][+-]?${digits})?$`);
  if (decimal.test(ascii)) return Number(ascii.replaceAll('_', ''));
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(ascii);
  if (special === null) return null;
  if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

function toNumber(value: unknown): unknown {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  try {
    return pyInt(value);
  } catch {
    return pyFloat(value);
  }
}

/** dict.update(other) on a copy: objects merge; anything else fails or reads as key/value pairs, as in Python. */
function mergeInto(target: Record<string, unknown>, other: unknown): void {
  if (isDict(other)) {
    Object.assign(target, other);
    return;
  }
  if (other === null || typeof other === 'number' || typeof other === 'boolean') {
    throw new Raised(`'${pyTypeName(other)}' object is not iterable`);
  }
  const items: unknown[] = typeof other === 'string' ? Array.from(other) : (other as unknown[]);
  items.forEach((item, i) => {
    const pair: unknown[] | undefined =
      typeof item === 'string' ? Array.from(item) : Array.isArray(item) ? item : isDict(item) ? Object.keys(item) : undefined;
    if (pair === undefined) throw new Raised(`cannot convert dictionary update sequence element #${i} to a sequence`);
    if (pair.length !== 2) throw new Raised(`dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
    const [key, item2] = pair;
    if (Array.isArray(key) || isDict(key)) throw new Raised(`unhashable type: '${pyTypeName(key)}'`);
    target[pyStr(key)] = item2;
  });
}

/**
 * The query's value as Python jmespath computes it; a QueryRuntimeError with
 * Python's message where Python fails.
 */
export function runQuery(tree: QueryNode, data: unknown, npm: NpmEvaluate, npmCall: NpmCall): unknown {
  const ours = nodesForUs(tree);

  const value = (node: QueryNode, current: unknown): unknown => {
    if (node.kind === 'self') return current;
    // These spans read differently alone (`[*]` projects, `a[1:]` drops nulls): always worked out here.
    const spanAlone = !(node.kind === 'slice' || node.kind === 'list' || node.kind === 'hash' || (node.kind === 'projection' && node.how === 'flatten'));
    if (spanAlone && !ours.has(node)) {
      try {
        return npm(node, current);
      } catch {
        // Python may fail here too, with its own words, or not at all: find out step by step.
      }
    }
    return walk(node, current);
  };

  /** npm's value for a node whose parts are known to be fine; if npm still fails, its message is all there is. */
  const plain = (node: QueryNode, current: unknown): unknown => {
    try {
      return npm(node, current);
    } catch (e) {
      throw new Raised(e instanceof Error ? e.message : String(e));
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

  const walk = (node: QueryNode, current: unknown): unknown => {
    switch (node.kind) {
      case 'self':
        return current;
      case 'field':
      case 'current':
      case 'literal':
      case 'ref':
        return plain(node, current);
      case 'group':
        return value(node.inner, current);
      case 'path':
      case 'pipe':
        return value(node.right, value(node.left, current));
      case 'index': {
        const base = value(node.left, current);
        if (!Array.isArray(base)) return null;
        const at = node.index < 0 ? base.length + node.index : node.index;
        return at >= 0 && at < base.length ? base[at] : null;
      }
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
        return compare(node.op, value(node.left, current), value(node.right, current));
      case 'not':
        return !truthy(value(node.operand, current));
      case 'list':
        return current === null || current === undefined ? null : node.items.map((item) => value(item, current));
      case 'hash':
        if (current === null || current === undefined) return null;
        return bareDict(node.entries.map(([key, item]) => [key, value(item, current)]));
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
    if (signature.variadic ? args.length < wanted : args.length !== wanted) {
      const atLeast = signature.variadic ? 'at least ' : '';
      const plural = wanted === 1 ? '' : 's';
      throw new Raised(`Expected ${atLeast}${wanted} argument${plural} for function ${fn}(), received ${args.length}`);
    }
    signature.params.forEach((param, i) => checkType(fn, args[i], param));
    const [first, second] = args;
    switch (fn) {
      case 'sort_by':
        return sortBy(first as unknown[], (second as ExpressionRef).body);
      case 'max_by':
      case 'min_by':
        return extreme(fn, first as unknown[], (second as ExpressionRef).body);
      case 'map':
        return (second as unknown[]).map((element) => value((first as ExpressionRef).body, element));
      case 'length':
        return typeof first === 'string' ? Array.from(first).length : Array.isArray(first) ? first.length : Object.keys(first as object).length;
      case 'reverse':
        return typeof first === 'string' ? Array.from(first).reverse().join('') : [...(first as unknown[])].reverse();
      case 'contains':
        if (typeof first === 'string') {
          if (typeof second !== 'string') throw new Raised(`'in <string>' requires string as left operand, not ${pyType(second)}`);
          return first.includes(second);
        }
        return (first as unknown[]).some((item) => pyEquals(item, second));
      case 'sort':
        return [...(first as unknown[])].sort(order);
      case 'max':
      case 'min': {
        // The first of equal extremes, as Python's max() and min() keep it.
        const list = first as unknown[];
        const better = (item: unknown, best: unknown) => (fn === 'max' ? order(item, best) > 0 : order(item, best) < 0);
        return list.reduce((best, item) => (better(item, best) ? item : best), list.length === 0 ? null : list[0]);
      }
      case 'to_string':
        return typeof first === 'string' ? first : compactJson(first);
      case 'to_number':
        return toNumber(first);
      case 'merge': {
        const merged = bareDict([]);
        for (const arg of args) mergeInto(merged, arg);
        return merged;
      }
    }
    try {
      return npmCall(fn, args.map((arg) => (arg instanceof ExpressionRef ? null : arg)));
    } catch (e) {
      throw new Raised(e instanceof Error ? e.message : String(e));
    }
  };

  const checkType = (fn: string, arg: unknown, param: Param): void => {
    if (param.length === 0) return;
    const type = typeOf(arg);
    if (param.includes(type)) return;
    const elementTypes = param.filter((t) => t.startsWith('array-')).map((t) => t.slice('array-'.length));
    if (type !== 'array' || elementTypes.length === 0) throw badType(fn, arg, param, type);
    const list = arg as unknown[];
    if (list.length === 0) return;
    // The first element decides which kind of array it must be; the first one that differs is named.
    const first = typeOf(list[0]);
    const odd = elementTypes.includes(first) ? list.find((item) => typeOf(item) !== first) : list[0];
    if (odd !== undefined) throw badType(fn, odd, param, pyTypeName(odd));
  };

  const sortBy = (list: unknown[], body: QueryNode): unknown[] => {
    let required: string | undefined;
    const keyed = list.map((element, i) => {
      const key = value(body, element);
      const type = typeOf(key);
      if (required === undefined) {
        if (type !== 'string' && type !== 'number') throw badType('sort_by', element, ['string', 'number'], type);
        required = type;
      } else if (type !== required) {
        throw badType('sort_by', key, [required], type);
      }
      return { element, key, i };
    });
    return keyed.sort((a, b) => order(a.key, b.key) || a.i - b.i).map((k) => k.element);
  };

  const extreme = (fn: string, list: unknown[], body: QueryNode): unknown => {
    let best: { element: unknown; key: unknown } | undefined;
    const symbol = fn === 'max_by' ? '>' : '<';
    for (const element of list) {
      const key = value(body, element);
      const type = typeOf(key);
      if (type !== 'string' && type !== 'number') throw badType(fn, key, ['number', 'string'], type);
      if (best === undefined) {
        best = { element, key };
        continue;
      }
      if (type !== typeOf(best.key)) {
        throw new Raised(`'${symbol}' not supported between instances of '${pyTypeName(key)}' and '${pyTypeName(best.key)}'`);
      }
      const sign = order(key, best.key);
      if (symbol === '>' ? sign > 0 : sign < 0) best = { element, key };
    }
    return best === undefined ? null : best.element;
  };

  try {
    return value(tree, data);
  } catch (e) {
    if (e instanceof Raised) throw new QueryRuntimeError(e.message);
    throw e;
  }
}
