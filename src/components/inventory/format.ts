/**
 * Text formatting shared by the key inventory and the audit log. Pure
 * functions, no React: the panels stay thin and these are unit-tested.
 */

/**
 * `YYYY-MM-DD HH:MM:SS` in UTC. KMS and CloudTrail speak UTC, and the
 * simulated clock jumps years ahead, so a local time zone would only confuse.
 * Returns the input unchanged when it is not a date (a damaged event).
 */
export function formatUtc(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** The machine-readable form for `<time dateTime>`: ISO 8601 without milliseconds. */
export function isoUtc(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Shortens the middle of a long identifier so both ends stay recognisable
 * (`e08cad…cbc3e7`): learners compare key IDs by their first and last
 * characters. The result is at most `max` characters including the ellipsis.
 */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…';
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  return `${text.slice(0, head)}…${tail > 0 ? text.slice(-tail) : ''}`;
}

/**
 * Indented JSON for reading. Key policies arrive as text in whatever layout
 * the learner typed (often one line); anything that does not parse is shown
 * exactly as stored rather than hidden.
 */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value) as unknown, null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}
