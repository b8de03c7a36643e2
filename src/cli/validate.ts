/**
 * botocore's client-side parameter validation (botocore/validate.py): types,
 * required members, unknown members, and the *minimum* length or value —
 * maxima, enums and patterns are the service's business. The CLI prints the
 * report as `Parameter validation failed:\n<one line per problem>` (exit 252).
 */
import { API_MODEL } from '../kms/api-model.ts';
import type { ShapeDef } from '../kms/api-model-types.ts';
import { parseTimestamp } from './timestamp.ts';
import { pyStr, pyTypeRepr } from './python/repr.ts';
import { isDict, isPyInt, PyFloat, type PyValue } from './python/values.ts';

const VALID_TYPES: Record<string, string[]> = {
  structure: ["<class 'dict'>"],
  map: ["<class 'dict'>"],
  list: ["<class 'list'>", "<class 'tuple'>"],
  string: ["<class 'str'>"],
  integer: ["<class 'int'>"],
  long: ["<class 'int'>"],
  boolean: ["<class 'bool'>"],
  double: ["<class 'float'>", "<class 'decimal.Decimal'>", "<class 'int'>"],
  float: ["<class 'float'>", "<class 'decimal.Decimal'>", "<class 'int'>"],
  blob: ["<class 'bytes'>", "<class 'bytearray'>", 'file-like object'],
  timestamp: ["<class 'datetime.datetime'>", 'timestamp-string'],
};

/** Where a shape is looked up: KMS shapes by name, or an inline shape table (STS). */
export type ShapeTable = Record<string, ShapeDef>;

/** Returns the report lines; empty when the parameters pass. */
export function validateParams(params: PyValue, shapeName: string, shapes: ShapeTable = API_MODEL.shapes): string[] {
  const errors: string[] = [];
  const label = (name: string) => (name === '' ? 'input' : name.startsWith('.') ? name.slice(1) : name);
  const invalidType = (name: string, value: unknown, type: string) =>
    errors.push(`Invalid type for parameter ${label(name)}, value: ${pyStr(value)}, type: ${pyTypeRepr(value)}, valid types: ${VALID_TYPES[type]!.join(', ')}`);
  const rangeCheck = (name: string, value: number, shape: ShapeDef, kind: 'length' | 'value') => {
    if (shape.min !== undefined && value < shape.min) {
      errors.push(`Invalid ${kind === 'length' ? 'length' : 'value'} for parameter ${label(name)}, value: ${value}, valid min ${kind}: ${shape.min}`);
    }
  };

  const check = (value: unknown, name: string, shapeName: string): void => {
    const shape = shapes[shapeName]!;
    switch (shape.type) {
      case 'structure': {
        if (!isDict(value)) return void invalidType(name, value, 'structure');
        for (const required of shape.required ?? []) {
          if (!Object.hasOwn(value, required)) errors.push(`Missing required parameter in ${label(name)}: "${required}"`);
        }
        const members = shape.members ?? {};
        const known: string[] = [];
        for (const key of Object.keys(value)) {
          if (Object.hasOwn(members, key)) known.push(key);
          else errors.push(`Unknown parameter in ${label(name)}: "${key}", must be one of: ${Object.keys(members).join(', ')}`);
        }
        for (const key of known) check(value[key], `${name}.${key}`, members[key]!);
        return;
      }
      case 'string':
        if (typeof value !== 'string') return void invalidType(name, value, 'string');
        rangeCheck(name, [...value].length, shape, 'length');
        return;
      case 'list':
        if (!Array.isArray(value)) return void invalidType(name, value, 'list');
        rangeCheck(name, value.length, shape, 'length');
        value.forEach((item: unknown, i) => check(item, `${name}[${i}]`, shape.member!));
        return;
      case 'map':
        if (!isDict(value)) return void invalidType(name, value, 'map');
        for (const [k, v] of Object.entries(value)) {
          check(k, `${name} (key: ${k})`, shape.key!);
          check(v, `${name}.${k}`, shape.value!);
        }
        return;
      case 'integer':
      case 'long':
        if (!isPyInt(value)) return void invalidType(name, value, shape.type);
        rangeCheck(name, Number(value), shape, 'value');
        return;
      case 'double':
      case 'float':
        if (!isPyInt(value) && !(value instanceof PyFloat)) return void invalidType(name, value, shape.type);
        rangeCheck(name, value instanceof PyFloat ? value.value : Number(value), shape, 'value');
        return;
      case 'boolean':
        if (typeof value !== 'boolean') invalidType(name, value, 'boolean');
        return;
      case 'blob':
        if (!(value instanceof Uint8Array) && typeof value !== 'string') invalidType(name, value, 'blob');
        return;
      case 'timestamp':
        if (parseTimestamp(value) === undefined) invalidType(name, value, 'timestamp');
        return;
    }
  };

  check(params, '', shapeName);
  return errors;
}
