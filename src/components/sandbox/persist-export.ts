/**
 * A saved record this version cannot use, as JSON a learner can download and
 * keep (or send with a bug report): dates as ISO text, bytes as base64, and
 * CryptoKeys as a note, since no script can read their material.
 */
import { base64Encode } from '../../kms/base64.ts';

export function toJsonable(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return value === undefined ? null : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Uint8Array) return { base64: base64Encode(value) };
  if (ArrayBuffer.isView(value)) return { base64: base64Encode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  if (value instanceof ArrayBuffer) return { base64: base64Encode(new Uint8Array(value)) };
  if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) return { cryptoKey: `${value.algorithm.name} key (its material cannot be exported)` };
  if (seen.has(value)) return '[repeated]';
  seen.add(value);
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [toJsonable(k, seen), toJsonable(v, seen)]);
  if (value instanceof Set || Array.isArray(value)) return [...value].map((v) => toJsonable(v, seen));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = toJsonable((value as Record<string, unknown>)[key], seen);
  return out;
}
