/**
 * KMS's JSON 1.1 protocol in front of the simulator: `X-Amz-Target:
 * TrentService.<Operation>` selects the operation, the body is the request in
 * wire form, and errors come back as `{"__type", "message"}` with the HTTP
 * status AWS uses. Pure TypeScript: the Node endpoint only adds sockets.
 */
import { API_MODEL } from './api-model.ts';
import { KmsError } from './errors.ts';
import { OPERATIONS, type Kms } from './kms.ts';
import { fromWire, toWire } from './wire.ts';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'TrentService.';

export interface JsonResponse {
  status: number;
  /** Empty for operations without output, as KMS sends them. */
  body: string;
}

function error(status: number, type: string, message?: string): JsonResponse {
  return { status, body: JSON.stringify(message === undefined ? { __type: type } : { __type: type, message }) };
}

/** Runs one request on `kms`, as the caller `kms` currently has. */
export async function handleJsonRequest(kms: Kms, target: string | undefined, body: string): Promise<JsonResponse> {
  const operation = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  if (operation === undefined || !Object.hasOwn(API_MODEL.operations, operation)) return error(400, 'UnknownOperationException');
  if (!Object.hasOwn(OPERATIONS, operation)) {
    return error(400, 'UnsupportedOperationException', `KMS Lab: the simulator does not implement ${operation}.`);
  }
  let input: unknown;
  try {
    input = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    return error(400, 'SerializationException');
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return error(400, 'SerializationException');
  const method = OPERATIONS[operation as keyof typeof OPERATIONS];
  try {
    const call = fromWire(API_MODEL.operations[operation]!.input, input);
    const result = await (kms[method] as (input: unknown) => Promise<unknown>).call(kms, call);
    return { status: 200, body: result === undefined ? '' : JSON.stringify(toWire(result)) };
  } catch (e) {
    if (e instanceof KmsError) return error(e.status, e.name, e.message || undefined);
    // A bug in the simulator: answer as the service does for its own faults.
    return error(500, 'KMSInternalException', e instanceof Error ? e.message : String(e));
  }
}
