import { hex } from './bytes.ts';
import type { RandomSource } from './random.ts';

/** Identity of the simulated account: one account, one Region at a time. */
export interface AccountContext {
  accountId: string;
  region: string;
}

export const DEFAULT_ACCOUNT = '111122223333';
export const DEFAULT_REGION = 'us-east-1';

/** A random (version 4) UUID, the form of every KMS key ID. */
export function uuid(random: RandomSource): string {
  const b = random.bytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function uuidToBytes(id: string): Uint8Array {
  const h = id.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToUuid(b: Uint8Array): string {
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
