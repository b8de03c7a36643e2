import { describe, expect, it } from 'vitest';
import { base64Encode } from '../../src/kms/base64.ts';
import { hex } from '../../src/kms/bytes.ts';
import type { TraceEvent } from '../../src/kms/trace.ts';
import { binaryPaths, encode, failure, newKms, ROOT_ARN } from '../support/kms-test-helpers.ts';

/** Every way bytes could show up in JSON: hex, base64 and base64url. */
function spellings(bytes: Uint8Array): string[] {
  const b64 = base64Encode(bytes);
  return [hex(bytes), b64, b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')];
}

describe('audit and trace events of the asymmetric and HMAC operations', () => {
  it('one read-only CloudTrail event per call, on the key, with its algorithms and no bytes; steps name what KMS did', async () => {
    const kms = await newKms(71);
    const traces: TraceEvent[] = [];
    kms.subscribe((event) => traces.push(event));
    const signing = (await kms.createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata;
    const mac = (await kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    const agreement = (await kms.createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' })).KeyMetadata;
    const symmetric = (await kms.createKey()).KeyMetadata;
    const start = kms.auditLog().length;
    const message = encode('audited message');
    const { PublicKey } = await kms.getPublicKey({ KeyId: signing.KeyId });
    const { Signature } = await kms.sign({ KeyId: signing.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' });
    await kms.verify({ KeyId: signing.KeyId, Message: message, Signature, SigningAlgorithm: 'ECDSA_SHA_256' });
    await failure(kms.verify({ KeyId: signing.KeyId, Message: encode('other'), Signature, SigningAlgorithm: 'ECDSA_SHA_256' }));
    const { Mac } = await kms.generateMac({ KeyId: mac.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' });
    await kms.verifyMac({ KeyId: mac.KeyId, Message: message, Mac, MacAlgorithm: 'HMAC_SHA_256' });
    const pair = await kms.generateDataKeyPair({ KeyId: symmetric.KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    await kms.generateDataKeyPairWithoutPlaintext({ KeyId: symmetric.KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    const peer = (await kms.getPublicKey({ KeyId: agreement.KeyId })).PublicKey;
    const { SharedSecret } = await kms.deriveSharedSecret({ KeyId: agreement.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer });

    const events = kms.auditLog().slice(start);
    expect(events.map((e) => [e.eventName, e.errorCode ?? 'ok', e.readOnly])).toEqual([
      ['GetPublicKey', 'ok', true],
      ['Sign', 'ok', true],
      ['Verify', 'ok', true],
      ['Verify', 'KMSInvalidSignatureException', true],
      ['GenerateMac', 'ok', true],
      ['VerifyMac', 'ok', true],
      ['GenerateDataKeyPair', 'ok', true],
      ['GenerateDataKeyPairWithoutPlaintext', 'ok', true],
      ['GetPublicKey', 'ok', true],
      ['DeriveSharedSecret', 'ok', true],
    ]);
    expect(events[1]!.requestParameters).toEqual({ keyId: signing.KeyId, signingAlgorithm: 'ECDSA_SHA_256' });
    expect(events[4]!.requestParameters).toEqual({ keyId: mac.KeyId, macAlgorithm: 'HMAC_SHA_256' });
    expect(events[6]!.requestParameters).toEqual({ keyId: symmetric.KeyId, keyPairSpec: 'ECC_NIST_P256' });
    expect(events[9]!.requestParameters).toEqual({ keyId: agreement.KeyId, keyAgreementAlgorithm: 'ECDH' });
    for (const event of events) {
      expect(event.userIdentity.arn).toBe(ROOT_ARN);
      expect(event.resources).toHaveLength(1);
      expect(event.responseElements).toBeNull();
    }
    expect(events[6]!.resources![0]!.ARN).toBe(symmetric.Arn);

    const log = JSON.stringify(kms.auditLog());
    const traceText = JSON.stringify(traces);
    expect(binaryPaths(kms.auditLog())).toEqual([]);
    for (const secret of [Signature, Mac, pair.PrivateKeyPlaintext, pair.PrivateKeyCiphertextBlob, SharedSecret, PublicKey]) {
      for (const spelling of spellings(secret)) {
        expect(log).not.toContain(spelling);
        expect(traceText).not.toContain(spelling);
      }
    }
    const kinds = (operation: string) => traces.filter((t) => t.operation === operation).map((t) => t.steps.map((s) => s.kind));
    expect(kinds('Sign')).toEqual([['resolve-key', 'authorize', 'sign', 'return']]);
    expect(kinds('Verify')).toEqual([
      ['resolve-key', 'authorize', 'verify'],
      ['resolve-key', 'authorize', 'verify', 'error'],
    ]);
    expect(kinds('GenerateMac')).toEqual([['resolve-key', 'authorize', 'mac', 'return']]);
    expect(kinds('GenerateDataKeyPair')).toEqual([['resolve-key', 'authorize', 'generate-key-pair', 'encrypt', 'return']]);
    expect(kinds('DeriveSharedSecret')).toEqual([['resolve-key', 'authorize', 'derive', 'return']]);
    expect(traces.find((t) => t.operation === 'Verify' && !t.outcome.ok)!.outcome).toEqual({ ok: false, errorCode: 'KMSInvalidSignatureException', errorMessage: '' });
    for (const t of traces) expect(binaryPaths(t.steps)).toEqual([]);
    // Fingerprints stand for the secrets a step handled; the secret itself never appears.
    const derive = traces.find((t) => t.operation === 'DeriveSharedSecret')!.steps.find((s) => s.kind === 'derive')!;
    expect(derive.fingerprint).toMatch(/^[0-9a-f]{8}$/);
  });
});
