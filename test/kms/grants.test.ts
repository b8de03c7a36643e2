import { describe, expect, it } from 'vitest';
import type { Kms } from '../../src/kms/kms.ts';
import type { TraceEvent } from '../../src/kms/trace.ts';
import { ADMIN_ARN, APP_ROLE_ARN, APP_SESSION_ARN, AUDITOR_ARN, decode, encode, failure, kmsWithKey, newKms, ROOT_ARN } from '../support/kms-test-helpers.ts';

/**
 * A key whose policy names only KeyAdmin (no delegation to IAM): the app
 * role's IAM policy allows kms:Decrypt, but that counts for nothing here.
 */
async function isolatedKey() {
  const kms = await newKms(11);
  kms.setCaller('admin');
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'kms:*', Resource: '*' }] });
  const { KeyMetadata } = await kms.createKey({ Policy: policy });
  return { kms, KeyId: KeyMetadata.KeyId, keyArn: KeyMetadata.Arn };
}

/** A key with the default policy (the account delegates to IAM). */
const defaultKey = () => kmsWithKey(12);

/** The grants the simulator holds for a key, read from its state (no API call, so no audit entry). */
function grantIds(kms: Kms, KeyId: string): string[] {
  return [...kms.engine.state.grants.values()].filter((g) => g.keyId === KeyId).map((g) => g.grantId);
}

describe('CreateGrant', () => {
  it('refuses a grant whose only operation is CreateGrant, in AWS\'s words', async () => {
    const { kms, KeyId } = await isolatedKey();
    const error = await failure(kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['CreateGrant'] }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Grants must not contain only the CreateGrant operation.');
    // With another operation beside it, CreateGrant is fine.
    await expect(kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['CreateGrant', 'Decrypt'] })).resolves.toHaveProperty('GrantId');
  });

  it('lets the app role do what its policies do not allow, and only that', async () => {
    const { kms, KeyId, keyArn } = await isolatedKey();
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('payroll') });

    kms.setCaller('app');
    const before = await failure(kms.decrypt({ CiphertextBlob }));
    expect(before.name).toBe('AccessDeniedException');
    expect(before.message).toBe(
      `User: ${APP_SESSION_ARN} is not authorized to perform: kms:Decrypt on resource: ${keyArn} because no resource-based policy allows the kms:Decrypt action`,
    );

    kms.setCaller('admin');
    const grant = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] });
    expect(grant.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(grant.GrantToken.length).toBeGreaterThan(32);

    kms.setCaller('app');
    const events: TraceEvent[] = [];
    kms.subscribe((e) => events.push(e));
    expect(decode((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('payroll');
    expect(events.at(-1)?.steps.find((s) => s.kind === 'authorize')?.caption).toBe('Allowed by the grant');
    // Operations not in the grant stay denied.
    expect((await failure(kms.encrypt({ KeyId, Plaintext: encode('x') }))).name).toBe('AccessDeniedException');
    expect((await failure(kms.describeKey({ KeyId }))).name).toBe('AccessDeniedException');
    // Other principals get nothing from it.
    kms.setCaller('auditor');
    expect((await failure(kms.decrypt({ CiphertextBlob }))).name).toBe('AccessDeniedException');
  });

  it('a grant to the assumed-role session ARN works too', async () => {
    const { kms, KeyId } = await isolatedKey();
    await kms.createGrant({ KeyId, GranteePrincipal: APP_SESSION_ARN, Operations: ['Encrypt', 'DescribeKey'] });
    kms.setCaller('app');
    await expect(kms.encrypt({ KeyId, Plaintext: encode('x') })).resolves.toBeDefined();
    await expect(kms.describeKey({ KeyId })).resolves.toBeDefined();
  });

  it('a grant of CreateGrant lets the app delegate further, where its IAM policy does not', async () => {
    const { kms, KeyId } = await defaultKey();
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('shared') });
    kms.setCaller('app');
    expect((await failure(kms.createGrant({ KeyId, GranteePrincipal: AUDITOR_ARN, Operations: ['Decrypt'] }))).name).toBe('AccessDeniedException');
    kms.setCaller('root');
    await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['CreateGrant', 'Decrypt'] });
    kms.setCaller('app');
    await kms.createGrant({ KeyId, GranteePrincipal: AUDITOR_ARN, Operations: ['Decrypt'] });
    kms.setCaller('auditor');
    expect(decode((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('shared');
  });

  it('who may create grants: root and admin (kms:Create*), not the auditor', async () => {
    const { kms, KeyId, keyArn } = await defaultKey();
    kms.setCaller('admin');
    await expect(kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] })).resolves.toBeDefined();
    kms.setCaller('auditor');
    const error = await failure(kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] }));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(
      `User: ${AUDITOR_ARN} is not authorized to perform: kms:CreateGrant on resource: ${keyArn} because no identity-based policy allows the kms:CreateGrant action`,
    );
    expect(grantIds(kms, KeyId)).toHaveLength(1);
  });

  describe('constraints', () => {
    async function withConstraint(constraints: { EncryptionContextSubset?: Record<string, string>; EncryptionContextEquals?: Record<string, string> }) {
      const { kms, KeyId } = await isolatedKey();
      await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Encrypt', 'Decrypt'], Constraints: constraints });
      const seal = async (context?: Record<string, string>) =>
        (await kms.encrypt({ KeyId, Plaintext: encode('doc'), ...(context ? { EncryptionContext: context } : {}) })).CiphertextBlob;
      return { kms, KeyId, seal };
    }

    it('EncryptionContextSubset: the request must include the pairs; more pairs are fine; keys ignore case, values do not', async () => {
      const { kms, KeyId, seal } = await withConstraint({ EncryptionContextSubset: { Dept: 'IT' } });
      const exact = await seal({ Dept: 'IT' });
      const wider = await seal({ Dept: 'IT', Project: 'Alpha' });
      const lowerKey = await seal({ dept: 'IT' });
      const otherValue = await seal({ Dept: 'it' });
      const otherPair = await seal({ Dept: 'HR' });
      const none = await seal();
      kms.setCaller('app');
      expect(decode((await kms.decrypt({ CiphertextBlob: exact, EncryptionContext: { Dept: 'IT' } })).Plaintext)).toBe('doc');
      await expect(kms.decrypt({ CiphertextBlob: wider, EncryptionContext: { Project: 'Alpha', Dept: 'IT' } })).resolves.toBeDefined();
      await expect(kms.decrypt({ CiphertextBlob: lowerKey, EncryptionContext: { dept: 'IT' } })).resolves.toBeDefined();
      expect((await failure(kms.decrypt({ CiphertextBlob: otherValue, EncryptionContext: { Dept: 'it' } }))).name).toBe('AccessDeniedException');
      expect((await failure(kms.decrypt({ CiphertextBlob: otherPair, EncryptionContext: { Dept: 'HR' } }))).name).toBe('AccessDeniedException');
      expect((await failure(kms.decrypt({ CiphertextBlob: none }))).name).toBe('AccessDeniedException');
      // The constraint applies to every operation in the grant.
      await expect(kms.encrypt({ KeyId, Plaintext: encode('x'), EncryptionContext: { Dept: 'IT' } })).resolves.toBeDefined();
      expect((await failure(kms.encrypt({ KeyId, Plaintext: encode('x') }))).name).toBe('AccessDeniedException');
    });

    it('EncryptionContextEquals: the request context must be exactly the pairs', async () => {
      const { kms, seal } = await withConstraint({ EncryptionContextEquals: { Dept: 'IT', Project: 'Alpha' } });
      const exact = await seal({ Project: 'Alpha', Dept: 'IT' });
      const wider = await seal({ Dept: 'IT', Project: 'Alpha', Stage: 'prod' });
      const narrower = await seal({ Dept: 'IT' });
      const caseOfKey = await seal({ DEPT: 'IT', project: 'Alpha' });
      kms.setCaller('app');
      await expect(kms.decrypt({ CiphertextBlob: exact, EncryptionContext: { Dept: 'IT', Project: 'Alpha' } })).resolves.toBeDefined();
      await expect(kms.decrypt({ CiphertextBlob: caseOfKey, EncryptionContext: { DEPT: 'IT', project: 'Alpha' } })).resolves.toBeDefined();
      expect((await failure(kms.decrypt({ CiphertextBlob: wider, EncryptionContext: { Dept: 'IT', Project: 'Alpha', Stage: 'prod' } }))).name).toBe(
        'AccessDeniedException',
      );
      expect((await failure(kms.decrypt({ CiphertextBlob: narrower, EncryptionContext: { Dept: 'IT' } }))).name).toBe('AccessDeniedException');
    });

    // Known simulator bug (engine.ts grantAllows/constraintsHold, see the report): AWS applies grant
    // constraints only to operations that take an encryption context (GrantConstraints docs), so this
    // grant should allow DescribeKey. Remove `.fails` once the engine is fixed.
    it('constraints do not hold back operations without an encryption context, like DescribeKey', async () => {
      const { kms, KeyId } = await isolatedKey();
      await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['DescribeKey'], Constraints: { EncryptionContextSubset: { a: 'b' } } });
      kms.setCaller('app');
      await expect(kms.describeKey({ KeyId })).resolves.toMatchObject({ KeyMetadata: { KeyId } });
    });
  });

  it('is idempotent by Name: the same grant ID, a new token each time, both tokens usable', async () => {
    const { kms, KeyId } = await isolatedKey();
    const request = { KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt', 'Encrypt'], Name: 'app-access', RetiringPrincipal: ADMIN_ARN };
    const first = await kms.createGrant(request);
    const again = await kms.createGrant({ ...request });
    expect(again.GrantId).toBe(first.GrantId);
    expect(again.GrantToken).not.toBe(first.GrantToken);
    expect(grantIds(kms, KeyId)).toEqual([first.GrantId]);

    // The same name with different parameters is a different grant.
    const narrower = await kms.createGrant({ ...request, Operations: ['Decrypt'] });
    expect(narrower.GrantId).not.toBe(first.GrantId);
    const otherRetirer = await kms.createGrant({ ...request, RetiringPrincipal: AUDITOR_ARN });
    expect(otherRetirer.GrantId).not.toBe(first.GrantId);
    // Without a name, every request makes a new grant.
    const { Name: _n, ...unnamed } = request;
    const a = await kms.createGrant(unnamed);
    const b = await kms.createGrant(unnamed);
    expect(a.GrantId).not.toBe(b.GrantId);
    expect(grantIds(kms, KeyId)).toHaveLength(5);

    // The second token retires the grant; the first one then names nothing.
    await kms.retireGrant({ GrantToken: again.GrantToken });
    expect(grantIds(kms, KeyId)).not.toContain(first.GrantId);
    const stale = await failure(kms.retireGrant({ GrantToken: first.GrantToken }));
    expect(stale.name).toBe('InvalidGrantTokenException');
  });

  it('refuses an operation that is not a grant operation, before doing anything', async () => {
    const { kms, KeyId } = await isolatedKey();
    const error = await failure(kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt', 'ScheduleKeyDeletion'] }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("'ScheduleKeyDeletion'");
    expect(error.message).toContain('operations');
    expect(grantIds(kms, KeyId)).toEqual([]);
  });

  it('needs a usable key: disabled and pending-deletion keys refuse it', async () => {
    const { kms, KeyId, keyArn } = await isolatedKey();
    await kms.disableKey({ KeyId });
    const disabled = await failure(kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] }));
    expect([disabled.name, disabled.message]).toEqual(['DisabledException', `${keyArn} is disabled.`]);
    await kms.enableKey({ KeyId });
    await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
    const pending = await failure(kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] }));
    expect([pending.name, pending.message]).toEqual(['KMSInvalidStateException', `${keyArn} is pending deletion.`]);
  });

  it('DryRun checks everything and creates nothing', async () => {
    const { kms, KeyId } = await isolatedKey();
    const error = await failure(kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'], DryRun: true }));
    expect(error.name).toBe('DryRunOperationException');
    expect(error.message).toBe('The request would have succeeded, but the DryRun option is set.');
    expect(grantIds(kms, KeyId)).toEqual([]);
    // A DryRun that would fail fails for the real reason.
    kms.setCaller('auditor');
    expect((await failure(kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'], DryRun: true }))).name).toBe(
      'AccessDeniedException',
    );
  });
});

describe('ListGrants', () => {
  it('lists every member AWS lists, with the key ARN and the issuing account', async () => {
    const { kms, KeyId, keyArn } = await isolatedKey();
    const created = await kms.createGrant({
      KeyId,
      GranteePrincipal: APP_ROLE_ARN,
      RetiringPrincipal: ADMIN_ARN,
      Operations: ['Decrypt', 'GenerateDataKey'],
      Constraints: { EncryptionContextSubset: { Department: 'IT' } },
      Name: 'nightly-job',
    });
    const plain = await kms.createGrant({ KeyId, GranteePrincipal: AUDITOR_ARN, Operations: ['DescribeKey'] });
    const { Grants, Truncated, NextMarker } = await kms.listGrants({ KeyId });
    expect(Truncated).toBe(false);
    expect(NextMarker).toBeUndefined();
    expect(Grants).toHaveLength(2);
    const full = Grants.find((g) => g.GrantId === created.GrantId);
    expect(full).toEqual({
      KeyId: keyArn,
      GrantId: created.GrantId,
      Name: 'nightly-job',
      CreationDate: expect.any(Date),
      GranteePrincipal: APP_ROLE_ARN,
      RetiringPrincipal: ADMIN_ARN,
      IssuingAccount: ROOT_ARN,
      Operations: ['Decrypt', 'GenerateDataKey'],
      Constraints: { EncryptionContextSubset: { Department: 'IT' } },
    });
    const bare = Grants.find((g) => g.GrantId === plain.GrantId);
    expect(bare).toBeDefined();
    expect(Object.keys(bare ?? {}).sort()).toEqual(['CreationDate', 'GrantId', 'GranteePrincipal', 'IssuingAccount', 'KeyId', 'Operations']);
    // Entries are copies: changing one does not change the grant.
    full?.Operations.push('Encrypt');
    expect((await kms.listGrants({ KeyId, GrantId: created.GrantId })).Grants[0]?.Operations).toEqual(['Decrypt', 'GenerateDataKey']);
  });

  it('filters by GrantId and GranteePrincipal, and shows only the key’s own grants', async () => {
    const { kms, KeyId } = await isolatedKey();
    const other = await kms.createKey();
    const forApp = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] });
    const forAuditor = await kms.createGrant({ KeyId, GranteePrincipal: AUDITOR_ARN, Operations: ['Decrypt'] });
    const elsewhere = await kms.createGrant({ KeyId: other.KeyMetadata.KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] });
    expect((await kms.listGrants({ KeyId, GrantId: forAuditor.GrantId })).Grants.map((g) => g.GrantId)).toEqual([forAuditor.GrantId]);
    expect((await kms.listGrants({ KeyId, GranteePrincipal: APP_ROLE_ARN })).Grants.map((g) => g.GrantId)).toEqual([forApp.GrantId]);
    expect((await kms.listGrants({ KeyId })).Grants.map((g) => g.GrantId)).not.toContain(elsewhere.GrantId);
    expect((await kms.listGrants({ KeyId, GrantId: elsewhere.GrantId })).Grants).toEqual([]);
    expect((await failure(kms.listGrants({ KeyId, GrantId: 'not-a-grant-id' }))).name).toBe('InvalidGrantIdException');
  });

  it('pages with Limit and Marker', async () => {
    const { kms, KeyId } = await isolatedKey();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'], Name: `g${i}` })).GrantId);
    const seen: string[] = [];
    const sizes: number[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.listGrants({ KeyId, Limit: 2, ...(marker ? { Marker: marker } : {}) });
      sizes.push(page.Grants.length);
      seen.push(...page.Grants.map((g) => g.GrantId));
      expect(page.Truncated).toBe(page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker);
    expect(sizes).toEqual([2, 2, 1]);
    expect([...seen].sort()).toEqual([...created].sort());
    expect((await failure(kms.listGrants({ KeyId, Marker: 'not-a-marker' }))).name).toBe('InvalidMarkerException');
    expect((await failure(kms.listGrants({ KeyId, Limit: 0 }))).name).toBe('ValidationException');
  });

  it('needs kms:ListGrants: the auditor may, the app may not', async () => {
    const { kms, KeyId, keyArn } = await defaultKey();
    await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] });
    kms.setCaller('auditor');
    expect((await kms.listGrants({ KeyId })).Grants).toHaveLength(1);
    kms.setCaller('app');
    expect((await failure(kms.listGrants({ KeyId }))).message).toBe(
      `User: ${APP_SESSION_ARN} is not authorized to perform: kms:ListGrants on resource: ${keyArn} because no identity-based policy allows the kms:ListGrants action`,
    );
  });
});

describe('RetireGrant', () => {
  async function withGrants() {
    const { kms, KeyId, keyArn } = await isolatedKey();
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('data') });
    const retirable = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'], RetiringPrincipal: ADMIN_ARN });
    const selfRetiring = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt', 'RetireGrant'] });
    const plain = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] });
    return { kms, KeyId, keyArn, CiphertextBlob, retirable, selfRetiring, plain };
  }

  it('the retiring principal retires by grant token', async () => {
    const { kms, KeyId, retirable } = await withGrants();
    kms.setCaller('admin');
    await kms.retireGrant({ GrantToken: retirable.GrantToken });
    expect(grantIds(kms, KeyId)).not.toContain(retirable.GrantId);
  });

  it('the grantee retires by KeyId (ARN) and GrantId when the grant includes RetireGrant', async () => {
    const { kms, KeyId, keyArn, selfRetiring } = await withGrants();
    kms.setCaller('app');
    await kms.retireGrant({ KeyId: keyArn, GrantId: selfRetiring.GrantId });
    expect(grantIds(kms, KeyId)).not.toContain(selfRetiring.GrantId);
  });

  it('the account (root) that issued the grant can always retire it', async () => {
    const { kms, KeyId, keyArn, plain, retirable } = await withGrants();
    kms.setCaller('root');
    await kms.retireGrant({ KeyId: keyArn, GrantId: plain.GrantId });
    await kms.retireGrant({ GrantToken: retirable.GrantToken });
    expect(grantIds(kms, KeyId)).toHaveLength(1);
  });

  it('anyone else is refused, and the grant keeps working', async () => {
    const { kms, KeyId, keyArn, CiphertextBlob, retirable, plain } = await withGrants();
    const refusal = (arn: string) => `User: ${arn} is not authorized to perform: kms:RetireGrant on resource: ${keyArn}`;
    kms.setCaller('app'); // grantee, but the grant has no RetireGrant and names another retiring principal
    const byGrantee = await failure(kms.retireGrant({ GrantToken: retirable.GrantToken }));
    expect(byGrantee.name).toBe('AccessDeniedException');
    expect(byGrantee.message.startsWith(refusal(APP_SESSION_ARN))).toBe(true);
    kms.setCaller('auditor');
    const byStranger = await failure(kms.retireGrant({ KeyId: keyArn, GrantId: plain.GrantId }));
    expect(byStranger.name).toBe('AccessDeniedException');
    expect(byStranger.message.startsWith(refusal(AUDITOR_ARN))).toBe(true);
    // KeyAdmin may use every key API through the key policy, but kms:RetireGrant there does not count.
    kms.setCaller('admin');
    expect((await failure(kms.retireGrant({ KeyId: keyArn, GrantId: plain.GrantId }))).name).toBe('AccessDeniedException');
    expect(grantIds(kms, KeyId)).toHaveLength(3);
    kms.setCaller('app');
    await expect(kms.decrypt({ CiphertextBlob })).resolves.toBeDefined();
  });

  it('a retired grant allows nothing any more', async () => {
    const { kms, KeyId, CiphertextBlob, retirable, selfRetiring, plain } = await withGrants();
    kms.setCaller('root');
    for (const g of [retirable, selfRetiring, plain]) await kms.retireGrant({ GrantToken: g.GrantToken });
    expect(grantIds(kms, KeyId)).toEqual([]);
    kms.setCaller('app');
    expect((await failure(kms.decrypt({ CiphertextBlob }))).name).toBe('AccessDeniedException');
  });

  it('refuses unknown tokens, unknown grant IDs and requests that name no grant', async () => {
    const { kms, KeyId, keyArn } = await withGrants();
    const badToken = await failure(kms.retireGrant({ GrantToken: 'AQpAnotarealtokenbutlongenoughtolookplausible0000' }));
    expect(badToken.name).toBe('InvalidGrantTokenException');
    const otherGrant = await failure(kms.retireGrant({ KeyId: keyArn, GrantId: 'f'.repeat(64) }));
    expect(otherGrant.name).toBe('NotFoundException');
    expect((await failure(kms.retireGrant({}))).name).toBe('ValidationException');
    expect((await failure(kms.retireGrant({ GrantId: 'f'.repeat(64) }))).name).toBe('ValidationException');
    expect(grantIds(kms, KeyId)).toHaveLength(3);
  });

  it('a grant ID under the wrong key is not found', async () => {
    const { kms, plain } = await withGrants();
    const other = await kms.createKey();
    expect((await failure(kms.retireGrant({ KeyId: other.KeyMetadata.Arn, GrantId: plain.GrantId }))).name).toBe('NotFoundException');
  });

  it('DryRun: permission is checked, nothing is retired', async () => {
    const { kms, KeyId, retirable } = await withGrants();
    kms.setCaller('admin');
    const dry = await failure(kms.retireGrant({ GrantToken: retirable.GrantToken, DryRun: true }));
    expect([dry.name, dry.message]).toEqual(['DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.']);
    kms.setCaller('auditor');
    expect((await failure(kms.retireGrant({ GrantToken: retirable.GrantToken, DryRun: true }))).name).toBe('AccessDeniedException');
    expect(grantIds(kms, KeyId)).toContain(retirable.GrantId);
  });
});

describe('RevokeGrant', () => {
  it('a key administrator revokes; the grant stops working at once', async () => {
    const { kms, KeyId } = await defaultKey();
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: encode('data') });
    const grant = await kms.createGrant({ KeyId, GranteePrincipal: AUDITOR_ARN, Operations: ['Decrypt'] });
    kms.setCaller('auditor');
    await expect(kms.decrypt({ CiphertextBlob })).resolves.toBeDefined();
    kms.setCaller('admin');
    await kms.revokeGrant({ KeyId, GrantId: grant.GrantId });
    expect(grantIds(kms, KeyId)).toEqual([]);
    kms.setCaller('auditor');
    expect((await failure(kms.decrypt({ CiphertextBlob }))).name).toBe('AccessDeniedException');
  });

  it('the grantee cannot revoke (revoking is policy-controlled, unlike retiring)', async () => {
    const { kms, KeyId, keyArn } = await defaultKey();
    const grant = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt', 'RetireGrant'] });
    kms.setCaller('app');
    const error = await failure(kms.revokeGrant({ KeyId, GrantId: grant.GrantId }));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(
      `User: ${APP_SESSION_ARN} is not authorized to perform: kms:RevokeGrant on resource: ${keyArn} because no identity-based policy allows the kms:RevokeGrant action`,
    );
    expect(grantIds(kms, KeyId)).toEqual([grant.GrantId]);
  });

  it('refuses unknown grants and grants of other keys; DryRun revokes nothing', async () => {
    const { kms, KeyId } = await defaultKey();
    const other = await kms.createKey();
    const grant = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] });
    expect((await failure(kms.revokeGrant({ KeyId, GrantId: 'a'.repeat(64) }))).name).toBe('NotFoundException');
    expect((await failure(kms.revokeGrant({ KeyId: other.KeyMetadata.KeyId, GrantId: grant.GrantId }))).name).toBe('NotFoundException');
    const dry = await failure(kms.revokeGrant({ KeyId, GrantId: grant.GrantId, DryRun: true }));
    expect([dry.name, dry.message]).toEqual(['DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.']);
    expect(grantIds(kms, KeyId)).toEqual([grant.GrantId]);
  });

  it('grants go with their key when it is deleted', async () => {
    const { kms, KeyId } = await defaultKey();
    await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] });
    await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
    // Pending deletion: the grant is still listed.
    expect((await kms.listGrants({ KeyId })).Grants).toHaveLength(1);
    await kms.advanceTime(7 * 24 * 60 * 60 * 1000 + 1);
    expect((await failure(kms.listGrants({ KeyId }))).name).toBe('NotFoundException');
    expect(kms.engine.state.grants.size).toBe(0);
  });
});

describe('grant tokens', () => {
  it('a grant token in the request is accepted; a malformed one is InvalidGrantTokenException', async () => {
    const { kms, KeyId } = await isolatedKey();
    const grant = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Encrypt', 'Decrypt'] });
    kms.setCaller('app');
    const sealed = await kms.encrypt({ KeyId, Plaintext: encode('now'), GrantTokens: [grant.GrantToken] });
    expect(decode((await kms.decrypt({ CiphertextBlob: sealed.CiphertextBlob, GrantTokens: [grant.GrantToken] })).Plaintext)).toBe('now');
    const bad = await failure(kms.encrypt({ KeyId, Plaintext: encode('x'), GrantTokens: ['not a token!'] }));
    expect(bad.name).toBe('InvalidGrantTokenException');
    // A bad token is refused even for a caller the key policy allows.
    kms.setCaller('admin');
    expect((await failure(kms.describeKey({ KeyId, GrantTokens: ['short'] }))).name).toBe('InvalidGrantTokenException');
    expect((await failure(kms.createGrant({ KeyId, GranteePrincipal: AUDITOR_ARN, Operations: ['Decrypt'], GrantTokens: ['%%%'] }))).name).toBe(
      'InvalidGrantTokenException',
    );
  });

  it('at most 10 grant tokens per request', async () => {
    const { kms, KeyId } = await isolatedKey();
    const grant = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Encrypt'] });
    const error = await failure(kms.encrypt({ KeyId, Plaintext: encode('x'), GrantTokens: Array.from({ length: 11 }, () => grant.GrantToken) }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("'grantTokens'");
  });
});
