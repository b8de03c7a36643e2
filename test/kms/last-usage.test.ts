import { describe, expect, it } from 'vitest';
import { restoreSnapshot, takeSnapshot } from '../../src/kms/store.ts';
import { APP_ROLE_ARN, encode, expectError, failure, newKms } from '../support/kms-test-helpers.ts';

describe('GetKeyLastUsage', () => {
  it('has no KeyLastUsage until a cryptographic call succeeds, then names the last one with its CloudTrail event and request IDs', async () => {
    const kms = await newKms(91);
    const { KeyId, Arn, CreationDate } = (await kms.createKey()).KeyMetadata;
    const fresh = await kms.getKeyLastUsage({ KeyId });
    expect(fresh).toEqual({ KeyId: Arn, TrackingStartDate: CreationDate, KeyCreationDate: CreationDate });
    await kms.describeKey({ KeyId });
    await failure(kms.decrypt({ CiphertextBlob: new Uint8Array(60) }));
    expect(await kms.getKeyLastUsage({ KeyId })).not.toHaveProperty('KeyLastUsage');
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('x') });
    await kms.decrypt({ CiphertextBlob });
    const event = kms.auditLog().at(-1)!;
    const out = await kms.getKeyLastUsage({ KeyId });
    expect(Object.keys(out)).toEqual(['KeyId', 'KeyLastUsage', 'TrackingStartDate', 'KeyCreationDate']);
    expect(out.KeyLastUsage).toMatchObject({ Operation: 'Decrypt', CloudTrailEventId: event.eventID, KmsRequestId: event.requestID });
    // The call's time: CloudTrail's eventTime is the same instant in whole seconds.
    expect(Math.floor(out.KeyLastUsage!.Timestamp.getTime() / 1000) * 1000).toBe(Date.parse(event.eventTime));
    // A failed call and a DryRun leave it as it was.
    await failure(kms.decrypt({ CiphertextBlob, EncryptionContext: { wrong: 'context' } }));
    await failure(kms.encrypt({ KeyId, Plaintext: encode('x'), DryRun: true }));
    expect((await kms.getKeyLastUsage({ KeyId })).KeyLastUsage?.Operation).toBe('Decrypt');
  });

  it('ReEncrypt counts for both keys; Sign and GenerateMac count too; the record survives a snapshot', async () => {
    const kms = await newKms(92);
    const a = (await kms.createKey()).KeyMetadata;
    const b = (await kms.createKey()).KeyMetadata;
    const signer = (await kms.createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    const { CiphertextBlob } = await kms.encrypt({ KeyId: a.KeyId, Plaintext: encode('x') });
    await kms.reEncrypt({ CiphertextBlob, DestinationKeyId: b.KeyId });
    await kms.sign({ KeyId: signer.KeyId, Message: encode('m'), SigningAlgorithm: 'ECDSA_SHA_256' });
    const restored = restoreSnapshot(takeSnapshot(kms));
    for (const [key, operation] of [[a, 'ReEncrypt'], [b, 'ReEncrypt'], [signer, 'Sign']] as const) {
      expect((await restored.getKeyLastUsage({ KeyId: key.KeyId })).KeyLastUsage?.Operation).toBe(operation);
    }
  });

  it('takes a key ID or ARN, not an alias, and is authorized by the key policy', async () => {
    const kms = await newKms(93);
    const { KeyId, Arn } = (await kms.createKey()).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/used', TargetKeyId: KeyId });
    expect((await kms.getKeyLastUsage({ KeyId: Arn })).KeyId).toBe(Arn);
    await expectError(kms.getKeyLastUsage({ KeyId: 'alias/used' }), 'NotFoundException');
    kms.setCaller('app');
    const denied = await expectError(kms.getKeyLastUsage({ KeyId }), 'AccessDeniedException');
    expect(denied.message).toContain('kms:GetKeyLastUsage');
  });
});

describe('ListRetirableGrants', () => {
  it('lists the grants of every key that name the retiring principal, with paging', async () => {
    const kms = await newKms(94);
    const retiring = 'arn:aws:iam::111122223333:role/Retirer';
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { KeyId } = (await kms.createKey()).KeyMetadata;
      ids.push((await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, RetiringPrincipal: retiring, Operations: ['Decrypt'] })).GrantId);
      await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Encrypt'] });
    }
    const all = await kms.listRetirableGrants({ RetiringPrincipal: retiring });
    expect(all.Truncated).toBe(false);
    expect(all.Grants.map((g) => g.GrantId)).toEqual(ids);
    expect(all.Grants.every((g) => g.RetiringPrincipal === retiring && g.KeyId.startsWith('arn:aws:kms:'))).toBe(true);
    const first = await kms.listRetirableGrants({ RetiringPrincipal: retiring, Limit: 2 });
    expect(first).toMatchObject({ Truncated: true });
    const rest = await kms.listRetirableGrants({ RetiringPrincipal: retiring, Marker: first.NextMarker! });
    expect([...first.Grants, ...rest.Grants].map((g) => g.GrantId)).toEqual(ids);
    expect((await kms.listRetirableGrants({ RetiringPrincipal: 'arn:aws:iam::111122223333:role/Nobody' })).Grants).toEqual([]);
  });
});
