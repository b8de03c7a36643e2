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
    const yes = this.ternary();
    if (this.take() !== ':') this.fail("`:' expected for conditional expression");
    const no = this.ternary();
    return cond !== 0n ? yes : no;
  }

  private binary(level: number): bigint {
    const ops = BINARY[level];
    if (ops === undefined) return this.power();
    let left = this.binary(level + 1);
    for (let op = this.peek(); op !== undefined && ops.includes(op); op = this.peek()) {
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

  private power(): bigint {
    const base = this.unary();
    if (this.peek() !== '**') return base;
    this.take();
    const exponent = this.power(); // right-associative
    if (exponent < 0n) this.fail('exponent less than 0');
    let result = 1n;
    for (let i = 0n; i < exponent && i < 64n; i++) result = BigInt.asIntN(64, result * base);
    return exponent >= 64n && base !== 1n && base !== -1n ? 0n : result;
  }

  private unary(): bigint {
    const t = this.peek();
    if (t === '-' || t === '+' || t === '!' || t === '~') {
      this.take();
      const v = this.unary();
      return t === '-' ? BigInt.asIntN(64, -v) : t === '+' ? v : t === '!' ? (v === 0n ? 1n : 0n) : ~v;
    }
    return this.primary();
  }

  private primary(): bigint {
    const t = this.take();
    if (t === undefined) this.fail('syntax error: operand expected');
    if (t === '(') {
      const v = this.ternary();
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
