import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoreSnapshot, takeSnapshot } from '../../src/kms/store.ts';
import { encode, expectError, newKms } from '../support/kms-test-helpers.ts';
import { opensslDir, publicPem } from '../support/openssl.ts';

describe('ECC_SECG_P256K1 keys (computed by @noble/curves)', () => {
  it('create, GetPublicKey, Sign (RAW and DIGEST) and Verify, checked by real OpenSSL; single-bit changes rejected', async () => {
    const kms = await newKms(101);
    const meta = (await kms.createKey({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    expect(meta).toMatchObject({ KeySpec: 'ECC_SECG_P256K1', CustomerMasterKeySpec: 'ECC_SECG_P256K1', SigningAlgorithms: ['ECDSA_SHA_256'] });
    const { KeyId, Arn } = meta;
    const { PublicKey } = await kms.getPublicKey({ KeyId });
    const message = encode('secp256k1 through KMS');
    const raw = await kms.sign({ KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(raw).toMatchObject({ KeyId: Arn, SigningAlgorithm: 'ECDSA_SHA_256' });
    const digest = new Uint8Array(createHash('sha256').update(message).digest());
    const fromDigest = await kms.sign({ KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' });
    for (const Signature of [raw.Signature, fromDigest.Signature]) {
      await kms.verify({ KeyId, Message: message, Signature, SigningAlgorithm: 'ECDSA_SHA_256' });
      await kms.verify({ KeyId, Message: digest, MessageType: 'DIGEST', Signature, SigningAlgorithm: 'ECDSA_SHA_256' });
      const dir = opensslDir({ 'pub.pem': publicPem(PublicKey), msg: message, sig: Signature });
      const text = dir.run(['pkey', '-pubin', '-in', 'pub.pem', '-noout', '-text']);
      expect(text.stdout.toString()).toContain('ASN1 OID: secp256k1');
      const checked = dir.run(['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig', 'msg']);
      dir.remove();
      expect(checked.stderr).toBe('');
      expect(checked.status).toBe(0);
    }
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.boolean(), async (bit, inMessage) => {
        const flip = (b: Uint8Array) => {
          const c = b.slice();
          c[(bit >> 3) % c.length]! ^= 1 << (bit & 7);
          return c;
        };
        const request = inMessage
          ? { KeyId, Message: flip(message), Signature: raw.Signature, SigningAlgorithm: 'ECDSA_SHA_256' }
          : { KeyId, Message: message, Signature: flip(raw.Signature), SigningAlgorithm: 'ECDSA_SHA_256' };
        await expectError(kms.verify(request), 'KMSInvalidSignatureException', '');
      }),
      { numRuns: 20 },
    );
  });

  it('verifies a signature OpenSSL made with a key of its own only with that key', async () => {
    const kms = await newKms(102);
    const { KeyId } = (await kms.createKey({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    const dir = opensslDir({ msg: 'x' });
    dir.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1', '-out', 'k.pem']);
    dir.run(['dgst', '-sha256', '-sign', 'k.pem', '-out', 'sig', 'msg']);
    const signature = dir.read('sig');
    dir.remove();
    await expectError(kms.verify({ KeyId, Message: encode('x'), Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }), 'KMSInvalidSignatureException', '');
  });

  it('keeps the secret key sealed, repeats with a seed, and survives a snapshot', async () => {
    const publicKeyOf = async () => {
      const kms = await newKms(103);
      const { KeyId } = (await kms.createKey({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
      return { kms, KeyId, PublicKey: (await kms.getPublicKey({ KeyId })).PublicKey };
    };
    const first = await publicKeyOf();
    expect((await publicKeyOf()).PublicKey).toEqual(first.PublicKey);
    const snapshot = takeSnapshot(first.kms);
    const material = snapshot.keys.find((k) => k.keyId === first.KeyId)!.materials[0]!;
    expect(material.sealKey?.extractable).toBe(false);
    expect(material.sealedPrivate).toHaveLength(12 + 32 + 16);
    const restored = restoreSnapshot(snapshot);
    const { Signature } = await restored.sign({ KeyId: first.KeyId, Message: encode('after'), SigningAlgorithm: 'ECDSA_SHA_256' });
    await first.kms.verify({ KeyId: first.KeyId, Message: encode('after'), Signature, SigningAlgorithm: 'ECDSA_SHA_256' });
  });

  it('GenerateDataKeyPair ECC_SECG_P256K1: PKCS#8 OpenSSL reads, with the public key returned', async () => {
    const kms = await newKms(104);
    const { KeyId } = (await kms.createKey()).KeyMetadata;
    const pair = await kms.generateDataKeyPair({ KeyId, KeyPairSpec: 'ECC_SECG_P256K1' });
    const dir = opensslDir({ 'priv.der': pair.PrivateKeyPlaintext });
    const derived = dir.run(['pkey', '-inform', 'DER', '-in', 'priv.der', '-pubout', '-outform', 'DER', '-out', 'pub.der']);
    expect(derived.stderr).toBe('');
    expect(dir.read('pub.der')).toEqual(pair.PublicKey);
    dir.remove();
  });
});
