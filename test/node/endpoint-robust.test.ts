/**
 * The endpoint under clients that misbehave: one that stalls mid-body, one that vanishes
 * mid-body, one that sends bytes that are not HTTP, beside well-behaved clients that must be
 * answered in their usual time; and request bodies naming members the model lacks
 * (Object.prototype's among them) or sending null, which must never reach the simulator as a fault.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { Kms, OPERATIONS } from '../../src/kms/kms.ts';
import { startKmsServer, type KmsServer } from '../../src/node/kms-server.ts';

const AUTH = 'AWS4-HMAC-SHA256 Credential=admin/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00';
const JSON_TYPE = 'application/x-amz-json-1.1';

let server: KmsServer;
const sockets: Socket[] = [];

beforeEach(async () => {
  server = await startKmsServer(await Kms.create({ seed: 5 }), 0, { headers: 1500, request: 3000, idle: 1500 });
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server.close();
});

async function call(operation: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { Authorization: AUTH, 'Content-Type': JSON_TYPE, 'X-Amz-Target': `TrentService.${operation}`, ...headers },
    body,
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** A raw connection, for clients no HTTP library would be. */
function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => {});
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** Everything the server sends on a socket until it closes it (or `ms` pass). */
function received(socket: Socket, ms: number): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    const timer = setTimeout(() => resolve({ text, closed: false }), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

function requestHead(length: number, extra = ''): string {
  return (
    `POST / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: ${AUTH}\r\nContent-Type: ${JSON_TYPE}\r\n` +
    `X-Amz-Target: TrentService.ListKeys\r\nContent-Length: ${length}\r\n${extra}\r\n`
  );
}

/** Time for a normal ListKeys, in ms. */
async function timedListKeys(): Promise<number> {
  const start = performance.now();
  const result = await call('ListKeys', '{}');
  expect(result.status).toBe(200);
  expect(JSON.parse(result.text)).toHaveProperty('Keys');
  return performance.now() - start;
}

describe('slow, broken and garbage clients beside normal ones', () => {
  it('answers normal clients within their usual time while one client holds half a body', async () => {
    const usual = Math.max(...(await Promise.all([1, 2, 3].map(() => timedListKeys()))));
    const slow = await open();
    slow.write(requestHead(200) + '{"Lim');
    await new Promise((r) => setTimeout(r, 50));
    const during: number[] = [];
    for (let i = 0; i < 10; i++) during.push(await timedListKeys());
    const parallel = await Promise.all(Array.from({ length: 10 }, () => timedListKeys()));
    // A generous bound: normal answers take milliseconds; a wedged queue would take the slow client's whole time limit.
    expect(Math.max(...during, ...parallel)).toBeLessThan(1000);
    expect(usual).toBeLessThan(1000);
    // The stalled client is cut off by the idle limit, not served.
    const outcome = await received(slow, 5000);
    expect(outcome.closed).toBe(true);
    expect(outcome.text).not.toContain('200 OK');
  });

  it('still answers after a client disconnects mid-body: those waiting meanwhile and those after', async () => {
    const broken = await open();
    broken.write(requestHead(500) + '{"KeyId": "');
    await new Promise((r) => setTimeout(r, 50));
    const waiting = Promise.all([1, 2, 3].map(() => timedListKeys()));
    await new Promise((r) => setTimeout(r, 100));
    // A half-close (FIN), as a client that gives up politely sends: the request never completes.
    broken.end();
    expect(Math.max(...(await waiting))).toBeLessThan(1000);
    const after: number[] = [];
    for (let i = 0; i < 5; i++) after.push(await timedListKeys());
    expect(Math.max(...after)).toBeLessThan(1000);
  });

  it('answers garbage and oversized headers with a 4xx and closes that connection only', async () => {
    const outcomes = await Promise.all(
      ['GARBAGE\r\n\r\n', '\x00\x01\x02\xff\r\n\r\n', `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n`, `POST / HTTP/1.1\r\n${'X-A: b\r\n'.repeat(20000)}\r\n`].map(
        async (bytes) => {
          const socket = await open();
          const seen = received(socket, 4000);
          socket.write(bytes, 'latin1');
          return seen;
        },
      ),
    );
    for (const outcome of outcomes) {
      expect(outcome.closed).toBe(true);
      expect(outcome.text).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect(await timedListKeys()).toBeLessThan(1000);
  });

  it('closes a connection that sends headers only halfway once the header time is up', async () => {
    const socket = await open();
    const seen = received(socket, 6000);
    socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`);
    const start = performance.now();
    const outcome = await seen;
    expect(outcome.closed).toBe(true);
    expect(performance.now() - start).toBeLessThan(5000);
    expect(await timedListKeys()).toBeLessThan(1000);
  });

  it('refuses a body over 1 MiB at once, without waiting for the rest', async () => {
    const socket = await open();
    const seen = received(socket, 4000);
    socket.write(requestHead(50 * 1024 * 1024) + 'x'.repeat(1024 * 1024 + 10));
    const outcome = await seen;
    expect(outcome.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(outcome.text).toContain('Request body too large');
  });
});

describe('members the model lacks and null values', () => {
  const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

  it('never answers 500 for Object.prototype member names or nulls, in any operation', async () => {
    const failures: string[] = [];
    for (const operation of Object.keys(OPERATIONS)) {
      const input = API_MODEL.operations[operation]!.input;
      const members = input === undefined ? [] : Object.keys(API_MODEL.shapes[input]!.members ?? {});
      const bodies = [
        ...PROTO_NAMES.map((name) => `{${JSON.stringify(name)}: 1}`),
        `{"constructor": {"prototype": {"x": 1}}, "__proto__": {"KeyId": "x"}}`,
        ...members.map((member) => JSON.stringify({ [member]: null })),
        JSON.stringify(Object.fromEntries(members.map((member) => [member, null]))),
      ];
      for (const body of bodies) {
        const result = await call(operation, body);
        if (result.status >= 500) failures.push(`${operation} ${body}: ${result.status} ${result.text}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('reads a null member as an absent one, and ignores unknown members', async () => {
    await call('CreateKey', '{}');
    const all = await call('ListAliases', '{}');
    const nulled = await call('ListAliases', '{"KeyId": null}');
    expect(nulled.status).toBe(200);
    expect(JSON.parse(nulled.text)).toEqual(JSON.parse(all.text));
    const unknown = await call('ListAliases', '{"constructor": 1, "toString": "x", "__proto__": {"KeyId": 5}}');
    expect(unknown.status).toBe(200);
    expect(JSON.parse(unknown.text)).toEqual(JSON.parse(all.text));
    // A required member sent as null fails validation as one that is missing.
    const missing = await call('DescribeKey', '{"KeyId": null}');
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text)).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    });
  });

  it('keeps __proto__ and constructor as ordinary encryption context keys', async () => {
    const asRoot = { Authorization: AUTH.replace('admin/', 'root/') };
    const key = JSON.parse((await call('CreateKey', '{}', asRoot)).text).KeyMetadata.KeyId as string;
    // Written out by hand: an object literal would turn "__proto__" into a prototype.
    const context = '{"__proto__": "a", "constructor": "b", "toString": "c"}';
    const encrypted = await call('Encrypt', `{"KeyId": ${JSON.stringify(key)}, "Plaintext": "aGk=", "EncryptionContext": ${context}}`, asRoot);
    expect(encrypted.status, encrypted.text).toBe(200);
    const blob = JSON.stringify(JSON.parse(encrypted.text).CiphertextBlob);
    const decrypted = await call('Decrypt', `{"CiphertextBlob": ${blob}, "EncryptionContext": ${context}}`, asRoot);
    expect(decrypted.status, decrypted.text).toBe(200);
    expect(JSON.parse(decrypted.text).Plaintext).toBe('aGk=');
    const partial = await call('Decrypt', `{"CiphertextBlob": ${blob}, "EncryptionContext": {"constructor": "b", "toString": "c"}}`, asRoot);
    expect(JSON.parse(partial.text).__type).toBe('InvalidCiphertextException');
  });
});

describe('Host and Content-Type', () => {
  it('answers 127.0.0.1, localhost and [::1] with the port, and refuses other hosts (DNS rebinding)', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`]) {
      const socket = await open();
      const seen = received(socket, 3000);
      socket.write(requestHead(2, 'Connection: close\r\n').replace(`Host: 127.0.0.1:${server.port}`, `Host: ${host}`) + '{}');
      expect((await seen).text, host).toMatch(/^HTTP\/1\.1 200 /);
    }
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`, `127.0.0.2:${server.port}`]) {
      const socket = await open();
      const seen = received(socket, 3000);
      socket.write(requestHead(2, 'Connection: close\r\n').replace(`Host: 127.0.0.1:${server.port}`, `Host: ${host}`) + '{}');
      const { text } = await seen;
      expect(text, host).toMatch(/^HTTP\/1\.1 421 /);
      expect(text).toContain('DNS rebinding');
      expect(text).not.toContain('"Keys"');
    }
  });

  it('answers a request without the JSON 1.1 content type as AWS does: 404 UnknownOperationException', async () => {
    for (const type of ['application/json', 'text/plain;charset=UTF-8', 'application/x-amz-json-1.0', 'application/x-www-form-urlencoded']) {
      const result = await call('ListKeys', '{}', { 'Content-Type': type });
      expect(result.status, type).toBe(404);
      expect(result.text).toBe('<UnknownOperationException/>\n');
    }
    const withCharset = await call('ListKeys', '{}', { 'Content-Type': 'Application/X-Amz-Json-1.1; charset=utf-8' });
    expect(withCharset.status).toBe(200);
  });
});
