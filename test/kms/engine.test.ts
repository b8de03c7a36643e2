import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY_MS } from '../../src/kms/clock.ts';
import { KmsError } from '../../src/kms/errors.ts';
import type { Kms } from '../../src/kms/kms.ts';
import { restoreSnapshot, takeSnapshot } from '../../src/kms/store.ts';
import { newKms, ROOT_ARN } from '../support/kms-test-helpers.ts';

/** What a failed call must leave exactly as it was. */
function contents(kms: Kms) {
  const { keys, aliases, grants, audit } = kms.engine.state;
  return {
    keys: [...keys.keys()],
    states: [...keys.values()].map((k) => `${k.state}/${k.materials.length}/${k.rotation.nextRotationDate?.getTime()}`),
    aliases: [...aliases.keys()],
    grants: grants.size,
    audit: audit.length,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('an operation that fails part-way', () => {
  it('at a time no date can hold stores no key, alias, grant or audit event, and the sandbox still saves', async () => {
    const kms = await newKms();
    const { KeyMetadata } = await kms.createKey({});
    const before = contents(kms);
    // A clock that hands out an impossible instant (clock.ts prevents it; the engine must not rely on that alone).
    vi.spyOn(kms.engine.clock, 'now').mockReturnValue(new Date(Number.NaN));
    const calls: [string, () => Promise<unknown>][] = [
      ['CreateKey', () => kms.createKey({ Description: 'never' })],
      ['CreateAlias', () => kms.createAlias({ AliasName: 'alias/never', TargetKeyId: KeyMetadata.KeyId })],
      ['CreateGrant', () => kms.createGrant({ KeyId: KeyMetadata.KeyId, GranteePrincipal: ROOT_ARN, Operations: ['Encrypt'] })],
      ['ScheduleKeyDeletion', () => kms.scheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 7 })],
    ];
    for (const [name, call] of calls) {
      const error = await call().then(() => undefined, (e: unknown) => e);
      expect(error, name).toBeInstanceOf(KmsError);
      expect((error as KmsError).name, name).toBe('KMSInternalException');
    }
    expect(contents(kms)).toEqual(before);
    vi.restoreAllMocks();
    expect(() => restoreSnapshot(structuredClone(takeSnapshot(kms)))).not.toThrow();
    await kms.createKey({ Description: 'later' });
    expect(contents(kms).keys.length).toBe(before.keys.length + 1);
  });

  it('while making key material stores no key', async () => {
    const kms = await newKms();
    const before = contents(kms);
    vi.spyOn(globalThis.crypto.subtle, 'importKey').mockRejectedValue(new Error('no key for you'));
    vi.spyOn(globalThis.crypto.subtle, 'generateKey').mockRejectedValue(new Error('no key for you'));
    await expect(kms.createKey({})).rejects.toThrow(KmsError);
    const after = contents(kms);
    expect(after.keys).toEqual(before.keys);
    expect(after.aliases).toEqual(before.aliases);
  });

  it('re-enabling a key whose rotation fell due leaves it disabled when the rotation fails', async () => {
    const kms = await newKms();
    const { KeyMetadata } = await kms.createKey({});
    const KeyId = KeyMetadata.KeyId;
    await kms.enableKeyRotation({ KeyId, RotationPeriodInDays: 90 });
    await kms.disableKey({ KeyId });
    await kms.advanceTime(100 * DAY_MS);
    const before = kms.engine.state.keys.get(KeyId)!;
    const nextRotation = before.rotation.nextRotationDate?.getTime();
    vi.spyOn(globalThis.crypto.subtle, 'importKey').mockRejectedValue(new Error('no key for you'));
    vi.spyOn(globalThis.crypto.subtle, 'generateKey').mockRejectedValue(new Error('no key for you'));
    await expect(kms.enableKey({ KeyId })).rejects.toThrow(KmsError);
    const record = kms.engine.state.keys.get(KeyId)!;
    expect(record.state).toBe('Disabled');
    expect(record.materials.length).toBe(1);
    expect(record.rotation.nextRotationDate?.getTime()).toBe(nextRotation);
    vi.restoreAllMocks();
    await kms.enableKey({ KeyId });
    expect(kms.engine.state.keys.get(KeyId)!.materials.length).toBe(2);
  });
});
