import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { accessKeyId, principalFor, startKmsServer } from '../../src/node/kms-server.ts';
import { Kms } from '../../src/kms/kms.ts';

const ENDPOINT = fileURLToPath(new URL('../../src/node/endpoint.ts', import.meta.url));
const SIGNED = { Authorization: 'AWS4-HMAC-SHA256 Credential=admin/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00' };

async function post(url: string, headers: Record<string, string>, body: string) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('npm run endpoint', () => {
  it('says where it listens and that signatures are not verified, serves requests, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [ENDPOINT, '--port', '0', '--seed', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    while (!/http:\/\/127\.0\.0\.1:\d+/.test(out)) await once(child.stdout, 'data');
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)![0];
    expect(out).toContain('signatures are accepted without being verified');
    expect(out).toContain('seed 3');
    const created = await post(url, { ...SIGNED, 'X-Amz-Target': 'TrentService.CreateKey', 'Content-Type': 'application/x-amz-json-1.1' }, '{}');
    expect(created.status).toBe(200);
    expect(created.type).toBe('application/x-amz-json-1.1');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(out).toContain('KMS Lab endpoint stopped.');
  });

  it('rejects a bad --port or --seed with status 2', () => {
    for (const args of [['--port', 'x'], ['--port', '70000'], ['--seed', '-1'], ['--nope']]) {
      const result = spawnSync(process.execPath, [ENDPOINT, ...args], { encoding: 'utf8', timeout: 20_000 });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).not.toBe('');
    }
  });
});

describe('the endpoint over HTTP', () => {
  it('refuses unsigned requests and other methods, and signs as the principal the access key names', async () => {
    const server = await startKmsServer(await Kms.create({ seed: 1 }), 0);
    try {
      const unsigned = await post(server.url, { 'X-Amz-Target': 'TrentService.ListKeys' }, '{}');
      expect(unsigned.status).toBe(400);
      expect(JSON.parse(unsigned.text)).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
      expect((await fetch(server.url)).status).toBe(405);
      const asAuditor = { Authorization: SIGNED.Authorization.replace('admin/', 'AUDITOR/'), 'X-Amz-Target': 'TrentService.CreateKey', 'Content-Type': 'application/x-amz-json-1.1' };
      const denied = await post(server.url, asAuditor, '{}');
      expect(denied.status).toBe(400);
      expect(JSON.parse(denied.text).__type).toBe('AccessDeniedException');
      const identity = await post(server.url, { ...SIGNED, 'Content-Type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
      expect(identity.type).toBe('text/xml');
      expect(identity.text).toContain(`<Arn>${server.kms.principals().find((p) => p.name === 'admin')!.arn}</Arn>`);
    } finally {
      await server.close();
    }
  });

  it('reads the access key ID from a SigV4 header and falls back to the root', async () => {
    const kms = await Kms.create({ seed: 1 });
    expect(accessKeyId(SIGNED.Authorization)).toBe('admin');
    expect(accessKeyId('Bearer x')).toBeUndefined();
    expect(principalFor(kms, 'App')).toBe('app');
    expect(principalFor(kms, 'AKIDEXAMPLE')).toBe('root');
    expect(principalFor(kms, undefined)).toBe('root');
  });
});
