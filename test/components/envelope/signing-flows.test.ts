/**
 * Sign/Verify, GenerateMac/VerifyMac, GetPublicKey and GenerateDataKeyPair in the diagram: the
 * message goes to KMS, only the signature, MAC or public key comes back, and the private and
 * HMAC keys are never drawn outside KMS.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { captions, drive, item, last, wellFormed, type Driver } from './harness.ts';

let d: Driver;
let short = '';

beforeEach(async () => {
  d = await drive();
  await d.quiet('echo hello > m.txt');
});

async function key(spec: string, usage: string): Promise<void> {
  await d.scene(`KEY=$(aws kms create-key --key-spec ${spec} --key-usage ${usage} --query KeyMetadata.KeyId --output text)`);
  short = [...d.state().world.keys.keys()].at(-1)!.slice(0, 8);
}

const SIGN = 'aws kms sign --key-id $KEY --message fileb://m.txt --signing-algorithm ECDSA_SHA_256 --query Signature --output text | base64 --decode > sig.bin';

describe('signing in the diagram', () => {
  it('Sign sends the message in and brings back only the signature; the private key stays in KMS', async () => {
    await key('ECC_NIST_P256', 'SIGN_VERIFY');
    const scene = await d.scene(SIGN);
    wellFormed(scene);
    expect(captions(scene)).toEqual([
      `Your machine sends m.txt to KMS to be signed with the private key of KMS key ${short}.`,
      'Sign 6 bytes with the private key (ECDSA_SHA_256), inside KMS: the private key never leaves it.',
      'The signature comes back, saved in sig.bin; anyone with the public key can check it, with Verify or with openssl outside KMS.',
    ]);
    expect(item(last(scene), 'sig.bin')).toMatchObject({ kind: 'signature', lane: 'machine' });
    expect(scene.steps.flatMap((s) => s.items).some((i) => i.kind === 'private-key')).toBe(false);
  });

  it('Verify checks it in KMS; a changed message is drawn as the error KMS gives', async () => {
    await key('ECC_NIST_P256', 'SIGN_VERIFY');
    await d.scene(SIGN);
    const ok = await d.scene('aws kms verify --key-id $KEY --message fileb://m.txt --signing-algorithm ECDSA_SHA_256 --signature fileb://sig.bin');
    wellFormed(ok);
    expect(captions(ok)[0]).toBe(`Your machine sends m.txt to KMS with sig.bin to be checked against KMS key ${short}.`);
    expect(captions(ok)).toContain('Check the signature with the public key (ECDSA_SHA_256): valid.');
    expect(last(ok).status).toBe('ok');
    await d.quiet('echo changed > m.txt');
    const bad = await d.scene('aws kms verify --key-id $KEY --message fileb://m.txt --signing-algorithm ECDSA_SHA_256 --signature fileb://sig.bin');
    expect(last(bad).status).toBe('error');
    expect(last(bad).error?.code).toBe('KMSInvalidSignatureException');
  });

  it('GetPublicKey brings back a public key, which is not secret', async () => {
    await key('RSA_2048', 'SIGN_VERIFY');
    const scene = await d.scene('aws kms get-public-key --key-id $KEY --query PublicKey --output text | base64 --decode > pub.der');
    wellFormed(scene);
    expect(item(last(scene), 'pub.der')).toMatchObject({ kind: 'public-key', lane: 'machine' });
    expect(captions(scene).at(-1)).toMatch(/^The public key comes back \(DER\), saved in pub\.der\. It is not secret/);
  });

  it('GenerateMac brings back only the MAC; VerifyMac answers true', async () => {
    await key('HMAC_256', 'GENERATE_VERIFY_MAC');
    const mac = await d.scene('aws kms generate-mac --key-id $KEY --message fileb://m.txt --mac-algorithm HMAC_SHA_256 --query Mac --output text | base64 --decode > mac.bin');
    wellFormed(mac);
    expect(item(last(mac), 'mac.bin')).toMatchObject({ kind: 'mac', lane: 'machine' });
    const check = await d.scene('aws kms verify-mac --key-id $KEY --message fileb://m.txt --mac-algorithm HMAC_SHA_256 --mac fileb://mac.bin');
    expect(captions(check).at(-1)).toMatch(/^KMS answers MacValid: true\./);
  });

  it('GenerateDataKeyPairWithoutPlaintext keeps the plaintext private key inside KMS', async () => {
    await d.scene('KEY=$(aws kms create-key --query KeyMetadata.KeyId --output text)');
    const scene = await d.scene('aws kms generate-data-key-pair-without-plaintext --key-id $KEY --key-pair-spec ECC_NIST_P256 > pair.json');
    wellFormed(scene);
    expect(captions(scene)[1]).toBe('KMS generates an ECC_NIST_P256 data key pair.');
    const end = last(scene);
    expect(end.items.filter((i) => i.lane === 'machine').map((i) => i.kind)).not.toContain('private-key');
    expect(captions(scene).at(-1)).toMatch(/the plaintext private key never leaves KMS/);
  });
});
