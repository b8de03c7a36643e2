// Tab completion of enum values offers exactly what the simulator accepts: each offered value runs, each value left out is refused.
import { describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { KMS_COMMANDS } from '../../src/cli/model.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

async function sandbox() {
  const box = await Sandbox.create({ seed: 5 });
  const run = (line: string) => runText(box.session, line);
  const complete = (line: string) => box.session.complete(line, line.length).candidates;
  return { box, run, complete };
}

/** The model's enum for a command's option (or for its list items). */
function modelEnum(commandName: string, option: string): readonly string[] {
  const param = KMS_COMMANDS.find((c) => c.name === commandName)!.params.find((p) => p.option === option)!;
  const shape = API_MODEL.shapes[param.shape]!;
  return shape.enum ?? API_MODEL.shapes[shape.member!]!.enum!;
}

/** A key usage each key spec allows, so create-key with that spec runs. */
const USAGE_OF_SPEC = (spec: string) =>
  spec.startsWith('HMAC') ? 'GENERATE_VERIFY_MAC' : spec.startsWith('RSA') || spec === 'SYMMETRIC_DEFAULT' || spec === 'SM2' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY';
/** A key spec each key usage fits. */
const SPEC_OF_USAGE: Record<string, string> = {
  ENCRYPT_DECRYPT: 'SYMMETRIC_DEFAULT',
  SIGN_VERIFY: 'ECC_NIST_P256',
  GENERATE_VERIFY_MAC: 'HMAC_256',
  KEY_AGREEMENT: 'ECC_NIST_P256',
};

/** A command substitution that makes a new key of the spec and usage and gives its ID. */
const newKey = (spec: string, usage: string) => `$(aws kms create-key --key-spec ${spec} --key-usage ${usage} --query KeyMetadata.KeyId --output text)`;
/** A key that has each signing algorithm (SM2DSA has none here: an RSA key refuses it by name). */
const signingKey = (algorithm: string) =>
  newKey(
    algorithm.startsWith('ED25519') ? 'ECC_NIST_EDWARDS25519' : algorithm.startsWith('ML_DSA') ? 'ML_DSA_44' : algorithm.startsWith('ECDSA') ? `ECC_NIST_P${{ '256': '256', '384': '384', '512': '521' }[algorithm.slice(-3)]}` : 'RSA_2048',
    'SIGN_VERIFY',
  );
const RSA_KEY = newKey('RSA_2048', 'ENCRYPT_DECRYPT');
/** Sets $R to a new RSA key and writes r.bin, p.txt encrypted under it with the algorithm. */
const rsaCiphertext = (algorithm: string) =>
  `R=${RSA_KEY}; aws kms encrypt --key-id $R --plaintext fileb://p.txt --encryption-algorithm ${algorithm} --query CiphertextBlob --output text | base64 -d > r.bin`;
/** An HMAC key for each MAC algorithm. */
const macKey = (algorithm: string) => newKey(algorithm.replace('_SHA', ''), 'GENERATE_VERIFY_MAC');
const MU_FILE = 'aws kms generate-random --number-of-bytes 64 --query Plaintext --output text | base64 -d > mu.bin';
const DIGEST_FILE = 'aws kms generate-random --number-of-bytes 32 --query Plaintext --output text | base64 -d > d.bin';

/**
 * Every enum option of every operation the simulator runs, with a command that
 * runs when the value is accepted (`V` stands for the value, or the template is
 * a function of it). $KEY is a symmetric key, $EXT a key waiting for imported
 * material, c.bin a ciphertext.
 */
const CASES: Record<string, string | ((value: string) => string)> = {
  'create-key --key-spec': (v) => `aws kms create-key --key-spec ${v} --key-usage ${USAGE_OF_SPEC(v)}`,
  'create-key --customer-master-key-spec': (v) => `aws kms create-key --customer-master-key-spec ${v} --key-usage ${USAGE_OF_SPEC(v)}`,
  'create-key --key-usage': (v) => `aws kms create-key --key-usage ${v} --key-spec ${SPEC_OF_USAGE[v]}`,
  'create-key --origin': (v) =>
    v === 'AWS_CLOUDHSM'
      ? `S=$(aws kms create-custom-key-store --custom-key-store-name h --cloud-hsm-cluster-id cluster-234abcdefgh --trust-anchor-certificate "-----BEGIN CERTIFICATE----- MIIB -----END CERTIFICATE-----" --key-store-password kmsuser-pass --query CustomKeyStoreId --output text) && aws kms connect-custom-key-store --custom-key-store-id $S && aws kms create-key --origin ${v} --custom-key-store-id $S`
      : v === 'EXTERNAL_KEY_STORE'
        ? `S=$(aws kms create-custom-key-store --custom-key-store-name x --custom-key-store-type EXTERNAL_KEY_STORE --xks-proxy-connectivity PUBLIC_ENDPOINT --xks-proxy-uri-endpoint https://xks.example.com --xks-proxy-uri-path /kms/xks/v1 --xks-proxy-authentication-credential AccessKeyId=ABCDEFGHIJ234567ABCD,RawSecretAccessKey=${'a'.repeat(43)} --query CustomKeyStoreId --output text) && aws kms connect-custom-key-store --custom-key-store-id $S && aws kms create-key --origin ${v} --custom-key-store-id $S --xks-key-id k1`
        : `aws kms create-key --origin ${v}`,
  'encrypt --encryption-algorithm': (v) => `aws kms encrypt --key-id ${v.startsWith('RSAES') ? RSA_KEY : '$KEY'} --plaintext fileb://p.txt --encryption-algorithm ${v}`,
  'decrypt --encryption-algorithm': (v) =>
    v.startsWith('RSAES') ? `${rsaCiphertext(v)}; aws kms decrypt --key-id $R --ciphertext-blob fileb://r.bin --encryption-algorithm ${v}` : `aws kms decrypt --ciphertext-blob fileb://c.bin --encryption-algorithm ${v}`,
  'decrypt --dry-run-modifiers': 'aws kms decrypt --ciphertext-blob fileb://c.bin --dry-run-modifiers V',
  're-encrypt --source-encryption-algorithm': (v) =>
    v.startsWith('RSAES')
      ? `${rsaCiphertext(v)}; aws kms re-encrypt --ciphertext-blob fileb://r.bin --source-key-id $R --destination-key-id $KEY --source-encryption-algorithm ${v}`
      : `aws kms re-encrypt --ciphertext-blob fileb://c.bin --destination-key-id $KEY --source-encryption-algorithm ${v}`,
  're-encrypt --destination-encryption-algorithm': (v) =>
    `aws kms re-encrypt --ciphertext-blob fileb://c.bin --destination-key-id ${v.startsWith('RSAES') ? RSA_KEY : '$KEY'} --destination-encryption-algorithm ${v}`,
  're-encrypt --dry-run-modifiers': 'aws kms re-encrypt --ciphertext-blob fileb://c.bin --destination-key-id $KEY --dry-run-modifiers V',
  'generate-data-key --key-spec': 'aws kms generate-data-key --key-id $KEY --key-spec V',
  'generate-data-key-without-plaintext --key-spec': 'aws kms generate-data-key-without-plaintext --key-id $KEY --key-spec V',
  'get-parameters-for-import --wrapping-algorithm': 'aws kms get-parameters-for-import --key-id $EXT --wrapping-key-spec RSA_2048 --wrapping-algorithm V',
  'get-parameters-for-import --wrapping-key-spec': 'aws kms get-parameters-for-import --key-id $EXT --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec V',
  'sign --signing-algorithm': (v) => `aws kms sign --key-id ${signingKey(v)} --message fileb://p.txt --signing-algorithm ${v}`,
  'sign --message-type': (v) =>
    v === 'EXTERNAL_MU'
      ? `${MU_FILE} && aws kms sign --key-id ${signingKey('ML_DSA_SHAKE_256')} --message fileb://mu.bin --message-type ${v} --signing-algorithm ML_DSA_SHAKE_256`
      : `${DIGEST_FILE} && aws kms sign --key-id ${signingKey('ECDSA_SHA_256')} --message fileb://d.bin --message-type ${v} --signing-algorithm ECDSA_SHA_256`,
  'verify --signing-algorithm': (v) =>
    `K=${signingKey(v)}; aws kms sign --key-id $K --message fileb://p.txt --signing-algorithm ${v} --query Signature --output text | base64 -d > s.bin; aws kms verify --key-id $K --message fileb://p.txt --signature fileb://s.bin --signing-algorithm ${v}`,
  'verify --message-type': (v) =>
    v === 'EXTERNAL_MU'
      ? `${MU_FILE}; K=${signingKey('ML_DSA_SHAKE_256')}; aws kms sign --key-id $K --message fileb://mu.bin --message-type ${v} --signing-algorithm ML_DSA_SHAKE_256 --query Signature --output text | base64 -d > s.bin; aws kms verify --key-id $K --message fileb://mu.bin --message-type ${v} --signature fileb://s.bin --signing-algorithm ML_DSA_SHAKE_256`
      : `${DIGEST_FILE}; K=${signingKey('ECDSA_SHA_256')}; aws kms sign --key-id $K --message fileb://d.bin --message-type ${v} --signing-algorithm ECDSA_SHA_256 --query Signature --output text | base64 -d > s.bin; aws kms verify --key-id $K --message fileb://d.bin --message-type ${v} --signature fileb://s.bin --signing-algorithm ECDSA_SHA_256`,
  'generate-mac --mac-algorithm': (v) => `aws kms generate-mac --key-id ${macKey(v)} --message fileb://p.txt --mac-algorithm ${v}`,
  'verify-mac --mac-algorithm': (v) =>
    `K=${macKey(v)}; aws kms generate-mac --key-id $K --message fileb://p.txt --mac-algorithm ${v} --query Mac --output text | base64 -d > m.bin; aws kms verify-mac --key-id $K --message fileb://p.txt --mac fileb://m.bin --mac-algorithm ${v}`,
  'generate-data-key-pair --key-pair-spec': 'aws kms generate-data-key-pair --key-id $KEY --key-pair-spec V',
  'generate-data-key-pair-without-plaintext --key-pair-spec': 'aws kms generate-data-key-pair-without-plaintext --key-id $KEY --key-pair-spec V',
  'derive-shared-secret --key-agreement-algorithm': (v) =>
    `K=${newKey('ECC_NIST_P256', 'KEY_AGREEMENT')}; aws kms get-public-key --key-id $K --query PublicKey --output text | base64 -d > pub.der; aws kms derive-shared-secret --key-id $K --public-key fileb://pub.der --key-agreement-algorithm ${v}`,
  'list-key-rotations --include-key-material': 'aws kms list-key-rotations --key-id $KEY --include-key-material V',
  'create-grant --operations': 'aws kms create-grant --key-id $KEY --grantee-principal arn:aws:iam::111122223333:role/app --operations Decrypt V',
};

/** Enum options whose values the simulator takes as the model lists them, checked without a run (building their input needs a wrapped key). */
const UNNARROWED = [
  'import-key-material --expiration-model',
  'import-key-material --import-type',
  'create-custom-key-store --custom-key-store-type',
  'create-custom-key-store --xks-proxy-connectivity',
  'update-custom-key-store --xks-proxy-connectivity',
];

describe('completion of enum values', () => {
  it('offers create-key only the key specs the simulator creates (before: 18 specs, 17 of them refused)', async () => {
    const { complete } = await sandbox();
    const specs = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'];
    expect(complete('aws kms create-key --key-spec ')).toEqual([...specs, 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ECC_NIST_EDWARDS25519']);
    expect(complete('aws kms create-key --customer-master-key-spec ')).toEqual(specs);
    expect(complete('aws kms create-key --key-usage ')).toEqual(['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT']);
    expect(complete('aws kms create-key --origin ')).toEqual(['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']);
    expect(complete('aws kms encrypt --encryption-algorithm ')).toEqual(['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    expect(complete('aws kms get-parameters-for-import --wrapping-algorithm ')).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    expect(complete('aws kms generate-data-key --key-spec ')).toEqual(['AES_256', 'AES_128']);
  });

  it('offers the operation’s options on a bare Tab after it, not a lone `help` that one Tab would insert', async () => {
    const { complete } = await sandbox();
    const fresh = complete('aws kms create-key ');
    expect(fresh).toEqual(expect.arrayContaining(['--description', '--key-spec', '--origin', 'help']));
    const after = complete('aws kms create-key --key-spec SYMMETRIC_DEFAULT ');
    expect(after).toContain('--description');
    expect(after).not.toContain('--key-spec');
    expect(after).not.toContain('help');
    expect(complete('aws kms create-key he')).toEqual(['help']);
  });

  it('has a case here for every enum option of every operation the simulator runs', () => {
    const options = KMS_COMMANDS.filter((c) => c.implemented).flatMap((command) =>
      command.params
        .filter((p) => {
          const shape = API_MODEL.shapes[p.shape]!;
          return shape.enum !== undefined || (shape.member !== undefined && API_MODEL.shapes[shape.member]!.enum !== undefined);
        })
        .map((p) => `${command.name} ${p.option}`),
    );
    expect([...options].sort()).toEqual([...Object.keys(CASES), ...UNNARROWED].sort());
  });

  it('offers the model’s values where the simulator takes them all', async () => {
    const { complete } = await sandbox();
    for (const entry of UNNARROWED) {
      const [command, option] = entry.split(' ') as [string, string];
      expect(complete(`aws kms ${command} ${option} `)).toEqual(modelEnum(command, option));
    }
  });

  it.each(Object.entries(CASES))('%s: every offered value runs, every other one is refused by name', async (entry, template) => {
    const { run, complete } = await sandbox();
    await run('KEY=$(aws kms create-key --query KeyMetadata.KeyId --output text)');
    await run('EXT=$(aws kms create-key --origin EXTERNAL --query KeyMetadata.KeyId --output text)');
    await run('echo secret > p.txt && aws kms encrypt --key-id $KEY --plaintext fileb://p.txt --query CiphertextBlob --output text | base64 -d > c.bin');
    const [command, option] = entry.split(' ') as [string, string];
    const offered = complete(`aws kms ${command} ${option} `);
    expect(offered.length).toBeGreaterThan(0);
    for (const value of modelEnum(command, option)) {
      const result = await run(typeof template === 'function' ? template(value) : template.replace(/\bV$/, value));
      if (offered.includes(value)) expect({ value, exitCode: result.exitCode, stderr: result.stderr }).toEqual({ value, exitCode: 0, stderr: '' });
      else {
        expect(result.exitCode, value).not.toBe(0);
        expect(result.stderr, value).toContain(value);
      }
    }
  }, 30_000);
});
