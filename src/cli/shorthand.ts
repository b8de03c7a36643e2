/**
 * The CLI's shorthand syntax (`--encryption-context purpose=test,team=blue`,
 * `--tags TagKey=a,TagValue=b`, `--constraints EncryptionContextSubset={k=v}`):
 * a port of awscli/shorthand.py (ShorthandParser + BackCompatVisitor), whose
 * error texts the CLI prints after `Error parsing parameter '--x': `.
 * Positions count UTF-16 units where Python counts code points; they differ
 * only for characters outside the Basic Multilingual Plane.
 */
import { API_MODEL } from '../kms/api-model.ts';
import type { ShapeDef } from '../kms/api-model-types.ts';
import { pyInt } from './python/int.ts';
import { isDict, PyFloat, type PyDict, type PyValue } from './python/values.ts';

export class ShorthandParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShorthandParseError';
  }
}

function errorLocation(value: string, index: number): string {
  let consumed = value;
  let remaining = '';
  let spaces = index;
  const before = value.slice(0, index);
  if (before.includes('\n')) spaces = index - before.lastIndexOf('\n') - 1;
  const after = value.slice(index);
  if (after.includes('\n')) {
    const next = index + after.indexOf('\n');
    consumed = value.slice(0, next);
    remaining = value.slice(next);
  }
  return `${consumed}\n${' '.repeat(spaces)}^${remaining}`;
}

class SyntaxErr extends ShorthandParseError {
  constructor(value: string, expected: string, actual: string, index: number) {
    super(`Expected: '${expected}', received: '${actual}' for input:\n${errorLocation(value, index)}`);
  }
}

// The character classes of shorthand.py, code point for code point.
const ESCAPED_COMMA = '(\\\\,)';
const START_WORD = '\\u0021\\u0023-\\u0026\\u0028-\\u002B\\u002D-\\u003C\\u003E-\\u005A\\u005C-\\u007A\\u007C-\\uFFFF';
const FIRST_FOLLOW = '\\s\\u0021\\u0023-\\u0026\\u0028-\\u002B\\u002D-\\u005C\\u005E-\\u007C\\u007E-\\uFFFF';
const SECOND_FOLLOW = '\\s\\u0021\\u0023-\\u0026\\u0028-\\u002B\\u002D-\\u003C\\u003E-\\uFFFF';
const FIRST_VALUE = new RegExp(`(${ESCAPED_COMMA}|[${START_WORD}])(${ESCAPED_COMMA}|[${FIRST_FOLLOW}])*`, 'y');
const SECOND_VALUE = new RegExp(`(${ESCAPED_COMMA}|[${START_WORD}])(${ESCAPED_COMMA}|[${SECOND_FOLLOW}])*`, 'y');
const SINGLE_QUOTED = /'(?:\\\\|\\'|[^'])*'/y;
const DOUBLE_QUOTED = /"(?:\\\\|\\"|[^"])*"/y;
const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;
const PY_WHITESPACE = ' \t\n\r\x0b\x0c';

/** Python's str.rstrip(): trailing whitespace. */
const rstrip = (s: string) => s.replace(/\s+$/u, '');

type Parsed = string | Parsed[] | { [key: string]: Parsed };

class ShorthandParser {
  private input = '';
  private index = 0;

  parse(value: string): { [key: string]: Parsed } {
    this.input = value;
    this.index = 0;
    return this.parameter();
  }

  private parameter(): { [key: string]: Parsed } {
    const params: { [key: string]: Parsed } = {};
    const [key, val] = this.keyval();
    params[key] = val;
    let lastIndex = this.index;
    while (this.index < this.input.length) {
      this.expect(',', true);
      const [k, v] = this.keyval();
      if (Object.hasOwn(params, k)) {
        throw new ShorthandParseError(
          `Second instance of key "${k}" encountered for input:\n${errorLocation(this.input, lastIndex + 1)}\n` +
            'This is often because there is a preceding "," instead of a space.',
        );
      }
      params[k] = v;
      lastIndex = this.index;
    }
    return params;
  }

  private keyval(): [string, Parsed] {
    const key = this.key();
    this.expect('=', true);
    return [key, this.values()];
  }

  private key(): string {
    const start = this.index;
    while (!this.atEof() && KEY_CHARS.test(this.current()!)) this.index++;
    return this.input.slice(start, this.index);
  }

  private values(): Parsed {
    if (this.atEof()) return '';
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.csvValue();
  }

  private csvValue(): Parsed {
    const first = this.firstValue();
    this.consumeWhitespace();
    if (this.atEof() || this.input[this.index] !== ',') return first;
    this.expect(',', true);
    const list: Parsed[] = [first];
    for (;;) {
      try {
        const current = this.secondValue();
        this.consumeWhitespace();
        if (this.atEof()) {
          list.push(current);
          break;
        }
        this.expect(',', true);
        list.push(current);
      } catch (e) {
        // `foo=a,b,c=d`: `c` started the next key, so step back to the comma before it.
        if (!(e instanceof SyntaxErr) || this.atEof()) throw e;
        this.backtrackTo(',');
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private value(): string {
    FIRST_VALUE.lastIndex = this.index;
    const m = FIRST_VALUE.exec(this.input);
    if (!m) return '';
    this.index += m[0].length;
    return rstrip(m[0].replaceAll('\\,', ','));
  }

  private explicitList(): Parsed[] {
    this.expect('[', true);
    const values: Parsed[] = [];
    while (this.current() !== ']') {
      values.push(this.explicitValues());
      this.consumeWhitespace();
      if (this.current() !== ']') {
        this.expect(',');
        this.consumeWhitespace();
      }
    }
    this.expect(']');
    return values;
  }

  private explicitValues(): Parsed {
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private hashLiteral(): { [key: string]: Parsed } {
    this.expect('{', true);
    const keyvals: { [key: string]: Parsed } = {};
    while (this.current() !== '}') {
      const key = this.key();
      this.expect('=', true);
      const v = this.explicitValues();
      this.consumeWhitespace();
      if (this.current() !== '}') {
        this.expect(',');
        this.consumeWhitespace();
      }
      keyvals[key] = v;
    }
    this.expect('}');
    return keyvals;
  }

  private firstValue(): string {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.value();
  }

  private secondValue(): string {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return rstrip(this.mustConsume(SECOND_VALUE, 'second').replaceAll('\\,', ','));
  }

  private quoted(regex: RegExp, quote: string): string {
    const name = quote === "'" ? 'singled quoted' : 'double quoted';
    return this.mustConsume(regex, name).slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll('\\\\', '\\');
  }

  private mustConsume(regex: RegExp, name: string): string {
    regex.lastIndex = this.index;
    const m = regex.exec(this.input);
    if (!m) throw new SyntaxErr(this.input, `<${name}>`, '<none>', this.index);
    this.index += m[0].length;
    return m[0];
  }

  private expect(char: string, consumeWhitespace = false): void {
    if (consumeWhitespace) this.consumeWhitespace();
    if (this.index >= this.input.length) throw new SyntaxErr(this.input, char, 'EOF', this.index);
    const actual = this.input[this.index]!;
    if (actual !== char) throw new SyntaxErr(this.input, char, actual, this.index);
    this.index++;
    if (consumeWhitespace) this.consumeWhitespace();
  }

  private current(): string | undefined {
    return this.index < this.input.length ? this.input[this.index] : undefined;
  }

  private atEof(): boolean {
    return this.index >= this.input.length;
  }

  private backtrackTo(char: string): void {
    while (this.index >= 0 && this.input[this.index] !== char) this.index--;
  }

  private consumeWhitespace(): void {
    while (!this.atEof() && PY_WHITESPACE.includes(this.current()!)) this.index++;
  }
}

/** Parses one shorthand value into a dict of strings, lists and dicts. */
export function parseShorthand(value: string): PyDict {
  return new ShorthandParser().parse(value) as PyDict;
}

/**
 * BackCompatVisitor: converts scalars the model says are numbers or booleans,
 * and wraps a single value where the model wants a list (`Operations=Encrypt`).
 */
export function backCompatVisit(parsed: PyValue, shapeName: string): void {
  visit({}, shapeName, '', parsed);
}

function visit(parent: PyDict | PyValue[], shapeName: string, name: string | number, value: PyValue | undefined): void {
  const shape: ShapeDef = API_MODEL.shapes[shapeName]!;
  const set = (v: PyValue) => {
    (parent as Record<string | number, PyValue>)[name] = v;
  };
  switch (shape.type) {
    case 'structure':
      if (!isDict(value)) return;
      for (const [member, memberShape] of Object.entries(shape.members ?? {})) visit(value, memberShape, member, value[member]);
      return;
    case 'list':
      if (!Array.isArray(value)) {
        if (value !== undefined && value !== null) set([value]);
        return;
      }
      value.forEach((element, i) => visit(value, shape.member!, i, element));
      return;
    case 'map':
      if (!isDict(value)) return;
      for (const [k, v] of Object.entries(value)) visit(value, shape.value!, k, v);
      return;
    default:
      if (value === undefined || value === null) return;
      if (shape.type === 'integer' || shape.type === 'long') set(pyInt(String(value)));
      else if (shape.type === 'double' || shape.type === 'float') set(new PyFloat(Number(value)));
      else if (shape.type === 'boolean' && typeof value === 'string') {
        if (value.toLowerCase() === 'true') set(true);
        else if (value.toLowerCase() === 'false') set(false);
      }
  }
}
