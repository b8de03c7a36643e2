/**
 * Whole numbers with thousands separators ("10,000"), as the panels print
 * counts. Not toLocaleString: its first call builds an ICU number formatter,
 * which measured 24 ms on the main thread while a lesson's sandbox starts.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out ? `,${out}` : '');
  return n < 0 ? `-${out}` : out;
}
