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
 * Python semantics matter in the details (str() of True/None, float repr,
 * sorting by code point, banker's rounding, east-asian display width), so
 * the Python semantics they share live in ./python/.
 */
import { formatTable } from './output-table.ts';
import { formatText } from './output-text.ts';
import { isEmptyDict, toCliValue } from './output-values.ts';
import { pyJsonDumps } from './python/json.ts';
import { yamlDump } from './output-yaml.ts';

export { formatTimestamp, OutputError, toCliValue } from './output-values.ts';

export type OutputFormat = 'json' | 'text' | 'table' | 'yaml' | 'yaml-stream';

export interface FormatOptions {
  format: OutputFormat;
  /** The operation's API name (`DescribeKey`): the table format's title. */
  operationName: string;
  /** Width the table format fits to; the CLI uses 80 when stdout is not a terminal. */
  terminalWidth?: number;
}

/**
 * Formats a (possibly --query-reduced) result exactly as the CLI writes it to
 * stdout, including the final newline; '' where the CLI prints nothing.
 */
export function formatOutput(result: unknown, options: FormatOptions): string {
  const value = toCliValue(result);
  switch (options.format) {
    case 'json':
      // The CLI skips only an empty dict ({} from operations without output).
      return isEmptyDict(value) ? '' : `${pyJsonDumps(value, { indent: 4, ensureAscii: false })}\n`;
    case 'text':
      return formatText(value);
    case 'table':
      return formatTable(options.operationName, value, options.terminalWidth ?? 80);
    case 'yaml':
      return isEmptyDict(value) ? '' : yamlDump(value);
    case 'yaml-stream':
      // Each response is written as a one-item list (one item per page).
      return isEmptyDict(value) ? '' : yamlDump([value]);
  }
}
