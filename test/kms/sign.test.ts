import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kms } from '../../src/kms/kms.ts';
import { encode, expectError, newKms } from '../support/kms-test-helpers.ts';
import { opensslDir, publicPem } from '../support/openssl.ts';

/** Every signing key spec with the algorithms it signs with here. */
const SPECS: [spec: string, algorithms: string[]][] = [
  ['RSA_2048', ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512']],
  ['RSA_3072', ['RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PSS_SHA_256']],
  ['RSA_4096', ['RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_512']],
  ['ECC_NIST_P256', ['ECDSA_SHA_256']],
  ['ECC_NIST_P384', ['ECDSA_SHA_384']],
  ['ECC_NIST_P521', ['ECDSA_SHA_512']],
  ['ECC_NIST_EDWARDS25519', ['ED25519_SHA_512']],
];

let kms: Kms;
const keys = new Map<string, { KeyId: string; Arn: string; publicKey: Uint8Array }>();

beforeAll(async () => {
  kms = await newKms(21);
  for (const [spec] of SPECS) {
    const { KeyId, Arn } = (await kms.createKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    keys.set(spec, { KeyId, Arn, publicKey: (await kms.getPublicKey({ KeyId })).PublicKey });
  }
}, 60_000);

const flip = (bytes: Uint8Array, bit: number) => {
  const out = bytes.slice();
  out[Math.floor(bit / 8) % out.length]! ^= 1 << bit % 8;
  return out;
};

describe('GetPublicKey', () => {
  it('returns the DER SubjectPublicKeyInfo with the key spec, usage and algorithms, in model order', async () => {
    const { KeyId, Arn } = keys.get('RSA_2048')!;
    const out = await kms.getPublicKey({ KeyId });
    expect(Object.keys(out)).toEqual(['KeyId', 'PublicKey', 'CustomerMasterKeySpec', 'KeySpec', 'KeyUsage', 'SigningAlgorithms']);
    expect(out).toMatchObject({ KeyId: Arn, KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const dir = opensslDir({ 'pub.der': out.PublicKey });
    const text = dir.run(['pkey', '-pubin', '-inform', 'DER', '-in', 'pub.der', '-noout', '-text']);
    dir.remove();
    expect(text.status).toBe(0);
    expect(text.stdout.toString()).toMatch(/Public-Key: \(2048 bit\)/);
  });

  it('answers UnsupportedOperationException for a symmetric key and the usual state errors', async () => {
    const { KeyId, Arn } = (await kms.createKey()).KeyMetadata;
    const error = await expectError(kms.getPublicKey({ KeyId }), 'UnsupportedOperationException');
    expect(error.message).toContain(`${Arn} key spec is SYMMETRIC_DEFAULT`);
    const ecc = (await kms.createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' })).KeyMetadata;
    expect((await kms.getPublicKey({ KeyId: ecc.KeyId })).KeyAgreementAlgorithms).toEqual(['ECDH']);
    await kms.disableKey({ KeyId: ecc.KeyId });
    await expectError(kms.getPublicKey({ KeyId: ecc.KeyId }), 'DisabledException', `${ecc.Arn} is disabled.`);
  });
});

describe('Sign and Verify', () => {
  const cases = SPECS.flatMap(([spec, algorithms]) => algorithms.map((algorithm) => [spec, algorithm] as const));

  it.each(cases)('%s %s: round trip, checked by real OpenSSL, single-bit changes rejected', async (spec, algorithm) => {
    const { KeyId, Arn, publicKey } = keys.get(spec)!;
    const message = encode(`a message for ${spec} ${algorithm}`);
    const out = await kms.sign({ KeyId, Message: message, SigningAlgorithm: algorithm });
    expect(Object.keys(out)).toEqual(['KeyId', 'Signature', 'SigningAlgorithm']);
    expect(out).toMatchObject({ KeyId: Arn, SigningAlgorithm: algorithm });
    expect(await kms.verify({ KeyId, Message: message, Signature: out.Signature, SigningAlgorithm: algorithm })).toEqual({
      KeyId: Arn,
      SignatureValid: true,
      SigningAlgorithm: algorithm,
    });

    const dir = opensslDir({ 'pub.pem': publicPem(publicKey), msg: message, sig: out.Signature });
    const hash = `-sha${algorithm.slice(-3)}`;
    const args =
      spec === 'ECC_NIST_EDWARDS25519'
        ? ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg', '-sigfile', 'sig']
        : ['dgst', hash, '-verify', 'pub.pem', '-signature', 'sig', ...(algorithm.includes('PSS') ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1'] : []), 'msg'];
    const good = dir.run(args);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    dir.write('msg', flip(message, 3));
    expect(dir.run(args).status).not.toBe(0);
    dir.remove();

    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.boolean(), async (bit, inMessage) => {
        const request = inMessage
          ? { KeyId, Message: flip(message, bit), Signature: out.Signature, SigningAlgorithm: algorithm }
          : { KeyId, Message: message, Signature: flip(out.Signature, bit), SigningAlgorithm: algorithm };
        await expectError(kms.verify(request), 'KMSInvalidSignatureException', '');
      }),
      { numRuns: 12 },
    );
  }, 30_000);

  it('ECDSA signatures are DER SEQUENCEs of two INTEGERs, as OpenSSL writes them', async () => {
    for (const spec of ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521']) {
      const { KeyId } = keys.get(spec)!;
      const algorithm = SPECS.find(([s]) => s === spec)![1][0]!;
      const { Signature } = await kms.sign({ KeyId, Message: encode('der'), SigningAlgorithm: algorithm });
      expect(Signature[0]).toBe(0x30);
      const dir = opensslDir({ sig: Signature });
      const parsed = dir.run(['asn1parse', '-inform', 'DER', '-in', 'sig']);
      dir.remove();
      expect(parsed.stdout.toString().match(/prim: INTEGER/g)).toHaveLength(2);
    }
  });

  it('signs up to 4096 bytes, refusing more with the model’s validation', async () => {
    const { KeyId } = keys.get('ECC_NIST_P256')!;
    await kms.sign({ KeyId, Message: new Uint8Array(4096), SigningAlgorithm: 'ECDSA_SHA_256' });
    await expectError(
      kms.sign({ KeyId, Message: new Uint8Array(4097), SigningAlgorithm: 'ECDSA_SHA_256' }),
      'ValidationException',
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  });

  it('refuses an algorithm the key does not have, a key not made for signing, and wrong digest lengths', async () => {
    const { KeyId, Arn } = keys.get('ECC_NIST_P256')!;
    await expectError(kms.sign({ KeyId, Message: encode('x'), SigningAlgorithm: 'ECDSA_SHA_384' }), 'InvalidKeyUsageException', 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.');
    await expectError(kms.sign({ KeyId, Message: encode('x'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }), 'InvalidKeyUsageException', 'Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.');
    await expectError(kms.sign({ KeyId, Message: new Uint8Array(31), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }), 'ValidationException', 'Digest is invalid length for algorithm ECDSA_SHA_256.');
    const rsa = keys.get('RSA_2048')!;
    await expectError(
      kms.sign({ KeyId: rsa.KeyId, Message: new Uint8Array(32), MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PSS_SHA_512' }),
      'ValidationException',
      'Digest is invalid length for algorithm RSASSA_PSS_SHA_512.',
    );
    const ed = keys.get('ECC_NIST_EDWARDS25519')!;
    await expectError(kms.sign({ KeyId: ed.KeyId, Message: new Uint8Array(64), MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' }), 'ValidationException');
    const edPh = await expectError(kms.sign({ KeyId: ed.KeyId, Message: new Uint8Array(64), MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512' }), 'UnsupportedOperationException');
    expect(edPh.message).toContain('ED25519_PH_SHA_512');
    const symmetric = (await kms.createKey()).KeyMetadata;
    await expectError(
      kms.sign({ KeyId: symmetric.KeyId, Message: encode('x'), SigningAlgorithm: 'ECDSA_SHA_256' }),
      'InvalidKeyUsageException',
      `${symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Sign.`,
    );
    expect(Arn).toContain(KeyId);
  });

  it('honours DryRun, key state and the key policy', async () => {
    const { KeyId, Arn } = (await kms.createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    await expectError(kms.sign({ KeyId, Message: encode('x'), SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true }), 'DryRunOperationException');
    await kms.disableKey({ KeyId });
    await expectError(kms.sign({ KeyId, Message: encode('x'), SigningAlgorithm: 'ECDSA_SHA_256' }), 'DisabledException', `${Arn} is disabled.`);
    await kms.enableKey({ KeyId });
    kms.setCaller('auditor');
    await expectError(kms.sign({ KeyId, Message: encode('x'), SigningAlgorithm: 'ECDSA_SHA_256' }), 'AccessDeniedException');
    kms.setCaller('root');
  });
});

afterAll(() => kms.setCaller('root'));
