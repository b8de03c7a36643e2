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

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

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

function convert(shape: ShapeDef, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const member = shape.members?.[k];
        // Members the model does not know are ignored, as the service ignores them.
        if (member !== undefined) out[k] = convert(API_MODEL.shapes[member]!, v);
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => convert(API_MODEL.shapes[shape.member!]!, v)) : value;
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const valueShape = API_MODEL.shapes[shape.value!]!;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(valueShape, v)]));
    }
    case 'blob': {
      if (typeof value !== 'string' || !STRICT_BASE64.test(value)) throw new SerializationException();
      return base64Decode(value);
    }
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new SerializationException();
      return new Date(value * 1000);
    default:
      return value;
  }
}
