/**
 * The benchmark's table: each figure beside its limit, per state size, so a
 * reader (and the closing note) can see at once what passes.
 */

export interface Row {
  /** e.g. "Enter → output: echo hi, median" */
  figure: string;
  /** e.g. "fresh", "1,000 keys + 10,000 events" */
  state: string;
  measured: number;
  unit: 'ms' | 'KB' | '%' | 'score' | 'B';
  /** Pass when measured ≤ limit (or ≥ for scores); undefined: reported only. */
  limit?: number;
  /** Shown after the figure, e.g. how it was measured or what was left out. */
  note?: string;
}

export function passes(row: Row): boolean | undefined {
  if (row.limit === undefined || Number.isNaN(row.measured)) return row.limit === undefined ? undefined : false;
  return row.unit === 'score' ? row.measured >= row.limit : row.measured <= row.limit;
}

function format(value: number, unit: Row['unit']): string {
  if (Number.isNaN(value)) return 'n/a';
  if (unit === 'score') return value.toFixed(0);
  if (unit === 'KB') return `${value.toFixed(1)} KB`;
  if (unit === '%') return `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;
  if (unit === 'B') return `${(value / 1_048_576).toFixed(1)} MB`;
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

function limitText(row: Row): string {
  if (row.limit === undefined) return '—';
  const sign = row.unit === 'score' ? '≥' : '≤';
  return `${sign} ${format(row.limit, row.unit)}`;
}

/** A plain-text table (Markdown-compatible, so it can be pasted into a closing note). */
export function table(rows: readonly Row[]): string {
  const head = ['figure', 'state', 'measured', 'limit', 'result'];
  const body = rows.map((row) => {
    const ok = passes(row);
    return [row.figure + (row.note ? ` (${row.note})` : ''), row.state, format(row.measured, row.unit), limitText(row), ok === undefined ? '' : ok ? 'pass' : 'FAIL'];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
