/**
 * The CLI's shorthand syntax for structures, maps and lists of them
 * (`--encryption-context purpose=test,team=blue`, `--tags TagKey=a,TagValue=b`,
 * `--constraints EncryptionContextSubset={k=v}`), as the AWS CLI user guide
 * describes it and as awscli 2.9.19 behaves when run as a black box, quirks
 * and error texts included: the CLI prints them after `Error parsing parameter '--x': `.
 */
import { API_MODEL } from '../kms/api-model.ts';
import { pyInt } from './python/int.ts';
import { isPySpace } from './python/unicode.ts';
import { isDict, type PyDict, type PyValue } from './python/values.ts';

export class ShorthandParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShorthandParseError';
  }
}

// ---------------------------------------------------------------------------
// Which characters go where (found by trying every code point on the real CLI)

/** Letters, digits and `_ - . : / #`: ASCII only. */
const KEY_CHAR = /^[A-Za-z0-9_\-.:/#]$/;
/** The blanks skipped between tokens: ASCII only, so a no-break space is text. */
const BLANKS = ' \t\n\v\f\r';

/**
 * Where an unquoted word stands decides what ends it: a top-level or `{}`
 * value stops at `]` or `}` (though it may start with one), an element of `[]` may not even start with `]`,
 * and a further item of a top-level comma list (`a=b,c`) may not hold `=`.
 */
type WordPlace = 'value' | 'element' | 'item';

/** Printable BMP characters; Python sees an emoji as one character outside this range, so it never fits. */
function isWordChar(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp >= 0x21 && cp <= 0xffff;
}

function canStartWord(ch: string, place: WordPlace): boolean {
  if (!isWordChar(ch) || `"',=[{`.includes(ch)) return false;
  return !(place === 'element' && ch === ']');
}

/** Past the first character, words also take blanks and a few separators Python counts as space. */
function canContinueWord(ch: string, place: WordPlace): boolean {
  const cp = ch.codePointAt(0)!;
  const blank = (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20);
  if (!(blank || isWordChar(ch)) || `"',`.includes(ch)) return false;
  return place === 'item' ? ch !== '=' : ch !== ']' && ch !== '}';
}

/** str.rstrip(): Unicode's spaces go at the end of a word, not just the blanks. */
function trimEnd(chars: string[]): string[] {
  let end = chars.length;
  while (end > 0 && isPySpace(chars[end - 1]!)) end--;
  return chars.slice(0, end);
}

// ---------------------------------------------------------------------------
// The reader: positions count characters as Python does (code points), so the
// caret under an error lines up even after an emoji.

interface Word {
  value: string;
  end: number;
  /** False when not even one character fitted. */
  found: boolean;
}

class ShorthandReader {
  private readonly chars: string[];
  private pos = 0;

  constructor(text: string) {
    this.chars = [...text];
  }

  parse(): PyDict {
    const result: PyDict = {};
    let keyAt = 0;
    for (;;) {
      const key = this.key();
      this.expect('=');
      this.skipBlanks();
      const { value, nextKeyAt } = this.topValue();
      if (Object.hasOwn(result, key)) throw this.duplicate(key, keyAt);
      result[key] = value;
      let after = nextKeyAt;
      if (after === undefined) {
        if (this.pos === this.chars.length) return result;
        this.skipBlanks();
        this.expect(',');
        after = this.pos;
      }
      keyAt = after;
      this.pos = after;
      this.skipBlanks();
    }
  }

  // A value after `key=` at the top: a scalar may go on as a comma list (`a=b,c`).
  private topValue(): { value: PyValue; nextKeyAt?: number } {
    const first = this.nestedValue('value');
    if (typeof first !== 'string' || this.peek() !== ',') return { value: first };
    return this.commaList(first);
  }

  /**
   * After `a=b,` the CLI guesses whether what follows is another item of a's
   * list or the next key. An item counts only when something fits there and a
   * comma or the end comes straight after it. Otherwise the next key starts
   * after the last comma seen, even an escaped one or one inside quotes
   * (`a=b,x\,k=v` gives {a: b, k: v}), and whatever stood before it is lost.
   */
  private commaList(first: string): { value: PyValue; nextKeyAt?: number } {
    const items: string[] = [first];
    const single = () => (items.length === 1 ? items[0]! : items);
    let comma = this.pos;
    for (;;) {
      this.pos = comma + 1;
      this.skipBlanks();
      const start = this.pos;
      if (start === this.chars.length) throw this.syntax('<second>', '<none>');
      let item: string | undefined;
      let end = start;
      const ch = this.chars[start]!;
      if (ch === '"' || ch === "'") {
        const closed = this.tryQuoted(ch);
        if (closed !== undefined) {
          item = closed;
          end = this.pos;
        }
      } else {
        const word = this.word('item');
        end = word.end;
        if (word.found) item = word.value;
      }
      const atEnd = end === this.chars.length;
      if (item !== undefined && (atEnd || this.chars[end] === ',')) {
        items.push(item);
        this.pos = end;
        if (atEnd) return { value: single() };
        comma = end;
        continue;
      }
      return { value: single(), nextKeyAt: this.chars.lastIndexOf(',', end) + 1 };
    }
  }

  private key(): string {
    const start = this.pos;
    while (this.pos < this.chars.length && KEY_CHAR.test(this.chars[this.pos]!)) this.pos++;
    const key = this.chars.slice(start, this.pos).join('');
    this.skipBlanks();
    return key;
  }

  /** A value after a key or in a list: a structure, a quoted string or a bare word. */
  private nestedValue(place: WordPlace): PyValue {
    const ch = this.peek();
    if (ch === '[' || ch === '{') return this.structure();
    return this.scalar(place);
  }

  private structure(): PyValue {
    return this.peek() === '[' ? this.list() : this.hash();
  }

  private list(): PyValue[] {
    this.pos++;
    const items: PyValue[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.peek() === ']') break;
      items.push(this.nestedValue('element'));
      this.skipBlanks();
      if (this.peek() === ']') break;
      this.expect(',');
    }
    this.pos++;
    return items;
  }

  /** `{k=v,...}`: a key may repeat here and the last one wins; only the top level refuses that. */
  private hash(): PyDict {
    this.pos++;
    const dict: PyDict = {};
    for (;;) {
      this.skipBlanks();
      if (this.peek() === '}') break;
      const key = this.key();
      this.expect('=');
      this.skipBlanks();
      dict[key] = this.nestedValue('value');
      this.skipBlanks();
      if (this.peek() === '}') break;
      this.expect(',');
    }
    this.pos++;
    return dict;
  }

  private scalar(place: WordPlace): string {
    const ch = this.peek();
    if (ch === '"' || ch === "'") {
      const text = this.tryQuoted(ch);
      if (text !== undefined) return text;
      throw this.syntax(ch === '"' ? '<double quoted>' : '<singled quoted>', '<none>');
    }
    const word = this.word(place);
    this.pos = word.end;
    return word.value;
  }

  /** An unquoted word: `\,` stands for a comma, every other backslash for itself. */
  private word(place: WordPlace): Word {
    const out: string[] = [];
    let i = this.pos;
    for (;;) {
      const ch = this.chars[i];
      if (ch === undefined) break;
      if (ch === '\\' && this.chars[i + 1] === ',') {
        out.push(',');
        i += 2;
        continue;
      }
      if (!(i === this.pos ? canStartWord(ch, place) : canContinueWord(ch, place))) break;
      out.push(ch);
      i++;
    }
    return { value: trimEnd(out).join(''), end: i, found: i > this.pos };
  }

  /**
   * A quoted string, with `\\` and `\<quote>` as escapes. Where it ends is
   * where a backtracking match of "quote, then escapes or other characters,
   * then quote" ends: at the first quote no escape claims, or, when escapes
   * claim them all, wherever giving escapes back (the latest first) lets it
   * close. Leaves pos after the
   * closing quote and the blanks after it; undefined (pos left alone) when it never closes.
   */
  private tryQuoted(quote: string): string | undefined {
    const open = this.pos;
    const chars = this.chars;
    const claims = (i: number) => chars[i] === '\\' && (chars[i + 1] === '\\' || chars[i + 1] === quote);
    let close = -1;
    for (let i = open + 1; i < chars.length; i += claims(i) ? 2 : 1) {
      if (chars[i] === quote) {
        close = i;
        break;
      }
    }
    if (close < 0) {
      // closeFrom[i]: where the string closes when reading resumes at i.
      const closeFrom = new Array<number>(chars.length + 2).fill(-1);
      for (let i = chars.length - 1; i > open; i--) {
        if (chars[i] === quote) closeFrom[i] = i;
        else if (claims(i) && closeFrom[i + 2]! >= 0) closeFrom[i] = closeFrom[i + 2]!;
        else closeFrom[i] = closeFrom[i + 1]!;
      }
      close = closeFrom[open + 1]!;
      if (close < 0) return undefined;
    }
    let text = '';
    for (let i = open + 1; i < close; i++) {
      if (chars[i] === '\\' && i + 1 < close && (chars[i + 1] === '\\' || chars[i + 1] === quote)) i++;
      text += chars[i];
    }
    this.pos = close + 1;
    this.skipBlanks();
    return text;
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private skipBlanks(): void {
    while (this.pos < this.chars.length && BLANKS.includes(this.chars[this.pos]!)) this.pos++;
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) throw this.syntax(ch, this.peek() ?? 'EOF');
    this.pos++;
  }

  private syntax(expected: string, received: string): ShorthandParseError {
    return new ShorthandParseError(`Expected: '${expected}', received: '${received}' for input:\n${this.pointAt(this.pos)}`);
  }

  private duplicate(key: string, at: number): ShorthandParseError {
    return new ShorthandParseError(
      `Second instance of key "${key}" encountered for input:\n${this.pointAt(at)}\nThis is often because there is a preceding "," instead of a space.`,
    );
  }

  /** The input with a caret under position `at`, on its own line below that line of the input. */
  private pointAt(at: number): string {
    const chars = this.chars;
    let lineStart = at;
    while (lineStart > 0 && chars[lineStart - 1] !== '\n') lineStart--;
    let lineEnd = at;
    while (lineEnd < chars.length && chars[lineEnd] !== '\n') lineEnd++;
    const caret = `${' '.repeat(at - lineStart)}^`;
    const rest = chars.slice(lineEnd).join('');
    return `${chars.slice(0, lineEnd).join('')}\n${caret}${rest}`;
  }
}

/** Parses one shorthand value into a dict of strings, lists and dicts. */
export function parseShorthand(value: string): PyDict {
  return new ShorthandReader(value).parse();
}

// ---------------------------------------------------------------------------
// After parsing, the model types the strings

function typed(value: PyValue, shapeName: string): PyValue {
  const shape = API_MODEL.shapes[shapeName];
  if (!shape) return value;
  switch (shape.type) {
    case 'structure':
      if (isDict(value)) {
        for (const [member, memberShape] of Object.entries(shape.members ?? {})) {
          if (Object.hasOwn(value, member)) value[member] = typed(value[member]!, memberShape);
        }
      }
      return value;
    case 'map':
      if (isDict(value)) for (const key of Object.keys(value)) value[key] = typed(value[key]!, shape.value!);
      return value;
    case 'list':
      // One value where a list belongs is taken as a list of one, left as written.
      if (!Array.isArray(value)) return [value];
      value.forEach((item, i) => (value[i] = typed(item, shape.member!)));
      return value;
    case 'integer':
    case 'long':
      return typeof value === 'string' ? pyInt(value) : value;
    case 'boolean': {
      const lower = typeof value === 'string' ? value.toLowerCase() : undefined;
      return lower === 'true' ? true : lower === 'false' ? false : value;
    }
    default:
      return value;
  }
}

/**
 * Shorthand gives only strings, lists and dicts: following the model, turns
 * integers (as Python's int() reads them) and true/false in any case into
 * their types, and wraps a single value where a list belongs
 * (`Operations=Encrypt`). The KMS model has no float members. Changes `parsed` in place.
 */
export function backCompatVisit(parsed: PyValue, shapeName: string): void {
  typed(parsed, shapeName);
}
