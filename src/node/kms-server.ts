/**
 * The simulator behind a real HTTP socket on 127.0.0.1, so that clients this
 * project did not write (the AWS CLI, the AWS SDKs) can talk to it. KMS speaks
 * JSON 1.1; `aws sts get-caller-identity` (Query protocol) is answered too.
 * SigV4 signatures are read for the access key ID only, never verified.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callerIdentity, callerIdentityXml } from '../cli/sts.ts';
import { handleJsonRequest, JSON_CONTENT_TYPE } from '../kms/json-protocol.ts';
import type { Kms } from '../kms/kms.ts';

export const DEFAULT_PORT = 4599;
/** Requests larger than this are refused: KMS's own limits are far below it. */
const MAX_BODY = 1024 * 1024;

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

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(body);
}

async function handle(kms: Kms, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    send(res, 405, 'text/plain', 'KMS Lab endpoint: POST KMS JSON 1.1 requests to /\n');
    return;
  }
  const body = await readBody(req);
  if (body === undefined) {
    send(res, 413, JSON_CONTENT_TYPE, JSON.stringify({ __type: 'SerializationException', message: 'Request body too large' }));
    return;
  }
  if (req.headers.authorization === undefined) {
    send(res, 400, JSON_CONTENT_TYPE, JSON.stringify({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }));
    return;
  }
  kms.setCaller(principalFor(kms, accessKeyId(req.headers.authorization)));
  const target = req.headers['x-amz-target'];
  if (target === undefined && new URLSearchParams(body).get('Action') === 'GetCallerIdentity') {
    const principal = kms.principals().find((p) => p.name === kms.caller.name)!;
    const xml = callerIdentityXml(callerIdentity(principal, kms.account.accountId));
    const withMetadata = xml.replace('</GetCallerIdentityResponse>', `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>`);
    send(res, 200, 'text/xml', withMetadata);
    return;
  }
  const response = await handleJsonRequest(kms, Array.isArray(target) ? target[0] : target, body);
  send(res, response.status, JSON_CONTENT_TYPE, response.body);
}

/** Serves `kms` on 127.0.0.1:`port` (0 picks a free port). Requests run one at a time, in arrival order. */
export function startKmsServer(kms: Kms, port = DEFAULT_PORT): Promise<KmsServer> {
  let queue: Promise<void> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    // One at a time: the caller is per-request state on the one simulator.
    queue = queue.then(() =>
      handle(kms, req, res).catch((e: unknown) => {
        if (!res.headersSent) send(res, 500, JSON_CONTENT_TYPE, JSON.stringify({ __type: 'KMSInternalException', message: String(e) }));
      }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        port: actual,
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
