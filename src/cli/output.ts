/**
 * What AWS CLI v2 (2.9.19) prints on stdout for a response, in each
 * `--output` format. Each formatter is KMS Lab's own, written from the CLI's
 * documented output formats and black-box runs of the real CLI (the tests
 * compare every format with it byte for byte):
 *
 * - json: four-space indentation, non-ASCII kept as it is (./python/json.ts)
 * - text: ./output-text.ts
 * - table: ./output-table.ts, printed as to a pipe (no colour, width 80 unless given)
 * - yaml, yaml-stream: ./output-yaml.ts, a small emitter of our own
 *
 * json and text are here from the start; table and yaml are fetched the first
 * time they are asked for (loadFormatter), as few commands use them.
 *
 * Python semantics matter in the details (str() of True/None, float repr,
 * sorting by code point, banker's rounding, east-asian display width), so
 * the Python semantics they share live in ./python/.
 */
import { formatText } from './output-text.ts';
import { isEmptyDict, toCliValue, type Json } from './output-values.ts';
import { pyJsonDumps } from './python/json.ts';

export { formatTimestamp, OutputError, toCliValue } from './output-values.ts';

export type OutputFormat = 'json' | 'text' | 'table' | 'yaml' | 'yaml-stream';

export interface FormatOptions {
  format: OutputFormat;
  /** The operation's API name (`DescribeKey`): the table format's title. */
  operationName: string;
  /** Width the table format fits to; the CLI uses 80 when stdout is not a terminal. */
  terminalWidth?: number;
}

type Formatter = (value: Json, options: FormatOptions) => string;

const formatters: Partial<Record<OutputFormat, Formatter>> = {
  // The CLI skips only an empty dict ({} from operations without output).
  json: (value) => (isEmptyDict(value) ? '' : `${pyJsonDumps(value, { indent: 4, ensureAscii: false })}\n`),
  text: (value) => formatText(value),
};

/** Fetches a format's formatter if it is not here yet (table, yaml, yaml-stream); formatOutput needs it. */
export async function loadFormatter(format: OutputFormat): Promise<void> {
  if (formatters[format]) return;
  if (format === 'table') {
    const { formatTable } = await import('./output-table.ts');
    formatters.table = (value, options) => formatTable(options.operationName, value, options.terminalWidth ?? 80);
    return;
  }
  const { yamlDump } = await import('./output-yaml.ts');
  formatters.yaml = (value) => (isEmptyDict(value) ? '' : yamlDump(value));
  // Each response is written as a one-item list (one item per page).
  formatters['yaml-stream'] = (value) => (isEmptyDict(value) ? '' : yamlDump([value]));
}

/**
 * Formats a (possibly --query-reduced) result exactly as the CLI writes it to
 * stdout, including the final newline; '' where the CLI prints nothing.
 * For table and yaml, loadFormatter must have fetched the formatter.
 */
export function formatOutput(result: unknown, options: FormatOptions): string {
  const formatter = formatters[options.format];
  if (!formatter) throw new Error(`The ${options.format} formatter is not loaded: await loadFormatter('${options.format}') first.`);
  return formatter(toCliValue(result), options);
}
