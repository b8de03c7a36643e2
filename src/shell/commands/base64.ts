/**
 * `base64`: GNU coreutils' base64. Encoding wraps at 76 columns (-w 0: never, and then no final
 * newline). Decoding skips newlines (with -i, anything outside the alphabet), and on bad input
 * writes what it decoded so far before `base64: invalid input`, as gnulib's decoder does.
 */
import type { CommandFn } from '../types.ts';
import { complain, InputReader, parseOptions, printInfo, quoteLocale, quoteName, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = `Usage: base64 [OPTION]... [FILE]
Base64 encode or decode FILE, or standard input, to standard output.

With no FILE, or when FILE is -, read standard input.

  -d, --decode          decode data
  -i, --ignore-garbage  when decoding, ignore non-alphabet characters
  -w, --wrap=COLS       wrap encoded lines after COLS character (default 76).
                          Use 0 to disable line wrapping
      --help        display this help and exit

The data are encoded as described for the base64 alphabet in RFC 4648.
When decoding, the input may contain newlines in addition to the bytes of
the formal base64 alphabet.  Use --ignore-garbage to attempt to recover
from any other non-alphabet bytes in the encoded stream.
`;

const LONG = [
  { name: 'decode', key: 'd' },
  { name: 'ignore-garbage', key: 'i' },
  { name: 'wrap', key: 'w', arg: 'required' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
const PAD = 0x3d;

export function encodeBase64(data: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < data.length; i += 3) {
    const a = data[i]!;
    const b = data[i + 1];
    const c = data[i + 2];
    out.push(
      ALPHABET[a >> 2]!,
      ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!,
      b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!,
      c === undefined ? '=' : ALPHABET[c & 63]!,
    );
  }
  return out.join('');
}

/**
 * gnulib's base64_decode with a context: newlines are skipped, input is taken four characters at
 * a time, and a group that goes wrong still yields the bytes it completed before the bad character.
 */
export function decodeBase64(text: Uint8Array): { bytes: Uint8Array; ok: boolean } {
  const chars: number[] = [];
  for (const c of text) if (c !== 0x0a) chars.push(c);
  const out: number[] = [];
  const valid = (c: number | undefined): c is number => c !== undefined && VALUE[c]! >= 0;
  /** decode_4 from gnulib: false once the group stops being well formed. */
  const decode4 = (g: number[]): boolean => {
    const [c0, c1, c2, c3] = g;
    if (g.length < 2 || !valid(c0) || !valid(c1)) return false;
    out.push(((VALUE[c0]! << 2) | (VALUE[c1]! >> 4)) & 0xff);
    if (g.length === 2) return false;
    if (c2 === PAD) return g.length === 4 && c3 === PAD;
    if (!valid(c2)) return false;
    out.push(((VALUE[c1]! << 4) | (VALUE[c2]! >> 2)) & 0xff);
    if (g.length === 3) return false;
    if (c3 === PAD) return true;
    if (!valid(c3)) return false;
    out.push(((VALUE[c2]! << 6) | VALUE[c3]!) & 0xff);
    return true;
  };
  for (let i = 0; i < chars.length; i += 4) {
    if (!decode4(chars.slice(i, i + 4))) return { bytes: new Uint8Array(out), ok: false };
  }
  return { bytes: new Uint8Array(out), ok: true };
}

export const base64: CommandFn = (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'diw:', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'base64', parsed.message);
  let decode = false;
  let ignoreGarbage = false;
  let wrap = 76;
  for (const { key, value } of parsed.options) {
    if (key === 'help' || key === 'version') return printInfo(ctx, key, HELP, 'base64 (KMS Lab) modelled on GNU coreutils 9.1');
    if (key === 'd') decode = true;
    if (key === 'i') ignoreGarbage = true;
    if (key === 'w') {
      if (!/^\d+$/.test(value ?? '')) {
        complain(ctx, 'base64', `invalid wrap size: ${quoteLocale(value ?? '')}`);
        return 1;
      }
      wrap = Number(value);
    }
  }
  if (parsed.operands.length > 1) return usageError(ctx, 'base64', `extra operand ${quoteLocale(parsed.operands[1]!)}`);
  const operand = parsed.operands[0] ?? '-';
  const read = new InputReader(ctx).read(operand);
  if (!read.ok) {
    if (read.code === 'EISDIR') complain(ctx, 'base64', `read error: ${VFS_ERROR_TEXT.EISDIR}`);
    else complain(ctx, 'base64', `${quoteName(operand)}: ${VFS_ERROR_TEXT[read.code]}`);
    return 1;
  }

  if (decode) {
    const input = ignoreGarbage ? read.data.filter((c) => VALUE[c]! >= 0 || c === PAD) : read.data;
    const { bytes, ok } = decodeBase64(input);
    if (bytes.length) ctx.stdout(bytes);
    if (!ok) {
      complain(ctx, 'base64', 'invalid input');
      return 1;
    }
    return 0;
  }

  const encoded = encodeBase64(read.data);
  if (wrap === 0 || encoded.length === 0) {
    if (encoded) ctx.stdout(encoded);
    return 0;
  }
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += wrap) lines.push(encoded.slice(i, i + wrap));
  ctx.stdout(`${lines.join('\n')}\n`);
  return 0;
};
