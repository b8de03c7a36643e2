/**
 * `--debug`: the real CLI logs its whole machinery; KMS Lab shows the part
 * worth learning from — each request and response as it would travel over
 * the wire (KMS speaks JSON 1.1: blobs as base64, timestamps as epoch
 * seconds; STS answers in XML).
 */
import type { Principal } from '../kms/principals.ts';
import { toWire } from '../kms/wire.ts';
import { pyJsonDumps } from './python/json.ts';
import { callerIdentityXml } from './sts.ts';

const TAG = '[KMS Lab --debug]';

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
  return `${head}\nContent-Type: application/x-amz-json-1.1\n\n${json(toWire(body))}\n\n`;
}
