/** What GNU head and tail share: their long options, count errors and the per-file loop with headers. */
import type { CommandContext } from '../types.ts';
import { complain, fileHeader, InputReader, parseCount, quoteAlways, quoteLocale, VFS_ERROR_TEXT } from './tool-support.ts';

export type Headers = 'auto' | 'always' | 'never';

export const HEAD_TAIL_LONG = [
  { name: 'bytes', key: 'c', arg: 'required' },
  { name: 'lines', key: 'n', arg: 'required' },
  { name: 'quiet', key: 'q' },
  { name: 'silent', key: 'q' },
  { name: 'verbose', key: 'v' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

/** Reads the NUM of -c/-n (sign already handled by the caller); undefined after printing GNU's error. */
export function readCount(ctx: CommandContext, tool: string, text: string, bytes: boolean): number | undefined {
  const parsed = parseCount(text.replace(/^[-+]/, ''));
  if (parsed.ok) return parsed.value;
  const tooLarge = parsed.tooLarge ? ': Value too large for defined data type' : '';
  complain(ctx, tool, `invalid number of ${bytes ? 'bytes' : 'lines'}: ${quoteLocale(text)}${tooLarge}`);
  return undefined;
}

/** Runs `slice` on each operand's bytes (standard input for none or `-`), with `==> name <==` headers as GNU prints them. */
export function eachInput(
  ctx: CommandContext,
  tool: string,
  operands: readonly string[],
  headers: Headers,
  slice: (data: Uint8Array) => Uint8Array,
): number {
  const names = operands.length ? operands : ['-'];
  const showHeaders = headers === 'always' || (headers === 'auto' && names.length > 1);
  const input = new InputReader(ctx);
  let first = true;
  let status = 0;
  for (const operand of names) {
    const read = input.read(operand);
    if (!read.ok && read.code !== 'EISDIR') {
      complain(ctx, tool, `cannot open ${quoteAlways(operand)} for reading: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      continue;
    }
    if (showHeaders) ctx.stdout(fileHeader(first, operand));
    first = false;
    if (!read.ok) {
      complain(ctx, tool, `error reading ${quoteAlways(operand)}: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      continue;
    }
    const out = slice(read.data);
    if (out.length > 0) ctx.stdout(out);
  }
  return status;
}
