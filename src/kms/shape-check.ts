/**
 * Small checks for data read back from storage, each naming the part it
 * refuses ("keys.3.creationDate: expected a valid date"). Hand-written rather
 * than a schema library: restoring a saved sandbox runs on every page load,
 * and these plain loops cost a fraction of a millisecond for 1,000 keys and
 * add nothing to the page's weight.
 */

/** A refused part: `path` names it (dotted, "root" for the whole), `problem` says what is wrong. */
export class ShapeError extends Error {
  override name = 'ShapeError';
  readonly path: string;
  readonly problem: string;
  constructor(path: string, problem: string) {
    super(`${path || 'root'}: ${problem}`);
    this.path = path || 'root';
    this.problem = problem;
  }
}

export function refuse(path: string, problem: string): never {
  throw new ShapeError(path, problem);
}

/** `${path}.${part}`, without a leading dot at the root. */
export function at(path: string, part: string | number): string {
  return path === '' ? String(part) : `${path}.${part}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  return typeof value === 'object' ? 'an object' : typeof value;
}

export function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) refuse(path, `expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) refuse(path, `expected an array, got ${describe(value)}`);
  return value;
}

export function text(value: unknown, path: string): string {
  if (typeof value !== 'string') refuse(path, `expected a string, got ${describe(value)}`);
  return value;
}

export function optionalText(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : text(value, path);
}

export function flag(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') refuse(path, `expected true or false, got ${describe(value)}`);
  return value;
}

export function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) refuse(path, `expected a finite number, got ${describe(value)}`);
  return value;
}

export function integer(value: unknown, path: string, min = Number.MIN_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) refuse(path, `expected an integer, got ${describe(value)}`);
  if (value < min) refuse(path, `expected an integer of at least ${min}, got ${value}`);
  return value;
}

export function optionalInteger(value: unknown, path: string, min?: number): number | undefined {
  return value === undefined ? undefined : integer(value, path, min);
}

/** A Date that holds a time (new Date(NaN) is a Date too). */
export function date(value: unknown, path: string): Date {
  if (!(value instanceof Date)) refuse(path, `expected a date, got ${describe(value)}`);
  if (Number.isNaN(value.getTime())) refuse(path, 'expected a valid date, got an invalid one');
  return value;
}

export function optionalDate(value: unknown, path: string): Date | undefined {
  return value === undefined ? undefined : date(value, path);
}

export function oneOf<const T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    refuse(path, `expected one of ${allowed.join(', ')}, got ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`);
  }
  return value as T;
}

export function optionalOneOf<const T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
  return value === undefined ? undefined : oneOf(value, path, allowed);
}

export function literal<const T extends string | number | boolean>(value: unknown, path: string, expected: T): T {
  if (value !== expected) refuse(path, `expected ${JSON.stringify(expected)}, got ${typeof value === 'object' ? describe(value) : JSON.stringify(value)}`);
  return expected;
}

/** An object of string values (an encryption context). */
export function textMap(value: unknown, path: string): Record<string, string> {
  const map = record(value, path);
  for (const key of Object.keys(map)) text(map[key], at(path, key));
  return map as Record<string, string>;
}

export function textList(value: unknown, path: string): string[] {
  const items = list(value, path);
  for (let i = 0; i < items.length; i++) text(items[i], at(path, i));
  return items as string[];
}
