/**
 * The simulator behind a real HTTP socket on 127.0.0.1, so that clients this
 * project did not write (the AWS CLI, the AWS SDKs) can talk to it. KMS speaks
 * JSON 1.1; `aws sts get-caller-identity` (Query protocol) is answered too.
 * SigV4 signatures are read for the access key ID only, never verified.
 *
 * Every request's body is read in full, each on its own, before the request
 * joins the one queue the simulator works through, and every stage has a time
 * limit: a client that stalls or vanishes mid-request costs only its own
 * connection, never another client's answer.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { callerIdentity, callerIdentityXml } from '../cli/sts.ts';
import { handleJsonRequest, JSON_CONTENT_TYPE } from '../kms/json-protocol.ts';
import type { Kms } from '../kms/kms.ts';
import { hostAllowed, hostRefusal, isJsonContentType, UNKNOWN_OPERATION_BODY } from './request-checks.ts';

export const DEFAULT_PORT = 4599;
/** Requests larger than this are refused: KMS's own limits are far below it. */
const MAX_BODY = 1024 * 1024;

/** How long a client may take, in milliseconds; generous for a person at a terminal, short for a stuck client. */
export interface ServerTimeouts {
  /** From connecting (or the previous response) to the end of the request headers. */
  headers: number;
  /** For the whole request, headers and body. */
  request: number;
  /** Without a byte either way, on an open connection (a half-sent body, an idle keep-alive). */
  idle: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = { headers: 10_000, request: 30_000, idle: 10_000 };

export interface KmsServer {
  readonly url: string;
  readonly port: number;
  /** The simulator being served (tests advance its clock). */
  readonly kms: Kms;
  close(): Promise<void>;
}

/** The access key ID of a SigV4 `Authorization` header, if there is one. */
export function accessKeyId(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/**
 * Which simulated principal signs: an access key ID equal to a principal's name
 * (`admin`, `app`, `auditor`, `root`, any case) picks it; any other key is the root.
 */
export function principalFor(kms: Kms, key: string | undefined): string {
  const wanted = key?.toLowerCase();
  return kms.principals().find((p) => p.name === wanted)?.name ?? 'root';
}

type Body = { ok: true; text: string } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false };

/**
 * The whole body, or why there is none: too large (said at once, without reading the rest), or the
 * client went away before sending it all. Never rejects, so a broken client cannot leave a request half-handled.
 */
function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: Body): void => {
      if (settled) return;
      settled = true;
      resolve(body);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.pause();
        settle({ ok: false, tooLarge: true });
      } else chunks.push(chunk);
    });
    req.on('end', () => settle({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => settle({ ok: false, tooLarge: false }));
    req.on('close', () => settle(req.complete ? { ok: true, text: Buffer.concat(chunks).toString('utf8') } : { ok: false, tooLarge: false }));
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string, close = false): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': randomUUID(),
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(body);
}

const jsonError = (type: string, message: string): string => JSON.stringify({ __type: type, message });

/** What a request asks of the simulator, once everything that needs no simulator has been checked. */
type Work = { kind: 'sts'; authorization: string } | { kind: 'json'; authorization: string; target: string | undefined; body: string };

/** Reads and checks one request; undefined when it has been answered (or its client is gone) already. */
async function accept(req: IncomingMessage, res: ServerResponse, port: number): Promise<Work | undefined> {
  if (!hostAllowed(req.headers.host, port)) {
    send(res, 421, JSON_CONTENT_TYPE, jsonError('MisdirectedRequest', hostRefusal(req.headers.host, port)), true);
    return undefined;
  }
  if (req.method !== 'POST') {
    send(res, 405, 'text/plain', 'KMS Lab endpoint: POST KMS JSON 1.1 requests to /\n');
    return undefined;
  }
  const body = await readBody(req);
  if (!body.ok) {
    if (body.tooLarge) {
      send(res, 413, JSON_CONTENT_TYPE, jsonError('SerializationException', 'Request body too large'), true);
      res.once('finish', () => req.destroy());
    } else res.destroy();
    return undefined;
  }
  const authorization = req.headers.authorization;
  if (authorization === undefined) {
    send(res, 400, JSON_CONTENT_TYPE, jsonError('MissingAuthenticationTokenException', 'Missing Authentication Token'));
    return undefined;
  }
  const target = req.headers['x-amz-target'];
  if (target === undefined && new URLSearchParams(body.text).get('Action') === 'GetCallerIdentity') return { kind: 'sts', authorization };
  if (!isJsonContentType(req.headers['content-type'])) {
    // What AWS's JSON front end answers for a body it cannot take as JSON 1.1.
    send(res, 404, 'application/xml', UNKNOWN_OPERATION_BODY);
    return undefined;
  }
  return { kind: 'json', authorization, target: Array.isArray(target) ? target[0] : target, body: body.text };
}

/** Runs a checked request on the simulator: one at a time, as the caller is per-request state. */
async function perform(kms: Kms, work: Work, res: ServerResponse): Promise<void> {
  kms.setCaller(principalFor(kms, accessKeyId(work.authorization)));
  if (work.kind === 'sts') {
    const principal = kms.principals().find((p) => p.name === kms.caller.name)!;
    const xml = callerIdentityXml(callerIdentity(principal, kms.account.accountId));
    const withMetadata = xml.replace('</GetCallerIdentityResponse>', `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>`);
    send(res, 200, 'text/xml', withMetadata);
    return;
  }
  const response = await handleJsonRequest(kms, work.target, work.body);
  send(res, response.status, JSON_CONTENT_TYPE, response.body);
}

/**
 * Serves `kms` on 127.0.0.1:`port` (0 picks a free port). Bodies are read side by side; the
 * simulator then answers the requests one at a time, in the order their bodies arrived.
 */
export function startKmsServer(kms: Kms, port = DEFAULT_PORT, timeouts: Partial<ServerTimeouts> = {}): Promise<KmsServer> {
  const limits = { ...DEFAULT_TIMEOUTS, ...timeouts };
  let queue: Promise<void> = Promise.resolve();
  let actualPort = port;
  const server: Server = createServer(
    {
      headersTimeout: limits.headers,
      requestTimeout: limits.request,
      // How often Node looks for requests past those limits.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(Math.min(limits.headers, limits.request) / 4))),
      keepAliveTimeout: Math.min(5000, limits.idle),
    },
    (req, res) => {
      void accept(req, res, actualPort).then(
        (work) => {
          if (work === undefined) return;
          queue = queue.then(() =>
            perform(kms, work, res).catch((e: unknown) => {
              send(res, 500, JSON_CONTENT_TYPE, jsonError('KMSInternalException', e instanceof Error ? e.message : String(e)));
            }),
          );
        },
        () => res.destroy(),
      );
    },
  );
  // A connection silent for this long is closed, whatever stage it is at.
  server.setTimeout(limits.idle, (socket: Socket) => socket.destroy());
  // Bytes that are not HTTP: a short 400 where the socket still takes it, then the connection goes.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      actualPort = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${actualPort}`,
        port: actualPort,
        kms,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
