import { describe, expect, it } from 'vitest';
import { hex } from '../../src/kms/bytes.ts';
import { Kms } from '../../src/kms/kms.ts';
import { MemoryStorage, restoreSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotError, takeSnapshot, type Snapshot } from '../../src/kms/store.ts';
import { ADMIN_ARN, APP_ROLE_ARN, binaryPaths, DAY, decode, encode, failure, randomBytes } from '../support/kms-test-helpers.ts';

function refusal(data: unknown): SnapshotError {
  try {
    restoreSnapshot(data);
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).name).toBe('SnapshotError');
    return error as SnapshotError;
  }
  throw new Error('expected restoreSnapshot to refuse the data');
}

/** A simulator with something of everything: keys, aliases, grants, rotation, tags, a deleted key, audit. */
async function populated(seed: number | 'unseeded' = 51) {
  const kms = await Kms.create(seed === 'unseeded' ? {} : { seed });
  const { KeyMetadata } = await kms.createKey({ Description: 'orders', Tags: [{ TagKey: 'Team', TagValue: 'Ops' }] });
  const KeyId = KeyMetadata.KeyId;
  await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: KeyId });
  const v0 = await kms.encrypt({ KeyId, Plaintext: encode('before rotation'), EncryptionContext: { order: '42' } });
  await kms.rotateKeyOnDemand({ KeyId });
  await kms.enableKeyRotation({ KeyId, RotationPeriodInDays: 90 });
  const v1 = await kms.encrypt({ KeyId: 'alias/orders', Plaintext: encode('after rotation') });
  const grant = await kms.createGrant({ KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'], Name: 'app', RetiringPrincipal: ADMIN_ARN });
  const gone = await kms.createKey();
  const goneBlob = await kms.encrypt({ KeyId: gone.KeyMetadata.KeyId, Plaintext: encode('lost') });
  await kms.scheduleKeyDeletion({ KeyId: gone.KeyMetadata.KeyId, PendingWindowInDays: 7 });
  await kms.advanceTime(7 * DAY + 1);
  const doomed = await kms.createKey();
  await kms.scheduleKeyDeletion({ KeyId: doomed.KeyMetadata.KeyId, PendingWindowInDays: 30 });
  kms.setCaller('app');
  return { kms, KeyId, keyArn: KeyMetadata.Arn, v0, v1, grant, goneBlob, doomedKeyId: doomed.KeyMetadata.KeyId };
}

function cryptoKeys(value: unknown, seen = new Set<unknown>()): CryptoKey[] {
  if (value instanceof CryptoKey) return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  return Object.values(value).flatMap((v) => cryptoKeys(v, seen));
}

function keyIndex(snapshot: Snapshot, keyId: string): number {
  const index = snapshot.keys.findIndex((k) => k.keyId === keyId);
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
}

describe('takeSnapshot', () => {
  it('labels the format and version and captures the state', async () => {
    const { kms, KeyId } = await populated();
    const snapshot = takeSnapshot(kms);
    expect(snapshot.format).toBe(SNAPSHOT_FORMAT);
    expect(snapshot.format).toBe('kms-lab-snapshot');
    expect(snapshot.schemaVersion).toBe(SNAPSHOT_VERSION);
    expect(snapshot.account).toEqual({ accountId: '111122223333', region: 'us-east-1' });
    expect(snapshot.caller).toBe('app');
    expect(snapshot.random.seeded).toBe(true);
    expect(snapshot.random.state).toHaveLength(4);
    expect(snapshot.keys.map((k) => k.keyId)).toContain(KeyId);
    expect(snapshot.audit).toHaveLength(kms.auditLog().length);
  });

  it('is a copy: the simulator moving on does not change it', async () => {
    const { kms, KeyId } = await populated();
    const snapshot = takeSnapshot(kms);
    const index = keyIndex(snapshot, KeyId);
    kms.setCaller('root');
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'Later', TagValue: 'x' }] });
    await kms.disableKey({ KeyId });
    expect(snapshot.keys[index]?.tags).toEqual([{ TagKey: 'Team', TagValue: 'Ops' }]);
    expect(snapshot.keys[index]?.state).toBe('Enabled');
    expect(snapshot.audit.length).toBeLessThan(kms.auditLog().length);
  });

  it('holds CryptoKeys, never key bytes, and they stay non-extractable', async () => {
    const kms = await Kms.create({ seed: 52 });
    const external = await kms.createKey({ Origin: 'EXTERNAL' });
    await kms.getParametersForImport({ KeyId: external.KeyMetadata.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const { KeyMetadata } = await kms.createKey();
    await kms.rotateKeyOnDemand({ KeyId: KeyMetadata.KeyId });
    const snapshot = takeSnapshot(kms);
    expect(binaryPaths(snapshot)).toEqual([]);
    const keys = cryptoKeys(snapshot);
    // 6 AWS managed keys + 2 versions of ours + the RSA private key for the import.
    expect(keys.length).toBe(9);
    for (const key of keys) {
      expect(key.extractable).toBe(false);
      await expect(globalThis.crypto.subtle.exportKey(key.type === 'private' ? 'pkcs8' : 'raw', key)).rejects.toThrow();
    }
    expect(snapshot.importParameters[0]?.privateKey.type).toBe('private');
  });
});

describe('restoreSnapshot', () => {
  it('brings back a simulator that decrypts old ciphertexts, with aliases, grants, rotation, tags, caller and audit', async () => {
    const { kms, KeyId, keyArn, v0, v1, grant, goneBlob, doomedKeyId } = await populated();
    const restored = restoreSnapshot(takeSnapshot(kms));

    expect(restored.caller.name).toBe('app');
    expect(restored.auditLog()).toEqual(kms.auditLog());
    // The app decrypts thanks to its IAM policy; both material versions are there.
    expect(decode((await restored.decrypt({ CiphertextBlob: v0.CiphertextBlob, EncryptionContext: { order: '42' } })).Plaintext)).toBe('before rotation');
    expect(decode((await restored.decrypt({ CiphertextBlob: v1.CiphertextBlob })).Plaintext)).toBe('after rotation');
    // The deleted key's ciphertexts still meet AWS's "does not exist" answer.
    expect((await failure(restored.decrypt({ CiphertextBlob: goneBlob.CiphertextBlob }))).name).toBe('AccessDeniedException');

    restored.setCaller('root');
    expect((await restored.describeKey({ KeyId: 'alias/orders' })).KeyMetadata).toMatchObject({ KeyId, Arn: keyArn, Description: 'orders' });
    const grants = (await restored.listGrants({ KeyId })).Grants;
    expect(grants.map((g) => g.GrantId)).toEqual([grant.GrantId]);
    expect(grants[0]?.CreationDate).toBeInstanceOf(Date);
    await restored.retireGrant({ GrantToken: grant.GrantToken });
    expect((await restored.listGrants({ KeyId })).Grants).toEqual([]);
    const rotation = await restored.getKeyRotationStatus({ KeyId });
    expect(rotation).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    kms.setCaller('root');
    expect(rotation.NextRotationDate).toEqual((await kms.getKeyRotationStatus({ KeyId })).NextRotationDate);
    expect(rotation.NextRotationDate).toBeInstanceOf(Date);
    const doomed = (await restored.describeKey({ KeyId: doomedKeyId })).KeyMetadata;
    expect(doomed.KeyState).toBe('PendingDeletion');
    expect(doomed['DeletionDate']).toEqual((await kms.describeKey({ KeyId: doomedKeyId })).KeyMetadata['DeletionDate']);
    expect((await restored.listKeyRotations({ KeyId })).Rotations.map((r) => r.RotationType)).toEqual(['ON_DEMAND']);
    expect((await restored.listResourceTags({ KeyId })).Tags).toEqual([{ TagKey: 'Team', TagValue: 'Ops' }]);
    // Automatic rotation and the pending deletion keep their schedule in the restored simulator.
    const before = restored.auditLog().length;
    await restored.advanceTime(91 * DAY);
    expect(restored.auditLog().slice(before).map((e) => e.eventName).sort()).toEqual(['DeleteKey', 'RotateKey']);
    expect((await failure(restored.describeKey({ KeyId: doomedKeyId }))).name).toBe('NotFoundException');
    expect((await restored.listKeyRotations({ KeyId })).Rotations.map((r) => r.RotationType)).toEqual(['ON_DEMAND', 'AUTOMATIC']);
  });

  it('restored CryptoKeys are non-extractable CryptoKeys', async () => {
    const { kms } = await populated();
    const restored = restoreSnapshot(takeSnapshot(kms));
    const materials = [...restored.engine.state.keys.values()].flatMap((k) => k.materials);
    expect(materials.length).toBeGreaterThan(6);
    for (const material of materials) {
      expect(material.key).toBeInstanceOf(CryptoKey);
      expect(material.key?.extractable).toBe(false);
      expect(material.key?.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    }
  });

  it('a seeded simulator continues exactly as the original would', async () => {
    const { kms } = await populated(53);
    kms.setCaller('root');
    const restored = restoreSnapshot(takeSnapshot(kms));
    const next = async (sim: Kms) => {
      const { KeyMetadata } = await sim.createKey();
      const sealed = await sim.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('same'), EncryptionContext: { a: 'b' } });
      const dataKey = await sim.generateDataKey({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256' });
      const grant = await sim.createGrant({ KeyId: KeyMetadata.KeyId, GranteePrincipal: APP_ROLE_ARN, Operations: ['Decrypt'] });
      return {
        keyId: KeyMetadata.KeyId,
        created: KeyMetadata['CreationDate'],
        blob: hex(sealed.CiphertextBlob),
        dataKey: hex(dataKey.Plaintext),
        grantId: grant.GrantId,
        events: sim.auditLog().slice(-4).map((e) => [e.eventID, e.requestID, e.eventTime]),
      };
    };
    const fromOriginal = await next(kms);
    const fromRestored = await next(restored);
    expect(fromRestored).toEqual(fromOriginal);
    expect(fromRestored.keyId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unseeded simulator restores too, and keeps drawing fresh randomness', async () => {
    const { kms, v0 } = await populated('unseeded');
    const snapshot = takeSnapshot(kms);
    expect(snapshot.random).toEqual({ seeded: false });
    expect(snapshot.clock.mode).toBe('live');
    const restored = restoreSnapshot(snapshot);
    expect(decode((await restored.decrypt({ CiphertextBlob: v0.CiphertextBlob, EncryptionContext: { order: '42' } })).Plaintext)).toBe('before rotation');
    restored.setCaller('root');
    kms.setCaller('root');
    expect((await restored.createKey()).KeyMetadata.KeyId).not.toBe((await kms.createKey()).KeyMetadata.KeyId);
  });

  it('the restored simulator and the original are independent', async () => {
    const { kms, KeyId } = await populated();
    kms.setCaller('root');
    const restored = restoreSnapshot(takeSnapshot(kms));
    await restored.disableKey({ KeyId });
    await restored.deleteAlias({ AliasName: 'alias/orders' });
    expect((await kms.describeKey({ KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(KeyId);
    kms.setCaller('admin');
    expect(restored.caller.name).toBe('root');
    expect(restored.auditLog().at(-1)?.eventName).toBe('DeleteAlias');
    expect(kms.auditLog().at(-1)?.eventName).toBe('DescribeKey');
  });

  it('a snapshot can be restored twice, and a restored simulator can be snapshotted again', async () => {
    const { kms, v1 } = await populated();
    const snapshot = takeSnapshot(kms);
    const first = restoreSnapshot(snapshot);
    const second = restoreSnapshot(takeSnapshot(restoreSnapshot(snapshot)));
    for (const sim of [first, second]) expect(decode((await sim.decrypt({ CiphertextBlob: v1.CiphertextBlob })).Plaintext)).toBe('after rotation');
  });

  it('import parameters survive: material wrapped for the old simulator imports into the restored one', async () => {
    const kms = await Kms.create({ seed: 54 });
    const { KeyMetadata } = await kms.createKey({ Origin: 'EXTERNAL' });
    const params = await kms.getParametersForImport({ KeyId: KeyMetadata.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' });
    const restored = restoreSnapshot(takeSnapshot(kms));
    const wrappingKey = await globalThis.crypto.subtle.importKey('spki', new Uint8Array(params.PublicKey), { name: 'RSA-OAEP', hash: 'SHA-1' }, false, ['encrypt']);
    const material = randomBytes(32);
    const wrapped = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, wrappingKey, material));
    await restored.importKeyMaterial({ KeyId: KeyMetadata.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const sealed = await restored.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('imported') });
    expect(decode((await restored.decrypt({ CiphertextBlob: sealed.CiphertextBlob })).Plaintext)).toBe('imported');
    // The original never imported anything.
    expect((await kms.describeKey({ KeyId: KeyMetadata.KeyId })).KeyMetadata.KeyState).toBe('PendingImport');
  });
});

describe('restoreSnapshot refuses what it cannot trust', () => {
  it('data that is not a snapshot', () => {
    for (const data of [undefined, null, 'kms-lab-snapshot', 42, [], {}, { format: 'other-app', schemaVersion: 1 }]) {
      expect(refusal(data).message).toBe('This is not a KMS Lab sandbox snapshot.');
    }
  });

  it('another schema version', async () => {
    const { kms } = await populated();
    const snapshot = takeSnapshot(kms);
    expect(refusal({ ...snapshot, schemaVersion: 2 }).message).toBe(
      'This snapshot was saved by a newer version of KMS Lab (schema version 2); this version reads version 1 only.',
    );
    const { schemaVersion: _v, ...unversioned } = snapshot;
    expect(refusal(unversioned).message).toBe('This snapshot has schema version undefined; this version of KMS Lab reads version 1 only.');
    expect(refusal({ ...snapshot, schemaVersion: '1' }).message).toBe('This snapshot has schema version 1; this version of KMS Lab reads version 1 only.');
  });

  describe('corrupt data, with the path and the problem', () => {
    it('a key in an unknown state', async () => {
      const { kms, KeyId } = await populated();
      const snapshot = takeSnapshot(kms);
      const index = keyIndex(snapshot, KeyId);
      const bad = structuredClone(snapshot);
      Object.assign(bad.keys[index]!, { state: 'Bogus' });
      expect(refusal(bad).message).toMatch(new RegExp(`^The snapshot is corrupt \\(keys\\.${index}\\.state: .*Enabled.*\\)\\.$`));
    });

    it('key material that is a string instead of a CryptoKey', async () => {
      const { kms, KeyId } = await populated();
      const snapshot = takeSnapshot(kms);
      const index = keyIndex(snapshot, KeyId);
      const bad = structuredClone(snapshot);
      Object.assign(bad.keys[index]!.materials[1]!, { key: 'q1w2e3r4t5y6u7i8o9p0q1w2e3r4t5y6u7i8o9p0abc=' });
      expect(refusal(bad).message).toBe(`The snapshot is corrupt (keys.${index}.materials.1.key: expected a CryptoKey).`);
    });

    it('a snapshot that went through JSON (dates became strings, keys became {})', async () => {
      const { kms } = await populated();
      const viaJson: unknown = JSON.parse(JSON.stringify(takeSnapshot(kms)));
      expect(refusal(viaJson).message).toMatch(/^The snapshot is corrupt \(keys\.0\./);
    });

    it('missing or mistyped parts', async () => {
      const { kms } = await populated();
      const snapshot = takeSnapshot(kms);
      const { keys: _k, ...noKeys } = snapshot;
      expect(refusal(noKeys).message).toMatch(/^The snapshot is corrupt \(keys: /);
      expect(refusal({ ...snapshot, account: { accountId: '123', region: 'us-east-1' } }).message).toMatch(/^The snapshot is corrupt \(account\.accountId: /);
      expect(refusal({ ...snapshot, aliases: [{ aliasName: 'orders' }] }).message).toMatch(/^The snapshot is corrupt \(aliases\.0\.aliasName: /);
      expect(refusal({ ...snapshot, random: { seeded: true } }).message).toBe(
        'The snapshot is corrupt (random: a seeded snapshot needs its generator state).',
      );
      expect(refusal({ ...snapshot, caller: 'mallory' }).message).toBe('The snapshot is corrupt (caller: no principal "mallory").');
    });

    it('a current material version beyond the materials', async () => {
      const { kms, KeyId } = await populated();
      const snapshot = takeSnapshot(kms);
      const index = keyIndex(snapshot, KeyId);
      const bad = structuredClone(snapshot);
      Object.assign(bad.keys[index]!, { current: 5 });
      expect(refusal(bad).message).toBe(`The snapshot is corrupt (keys.${index}: current material version out of range).`);
    });

    it('records that disagree with each other', async () => {
      const { kms, KeyId } = await populated();
      const snapshot = takeSnapshot(kms);
      const index = keyIndex(snapshot, KeyId);
      const missingKey = '00000000-0000-4000-8000-000000000000';

      const aliasIndex = snapshot.aliases.findIndex((a) => a.aliasName === 'alias/orders');
      const danglingAlias = structuredClone(snapshot);
      Object.assign(danglingAlias.aliases[aliasIndex]!, { targetKeyId: missingKey });
      expect(refusal(danglingAlias).message).toBe(`The snapshot is corrupt (aliases.${aliasIndex}.targetKeyId: no key ${missingKey}).`);

      const danglingGrant = structuredClone(snapshot);
      Object.assign(danglingGrant.grants[0]!, { keyId: missingKey });
      expect(refusal(danglingGrant).message).toBe(`The snapshot is corrupt (grants.0.keyId: no key ${missingKey}).`);

      const twice = structuredClone(snapshot);
      twice.keys.push(structuredClone(snapshot.keys[index]!));
      expect(refusal(twice).message).toBe(`The snapshot is corrupt (keys.${twice.keys.length - 1}.keyId: key ${KeyId} appears twice).`);

      const wrongArn = structuredClone(snapshot);
      Object.assign(wrongArn.keys[index]!, { arn: `arn:aws:kms:eu-west-1:111122223333:key/${KeyId}` });
      expect(refusal(wrongArn).message).toBe(`The snapshot is corrupt (keys.${index}.arn: expected arn:aws:kms:us-east-1:111122223333:key/${KeyId}).`);

      const shuffled = structuredClone(snapshot);
      shuffled.keys[index]!.materials.reverse();
      expect(refusal(shuffled).message).toBe(`The snapshot is corrupt (keys.${index}.materials.0.version: expected 0).`);
    });
  });

  it('a refused restore leaves the original simulator as it was', async () => {
    const { kms, KeyId, v1 } = await populated();
    const snapshot = takeSnapshot(kms);
    const auditLength = kms.auditLog().length;
    const bad = structuredClone(snapshot);
    Object.assign(bad.keys[keyIndex(snapshot, KeyId)]!, { state: 'Bogus' });
    refusal(bad);
    refusal({ ...snapshot, caller: 'mallory' });
    expect(kms.auditLog()).toHaveLength(auditLength);
    expect(kms.caller.name).toBe('app');
    expect(decode((await kms.decrypt({ CiphertextBlob: v1.CiphertextBlob })).Plaintext)).toBe('after rotation');
    kms.setCaller('root');
    expect((await kms.describeKey({ KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    // The good snapshot still restores after the bad attempts.
    await expect(restoreSnapshot(snapshot).decrypt({ CiphertextBlob: v1.CiphertextBlob })).resolves.toBeDefined();
  });
});

describe('MemoryStorage', () => {
  it('is empty at first, saves and loads a snapshot that restores, and clears', async () => {
    const storage = new MemoryStorage();
    expect(await storage.load()).toBeUndefined();
    const { kms, v0 } = await populated();
    await storage.save(takeSnapshot(kms));
    const restored = restoreSnapshot(await storage.load());
    expect(decode((await restored.decrypt({ CiphertextBlob: v0.CiphertextBlob, EncryptionContext: { order: '42' } })).Plaintext)).toBe('before rotation');
    await storage.clear();
    expect(await storage.load()).toBeUndefined();
  });

  it('keeps its own copy: changing what was saved or loaded does not change what is stored', async () => {
    const storage = new MemoryStorage();
    const { kms } = await populated();
    const snapshot = takeSnapshot(kms);
    await storage.save(snapshot);
    snapshot.caller = 'mallory';
    const loaded = (await storage.load()) as Snapshot;
    expect(loaded.caller).toBe('app');
    loaded.keys.length = 0;
    expect(((await storage.load()) as Snapshot).keys.length).toBeGreaterThan(0);
  });

  it('saving on every change (onChange) keeps a restorable copy of the latest state', async () => {
    const storage = new MemoryStorage();
    const kms = await Kms.create({ seed: 55 });
    const saves: Promise<void>[] = [];
    kms.onChange = () => saves.push(storage.save(takeSnapshot(kms)));
    const { KeyMetadata } = await kms.createKey();
    await kms.tagResource({ KeyId: KeyMetadata.KeyId, Tags: [{ TagKey: 'saved', TagValue: 'yes' }] });
    await Promise.all(saves);
    expect(saves.length).toBeGreaterThanOrEqual(2);
    const restored = restoreSnapshot(await storage.load());
    expect((await restored.listResourceTags({ KeyId: KeyMetadata.KeyId })).Tags).toEqual([{ TagKey: 'saved', TagValue: 'yes' }]);
  });
});
