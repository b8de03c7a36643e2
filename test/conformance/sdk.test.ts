/**
 * The simulator through a client this project did not write: the AWS SDK for JavaScript v3
 * (@aws-sdk/client-kms) signs real SigV4 requests, serializes KMS JSON 1.1 over HTTP to the
 * local endpoint (src/node/kms-server.ts), and parses the replies and errors with its own
 * code. Every operation the simulator implements is called here on its success path and on
 * its common error paths; the last test checks, from the servers' audit logs, that none was
 * left out.
 *
 * What is asserted is what AWS KMS does: exact error messages only where AWS's wording is
 * known (../shared/kms-facts.md §5, and the unit tests in test/kms that pin them), otherwise
 * the exception name and HTTP status. Where the simulator is known to part from AWS, the
 * behaviour is left out here and reported instead.
 */
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  verify as verifySignature,
} from 'node:crypto';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  type CreateKeyCommandInput,
  DecryptCommand,
  DeriveSharedSecretCommand,
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DisconnectCustomKeyStoreCommand,
  UpdateCustomKeyStoreCommand,
  UpdatePrimaryRegionCommand,
  DeleteAliasCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  GetKeyLastUsageCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  type KeyMetadata,
  KMSClient,
  KMSServiceException,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeyPoliciesCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ListRetirableGrantsCommand,
  paginateListAliases,
  paginateListKeys,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  ReplicateKeyCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
  VerifyCommand,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kms, OPERATIONS } from '../../src/kms/kms.ts';
import { startKmsServer, type KmsServer } from '../../src/node/kms-server.ts';
import {
  ACCOUNT,
  ADMIN_ARN,
  aliasArn,
  APP_ROLE_ARN,
  APP_SESSION_ARN,
  AUDITOR_ARN,
  DAY,
  keyArn,
  MISSING_ID,
  ROOT_ARN,
} from '../support/kms-test-helpers.ts';

// ---- AWS's words (kms-facts §5; the same texts the unit tests pin) ------------------------------

const MSG = {
  plaintextTooLong:
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
  plaintextEmpty:
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
  bytesTooMany:
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
  bytesZero:
    "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
  limitZero: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
  rotationPeriodShort:
    "1 validation error detected: Value '30' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
  specOrBytes: 'Please specify either number of bytes or key spec.',
  bytesRequired: 'NumberOfBytes is required.',
  incorrectKey: 'The key ID in the request does not identify a CMK that can perform this operation.',
  dryRun: 'The request would have succeeded, but the DryRun option is set.',
  deletedKey:
    'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  aliasPrefix:
    'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
  lockout: 'The new key policy will not allow you to update the key policy in the future.',
  validToRequired: 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
  /** The SDK's stand-in when the error body has no message, as AWS sends InvalidCiphertextException. */
  noMessage: 'UnknownError',
} as const;

const notFound = (id: string) => `Key '${keyArn(id)}' does not exist`;
const aliasNotFound = (name: string) => `Alias ${aliasArn(name)} is not found.`;
const disabled = (arn: string) => `${arn} is disabled.`;
const pendingDeletion = (arn: string) => `${arn} is pending deletion.`;
const pendingImport = (arn: string) => `${arn} is pending import.`;
const notAllowedByIam = (caller: string, action: string, resource: string) =>
  `User: ${caller} is not authorized to perform: kms:${action} on resource: ${resource} because no identity-based policy allows the kms:${action} action`;
const explicitDeny = (caller: string, action: string, resource: string) =>
  `User: ${caller} is not authorized to perform: kms:${action} on resource: ${resource} with an explicit deny in a resource-based policy`;

/** The policy CreateKey gives a key when the request names none, character for character (kms-facts §8). */
const DEFAULT_POLICY = [
  '{',
  '  "Version" : "2012-10-17",',
  '  "Id" : "key-default-1",',
  '  "Statement" : [ {',
  '    "Sid" : "Enable IAM User Permissions",',
  '    "Effect" : "Allow",',
  '    "Principal" : {',
  `      "AWS" : "arn:aws:iam::${ACCOUNT}:root"`,
  '    },',
  '    "Action" : "kms:*",',
  '    "Resource" : "*"',
  '  } ]',
  '}',
].join('\n');

const ROOT_STATEMENT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT_ARN }, Action: 'kms:*', Resource: '*' };

// ---- one simulator behind a socket, and SDK clients signed as its principals -----------------------

type PrincipalName = 'root' | 'admin' | 'app' | 'auditor';

interface Lab {
  readonly server: KmsServer;
  /** An SDK client whose SigV4 access key ID names the principal (the endpoint reads it, never checks it). */
  as(accessKeyId: PrincipalName | (string & {})): KMSClient;
  readonly root: KMSClient;
}

/** Operations the endpoint ran for any test in this file, read from the audit logs as each server stops. */
const operationsServed = new Set<string>();

/**
 * Starts a fresh seeded simulator on a free port for the enclosing describe block, and stops it
 * (and its clients) afterwards. Seeded means a fixed clock that moves only by a millisecond a call
 * or by advanceTime, so dates are known in advance and time passes only when a test says so.
 */
function serveKms(seed: number): Lab {
  let server: KmsServer | undefined;
  const clients = new Map<string, KMSClient>();
  beforeAll(async () => {
    server = await startKmsServer(await Kms.create({ seed }), 0);
  });
  afterAll(async () => {
    for (const event of server?.kms.auditLog() ?? []) if (event.eventType === 'AwsApiCall') operationsServed.add(event.eventName);
    for (const client of clients.values()) client.destroy();
    await server?.close();
  });
  const lab: Lab = {
    get server(): KmsServer {
      if (!server) throw new Error('the server is not running (used outside a test?)');
      return server;
    },
    as(accessKeyId) {
      let client = clients.get(accessKeyId);
      if (!client) {
        client = new KMSClient({
          endpoint: lab.server.url,
          region: 'us-east-1',
          credentials: { accessKeyId, secretAccessKey: 'not-checked' },
          maxAttempts: 1,
        });
        clients.set(accessKeyId, client);
      }
      return client;
    },
    get root() {
      return lab.as('root');
    },
  };
  return lab;
}

// ---- small helpers ------------------------------------------------------------------------------------

/** The value, or a test failure naming what was missing (SDK output members are all optional in its types). */
function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what} in the response`);
  return value;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** Every byte value once, so an encoding that mangles any of them (UTF-8, latin1, padding) shows. */
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

/** Awaits a call that must be refused and returns the SDK's exception; anything else fails the test. */
async function refusal(call: Promise<unknown>): Promise<KMSServiceException> {
  try {
    await call;
  } catch (error) {
    if (error instanceof KMSServiceException) return error;
    throw error;
  }
  throw new Error('expected the service to refuse the call, but it succeeded');
}

/**
 * The call must fail with exception `name`, HTTP `status`, and (when given) exactly `message`,
 * as the SDK surfaces them: error.name, error.$metadata.httpStatusCode, error.message.
 */
async function expectError(call: Promise<unknown>, name: string, message?: string, status = 400): Promise<KMSServiceException> {
  const error = await refusal(call);
  expect({ name: error.name, status: error.$metadata.httpStatusCode }).toEqual({ name, status });
  if (message !== undefined) expect(error.message).toBe(message);
  return error;
}

interface NewKey {
  id: string;
  arn: string;
  metadata: KeyMetadata;
}

async function createKey(client: KMSClient, input: CreateKeyCommandInput = {}): Promise<NewKey> {
  const metadata = present((await client.send(new CreateKeyCommand(input))).KeyMetadata, 'KeyMetadata');
  return { id: present(metadata.KeyId, 'KeyId'), arn: present(metadata.Arn, 'Arn'), metadata };
}

async function describeKey(client: KMSClient, keyId: string): Promise<KeyMetadata> {
  return present((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata, 'KeyMetadata');
}

type Context = Record<string, string>;

async function seal(client: KMSClient, keyId: string, plaintext: Uint8Array, context?: Context): Promise<Uint8Array> {
  const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, ...(context ? { EncryptionContext: context } : {}) }));
  return present(out.CiphertextBlob, 'CiphertextBlob');
}

async function open(client: KMSClient, blob: Uint8Array, context?: Context): Promise<Uint8Array> {
  const out = await client.send(new DecryptCommand({ CiphertextBlob: blob, ...(context ? { EncryptionContext: context } : {}) }));
  return present(out.Plaintext, 'Plaintext');
}

const policyJson = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

// ---- keys ---------------------------------------------------------------------------------------------

describe('CreateKey and DescribeKey', () => {
  const lab = serveKms(101);

  it('a plain CreateKey gives the metadata AWS gives, with dates as Date and a 64-hex key material ID', async () => {
    const before = lab.server.kms.now();
    const { id, arn, metadata } = await createKey(lab.root);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(arn).toBe(keyArn(id));
    expect(metadata).toMatchObject({
      AWSAccountId: ACCOUNT,
      Enabled: true,
      Description: '',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    });
    expect(metadata.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(metadata.CreationDate).toBeInstanceOf(Date);
    expect(present(metadata.CreationDate, 'CreationDate').getTime()).toBeGreaterThanOrEqual(before.getTime());
    // A key that is not pending deletion has no DeletionDate.
    expect(metadata.DeletionDate).toBeUndefined();
  });

  it('keeps the description, tags and policy the request gives', async () => {
    const policy = policyJson(ROOT_STATEMENT, {
      Sid: 'Let the app role use the key',
      Effect: 'Allow',
      Principal: { AWS: APP_ROLE_ARN },
      Action: ['kms:Encrypt', 'kms:Decrypt'],
      Resource: '*',
    });
    const tags = [
      { TagKey: 'team', TagValue: 'payments' },
      { TagKey: 'stage', TagValue: '' },
    ];
    const { id, metadata } = await createKey(lab.root, { Description: 'payroll records', Tags: tags, Policy: policy });
    expect(metadata.Description).toBe('payroll records');
    expect((await describeKey(lab.root, id)).Description).toBe('payroll records');
    const listed = await lab.root.send(new ListResourceTagsCommand({ KeyId: id }));
    expect([...present(listed.Tags, 'Tags')].sort((a, b) => (a.TagKey ?? '').localeCompare(b.TagKey ?? ''))).toEqual([
      { TagKey: 'stage', TagValue: '' },
      { TagKey: 'team', TagValue: 'payments' },
    ]);
    // The policy comes back as written, not reformatted.
    expect((await lab.root.send(new GetKeyPolicyCommand({ KeyId: id }))).Policy).toBe(policy);
  });

  it('without a Policy the key gets AWS default key policy, word for word', async () => {
    const { id } = await createKey(lab.root);
    const out = await lab.root.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: 'default' }));
    expect(out.Policy).toBe(DEFAULT_POLICY);
    expect(out.PolicyName).toBe('default');
  });

  it('refuses a KeyUsage that symmetric keys cannot have', async () => {
    const before = (await lab.root.send(new ListKeysCommand({}))).Keys?.length;
    // AWS's exact wording is not on record (local-kms says "KeyUsage SIGN_VERIFY is not compatible with
    // KeySpec SYMMETRIC_DEFAULT"), so the message is only checked for naming the usage.
    for (const usage of ['SIGN_VERIFY', 'GENERATE_VERIFY_MAC'] as const) {
      const error = await expectError(lab.root.send(new CreateKeyCommand({ KeyUsage: usage })), 'ValidationException');
      expect(error.message).toContain(usage);
      await expectError(lab.root.send(new CreateKeyCommand({ KeyUsage: usage, KeySpec: 'SYMMETRIC_DEFAULT' })), 'ValidationException');
    }
    // Nothing was created by the refused requests.
    expect((await lab.root.send(new ListKeysCommand({}))).Keys?.length).toBe(before);
  });

  it('refuses an enum value the model does not have, listing the allowed values as AWS does', async () => {
    // The SDK sends any string; the service checks it.
    const error = await expectError(lab.root.send(new CreateKeyCommand({ KeyUsage: 'RANDOM' as 'ENCRYPT_DECRYPT' })), 'ValidationException');
    expect(error.message).toMatch(
      /^1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: \[ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC\b/,
    );
  });

  it('refuses a description over 8192 characters, the reserved aws: tag prefix, and a policy that locks the caller out', async () => {
    const long = await expectError(lab.root.send(new CreateKeyCommand({ Description: 'd'.repeat(8193) })), 'ValidationException');
    expect(long.message).toContain("at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192");
    await expectError(
      lab.root.send(new CreateKeyCommand({ Tags: [{ TagKey: 'aws:owner', TagValue: 'me' }] })),
      'TagException',
      'Tags beginning with aws: are reserved',
    );
    // Only KeyAdmin may manage this key, so the root creating it could never change its policy again.
    const adminOnly = policyJson({ Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'kms:*', Resource: '*' });
    await expectError(lab.root.send(new CreateKeyCommand({ Policy: adminOnly })), 'MalformedPolicyDocumentException', MSG.lockout);
  });

  it('DescribeKey finds a key by key ID, key ARN, alias name and alias ARN', async () => {
    const { id, arn, metadata } = await createKey(lab.root, { Description: 'four ways' });
    await lab.root.send(new CreateAliasCommand({ AliasName: 'alias/four-ways', TargetKeyId: id }));
    for (const ref of [id, arn, 'alias/four-ways', aliasArn('alias/four-ways')]) {
      const found = await describeKey(lab.root, ref);
      expect({ ref, found }).toEqual({ ref, found: metadata });
    }
  });

  it('DescribeKey says NotFoundException, naming the key or alias ARN', async () => {
    await expectError(lab.root.send(new DescribeKeyCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
    await expectError(lab.root.send(new DescribeKeyCommand({ KeyId: keyArn(MISSING_ID) })), 'NotFoundException', notFound(MISSING_ID));
    await expectError(lab.root.send(new DescribeKeyCommand({ KeyId: 'alias/nothing-here' })), 'NotFoundException', aliasNotFound('alias/nothing-here'));
    await expectError(
      lab.root.send(new DescribeKeyCommand({ KeyId: aliasArn('alias/nothing-here') })),
      'NotFoundException',
      aliasNotFound('alias/nothing-here'),
    );
    await expectError(lab.root.send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })), 'NotFoundException', "Invalid keyId 'fake-key-id'");
    const { id } = await createKey(lab.root);
    await expectError(
      lab.root.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${id}` })),
      'NotFoundException',
      'Invalid arn eu-west-1',
    );
  });

  it('DescribeKey shows an AWS managed key as KeyManager AWS; the account cannot use it directly', async () => {
    const managed = await describeKey(lab.root, 'alias/aws/ebs');
    expect(managed).toMatchObject({ KeyManager: 'AWS', KeyState: 'Enabled', Origin: 'AWS_KMS' });
    // Its policy allows use only through the service (kms:ViaService), so a direct call is denied, even to the root.
    await expectError(lab.root.send(new GenerateDataKeyCommand({ KeyId: 'alias/aws/ebs', KeySpec: 'AES_256' })), 'AccessDeniedException');
  });
});

describe('UpdateKeyDescription, EnableKey and DisableKey', () => {
  const lab = serveKms(102);

  it('UpdateKeyDescription replaces the description; management operations take no alias', async () => {
    const { id, arn } = await createKey(lab.root, { Description: 'before' });
    await lab.root.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: 'after' }));
    expect((await describeKey(lab.root, id)).Description).toBe('after');
    await lab.root.send(new UpdateKeyDescriptionCommand({ KeyId: arn, Description: '' }));
    expect((await describeKey(lab.root, id)).Description).toBe('');

    await lab.root.send(new CreateAliasCommand({ AliasName: 'alias/described', TargetKeyId: id }));
    const byAlias = await expectError(
      lab.root.send(new UpdateKeyDescriptionCommand({ KeyId: 'alias/described', Description: 'x' })),
      'NotFoundException',
    );
    expect(byAlias.message).toContain('alias/described');
    await expectError(
      lab.root.send(new UpdateKeyDescriptionCommand({ KeyId: MISSING_ID, Description: 'x' })),
      'NotFoundException',
      notFound(MISSING_ID),
    );
    expect((await describeKey(lab.root, id)).Description).toBe('');
  });

  it('a disabled key refuses cryptography with DisabledException until it is enabled again', async () => {
    const { id, arn } = await createKey(lab.root);
    const blob = await seal(lab.root, id, utf8('kept safe'));

    await lab.root.send(new DisableKeyCommand({ KeyId: id }));
    expect(await describeKey(lab.root, id)).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    await expectError(lab.root.send(new EncryptCommand({ KeyId: id, Plaintext: utf8('x') })), 'DisabledException', disabled(arn));
    await expectError(lab.root.send(new DecryptCommand({ CiphertextBlob: blob })), 'DisabledException', disabled(arn));
    await expectError(lab.root.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_256' })), 'DisabledException', disabled(arn));
    // Disabling twice is fine; management goes on while disabled.
    await lab.root.send(new DisableKeyCommand({ KeyId: arn }));
    await lab.root.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: 'resting' }));

    await lab.root.send(new EnableKeyCommand({ KeyId: arn }));
    expect(await describeKey(lab.root, id)).toMatchObject({ Enabled: true, KeyState: 'Enabled', Description: 'resting' });
    expect(Buffer.from(await open(lab.root, blob)).toString()).toBe('kept safe');
  });

  it('EnableKey and DisableKey name a key that does not exist', async () => {
    await expectError(lab.root.send(new EnableKeyCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
    await expectError(lab.root.send(new DisableKeyCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
  });
});

describe('ScheduleKeyDeletion and CancelKeyDeletion', () => {
  const lab = serveKms(103);

  it('schedules deletion 7 to 30 days ahead; the key then refuses use with KMSInvalidStateException', async () => {
    const { id, arn } = await createKey(lab.root);
    const blob = await seal(lab.root, id, utf8('last words'));
    const now = lab.server.kms.now().getTime();

    const out = await lab.root.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    expect({ KeyId: out.KeyId, KeyState: out.KeyState, PendingWindowInDays: out.PendingWindowInDays }).toEqual({
      KeyId: arn,
      KeyState: 'PendingDeletion',
      PendingWindowInDays: 7,
    });
    const deletionDate = present(out.DeletionDate, 'DeletionDate');
    expect(deletionDate).toBeInstanceOf(Date);
    // Seven days from now, give or take the day AWS may round to.
    expect(Math.abs(deletionDate.getTime() - (now + 7 * DAY))).toBeLessThanOrEqual(DAY);

    const metadata = await describeKey(lab.root, id);
    expect(metadata).toMatchObject({ Enabled: false, KeyState: 'PendingDeletion' });
    expect(metadata.DeletionDate?.getTime()).toBe(deletionDate.getTime());

    await expectError(lab.root.send(new EncryptCommand({ KeyId: id, Plaintext: utf8('x') })), 'KMSInvalidStateException', pendingDeletion(arn));
    await expectError(lab.root.send(new DecryptCommand({ CiphertextBlob: blob })), 'KMSInvalidStateException', pendingDeletion(arn));
    await expectError(lab.root.send(new EnableKeyCommand({ KeyId: id })), 'KMSInvalidStateException', pendingDeletion(arn));
    await expectError(
      lab.root.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: 'x' })),
      'KMSInvalidStateException',
      pendingDeletion(arn),
    );
    // Scheduling again is refused too.
    await expectError(lab.root.send(new ScheduleKeyDeletionCommand({ KeyId: id })), 'KMSInvalidStateException', pendingDeletion(arn));
  });

  it('the default window is 30 days; a window outside 7..30 is a ValidationException and changes nothing', async () => {
    const { id } = await createKey(lab.root);
    for (const days of [6, 31, 1, 365]) {
      await expectError(lab.root.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: days })), 'ValidationException');
    }
    expect((await describeKey(lab.root, id)).KeyState).toBe('Enabled');
    const out = await lab.root.send(new ScheduleKeyDeletionCommand({ KeyId: id }));
    expect(out.PendingWindowInDays).toBe(30);
    await lab.root.send(new CancelKeyDeletionCommand({ KeyId: id }));
  });

  it('CancelKeyDeletion brings the key back disabled, and is refused for a key not pending deletion', async () => {
    const { id, arn } = await createKey(lab.root);
    await lab.root.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 30 }));
    const out = await lab.root.send(new CancelKeyDeletionCommand({ KeyId: id }));
    expect(out.KeyId).toBe(arn);
    const metadata = await describeKey(lab.root, id);
    expect(metadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    expect(metadata.DeletionDate).toBeUndefined();
    await expectError(lab.root.send(new CancelKeyDeletionCommand({ KeyId: id })), 'KMSInvalidStateException', `${arn} is not pending deletion.`);
    await expectError(lab.root.send(new CancelKeyDeletionCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
  });

  it('when the window has passed the key is gone, and its ciphertexts can no longer be decrypted', async () => {
    const { id } = await createKey(lab.root);
    const blob = await seal(lab.root, id, utf8('gone soon'));
    await lab.root.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    await lab.server.kms.advanceTime(6 * DAY);
    expect((await describeKey(lab.root, id)).KeyState).toBe('PendingDeletion');
    await lab.server.kms.advanceTime(2 * DAY);
    await expectError(lab.root.send(new DescribeKeyCommand({ KeyId: id })), 'NotFoundException', notFound(id));
    await expectError(lab.root.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException', MSG.deletedKey);
    expect((await lab.root.send(new ListKeysCommand({ Limit: 1000 }))).Keys?.map((k) => k.KeyId)).not.toContain(id);
  });
});

// ---- listing and paging -------------------------------------------------------------------------------

describe('ListKeys and ListAliases: Limit, Marker and the SDK paginators', () => {
  const lab = serveKms(104);
  const created: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      const { id } = await createKey(lab.root, { Description: `paged ${i}` });
      created.push(id);
      await lab.root.send(new CreateAliasCommand({ AliasName: `alias/paged-${i}`, TargetKeyId: id }));
    }
  });

  it('ListKeys pages with Limit and Marker, and the pages add up to the unpaginated list', async () => {
    const all = await lab.root.send(new ListKeysCommand({}));
    expect(all.Truncated).toBe(false);
    expect(all.NextMarker).toBeUndefined();
    const everything = present(all.Keys, 'Keys');
    expect(everything.map((k) => k.KeyId)).toEqual(expect.arrayContaining(created));
    for (const key of everything) expect(key.KeyArn).toBe(keyArn(present(key.KeyId, 'KeyId')));

    const first = await lab.root.send(new ListKeysCommand({ Limit: 2 }));
    expect(first.Keys).toHaveLength(2);
    expect(first.Truncated).toBe(true);
    const pages = [first];
    let marker = first.NextMarker;
    while (marker !== undefined) {
      const page = await lab.root.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      pages.push(page);
      marker = page.Truncated ? present(page.NextMarker, 'NextMarker') : undefined;
      expect(pages.length).toBeLessThan(100);
    }
    expect(pages.flatMap((p) => p.Keys ?? [])).toEqual(everything);
    expect(pages).toHaveLength(Math.ceil(everything.length / 2));
  });

  it('paginateListKeys collects the same keys, page by page', async () => {
    const everything = (await lab.root.send(new ListKeysCommand({ Limit: 1000 }))).Keys ?? [];
    const pages = [];
    for await (const page of paginateListKeys({ client: lab.root, pageSize: 3 }, {})) pages.push(page);
    expect(pages).toHaveLength(Math.ceil(everything.length / 3));
    expect(pages.slice(0, -1).every((p) => p.Keys?.length === 3 && p.Truncated === true)).toBe(true);
    expect(pages.at(-1)?.Truncated).toBe(false);
    expect(pages.flatMap((p) => p.Keys ?? [])).toEqual(everything);
  });

  it('paginateListAliases collects the same aliases as one unpaginated call', async () => {
    const all = await lab.root.send(new ListAliasesCommand({ Limit: 100 }));
    expect(all.Truncated).toBe(false);
    const everything = present(all.Aliases, 'Aliases');
    const pages = [];
    for await (const page of paginateListAliases({ client: lab.root, pageSize: 7 }, {})) pages.push(page);
    expect(pages).toHaveLength(Math.ceil(everything.length / 7));
    expect(pages.flatMap((p) => p.Aliases ?? [])).toEqual(everything);

    const names = everything.map((a) => a.AliasName);
    expect(names).toEqual(expect.arrayContaining(created.map((_, i) => `alias/paged-${i}`)));
    const mine = everything.find((a) => a.AliasName === 'alias/paged-0');
    expect(mine).toMatchObject({ AliasArn: aliasArn('alias/paged-0'), TargetKeyId: created[0] });
    expect(mine?.CreationDate).toBeInstanceOf(Date);
    expect(mine?.LastUpdatedDate).toBeInstanceOf(Date);
    // A predefined AWS managed alias is listed before its key exists, with no TargetKeyId.
    const sqs = everything.find((a) => a.AliasName === 'alias/aws/sqs');
    expect(sqs).toBeDefined();
    expect(sqs?.TargetKeyId).toBeUndefined();
  });

  it('ListAliases with a KeyId lists only that key aliases, also through the paginator', async () => {
    const keyId = present(created[1], 'key');
    await lab.root.send(new CreateAliasCommand({ AliasName: 'alias/paged-1-extra', TargetKeyId: keyId }));
    const direct = await lab.root.send(new ListAliasesCommand({ KeyId: keyId }));
    expect(direct.Aliases?.map((a) => a.AliasName).sort()).toEqual(['alias/paged-1', 'alias/paged-1-extra']);
    const pages = [];
    for await (const page of paginateListAliases({ client: lab.root, pageSize: 1 }, { KeyId: keyArn(keyId) })) pages.push(page);
    expect(pages).toHaveLength(2);
    expect(pages.flatMap((p) => p.Aliases ?? [])).toEqual(direct.Aliases);
    await lab.root.send(new DeleteAliasCommand({ AliasName: 'alias/paged-1-extra' }));
  });

  it('refuses Limit 0 with the model wording, and a marker it did not issue with InvalidMarkerException', async () => {
    await expectError(lab.root.send(new ListKeysCommand({ Limit: 0 })), 'ValidationException', MSG.limitZero);
    await expectError(lab.root.send(new ListAliasesCommand({ Limit: 0 })), 'ValidationException', MSG.limitZero);
    await expectError(lab.root.send(new ListKeysCommand({ Marker: 'not-a-marker' })), 'InvalidMarkerException');
    await expectError(lab.root.send(new ListAliasesCommand({ Marker: 'not-a-marker' })), 'InvalidMarkerException');
    await expectError(lab.root.send(new ListAliasesCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
  });
});

// ---- aliases ------------------------------------------------------------------------------------------

describe('CreateAlias, UpdateAlias, DeleteAlias', () => {
  const lab = serveKms(105);

  const aliasNames = async () => ((await lab.root.send(new ListAliasesCommand({ Limit: 100 }))).Aliases ?? []).map((a) => a.AliasName);

  it('an alias names a key for cryptography; UpdateAlias moves it to another key', async () => {
    const first = await createKey(lab.root);
    const second = await createKey(lab.root);
    await lab.root.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: first.id }));
    const viaAlias = await lab.root.send(new EncryptCommand({ KeyId: 'alias/orders', Plaintext: utf8('order 1') }));
    expect(viaAlias.KeyId).toBe(first.arn);

    await lab.root.send(new UpdateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: second.arn }));
    expect((await describeKey(lab.root, 'alias/orders')).KeyId).toBe(second.id);
    const viaAliasArn = await lab.root.send(new EncryptCommand({ KeyId: aliasArn('alias/orders'), Plaintext: utf8('order 2') }));
    expect(viaAliasArn.KeyId).toBe(second.arn);
    // The ciphertext made through the old target still names its own key.
    const opened = await lab.root.send(new DecryptCommand({ CiphertextBlob: present(viaAlias.CiphertextBlob, 'blob') }));
    expect(opened.KeyId).toBe(first.arn);
  });

  it('refuses a name already in use with AlreadyExistsException naming the alias ARN', async () => {
    const a = await createKey(lab.root);
    const b = await createKey(lab.root);
    await lab.root.send(new CreateAliasCommand({ AliasName: 'alias/taken', TargetKeyId: a.id }));
    await expectError(
      lab.root.send(new CreateAliasCommand({ AliasName: 'alias/taken', TargetKeyId: b.id })),
      'AlreadyExistsException',
      `An alias with the name ${aliasArn('alias/taken')} already exists`,
    );
    expect((await describeKey(lab.root, 'alias/taken')).KeyId).toBe(a.id);
  });

  it('refuses a name without the alias/ prefix, and names a target key that does not exist', async () => {
    const { id } = await createKey(lab.root);
    await expectError(lab.root.send(new CreateAliasCommand({ AliasName: 'payroll', TargetKeyId: id })), 'ValidationException', MSG.aliasPrefix);
    await expectError(lab.root.send(new DeleteAliasCommand({ AliasName: 'payroll' })), 'ValidationException', MSG.aliasPrefix);
    await expectError(
      lab.root.send(new CreateAliasCommand({ AliasName: 'alias/orphan', TargetKeyId: MISSING_ID })),
      'NotFoundException',
      notFound(MISSING_ID),
    );
    expect(await aliasNames()).not.toContain('alias/orphan');
  });

  it('refuses names under alias/aws/, which are reserved for AWS managed keys, and creates nothing', async () => {
    // AWS's exception name and wording for this are unconfirmed (kms-facts §5), so only the refusal is checked.
    const { id } = await createKey(lab.root);
    for (const name of ['alias/aws/mine', 'alias/aws/sqs']) {
      const error = await refusal(lab.root.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: id })));
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
    expect(await aliasNames()).not.toContain('alias/aws/mine');
    const sqs = ((await lab.root.send(new ListAliasesCommand({ Limit: 100 }))).Aliases ?? []).find((a) => a.AliasName === 'alias/aws/sqs');
    expect(sqs?.TargetKeyId).toBeUndefined();
  });

  it('an alias cannot be pointed at a key pending deletion', async () => {
    const live = await createKey(lab.root);
    const doomed = await createKey(lab.root);
    await lab.root.send(new CreateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: live.id }));
    await lab.root.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.id, PendingWindowInDays: 7 }));
    await expectError(
      lab.root.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: doomed.id })),
      'KMSInvalidStateException',
      pendingDeletion(doomed.arn),
    );
    await expectError(
      lab.root.send(new UpdateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: doomed.id })),
      'KMSInvalidStateException',
      pendingDeletion(doomed.arn),
    );
    expect((await describeKey(lab.root, 'alias/moving')).KeyId).toBe(live.id);
  });

  it('DeleteAlias removes the alias and leaves the key; a second DeleteAlias is NotFoundException', async () => {
    const { id } = await createKey(lab.root);
    await lab.root.send(new CreateAliasCommand({ AliasName: 'alias/temporary', TargetKeyId: id }));
    await lab.root.send(new DeleteAliasCommand({ AliasName: 'alias/temporary' }));
    expect(await aliasNames()).not.toContain('alias/temporary');
    expect((await describeKey(lab.root, id)).KeyState).toBe('Enabled');
    await expectError(lab.root.send(new DescribeKeyCommand({ KeyId: 'alias/temporary' })), 'NotFoundException', aliasNotFound('alias/temporary'));
    await expectError(lab.root.send(new DeleteAliasCommand({ AliasName: 'alias/temporary' })), 'NotFoundException', aliasNotFound('alias/temporary'));
    await expectError(lab.root.send(new UpdateAliasCommand({ AliasName: 'alias/temporary', TargetKeyId: id })), 'NotFoundException');
  });
});

// ---- cryptography -------------------------------------------------------------------------------------

describe('Encrypt, Decrypt, ReEncrypt', () => {
  const lab = serveKms(106);
  let key: NewKey;
  let other: NewKey;

  beforeAll(async () => {
    key = await createKey(lab.root);
    other = await createKey(lab.root);
  });

  it('round-trips every byte value 0..255 as Uint8Array, and Decrypt names the key and its material', async () => {
    const encrypted = await lab.root.send(new EncryptCommand({ KeyId: key.id, Plaintext: ALL_BYTES }));
    expect(encrypted.KeyId).toBe(key.arn);
    expect(encrypted.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const blob = present(encrypted.CiphertextBlob, 'CiphertextBlob');
    expect(blob).toBeInstanceOf(Uint8Array);
    // The plaintext does not travel inside the blob in the clear.
    expect(hex(blob)).not.toContain(hex(ALL_BYTES.subarray(0, 32)));

    const decrypted = await lab.root.send(new DecryptCommand({ CiphertextBlob: blob }));
    const plaintext = present(decrypted.Plaintext, 'Plaintext');
    expect(plaintext).toBeInstanceOf(Uint8Array);
    expect(hex(plaintext)).toBe(hex(ALL_BYTES));
    expect(decrypted.KeyId).toBe(key.arn);
    expect(decrypted.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(decrypted.KeyMaterialId).toBe(key.metadata.CurrentKeyMaterialId);
  });

  it('encrypting the same plaintext twice gives different ciphertexts that both decrypt', async () => {
    const a = await seal(lab.root, key.id, utf8('same'));
    const b = await seal(lab.root, key.arn, utf8('same'));
    expect(hex(a)).not.toBe(hex(b));
    expect(Buffer.from(await open(lab.root, a)).toString()).toBe('same');
    expect(Buffer.from(await open(lab.root, b)).toString()).toBe('same');
  });

  it('takes 4096 plaintext bytes, refuses 4097 and 0 with ValidationException', async () => {
    const largest = new Uint8Array(4096).fill(0xfe);
    expect(hex(await open(lab.root, await seal(lab.root, key.id, largest)))).toBe(hex(largest));
    await expectError(lab.root.send(new EncryptCommand({ KeyId: key.id, Plaintext: new Uint8Array(4097) })), 'ValidationException', MSG.plaintextTooLong);
    await expectError(lab.root.send(new EncryptCommand({ KeyId: key.id, Plaintext: new Uint8Array(0) })), 'ValidationException', MSG.plaintextEmpty);
  });

  it('names a key that does not exist', async () => {
    await expectError(lab.root.send(new EncryptCommand({ KeyId: MISSING_ID, Plaintext: utf8('x') })), 'NotFoundException', notFound(MISSING_ID));
    await expectError(lab.root.send(new EncryptCommand({ KeyId: 'alias/none', Plaintext: utf8('x') })), 'NotFoundException', aliasNotFound('alias/none'));
  });

  it('Decrypt refuses a blob that is not a ciphertext, and a KeyId that is not the blob key', async () => {
    const invalid = await expectError(lab.root.send(new DecryptCommand({ CiphertextBlob: utf8('not a ciphertext blob, only words') })), 'InvalidCiphertextException');
    // AWS sends this exception without a message; the SDK then says 'UnknownError'.
    expect(invalid.message).toBe(MSG.noMessage);
    const blob = await seal(lab.root, key.id, utf8('mine'));
    await expectError(lab.root.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: other.id })), 'IncorrectKeyException', MSG.incorrectKey);
    const named = await lab.root.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: key.arn }));
    expect(Buffer.from(present(named.Plaintext, 'Plaintext')).toString()).toBe('mine');
  });

  it('DryRun checks the request and does nothing: DryRunOperationException with HTTP 412', async () => {
    await expectError(lab.root.send(new EncryptCommand({ KeyId: key.id, Plaintext: utf8('x'), DryRun: true })), 'DryRunOperationException', MSG.dryRun, 412);
  });

  describe('encryption context', () => {
    const context = { purpose: 'invoice', tenant: 'acme' };

    it('Decrypt needs the same pairs, in any order', async () => {
      const blob = await seal(lab.root, key.id, utf8('bound'), context);
      expect(Buffer.from(await open(lab.root, blob, { tenant: 'acme', purpose: 'invoice' })).toString()).toBe('bound');
    });

    it('a missing, different, partial, extra or differently cased context is InvalidCiphertextException', async () => {
      const blob = await seal(lab.root, key.id, utf8('bound'), context);
      const wrong: (Context | undefined)[] = [
        undefined,
        { purpose: 'receipt', tenant: 'acme' },
        { purpose: 'invoice' },
        { ...context, stage: 'prod' },
        { Purpose: 'invoice', tenant: 'acme' },
      ];
      for (const attempt of wrong) {
        const error = await expectError(
          lab.root.send(new DecryptCommand({ CiphertextBlob: blob, ...(attempt ? { EncryptionContext: attempt } : {}) })),
          'InvalidCiphertextException',
        );
        expect({ attempt, message: error.message }).toEqual({ attempt, message: MSG.noMessage });
      }
      // A blob sealed without a context does not open with one.
      const plain = await seal(lab.root, key.id, utf8('unbound'));
      await expectError(lab.root.send(new DecryptCommand({ CiphertextBlob: plain, EncryptionContext: context })), 'InvalidCiphertextException');
    });
  });

  describe('ReEncrypt', () => {
    it('moves a ciphertext to another key and context without showing the plaintext', async () => {
      const blob = await seal(lab.root, key.id, ALL_BYTES, { stage: 'old' });
      const out = await lab.root.send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceEncryptionContext: { stage: 'old' },
          DestinationKeyId: other.arn,
          DestinationEncryptionContext: { stage: 'new' },
        }),
      );
      expect(out).toMatchObject({
        SourceKeyId: key.arn,
        KeyId: other.arn,
        SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      });
      expect(out).not.toHaveProperty('Plaintext');
      const moved = present(out.CiphertextBlob, 'CiphertextBlob');
      const opened = await lab.root.send(new DecryptCommand({ CiphertextBlob: moved, EncryptionContext: { stage: 'new' } }));
      expect(opened.KeyId).toBe(other.arn);
      expect(hex(present(opened.Plaintext, 'Plaintext'))).toBe(hex(ALL_BYTES));
      await expectError(lab.root.send(new DecryptCommand({ CiphertextBlob: moved, EncryptionContext: { stage: 'old' } })), 'InvalidCiphertextException');
    });

    it('needs the source context, and a usable destination key', async () => {
      const blob = await seal(lab.root, key.id, utf8('x'), { stage: 'old' });
      await expectError(lab.root.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: other.id })), 'InvalidCiphertextException');
      await expectError(
        lab.root.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { stage: 'old' }, DestinationKeyId: MISSING_ID })),
        'NotFoundException',
        notFound(MISSING_ID),
      );
      const resting = await createKey(lab.root);
      await lab.root.send(new DisableKeyCommand({ KeyId: resting.id }));
      await expectError(
        lab.root.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { stage: 'old' }, DestinationKeyId: resting.id })),
        'DisabledException',
        disabled(resting.arn),
      );
    });
  });
});

describe('GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom', () => {
  const lab = serveKms(107);
  let key: NewKey;

  beforeAll(async () => {
    key = await createKey(lab.root);
  });

  it('AES_256 and AES_128 data keys are 32 and 16 bytes, and their encrypted copies decrypt to them', async () => {
    for (const [spec, length] of [['AES_256', 32], ['AES_128', 16]] as const) {
      const out = await lab.root.send(new GenerateDataKeyCommand({ KeyId: key.id, KeySpec: spec }));
      expect(out.KeyId).toBe(key.arn);
      expect(out.KeyMaterialId).toBe(key.metadata.CurrentKeyMaterialId);
      const dataKey = present(out.Plaintext, 'Plaintext');
      expect({ spec, length: dataKey.length }).toEqual({ spec, length });
      expect(hex(await open(lab.root, present(out.CiphertextBlob, 'CiphertextBlob')))).toBe(hex(dataKey));
    }
  });

  it('NumberOfBytes takes 1 to 1024; 0 and 1025 are ValidationExceptions', async () => {
    for (const n of [1, 64, 1024]) {
      const out = await lab.root.send(new GenerateDataKeyCommand({ KeyId: key.id, NumberOfBytes: n }));
      expect({ n, length: out.Plaintext?.length }).toEqual({ n, length: n });
    }
    await expectError(lab.root.send(new GenerateDataKeyCommand({ KeyId: key.id, NumberOfBytes: 1025 })), 'ValidationException', MSG.bytesTooMany);
    await expectError(lab.root.send(new GenerateDataKeyCommand({ KeyId: key.id, NumberOfBytes: 0 })), 'ValidationException', MSG.bytesZero);
  });

  it('wants exactly one of KeySpec and NumberOfBytes', async () => {
    await expectError(
      lab.root.send(new GenerateDataKeyCommand({ KeyId: key.id, KeySpec: 'AES_256', NumberOfBytes: 32 })),
      'ValidationException',
      MSG.specOrBytes,
    );
    await expectError(lab.root.send(new GenerateDataKeyCommand({ KeyId: key.id })), 'ValidationException', MSG.specOrBytes);
    await expectError(
      lab.root.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.id, KeySpec: 'AES_128', NumberOfBytes: 16 })),
      'ValidationException',
      MSG.specOrBytes,
    );
  });

  it('a data key made with an encryption context decrypts only with it', async () => {
    const out = await lab.root.send(new GenerateDataKeyCommand({ KeyId: key.id, KeySpec: 'AES_256', EncryptionContext: { file: 'a.txt' } }));
    const blob = present(out.CiphertextBlob, 'CiphertextBlob');
    expect(hex(await open(lab.root, blob, { file: 'a.txt' }))).toBe(hex(present(out.Plaintext, 'Plaintext')));
    await expectError(lab.root.send(new DecryptCommand({ CiphertextBlob: blob })), 'InvalidCiphertextException');
  });

  it('GenerateDataKeyWithoutPlaintext returns only the encrypted copy', async () => {
    const out = await lab.root.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.arn, KeySpec: 'AES_128' }));
    expect(out).not.toHaveProperty('Plaintext');
    expect(out.KeyId).toBe(key.arn);
    expect(out.KeyMaterialId).toBe(key.metadata.CurrentKeyMaterialId);
    expect(await open(lab.root, present(out.CiphertextBlob, 'CiphertextBlob'))).toHaveLength(16);
    await expectError(lab.root.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: MISSING_ID, KeySpec: 'AES_128' })), 'NotFoundException', notFound(MISSING_ID));
  });

  it('GenerateRandom returns 1 to 1024 fresh random bytes, and needs NumberOfBytes', async () => {
    const a = present((await lab.root.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }))).Plaintext, 'Plaintext');
    const b = present((await lab.root.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }))).Plaintext, 'Plaintext');
    expect(a).toBeInstanceOf(Uint8Array);
    expect([a.length, b.length]).toEqual([1024, 1024]);
    expect(hex(a)).not.toBe(hex(b));
    // 1024 random bytes use most byte values; a constant or a short cycle would not.
    expect(new Set(a).size).toBeGreaterThan(200);
    expect((await lab.root.send(new GenerateRandomCommand({ NumberOfBytes: 1 }))).Plaintext).toHaveLength(1);
    await expectError(lab.root.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })), 'ValidationException', MSG.bytesTooMany);
    await expectError(lab.root.send(new GenerateRandomCommand({ NumberOfBytes: 0 })), 'ValidationException', MSG.bytesZero);
    await expectError(lab.root.send(new GenerateRandomCommand({})), 'ValidationException', MSG.bytesRequired);
  });
});

// ---- rotation -----------------------------------------------------------------------------------------

describe('key rotation', () => {
  const lab = serveKms(108);

  it('automatic rotation: new material once the period has passed; old ciphertexts still decrypt', async () => {
    const { id, arn, metadata } = await createKey(lab.root);
    const firstMaterial = present(metadata.CurrentKeyMaterialId, 'CurrentKeyMaterialId');
    const oldBlob = await seal(lab.root, id, utf8('before rotation'));
    expect(await lab.root.send(new GetKeyRotationStatusCommand({ KeyId: id }))).toMatchObject({ KeyRotationEnabled: false, KeyId: id });

    const enabledAt = lab.server.kms.now().getTime();
    await lab.root.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }));
    const status = await lab.root.send(new GetKeyRotationStatusCommand({ KeyId: arn }));
    expect(status).toMatchObject({ KeyRotationEnabled: true, KeyId: id, RotationPeriodInDays: 90 });
    const next = present(status.NextRotationDate, 'NextRotationDate');
    expect(Math.abs(next.getTime() - (enabledAt + 90 * DAY))).toBeLessThanOrEqual(DAY);
    expect((await lab.root.send(new ListKeyRotationsCommand({ KeyId: id }))).Rotations).toEqual([]);

    await lab.server.kms.advanceTime(91 * DAY);
    const rotations = present((await lab.root.send(new ListKeyRotationsCommand({ KeyId: id }))).Rotations, 'Rotations');
    expect(rotations).toHaveLength(1);
    expect(rotations[0]).toMatchObject({ KeyId: id, RotationType: 'AUTOMATIC' });
    // AWS rotates on the announced date, not to the millisecond.
    const rotatedAt = present(rotations[0]?.RotationDate, 'RotationDate').getTime();
    expect(Math.abs(rotatedAt - next.getTime())).toBeLessThanOrEqual(DAY);
    const newMaterial = present((await describeKey(lab.root, id)).CurrentKeyMaterialId, 'CurrentKeyMaterialId');
    expect(newMaterial).not.toBe(firstMaterial);
    expect(rotations[0]?.KeyMaterialId).toBe(newMaterial);
    // The next rotation is one period after this one.
    const after = await lab.root.send(new GetKeyRotationStatusCommand({ KeyId: id }));
    expect(Math.abs(present(after.NextRotationDate, 'NextRotationDate').getTime() - (rotatedAt + 90 * DAY))).toBeLessThanOrEqual(DAY);

    const oldOpened = await lab.root.send(new DecryptCommand({ CiphertextBlob: oldBlob }));
    expect(Buffer.from(present(oldOpened.Plaintext, 'Plaintext')).toString()).toBe('before rotation');
    expect(oldOpened.KeyMaterialId).toBe(firstMaterial);
    const fresh = await lab.root.send(new DecryptCommand({ CiphertextBlob: await seal(lab.root, id, utf8('after')) }));
    expect(fresh.KeyMaterialId).toBe(newMaterial);
  });

  it('DisableKeyRotation stops it: the status then has no period or date', async () => {
    const { id } = await createKey(lab.root);
    await lab.root.send(new EnableKeyRotationCommand({ KeyId: id }));
    expect((await lab.root.send(new GetKeyRotationStatusCommand({ KeyId: id }))).RotationPeriodInDays).toBe(365);
    await lab.root.send(new DisableKeyRotationCommand({ KeyId: id }));
    const status = await lab.root.send(new GetKeyRotationStatusCommand({ KeyId: id }));
    expect(status.KeyRotationEnabled).toBe(false);
    expect(status.RotationPeriodInDays).toBeUndefined();
    expect(status.NextRotationDate).toBeUndefined();
    await lab.server.kms.advanceTime(400 * DAY);
    expect((await lab.root.send(new ListKeyRotationsCommand({ KeyId: id }))).Rotations).toEqual([]);
  });

  it('RotateKeyOnDemand rotates now and ListKeyRotations records it as ON_DEMAND', async () => {
    const { id, metadata } = await createKey(lab.root);
    const blob = await seal(lab.root, id, utf8('on demand'));
    const out = await lab.root.send(new RotateKeyOnDemandCommand({ KeyId: id }));
    expect(out.KeyId).toBe(id);
    const listed = await lab.root.send(new ListKeyRotationsCommand({ KeyId: id }));
    expect(listed.Truncated).toBe(false);
    const rotations = present(listed.Rotations, 'Rotations');
    expect(rotations.map((r) => r.RotationType)).toEqual(['ON_DEMAND']);
    expect(rotations[0]?.RotationDate).toBeInstanceOf(Date);
    expect((await describeKey(lab.root, id)).CurrentKeyMaterialId).not.toBe(metadata.CurrentKeyMaterialId);
    expect(Buffer.from(await open(lab.root, blob)).toString()).toBe('on demand');

    await lab.root.send(new RotateKeyOnDemandCommand({ KeyId: id }));
    const paged = await lab.root.send(new ListKeyRotationsCommand({ KeyId: id, Limit: 1 }));
    expect(paged.Rotations).toHaveLength(1);
    expect(paged.Truncated).toBe(true);
    const rest = await lab.root.send(new ListKeyRotationsCommand({ KeyId: id, Limit: 1, Marker: present(paged.NextMarker, 'NextMarker') }));
    expect(rest.Rotations).toHaveLength(1);
    expect(rest.Truncated).toBe(false);
  });

  it('refuses a period under 90 days, aliases, and missing or disabled keys', async () => {
    const { id, arn } = await createKey(lab.root);
    await expectError(lab.root.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 30 })), 'ValidationException', MSG.rotationPeriodShort);
    await lab.root.send(new CreateAliasCommand({ AliasName: 'alias/rotating', TargetKeyId: id }));
    for (const call of [
      lab.root.send(new EnableKeyRotationCommand({ KeyId: 'alias/rotating' })),
      lab.root.send(new GetKeyRotationStatusCommand({ KeyId: 'alias/rotating' })),
      lab.root.send(new RotateKeyOnDemandCommand({ KeyId: 'alias/rotating' })),
      lab.root.send(new ListKeyRotationsCommand({ KeyId: 'alias/rotating' })),
    ]) {
      await expectError(call, 'NotFoundException');
    }
    await expectError(lab.root.send(new GetKeyRotationStatusCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
    await expectError(lab.root.send(new DisableKeyRotationCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
    await lab.root.send(new DisableKeyCommand({ KeyId: id }));
    await expectError(lab.root.send(new EnableKeyRotationCommand({ KeyId: id })), 'DisabledException', disabled(arn));
  });
});

// ---- key policies and who may do what -------------------------------------------------------------------

describe('key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies', () => {
  const lab = serveKms(109);

  it('ListKeyPolicies names the one policy, "default"', async () => {
    const { id } = await createKey(lab.root);
    const out = await lab.root.send(new ListKeyPoliciesCommand({ KeyId: id }));
    expect({ PolicyNames: out.PolicyNames, Truncated: out.Truncated }).toEqual({ PolicyNames: ['default'], Truncated: false });
    await expectError(lab.root.send(new ListKeyPoliciesCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
  });

  it('a policy that denies the app role makes the app client AccessDeniedException, with AWS text', async () => {
    const { id, arn } = await createKey(lab.root);
    const app = lab.as('app');
    // Under the default policy the account delegates to IAM, and the app role's IAM policy allows encryption.
    const blob = await seal(app, id, utf8('app data'));

    const denyApp = policyJson(ROOT_STATEMENT, {
      Sid: 'No encryption for the app',
      Effect: 'Deny',
      Principal: { AWS: APP_ROLE_ARN },
      Action: ['kms:Encrypt', 'kms:Decrypt'],
      Resource: '*',
    });
    await lab.root.send(new PutKeyPolicyCommand({ KeyId: id, Policy: denyApp }));
    expect((await lab.root.send(new GetKeyPolicyCommand({ KeyId: id }))).Policy).toBe(denyApp);

    await expectError(app.send(new EncryptCommand({ KeyId: id, Plaintext: utf8('x') })), 'AccessDeniedException', explicitDeny(APP_SESSION_ARN, 'Encrypt', arn));
    await expectError(app.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException', explicitDeny(APP_SESSION_ARN, 'Decrypt', arn));
    // Only what the statement names is denied.
    expect((await describeKey(app, id)).KeyId).toBe(id);
    // And only to the app: the root still decrypts.
    expect(Buffer.from(await open(lab.root, blob)).toString()).toBe('app data');

    await lab.root.send(new PutKeyPolicyCommand({ KeyId: id, Policy: DEFAULT_POLICY, PolicyName: 'default' }));
    expect(Buffer.from(await open(app, blob)).toString()).toBe('app data');
  });

  it('PutKeyPolicy refuses a policy that would lock the caller out, and malformed policies', async () => {
    const { id } = await createKey(lab.root);
    const adminOnly = policyJson({ Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'kms:*', Resource: '*' });
    await expectError(lab.root.send(new PutKeyPolicyCommand({ KeyId: id, Policy: adminOnly })), 'MalformedPolicyDocumentException', MSG.lockout);
    await expectError(lab.root.send(new PutKeyPolicyCommand({ KeyId: id, Policy: '{ not json' })), 'MalformedPolicyDocumentException');
    const unknownPrincipal = policyJson(ROOT_STATEMENT, {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/NoSuchUser` },
      Action: 'kms:Decrypt',
      Resource: '*',
    });
    await expectError(
      lab.root.send(new PutKeyPolicyCommand({ KeyId: id, Policy: unknownPrincipal })),
      'MalformedPolicyDocumentException',
      'Policy contains a statement with one or more invalid principals.',
    );
    // None of them replaced the policy.
    expect((await lab.root.send(new GetKeyPolicyCommand({ KeyId: id }))).Policy).toBe(DEFAULT_POLICY);
    await expectError(lab.root.send(new GetKeyPolicyCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
  });
});

describe('principals: the SigV4 access key ID picks who calls', () => {
  const lab = serveKms(110);
  let key: NewKey;
  let blob: Uint8Array;

  beforeAll(async () => {
    key = await createKey(lab.root);
    blob = await seal(lab.root, key.id, utf8('shared'));
  });

  it('the auditor reads keys and policies but may not use or change them', async () => {
    const auditor = lab.as('auditor');
    expect((await describeKey(auditor, key.id)).KeyId).toBe(key.id);
    expect((await auditor.send(new GetKeyPolicyCommand({ KeyId: key.id }))).Policy).toBe(DEFAULT_POLICY);
    expect((await auditor.send(new ListKeysCommand({}))).Keys?.map((k) => k.KeyId)).toContain(key.id);
    await expectError(
      auditor.send(new EncryptCommand({ KeyId: key.id, Plaintext: utf8('x') })),
      'AccessDeniedException',
      notAllowedByIam(AUDITOR_ARN, 'Encrypt', key.arn),
    );
    await expectError(auditor.send(new DisableKeyCommand({ KeyId: key.id })), 'AccessDeniedException', notAllowedByIam(AUDITOR_ARN, 'DisableKey', key.arn));
    await expectError(
      auditor.send(new PutKeyPolicyCommand({ KeyId: key.id, Policy: DEFAULT_POLICY })),
      'AccessDeniedException',
      notAllowedByIam(AUDITOR_ARN, 'PutKeyPolicy', key.arn),
    );
    await expectError(auditor.send(new CreateKeyCommand({})), 'AccessDeniedException');
    expect((await describeKey(lab.root, key.id)).KeyState).toBe('Enabled');
  });

  it('the key administrator manages keys but may not encrypt or decrypt', async () => {
    const admin = lab.as('admin');
    const own = await createKey(admin, { Description: 'made by KeyAdmin' });
    await admin.send(new DisableKeyCommand({ KeyId: own.id }));
    await admin.send(new EnableKeyCommand({ KeyId: own.id }));
    await expectError(admin.send(new EncryptCommand({ KeyId: own.id, Plaintext: utf8('x') })), 'AccessDeniedException', notAllowedByIam(ADMIN_ARN, 'Encrypt', own.arn));
    await expectError(admin.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException', notAllowedByIam(ADMIN_ARN, 'Decrypt', key.arn));
  });

  it('the app role uses keys but may not create or manage them', async () => {
    const app = lab.as('app');
    expect(Buffer.from(await open(app, blob)).toString()).toBe('shared');
    expect((await app.send(new GenerateDataKeyCommand({ KeyId: key.id, KeySpec: 'AES_256' }))).Plaintext).toHaveLength(32);
    expect((await app.send(new GenerateRandomCommand({ NumberOfBytes: 8 }))).Plaintext).toHaveLength(8);
    await expectError(app.send(new CreateKeyCommand({})), 'AccessDeniedException');
    await expectError(
      app.send(new ScheduleKeyDeletionCommand({ KeyId: key.id })),
      'AccessDeniedException',
      notAllowedByIam(APP_SESSION_ARN, 'ScheduleKeyDeletion', key.arn),
    );
    expect((await describeKey(lab.root, key.id)).KeyState).toBe('Enabled');
  });

  it('any other access key ID is the account root', async () => {
    const stranger = lab.as('AKIDEXAMPLE');
    const made = await createKey(stranger);
    expect(Buffer.from(await open(stranger, await seal(stranger, made.id, utf8('root'))))).toEqual(Buffer.from('root'));
    const last = lab.server.kms.auditLog().at(-1);
    expect({ event: last?.eventName, caller: last?.userIdentity.arn }).toEqual({ event: 'Decrypt', caller: ROOT_ARN });
  });
});

// ---- grants -------------------------------------------------------------------------------------------

describe('grants: CreateGrant, ListGrants, RetireGrant, RevokeGrant', () => {
  const lab = serveKms(111);

  it('a grant lets the auditor decrypt until the retiring principal retires it', async () => {
    const { id, arn } = await createKey(lab.root);
    const blob = await seal(lab.root, id, utf8('for the auditor'));
    const auditor = lab.as('auditor');
    await expectError(auditor.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException', notAllowedByIam(AUDITOR_ARN, 'Decrypt', arn));

    const grant = await lab.root.send(
      new CreateGrantCommand({ KeyId: id, GranteePrincipal: AUDITOR_ARN, RetiringPrincipal: ADMIN_ARN, Operations: ['Decrypt'], Name: 'audit-read' }),
    );
    const grantId = present(grant.GrantId, 'GrantId');
    expect(grantId).toMatch(/^[0-9a-f]{64}$/);
    expect(present(grant.GrantToken, 'GrantToken').length).toBeGreaterThan(32);
    expect(Buffer.from(await open(auditor, blob)).toString()).toBe('for the auditor');
    // The grant covers Decrypt only.
    await expectError(auditor.send(new EncryptCommand({ KeyId: id, Plaintext: utf8('x') })), 'AccessDeniedException');

    // The auditor may list grants (kms:List*).
    const listed = present((await auditor.send(new ListGrantsCommand({ KeyId: id }))).Grants, 'Grants');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      KeyId: arn,
      GrantId: grantId,
      Name: 'audit-read',
      GranteePrincipal: AUDITOR_ARN,
      RetiringPrincipal: ADMIN_ARN,
      IssuingAccount: ROOT_ARN,
      Operations: ['Decrypt'],
    });
    expect(listed[0]?.CreationDate).toBeInstanceOf(Date);
    expect((await lab.root.send(new ListGrantsCommand({ KeyId: id, GranteePrincipal: ADMIN_ARN }))).Grants).toEqual([]);

    await lab.as('admin').send(new RetireGrantCommand({ GrantToken: grant.GrantToken }));
    expect((await lab.root.send(new ListGrantsCommand({ KeyId: id }))).Grants).toEqual([]);
    await expectError(auditor.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException', notAllowedByIam(AUDITOR_ARN, 'Decrypt', arn));
  });

  it('RevokeGrant by key and grant ID removes the grant at once', async () => {
    const { id, arn } = await createKey(lab.root);
    const first = await lab.root.send(new CreateGrantCommand({ KeyId: id, GranteePrincipal: APP_ROLE_ARN, Operations: ['Encrypt', 'Decrypt'] }));
    const second = await lab.root.send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: AUDITOR_ARN, Operations: ['DescribeKey'] }));
    expect(first.GrantId).not.toBe(second.GrantId);
    await lab.root.send(new RevokeGrantCommand({ KeyId: id, GrantId: present(first.GrantId, 'GrantId') }));
    expect((await lab.root.send(new ListGrantsCommand({ KeyId: id }))).Grants?.map((g) => g.GrantId)).toEqual([second.GrantId]);
    // RetireGrant by key ARN and grant ID, as the issuing account's root.
    await lab.root.send(new RetireGrantCommand({ KeyId: arn, GrantId: present(second.GrantId, 'GrantId') }));
    expect((await lab.root.send(new ListGrantsCommand({ KeyId: id }))).Grants).toEqual([]);
  });

  it('RevokeGrant needs kms:RevokeGrant and a key that exists', async () => {
    const { id, arn } = await createKey(lab.root);
    const grant = await lab.root.send(new CreateGrantCommand({ KeyId: id, GranteePrincipal: AUDITOR_ARN, Operations: ['Decrypt'] }));
    const GrantId = present(grant.GrantId, 'GrantId');
    await expectError(
      lab.as('auditor').send(new RevokeGrantCommand({ KeyId: id, GrantId })),
      'AccessDeniedException',
      notAllowedByIam(AUDITOR_ARN, 'RevokeGrant', arn),
    );
    await expectError(lab.root.send(new RevokeGrantCommand({ KeyId: MISSING_ID, GrantId })), 'NotFoundException', notFound(MISSING_ID));
    expect((await lab.root.send(new ListGrantsCommand({ KeyId: id }))).Grants?.map((g) => g.GrantId)).toEqual([GrantId]);
  });

  it('refuses grants from principals without kms:CreateGrant, on disabled keys, and with unknown operations', async () => {
    const { id, arn } = await createKey(lab.root);
    await expectError(
      lab.as('auditor').send(new CreateGrantCommand({ KeyId: id, GranteePrincipal: AUDITOR_ARN, Operations: ['Decrypt'] })),
      'AccessDeniedException',
      notAllowedByIam(AUDITOR_ARN, 'CreateGrant', arn),
    );
    // The SDK sends any string; the service checks it against the GrantOperation enum.
    await expectError(
      lab.root.send(new CreateGrantCommand({ KeyId: id, GranteePrincipal: APP_ROLE_ARN, Operations: ['Fly' as 'Decrypt'] })),
      'ValidationException',
    );
    await lab.root.send(new DisableKeyCommand({ KeyId: id }));
    await expectError(
      lab.root.send(new CreateGrantCommand({ KeyId: id, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] })),
      'DisabledException',
      disabled(arn),
    );
    expect((await lab.root.send(new ListGrantsCommand({ KeyId: id }))).Grants).toEqual([]);
    await expectError(lab.root.send(new ListGrantsCommand({ KeyId: MISSING_ID })), 'NotFoundException', notFound(MISSING_ID));
    await expectError(lab.root.send(new RetireGrantCommand({ GrantToken: 'not a grant token' })), 'InvalidGrantTokenException');
  });
});

// ---- tags ---------------------------------------------------------------------------------------------

describe('tags: TagResource, UntagResource, ListResourceTags', () => {
  const lab = serveKms(112);

  const tagsOf = async (keyId: string) =>
    [...((await lab.root.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags ?? [])].sort((a, b) => (a.TagKey ?? '').localeCompare(b.TagKey ?? ''));

  it('adds, replaces and removes tags', async () => {
    const { id, arn } = await createKey(lab.root);
    expect(await lab.root.send(new ListResourceTagsCommand({ KeyId: id }))).toMatchObject({ Tags: [], Truncated: false });
    await lab.root.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: 'Project', TagValue: 'Alpha' }, { TagKey: 'Owner', TagValue: 'ops' }] }));
    await lab.root.send(new TagResourceCommand({ KeyId: arn, Tags: [{ TagKey: 'Project', TagValue: 'Beta' }] }));
    expect(await tagsOf(id)).toEqual([
      { TagKey: 'Owner', TagValue: 'ops' },
      { TagKey: 'Project', TagValue: 'Beta' },
    ]);
    // Keys not there are ignored.
    await lab.root.send(new UntagResourceCommand({ KeyId: id, TagKeys: ['Owner', 'Missing'] }));
    expect(await tagsOf(id)).toEqual([{ TagKey: 'Project', TagValue: 'Beta' }]);
  });

  it('TagException for the aws: prefix and duplicate keys, and nothing of the request is added', async () => {
    const { id } = await createKey(lab.root);
    await expectError(
      lab.root.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: 'ok', TagValue: '1' }, { TagKey: 'aws:team', TagValue: 'x' }] })),
      'TagException',
      'Tags beginning with aws: are reserved',
    );
    await expectError(
      lab.root.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: 'dup', TagValue: '1' }, { TagKey: 'dup', TagValue: '2' }] })),
      'TagException',
      'Duplicate tag keys',
    );
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
    await expectError(lab.root.send(new TagResourceCommand({ KeyId: id, Tags: tooMany })), 'TagException', 'Too many tags');
    expect(await tagsOf(id)).toEqual([]);
  });

  it('names a key that does not exist, refuses aliases, and keys pending deletion', async () => {
    const { id, arn } = await createKey(lab.root);
    const tag = [{ TagKey: 'a', TagValue: 'b' }];
    await expectError(lab.root.send(new TagResourceCommand({ KeyId: MISSING_ID, Tags: tag })), 'NotFoundException', notFound(MISSING_ID));
    await lab.root.send(new CreateAliasCommand({ AliasName: 'alias/tagged', TargetKeyId: id }));
    await expectError(lab.root.send(new ListResourceTagsCommand({ KeyId: 'alias/tagged' })), 'NotFoundException');
    await lab.root.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    await expectError(lab.root.send(new TagResourceCommand({ KeyId: id, Tags: tag })), 'KMSInvalidStateException', pendingDeletion(arn));
    await expectError(lab.root.send(new UntagResourceCommand({ KeyId: id, TagKeys: ['a'] })), 'KMSInvalidStateException', pendingDeletion(arn));
  });
});

// ---- imported key material ----------------------------------------------------------------------------

describe('imported key material', () => {
  const lab = serveKms(113);

  /** Wraps key material for import as a key custodian would: RSA-OAEP with SHA-256 under the DER SPKI public key. */
  function wrap(publicKey: Uint8Array, material: Uint8Array): Uint8Array {
    const key = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' });
    return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
  }

  async function importParameters(keyId: string) {
    const out = await lab.root.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    return { token: present(out.ImportToken, 'ImportToken'), publicKey: present(out.PublicKey, 'PublicKey'), out };
  }

  async function importMaterial(keyId: string, material: Uint8Array) {
    const { token, publicKey } = await importParameters(keyId);
    return lab.root.send(
      new ImportKeyMaterialCommand({
        KeyId: keyId,
        ImportToken: token,
        EncryptedKeyMaterial: wrap(publicKey, material),
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }),
    );
  }

  it('EXTERNAL key: import 32 bytes, use it, delete the material, and it is pending import again', async () => {
    const { id, arn, metadata } = await createKey(lab.root, { Origin: 'EXTERNAL', Description: 'bring your own key' });
    expect(metadata).toMatchObject({ Origin: 'EXTERNAL', KeyState: 'PendingImport', Enabled: false });
    expect(metadata.CurrentKeyMaterialId).toBeUndefined();
    await expectError(lab.root.send(new EncryptCommand({ KeyId: id, Plaintext: utf8('x') })), 'KMSInvalidStateException', pendingImport(arn));

    const requestedAt = lab.server.kms.now().getTime();
    const { token, publicKey, out } = await importParameters(id);
    expect(out.KeyId).toBe(arn);
    expect(token).toBeInstanceOf(Uint8Array);
    // The wrapping key is a DER SubjectPublicKeyInfo of the requested size, valid for 24 hours.
    expect(createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(Math.abs(present(out.ParametersValidTo, 'ParametersValidTo').getTime() - (requestedAt + DAY))).toBeLessThan(60_000);

    const material = new Uint8Array(randomBytes(32));
    const imported = await lab.root.send(
      new ImportKeyMaterialCommand({
        KeyId: id,
        ImportToken: token,
        EncryptedKeyMaterial: wrap(publicKey, material),
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }),
    );
    expect(imported.KeyId).toBe(arn);
    expect(imported.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(await describeKey(lab.root, id)).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });

    const blob = await seal(lab.root, id, ALL_BYTES);
    expect(hex(await open(lab.root, blob))).toBe(hex(ALL_BYTES));

    const deleted = await lab.root.send(new DeleteImportedKeyMaterialCommand({ KeyId: id }));
    expect(deleted).toMatchObject({ KeyId: arn, KeyMaterialId: imported.KeyMaterialId });
    expect(await describeKey(lab.root, id)).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
    await expectError(lab.root.send(new EncryptCommand({ KeyId: id, Plaintext: utf8('x') })), 'KMSInvalidStateException', pendingImport(arn));
    await expectError(lab.root.send(new DecryptCommand({ CiphertextBlob: blob })), 'KMSInvalidStateException', pendingImport(arn));

    // Importing the same material again brings the old ciphertexts back.
    await importMaterial(id, material);
    expect(hex(await open(lab.root, blob))).toBe(hex(ALL_BYTES));
  });

  it('GetParametersForImport and DeleteImportedKeyMaterial are only for EXTERNAL keys', async () => {
    const { id, arn } = await createKey(lab.root);
    await expectError(
      lab.root.send(new GetParametersForImportCommand({ KeyId: id, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
      'UnsupportedOperationException',
      `${arn} origin is AWS_KMS which is not valid for this operation.`,
    );
    await expectError(lab.root.send(new DeleteImportedKeyMaterialCommand({ KeyId: id })), 'UnsupportedOperationException');
    expect((await describeKey(lab.root, id)).KeyState).toBe('Enabled');
    await expectError(
      lab.root.send(new GetParametersForImportCommand({ KeyId: MISSING_ID, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
      'NotFoundException',
      notFound(MISSING_ID),
    );
  });

  it('ImportKeyMaterial: material that expires needs a ValidTo, and import tokens last 24 hours', async () => {
    const { id } = await createKey(lab.root, { Origin: 'EXTERNAL' });
    const { token, publicKey } = await importParameters(id);
    const wrapped = wrap(publicKey, new Uint8Array(randomBytes(32)));
    // KEY_MATERIAL_EXPIRES is also what an omitted ExpirationModel means.
    await expectError(lab.root.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: token, EncryptedKeyMaterial: wrapped })), 'ValidationException', MSG.validToRequired);
    await expectError(
      lab.root.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: token, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_EXPIRES' })),
      'ValidationException',
      MSG.validToRequired,
    );
    await lab.server.kms.advanceTime(DAY + 60_000);
    await expectError(
      lab.root.send(
        new ImportKeyMaterialCommand({ KeyId: id, ImportToken: token, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
      ),
      'ExpiredImportTokenException',
    );
    expect((await describeKey(lab.root, id)).KeyState).toBe('PendingImport');
  });

  it('material with a ValidTo expires: the key goes back to PendingImport', async () => {
    const { id, arn } = await createKey(lab.root, { Origin: 'EXTERNAL' });
    const { token, publicKey } = await importParameters(id);
    const validTo = new Date(lab.server.kms.now().getTime() + 2 * DAY);
    await lab.root.send(
      new ImportKeyMaterialCommand({
        KeyId: id,
        ImportToken: token,
        EncryptedKeyMaterial: wrap(publicKey, new Uint8Array(randomBytes(32))),
        ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        ValidTo: validTo,
      }),
    );
    const metadata = await describeKey(lab.root, id);
    expect(metadata).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES' });
    expect(metadata.ValidTo?.getTime()).toBe(validTo.getTime());
    await seal(lab.root, id, utf8('for two days'));
    await lab.server.kms.advanceTime(3 * DAY);
    expect((await describeKey(lab.root, id)).KeyState).toBe('PendingImport');
    await expectError(lab.root.send(new EncryptCommand({ KeyId: id, Plaintext: utf8('x') })), 'KMSInvalidStateException', pendingImport(arn));
  });

  it('automatic rotation is not for imported keys', async () => {
    const { id, arn } = await createKey(lab.root, { Origin: 'EXTERNAL' });
    await expectError(
      lab.root.send(new EnableKeyRotationCommand({ KeyId: id })),
      'UnsupportedOperationException',
      `${arn} origin is EXTERNAL which is not valid for this operation.`,
    );
  });
});

// ---- asymmetric and HMAC keys -------------------------------------------------------------------------

describe('asymmetric and HMAC keys through the SDK', () => {
  const lab = serveKms(115);
  const keyOf = async (KeySpec: CreateKeyCommandInput['KeySpec'], KeyUsage: CreateKeyCommandInput['KeyUsage']) => createKey(lab.root, { KeySpec, KeyUsage });

  it('CreateKey and GetPublicKey: the spec, usage and algorithms; the public key is DER SPKI that Node reads', async () => {
    const { id, arn } = await keyOf('RSA_3072', 'SIGN_VERIFY');
    const metadata = await describeKey(lab.root, id);
    expect(metadata).toMatchObject({ KeySpec: 'RSA_3072', CustomerMasterKeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY', KeyState: 'Enabled' });
    expect(metadata.SigningAlgorithms).toHaveLength(6);
    expect(metadata.CurrentKeyMaterialId).toBeUndefined();
    const out = await lab.root.send(new GetPublicKeyCommand({ KeyId: id }));
    expect(out).toMatchObject({ KeyId: arn, KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' });
    const publicKey = createPublicKey({ key: Buffer.from(present(out.PublicKey, 'PublicKey')), format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    await expectError(lab.root.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256' })), 'ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  });

  it('Sign and Verify: a signature Node verifies, and KMSInvalidSignatureException for a changed message', async () => {
    const { id, arn } = await keyOf('ECC_NIST_P384', 'SIGN_VERIFY');
    const message = utf8('signed through the SDK');
    const signed = await lab.root.send(new SignCommand({ KeyId: id, Message: message, SigningAlgorithm: 'ECDSA_SHA_384' }));
    expect(signed).toMatchObject({ KeyId: arn, SigningAlgorithm: 'ECDSA_SHA_384' });
    const signature = present(signed.Signature, 'Signature');
    const der = present((await lab.root.send(new GetPublicKeyCommand({ KeyId: id }))).PublicKey, 'PublicKey');
    expect(verifySignature('sha384', message, createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }), signature)).toBe(true);
    const verified = await lab.root.send(new VerifyCommand({ KeyId: id, Message: message, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_384' }));
    expect(verified).toMatchObject({ KeyId: arn, SignatureValid: true, SigningAlgorithm: 'ECDSA_SHA_384' });
    await expectError(lab.root.send(new VerifyCommand({ KeyId: id, Message: utf8('changed'), Signature: signature, SigningAlgorithm: 'ECDSA_SHA_384' })), 'KMSInvalidSignatureException', MSG.noMessage);
    const digest = new Uint8Array(createHash('sha384').update(message).digest());
    const fromDigest = await lab.root.send(new SignCommand({ KeyId: id, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_384' }));
    await lab.root.send(new VerifyCommand({ KeyId: id, Message: message, Signature: fromDigest.Signature, SigningAlgorithm: 'ECDSA_SHA_384' }));
  });

  it('RSA Encrypt and Decrypt: Node encrypts with the public key, KMS decrypts with KeyId and algorithm', async () => {
    const { id, arn } = await keyOf('RSA_2048', 'ENCRYPT_DECRYPT');
    const der = present((await lab.root.send(new GetPublicKeyCommand({ KeyId: id }))).PublicKey, 'PublicKey');
    const key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    const blob = new Uint8Array(publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, utf8('outside in')));
    const out = await lab.root.send(new DecryptCommand({ KeyId: id, CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(out).toMatchObject({ KeyId: arn, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect(new TextDecoder().decode(out.Plaintext)).toBe('outside in');
    expect(out.KeyMaterialId).toBeUndefined();
    const sealed = await lab.root.send(new EncryptCommand({ KeyId: id, Plaintext: utf8('inside'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
    expect(present(sealed.CiphertextBlob, 'CiphertextBlob')).toHaveLength(256);
    await expectError(
      lab.root.send(new EncryptCommand({ KeyId: id, Plaintext: new Uint8Array(191), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'ValidationException',
      'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.',
    );
    await expectError(lab.root.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_256' })), 'InvalidKeyUsageException');
    await expectError(lab.root.send(new EnableKeyRotationCommand({ KeyId: id })), 'UnsupportedOperationException');
  });

  it('GenerateMac and VerifyMac: KMSInvalidMacException for a wrong MAC', async () => {
    const { id, arn } = await keyOf('HMAC_512', 'GENERATE_VERIFY_MAC');
    const made = await lab.root.send(new GenerateMacCommand({ KeyId: id, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_512' }));
    expect(made).toMatchObject({ KeyId: arn, MacAlgorithm: 'HMAC_SHA_512' });
    expect(present(made.Mac, 'Mac')).toHaveLength(64);
    const checked = await lab.root.send(new VerifyMacCommand({ KeyId: id, Message: utf8('m'), Mac: made.Mac, MacAlgorithm: 'HMAC_SHA_512' }));
    expect(checked).toMatchObject({ KeyId: arn, MacValid: true, MacAlgorithm: 'HMAC_SHA_512' });
    await expectError(lab.root.send(new VerifyMacCommand({ KeyId: id, Message: utf8('n'), Mac: made.Mac, MacAlgorithm: 'HMAC_SHA_512' })), 'KMSInvalidMacException', MSG.noMessage);
  });

  it('GenerateDataKeyPair and WithoutPlaintext: Node reads the PKCS#8 private key, and its public key is the one returned', async () => {
    const { id, arn } = await createKey(lab.root);
    const pair = await lab.root.send(new GenerateDataKeyPairCommand({ KeyId: id, KeyPairSpec: 'ECC_NIST_P521' }));
    expect(pair).toMatchObject({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P521' });
    const privateKey = createPrivateKey({ key: Buffer.from(present(pair.PrivateKeyPlaintext, 'PrivateKeyPlaintext')), format: 'der', type: 'pkcs8' });
    expect(new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }))).toEqual(pair.PublicKey);
    expect(await open(lab.root, present(pair.PrivateKeyCiphertextBlob, 'PrivateKeyCiphertextBlob'))).toEqual(pair.PrivateKeyPlaintext);
    const bare = await lab.root.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: id, KeyPairSpec: 'RSA_2048' }));
    expect(bare).not.toHaveProperty('PrivateKeyPlaintext');
    expect(bare.KeyPairSpec).toBe('RSA_2048');
  });

  it('GetKeyLastUsage names the last cryptographic call; ListRetirableGrants finds grants by retiring principal', async () => {
    const { id, arn } = await createKey(lab.root);
    expect((await lab.root.send(new GetKeyLastUsageCommand({ KeyId: id }))).KeyLastUsage).toBeUndefined();
    await seal(lab.root, id, utf8('used'));
    const usage = await lab.root.send(new GetKeyLastUsageCommand({ KeyId: id }));
    expect(usage).toMatchObject({ KeyId: arn, KeyLastUsage: { Operation: 'Encrypt' } });
    expect(usage.TrackingStartDate).toBeInstanceOf(Date);
    const retiring = 'arn:aws:iam::111122223333:role/Retirer';
    const { GrantId } = await lab.root.send(new CreateGrantCommand({ KeyId: id, GranteePrincipal: APP_ROLE_ARN, RetiringPrincipal: retiring, Operations: ['Decrypt'] }));
    const listed = await lab.root.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retiring }));
    expect(listed.Grants?.map((g) => [g.GrantId, g.KeyId])).toEqual([[GrantId, arn]]);
  });

  it('DeriveSharedSecret: the same secret Node derives with its own key', async () => {
    const { id, arn } = await keyOf('ECC_NIST_P256', 'KEY_AGREEMENT');
    const theirs = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const kmsPublic = present((await lab.root.send(new GetPublicKeyCommand({ KeyId: id }))).PublicKey, 'PublicKey');
    const out = await lab.root.send(
      new DeriveSharedSecretCommand({ KeyId: id, KeyAgreementAlgorithm: 'ECDH', PublicKey: new Uint8Array(theirs.publicKey.export({ format: 'der', type: 'spki' })) }),
    );
    expect(out).toMatchObject({ KeyId: arn, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' });
    const expected = diffieHellman({ privateKey: theirs.privateKey, publicKey: createPublicKey({ key: Buffer.from(kmsPublic), format: 'der', type: 'spki' }) });
    expect(out.SharedSecret).toEqual(new Uint8Array(expected));
  });
});

// ---- custom key stores --------------------------------------------------------------------------------

describe('custom key stores through the SDK', () => {
  const lab = serveKms(116);

  it('an external key store: create, connect, a key in it, Unavailable once disconnected, then deleted', async () => {
    const created = await lab.root.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: 'xks',
        CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
        XksProxyConnectivity: 'PUBLIC_ENDPOINT',
        XksProxyUriEndpoint: 'https://xks.example.com',
        XksProxyUriPath: '/kms/xks/v1',
        XksProxyAuthenticationCredential: { AccessKeyId: 'ABCDEFGHIJ234567ABCD', RawSecretAccessKey: 'b'.repeat(43) },
      }),
    );
    const CustomKeyStoreId = present(created.CustomKeyStoreId, 'CustomKeyStoreId');
    await lab.root.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId, NewCustomKeyStoreName: 'xks-renamed' }));
    await lab.root.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId }));
    const described = await lab.root.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: 'xks-renamed' }));
    expect(described.CustomKeyStores?.[0]).toMatchObject({ CustomKeyStoreId, ConnectionState: 'CONNECTED', XksProxyConfiguration: { UriPath: '/kms/xks/v1' } });
    expect(described.CustomKeyStores?.[0]?.CreationDate).toBeInstanceOf(Date);
    const { id } = await createKey(lab.root, { CustomKeyStoreId, Origin: 'EXTERNAL_KEY_STORE', XksKeyId: 'ext-1' });
    expect(await describeKey(lab.root, id)).toMatchObject({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId, XksKeyConfiguration: { Id: 'ext-1' } });
    await lab.root.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId }));
    expect((await describeKey(lab.root, id)).KeyState).toBe('Unavailable');
    await expectError(lab.root.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId })), 'CustomKeyStoreHasCMKsException');
    await expectError(lab.root.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId })), 'CustomKeyStoreInvalidStateException');
    await expectError(lab.root.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: 'cks-00000000000000000' })), 'CustomKeyStoreNotFoundException');
  });
});

// ---- what the simulator does not implement ------------------------------------------------------------

describe('operations the simulator does not implement', () => {
  const lab = serveKms(114);

  // json-protocol.ts answers a real KMS operation it lacks with UnsupportedOperationException (a modelled
  // KMS exception, so the SDK surfaces it by name), saying so in the message.
  const unimplemented: [string, (client: KMSClient, keyId: string) => Promise<unknown>][] = [
    ['ReplicateKey', (c, KeyId) => c.send(new ReplicateKeyCommand({ KeyId, ReplicaRegion: 'eu-west-1' }))],
    ['UpdatePrimaryRegion', (c, KeyId) => c.send(new UpdatePrimaryRegionCommand({ KeyId, PrimaryRegion: 'eu-west-1' }))],
  ];

  it.each(unimplemented)('%s: UnsupportedOperationException, HTTP 400', async (operation, call) => {
    const { id } = await createKey(lab.root);
    await expectError(call(lab.root, id), 'UnsupportedOperationException', `KMS Lab: the simulator does not implement ${operation}.`);
  });
});

// ---- coverage -----------------------------------------------------------------------------------------

describe('coverage', () => {
  // Runs last (vitest keeps file order): every server above has stopped and reported what it ran.
  it('every operation the simulator implements was called through the SDK', () => {
    const missing = Object.keys(OPERATIONS).filter((operation) => !operationsServed.has(operation));
    expect(missing).toEqual([]);
  });
});
