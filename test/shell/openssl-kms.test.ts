/**
 * The lessons' asymmetric flows, whole, in one sandbox: KMS signs and openssl verifies, openssl
 * encrypts and KMS decrypts, openssl wraps key material that KMS imports, and both sides of an
 * ECDH exchange agree.
 */
import { describe, expect, it } from 'vitest';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

async function sandbox() {
  const box = await Sandbox.create({ seed: 7 });
  const run = async (line: string) => {
    const result = await runText(box.session, line);
    return result;
  };
  /** Runs a line that must succeed, and gives its output. */
  const ok = async (line: string) => {
    const result = await run(line);
    expect({ line, code: result.exitCode, stderr: result.stderr }).toEqual({ line, code: 0, stderr: '' });
    return result.stdout;
  };
  return { run, ok };
}

describe('openssl with the sandbox KMS', () => {
  it('verifies KMS signatures: RSA PSS and PKCS#1 over the message, ECDSA over a digest', async () => {
    const { run, ok } = await sandbox();
    await ok('echo "Pay 100 to Alice" > msg.txt');
    const rsa = (await ok('aws kms create-key --key-spec RSA_2048 --key-usage SIGN_VERIFY --query KeyMetadata.KeyId --output text')).trim();
    await ok(`aws kms get-public-key --key-id ${rsa} --output text --query PublicKey | base64 -d > rsa.der`);
    await ok(`aws kms sign --key-id ${rsa} --message fileb://msg.txt --signing-algorithm RSASSA_PSS_SHA_256 --output text --query Signature | base64 -d > pss.sig`);
    expect(await ok('openssl dgst -sha256 -verify rsa.der -signature pss.sig -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1 msg.txt')).toBe('Verified OK\n');
    await ok(`aws kms sign --key-id ${rsa} --message fileb://msg.txt --signing-algorithm RSASSA_PKCS1_V1_5_SHA_384 --output text --query Signature | base64 -d > p1.sig`);
    expect(await ok('openssl dgst -sha384 -verify rsa.der -signature p1.sig msg.txt')).toBe('Verified OK\n');
    const changed = await run('echo "Pay 900 to Alice" > msg2.txt; openssl dgst -sha384 -verify rsa.der -signature p1.sig msg2.txt');
    expect([changed.exitCode, changed.stdout]).toEqual([1, 'Verification failure\n']);

    const ec = (await ok('aws kms create-key --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY --query KeyMetadata.KeyId --output text')).trim();
    await ok(`aws kms get-public-key --key-id ${ec} --output text --query PublicKey | base64 -d > ec.der`);
    await ok('openssl dgst -sha256 -binary -out msg.dgst msg.txt');
    await ok(`aws kms sign --key-id ${ec} --message fileb://msg.dgst --message-type DIGEST --signing-algorithm ECDSA_SHA_256 --output text --query Signature | base64 -d > ec.sig`);
    expect(await ok('openssl pkeyutl -verify -pubin -inkey ec.der -keyform DER -in msg.dgst -sigfile ec.sig')).toBe('Signature Verified Successfully\n');
    expect(await ok('openssl dgst -sha256 -verify ec.der -signature ec.sig msg.txt')).toBe('Verified OK\n');
    expect(await ok('openssl pkey -pubin -inform DER -in ec.der -outform PEM')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);

    // And the other way: openssl signs with its own key, KMS cannot (it has no such key), but its digest matches KMS's view.
    await ok('openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out mine.pem');
    await ok('openssl dgst -sha256 -sign mine.pem -out mine.sig msg.txt');
    await ok('openssl pkey -in mine.pem -pubout -out mine.pub');
    expect(await ok('openssl dgst -sha256 -verify mine.pub -signature mine.sig msg.txt')).toBe('Verified OK\n');
  });

  it('encrypts with a downloaded RSA public key for KMS to decrypt', async () => {
    const { ok } = await sandbox();
    const key = (await ok('aws kms create-key --key-spec RSA_3072 --key-usage ENCRYPT_DECRYPT --query KeyMetadata.KeyId --output text')).trim();
    await ok(`aws kms get-public-key --key-id ${key} --output text --query PublicKey | base64 -d > pub.der`);
    await ok('echo -n "a secret for KMS" > plain.txt');
    await ok('openssl pkeyutl -encrypt -pubin -inkey pub.der -keyform DER -in plain.txt -out c.bin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256');
    const back = await ok(`aws kms decrypt --key-id ${key} --encryption-algorithm RSAES_OAEP_SHA_256 --ciphertext-blob fileb://c.bin --output text --query Plaintext | base64 -d`);
    expect(back).toBe('a secret for KMS');
  });

  it('wraps key material for ImportKeyMaterial with the command AWS documents', async () => {
    const { ok } = await sandbox();
    const key = (await ok('aws kms create-key --origin EXTERNAL --query KeyMetadata.KeyId --output text')).trim();
    // One call: each GetParametersForImport makes a new wrapping key and token.
    await ok(`aws kms get-parameters-for-import --key-id ${key} --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048 --query '[[PublicKey],[ImportToken]]' --output text > params.txt`);
    await ok('head -1 params.txt | base64 -d > wrap.der');
    await ok('tail -1 params.txt | base64 -d > token.bin');
    await ok('openssl rand -out key.bin 32');
    await ok('openssl pkeyutl -encrypt -in key.bin -out enc.bin -inkey wrap.der -keyform DER -pubin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256');
    await ok(`aws kms import-key-material --key-id ${key} --encrypted-key-material fileb://enc.bin --import-token fileb://token.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE`);
    expect((await ok(`aws kms describe-key --key-id ${key} --query KeyMetadata.KeyState --output text`)).trim()).toBe('Enabled');
    await ok(`aws kms encrypt --key-id ${key} --plaintext fileb://key.bin --query CiphertextBlob --output text`);
  });

  it('derives the same ECDH secret as DeriveSharedSecret', async () => {
    const { ok } = await sandbox();
    const key = (await ok('aws kms create-key --key-spec ECC_NIST_P384 --key-usage KEY_AGREEMENT --query KeyMetadata.KeyId --output text')).trim();
    await ok(`aws kms get-public-key --key-id ${key} --output text --query PublicKey | base64 -d > kms.der`);
    await ok('openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out mine.pem');
    await ok('openssl pkey -in mine.pem -pubout -outform DER -out mine.der');
    const kms = await ok(`aws kms derive-shared-secret --key-id ${key} --key-agreement-algorithm ECDH --public-key fileb://mine.der --output text --query SharedSecret`);
    const local = await ok('openssl pkeyutl -derive -inkey mine.pem -peerkey kms.der -peerform DER | base64 -w 0');
    expect(local).toBe(kms.trim());
  });
});
