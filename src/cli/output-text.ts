/** `--output text`: a port of awscli/text.py. */
import { type Dict, isScalar, type Json, OutputError } from './output-values.ts';
import { pyStr, pyTypeName } from './python/repr.ts';
import { isDict, sortedPy } from './python/values.ts';

// ---------------------------------------------------------------------------
// text: awscli/text.py

export function formatText(data: Json): string {
  const out: string[] = [];
  formatTextItem(data, out, null, null);
  return out.join('');
}

export function formatTextItem(item: Json, out: string[], identifier: string | null, scalarKeys: string[] | null): void {
  if (Array.isArray(item)) formatTextList(item, out, identifier);
  else if (isDict(item)) formatTextDict(scalarKeys, item, identifier, out);
  else out.push(`${pyStr(item)}\n`);
}

export function formatTextList(item: Json[], out: string[], identifier: string | null): void {
  if (item.length === 0) return;
  if (item.some(isDict)) {
    const allKeys = allScalarKeys(item);
    for (const element of item) formatTextItem(element, out, identifier, allKeys);
  } else if (item.some(Array.isArray)) {
    const scalars = item.filter((el) => !Array.isArray(el) && !isDict(el));
    const nonScalars = item.filter((el) => Array.isArray(el) || isDict(el));
    if (scalars.length > 0) formatScalarList(scalars, out, identifier);
    for (const nonScalar of nonScalars) formatTextItem(nonScalar, out, identifier, null);
  } else {
    formatScalarList(item, out, identifier);
  }
}

export function formatScalarList(elements: Json[], out: string[], identifier: string | null): void {
  if (identifier !== null) {
    for (const item of elements) out.push(`${identifier.toUpperCase()}\t${pyStr(item)}\n`);
  } else {
    out.push(`${elements.map(pyStr).join('\t')}\n`);
  }
}

export function formatTextDict(scalarKeys: string[] | null, item: Dict, identifier: string | null, out: string[]): void {
  const scalars: string[] = [];
  const nonScalars: [string, Json][] = [];
  if (scalarKeys === null) {
    for (const key of sortedPy(Object.keys(item))) {
      const value = item[key] ?? null;
      if (isScalar(value)) scalars.push(pyStr(value));
      else nonScalars.push([key, value]);
    }
  } else {
    // Every row of a list of dicts has a column for each scalar key seen in any row.
    for (const key of scalarKeys) scalars.push(Object.hasOwn(item, key) ? pyStr(item[key]) : '');
    const scalarSet = new Set(scalarKeys);
    for (const key of sortedPy(Object.keys(item).filter((k) => !scalarSet.has(k)))) nonScalars.push([key, item[key] ?? null]);
  }
  if (scalars.length > 0) {
    if (identifier !== null) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [newIdentifier, nonScalar] of nonScalars) formatTextItem(nonScalar, out, newIdentifier, null);
}

export function allScalarKeys(listOfDicts: Json[]): string[] {
  const seen = new Set<string>();
  for (const element of listOfDicts) {
    // Python calls .items() on every element; a scalar in the list crashes it.
    if (!isDict(element)) throw new OutputError(`'${pyTypeName(element)}' object has no attribute 'items'`);
    for (const [key, value] of Object.entries(element)) if (isScalar(value)) seen.add(key);
  }
  return sortedPy(seen);
}
