/**
 * Naming keys the way a learner thinks of them: by alias when there is one,
 * else by a shortened key ID. The audit log only has ARNs and whatever the
 * caller typed, so it needs a lookup built from the current inventory.
 */
import type { AuditEvent } from '../../kms/audit.ts';
import type { KeySummary } from '../../kms/kms.ts';
import { truncateMiddle } from './format.ts';

/** How many characters a shortened key ID keeps (ellipsis included): `e08cad…cbc3e7`. */
export const SHORT_ID_LENGTH = 13;

export function shortKeyId(keyId: string): string {
  return truncateMiddle(keyId, SHORT_ID_LENGTH);
}

/** `arn:aws:kms:region:account:key/ID` → `ID`; `…:alias/name` → `alias/name`; anything else as is. */
export function keyIdFromArn(arnOrId: string): string {
  const match = /^arn:aws[\w-]*:kms:[^:]*:[^:]*:(key\/(.+)|(alias\/.+))$/.exec(arnOrId);
  if (!match) return arnOrId;
  return match[2] ?? match[3] ?? arnOrId;
}

/** Key ID → its aliases, sorted (KeySummary.aliases already is). */
export function aliasIndex(keys: readonly KeySummary[]): ReadonlyMap<string, readonly string[]> {
  return new Map(keys.map((k) => [k.keyId, k.aliases]));
}

/** Whether two alias indexes name every key alike (so rows drawn with one need not render again). */
export function sameAliasIndex(a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [keyId, names] of a) {
    const other = b.get(keyId);
    if (!other || other.length !== names.length || names.some((n, i) => n !== other[i])) return false;
  }
  return true;
}

export interface KeyLabel {
  /** What the cell shows: an alias or a short key ID. */
  text: string;
  /** The full identifier, for a tooltip and screen readers. */
  full: string;
}

/** A key reference (ID, key ARN, alias name or alias ARN) as a label. */
export function labelForReference(reference: string, aliases: ReadonlyMap<string, readonly string[]>): KeyLabel {
  const id = keyIdFromArn(reference);
  if (id.startsWith('alias/')) return { text: id, full: reference };
  const alias = aliases.get(id)?.[0];
  return { text: alias ?? shortKeyId(id), full: reference };
}

/** Request members that name the key a call was about, in the order CloudTrail readers look for them. */
const KEY_MEMBERS = ['keyId', 'targetKeyId', 'destinationKeyId', 'sourceKeyId', 'aliasName'] as const;

/**
 * The key an audit event is about. `resources` is authoritative (KMS filled
 * it after resolving the key); a call that failed before resolving has only
 * what the caller typed, which is still worth showing (`alias/nope`).
 * Undefined for calls about no key (ListKeys, GenerateRandom).
 */
export function keyLabel(event: AuditEvent, aliases: ReadonlyMap<string, readonly string[]>): KeyLabel | undefined {
  const arn = event.resources?.[0]?.ARN;
  if (arn) return labelForReference(arn, aliases);
  const params = event.requestParameters ?? {};
  for (const member of KEY_MEMBERS) {
    const value = params[member];
    if (typeof value === 'string' && value !== '') return labelForReference(value, aliases);
  }
  return undefined;
}
