/** `--output text`: the CLI's tab-separated lines for a (possibly --query-reduced) result, as its user guide describes them and black-box runs showed. */
import { type Json, OutputError } from './output-values.ts';
import { pyStr, pyTypeName } from './python/repr.ts';
import { isPrintable } from './python/unicode.ts';
import { isDict, sortedPy } from './python/values.ts';

type Dict = { [key: string]: Json };

const isContainer = (value: Json): boolean => Array.isArray(value) || isDict(value);

/**
 * str.upper() as Python 3.11 does it: characters Unicode assigned after its
 * 14.0 (which it reads as unassigned, hence unprintable) keep their case.
 */
function pyUpper(text: string): string {
  let out = '';
  for (const ch of text) out += isPrintable(ch.codePointAt(0)!) ? ch.toUpperCase() : ch;
  return out;
}

/**
 * The lines, collected as rows of fields. A row that comes from under a key
 * starts with that key in capitals (the identifier), as in `KEYS\t…`.
 */
class Lines {
  readonly rows: string[][] = [];

  add(label: string | null, fields: string[]): void {
    this.rows.push(label === null ? fields : [pyUpper(label), ...fields]);
  }
}

/**
 * A dict: its scalars on one line in key order, then each container under
 * its own key. A list of scalars is one line at the top and one line per item
 * under a key; the lists in a list follow its scalars; a list holding any
 * dict is a list of records.
 */
function walk(lines: Lines, value: Json, label: string | null): void {
  if (isDict(value)) {
    const dict = value as Dict;
    const names = sortedPy(Object.keys(dict));
    const scalars = names.filter((name) => !isContainer(dict[name]!));
    if (scalars.length > 0) lines.add(label, scalars.map((name) => pyStr(dict[name])));
    for (const name of names) if (isContainer(dict[name]!)) walk(lines, dict[name]!, name);
    return;
  }
  if (!Array.isArray(value)) {
    lines.add(label, [pyStr(value)]);
    return;
  }
  if (value.some(isDict)) {
    walkRecords(lines, value, label);
    return;
  }
  const scalars = value.filter((item) => !Array.isArray(item)).map(pyStr);
  if (scalars.length > 0) {
    if (label === null) lines.add(null, scalars);
    else for (const scalar of scalars) lines.add(label, [scalar]);
  }
  for (const item of value) if (Array.isArray(item)) walk(lines, item, label);
}

/**
 * Records share their columns: every key that holds a scalar in any of them
 * (sorted), empty where a record lacks it. After each record's line come its
 * other containers under their own keys.
 */
function walkRecords(lines: Lines, records: Json[], label: string | null): void {
  const columns = new Set<string>();
  for (const record of records) {
    if (!isDict(record)) throw new OutputError(`'${pyTypeName(record)}' object has no attribute 'items'`);
    for (const [name, field] of Object.entries(record as Dict)) if (!isContainer(field)) columns.add(name);
  }
  const sorted = sortedPy(columns);
  for (const record of records as Dict[]) {
    if (sorted.length > 0) lines.add(label, sorted.map((name) => (Object.hasOwn(record, name) ? pyStr(record[name]) : '')));
    for (const name of sortedPy(Object.keys(record))) {
      if (!columns.has(name) && isContainer(record[name]!)) walk(lines, record[name]!, name);
    }
  }
}

/** The text output for a result, each line ending in a newline; '' when there is nothing to print. */
export function formatText(data: Json): string {
  const lines = new Lines();
  walk(lines, data, null);
  return lines.rows.map((fields) => `${fields.join('\t')}\n`).join('');
}
