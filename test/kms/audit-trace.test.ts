import { describe, expect, it } from 'vitest';
import { auditParameters, isReadOnly, type AuditEvent } from '../../src/kms/audit.ts';
import { base64Encode } from '../../src/kms/base64.ts';
import { hex } from '../../src/kms/bytes.ts';
import { Kms } from '../../src/kms/kms.ts';
import type { TraceEvent } from '../../src/kms/trace.ts';
import {
  ACCOUNT,
  ADMIN_ARN,
  APP_ROLE_ARN,
  APP_SESSION_ARN,
  AUDITOR_ARN,
  binaryPaths,
  DAY,
  decode,
  encode,
  failure,
  randomBytes,
  ROOT_ARN,
} from '../support/kms-test-helpers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function fingerprint(data: Uint8Array): Promise<string> {
  return hex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(data))).subarray(0, 4));
}

/** Every way the bytes could show up in JSON: hex, base64 and base64url. */
function spellings(secret: Uint8Array | string): string[] {
  if (typeof secret === 'string') return [secret];
  const b64 = base64Encode(secret);
  return [hex(secret), b64, b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')];
}

describe('the audit log: one CloudTrail-shaped event per call', () => {
  it('starts empty and grows by exactly one event per call, success or failure, in order', async () => {
    const kms = await Kms.create({ seed: 21 });
    expect(kms.auditLog()).toEqual([]);
    const { KeyMetadata } = await kms.createKey({ Description: 'audit me' });
    const KeyId = KeyMetadata.KeyId;
    await kms.describeKey({ KeyId });
    await failure(kms.describeKey({ KeyId: '00000000-0000-4000-8000-000000000000' }));
    await kms.encrypt({ KeyId, Plaintext: encode('x') });
    await failure(kms.generateRandom({ NumberOfBytes: 5000 }));
    kms.setCaller('app');
    await failure(kms.scheduleKeyDeletion({ KeyId }));
    await kms.listKeys();
    expect(kms.auditLog().map((e) => [e.eventName, e.errorCode ?? 'ok'])).toEqual([
      ['CreateKey', 'ok'],
      ['DescribeKey', 'ok'],
      ['DescribeKey', 'NotFoundException'],
      ['Encrypt', 'ok'],
      ['GenerateRandom', 'ValidationException'],
      ['ScheduleKeyDeletion', 'AccessDeniedException'],
      ['ListKeys', 'ok'],
    ]);
  });

  it('has CloudTrail’s fields, with distinct request and event IDs', async () => {
    const kms = await Kms.create({ seed: 22 });
    const { KeyMetadata } = await kms.createKey();
    await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('x'), EncryptionContext: { Department: 'Engineering' } });
    const log = kms.auditLog();
    for (const event of log) {
      expect(event).toMatchObject({
        eventVersion: '1.08',
        eventSource: 'kms.amazonaws.com',
        awsRegion: 'us-east-1',
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: ACCOUNT,
        eventCategory: 'Management',
      });
      expect(event.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(event.requestID).toMatch(UUID);
      expect(event.eventID).toMatch(UUID);
    }
    const ids = log.flatMap((e) => [e.requestID, e.eventID]);
    expect(new Set(ids).size).toBe(ids.length);
    // Seeded runs start at a fixed instant.
    expect(log[0]?.eventTime).toBe('2026-01-05T09:00:00Z');
    const encrypt = log[1];
    expect(encrypt?.requestParameters).toEqual({ keyId: KeyMetadata.KeyId, encryptionContext: { Department: 'Engineering' } });
    expect(encrypt?.responseElements).toBeNull();
    expect(encrypt?.resources).toEqual([{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: KeyMetadata.Arn }]);
  });

  it('userIdentity names the principal who called', async () => {
    const kms = await Kms.create({ seed: 23 });
    const { KeyMetadata } = await kms.createKey();
    for (const who of ['admin', 'app', 'auditor']) {
      kms.setCaller(who);
      await kms.describeKey({ KeyId: KeyMetadata.KeyId });
    }
    expect(kms.auditLog().map((e) => e.userIdentity)).toEqual([
      { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT },
      { type: 'IAMUser', principalId: 'AIDAKEYADMINEXAMPLE01', arn: ADMIN_ARN, accountId: ACCOUNT, userName: 'KeyAdmin' },
      { type: 'AssumedRole', principalId: 'AROAAPPROLEEXAMPLE01:app-session', arn: APP_SESSION_ARN, accountId: ACCOUNT },
      { type: 'IAMUser', principalId: 'AIDAAUDITOREXAMPLE01', arn: AUDITOR_ARN, accountId: ACCOUNT, userName: 'Auditor' },
    ]);
  });

  it('a failed call records errorCode and errorMessage as thrown, and the key it was about', async () => {
    const kms = await Kms.create({ seed: 24 });
    const { KeyMetadata } = await kms.createKey();
    kms.setCaller('admin');
    const error = await failure(kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('x') }));
    const event = kms.auditLog().at(-1);
    expect(event).toMatchObject({ eventName: 'Encrypt', errorCode: 'AccessDeniedException', errorMessage: error.message });
    expect(event?.errorMessage).toContain(ADMIN_ARN);
    expect(event?.resources).toEqual([{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: KeyMetadata.Arn }]);
    // A successful call has neither member.
    await kms.describeKey({ KeyId: KeyMetadata.KeyId });
    expect(kms.auditLog().at(-1)).not.toHaveProperty('errorCode');
    expect(kms.auditLog().at(-1)).not.toHaveProperty('errorMessage');
    // An empty AWS message (InvalidCiphertextException) is recorded as empty.
    kms.setCaller('root');
    const sealed = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('x'), EncryptionContext: { a: 'b' } });
    const invalid = await failure(kms.decrypt({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { a: 'c' } }));
    expect(invalid.name).toBe('InvalidCiphertextException');
    expect(kms.auditLog().at(-1)).toMatchObject({ eventName: 'Decrypt', errorCode: 'InvalidCiphertextException', errorMessage: invalid.message });
  });

  it('a call that fails before a key is found has no resources', async () => {
    const kms = await Kms.create({ seed: 25 });
    await failure(kms.describeKey({ KeyId: '00000000-0000-4000-8000-000000000000' }));
    expect(kms.auditLog().at(-1)).not.toHaveProperty('resources');
    await kms.listKeys();
    expect(kms.auditLog().at(-1)).not.toHaveProperty('resources');
  });

  it('readOnly: true for Describe/Get/List and for the cryptographic operations (as CloudTrail marks them), false for changes', async () => {
    const kms = await Kms.create({ seed: 26 });
    const { KeyMetadata } = await kms.createKey();
    const KeyId = KeyMetadata.KeyId;
    const other = await kms.createKey();
    await kms.describeKey({ KeyId });
    await kms.getKeyPolicy({ KeyId });
    await kms.listKeys();
    await kms.listAliases();
    await kms.getKeyRotationStatus({ KeyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('x') });
    await kms.decrypt({ CiphertextBlob });
    await kms.reEncrypt({ CiphertextBlob, DestinationKeyId: other.KeyMetadata.KeyId });
    await kms.generateDataKey({ KeyId, KeySpec: 'AES_256' });
    await kms.generateRandom({ NumberOfBytes: 16 });
    await kms.updateKeyDescription({ KeyId, Description: 'x' });
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    await kms.disableKey({ KeyId });
    await kms.putKeyPolicy({ KeyId, Policy: (await kms.getKeyPolicy({ KeyId })).Policy });
    const readOnly = Object.fromEntries(kms.auditLog().map((e) => [e.eventName, e.readOnly]));
    expect(readOnly).toEqual({
      CreateKey: false,
      DescribeKey: true,
      GetKeyPolicy: true,
      ListKeys: true,
      ListAliases: true,
      GetKeyRotationStatus: true,
      Encrypt: true,
      Decrypt: true,
      ReEncrypt: true,
      GenerateDataKey: true,
      GenerateRandom: true,
      UpdateKeyDescription: false,
      TagResource: false,
      DisableKey: false,
      PutKeyPolicy: false,
    });
    expect(isReadOnly('ListGrants')).toBe(true);
    expect(isReadOnly('GenerateDataKeyWithoutPlaintext')).toBe(true);
    expect(isReadOnly('CreateGrant')).toBe(false);
    expect(isReadOnly('ScheduleKeyDeletion')).toBe(false);
  });

  it('ReEncrypt lists the source key, then the destination key', async () => {
    const kms = await Kms.create({ seed: 27 });
    const source = await kms.createKey();
    const destination = await kms.createKey();
    const { CiphertextBlob } = await kms.encrypt({ KeyId: source.KeyMetadata.KeyId, Plaintext: encode('x') });
    await kms.reEncrypt({ CiphertextBlob, DestinationKeyId: destination.KeyMetadata.KeyId, DestinationEncryptionContext: { Level: '3A' } });
    const event = kms.auditLog().at(-1);
    expect(event?.resources?.map((r) => r.ARN)).toEqual([source.KeyMetadata.Arn, destination.KeyMetadata.Arn]);
    expect(event?.requestParameters).toEqual({ destinationKeyId: destination.KeyMetadata.KeyId, destinationEncryptionContext: { Level: '3A' } });
  });

  it('request and response members are camel-cased at every depth, but encryption context keys are kept as given', async () => {
    const kms = await Kms.create({ seed: 28 });
    const created = await kms.createKey({ Description: 'd', Tags: [{ TagKey: 'Team', TagValue: 'Ops' }] });
    const createEvent = kms.auditLog().at(-1);
    expect(createEvent?.requestParameters).toEqual({ description: 'd', tags: [{ tagKey: 'Team', tagValue: 'Ops' }] });
    const metadata = (createEvent?.responseElements as { keyMetadata: Record<string, unknown> }).keyMetadata;
    expect(metadata).toMatchObject({
      aWSAccountId: ACCOUNT,
      keyId: created.KeyMetadata.KeyId,
      arn: created.KeyMetadata.Arn,
      keyState: 'Enabled',
      keyManager: 'CUSTOMER',
      encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    });
    expect(typeof metadata['creationDate']).toBe('string');
    await kms.createGrant({
      KeyId: created.KeyMetadata.KeyId,
      GranteePrincipal: APP_ROLE_ARN,
      Operations: ['Decrypt'],
      Constraints: { EncryptionContextSubset: { 'aws:s3:arn': 'arn:aws:s3:::bucket', MixedCase: 'V' } },
    });
    expect(kms.auditLog().at(-1)?.requestParameters).toMatchObject({
      constraints: { encryptionContextSubset: { 'aws:s3:arn': 'arn:aws:s3:::bucket', MixedCase: 'V' } },
    });
    // The audit keeps its own copy: changing the request afterwards does not rewrite history.
    const context = { Project: 'Alpha' };
    await kms.encrypt({ KeyId: created.KeyMetadata.KeyId, Plaintext: encode('x'), EncryptionContext: context });
    context.Project = 'Changed';
    expect(kms.auditLog().at(-1)?.requestParameters).toEqual({ keyId: created.KeyMetadata.KeyId, encryptionContext: { Project: 'Alpha' } });
  });

  it('auditParameters drops secrets and blobs, converts dates, and returns null when nothing is left', () => {
    expect(auditParameters(undefined)).toBeNull();
    expect(auditParameters({ Plaintext: encode('x'), GrantTokens: ['t'] })).toBeNull();
    expect(
      auditParameters({
        KeyId: 'k',
        ValidTo: new Date('2030-01-01T00:00:00Z'),
        ImportToken: encode('t'),
        EncryptedKeyMaterial: encode('m'),
        GrantToken: 'secret-token',
        DryRun: true,
      }),
    ).toEqual({ keyId: 'k', validTo: '2030-01-01T00:00:00.000Z', dryRun: true });
  });

  it('CreateGrant logs the grant ID and never the token', async () => {
    const kms = await Kms.create({ seed: 29 });
    const { KeyMetadata } = await kms.createKey();
    const grant = await kms.createGrant({ KeyId: KeyMetadata.KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] });
    expect(kms.auditLog().at(-1)?.responseElements).toEqual({ grantId: grant.GrantId });
    await kms.retireGrant({ GrantToken: grant.GrantToken });
    expect(kms.auditLog().at(-1)?.eventName).toBe('RetireGrant');
    expect(JSON.stringify(kms.auditLog())).not.toContain(grant.GrantToken);
  });

  it('no plaintext, ciphertext, data key, random bytes, grant token or key material ever reaches the log or the trace', async () => {
    const kms = await Kms.create();
    const traces: TraceEvent[] = [];
    kms.subscribe((e) => traces.push(e));
    const secrets: (Uint8Array | string)[] = [];
    const keep = <T extends Uint8Array | string>(s: T): T => {
      secrets.push(s);
      return s;
    };
    const { KeyMetadata } = await kms.createKey();
    const KeyId = KeyMetadata.KeyId;
    const other = await kms.createKey();

    const plaintext = keep(randomBytes(48));
    const sealed = await kms.encrypt({ KeyId, Plaintext: plaintext, EncryptionContext: { purpose: 'test' } });
    keep(sealed.CiphertextBlob);
    keep((await kms.decrypt({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { purpose: 'test' } })).Plaintext);
    keep((await kms.reEncrypt({ CiphertextBlob: sealed.CiphertextBlob, SourceEncryptionContext: { purpose: 'test' }, DestinationKeyId: other.KeyMetadata.KeyId })).CiphertextBlob);
    const dataKey = await kms.generateDataKey({ KeyId, KeySpec: 'AES_256' });
    keep(dataKey.Plaintext);
    keep(dataKey.CiphertextBlob);
    keep((await kms.generateDataKeyWithoutPlaintext({ KeyId, NumberOfBytes: 64 })).CiphertextBlob);
    keep((await kms.generateRandom({ NumberOfBytes: 32 })).Plaintext);
    const grant = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Encrypt', 'Decrypt'] });
    keep(grant.GrantToken);
    await kms.encrypt({ KeyId, Plaintext: keep(randomBytes(32)), GrantTokens: [grant.GrantToken] });
    // Failures carry no secrets either.
    await failure(kms.decrypt({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { purpose: 'wrong' } }));
    await failure(kms.encrypt({ KeyId, Plaintext: keep(randomBytes(4097)) }));
    kms.setCaller('admin');
    await failure(kms.encrypt({ KeyId, Plaintext: keep(randomBytes(40)) }));
    kms.setCaller('root');

    // Imported key material: the one case where the learner holds the raw key bytes.
    const external = await kms.createKey({ Origin: 'EXTERNAL' });
    const params = await kms.getParametersForImport({ KeyId: external.KeyMetadata.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    keep(params.ImportToken);
    const wrappingKey = await globalThis.crypto.subtle.importKey('spki', new Uint8Array(params.PublicKey), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
    const material = keep(randomBytes(32));
    const wrapped = keep(new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, wrappingKey, material)));
    await kms.importKeyMaterial({ KeyId: external.KeyMetadata.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    keep((await kms.encrypt({ KeyId: external.KeyMetadata.KeyId, Plaintext: keep(randomBytes(24)) })).CiphertextBlob);
    await kms.retireGrant({ GrantToken: grant.GrantToken });

    const log = kms.auditLog();
    expect(log.length).toBeGreaterThanOrEqual(16);
    expect(binaryPaths(log)).toEqual([]);
    const logText = JSON.stringify(log);
    const traceText = JSON.stringify(traces);
    expect(traces.length).toBe(log.length);
    for (const secret of secrets) {
      for (const spelling of spellings(secret)) {
        expect(logText).not.toContain(spelling);
        expect(traceText).not.toContain(spelling);
      }
    }
    for (const event of traces) expect(binaryPaths(event.steps)).toEqual([]);
  });
});

describe('service events', () => {
  it('automatic rotation is logged as RotateKey by the service, at the rotation date', async () => {
    const kms = await Kms.create({ seed: 31 });
    const { KeyMetadata } = await kms.createKey();
    await kms.enableKeyRotation({ KeyId: KeyMetadata.KeyId, RotationPeriodInDays: 90 });
    const { NextRotationDate } = await kms.getKeyRotationStatus({ KeyId: KeyMetadata.KeyId });
    const traces: TraceEvent[] = [];
    kms.subscribe((e) => traces.push(e));
    const before = kms.auditLog().length;
    await kms.advanceTime(89 * DAY);
    expect(kms.auditLog()).toHaveLength(before);
    await kms.advanceTime(2 * DAY);
    const added = kms.auditLog().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      eventName: 'RotateKey',
      eventSource: 'kms.amazonaws.com',
      eventType: 'AwsServiceEvent',
      readOnly: false,
      requestParameters: null,
      responseElements: null,
      userIdentity: { type: 'AWSService', accountId: ACCOUNT, invokedBy: 'kms.amazonaws.com' },
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: KeyMetadata.Arn }],
    });
    expect(added[0]?.eventTime).toBe(NextRotationDate?.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({
      operation: 'RotateKey',
      caller: 'kms.amazonaws.com',
      outcome: { ok: true },
      steps: [{ kind: 'rotate', keyId: KeyMetadata.KeyId, materialVersion: 1 }],
    });
  });

  it('the end of the waiting period is logged as DeleteKey by the service', async () => {
    const kms = await Kms.create({ seed: 32 });
    const { KeyMetadata } = await kms.createKey();
    const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 7 });
    const scheduleEvent = kms.auditLog().at(-1);
    expect(scheduleEvent?.responseElements).toMatchObject({ keyId: KeyMetadata.Arn, keyState: 'PendingDeletion', pendingWindowInDays: 7 });
    await kms.advanceTime(7 * DAY + 1);
    const event = kms.auditLog().at(-1) as AuditEvent;
    expect(event).toMatchObject({
      eventName: 'DeleteKey',
      eventType: 'AwsServiceEvent',
      userIdentity: { type: 'AWSService', invokedBy: 'kms.amazonaws.com' },
      resources: [{ ARN: KeyMetadata.Arn }],
    });
    expect(event.eventTime).toBe(DeletionDate.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect((await failure(kms.describeKey({ KeyId: KeyMetadata.KeyId }))).name).toBe('NotFoundException');
  });
});

describe('trace events', () => {
  it('GenerateDataKey: resolve, authorize, generate, encrypt (with material version), return; fingerprints only', async () => {
    const kms = await Kms.create({ seed: 41 });
    const { KeyMetadata } = await kms.createKey();
    const traces: TraceEvent[] = [];
    kms.subscribe((e) => traces.push(e));
    const result = await kms.generateDataKey({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256', EncryptionContext: { a: 'b' } });
    expect(traces).toHaveLength(1);
    const event = traces[0]!;
    expect(event).toMatchObject({ operation: 'GenerateDataKey', caller: ROOT_ARN, outcome: { ok: true } });
    expect(event.time).toBeInstanceOf(Date);
    expect(event.requestId).toBe(kms.auditLog().at(-1)?.requestID);
    expect(event.steps.map((s) => s.kind)).toEqual(['resolve-key', 'authorize', 'generate-data-key', 'encrypt', 'return']);
    const generate = event.steps[2]!;
    const encrypt = event.steps[3]!;
    const ret = event.steps[4]!;
    expect(generate.bytes).toBe(32);
    expect(generate.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(generate.fingerprint).toBe(await fingerprint(result.Plaintext));
    expect(ret.fingerprint).toBe(generate.fingerprint);
    expect(encrypt).toMatchObject({ keyId: KeyMetadata.KeyId, materialVersion: 0, bytes: result.CiphertextBlob.length });
    const text = JSON.stringify(event);
    for (const spelling of spellings(result.Plaintext)) expect(text).not.toContain(spelling);
    expect(text).not.toContain(hex(result.Plaintext).slice(8, 24));

    await kms.rotateKeyOnDemand({ KeyId: KeyMetadata.KeyId });
    await kms.generateDataKey({ KeyId: KeyMetadata.KeyId, NumberOfBytes: 16 });
    const after = traces.at(-1)!;
    expect(after.steps.find((s) => s.kind === 'encrypt')?.materialVersion).toBe(1);
    expect(after.steps.find((s) => s.kind === 'generate-data-key')?.bytes).toBe(16);
  });

  it('GenerateDataKeyWithoutPlaintext returns no fingerprint of a plaintext it does not return', async () => {
    const kms = await Kms.create({ seed: 42 });
    const { KeyMetadata } = await kms.createKey();
    const traces: TraceEvent[] = [];
    kms.subscribe((e) => traces.push(e));
    await kms.generateDataKeyWithoutPlaintext({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_128' });
    const steps = traces[0]!.steps;
    expect(steps.map((s) => s.kind)).toEqual(['resolve-key', 'authorize', 'generate-data-key', 'encrypt', 'return']);
    expect(steps.at(-1)).not.toHaveProperty('fingerprint');
  });

  it('a failing call ends with an error step and outcome ok: false', async () => {
    const kms = await Kms.create({ seed: 43 });
    const { KeyMetadata } = await kms.createKey();
    kms.setCaller('admin');
    const traces: TraceEvent[] = [];
    kms.subscribe((e) => traces.push(e));
    const error = await failure(kms.generateDataKey({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256' }));
    const event = traces[0]!;
    expect(event.caller).toBe(ADMIN_ARN);
    expect(event.outcome).toEqual({ ok: false, errorCode: 'AccessDeniedException', errorMessage: error.message });
    expect(event.steps.map((s) => s.kind)).toEqual(['resolve-key', 'authorize', 'error']);
    expect(event.steps.at(-1)?.caption).toBe(`AccessDeniedException: ${error.message}`);
    expect(event.steps.some((s) => s.kind === 'generate-data-key')).toBe(false);
    // An error with an empty message gets just its name.
    kms.setCaller('root');
    await failure(kms.decrypt({ CiphertextBlob: randomBytes(200) }));
    expect(traces.at(-1)?.steps.at(-1)).toEqual({ kind: 'error', caption: 'InvalidCiphertextException' });
  });

  it('a listener that throws breaks neither the call nor other listeners; unsubscribe stops events', async () => {
    const kms = await Kms.create({ seed: 44 });
    const seen: string[] = [];
    const stopBroken = kms.subscribe(() => {
      throw new Error('UI crashed');
    });
    const stop = kms.subscribe((e) => seen.push(e.operation));
    const { KeyMetadata } = await kms.createKey();
    const sealed = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('still fine') });
    expect(decode((await kms.decrypt({ CiphertextBlob: sealed.CiphertextBlob })).Plaintext)).toBe('still fine');
    expect(seen).toEqual(['CreateKey', 'Encrypt', 'Decrypt']);
    expect(kms.auditLog().every((e) => e.errorCode === undefined)).toBe(true);
    stop();
    stopBroken();
    await kms.listKeys();
    expect(seen).toHaveLength(3);
  });
});
