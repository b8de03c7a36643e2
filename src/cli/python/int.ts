/** Python's int(text) in base 10, which the CLI applies to integer parameters and options. */
import { PyValueError } from './errors.ts';
import { pyStrRepr } from './repr.ts';
import { decimalValue, isPySpace } from './unicode.ts';

// int() refuses longer numbers (sys.get_int_max_str_digits() in 3.11).
const MAX_DIGITS = 4300;

/**
 * int(text): optional whitespace around an optional sign and decimal digits
 * of any script, single underscores allowed between digits. Anything else is
 * a ValueError quoting the text as given. Values past 2**53 lose precision.
 */
export function pyInt(text: string): number {
  const invalid = () => new PyValueError(`invalid literal for int() with base 10: ${pyStrRepr(text)}`);
  const chars = [...text];
  // int() strips str.isspace() characters except the ASCII separators \x1c-\x1f.
  const isSpace = (ch: string) => isPySpace(ch) && !(ch >= '\x1c' && ch <= '\x1f');
  let start = 0;
  let end = chars.length;
  while (start < end && isSpace(chars[start]!)) start++;
  while (end > start && isSpace(chars[end - 1]!)) end--;
  let negative = false;
  if (chars[start] === '+' || chars[start] === '-') negative = chars[start++] === '-';
  // The digits, single underscores between them; the run ends at anything else.
  const digitAt = (at: number) => (at < end ? decimalValue(chars[at]!.codePointAt(0)!) : undefined);
  let digits = '';
  let i = start;
  for (; i < end; i++) {
    const value = digitAt(i);
    if (value !== undefined) digits += value;
    else if (chars[i] !== '_' || digits === '' || digitAt(i + 1) === undefined) break;
  }
  if (digits === '' || chars[i] === '_') throw invalid();
  // The length limit is checked before what follows the digits.
  if (digits.length > MAX_DIGITS) {
    throw new PyValueError(
      `Exceeds the limit (${MAX_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  if (i < end) throw invalid();
  const n = Number(digits);
  return negative && n !== 0 ? -n : n;
}
