/**
 * `--debug`: the real CLI logs its whole machinery; KMS Lab shows the part
 * worth learning from — each request and response as it would travel over
 * the wire (KMS speaks JSON 1.1: blobs as base64, timestamps as epoch
 * seconds; STS answers in XML).
 */
import { base64Encode } from '../kms/base64.ts';
import type { Principal } from '../kms/principals.ts';
import { pyJsonDumps } from './py-json.ts';
import { callerIdentityXml } from './sts.ts';

const TAG = '[KMS Lab --debug]';

/** A response value as the wire carries it. */
function wireValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return base64Encode(value);
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(wireValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = wireValue(v);
    return out;
  }
  return value;
}

const json = (value: unknown) => pyJsonDumps(value, { indent: 2, ensureAscii: false });

export function debugRequest(service: 'kms' | 'sts', operation: string, wire: unknown, profile: string, principal: Principal, region: string, n: number): string {
  const header = `${TAG} request ${n}: ${operation}, signed as ${principal.arn} (profile ${profile})\n`;
  if (service === 'sts') {
    return `${header}POST / HTTP/1.1\nHost: sts.amazonaws.com\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\n\nAction=${operation}&Version=2011-06-15\n\n`;
  }
  return (
    `${header}POST / HTTP/1.1\nHost: kms.${region}.amazonaws.com\nX-Amz-Target: TrentService.${operation}\n` +
    `Content-Type: application/x-amz-json-1.1\n\n${json(wire)}\n\n`
  );
}

export function debugResponse(service: 'kms' | 'sts', body: unknown, n: number, status = 200): string {
  const reason: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 412: 'Precondition Failed', 500: 'Internal Server Error' };
  const head = `${TAG} response ${n}: HTTP/1.1 ${status} ${reason[status] ?? ''}`.trimEnd();
  if (service === 'sts') return `${head}\nContent-Type: text/xml\n\n${callerIdentityXml(body as { UserId: string; Account: string; Arn: string })}\n\n`;
  return `${head}\nContent-Type: application/x-amz-json-1.1\n\n${json(wireValue(body))}\n\n`;
}
