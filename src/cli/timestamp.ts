/**
 * Timestamp input (`--valid-to`) as botocore reads it (utils.parse_to_aware_datetime):
 * epoch seconds as a number or numeric string, otherwise a date string
 * (dateutil is lenient; ISO 8601 and RFC 822-style dates are covered here).
 * Without a time zone the time is UTC, not local time.
 */
import { PyFloat } from './python/values.ts';

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
const PY_FLOAT = /^\s*[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?\s*$/;

export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value === 'boolean') return new Date(Number(value) * 1000);
  if (typeof value === 'number') return epoch(value);
  if (value instanceof PyFloat) return epoch(value.value);
  if (typeof value !== 'string') return undefined;
  if (PY_FLOAT.test(value)) return epoch(Number(value.replace(/_/g, '').trim()));
  const text = value.trim();
  const m = ISO.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
    const ms = Number(`0.${frac || '0'}`) * 1000;
    let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.floor(ms));
    if (zone && /^[+-]/.test(zone)) {
      const digits = zone.replace(':', '');
      const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0')) * (zone[0] === '-' ? -1 : 1);
      time -= offset * 60_000;
    }
    const date = new Date(time);
    return Number.isNaN(date.getTime()) || date.getUTCMonth() !== Number(mo) - 1 ? undefined : date;
  }
  // RFC 822 and friends: a zone-less date string is UTC, as botocore assumes.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const hasZone = /(?:GMT|UTC|Z|[+-]\d{4})\s*$/i.test(text);
  const parsed = Date.parse(hasZone ? text : `${text} UTC`);
  return Number.isNaN(parsed) ? undefined : new Date(parsed);
}

function epoch(seconds: number): Date | undefined {
  const date = new Date(seconds * 1000);
  return Number.isFinite(seconds) && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** The JSON protocol's request timestamp: whole epoch seconds (calendar.timegm of the time tuple). */
export function wireTimestamp(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
