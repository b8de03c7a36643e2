import { describe, expect, it } from 'vitest';
import { Kms } from '../../src/kms/kms.ts';

describe('Kms.inventory and Kms.names (local reads for the UI)', () => {
  it('lists every key oldest first with its aliases, state, rotation and policy, and audits nothing', async () => {
    const kms = await Kms.create({ seed: 9 });
    const before = kms.inventory();
    // A new account already holds the AWS managed keys the services created.
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((k) => k.keyManager === 'AWS')).toBe(true);
    expect(before.find((k) => k.aliases.includes('alias/aws/ebs'))).toBeDefined();

    const { KeyMetadata } = await kms.createKey({ Description: 'inventory', Tags: [{ TagKey: 'team', TagValue: 'blue' }] });
    await kms.createAlias({ AliasName: 'alias/b', TargetKeyId: KeyMetadata.KeyId });
    await kms.createAlias({ AliasName: 'alias/a', TargetKeyId: KeyMetadata.KeyId });
    await kms.enableKeyRotation({ KeyId: KeyMetadata.KeyId, RotationPeriodInDays: 90 });
    await kms.disableKey({ KeyId: KeyMetadata.KeyId });
    const audited = kms.auditLog().length;

    const mine = kms.inventory().at(-1)!;
    expect(mine).toMatchObject({
      keyId: KeyMetadata.KeyId,
      aliases: ['alias/a', 'alias/b'],
      description: 'inventory',
      keyManager: 'CUSTOMER',
      state: 'Disabled',
      origin: 'AWS_KMS',
      rotationEnabled: true,
      rotationPeriodInDays: 90,
      materialVersions: 1,
      currentVersion: 0,
      tags: [{ TagKey: 'team', TagValue: 'blue' }],
    });
    expect(JSON.parse(mine.policy)).toHaveProperty('Statement');
    expect(kms.names().keyIds).toContain(KeyMetadata.KeyId);
    expect(kms.names().aliasNames).toEqual(expect.arrayContaining(['alias/a', 'alias/b', 'alias/aws/ebs']));
    expect(kms.auditLog()).toHaveLength(audited);
  });

  it('returns copies: changing a summary does not change the key', async () => {
    const kms = await Kms.create({ seed: 9 });
    const { KeyMetadata } = await kms.createKey({ Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    const summary = kms.inventory().find((k) => k.keyId === KeyMetadata.KeyId)!;
    summary.tags[0]!.TagValue = 'changed';
    summary.aliases.push('alias/fake');
    const again = kms.inventory().find((k) => k.keyId === KeyMetadata.KeyId)!;
    expect(again.tags).toEqual([{ TagKey: 'a', TagValue: 'b' }]);
    expect(again.aliases).toEqual([]);
  });
});
