/**
 * `base64`: GNU coreutils' base64 as learners meet it after `aws kms … --output text`. Encoding
 * wraps at 76 columns (-w 0: never, and then no final newline); decoding follows RFC 4648 with
 * coreutils' leniencies and its way of failing, found by running coreutils 9.1.
 */
import type { CommandFn } from '../types.ts';
import { lazyHelp } from './help-page.ts';
import { complain, InputReader, parseOptions, printInfo, quoteLocale, quoteName, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('base64');

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
 * Decoding as GNU base64 does it, worked out from RFC 4648 and runs of coreutils 9.1: newlines are
 * passed over, the rest is read in groups of four; a group may end in "==" or "=" and decoding
 * goes on after it. At the first thing out of place (a bad byte, '=' too early, a short last
 * group) it stops, keeping the bytes the group's first characters had already made.
 */
function decodeBase64(text: Uint8Array): { bytes: Uint8Array; ok: boolean } {
  const chars = text.filter((c) => c !== 0x0a);
  const out = new Uint8Array(Math.ceil(chars.length / 4) * 3);
  let length = 0;
  const value = (at: number) => (at < chars.length ? VALUE[chars[at]!]! : -1);
  const stop = (ok: boolean) => ({ bytes: out.slice(0, length), ok });
  for (let at = 0; at < chars.length; at += 4) {
    const [a, b, c, d] = [value(at), value(at + 1), value(at + 2), value(at + 3)];
    if (a < 0 || b < 0) return stop(false);
    out[length++] = (a << 2) | (b >> 4);
    if (chars[at + 2] === PAD) {
      if (chars[at + 3] !== PAD) return stop(false);
      continue;
    }
    if (c < 0) return stop(false);
    out[length++] = ((b & 0x0f) << 4) | (c >> 2);
    if (chars[at + 3] === PAD) continue;
    if (d < 0) return stop(false);
    out[length++] = ((c & 0x03) << 6) | d;
  }
  return stop(true);
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
