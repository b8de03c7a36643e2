/** The CLI's values as Python holds them, and the Python rules about them that are not about text: truth, int-ness, key order. */

/**
 * A float that JS cannot tell from an int: `1.0` read from JSON, a `double`
 * parameter. A plain JS number counts as an int when it is integral and as a
 * float otherwise, so only integral floats (and NaN/inf) need this wrapper.
 */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** str, int, bool, float, bytes, None, list, dict. */
export type PyValue = string | number | boolean | PyFloat | Uint8Array | null | PyValue[] | PyDict;
export interface PyDict {
  [key: string]: PyValue;
}

// json.loads(object_pairs_hook=OrderedDict) gives OrderedDicts, whose repr and
// type name differ from dict's; the mark rides beside the object, not in it.
const orderedDicts = new WeakSet<object>();

/** Marks a dict as an OrderedDict; returns it. */
export function markOrdered<T extends object>(dict: T): T {
  orderedDicts.add(dict);
  return dict;
}

export function isOrdered(dict: object): boolean {
  return orderedDicts.has(dict);
}

/** A dict: any plain object that is not one of the other kinds above. */
export function isDict(value: unknown): value is PyDict {
  if (typeof value !== 'object' || value === null) return false;
  return !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof PyFloat) && !(value instanceof Date);
}

/** isinstance(value, int): True and False are ints as well. */
export function isPyInt(value: unknown): value is number | boolean {
  return typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value));
}

/** bool(value): empty containers, zeros and None are false; NaN is true. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0;
    case 'string':
      return value.length > 0;
  }
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value) || value instanceof Uint8Array) return value.length > 0;
  return Object.keys(value).length > 0;
}

/**
 * The order of Python's `<` on two str: code point by code point. JS's own
 * comparison goes by UTF-16 unit, which puts U+10000 and above before U+E000.
 */
export function comparePy(a: string, b: string): number {
  if (a === b) return 0;
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    if (x.value !== y.value) return x.value.codePointAt(0)! - y.value.codePointAt(0)!;
  }
}

/** sorted(strings). */
export function sortedPy(strings: Iterable<string>): string[] {
  return [...strings].sort(comparePy);
}
