// Identifiers: UUID key IDs, ARNs, and what a KeyId parameter may name.
import { hex, HEX_PAIRS } from './bytes.ts';
import { fillRandom, type RandomSource } from './random.ts';

/** Identity of the simulated account: one account, one Region at a time. */
export interface AccountContext {
  accountId: string;
  region: string;
}

export const DEFAULT_ACCOUNT = '111122223333';
export const DEFAULT_REGION = 'us-east-1';

/** Scratch space for uuid(): each call draws into it and formats it at once, so none allocates bytes. */
const UUID_BYTES = new Uint8Array(16);

/** A random (version 4) UUID, the form of every KMS key ID. */
export function uuid(random: RandomSource): string {
  const b = UUID_BYTES;
  fillRandom(random, b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const text = formatUuid(b);
  b.fill(0);
  return text;
}

/** Each byte's two hex digits as character codes: HEX_CODES[2b] and HEX_CODES[2b + 1]. */
const HEX_CODES = Uint8Array.from(HEX_PAIRS.join(''), (c) => c.charCodeAt(0));
/** Where each byte's two hex digits sit in an 8-4-4-4-12 UUID. */
const UUID_DIGITS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
/** The 36 character codes of the UUID being formatted; the dashes stay put. */
const UUID_CODES = new Uint8Array(36).fill(0x2d);

/**
 * 16 bytes as 8-4-4-4-12 lowercase hex, made as one flat string: audit
 * events keep two UUIDs each, and a string built by concatenation would
 * keep its twenty pieces (about ten times the memory) for as long as the log.
 */
function formatUuid(b: Uint8Array): string {
  const c = UUID_CODES;
  for (let i = 0; i < 16; i++) {
    const at = UUID_DIGITS[i]!;
    c[at] = HEX_CODES[2 * b[i]!]!;
    c[at + 1] = HEX_CODES[2 * b[i]! + 1]!;
  }
  return String.fromCharCode(
    c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!, c[16]!, c[17]!,
    c[18]!, c[19]!, c[20]!, c[21]!, c[22]!, c[23]!, c[24]!, c[25]!, c[26]!, c[27]!, c[28]!, c[29]!, c[30]!, c[31]!, c[32]!, c[33]!, c[34]!, c[35]!,
  );
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function uuidToBytes(id: string): Uint8Array {
  const out = new Uint8Array(16);
  writeUuid(out, 0, id);
  return out;
}

/** A key ID's 16 bytes written into `target` at `offset` (blob headers), with no buffer of their own; key IDs are validated UUIDs. */
export function writeUuid(target: Uint8Array, offset: number, id: string): void {
  for (let i = 0; i < 16; i++) {
    const at = UUID_DIGITS[i]!;
    target[offset + i] = (nibble(id.charCodeAt(at)) << 4) | nibble(id.charCodeAt(at + 1));
  }
}

function nibble(code: number): number {
  if (code <= 0x39) return code - 0x30; // 0-9
  return (code | 0x20) - 0x57; // a-f, A-F
}

export function bytesToUuid(b: Uint8Array): string {
  return b.length === 16 ? formatUuid(b) : slowBytesToUuid(b);
}

function slowBytesToUuid(b: Uint8Array): string {
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function keyArn(ctx: AccountContext, keyId: string): string {
  return `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${keyId}`;
}

export function aliasArn(ctx: AccountContext, aliasName: string): string {
  return `arn:aws:kms:${ctx.region}:${ctx.accountId}:${aliasName}`;
}

/** What a KeyId parameter names: a key ID, a key ARN, an alias name or an alias ARN. */
export type KeyReference =
  | { kind: 'id'; keyId: string }
  | { kind: 'key-arn'; keyId: string; region: string; accountId: string }
  | { kind: 'alias'; aliasName: string }
  | { kind: 'alias-arn'; aliasName: string; region: string; accountId: string }
  | { kind: 'invalid-arn'; value: string }
  | { kind: 'invalid'; value: string };

const ARN_RE = /^arn:aws:kms:([a-z0-9-]*):(\d*):(.+)$/;

export function parseKeyReference(value: string): KeyReference {
  if (value.startsWith('alias/')) return { kind: 'alias', aliasName: value };
  if (value.startsWith('arn:')) {
    const m = ARN_RE.exec(value);
    if (!m) return { kind: 'invalid-arn', value };
    const [, region, accountId, resource] = m as unknown as [string, string, string, string];
    if (resource.startsWith('key/')) return { kind: 'key-arn', keyId: resource.slice(4), region, accountId };
    if (resource.startsWith('alias/')) return { kind: 'alias-arn', aliasName: resource, region, accountId };
    return { kind: 'invalid-arn', value };
  }
  if (UUID_RE.test(value)) return { kind: 'id', keyId: value };
  return { kind: 'invalid', value };
}
