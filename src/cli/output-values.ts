/** The values the CLI formats: simulator responses turned into JSON-like data (its Python semantics live in ./python/). */
import { base64Encode } from '../kms/base64.ts';
import { isDict } from './python/values.ts';

/**
 * A formatter crashed where the Python one raises (odd `--query` results only).
 * The CLI prints `\n<message>\n` on stderr and exits 255.
 */
export class OutputError extends Error {
  readonly exitCode = 255;
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

// ---------------------------------------------------------------------------
// Values

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Dict = { [key: string]: Json };

/**
 * Turns a simulator response into the JSON-like value the CLI formats:
 * Uint8Array → base64 (botocore's blob handling), Date → cli_timestamp_format
 * iso8601 string; members that are undefined are absent.
 */
export function toCliValue(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return base64Encode(value);
  if (value instanceof Date) return formatTimestamp(value);
  if (Array.isArray(value)) return value.map(toCliValue);
  if (typeof value === 'object') {
    const out: Dict = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toCliValue(v);
    return out;
  }
  return String(value);
}

/**
 * The CLI's timestamp text: `datetime.isoformat()` of the parsed wire value,
 * microseconds only when non-zero (`2024-05-01T10:15:30+00:00`,
 * `2024-05-01T10:15:30.135000+00:00`). The simulator's clock is UTC.
 */
export function formatTimestamp(date: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  return `${base}${ms === 0 ? '' : `.${pad(ms * 1000, 6)}`}+00:00`;
}

export function isEmptyDict(value: Json): boolean {
  return isDict(value) && Object.keys(value).length === 0;
}

export function isScalar(value: Json): value is null | boolean | number | string {
  return value === null || typeof value !== 'object';
}
