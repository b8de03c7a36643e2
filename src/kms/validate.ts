import { API_MODEL } from './api-model.ts';
import type { ShapeDef } from './api-model-types.ts';
import { SerializationException, ValidationException } from './errors.ts';

/**
 * Checks a request against the API model the way the KMS front end does,
 * and words the failures as AWS does:
 *   1 validation error detected: Value '1025' at 'numberOfBytes' failed to
 *   satisfy constraint: Member must have value less than or equal to 1024
 * Member paths are camel-cased; list items are `name.N.member`; blobs and
 * sensitive values are never echoed.
 */
export function validateRequest(operation: string, input: Record<string, unknown>): void {
  const op = API_MODEL.operations[operation];
  if (!op?.input) return;
  const problems: string[] = [];
  checkStructure(API_MODEL.shapes[op.input]!, input, '', problems);
  if (problems.length > 0) {
    const n = problems.length;
    throw new ValidationException(`${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
  }
}

/**
 * AWS lists some enums in its messages in an order other than the model's;
 * where the order was recorded from AWS (kms-facts §5), use it.
 */
const ENUM_ORDER_IN_MESSAGES: Record<string, string[]> = {
  KeyUsageType: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'],
};

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** One structure member, looked up once: every call checks its request against the same few shapes. */
interface MemberPlan {
  member: string;
  shapeName: string;
  shape: ShapeDef;
  pathName: string;
  required: boolean;
}

const memberPlans = new WeakMap<ShapeDef, MemberPlan[]>();

function planOf(shape: ShapeDef): MemberPlan[] {
  let plan = memberPlans.get(shape);
  if (!plan) {
    plan = Object.entries(shape.members ?? {}).map(([member, shapeName]) => ({
      member,
      shapeName,
      shape: API_MODEL.shapes[shapeName]!,
      pathName: camel(member),
      required: shape.required?.includes(member) ?? false,
    }));
    memberPlans.set(shape, plan);
  }
  return plan;
}

function checkStructure(shape: ShapeDef, value: Record<string, unknown>, path: string, problems: string[]): void {
  for (const m of planOf(shape)) {
    const memberValue = value[m.member];
    if (memberValue === undefined || memberValue === null) {
      if (m.required) problems.push(`Value null at '${path ? `${path}.${m.pathName}` : m.pathName}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    checkValue(m.shape, memberValue, path ? `${path}.${m.pathName}` : m.pathName, problems, m.shapeName);
  }
}

/** Compiled model patterns, matched against the whole value as the service does. */
const wholePatterns = new Map<string, RegExp>();

function wholePattern(pattern: string): RegExp {
  let re = wholePatterns.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    wholePatterns.set(pattern, re);
  }
  return re;
}

function describe(shape: ShapeDef, value: unknown): string {
  if (shape.sensitive || shape.type === 'blob' || shape.type === 'list' || shape.type === 'map' || shape.type === 'structure') return 'Value';
  if (value instanceof Date) return `Value '${value.toISOString()}'`;
  return `Value '${String(value)}'`;
}

function fail(problems: string[], shape: ShapeDef, value: unknown, path: string, constraint: string): void {
  problems.push(`${describe(shape, value)} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
}

/** Values of the wrong JSON type never reach validation in AWS: the request cannot be read at all. */
function checkType(shape: ShapeDef, value: unknown): void {
  const ok =
    shape.type === 'string' ? typeof value === 'string'
    : shape.type === 'blob' ? value instanceof Uint8Array
    : shape.type === 'integer' || shape.type === 'long' ? Number.isSafeInteger(value)
    : shape.type === 'boolean' ? typeof value === 'boolean'
    : shape.type === 'timestamp' ? value instanceof Date && !Number.isNaN(value.getTime())
    : shape.type === 'list' ? Array.isArray(value)
    : shape.type === 'map' || shape.type === 'structure' ? typeof value === 'object' && value !== null && !Array.isArray(value)
    : true;
  if (!ok) throw new SerializationException('');
}

function checkValue(shape: ShapeDef, value: unknown, path: string, problems: string[], shapeName = ''): void {
  checkType(shape, value);
  switch (shape.type) {
    case 'string': {
      const s = String(value);
      if (shape.enum && !shape.enum.includes(s)) {
        const values = ENUM_ORDER_IN_MESSAGES[shapeName] ?? shape.enum;
        fail(problems, shape, s, path, `satisfy enum value set: [${values.join(', ')}]`);
        return;
      }
      checkLength(shape, s, s.length, path, problems);
      if (shape.pattern && !wholePattern(shape.pattern).test(s)) {
        fail(problems, shape, s, path, `satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    }
    case 'blob':
      checkLength(shape, value, (value as Uint8Array).length, path, problems);
      return;
    case 'integer':
    case 'long': {
      const n = Number(value);
      if (shape.min !== undefined && n < shape.min) fail(problems, shape, n, path, `have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && n > shape.max) fail(problems, shape, n, path, `have value less than or equal to ${shape.max}`);
      return;
    }
    case 'list': {
      const items = value as unknown[];
      checkLength(shape, items, items.length, path, problems);
      const itemShape = API_MODEL.shapes[shape.member!]!;
      items.forEach((item, i) => checkValue(itemShape, item, `${path}.${i + 1}.member`, problems, shape.member));
      return;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(shape, value, entries.length, path, problems);
      const keyShape = API_MODEL.shapes[shape.key!]!;
      const valueShape = API_MODEL.shapes[shape.value!]!;
      for (const [k, v] of entries) {
        checkValue(keyShape, k, `${path}.key`, problems, shape.key);
        checkValue(valueShape, v, `${path}.${k}.value`, problems, shape.value);
      }
      return;
    }
    case 'structure':
      checkStructure(shape, value as Record<string, unknown>, path, problems);
      return;
    default:
      return;
  }
}

function checkLength(shape: ShapeDef, value: unknown, length: number, path: string, problems: string[]): void {
  if (shape.min !== undefined && length < shape.min) fail(problems, shape, value, path, `have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) fail(problems, shape, value, path, `have length less than or equal to ${shape.max}`);
}
