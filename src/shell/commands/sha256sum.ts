/** `sha256sum`: GNU's output (with its escaping of odd names), --tag, -b/-t, and -c to verify. */
import type { CommandContext, CommandFn } from '../types.ts';
import { lazyHelp } from './help-page.ts';
import { complain, InputReader, parseOptions, printInfo, quoteName, usageError, VFS_ERROR_TEXT } from './tool-support.ts';

const HELP = lazyHelp('sha256sum');

const LONG = [
  { name: 'binary', key: 'b' },
  { name: 'check', key: 'c' },
  { name: 'tag', key: 'tag' },
  { name: 'text', key: 't' },
  { name: 'quiet', key: 'quiet' },
  { name: 'status', key: 'status' },
  { name: 'help', key: 'help' },
  { name: 'version', key: 'version' },
] as const;

export async function sha256Hex(data: Uint8Array): Promise<string> {
  // WebCrypto wants memory of its own (not a view into a shared buffer).
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(data)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** GNU escapes a name holding `\`, a newline or a carriage return, and marks the line with a leading `\`. */
function escapeName(name: string): { name: string; escaped: boolean } {
  if (!/[\\\n\r]/.test(name)) return { name, escaped: false };
  return { name: name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r'), escaped: true };
}

export const sha256sum: CommandFn = async (ctx) => {
  const parsed = parseOptions(ctx.args, { short: 'bct', long: LONG });
  if (!parsed.ok) return usageError(ctx, 'sha256sum', parsed.message);
  const keys = new Set<string>();
  let binary = false;
  for (const { key } of parsed.options) {
    if (key === 'help' || key === 'version') return printInfo(ctx, key, HELP, 'sha256sum (KMS Lab) modelled on GNU coreutils 9.1');
    if (key === 'b') binary = true;
    if (key === 't') binary = false;
    keys.add(key);
  }
  const operands = parsed.operands.length ? parsed.operands : ['-'];
  const input = new InputReader(ctx);
  if (keys.has('c')) {
    if (keys.has('tag')) return usageError(ctx, 'sha256sum', 'the --tag option is meaningless when verifying checksums');
    return check(ctx, input, operands, keys.has('quiet'), keys.has('status'));
  }
  if (keys.has('quiet') || keys.has('status')) {
    const option = keys.has('quiet') ? '--quiet' : '--status';
    return usageError(ctx, 'sha256sum', `the ${option} option is meaningful only when verifying checksums`);
  }
  let status = 0;
  for (const operand of operands) {
    const read = input.read(operand);
    if (!read.ok) {
      complain(ctx, 'sha256sum', `${quoteName(operand)}: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      continue;
    }
    const hex = await sha256Hex(read.data);
    const { name, escaped } = escapeName(operand);
    const mark = escaped ? '\\' : '';
    ctx.stdout(keys.has('tag') ? `${mark}SHA256 (${name}) = ${hex}\n` : `${mark}${hex} ${binary ? '*' : ' '}${name}\n`);
  }
  return status;
};

function unescapeName(name: string): string | undefined {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = name[++i];
    if (next === '\\') out += '\\';
    else if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else return undefined;
  }
  return out;
}

/** One line of a checksum file: `HEX  NAME`, `HEX *NAME` or `SHA256 (NAME) = HEX`, maybe escaped. */
function parseLine(line: string): { hex: string; name: string } | undefined {
  const escaped = line.startsWith('\\');
  const body = escaped ? line.slice(1) : line;
  const m = /^SHA256 \((.*)\) = ([0-9a-fA-F]{64})$/.exec(body) ?? /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(body);
  if (!m) return undefined;
  const [hex, rawName] = body.startsWith('SHA256 (') ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
  const name = escaped ? unescapeName(rawName) : rawName;
  return name === undefined ? undefined : { hex: hex.toLowerCase(), name };
}

async function check(ctx: CommandContext, input: InputReader, operands: string[], quiet: boolean, statusOnly: boolean): Promise<number> {
  const decoder = new TextDecoder();
  let status = 0;
  for (const operand of operands) {
    const read = input.read(operand);
    if (!read.ok) {
      complain(ctx, 'sha256sum', `${quoteName(operand)}: ${VFS_ERROR_TEXT[read.code]}`);
      status = 1;
      continue;
    }
    const lines = decoder.decode(read.data).split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let formatted = 0;
    let improper = 0;
    let mismatched = 0;
    let unreadable = 0;
    for (const line of lines) {
      const entry = parseLine(line);
      if (!entry) {
        improper++;
        continue;
      }
      formatted++;
      const { name: shown, escaped } = escapeName(entry.name);
      const mark = escaped ? '\\' : '';
      const file = input.read(entry.name);
      if (!file.ok) {
        complain(ctx, 'sha256sum', `${quoteName(entry.name)}: ${VFS_ERROR_TEXT[file.code]}`);
        if (!statusOnly) ctx.stdout(`${mark}${shown}: FAILED open or read\n`);
        unreadable++;
        continue;
      }
      const ok = (await sha256Hex(file.data)) === entry.hex;
      if (!ok) mismatched++;
      if (!statusOnly && !(ok && quiet)) ctx.stdout(`${mark}${shown}: ${ok ? 'OK' : 'FAILED'}\n`);
    }
    const where = quoteName(operand === '-' ? 'standard input' : operand);
    if (formatted === 0) {
      complain(ctx, 'sha256sum', `${where}: no properly formatted checksum lines found`);
      status = 1;
      continue;
    }
    if (!statusOnly) {
      const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
      if (improper) complain(ctx, 'sha256sum', `WARNING: ${plural(improper, 'line is', 'lines are')} improperly formatted`);
      if (unreadable) complain(ctx, 'sha256sum', `WARNING: ${plural(unreadable, 'listed file', 'listed files')} could not be read`);
      if (mismatched) complain(ctx, 'sha256sum', `WARNING: ${plural(mismatched, 'computed checksum', 'computed checksums')} did NOT match`);
    }
    if (mismatched || unreadable) status = 1;
  }
  return status;
}
