/**
 * The KMS JSON 1.1 wire format: blobs travel as base64 strings, timestamps as
 * epoch seconds. The simulator's methods take and return bytes and Dates, so
 * the local endpoint converts on the way in and out, and `--debug` shows what
 * the wire would carry.
 */
import { API_MODEL } from './api-model.ts';
import type { ShapeDef } from './api-model-types.ts';
import { base64Decode, base64Encode } from './base64.ts';
import { SerializationException } from './errors.ts';

/** One bit per ASCII code: the 64 characters of the base64 alphabet. */
const ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') ALPHABET[c.charCodeAt(0)] = 1;

/**
 * Canonical padded base64, checked in one pass (a RegExp with a repeated group runs out of
 * stack on long input): groups of four, `=` only as the last one or two characters.
 */
export function isStrictBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const end = text.length - padding;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || ALPHABET[code] === 0) return false;
  }
  return true;
}

/** A response (or any value) as the wire carries it; undefined members are left out. */
export function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return base64Encode(value);
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/**
 * A request body read from the wire into what the simulator's method takes.
 * Blob and timestamp members of the wrong form are SerializationExceptions, as
 * AWS's JSON front end answers them; other type checks are the simulator's.
 */
export function fromWire(shapeName: string | undefined, value: unknown): unknown {
  if (shapeName === undefined) return {};
  return convert(API_MODEL.shapes[shapeName]!, value);
}

/**
 * A JSON null reads as an absent member, list item or map entry, as AWS's JSON deserializers
 * read it (a required member sent as null then fails validation as "Value null"). Members the
 * model does not know are ignored, as the service ignores them: looked up as own properties
 * only, so `constructor` or `__proto__` are unknown names like any other.
 */
function convert(shape: ShapeDef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const members = shape.members ?? {};
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (!Object.hasOwn(members, k) || v === null) continue;
        out[k] = convert(API_MODEL.shapes[members[k]!]!, v);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return value;
      const itemShape = API_MODEL.shapes[shape.member!]!;
      return value.filter((v) => v !== null).map((v) => convert(itemShape, v));
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const valueShape = API_MODEL.shapes[shape.value!]!;
      return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, convert(valueShape, v)]));
    }
    case 'blob': {
      if (typeof value !== 'string' || !isStrictBase64(value)) throw new SerializationException();
      return base64Decode(value);
    }
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new SerializationException();
      return new Date(value * 1000);
    default:
      return value;
  }
}
