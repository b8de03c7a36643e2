import { describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { DAY_MS } from '../../src/kms/clock.ts';
import type { Kms } from '../../src/kms/kms.ts';
import type { KeyMetadata } from '../../src/kms/types.ts';
import { ACCOUNT, aliasArn, APP_ROLE_ARN, decode, encode, expectError, keyArn, MISSING_ID, newKms, ROOT_ARN } from '../support/kms-test-helpers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** KeyMetadata members in the order the API model lists them. */
const MODEL_ORDER = Object.keys(API_MODEL.shapes['KeyMetadata']!.members!);
const inModelOrder = (meta: KeyMetadata) => MODEL_ORDER.filter((m) => m in meta);

async function newKey(kms: Kms, description?: string): Promise<KeyMetadata> {
  return (await kms.createKey(description === undefined ? {} : { Description: description })).KeyMetadata;
}

describe('CreateKey', () => {
  it('returns the default KeyMetadata of a symmetric key, members in the model order', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    expect(Object.keys(meta)).toEqual([
      'AWSAccountId',
      'KeyId',
      'Arn',
      'CreationDate',
      'Enabled',
      'Description',
      'KeyUsage',
      'KeyState',
      'Origin',
      'KeyManager',
      'CustomerMasterKeySpec',
      'KeySpec',
      'EncryptionAlgorithms',
      'MultiRegion',
      'CurrentKeyMaterialId',
    ]);
    expect(Object.keys(meta)).toEqual(inModelOrder(meta));
    expect(meta.KeyId).toMatch(UUID);
    expect(meta).toEqual({
      AWSAccountId: ACCOUNT,
      KeyId: meta.KeyId,
      Arn: keyArn(meta.KeyId),
      CreationDate: kms.now(),
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
      CurrentKeyMaterialId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(meta['CreationDate']).toBeInstanceOf(Date);
  });

  it('gives every key its own ID and key material', async () => {
    const kms = await newKms();
    const a = await newKey(kms);
    const b = await newKey(kms);
    expect(a.KeyId).not.toBe(b.KeyId);
    expect(a['CurrentKeyMaterialId']).not.toBe(b['CurrentKeyMaterialId']);
  });

  it('keeps the Description and Tags it was given', async () => {
    const kms = await newKms();
    const { KeyMetadata: meta } = await kms.createKey({
      Description: 'Payroll data key',
      Tags: [
        { TagKey: 'team', TagValue: 'finance' },
        { TagKey: 'env', TagValue: '' },
      ],
    });
    expect(meta['Description']).toBe('Payroll data key');
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata['Description']).toBe('Payroll data key');
    const { Tags } = await kms.listResourceTags({ KeyId: meta.KeyId });
    expect(Tags).toEqual([
      { TagKey: 'team', TagValue: 'finance' },
      { TagKey: 'env', TagValue: '' },
    ]);
  });

  it('refuses a Description longer than the model allows (8192)', async () => {
    const kms = await newKms();
    const before = (await kms.listKeys()).Keys.length;
    const error = await expectError(kms.createKey({ Description: 'x'.repeat(8193) }), 'ValidationException');
    expect(error.message).toMatch(/^1 validation error detected: /);
    expect(error.message).toContain("at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192");
    expect((await kms.listKeys()).Keys.length).toBe(before);
    // 8192 itself is fine
    expect((await kms.createKey({ Description: 'x'.repeat(8192) })).KeyMetadata['Description']).toHaveLength(8192);
  });

  it('creates an EXTERNAL key waiting for its material: PendingImport, not Enabled, no CurrentKeyMaterialId', async () => {
    const kms = await newKms();
    const { KeyMetadata: meta } = await kms.createKey({ Origin: 'EXTERNAL' });
    expect(meta).toMatchObject({ Origin: 'EXTERNAL', KeyState: 'PendingImport', Enabled: false, KeyManager: 'CUSTOMER' });
    expect(meta).not.toHaveProperty('CurrentKeyMaterialId');
    expect(meta).not.toHaveProperty('ExpirationModel');
    expect(meta).not.toHaveProperty('ValidTo');
    expect(Object.keys(meta)).toEqual(inModelOrder(meta));
    await expectError(
      kms.encrypt({ KeyId: meta.KeyId, Plaintext: encode('x') }),
      'KMSInvalidStateException',
      `${meta.Arn} is pending import.`,
    );
  });

  it('says plainly that multi-Region keys are beyond the simulator', async () => {
    const kms = await newKms();
    const before = (await kms.listKeys()).Keys.length;
    const error = await expectError(kms.createKey({ MultiRegion: true }), 'UnsupportedOperationException');
    expect(error.message).toContain('KMS Lab simulates KMS keys in a single Region only');
    expect(error.message).toContain('multi-Region');
    expect((await kms.listKeys()).Keys.length).toBe(before);
    // MultiRegion false is the default and fine
    expect((await kms.createKey({ MultiRegion: false })).KeyMetadata['MultiRegion']).toBe(false);
  });

  it('checks enum members against the model with AWS wording', async () => {
    const kms = await newKms();
    const enumError = async (input: { KeyUsage: string } | { KeySpec: string }, value: string, member: string, shape: string) => {
      const error = await expectError(kms.createKey(input), 'ValidationException');
      const head = `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [`;
      expect(error.message.startsWith(head)).toBe(true);
      expect(error.message.endsWith(']')).toBe(true);
      const listed = error.message.slice(head.length, -1).split(', ');
      expect([...listed].sort()).toEqual([...API_MODEL.shapes[shape]!.enum!].sort());
      return listed;
    };
    // AWS's own message (kms-facts §5) lists ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC in that order
    const usages = await enumError({ KeyUsage: 'RANDOM' }, 'RANDOM', 'keyUsage', 'KeyUsageType');
    expect(usages.slice(0, 3)).toEqual(['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC']);
    await enumError({ KeySpec: 'AES_512' }, 'AES_512', 'keySpec', 'KeySpec');
  });
});

describe('DescribeKey', () => {
  it('finds a key by key ID, key ARN, alias name and alias ARN', async () => {
    const kms = await newKms();
    const meta = await newKey(kms, 'found four ways');
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: meta.KeyId });
    for (const ref of [meta.KeyId, meta.Arn, 'alias/orders', aliasArn('alias/orders')]) {
      const { KeyMetadata } = await kms.describeKey({ KeyId: ref });
      expect(KeyMetadata).toEqual(meta);
    }
  });

  it('says a KeyId that is not a UUID is invalid', async () => {
    const kms = await newKms();
    await expectError(kms.describeKey({ KeyId: 'fake-key-id' }), 'NotFoundException', "Invalid keyId 'fake-key-id'");
  });

  it('names the key ARN of an unknown key ID or key ARN', async () => {
    const kms = await newKms();
    const message = `Key '${keyArn(MISSING_ID)}' does not exist`;
    await expectError(kms.describeKey({ KeyId: MISSING_ID }), 'NotFoundException', message);
    await expectError(kms.describeKey({ KeyId: keyArn(MISSING_ID) }), 'NotFoundException', message);
  });

  it('names the alias ARN of an unknown alias, given by name or by ARN', async () => {
    const kms = await newKms();
    const message = `Alias ${aliasArn('alias/nothing-here')} is not found.`;
    await expectError(kms.describeKey({ KeyId: 'alias/nothing-here' }), 'NotFoundException', message);
    await expectError(kms.describeKey({ KeyId: aliasArn('alias/nothing-here') }), 'NotFoundException', message);
  });

  it('refuses a key ARN or alias ARN of another Region with "Invalid arn <region>"', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/here', TargetKeyId: meta.KeyId });
    await expectError(
      kms.describeKey({ KeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${meta.KeyId}` }),
      'NotFoundException',
      'Invalid arn eu-west-1',
    );
    await expectError(
      kms.describeKey({ KeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/here` }),
      'NotFoundException',
      'Invalid arn eu-west-1',
    );
  });

  it('is refused an empty KeyId by the model (min length 1)', async () => {
    const kms = await newKms();
    await expectError(
      kms.describeKey({ KeyId: '' }),
      'ValidationException',
      "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});

describe('management operations take a key ID or key ARN, never an alias', () => {
  const operations: [string, (kms: Kms, keyId: string) => Promise<unknown>][] = [
    ['EnableKey', (kms, KeyId) => kms.enableKey({ KeyId })],
    ['DisableKey', (kms, KeyId) => kms.disableKey({ KeyId })],
    ['ScheduleKeyDeletion', (kms, KeyId) => kms.scheduleKeyDeletion({ KeyId })],
    ['CancelKeyDeletion', (kms, KeyId) => kms.cancelKeyDeletion({ KeyId })],
    ['UpdateKeyDescription', (kms, KeyId) => kms.updateKeyDescription({ KeyId, Description: 'changed' })],
    ['EnableKeyRotation', (kms, KeyId) => kms.enableKeyRotation({ KeyId })],
    ['GetKeyPolicy', (kms, KeyId) => kms.getKeyPolicy({ KeyId })],
    ['TagResource', (kms, KeyId) => kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] })],
  ];

  it.each(operations)('%s refuses an alias name and an alias ARN with NotFoundException, and changes nothing', async (_name, call) => {
    const kms = await newKms();
    const meta = await newKey(kms, 'original');
    await kms.createAlias({ AliasName: 'alias/managed', TargetKeyId: meta.KeyId });
    for (const ref of ['alias/managed', aliasArn('alias/managed')]) {
      const error = await expectError(call(kms, ref), 'NotFoundException');
      expect(error.message).toContain('alias/managed');
    }
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata).toEqual(meta);
    expect((await kms.getKeyRotationStatus({ KeyId: meta.KeyId })).KeyRotationEnabled).toBe(false);
    expect((await kms.listResourceTags({ KeyId: meta.KeyId })).Tags).toEqual([]);
  });

  it('the same operations accept the key ARN', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await kms.disableKey({ KeyId: meta.Arn });
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata.KeyState).toBe('Disabled');
    await kms.enableKey({ KeyId: meta.Arn });
    await kms.updateKeyDescription({ KeyId: meta.Arn, Description: 'by ARN' });
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Description: 'by ARN' });
  });
});

describe('ListKeys', () => {
  it('lists every key as {KeyId, KeyArn}, the AWS managed ones included', async () => {
    const kms = await newKms();
    const mine = [await newKey(kms), await newKey(kms), await newKey(kms)];
    const { Keys, Truncated, ...rest } = await kms.listKeys();
    expect(Truncated).toBe(false);
    expect(rest).toEqual({});
    for (const entry of Keys) {
      expect(Object.keys(entry)).toEqual(['KeyId', 'KeyArn']);
      expect(entry.KeyArn).toBe(keyArn(entry.KeyId));
    }
    for (const meta of mine) expect(Keys).toContainEqual({ KeyId: meta.KeyId, KeyArn: meta.Arn });
    const s3 = (await kms.describeKey({ KeyId: 'alias/aws/s3' })).KeyMetadata;
    expect(Keys).toContainEqual({ KeyId: s3.KeyId, KeyArn: s3.Arn });
  });

  it('pages with Limit and Marker: Truncated and NextMarker until the last page', async () => {
    const kms = await newKms();
    for (let i = 0; i < 5; i++) await newKey(kms);
    const all = (await kms.listKeys()).Keys;
    expect(all.length).toBeGreaterThanOrEqual(5);

    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await kms.listKeys(marker === undefined ? { Limit: 2 } : { Limit: 2, Marker: marker });
      pages++;
      seen.push(...page.Keys.map((k) => k.KeyId));
      if (!page.Truncated) {
        expect(page).not.toHaveProperty('NextMarker');
        break;
      }
      expect(page.Keys).toHaveLength(2);
      expect(Object.keys(page)).toEqual(['Keys', 'NextMarker', 'Truncated']);
      expect(typeof page.NextMarker).toBe('string');
      marker = page.NextMarker;
      if (pages > 50) throw new Error('paging never ends');
    }
    expect(pages).toBe(Math.ceil(all.length / 2));
    expect(seen).toEqual(all.map((k) => k.KeyId));
  });

  it('checks Limit against the model (1 to 1000)', async () => {
    const kms = await newKms();
    await expectError(
      kms.listKeys({ Limit: 0 }),
      'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await expectError(
      kms.listKeys({ Limit: 1001 }),
      'ValidationException',
      "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    expect((await kms.listKeys({ Limit: 1000 })).Truncated).toBe(false);
  });

  it('refuses a marker it did not issue with InvalidMarkerException', async () => {
    const kms = await newKms();
    await expectError(kms.listKeys({ Marker: 'not-a-marker' }), 'InvalidMarkerException');
    await expectError(kms.listKeys({ Marker: btoa('something else') }), 'InvalidMarkerException');
  });

  it('still lists a key pending deletion, but not a deleted one', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: 7 });
    expect((await kms.listKeys()).Keys.map((k) => k.KeyId)).toContain(meta.KeyId);
    await kms.advanceTime(8 * DAY_MS);
    expect((await kms.listKeys()).Keys.map((k) => k.KeyId)).not.toContain(meta.KeyId);
  });
});

describe('UpdateKeyDescription', () => {
  it('replaces the description, an empty one included', async () => {
    const kms = await newKms();
    const meta = await newKey(kms, 'first');
    expect(await kms.updateKeyDescription({ KeyId: meta.KeyId, Description: 'second' })).toBeUndefined();
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata['Description']).toBe('second');
    await kms.updateKeyDescription({ KeyId: meta.KeyId, Description: '' });
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata['Description']).toBe('');
  });

  it('works on a disabled key', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await kms.disableKey({ KeyId: meta.KeyId });
    await kms.updateKeyDescription({ KeyId: meta.KeyId, Description: 'retired' });
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata).toMatchObject({ Description: 'retired', KeyState: 'Disabled' });
  });

  it('requires a Description member', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await expectError(
      kms.updateKeyDescription({ KeyId: meta.KeyId } as unknown as { KeyId: string; Description: string }),
      'ValidationException',
      "1 validation error detected: Value null at 'description' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('EnableKey and DisableKey', () => {
  it('a disabled key shows Disabled, refuses cryptography, and works again once enabled', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: meta.KeyId, Plaintext: encode('before') });

    expect(await kms.disableKey({ KeyId: meta.KeyId })).toBeUndefined();
    const disabled = (await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata;
    expect(disabled).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(disabled['CurrentKeyMaterialId']).toBe(meta['CurrentKeyMaterialId']);
    await expectError(kms.encrypt({ KeyId: meta.KeyId, Plaintext: encode('x') }), 'DisabledException', `${meta.Arn} is disabled.`);
    await expectError(kms.decrypt({ CiphertextBlob }), 'DisabledException', `${meta.Arn} is disabled.`);
    await expectError(kms.generateDataKey({ KeyId: meta.KeyId, KeySpec: 'AES_256' }), 'DisabledException', `${meta.Arn} is disabled.`);

    expect(await kms.enableKey({ KeyId: meta.KeyId })).toBeUndefined();
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true });
    const { Plaintext } = await kms.decrypt({ CiphertextBlob });
    expect(decode(Plaintext)).toBe('before');
  });

  it('enabling an enabled key and disabling a disabled key change nothing', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await kms.enableKey({ KeyId: meta.KeyId });
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    await kms.disableKey({ KeyId: meta.KeyId });
    await kms.disableKey({ KeyId: meta.KeyId });
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata.KeyState).toBe('Disabled');
  });

  it('names the missing key', async () => {
    const kms = await newKms();
    await expectError(kms.disableKey({ KeyId: MISSING_ID }), 'NotFoundException', `Key '${keyArn(MISSING_ID)}' does not exist`);
    await expectError(kms.enableKey({ KeyId: 'fake-key-id' }), 'NotFoundException', "Invalid keyId 'fake-key-id'");
  });
});

describe('ScheduleKeyDeletion', () => {
  it('waits 30 days by default and answers KeyId (ARN), DeletionDate, KeyState, PendingWindowInDays', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    const result = await kms.scheduleKeyDeletion({ KeyId: meta.KeyId });
    const now = kms.now().getTime();
    expect(Object.keys(result)).toEqual(['KeyId', 'DeletionDate', 'KeyState', 'PendingWindowInDays']);
    expect(result).toEqual({
      KeyId: meta.Arn,
      DeletionDate: new Date(now + 30 * DAY_MS),
      KeyState: 'PendingDeletion',
      PendingWindowInDays: 30,
    });
  });

  it.each([7, 30, 15])('accepts a window of %i days', async (days) => {
    const kms = await newKms();
    const meta = await newKey(kms);
    const result = await kms.scheduleKeyDeletion({ KeyId: meta.Arn, PendingWindowInDays: days });
    expect(result.PendingWindowInDays).toBe(days);
    expect(result.DeletionDate.getTime()).toBe(kms.now().getTime() + days * DAY_MS);
  });

  it.each([6, 31, 1, 365])('refuses a window of %i days (the service allows 7 to 30) and leaves the key as it was', async (days) => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await expectError(kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: days }), 'ValidationException');
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata).toEqual(meta);
  });

  it('refuses windows outside the model range (1 to 365) with the model wording', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await expectError(
      kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: 0 }),
      'ValidationException',
      "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await expectError(
      kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: 366 }),
      'ValidationException',
      "1 validation error detected: Value '366' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 365",
    );
  });

  it('DescribeKey then shows PendingDeletion, Enabled false and the DeletionDate in model order', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: 10 });
    const pending = (await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata;
    expect(pending).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate });
    expect(Object.keys(pending)).toEqual(inModelOrder(pending));
    expect(Object.keys(pending).indexOf('DeletionDate')).toBe(Object.keys(pending).indexOf('KeyState') + 1);
    // PendingDeletionWindowInDays is for multi-Region replicas only
    expect(pending).not.toHaveProperty('PendingDeletionWindowInDays');
  });

  it('works on a disabled key', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await kms.disableKey({ KeyId: meta.KeyId });
    expect((await kms.scheduleKeyDeletion({ KeyId: meta.KeyId })).KeyState).toBe('PendingDeletion');
  });

  it('a second schedule is refused with KMSInvalidStateException and keeps the first date', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    const first = await kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: 7 });
    await expectError(
      kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: 30 }),
      'KMSInvalidStateException',
      `${meta.Arn} is pending deletion.`,
    );
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata['DeletionDate']).toEqual(first.DeletionDate);
  });
});

describe('CancelKeyDeletion', () => {
  it('brings the key back Disabled, without DeletionDate; it must be enabled on purpose', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await kms.scheduleKeyDeletion({ KeyId: meta.KeyId });
    const result = await kms.cancelKeyDeletion({ KeyId: meta.KeyId });
    expect(result).toEqual({ KeyId: meta.Arn });
    const back = (await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata;
    expect(back).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(back).not.toHaveProperty('DeletionDate');
    await expectError(kms.encrypt({ KeyId: meta.KeyId, Plaintext: encode('x') }), 'DisabledException', `${meta.Arn} is disabled.`);
    await kms.enableKey({ KeyId: meta.KeyId });
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata).toEqual(meta);
  });

  it('the key survives past its old deletion date once cancelled, aliases included', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/kept', TargetKeyId: meta.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: 7 });
    await kms.cancelKeyDeletion({ KeyId: meta.Arn });
    await kms.advanceTime(10 * DAY_MS);
    expect((await kms.describeKey({ KeyId: 'alias/kept' })).KeyMetadata.KeyId).toBe(meta.KeyId);
  });

  it('refuses a key that is not pending deletion', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await expectError(kms.cancelKeyDeletion({ KeyId: meta.KeyId }), 'KMSInvalidStateException', `${meta.Arn} is not pending deletion.`);
    await kms.disableKey({ KeyId: meta.KeyId });
    await expectError(kms.cancelKeyDeletion({ KeyId: meta.KeyId }), 'KMSInvalidStateException', `${meta.Arn} is not pending deletion.`);
  });
});

describe('deletion when the waiting period ends', () => {
  it('deletes the key and its aliases once the clock passes DeletionDate', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    const other = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/doomed', TargetKeyId: meta.KeyId });
    await kms.createAlias({ AliasName: 'alias/doomed-too', TargetKeyId: meta.KeyId });
    await kms.createAlias({ AliasName: 'alias/survivor', TargetKeyId: other.KeyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: meta.KeyId, Plaintext: encode('gone') });
    await kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: 7 });

    await kms.advanceTime(6 * DAY_MS);
    expect((await kms.describeKey({ KeyId: meta.KeyId })).KeyMetadata.KeyState).toBe('PendingDeletion');

    await kms.advanceTime(DAY_MS);
    await expectError(kms.describeKey({ KeyId: meta.KeyId }), 'NotFoundException', `Key '${meta.Arn}' does not exist`);
    await expectError(kms.describeKey({ KeyId: 'alias/doomed' }), 'NotFoundException', `Alias ${aliasArn('alias/doomed')} is not found.`);
    const names = (await kms.listAliases()).Aliases.map((a) => a.AliasName);
    expect(names).not.toContain('alias/doomed');
    expect(names).not.toContain('alias/doomed-too');
    expect(names).toContain('alias/survivor');
    await expectError(kms.decrypt({ CiphertextBlob }), 'AccessDeniedException');
    await expectError(kms.cancelKeyDeletion({ KeyId: meta.KeyId }), 'NotFoundException', `Key '${meta.Arn}' does not exist`);
    // the alias name is free again
    await kms.createAlias({ AliasName: 'alias/doomed', TargetKeyId: other.KeyId });
  });
});

describe('a key pending deletion', () => {
  interface Ctx {
    kms: Kms;
    keyId: string;
    arn: string;
    blob: Uint8Array;
    otherId: string;
    otherBlob: Uint8Array;
  }
  const refused: [string, (c: Ctx) => Promise<unknown>][] = [
    ['Encrypt', (c) => c.kms.encrypt({ KeyId: c.keyId, Plaintext: encode('x') })],
    ['Decrypt', (c) => c.kms.decrypt({ CiphertextBlob: c.blob })],
    ['ReEncrypt (source)', (c) => c.kms.reEncrypt({ CiphertextBlob: c.blob, DestinationKeyId: c.otherId })],
    ['ReEncrypt (destination)', (c) => c.kms.reEncrypt({ CiphertextBlob: c.otherBlob, DestinationKeyId: c.keyId })],
    ['GenerateDataKey', (c) => c.kms.generateDataKey({ KeyId: c.keyId, NumberOfBytes: 32 })],
    ['GenerateDataKeyWithoutPlaintext', (c) => c.kms.generateDataKeyWithoutPlaintext({ KeyId: c.keyId, KeySpec: 'AES_128' })],
    ['EnableKey', (c) => c.kms.enableKey({ KeyId: c.keyId })],
    ['DisableKey', (c) => c.kms.disableKey({ KeyId: c.keyId })],
    ['UpdateKeyDescription', (c) => c.kms.updateKeyDescription({ KeyId: c.keyId, Description: 'no' })],
    ['ScheduleKeyDeletion', (c) => c.kms.scheduleKeyDeletion({ KeyId: c.keyId })],
    ['TagResource', (c) => c.kms.tagResource({ KeyId: c.keyId, Tags: [{ TagKey: 'k', TagValue: 'v' }] })],
    ['UntagResource', (c) => c.kms.untagResource({ KeyId: c.keyId, TagKeys: ['team'] })],
    ['CreateAlias', (c) => c.kms.createAlias({ AliasName: 'alias/new-name', TargetKeyId: c.keyId })],
    ['EnableKeyRotation', (c) => c.kms.enableKeyRotation({ KeyId: c.keyId })],
    ['DisableKeyRotation', (c) => c.kms.disableKeyRotation({ KeyId: c.keyId })],
    ['RotateKeyOnDemand', (c) => c.kms.rotateKeyOnDemand({ KeyId: c.keyId })],
    [
      'CreateGrant',
      (c) => c.kms.createGrant({ KeyId: c.keyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Encrypt'] }),
    ],
  ];

  async function setup(): Promise<Ctx> {
    const kms = await newKms();
    const { KeyMetadata: meta } = await kms.createKey({ Tags: [{ TagKey: 'team', TagValue: 'finance' }] });
    const other = await newKey(kms);
    const blob = (await kms.encrypt({ KeyId: meta.KeyId, Plaintext: encode('secret') })).CiphertextBlob;
    const otherBlob = (await kms.encrypt({ KeyId: other.KeyId, Plaintext: encode('other') })).CiphertextBlob;
    await kms.scheduleKeyDeletion({ KeyId: meta.KeyId });
    return { kms, keyId: meta.KeyId, arn: meta.Arn, blob, otherId: other.KeyId, otherBlob };
  }

  it.each(refused)('refuses %s with KMSInvalidStateException "<arn> is pending deletion."', async (_name, call) => {
    const c = await setup();
    await expectError(call(c), 'KMSInvalidStateException', `${c.arn} is pending deletion.`);
    expect((await c.kms.describeKey({ KeyId: c.keyId })).KeyMetadata.KeyState).toBe('PendingDeletion');
  });

  it('can still be described, listed and have its policy, tags, aliases and rotation status read', async () => {
    const c = await setup();
    const { kms, keyId } = c;
    await kms.createAlias({ AliasName: 'alias/before', TargetKeyId: c.otherId });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata.KeyState).toBe('PendingDeletion');
    expect((await kms.listKeys()).Keys.map((k) => k.KeyId)).toContain(keyId);
    const { Policy } = await kms.getKeyPolicy({ KeyId: keyId });
    await kms.putKeyPolicy({ KeyId: keyId, Policy });
    expect((await kms.listKeyPolicies({ KeyId: keyId })).PolicyNames).toEqual(['default']);
    expect((await kms.listResourceTags({ KeyId: keyId })).Tags).toEqual([{ TagKey: 'team', TagValue: 'finance' }]);
    expect((await kms.listAliases({ KeyId: keyId })).Aliases).toEqual([]);
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyRotationEnabled: false, KeyId: keyId });
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toEqual([]);
    expect((await kms.listGrants({ KeyId: keyId })).Grants).toEqual([]);
  });

  it('can lose its aliases (DeleteAlias works)', async () => {
    const kms = await newKms();
    const meta = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/leaving', TargetKeyId: meta.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: meta.KeyId });
    await kms.deleteAlias({ AliasName: 'alias/leaving' });
    expect((await kms.listAliases({ KeyId: meta.KeyId })).Aliases).toEqual([]);
  });
});

describe('AWS managed keys', () => {
  async function s3Key(kms: Kms): Promise<KeyMetadata> {
    return (await kms.describeKey({ KeyId: 'alias/aws/s3' })).KeyMetadata;
  }

  it('alias/aws/s3 exists and names a key managed by AWS', async () => {
    const kms = await newKms();
    const meta = await s3Key(kms);
    expect(meta).toMatchObject({
      AWSAccountId: ACCOUNT,
      Enabled: true,
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'AWS',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Description: 'Default master key that protects my S3 objects when no other key is defined',
    });
    expect(Object.keys(meta)).toEqual(inModelOrder(meta));
    const entry = (await kms.listAliases()).Aliases.find((a) => a.AliasName === 'alias/aws/s3');
    expect(entry).toMatchObject({ AliasArn: aliasArn('alias/aws/s3'), TargetKeyId: meta.KeyId });
  });

  it('rotates every year, and says so', async () => {
    const kms = await newKms();
    const meta = await s3Key(kms);
    const status = await kms.getKeyRotationStatus({ KeyId: meta.KeyId });
    expect(status).toMatchObject({ KeyRotationEnabled: true, KeyId: meta.KeyId, RotationPeriodInDays: 365 });
    expect(status.NextRotationDate).toBeInstanceOf(Date);
    expect(status.NextRotationDate!.getTime()).toBe((meta['CreationDate'] as Date).getTime() + 365 * DAY_MS);
  });

  it('the account root can read its metadata and policy', async () => {
    const kms = await newKms();
    const meta = await s3Key(kms);
    const { Policy } = await kms.getKeyPolicy({ KeyId: meta.KeyId });
    expect(JSON.parse(Policy)).toHaveProperty('Statement');
  });

  const denied: [string, string, (kms: Kms, meta: KeyMetadata) => Promise<unknown>][] = [
    ['encrypt with it', 'kms:Encrypt', (kms) => kms.encrypt({ KeyId: 'alias/aws/s3', Plaintext: encode('x') })],
    ['generate a data key with it', 'kms:GenerateDataKey', (kms) => kms.generateDataKey({ KeyId: 'alias/aws/s3', KeySpec: 'AES_256' })],
    ['disable it', 'kms:DisableKey', (kms, meta) => kms.disableKey({ KeyId: meta.KeyId })],
    ['schedule its deletion', 'kms:ScheduleKeyDeletion', (kms, meta) => kms.scheduleKeyDeletion({ KeyId: meta.KeyId, PendingWindowInDays: 7 })],
    [
      'put its policy',
      'kms:PutKeyPolicy',
      async (kms, meta) => {
        const { Policy } = await kms.getKeyPolicy({ KeyId: meta.KeyId });
        return kms.putKeyPolicy({ KeyId: meta.KeyId, Policy });
      },
    ],
    ['enable its rotation', 'kms:EnableKeyRotation', (kms, meta) => kms.enableKeyRotation({ KeyId: meta.KeyId, RotationPeriodInDays: 90 })],
    ['disable its rotation', 'kms:DisableKeyRotation', (kms, meta) => kms.disableKeyRotation({ KeyId: meta.KeyId })],
    ['change its description', 'kms:UpdateKeyDescription', (kms, meta) => kms.updateKeyDescription({ KeyId: meta.KeyId, Description: 'mine now' })],
  ];

  it.each(denied)('the account root cannot %s (AccessDeniedException)', async (_what, action, call) => {
    const kms = await newKms();
    const meta = await s3Key(kms);
    const { Policy } = await kms.getKeyPolicy({ KeyId: meta.KeyId });
    const error = await expectError(call(kms, meta), 'AccessDeniedException');
    expect(error.message).toMatch(new RegExp(`^User: ${ROOT_ARN} is not authorized to perform: ${action} on resource: ${meta.Arn}`));
    expect((await s3Key(kms))).toEqual(meta);
    expect((await kms.getKeyPolicy({ KeyId: meta.KeyId })).Policy).toBe(Policy);
    expect(await kms.getKeyRotationStatus({ KeyId: meta.KeyId })).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
  });

  it('predefined aliases such as alias/aws/sqs are listed without TargetKeyId until the key is created', async () => {
    const kms = await newKms();
    const keysBefore = (await kms.listKeys()).Keys;
    const listed = (await kms.listAliases()).Aliases.find((a) => a.AliasName === 'alias/aws/sqs');
    expect(listed).toEqual({ AliasName: 'alias/aws/sqs', AliasArn: aliasArn('alias/aws/sqs') });

    const { KeyMetadata: meta } = await kms.describeKey({ KeyId: 'alias/aws/sqs' });
    expect(meta).toMatchObject({ KeyManager: 'AWS', KeyState: 'Enabled', Origin: 'AWS_KMS' });
    expect(keysBefore.map((k) => k.KeyId)).not.toContain(meta.KeyId);
    expect((await kms.listKeys()).Keys).toContainEqual({ KeyId: meta.KeyId, KeyArn: meta.Arn });
    const after = (await kms.listAliases()).Aliases.find((a) => a.AliasName === 'alias/aws/sqs');
    expect(after).toMatchObject({ AliasName: 'alias/aws/sqs', TargetKeyId: meta.KeyId });
    // the key is created once
    expect((await kms.describeKey({ KeyId: aliasArn('alias/aws/sqs') })).KeyMetadata.KeyId).toBe(meta.KeyId);
    expect((await kms.listKeys()).Keys.length).toBe(keysBefore.length + 1);
  });
});
