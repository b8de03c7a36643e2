import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoreSnapshot, takeSnapshot } from '../../src/kms/store.ts';
import { encode, expectError, newKms } from '../support/kms-test-helpers.ts';

const SPECS = [
  ['HMAC_224', 'HMAC_SHA_224', 28],
  ['HMAC_256', 'HMAC_SHA_256', 32],
  ['HMAC_384', 'HMAC_SHA_384', 48],
  ['HMAC_512', 'HMAC_SHA_512', 64],
] as const;

describe('GenerateMac and VerifyMac', () => {
  it.each(SPECS)('%s: %s tags verify, single-bit changes of message or MAC do not', async (KeySpec, MacAlgorithm, length) => {
    const kms = await newKms(41);
    const { KeyId, Arn } = (await kms.createKey({ KeySpec, KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    const message = encode('message to authenticate');
    const out = await kms.generateMac({ KeyId, Message: message, MacAlgorithm });
    expect(Object.keys(out)).toEqual(['Mac', 'MacAlgorithm', 'KeyId']);
    expect(out).toMatchObject({ MacAlgorithm, KeyId: Arn });
    expect(out.Mac).toHaveLength(length);
    // HMAC is deterministic: the same message gives the same MAC.
    expect((await kms.generateMac({ KeyId, Message: message, MacAlgorithm })).Mac).toEqual(out.Mac);
    expect(await kms.verifyMac({ KeyId, Message: message, MacAlgorithm, Mac: out.Mac })).toEqual({ KeyId: Arn, MacValid: true, MacAlgorithm });
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.boolean(), async (bit, inMessage) => {
        const flip = (b: Uint8Array) => {
          const c = b.slice();
          c[(bit >> 3) % c.length]! ^= 1 << (bit & 7);
          return c;
        };
        const request = inMessage ? { KeyId, Message: flip(message), MacAlgorithm, Mac: out.Mac } : { KeyId, Message: message, MacAlgorithm, Mac: flip(out.Mac) };
        await expectError(kms.verifyMac(request), 'KMSInvalidMacException', '');
      }),
      { numRuns: 25 },
    );
    // Another key of the same spec computes another MAC.
    const other = (await kms.createKey({ KeySpec, KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    await expectError(kms.verifyMac({ KeyId: other.KeyId, Message: message, MacAlgorithm, Mac: out.Mac }), 'KMSInvalidMacException', '');
  });

  it('refuses another spec’s algorithm, keys of other usages, DryRun and disabled keys with AWS’s errors', async () => {
    const kms = await newKms(42);
    const { KeyId, Arn } = (await kms.createKey({ KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    await expectError(kms.generateMac({ KeyId, Message: encode('x'), MacAlgorithm: 'HMAC_SHA_256' }), 'InvalidKeyUsageException', 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_384.');
    const symmetric = (await kms.createKey()).KeyMetadata;
    await expectError(
      kms.generateMac({ KeyId: symmetric.KeyId, Message: encode('x'), MacAlgorithm: 'HMAC_SHA_256' }),
      'InvalidKeyUsageException',
      `${symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
    );
    await expectError(kms.generateMac({ KeyId, Message: encode('x'), MacAlgorithm: 'HMAC_SHA_384', DryRun: true }), 'DryRunOperationException');
    await kms.disableKey({ KeyId });
    await expectError(kms.verifyMac({ KeyId, Message: encode('x'), MacAlgorithm: 'HMAC_SHA_384', Mac: new Uint8Array(48) }), 'DisabledException', `${Arn} is disabled.`);
  });

  it('HMAC_224 keys (SHA-224 by @noble/hashes) stay sealed, survive a snapshot and refuse another algorithm', async () => {
    const kms = await newKms(44);
    const { KeyId } = (await kms.createKey({ KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    const { Mac } = await kms.generateMac({ KeyId, Message: encode('m'), MacAlgorithm: 'HMAC_SHA_224' });
    const snapshot = takeSnapshot(kms);
    const material = snapshot.keys.find((k) => k.keyId === KeyId)!.materials[0]!;
    expect(material.sealKey?.extractable).toBe(false);
    expect(material.sealedPrivate).toHaveLength(12 + 28 + 16);
    await restoreSnapshot(snapshot).verifyMac({ KeyId, Message: encode('m'), Mac, MacAlgorithm: 'HMAC_SHA_224' });
    await expectError(kms.generateMac({ KeyId, Message: encode('m'), MacAlgorithm: 'HMAC_SHA_256' }), 'InvalidKeyUsageException', 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.');
  });

  it('keeps HMAC keys of a seeded simulator the same from run to run', async () => {
    const macOf = async () => {
      const kms = await newKms(43);
      const { KeyId } = (await kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
      return (await kms.generateMac({ KeyId, Message: encode('same'), MacAlgorithm: 'HMAC_SHA_256' })).Mac;
    };
    expect(await macOf()).toEqual(await macOf());
  });
});
