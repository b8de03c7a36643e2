/** `--output table`: what goes in which section of the CLI's boxed table for a (possibly --query-reduced) result; output-table-layout.ts draws it. */
import { drawTable, type Section } from './output-table-layout.ts';
import { type Json, OutputError } from './output-values.ts';
import { displayWidth } from './output-width.ts';
import { pyStr, pyTypeName } from './python/repr.ts';
import { isDict, pyTruthy, sortedPy } from './python/values.ts';

type Dict = { [key: string]: Json };

const isContainer = (value: Json): boolean => Array.isArray(value) || isDict(value);

/**
 * A field name in a list of records. Records are dicts, but the CLI reads any
 * element as one, Python style: a list's "fields" are its items used as
 * indexes into it, so a name can be a number.
 */
type FieldName = string | number | boolean;

/**
 * The table being filled. Rows and headers go to the newest section, also
 * when a nested list adds to a table opened further up: the CLI keeps one
 * current section, and so do we. A section's rows must match its first row
 * in length, and a header may not have more names than the first header or
 * row that had any cells. Column widths keep the widest cell ever added,
 * even from a header that a later one replaced.
 */
class TableBuilder {
  readonly sections: Section[] = [];
  private current: Section | undefined;

  open(title: string, depth: number): void {
    this.current = { title, depth, header: null, rows: [], widths: [] };
    this.sections.push(this.current);
  }

  private measure(section: Section, cells: string[]): void {
    if (section.widths.length === 0) section.widths = cells.map(displayWidth);
    else cells.forEach((cell, i) => (section.widths[i] = Math.max(section.widths[i] ?? 0, displayWidth(cell))));
  }

  /** Sets (or replaces) the column names. */
  header(names: FieldName[]): void {
    const section = this.current;
    if (section === undefined) return;
    if (section.widths.length > 0 && names.length > section.widths.length) throw new OutputError('list index out of range');
    section.header = names.map(pyStr);
    this.measure(section, section.header);
  }

  row(cells: string[]): void {
    const section = this.current;
    if (section === undefined) return;
    const [first] = section.rows;
    if (first !== undefined && cells.length !== first.length) {
      throw new OutputError(`Row should have ${first.length} elements, instead it has ${cells.length}`);
    }
    section.rows.push(cells);
    this.measure(section, cells);
  }
}

/**
 * A table value in its own section: a dict's scalars as key/value rows (one)
 * or a one-row table (several), then its containers in sections one level
 * deeper; a list as described at addList; any other value as a bare title.
 */
function addValue(table: TableBuilder, value: Json, title: string, depth: number): void {
  if (isDict(value)) addDict(table, value as Dict, title, depth);
  else if (Array.isArray(value)) addList(table, value, title, depth);
  else table.open(title, depth);
}

function addDict(table: TableBuilder, dict: Dict, title: string, depth: number): void {
  table.open(title, depth);
  const names = sortedPy(Object.keys(dict));
  const scalars = names.filter((name) => !isContainer(dict[name]!));
  if (scalars.length === 1) table.row([scalars[0]!, pyStr(dict[scalars[0]!])]);
  else if (scalars.length > 1) {
    table.header(scalars);
    table.row(scalars.map((name) => pyStr(dict[name])));
  }
  for (const name of names) {
    const child = dict[name]!;
    if (isContainer(child) && pyTruthy(child)) addValue(table, child, name, depth + 1);
  }
}

/**
 * A list whose first item is a dict is a list of records; any other list is
 * a list of rows, where a list of scalars is one row, a scalar a row of one
 * cell, a dict a row of its keys, and a list holding containers is read again
 * as rows of the same table. `title` is null when a list nested in a list adds
 * to the table already open.
 */
function addList(table: TableBuilder, list: Json[], title: string | null, depth: number): void {
  if (list.length > 0 && isDict(list[0])) {
    addRecords(table, list, title, depth);
    return;
  }
  if (title !== null) table.open(title, depth);
  for (const item of list) {
    if (Array.isArray(item)) {
      // Read again from the outermost level: what it opens is not indented.
      if (item.some(isContainer)) addList(table, item, null, 0);
      else table.row(item.map((cell) => pyStr(cell)));
    } else if (isDict(item)) table.row(Object.keys(item));
    else table.row([pyStr(item)]);
  }
}

/** item[index] for a list read as a record: Python's rules for list indexes. */
function listItem(list: Json[], index: Json): Json {
  if (typeof index === 'boolean' || (typeof index === 'number' && Number.isInteger(index))) {
    const i = Number(index);
    // Python's list indexes are C integers.
    if (i >= 2 ** 63 || i < -(2 ** 63)) throw new OutputError("cannot fit 'int' into an index-sized integer");
    const at = i < 0 ? list.length + i : i;
    if (at < 0 || at >= list.length) throw new OutputError('list index out of range');
    return list[at]!;
  }
  throw new OutputError(`list indices must be integers or slices, not ${pyTypeName(index)}`);
}

/** A record's fields. Items that are not dicts fail as Python fails on them (or, for '' and [], hold nothing). */
function fieldsOf(item: Json): [FieldName, Json][] {
  if (isDict(item)) return Object.entries(item as Dict);
  if (Array.isArray(item)) return item.map((index) => [index as FieldName, listItem(item, index)]);
  if (typeof item === 'string') {
    if (item === '') return [];
    throw new OutputError("string indices must be integers, not 'str'");
  }
  throw new OutputError(`'${pyTypeName(item)}' object is not iterable`);
}

/** A set of field names with Python's equality (1 and True are one name). */
function addName(names: FieldName[], name: FieldName): void {
  const same = (a: FieldName, b: FieldName) => (typeof a === 'string' || typeof b === 'string' ? a === b : Number(a) === Number(b));
  if (!names.some((known) => same(known, name))) names.push(name);
}

/**
 * sorted() of field names. Names of different types cannot be ordered; which
 * pair Python reports depends on its per-run string hashing, so this one
 * names the pair in one fixed order.
 */
function sortNames(names: FieldName[]): FieldName[] {
  const strings = names.filter((n): n is string => typeof n === 'string');
  const others = names.filter((n) => typeof n !== 'string');
  if (strings.length > 0 && others.length > 0) {
    throw new OutputError(`'<' not supported between instances of 'str' and '${pyTypeName(others[0]!)}'`);
  }
  return strings.length > 0 ? sortedPy(strings) : [...others].sort((a, b) => Number(a) - Number(b));
}

/** record.get(name, '') for one cell. */
function cellOf(item: Json, name: FieldName): string {
  if (!isDict(item)) throw new OutputError(`'${pyTypeName(item)}' object has no attribute 'get'`);
  const dict = item as Dict;
  return typeof name === 'string' && Object.hasOwn(dict, name) ? pyStr(dict[name]) : '';
}

/** `name in item` for a container field, then the field itself. */
function nestedField(item: Json, name: FieldName): Json | undefined {
  if (isDict(item)) return typeof name === 'string' && Object.hasOwn(item as Dict, name) ? (item as Dict)[name] : undefined;
  if (typeof item === 'string' && name === '') throw new OutputError("string indices must be integers, not 'str'");
  return undefined;
}

/**
 * A list of records: the columns are every field that holds a scalar in some
 * record (sorted), one row per record. When some record also holds a
 * container, each record gets its own section (its row, then its containers
 * in sections one level deeper); otherwise the rows share one section.
 */
function addRecords(table: TableBuilder, records: Json[], title: string | null, depth: number): void {
  const scalarNames: FieldName[] = [];
  const containerNames: FieldName[] = [];
  for (const record of records) {
    for (const [name, value] of fieldsOf(record)) addName(isContainer(value) ? containerNames : scalarNames, name);
  }
  const columns = sortNames(scalarNames);
  const nested = sortNames(containerNames);
  if (nested.length === 0) {
    if (title !== null) table.open(title, depth);
    table.header(columns);
    for (const record of records) table.row(columns.map((name) => cellOf(record, name)));
    return;
  }
  records.forEach((record, i) => {
    // Each record after the first opens a section of its own, untitled in a list nested in a list.
    if (title !== null || i > 0) table.open(title ?? '', depth);
    table.header(columns);
    table.row(columns.map((name) => cellOf(record, name)));
    for (const name of nested) {
      const child = nestedField(record, name);
      if (child !== undefined && pyTruthy(child)) addValue(table, child, pyStr(name), depth + 1);
    }
  });
}

/**
 * The table for a result, titled with the operation name, exactly as the CLI
 * prints it to a pipe (no colour); '' for an empty or false result.
 */
export function formatTable(title: string, data: Json, terminalWidth: number): string {
  if (!pyTruthy(data)) return '';
  const table = new TableBuilder();
  addValue(table, data, title, 0);
  return drawTable(table.sections, terminalWidth);
}
