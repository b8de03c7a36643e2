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
  let digits = '';
  let afterDigit = false;
  for (let i = start; i < end; i++) {
    const ch = chars[i]!;
    if (ch === '_' && afterDigit && i + 1 < end) {
      afterDigit = false;
      continue;
    }
    const value = decimalValue(ch.codePointAt(0)!);
    if (value === undefined) throw invalid();
    digits += value;
    afterDigit = true;
  }
  if (digits === '' || !afterDigit) throw invalid();
  if (digits.length > MAX_DIGITS) {
    throw new PyValueError(
      `Exceeds the limit (${MAX_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  const n = Number(digits);
  return negative && n !== 0 ? -n : n;
}
