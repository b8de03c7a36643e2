import { describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { DAY_MS } from '../../src/kms/clock.ts';
import type { Kms } from '../../src/kms/kms.ts';
import type { RotationsListEntry } from '../../src/kms/types.ts';
import { allPages, decode, encode, expectError, failure, kmsWithKey } from '../support/kms-test-helpers.ts';

const ROTATION_PERIOD = API_MODEL.shapes['RotationPeriodInDaysType']!;

const setup = () => kmsWithKey(3);

async function currentMaterialId(kms: Kms, keyId: string): Promise<unknown> {
  return (await kms.describeKey({ KeyId: keyId })).KeyMetadata['CurrentKeyMaterialId'];
}

function allRotations(kms: Kms, input: { KeyId: string; IncludeKeyMaterial?: string; Limit?: number }): Promise<RotationsListEntry[]> {
  return allPages((Marker) => kms.listKeyRotations(Marker === undefined ? input : { ...input, Marker }), (page) => page.Rotations);
}

describe('EnableKeyRotation and GetKeyRotationStatus', () => {
  it('a new key reports rotation off with only KeyRotationEnabled and KeyId', async () => {
    const { kms, key } = await setup();
    const status = await kms.getKeyRotationStatus({ KeyId: key.KeyId });
    expect(status).toEqual({ KeyRotationEnabled: false, KeyId: key.KeyId });
    expect(Object.keys(status)).toEqual(['KeyRotationEnabled', 'KeyId']);
  });

  it('rotates every 365 days by default; status gives the period and the next date, members in model order', async () => {
    const { kms, key } = await setup();
    expect(await kms.enableKeyRotation({ KeyId: key.KeyId })).toBeUndefined();
    const enabledAt = kms.now().getTime();
    const status = await kms.getKeyRotationStatus({ KeyId: key.Arn });
    expect(status).toEqual({
      KeyRotationEnabled: true,
      KeyId: key.KeyId,
      RotationPeriodInDays: 365,
      NextRotationDate: new Date(enabledAt + 365 * DAY_MS),
    });
    const modelOrder = Object.keys(API_MODEL.shapes['GetKeyRotationStatusResponse']!.members!);
    expect(Object.keys(status)).toEqual(modelOrder.filter((m) => m in status));
  });

  it.each([ROTATION_PERIOD.min!, 180, ROTATION_PERIOD.max!])('accepts RotationPeriodInDays %i', async (days) => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: days });
    const enabledAt = kms.now().getTime();
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toMatchObject({
      KeyRotationEnabled: true,
      RotationPeriodInDays: days,
      NextRotationDate: new Date(enabledAt + days * DAY_MS),
    });
  });

  it('refuses periods outside 90 to 2560 days with the model wording, and leaves rotation off', async () => {
    const { kms, key } = await setup();
    expect(ROTATION_PERIOD).toMatchObject({ min: 90, max: 2560 });
    await expectError(
      kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 89 }),
      'ValidationException',
      "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
    );
    await expectError(
      kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 2561 }),
      'ValidationException',
      "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560",
    );
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual({ KeyRotationEnabled: false, KeyId: key.KeyId });
  });

  it('DisableKeyRotation turns it off again', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 100 });
    expect(await kms.disableKeyRotation({ KeyId: key.KeyId })).toBeUndefined();
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual({ KeyRotationEnabled: false, KeyId: key.KeyId });
    await kms.advanceTime(200 * DAY_MS);
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([]);
  });

  it('enabling again with the same period keeps the schedule', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    const first = (await kms.getKeyRotationStatus({ KeyId: key.KeyId })).NextRotationDate;
    await kms.advanceTime(10 * DAY_MS);
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).NextRotationDate).toEqual(first);
  });

  it('a disabled key keeps its rotation status but cannot change it', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    const before = await kms.getKeyRotationStatus({ KeyId: key.KeyId });
    await kms.disableKey({ KeyId: key.KeyId });
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual(before);
    await expectError(kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 120 }), 'DisabledException', `${key.Arn} is disabled.`);
    await expectError(kms.disableKeyRotation({ KeyId: key.KeyId }), 'DisabledException', `${key.Arn} is disabled.`);
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual(before);
  });

  it('a key pending deletion reports rotation off; cancelling restores the status', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 180 });
    const before = await kms.getKeyRotationStatus({ KeyId: key.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId });
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual({ KeyRotationEnabled: false, KeyId: key.KeyId });
    await kms.cancelKeyDeletion({ KeyId: key.KeyId });
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual(before);
  });

  it('rotation operations take a key ID or key ARN, not an alias', async () => {
    const { kms, key } = await setup();
    await kms.createAlias({ AliasName: 'alias/rot', TargetKeyId: key.KeyId });
    await expectError(kms.enableKeyRotation({ KeyId: 'alias/rot' }), 'NotFoundException');
    await expectError(kms.getKeyRotationStatus({ KeyId: 'alias/rot' }), 'NotFoundException');
    await expectError(kms.rotateKeyOnDemand({ KeyId: 'alias/rot' }), 'NotFoundException');
    await expectError(kms.listKeyRotations({ KeyId: 'alias/rot' }), 'NotFoundException');
    expect(await kms.getKeyRotationStatus({ KeyId: key.Arn })).toEqual({ KeyRotationEnabled: false, KeyId: key.KeyId });
  });
});

describe('automatic rotation', () => {
  it('adds one new key material version per period that passes; old ciphertexts still decrypt', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    const enabledAt = kms.now().getTime();
    const blobs: { blob: Uint8Array; message: string }[] = [];
    const encryptNow = async (message: string) =>
      blobs.push({ message, blob: (await kms.encrypt({ KeyId: key.KeyId, Plaintext: encode(message) })).CiphertextBlob });

    await encryptNow('version 0');
    await kms.advanceTime(89 * DAY_MS);
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([]);
    expect(await currentMaterialId(kms, key.KeyId)).toBe(key['CurrentKeyMaterialId']);

    await kms.advanceTime(2 * DAY_MS); // day 91: first rotation
    const afterFirst = (await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations;
    expect(afterFirst).toHaveLength(1);
    expect(afterFirst[0]).toMatchObject({ KeyId: key.KeyId, RotationType: 'AUTOMATIC', RotationDate: new Date(enabledAt + 90 * DAY_MS) });
    expect(await currentMaterialId(kms, key.KeyId)).toBe(afterFirst[0]!.KeyMaterialId);
    expect(afterFirst[0]!.KeyMaterialId).not.toBe(key['CurrentKeyMaterialId']);
    await encryptNow('version 1');

    await kms.advanceTime(3 * 90 * DAY_MS); // day 361: three more periods at once
    const rotations = (await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations;
    expect(rotations.map((r) => r.RotationType)).toEqual(['AUTOMATIC', 'AUTOMATIC', 'AUTOMATIC', 'AUTOMATIC']);
    expect(rotations.map((r) => r.RotationDate)).toEqual([1, 2, 3, 4].map((n) => new Date(enabledAt + n * 90 * DAY_MS)));
    expect(new Set(rotations.map((r) => r.KeyMaterialId)).size).toBe(4);
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).NextRotationDate).toEqual(new Date(enabledAt + 5 * 90 * DAY_MS));
    await encryptNow('version 4');

    const materialIds = [key['CurrentKeyMaterialId'], ...rotations.map((r) => r.KeyMaterialId)];
    const expectedVersion = [0, 1, 4];
    for (const [i, { blob, message }] of blobs.entries()) {
      const out = await kms.decrypt({ CiphertextBlob: blob });
      expect(decode(out.Plaintext)).toBe(message);
      expect(out.KeyMaterialId).toBe(materialIds[expectedVersion[i]!]);
    }
    // the key's identity does not change
    const after = (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata;
    expect(after).toMatchObject({ KeyId: key.KeyId, Arn: key.Arn, CreationDate: key['CreationDate'], CurrentKeyMaterialId: materialIds[4] });
  });

  it('a disabled key does not rotate; re-enabled after its date, it rotates at once and then every period', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    await kms.disableKey({ KeyId: key.KeyId });
    await kms.advanceTime(200 * DAY_MS);
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([]);
    expect(await currentMaterialId(kms, key.KeyId)).toBe(key['CurrentKeyMaterialId']);

    await kms.enableKey({ KeyId: key.KeyId });
    const reenabledAt = kms.now();
    const rotations = (await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations;
    expect(rotations).toHaveLength(1);
    expect(rotations[0]).toMatchObject({ RotationType: 'AUTOMATIC', RotationDate: reenabledAt });
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).NextRotationDate).toEqual(new Date(reenabledAt.getTime() + 90 * DAY_MS));
    await kms.advanceTime(91 * DAY_MS);
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toHaveLength(2);
  });

  it('a key re-enabled before its date keeps its prior schedule', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    const { NextRotationDate } = await kms.getKeyRotationStatus({ KeyId: key.KeyId });
    await kms.disableKey({ KeyId: key.KeyId });
    await kms.advanceTime(30 * DAY_MS);
    await kms.enableKey({ KeyId: key.KeyId });
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([]);
    expect((await kms.getKeyRotationStatus({ KeyId: key.KeyId })).NextRotationDate).toEqual(NextRotationDate);
  });

  it('a key pending deletion does not rotate', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    await kms.advanceTime(80 * DAY_MS);
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 30 });
    await kms.advanceTime(20 * DAY_MS); // day 100, past the rotation date
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([]);
    await kms.cancelKeyDeletion({ KeyId: key.KeyId });
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([]);
  });
});

describe('RotateKeyOnDemand', () => {
  it('rotates now, answers the KeyId, and keeps old ciphertexts readable', async () => {
    const { kms, key } = await setup();
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('old') });
    const result = await kms.rotateKeyOnDemand({ KeyId: key.Arn });
    const at = kms.now();
    expect(result).toEqual({ KeyId: key.KeyId });
    const rotations = (await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations;
    expect(rotations).toHaveLength(1);
    expect(rotations[0]).toMatchObject({ KeyId: key.KeyId, RotationType: 'ON_DEMAND', RotationDate: at });
    expect(await currentMaterialId(kms, key.KeyId)).toBe(rotations[0]!.KeyMaterialId);

    const old = await kms.decrypt({ CiphertextBlob });
    expect(decode(old.Plaintext)).toBe('old');
    expect(old.KeyMaterialId).toBe(key['CurrentKeyMaterialId']);
    const fresh = await kms.encrypt({ KeyId: key.KeyId, Plaintext: encode('new') });
    expect((await kms.decrypt({ CiphertextBlob: fresh.CiphertextBlob })).KeyMaterialId).toBe(rotations[0]!.KeyMaterialId);
  });

  it('works whether or not automatic rotation is on, and does not move the automatic schedule', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    const before = await kms.getKeyRotationStatus({ KeyId: key.KeyId });
    await kms.advanceTime(10 * DAY_MS);
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual(before);
  });

  it('allows 25 on-demand rotations per key, then LimitExceededException', async () => {
    const { kms, key } = await setup();
    for (let i = 0; i < 25; i++) await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    await expectError(
      kms.rotateKeyOnDemand({ KeyId: key.KeyId }),
      'LimitExceededException',
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
    );
    const rotations = await allRotations(kms, { KeyId: key.KeyId });
    expect(rotations).toHaveLength(25);
    expect(rotations.every((r) => r.RotationType === 'ON_DEMAND')).toBe(true);
    // another key has its own allowance
    const other = (await kms.createKey()).KeyMetadata;
    expect(await kms.rotateKeyOnDemand({ KeyId: other.KeyId })).toEqual({ KeyId: other.KeyId });
  });

  it('is refused on a disabled key', async () => {
    const { kms, key } = await setup();
    await kms.disableKey({ KeyId: key.KeyId });
    await expectError(kms.rotateKeyOnDemand({ KeyId: key.KeyId }), 'DisabledException', `${key.Arn} is disabled.`);
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([]);
  });
});

describe('ListKeyRotations', () => {
  it('lists rotations only by default, with RotationType, in the model member order', async () => {
    const { kms, key } = await setup();
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    await kms.advanceTime(91 * DAY_MS);
    const { Rotations, Truncated } = await kms.listKeyRotations({ KeyId: key.KeyId });
    expect(Truncated).toBe(false);
    expect(Rotations.map((r) => r.RotationType)).toEqual(['ON_DEMAND', 'AUTOMATIC']);
    const modelOrder = Object.keys(API_MODEL.shapes['RotationsListEntry']!.members!);
    for (const entry of Rotations) {
      expect(Object.keys(entry)).toEqual(modelOrder.filter((m) => m in entry));
      expect(entry.KeyId).toBe(key.KeyId);
      expect(entry.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.RotationDate).toBeInstanceOf(Date);
    }
    expect(Rotations.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'CURRENT']);
    expect(await kms.listKeyRotations({ KeyId: key.KeyId, IncludeKeyMaterial: 'ROTATIONS_ONLY' })).toEqual({ Rotations, Truncated });
  });

  it('IncludeKeyMaterial ALL_KEY_MATERIAL adds the original material, which has no rotation date or type', async () => {
    const { kms, key } = await setup();
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    const rotationsOnly = (await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations;
    const all = (await kms.listKeyRotations({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations;
    expect(all).toHaveLength(3);
    expect(all[0]!.KeyMaterialId).toBe(key['CurrentKeyMaterialId']);
    expect(all[0]).not.toHaveProperty('RotationType');
    expect(all[0]).not.toHaveProperty('RotationDate');
    expect(all.slice(1)).toEqual(rotationsOnly);
    expect(all.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'NON_CURRENT', 'CURRENT']);
  });

  it('a key that never rotated lists nothing by default', async () => {
    const { kms, key } = await setup();
    expect(await kms.listKeyRotations({ KeyId: key.KeyId })).toEqual({ Rotations: [], Truncated: false });
  });

  it('pages with Limit and Marker', async () => {
    const { kms, key } = await setup();
    for (let i = 0; i < 5; i++) await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    const everything = (await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations;
    const first = await kms.listKeyRotations({ KeyId: key.KeyId, Limit: 2 });
    expect(first.Rotations).toEqual(everything.slice(0, 2));
    expect(first.Truncated).toBe(true);
    expect(typeof first.NextMarker).toBe('string');
    expect(await allRotations(kms, { KeyId: key.KeyId, Limit: 2 })).toEqual(everything);
    await expectError(kms.listKeyRotations({ KeyId: key.KeyId, Marker: 'bogus marker' }), 'InvalidMarkerException');
  });

  it('checks IncludeKeyMaterial against the model enum', async () => {
    const { kms, key } = await setup();
    const error = await expectError(kms.listKeyRotations({ KeyId: key.KeyId, IncludeKeyMaterial: 'EVERYTHING' }), 'ValidationException');
    expect(error.message).toContain("Value 'EVERYTHING' at 'includeKeyMaterial' failed to satisfy constraint: Member must satisfy enum value set: [");
  });
});

describe('rotation of keys with imported material (Origin EXTERNAL)', () => {
  it('EnableKeyRotation and DisableKeyRotation are refused with UnsupportedOperationException naming the origin', async () => {
    const { kms, key } = await kmsWithKey(3, { Origin: 'EXTERNAL' });
    const message = `${key.Arn} origin is EXTERNAL which is not valid for this operation.`;
    await expectError(kms.enableKeyRotation({ KeyId: key.KeyId }), 'UnsupportedOperationException', message);
    await expectError(kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 }), 'UnsupportedOperationException', message);
    await expectError(kms.disableKeyRotation({ KeyId: key.KeyId }), 'UnsupportedOperationException', message);
  });

  it('RotateKeyOnDemand is refused while the key waits for its material', async () => {
    const { kms, key } = await kmsWithKey(3, { Origin: 'EXTERNAL' });
    await failure(kms.rotateKeyOnDemand({ KeyId: key.KeyId }));
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations).toEqual([]);
  });
});
