/**
 * `$(( … ))`: bash's integer arithmetic on 64-bit signed numbers. Operators from `?:` down to unary
 * `- + ! ~` and `**`; variables by name. No assignments (`=`, `+=`, `++`).
 */
import { ExpansionError } from './expansion-error.ts';

type Lookup = (name: string) => string | undefined;

const BINARY: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<=', '>=', '<', '>'],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];
/** The precedence level of each binary operator (an index into BINARY). */
const LEVEL = new Map(BINARY.flatMap((ops, level) => ops.map((op) => [op, level] as const)));
/**
 * How deeply parentheses and `?:` may nest: bash's own limit for nested evaluation. bash
 * itself has none for parentheses and runs out of stack past some ten thousand; this one
 * is reported in bash's words for the limit it has.
 */
export const MAX_ARITH_NESTING = 1024;
const TOKEN = /\s*(0[xX][0-9A-Fa-f]+|[0-9]+#[0-9A-Za-z@_]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()<>!~&|^?:])/y;

export function evaluateArithmetic(expr: string, lookup: Lookup, depth = 0): bigint {
  if (expr.trim() === '') return 0n;
  return new Evaluator(expr, lookup, depth).run();
}

class Evaluator {
  private readonly src: string;
  private readonly lookup: Lookup;
  private readonly depth: number;
  private pos = 0;
  /** Where the last token read starts: bash quotes the text from there in its error messages. */
  private last = 0;
  /** Open parentheses and `?:` branches around the current point. */
  private nesting = 0;

  constructor(src: string, lookup: Lookup, depth: number) {
    this.src = src;
    this.lookup = lookup;
    this.depth = depth;
  }

  run(): bigint {
    const value = this.ternary();
    if (this.peek() !== undefined) this.fail('syntax error in expression', this.nextStart());
    return value;
  }

  /** Where the next token starts (after blanks). */
  private nextStart(): number {
    return this.pos + (/^\s*/.exec(this.src.slice(this.pos))?.[0].length ?? 0);
  }

  private peek(): string | undefined {
    TOKEN.lastIndex = this.pos;
    const m = TOKEN.exec(this.src);
    if (m) return m[1];
    if (this.src.slice(this.pos).trim() !== '') this.fail('syntax error: invalid arithmetic operator', this.nextStart());
    return undefined;
  }

  private take(): string | undefined {
    const t = this.peek();
    if (t !== undefined) {
      this.last = this.nextStart();
      this.pos = TOKEN.lastIndex;
    }
    return t;
  }

  private fail(what: string, from = this.last): never {
    // bash drops the leading blanks of both, not the trailing ones.
    const token = this.src.slice(from).trimStart();
    throw new ExpansionError(`${this.src.trimStart()}: ${what} (error token is "${token}")`);
  }

  private ternary(): bigint {
    const cond = this.binary(0);
    if (this.peek() !== '?') return cond;
    this.take();
    const yes = this.nested(() => this.ternary());
    if (this.take() !== ':') this.fail("`:' expected for conditional expression");
    const no = this.nested(() => this.ternary());
    return cond !== 0n ? yes : no;
  }

  /** One level deeper (a parenthesis, a branch of `?:`), within MAX_ARITH_NESTING. */
  private nested(read: () => bigint): bigint {
    if (this.nesting >= MAX_ARITH_NESTING) this.fail('expression recursion level exceeded');
    this.nesting++;
    try {
      return read();
    } finally {
      this.nesting--;
    }
  }

  /** Left-associative binary operators of level `min` and tighter, by precedence climbing (one frame per operand, not per level). */
  private binary(min: number): bigint {
    let left = this.power();
    for (let op = this.peek(); op !== undefined; op = this.peek()) {
      const level = LEVEL.get(op);
      if (level === undefined || level < min) break;
      this.take();
      const right = this.binary(level + 1);
      left = this.apply(op, left, right);
    }
    return left;
  }

  private apply(op: string, a: bigint, b: bigint): bigint {
    const bool = (x: boolean): bigint => (x ? 1n : 0n);
    switch (op) {
      case '||': return bool(a !== 0n || b !== 0n);
      case '&&': return bool(a !== 0n && b !== 0n);
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      case '==': return bool(a === b);
      case '!=': return bool(a !== b);
      case '<=': return bool(a <= b);
      case '>=': return bool(a >= b);
      case '<': return bool(a < b);
      case '>': return bool(a > b);
      case '<<': return BigInt.asIntN(64, a << (b & 63n));
      case '>>': return a >> (b & 63n);
      case '+': return BigInt.asIntN(64, a + b);
      case '-': return BigInt.asIntN(64, a - b);
      case '*': return BigInt.asIntN(64, a * b);
      default:
        if (b === 0n) this.fail('division by 0');
        return BigInt.asIntN(64, op === '/' ? a / b : a % b);
    }
  }

  /** `a ** b ** c` is `a ** (b ** c)`: the operands are read first, then folded from the right. */
  private power(): bigint {
    const operands = [this.unary()];
    while (this.peek() === '**') {
      this.take();
      operands.push(this.unary());
    }
    let exponent = operands.pop()!;
    while (operands.length > 0) {
      const base = operands.pop()!;
      if (exponent < 0n) this.fail('exponent less than 0');
      let result = 1n;
      for (let i = 0n; i < exponent && i < 64n; i++) result = BigInt.asIntN(64, result * base);
      exponent = exponent >= 64n && base !== 1n && base !== -1n ? 0n : result;
    }
    return exponent;
  }

  /** Prefix operators, read in a loop and applied innermost first, so a long run of them costs no stack. */
  private unary(): bigint {
    const ops: string[] = [];
    for (let t = this.peek(); t === '-' || t === '+' || t === '!' || t === '~'; t = this.peek()) {
      this.take();
      ops.push(t);
    }
    let v = this.primary();
    for (let i = ops.length - 1; i >= 0; i--) {
      const t = ops[i];
      v = t === '-' ? BigInt.asIntN(64, -v) : t === '+' ? v : t === '!' ? (v === 0n ? 1n : 0n) : ~v;
    }
    return v;
  }

  private primary(): bigint {
    const t = this.take();
    if (t === undefined) this.fail('syntax error: operand expected');
    if (t === '(') {
      const v = this.nested(() => this.ternary());
      if (this.take() !== ')') this.fail("missing `)'");
      return v;
    }
    if (/^[0-9]/.test(t)) return this.number(t);
    if (/^[A-Za-z_]/.test(t)) {
      const value = this.lookup(t) ?? '';
      if (value.trim() === '') return 0n;
      if (this.depth > 20) this.fail('expression recursion level exceeded');
      return evaluateArithmetic(value, this.lookup, this.depth + 1);
    }
    return this.fail('syntax error: operand expected');
  }

  private number(t: string): bigint {
    const hash = t.indexOf('#');
    if (hash > 0) {
      const base = Number(t.slice(0, hash));
      const digits = t.slice(hash + 1);
      if (base < 2 || base > 64) this.fail('invalid arithmetic base');
      let v = 0n;
      for (const d of digits) {
        const n = digitValue(d, base);
        if (n === undefined || n >= base) this.fail('value too great for base');
        v = BigInt.asIntN(64, v * BigInt(base) + BigInt(n));
      }
      return v;
    }
    if (/^0[0-7]+$/.test(t)) return BigInt.asIntN(64, BigInt(`0o${t.slice(1)}`));
    if (/^0[0-9]+$/.test(t)) this.fail('value too great for base');
    return BigInt.asIntN(64, BigInt(t));
  }
}

function digitValue(d: string, base: number): number | undefined {
  if (/[0-9]/.test(d)) return Number(d);
  if (/[a-z]/.test(d)) return d.charCodeAt(0) - 87;
  if (/[A-Z]/.test(d)) return base <= 36 ? d.charCodeAt(0) - 55 : d.charCodeAt(0) - 29;
  return d === '@' ? 62 : d === '_' ? 63 : undefined;
}
