/** Python's base64.b64decode(text) without validate=True, the decoder botocore hands blob parameters to. */
import { PyValueError } from './errors.ts';

/** binascii.Error: the text is not base64 even by the lenient reading. */
export class Base64Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Base64Error';
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTET = new Map([...ALPHABET].map((ch, i) => [ch, i]));

/**
 * Decodes leniently: characters outside the alphabet are skipped; an '='
 * counts as padding only after two characters of a group, and once a group
 * is padded to four, the rest of the text is ignored. A group left with one
 * character, or two or three without their padding, is an error.
 */
export function pyB64Decode(text: string): Uint8Array {
  // A str must encode to ASCII before anything else happens.
  if (/[^\x00-\x7f]/.test(text)) throw new PyValueError('string argument should contain only ASCII characters');
  const out: number[] = [];
  let bits = 0;
  let bitCount = 0;
  let inGroup = 0; // characters of the current group of four
  let pads = 0; // '=' seen since the group's last character
  let dataChars = 0;
  for (const ch of text) {
    if (ch === '=') {
      if (inGroup >= 2 && inGroup + ++pads >= 4) return Uint8Array.from(out);
      continue;
    }
    const sextet = SEXTET.get(ch);
    if (sextet === undefined) continue;
    dataChars++;
    pads = 0;
    inGroup = (inGroup + 1) % 4;
    bits = ((bits << 6) | sextet) & 0xfff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out.push((bits >> bitCount) & 0xff);
    }
  }
  if (inGroup === 1) {
    throw new Base64Error(`Invalid base64-encoded string: number of data characters (${dataChars}) cannot be 1 more than a multiple of 4`);
  }
  if (inGroup !== 0) throw new Base64Error('Incorrect padding');
  return Uint8Array.from(out);
}
