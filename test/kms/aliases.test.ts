import { describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { DAY_MS } from '../../src/kms/clock.ts';
import type { Kms } from '../../src/kms/kms.ts';
import type { AliasListEntry, KeyMetadata } from '../../src/kms/types.ts';
import { aliasArn, allPages, expectError, failure, keyArn, MISSING_ID, newKms } from '../support/kms-test-helpers.ts';

const PREFIX_MESSAGE = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';
const ALIAS_PATTERN = API_MODEL.shapes['AliasNameType']!.pattern!;

async function setup(): Promise<{ kms: Kms; a: KeyMetadata; b: KeyMetadata }> {
  const kms = await newKms(7);
  const a = (await kms.createKey({ Description: 'key A' })).KeyMetadata;
  const b = (await kms.createKey({ Description: 'key B' })).KeyMetadata;
  return { kms, a, b };
}

async function aliasEntry(kms: Kms, name: string): Promise<AliasListEntry | undefined> {
  return (await kms.listAliases()).Aliases.find((a) => a.AliasName === name);
}

function allAliases(kms: Kms, input: { KeyId?: string; Limit?: number } = {}): Promise<AliasListEntry[]> {
  return allPages((Marker) => kms.listAliases(Marker === undefined ? input : { ...input, Marker }), (page) => page.Aliases);
}

describe('CreateAlias', () => {
  it('creates an alias that crypto operations and DescribeKey resolve; it returns nothing', async () => {
    const { kms, a } = await setup();
    expect(await kms.createAlias({ AliasName: 'alias/payroll', TargetKeyId: a.KeyId })).toBeUndefined();
    expect((await kms.describeKey({ KeyId: 'alias/payroll' })).KeyMetadata.KeyId).toBe(a.KeyId);
    const { CiphertextBlob, KeyId } = await kms.encrypt({ KeyId: 'alias/payroll', Plaintext: Uint8Array.of(1, 2, 3) });
    expect(KeyId).toBe(a.Arn);
    expect((await kms.decrypt({ CiphertextBlob })).KeyId).toBe(a.Arn);
  });

  it('lists the new alias with AliasName, AliasArn, TargetKeyId (the key ID), CreationDate, LastUpdatedDate in that order', async () => {
    const { kms, a } = await setup();
    await kms.createAlias({ AliasName: 'alias/payroll', TargetKeyId: a.Arn });
    const created = kms.now();
    const entry = await aliasEntry(kms, 'alias/payroll');
    expect(entry).toBeDefined();
    expect(Object.keys(entry!)).toEqual(Object.keys(API_MODEL.shapes['AliasListEntry']!.members!));
    expect(entry).toEqual({
      AliasName: 'alias/payroll',
      AliasArn: aliasArn('alias/payroll'),
      TargetKeyId: a.KeyId,
      CreationDate: created,
      LastUpdatedDate: created,
    });
  });

  it('lets one key have several aliases', async () => {
    const { kms, a } = await setup();
    await kms.createAlias({ AliasName: 'alias/one', TargetKeyId: a.KeyId });
    await kms.createAlias({ AliasName: 'alias/two', TargetKeyId: a.KeyId });
    await kms.createAlias({ AliasName: 'alias/team/three_3:x', TargetKeyId: a.KeyId });
    const names = (await kms.listAliases({ KeyId: a.KeyId })).Aliases.map((e) => e.AliasName);
    expect([...names].sort()).toEqual(['alias/one', 'alias/team/three_3:x', 'alias/two']);
  });

  it('refuses a name without the alias/ prefix with AWS text', async () => {
    const { kms, a } = await setup();
    await expectError(kms.createAlias({ AliasName: 'payroll', TargetKeyId: a.KeyId }), 'ValidationException', PREFIX_MESSAGE);
    await expectError(kms.createAlias({ AliasName: 'Alias/payroll', TargetKeyId: a.KeyId }), 'ValidationException', PREFIX_MESSAGE);
    expect((await kms.listAliases({ KeyId: a.KeyId })).Aliases).toEqual([]);
  });

  it('refuses characters outside the model pattern, and names over 256 characters', async () => {
    const { kms, a } = await setup();
    await expectError(
      kms.createAlias({ AliasName: 'alias/my key', TargetKeyId: a.KeyId }),
      'ValidationException',
      `1 validation error detected: Value 'alias/my key' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ALIAS_PATTERN}`,
    );
    const long = `alias/${'a'.repeat(251)}`;
    expect(long).toHaveLength(257);
    await expectError(
      kms.createAlias({ AliasName: long, TargetKeyId: a.KeyId }),
      'ValidationException',
      `1 validation error detected: Value '${long}' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
    await kms.createAlias({ AliasName: long.slice(0, 256), TargetKeyId: a.KeyId });
    expect((await kms.listAliases({ KeyId: a.KeyId })).Aliases.map((e) => e.AliasName)).toEqual([long.slice(0, 256)]);
  });

  it('refuses names under alias/aws/, which belong to AWS managed keys', async () => {
    const { kms, a } = await setup();
    await failure(kms.createAlias({ AliasName: 'alias/aws/mine', TargetKeyId: a.KeyId }));
    await failure(kms.createAlias({ AliasName: 'alias/aws/sqs', TargetKeyId: a.KeyId }));
    expect(await aliasEntry(kms, 'alias/aws/mine')).toBeUndefined();
    expect(await aliasEntry(kms, 'alias/aws/sqs')).toEqual({ AliasName: 'alias/aws/sqs', AliasArn: aliasArn('alias/aws/sqs') });
  });

  it('refuses a name already in use with AlreadyExistsException naming the alias ARN', async () => {
    const { kms, a, b } = await setup();
    await kms.createAlias({ AliasName: 'alias/taken', TargetKeyId: a.KeyId });
    await expectError(
      kms.createAlias({ AliasName: 'alias/taken', TargetKeyId: b.KeyId }),
      'AlreadyExistsException',
      `An alias with the name ${aliasArn('alias/taken')} already exists`,
    );
    expect((await kms.describeKey({ KeyId: 'alias/taken' })).KeyMetadata.KeyId).toBe(a.KeyId);
  });

  it('takes the target as a key ID or key ARN only', async () => {
    const { kms, a } = await setup();
    await kms.createAlias({ AliasName: 'alias/first', TargetKeyId: a.KeyId });
    const error = await expectError(kms.createAlias({ AliasName: 'alias/second', TargetKeyId: 'alias/first' }), 'NotFoundException');
    expect(error.message).toContain('alias/first');
    expect(await aliasEntry(kms, 'alias/second')).toBeUndefined();
  });

  it('names a target that does not exist', async () => {
    const { kms } = await setup();
    await expectError(
      kms.createAlias({ AliasName: 'alias/orphan', TargetKeyId: MISSING_ID }),
      'NotFoundException',
      `Key '${keyArn(MISSING_ID)}' does not exist`,
    );
    await expectError(kms.createAlias({ AliasName: 'alias/orphan', TargetKeyId: 'fake-key-id' }), 'NotFoundException', "Invalid keyId 'fake-key-id'");
    expect(await aliasEntry(kms, 'alias/orphan')).toBeUndefined();
  });

  it('may point at a disabled key, but not at one pending deletion', async () => {
    const { kms, a, b } = await setup();
    await kms.disableKey({ KeyId: a.KeyId });
    await kms.createAlias({ AliasName: 'alias/dormant', TargetKeyId: a.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/dormant' })).KeyMetadata.KeyState).toBe('Disabled');
    await kms.scheduleKeyDeletion({ KeyId: b.KeyId });
    await expectError(
      kms.createAlias({ AliasName: 'alias/doomed', TargetKeyId: b.KeyId }),
      'KMSInvalidStateException',
      `${b.Arn} is pending deletion.`,
    );
  });

  it('requires AliasName and TargetKeyId', async () => {
    const { kms } = await setup();
    const error = await expectError(kms.createAlias({} as unknown as { AliasName: string; TargetKeyId: string }), 'ValidationException');
    expect(error.message).toBe(
      "2 validation errors detected: Value null at 'aliasName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'targetKeyId' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('UpdateAlias', () => {
  it('points the alias at another key and moves LastUpdatedDate, not CreationDate', async () => {
    const { kms, a, b } = await setup();
    await kms.createAlias({ AliasName: 'alias/current', TargetKeyId: a.KeyId });
    const created = kms.now();
    await kms.advanceTime(DAY_MS);
    expect(await kms.updateAlias({ AliasName: 'alias/current', TargetKeyId: b.Arn })).toBeUndefined();
    const updated = kms.now();
    expect(updated.getTime()).toBeGreaterThan(created.getTime() + DAY_MS - 1);
    expect(await aliasEntry(kms, 'alias/current')).toEqual({
      AliasName: 'alias/current',
      AliasArn: aliasArn('alias/current'),
      TargetKeyId: b.KeyId,
      CreationDate: created,
      LastUpdatedDate: updated,
    });
    expect((await kms.describeKey({ KeyId: 'alias/current' })).KeyMetadata.KeyId).toBe(b.KeyId);
    expect((await kms.encrypt({ KeyId: 'alias/current', Plaintext: Uint8Array.of(9) })).KeyId).toBe(b.Arn);
  });

  it('refuses an alias that does not exist', async () => {
    const { kms, a } = await setup();
    await expectError(
      kms.updateAlias({ AliasName: 'alias/nowhere', TargetKeyId: a.KeyId }),
      'NotFoundException',
      `Alias ${aliasArn('alias/nowhere')} is not found.`,
    );
    expect(await aliasEntry(kms, 'alias/nowhere')).toBeUndefined();
  });

  it('refuses a name without the prefix with AWS text', async () => {
    const { kms, a } = await setup();
    await expectError(kms.updateAlias({ AliasName: 'current', TargetKeyId: a.KeyId }), 'ValidationException', PREFIX_MESSAGE);
  });

  it('refuses to move an alias/aws/ alias', async () => {
    const { kms, a } = await setup();
    const before = await aliasEntry(kms, 'alias/aws/s3');
    await failure(kms.updateAlias({ AliasName: 'alias/aws/s3', TargetKeyId: a.KeyId }));
    expect(await aliasEntry(kms, 'alias/aws/s3')).toEqual(before);
  });

  it('moves an alias away from a key pending deletion, but not onto one', async () => {
    const { kms, a, b } = await setup();
    await kms.createAlias({ AliasName: 'alias/moving', TargetKeyId: a.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: a.KeyId });
    await kms.updateAlias({ AliasName: 'alias/moving', TargetKeyId: b.KeyId });
    expect((await aliasEntry(kms, 'alias/moving'))?.TargetKeyId).toBe(b.KeyId);

    await kms.scheduleKeyDeletion({ KeyId: b.KeyId });
    const c = (await kms.createKey()).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/staying', TargetKeyId: c.KeyId });
    await expectError(
      kms.updateAlias({ AliasName: 'alias/staying', TargetKeyId: b.KeyId }),
      'KMSInvalidStateException',
      `${b.Arn} is pending deletion.`,
    );
    expect((await aliasEntry(kms, 'alias/staying'))?.TargetKeyId).toBe(c.KeyId);
  });

  it('takes the new target as a key ID or key ARN only', async () => {
    const { kms, a, b } = await setup();
    await kms.createAlias({ AliasName: 'alias/x', TargetKeyId: a.KeyId });
    await kms.createAlias({ AliasName: 'alias/y', TargetKeyId: b.KeyId });
    await expectError(kms.updateAlias({ AliasName: 'alias/x', TargetKeyId: 'alias/y' }), 'NotFoundException');
    expect((await aliasEntry(kms, 'alias/x'))?.TargetKeyId).toBe(a.KeyId);
  });
});

describe('DeleteAlias', () => {
  it('removes the alias and leaves the key alone', async () => {
    const { kms, a } = await setup();
    await kms.createAlias({ AliasName: 'alias/temp', TargetKeyId: a.KeyId });
    expect(await kms.deleteAlias({ AliasName: 'alias/temp' })).toBeUndefined();
    expect(await aliasEntry(kms, 'alias/temp')).toBeUndefined();
    await expectError(kms.describeKey({ KeyId: 'alias/temp' }), 'NotFoundException', `Alias ${aliasArn('alias/temp')} is not found.`);
    expect((await kms.describeKey({ KeyId: a.KeyId })).KeyMetadata).toEqual(a);
    // the name can be used again
    await kms.createAlias({ AliasName: 'alias/temp', TargetKeyId: a.KeyId });
  });

  it('refuses an alias that does not exist', async () => {
    const { kms } = await setup();
    await expectError(kms.deleteAlias({ AliasName: 'alias/ghost' }), 'NotFoundException', `Alias ${aliasArn('alias/ghost')} is not found.`);
  });

  it('refuses a name without the prefix with AWS text', async () => {
    const { kms } = await setup();
    await expectError(kms.deleteAlias({ AliasName: 'ghost' }), 'ValidationException', PREFIX_MESSAGE);
  });

  it('refuses to delete an AWS managed alias', async () => {
    const { kms } = await setup();
    const before = await aliasEntry(kms, 'alias/aws/s3');
    expect(before?.TargetKeyId).toBeDefined();
    await failure(kms.deleteAlias({ AliasName: 'alias/aws/s3' }));
    expect(await aliasEntry(kms, 'alias/aws/s3')).toEqual(before);
  });
});

describe('ListAliases', () => {
  it('lists the AWS managed aliases of a new account, created and predefined', async () => {
    const kms = await newKms(7);
    const { Aliases, Truncated } = await kms.listAliases({ Limit: 100 });
    expect(Truncated).toBe(false);
    expect(Aliases.every((e) => e.AliasName.startsWith('alias/aws/'))).toBe(true);
    expect(Aliases.every((e) => e.AliasArn === aliasArn(e.AliasName))).toBe(true);
    const s3 = Aliases.find((e) => e.AliasName === 'alias/aws/s3');
    expect(s3?.TargetKeyId).toBeDefined();
    expect(s3?.CreationDate).toBeInstanceOf(Date);
    expect(Aliases.find((e) => e.AliasName === 'alias/aws/sqs')).toEqual({ AliasName: 'alias/aws/sqs', AliasArn: aliasArn('alias/aws/sqs') });
  });

  it('filters by KeyId, given as key ID or key ARN', async () => {
    const { kms, a, b } = await setup();
    await kms.createAlias({ AliasName: 'alias/a1', TargetKeyId: a.KeyId });
    await kms.createAlias({ AliasName: 'alias/a2', TargetKeyId: a.KeyId });
    await kms.createAlias({ AliasName: 'alias/b1', TargetKeyId: b.KeyId });
    for (const ref of [a.KeyId, a.Arn]) {
      const { Aliases, Truncated } = await kms.listAliases({ KeyId: ref });
      expect(Truncated).toBe(false);
      expect(Aliases.map((e) => e.AliasName).sort()).toEqual(['alias/a1', 'alias/a2']);
      expect(Aliases.every((e) => e.TargetKeyId === a.KeyId)).toBe(true);
    }
    const c = (await kms.createKey()).KeyMetadata;
    expect(await kms.listAliases({ KeyId: c.KeyId })).toEqual({ Aliases: [], Truncated: false });
  });

  it('the KeyId filter names a missing key and refuses an alias', async () => {
    const { kms, a } = await setup();
    await kms.createAlias({ AliasName: 'alias/a1', TargetKeyId: a.KeyId });
    await expectError(kms.listAliases({ KeyId: MISSING_ID }), 'NotFoundException', `Key '${keyArn(MISSING_ID)}' does not exist`);
    await expectError(kms.listAliases({ KeyId: 'alias/a1' }), 'NotFoundException');
  });

  it('pages with Limit and Marker, every alias once', async () => {
    const { kms, a, b } = await setup();
    for (let i = 0; i < 7; i++) await kms.createAlias({ AliasName: `alias/page-${i}`, TargetKeyId: i % 2 ? a.KeyId : b.KeyId });
    const everything = (await kms.listAliases({ Limit: 100 })).Aliases;
    const first = await kms.listAliases({ Limit: 3 });
    expect(first.Aliases).toHaveLength(3);
    expect(first.Truncated).toBe(true);
    expect(Object.keys(first)).toEqual(['Aliases', 'NextMarker', 'Truncated']);
    const paged = await allAliases(kms, { Limit: 3 });
    expect(paged).toEqual(everything);
    expect(new Set(paged.map((e) => e.AliasName)).size).toBe(paged.length);

    const byKey = await allAliases(kms, { KeyId: a.KeyId, Limit: 2 });
    expect(byKey.map((e) => e.AliasName).sort()).toEqual(['alias/page-1', 'alias/page-3', 'alias/page-5']);
  });

  it('ends with Truncated false and no NextMarker', async () => {
    const { kms } = await setup();
    const last = await kms.listAliases({ Limit: 100 });
    expect(last.Truncated).toBe(false);
    expect(last).not.toHaveProperty('NextMarker');
  });

  it('refuses a marker it did not issue', async () => {
    const { kms } = await setup();
    await expectError(kms.listAliases({ Marker: '!!not-base64!!' }), 'InvalidMarkerException');
  });

  it('checks Limit against the model', async () => {
    const { kms } = await setup();
    await expectError(
      kms.listAliases({ Limit: 0 }),
      'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});
