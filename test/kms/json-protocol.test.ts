import { describe, expect, it } from 'vitest';
import { handleJsonRequest } from '../../src/kms/json-protocol.ts';
import { Kms } from '../../src/kms/kms.ts';
import { fromWire, toWire } from '../../src/kms/wire.ts';

async function call(target: string | undefined, body: unknown) {
  const kms = await Kms.create({ seed: 5 });
  const response = await handleJsonRequest(kms, target, typeof body === 'string' ? body : JSON.stringify(body));
  return { kms, status: response.status, body: response.body === '' ? undefined : (JSON.parse(response.body) as Record<string, unknown>) };
}

describe('the KMS JSON 1.1 protocol', () => {
  it('runs an operation named by X-Amz-Target and answers in wire form', async () => {
    const { status, body } = await call('TrentService.CreateKey', { Description: 'wire' });
    expect(status).toBe(200);
    const metadata = body!.KeyMetadata as Record<string, unknown>;
    expect(metadata.Description).toBe('wire');
    // Timestamps travel as epoch seconds, not ISO strings.
    expect(typeof metadata.CreationDate).toBe('number');
  });

  it('round-trips blobs as base64 and sends an empty body for operations without output', async () => {
    const kms = await Kms.create({ seed: 5 });
    const created = JSON.parse((await handleJsonRequest(kms, 'TrentService.CreateKey', '{}')).body) as { KeyMetadata: { KeyId: string } };
    const keyId = created.KeyMetadata.KeyId;
    const encrypted = await handleJsonRequest(kms, 'TrentService.Encrypt', JSON.stringify({ KeyId: keyId, Plaintext: btoa('\x00\xff binary') }));
    const { CiphertextBlob } = JSON.parse(encrypted.body) as { CiphertextBlob: string };
    const decrypted = JSON.parse((await handleJsonRequest(kms, 'TrentService.Decrypt', JSON.stringify({ CiphertextBlob }))).body) as { Plaintext: string };
    expect(atob(decrypted.Plaintext)).toBe('\x00\xff binary');
    const rotation = await handleJsonRequest(kms, 'TrentService.EnableKeyRotation', JSON.stringify({ KeyId: keyId }));
    expect(rotation).toEqual({ status: 200, body: '' });
  });

  it("answers AWS's errors with __type, message and HTTP status", async () => {
    const missing = await call('TrentService.DescribeKey', { KeyId: 'alias/none' });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ __type: 'NotFoundException', message: expect.stringContaining('alias/none') });
    const kms = await Kms.create({ seed: 5 });
    const { KeyMetadata } = await kms.createKey();
    const dryRun = await handleJsonRequest(kms, 'TrentService.Encrypt', JSON.stringify({ KeyId: KeyMetadata.KeyId, Plaintext: 'aGk=', DryRun: true }));
    expect(dryRun.status).toBe(412);
    expect(JSON.parse(dryRun.body)).toEqual({ __type: 'DryRunOperationException', message: 'The request would have succeeded, but the DryRun option is set.' });
  });

  it('refuses unknown targets, unimplemented operations and bodies that are not a JSON object', async () => {
    expect(await call(undefined, {})).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
    expect(await call('TrentService.Frobnicate', {})).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
    expect(await call('Other.CreateKey', {})).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
    expect(await call('TrentService.ReplicateKey', {})).toMatchObject({ status: 400, body: { __type: 'UnsupportedOperationException' } });
    for (const bad of ['{', '[1]', '"text"', 'null']) {
      expect(await call('TrentService.ListKeys', bad), bad).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    }
  });

  it('rejects blobs that are not base64 and timestamps that are not numbers, before the simulator sees them', async () => {
    const blob = await call('TrentService.Decrypt', { CiphertextBlob: 'not base64!' });
    expect(blob).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    expect(() => fromWire('ImportKeyMaterialRequest', { ValidTo: '2030-01-01' })).toThrow(expect.objectContaining({ name: 'SerializationException' }));
  });
});

describe('wire conversion', () => {
  it('decodes nested blobs and timestamps by the API model, and ignores members the model does not know', () => {
    const input = fromWire('ImportKeyMaterialRequest', { KeyId: 'k', ImportToken: 'AAE=', EncryptedKeyMaterial: '', ValidTo: 1.5, Unknown: 1 }) as Record<string, unknown>;
    expect(input).toEqual({ KeyId: 'k', ImportToken: new Uint8Array([0, 1]), EncryptedKeyMaterial: new Uint8Array(), ValidTo: new Date(1500) });
  });

  it('encodes bytes and dates and drops undefined members', () => {
    expect(toWire({ a: new Uint8Array([255]), b: [new Date(2500)], c: undefined, d: { e: 'x' } })).toEqual({ a: '/w==', b: [2.5], d: { e: 'x' } });
  });
});
