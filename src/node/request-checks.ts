/**
 * What the endpoint asks of a request before the simulator sees it: a Host naming this machine's
 * loopback address (so a web page cannot reach the endpoint through DNS rebinding) and, for KMS
 * calls, the JSON 1.1 content type.
 */
import { JSON_CONTENT_TYPE } from '../kms/json-protocol.ts';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether a Host header names 127.0.0.1, localhost or [::1] with the endpoint's port (no port only for port 80). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const value = host.trim().toLowerCase();
  return LOOPBACK_NAMES.some((name) => value === `${name}:${port}` || (port === 80 && value === name));
}

/** The refusal's message: what was asked, what is answered, and why. */
export function hostRefusal(host: string | undefined, port: number): string {
  const named = host === undefined ? 'no Host header' : `the Host header '${host.slice(0, 200)}'`;
  return (
    `KMS Lab endpoint: this server answers requests addressed to 127.0.0.1:${port}, localhost:${port} or [::1]:${port}, ` +
    `and this one had ${named}. Other names are refused so that no web page can reach the endpoint through DNS rebinding.`
  );
}

/** Whether a Content-Type is JSON 1.1 (parameters such as charset allowed, case ignored). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]!.trim().toLowerCase() === JSON_CONTENT_TYPE;
}

/**
 * AWS's JSON front end, given a request whose content type is not its protocol's, cannot find
 * an operation in it: it answers 404 with this body (XML, not JSON), which clients report as
 * an unknown error with status 404.
 */
export const UNKNOWN_OPERATION_BODY = '<UnknownOperationException/>\n';
