/**
 * The differential proof: each command line runs (a) in KMS Lab's shell, through its own AWS CLI
 * emulation, and (b) through the real AWS CLI v2 (Debian's /usr/bin/aws 2.9.19) against the same
 * simulator served as a local endpoint. Both simulators start from the same seed and receive the
 * same calls in the same order, so key IDs, ciphertexts and dates agree and stdout, stderr and the
 * exit status must be equal byte for byte. The one allowed difference is named: KMS Lab may add a
 * `KMS Lab hint:` line after an error, which the real CLI never prints.
 *
 * awscli 2.9.19 predates some of today's KMS API (RotateKeyOnDemand, ListKeyRotations,
 * --rotation-period-in-days, KeyMaterialId…). The emulation follows the current model, so the
 * real CLI is given the same model the way `aws configure add-model` would (~/.aws/models):
 * its own parsing, validation and formatting code then runs on today's operations and members.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64Decode } from '../../src/kms/base64.ts';
import { Kms } from '../../src/kms/kms.ts';
import { startKmsServer, type KmsServer } from '../../src/node/kms-server.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';
import { HOME } from '../../src/shell/vfs.ts';
import { installKmsModel } from '../support/botocore-model.ts';
import { realAwsAvailable, runRealAwsBatch, type RealJob, type RealResult } from '../cli/real-aws.ts';

const SEED = 2024;
type Vars = Record<string, string>;

interface Step {
  /** The arguments after `aws`; `$NAME` words are replaced by captured values. */
  args: string[];
  /** Files to put in the working directory first (both sides get the same bytes). */
  files?: (vars: Vars) => Record<string, string | Uint8Array>;
  /** Values to remember from KMS Lab's stdout, for later steps. */
  capture?: (stdout: string) => Vars;
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, Record<string, string>>;
const big = new Uint8Array(4097).fill(7);

/** The study outline's commands and the errors learners meet, in the order a lesson runs them. */
const STEPS: Step[] = [
  { args: ['kms', 'create-key', '--description', 'conformance key', '--tags', 'TagKey=team,TagValue=blue'], capture: (o) => ({ KEY: json(o).KeyMetadata!.KeyId! }) },
  { args: ['kms', 'create-key', '--description', 'second', '--query', 'KeyMetadata.KeyId', '--output', 'text'], capture: (o) => ({ KEY2: o.trim() }) },
  { args: ['kms', 'describe-key', '--key-id', '$KEY'] },
  { args: ['kms', 'describe-key', '--key-id', '$KEY', '--output', 'text'] },
  { args: ['kms', 'describe-key', '--key-id', '$KEY', '--output', 'table'] },
  { args: ['kms', 'describe-key', '--key-id', '$KEY', '--query', 'KeyMetadata.[KeyState,KeyUsage,Origin,KeyManager]', '--output', 'text'] },
  { args: ['kms', 'describe-key', '--key-id', '$KEY', '--output', 'yaml'] },
  { args: ['kms', 'create-alias', '--alias-name', 'alias/conformance', '--target-key-id', '$KEY'] },
  { args: ['kms', 'create-alias', '--alias-name', 'alias/conformance', '--target-key-id', '$KEY2'] },
  { args: ['kms', 'create-alias', '--alias-name', 'alias/aws/mine', '--target-key-id', '$KEY'] },
  { args: ['kms', 'list-aliases', '--key-id', '$KEY'] },
  { args: ['kms', 'list-aliases', '--query', "Aliases[?starts_with(AliasName, 'alias/aws/')].AliasName", '--output', 'text'] },
  { args: ['kms', 'list-aliases', '--max-items', '3'] },
  { args: ['kms', 'list-aliases', '--max-items', '2', '--output', 'table'] },
  { args: ['kms', 'list-keys', '--output', 'text'] },
  { args: ['kms', 'list-keys', '--query', 'length(Keys)'] },
  { args: ['kms', 'describe-key', '--key-id', 'alias/aws/ebs', '--query', 'KeyMetadata.{Manager: KeyManager, Description: Description}', '--output', 'table'] },
  {
    args: ['kms', 'encrypt', '--key-id', 'alias/conformance', '--plaintext', 'fileb://secret.txt'],
    files: () => ({ 'secret.txt': 'My secret data\n' }),
    capture: (o) => ({ CT: json(o).CiphertextBlob as unknown as string }),
  },
  {
    args: ['kms', 'encrypt', '--key-id', '$KEY', '--plaintext', 'fileb://secret.txt', '--encryption-context', 'purpose=test,team=blue', '--query', 'CiphertextBlob', '--output', 'text'],
    capture: (o) => ({ CTX: o.trim() }),
  },
  { args: ['kms', 'encrypt', '--key-id', '$KEY', '--plaintext', 'hello world'] },
  { args: ['kms', 'encrypt', '--key-id', '$KEY', '--plaintext', 'aGVsbG8gd29ybGQ=', '--query', 'KeyId', '--output', 'text'] },
  { args: ['kms', 'encrypt', '--key-id', '$KEY', '--plaintext', 'fileb://big.bin'], files: () => ({ 'big.bin': big }) },
  { args: ['kms', 'encrypt', '--key-id', '$KEY', '--plaintext', 'fileb://missing.txt'] },
  { args: ['kms', 'encrypt', '--plaintext', 'fileb://secret.txt'] },
  { args: ['kms', 'decrypt', '--ciphertext-blob', 'fileb://ct.bin'], files: (v) => ({ 'ct.bin': base64Decode(v.CT!), 'ctx.bin': base64Decode(v.CTX!) }) },
  { args: ['kms', 'decrypt', '--ciphertext-blob', 'fileb://ct.bin', '--query', 'Plaintext', '--output', 'text'] },
  { args: ['kms', 'decrypt', '--ciphertext-blob', 'fileb://ctx.bin'] },
  { args: ['kms', 'decrypt', '--ciphertext-blob', 'fileb://ctx.bin', '--encryption-context', 'purpose=test,team=blue', '--output', 'text'] },
  { args: ['kms', 'decrypt', '--ciphertext-blob', 'fileb://ctx.bin', '--encryption-context', 'purpose=prod,team=blue'] },
  { args: ['kms', 'decrypt', '--ciphertext-blob', 'fileb://secret.txt'] },
  { args: ['kms', 're-encrypt', '--ciphertext-blob', 'fileb://ct.bin', '--destination-key-id', '$KEY2', '--query', '[SourceKeyId,KeyId]', '--output', 'text'] },
  { args: ['kms', 'generate-data-key', '--key-id', '$KEY', '--key-spec', 'AES_256'] },
  { args: ['kms', 'generate-data-key', '--key-id', '$KEY', '--number-of-bytes', '64', '--output', 'text'] },
  { args: ['kms', 'generate-data-key', '--key-id', '$KEY'] },
  { args: ['kms', 'generate-data-key', '--key-id', '$KEY', '--key-spec', 'AES_512'] },
  { args: ['kms', 'generate-data-key', '--key-id', '$KEY', '--number-of-bytes', '2048'] },
  { args: ['kms', 'generate-data-key-without-plaintext', '--key-id', 'alias/conformance', '--key-spec', 'AES_128', '--output', 'table'] },
  { args: ['kms', 'generate-random', '--number-of-bytes', '16'] },
  { args: ['kms', 'generate-random', '--number-of-bytes', '2000'] },
  { args: ['kms', 'enable-key-rotation', '--key-id', '$KEY'] },
  { args: ['kms', 'get-key-rotation-status', '--key-id', '$KEY'] },
  { args: ['kms', 'enable-key-rotation', '--key-id', '$KEY', '--rotation-period-in-days', '90'] },
  { args: ['kms', 'enable-key-rotation', '--key-id', '$KEY', '--rotation-period-in-days', '30'] },
  { args: ['kms', 'get-key-rotation-status', '--key-id', '$KEY', '--output', 'text'] },
  { args: ['kms', 'rotate-key-on-demand', '--key-id', '$KEY'] },
  { args: ['kms', 'list-key-rotations', '--key-id', '$KEY', '--output', 'table'] },
  { args: ['kms', 'disable-key-rotation', '--key-id', '$KEY'] },
  { args: ['kms', 'enable-key-rotation', '--key-id', 'alias/aws/ebs'] },
  { args: ['kms', 'disable-key', '--key-id', '$KEY2'] },
  { args: ['kms', 'encrypt', '--key-id', '$KEY2', '--plaintext', 'fileb://secret.txt'] },
  { args: ['kms', 'describe-key', '--key-id', '$KEY2', '--query', 'KeyMetadata.[Enabled,KeyState]', '--output', 'text'] },
  { args: ['kms', 'enable-key', '--key-id', '$KEY2'] },
  { args: ['kms', 'schedule-key-deletion', '--key-id', '$KEY2', '--pending-window-in-days', '3'] },
  { args: ['kms', 'schedule-key-deletion', '--key-id', '$KEY2', '--pending-window-in-days', '7'] },
  { args: ['kms', 'encrypt', '--key-id', '$KEY2', '--plaintext', 'fileb://secret.txt'] },
  { args: ['kms', 'cancel-key-deletion', '--key-id', '$KEY2', '--output', 'text'] },
  { args: ['kms', 'update-key-description', '--key-id', '$KEY', '--description', 'new words'] },
  { args: ['kms', 'tag-resource', '--key-id', '$KEY', '--tags', 'TagKey=env,TagValue=lab'] },
  { args: ['kms', 'list-resource-tags', '--key-id', '$KEY', '--output', 'table'] },
  { args: ['kms', 'get-key-policy', '--key-id', '$KEY', '--policy-name', 'default', '--output', 'text'] },
  { args: ['kms', 'list-key-policies', '--key-id', '$KEY'] },
  {
    args: ['kms', 'create-grant', '--key-id', '$KEY', '--grantee-principal', 'arn:aws:iam::111122223333:role/app', '--operations', 'Encrypt', 'Decrypt', '--query', 'GrantId', '--output', 'text'],
  },
  { args: ['kms', 'list-grants', '--key-id', '$KEY', '--query', 'Grants[].[Operations, GranteePrincipal]'] },
  { args: ['kms', 'describe-key', '--key-id', 'alias/does-not-exist'] },
  { args: ['kms', 'describe-key', '--key-id', '1234abcd-12ab-34cd-56ef-1234567890ab'] },
  { args: ['kms', 'describe-key'] },
  { args: ['kms', 'describe-key', '--key-id', '$KEY', '--bogus'] },
  { args: ['kms', 'encrpyt'] },
  { args: ['kms', 'describe-key', '--key-id', '$KEY', '--output', 'xml'] },
  { args: ['kms', 'delete-alias', '--alias-name', 'alias/conformance'] },
  { args: ['kms', 'delete-alias', '--alias-name', 'alias/conformance'] },
  { args: ['sts', 'get-caller-identity'] },
  { args: ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'] },
  // Profiles: KMS Lab's are fixed; the real CLI gets the same names from a credentials file whose
  // access key IDs the endpoint maps to the same simulated principals.
  { args: ['sts', 'get-caller-identity', '--profile', 'auditor'], files: () => ({ 'no-credentials': CREDENTIALS }) },
  { args: ['kms', 'encrypt', '--key-id', '$KEY', '--plaintext', 'fileb://secret.txt', '--profile', 'auditor'] },
  { args: ['kms', 'describe-key', '--key-id', '$KEY', '--profile', 'auditor', '--query', 'KeyMetadata.KeyState'] },
  { args: ['kms', 'create-key', '--profile', 'app'] },
  { args: ['kms', 'encrypt', '--key-id', '$KEY', '--plaintext', 'fileb://secret.txt', '--profile', 'app', '--query', 'KeyId', '--output', 'text'] },
  { args: ['kms', 'schedule-key-deletion', '--key-id', '$KEY', '--profile', 'app'] },
  { args: ['kms', 'list-aliases', '--profile', 'nobody'] },
  // Asymmetric and HMAC keys. Key pairs are fresh on each side (only HMAC keys come from the seed),
  // so public keys, signatures and RSA ciphertexts are left out with --query; MACs are compared whole.
  {
    args: ['kms', 'create-key', '--key-spec', 'ECC_NIST_P256', '--key-usage', 'SIGN_VERIFY', '--description', 'signer'],
    capture: (o) => ({ SIGNER: json(o).KeyMetadata!.KeyId! }),
  },
  { args: ['kms', 'create-key', '--key-spec', 'RSA_2048', '--key-usage', 'ENCRYPT_DECRYPT', '--query', 'KeyMetadata.KeyId', '--output', 'text'], capture: (o) => ({ RSA: o.trim() }) },
  { args: ['kms', 'create-key', '--key-spec', 'HMAC_256', '--key-usage', 'GENERATE_VERIFY_MAC', '--output', 'text'], capture: (o) => ({ MAC: o.split('\t')[7]! }) },
  { args: ['kms', 'create-key', '--key-spec', 'ECC_NIST_P384', '--key-usage', 'KEY_AGREEMENT', '--query', 'KeyMetadata.KeyId', '--output', 'text'], capture: (o) => ({ AGREE: o.trim() }) },
  { args: ['kms', 'create-key', '--key-spec', 'RSA_2048'] },
  { args: ['kms', 'create-key', '--key-spec', 'HMAC_256', '--key-usage', 'SIGN_VERIFY'] },
  { args: ['kms', 'create-key', '--key-spec', 'ECC_SECG_P256K1', '--key-usage', 'SIGN_VERIFY'] },
  { args: ['kms', 'create-key', '--key-spec', 'RSA_1024', '--key-usage', 'SIGN_VERIFY'] },
  { args: ['kms', 'describe-key', '--key-id', '$SIGNER', '--output', 'table'] },
  { args: ['kms', 'describe-key', '--key-id', '$RSA', '--output', 'yaml'] },
  { args: ['kms', 'describe-key', '--key-id', '$AGREE', '--output', 'text'] },
  { args: ['kms', 'get-public-key', '--key-id', '$SIGNER', '--query', '{Spec: KeySpec, Usage: KeyUsage, Algorithms: SigningAlgorithms, Id: KeyId}'] },
  { args: ['kms', 'get-public-key', '--key-id', '$RSA', '--query', '[KeySpec, EncryptionAlgorithms]', '--output', 'text'] },
  { args: ['kms', 'get-public-key', '--key-id', '$KEY'] },
  { args: ['kms', 'sign', '--key-id', '$SIGNER', '--message', 'fileb://secret.txt', '--signing-algorithm', 'ECDSA_SHA_256', '--query', '[KeyId, SigningAlgorithm]'] },
  { args: ['kms', 'sign', '--key-id', '$SIGNER', '--message', 'hello world', '--signing-algorithm', 'ECDSA_SHA_256'] },
  { args: ['kms', 'sign', '--key-id', '$SIGNER', '--message', 'fileb://short.bin', '--message-type', 'DIGEST', '--signing-algorithm', 'ECDSA_SHA_256'], files: () => ({ 'short.bin': new Uint8Array(31).fill(1) }) },
  { args: ['kms', 'sign', '--key-id', '$SIGNER', '--message', 'fileb://secret.txt', '--signing-algorithm', 'ECDSA_SHA_384'] },
  { args: ['kms', 'sign', '--key-id', '$SIGNER', '--message', 'fileb://secret.txt', '--signing-algorithm', 'ECDSA_SHA_1'] },
  { args: ['kms', 'sign', '--key-id', '$SIGNER', '--message', 'fileb://big.bin', '--signing-algorithm', 'ECDSA_SHA_256'] },
  { args: ['kms', 'sign', '--key-id', '$KEY', '--message', 'fileb://secret.txt', '--signing-algorithm', 'ECDSA_SHA_256'] },
  {
    args: ['kms', 'verify', '--key-id', '$SIGNER', '--message', 'fileb://secret.txt', '--signature', 'fileb://bad.sig', '--signing-algorithm', 'ECDSA_SHA_256'],
    files: () => ({ 'bad.sig': new Uint8Array(70).fill(0x30) }),
  },
  { args: ['kms', 'generate-mac', '--key-id', '$MAC', '--message', 'fileb://secret.txt', '--mac-algorithm', 'HMAC_SHA_256'], capture: (o) => ({ TAG: json(o).Mac as unknown as string }) },
  { args: ['kms', 'verify-mac', '--key-id', '$MAC', '--message', 'fileb://secret.txt', '--mac', 'fileb://tag.bin', '--mac-algorithm', 'HMAC_SHA_256'], files: (v) => ({ 'tag.bin': base64Decode(v.TAG!) }) },
  { args: ['kms', 'verify-mac', '--key-id', '$MAC', '--message', 'fileb://secret.txt', '--mac', 'fileb://tag.bin', '--mac-algorithm', 'HMAC_SHA_256', '--output', 'text'] },
  { args: ['kms', 'verify-mac', '--key-id', '$MAC', '--message', 'fileb://mid.bin', '--mac', 'fileb://tag.bin', '--mac-algorithm', 'HMAC_SHA_256'], files: () => ({ 'mid.bin': new Uint8Array(300).fill(2) }) },
  { args: ['kms', 'generate-mac', '--key-id', '$MAC', '--message', 'fileb://secret.txt', '--mac-algorithm', 'HMAC_SHA_512'] },
  { args: ['kms', 'encrypt', '--key-id', '$RSA', '--plaintext', 'fileb://secret.txt', '--encryption-algorithm', 'RSAES_OAEP_SHA_256', '--query', '[KeyId, EncryptionAlgorithm]', '--output', 'text'] },
  { args: ['kms', 'encrypt', '--key-id', '$RSA', '--plaintext', 'fileb://mid.bin', '--encryption-algorithm', 'RSAES_OAEP_SHA_256'] },
  { args: ['kms', 'encrypt', '--key-id', '$RSA', '--plaintext', 'fileb://secret.txt'] },
  { args: ['kms', 'decrypt', '--ciphertext-blob', 'fileb://mid.bin', '--key-id', '$RSA', '--encryption-algorithm', 'RSAES_OAEP_SHA_1'] },
  { args: ['kms', 'generate-data-key', '--key-id', '$RSA', '--key-spec', 'AES_256'] },
  { args: ['kms', 'enable-key-rotation', '--key-id', '$RSA'] },
  { args: ['kms', 'rotate-key-on-demand', '--key-id', '$SIGNER'] },
  { args: ['kms', 'generate-data-key-pair', '--key-id', '$KEY', '--key-pair-spec', 'ECC_NIST_P256', '--encryption-context', 'use=pair', '--query', '[KeyId, KeyPairSpec]'] },
  { args: ['kms', 'generate-data-key-pair-without-plaintext', '--key-id', 'alias/aws/ebs', '--key-pair-spec', 'RSA_2048'] },
  { args: ['kms', 'generate-data-key-pair-without-plaintext', '--key-id', '$KEY', '--key-pair-spec', 'RSA_3072', '--query', '{Spec: KeyPairSpec, Key: KeyId}', '--output', 'table'] },
  { args: ['kms', 'generate-data-key-pair', '--key-id', '$SIGNER', '--key-pair-spec', 'ECC_NIST_P256'] },
  {
    args: ['kms', 'derive-shared-secret', '--key-id', '$AGREE', '--key-agreement-algorithm', 'ECDH', '--public-key', 'fileb://peer.der', '--query', '[KeyId, KeyAgreementAlgorithm, KeyOrigin]', '--output', 'text'],
    files: () => ({ 'peer.der': peerPublicKey('P-384') }),
  },
  { args: ['kms', 'derive-shared-secret', '--key-id', '$AGREE', '--key-agreement-algorithm', 'ECDH', '--public-key', 'fileb://p256.der'], files: () => ({ 'p256.der': peerPublicKey('P-256') }) },
  { args: ['kms', 'derive-shared-secret', '--key-id', '$SIGNER', '--key-agreement-algorithm', 'ECDH', '--public-key', 'fileb://p256.der'] },
  {
    args: ['kms', 'sign', '--key-id', '$SIGNER', '--message', 'fileb://digest.bin', '--message-type', 'DIGEST', '--signing-algorithm', 'ECDSA_SHA_256', '--query', 'SigningAlgorithm', '--output', 'text'],
    files: () => ({ 'digest.bin': new Uint8Array(32).fill(9) }),
  },
  { args: ['kms', 'get-key-last-usage', '--key-id', '$SIGNER'] },
  { args: ['kms', 'get-key-last-usage', '--key-id', '$KEY2', '--output', 'text'] },
  { args: ['kms', 'get-key-last-usage', '--key-id', 'alias/aws/ebs'] },
  { args: ['kms', 'list-retirable-grants', '--retiring-principal', 'arn:aws:iam::111122223333:role/app'] },
  { args: ['kms', 'list-retirable-grants'] },
  // Keys computed by the @noble libraries come from the seed: their public keys and MACs match whole.
  { args: ['kms', 'create-key', '--key-spec', 'ML_DSA_44', '--key-usage', 'SIGN_VERIFY', '--query', 'KeyMetadata.KeyId', '--output', 'text'], capture: (o) => ({ PQ: o.trim() }) },
  { args: ['kms', 'get-public-key', '--key-id', '$PQ', '--output', 'text'] },
  { args: ['kms', 'sign', '--key-id', '$PQ', '--message', 'fileb://digest.bin', '--message-type', 'EXTERNAL_MU', '--signing-algorithm', 'ML_DSA_SHAKE_256'] },
  { args: ['kms', 'create-key', '--key-spec', 'ECC_SECG_P256K1', '--key-usage', 'SIGN_VERIFY', '--query', 'KeyMetadata.KeyId', '--output', 'text'], capture: (o) => ({ K1: o.trim() }) },
  { args: ['kms', 'get-public-key', '--key-id', '$K1'] },
  { args: ['kms', 'create-key', '--key-spec', 'HMAC_224', '--key-usage', 'GENERATE_VERIFY_MAC', '--query', 'KeyMetadata.KeyId', '--output', 'text'], capture: (o) => ({ M224: o.trim() }) },
  { args: ['kms', 'generate-mac', '--key-id', '$M224', '--message', 'fileb://secret.txt', '--mac-algorithm', 'HMAC_SHA_224'] },
];

/** A public key (DER SPKI) on the curve, made by the real openssl: the peer of a key agreement. */
function peerPublicKey(curve: string): Uint8Array {
  const made = spawnSync('/usr/bin/openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`]);
  const der = spawnSync('/usr/bin/openssl', ['pkey', '-pubout', '-outform', 'DER'], { input: made.stdout });
  return new Uint8Array(der.stdout);
}

/** The real CLI's view of KMS Lab's profiles: the access key ID names the principal. */
const CREDENTIALS = ['admin', 'app', 'auditor', 'root']
  .map((name) => `[${name}]\naws_access_key_id = ${name}\naws_secret_access_key = not-checked\n`)
  .join('\n');

function fill(args: readonly string[], vars: Vars): string[] {
  return args.map((a) => (a.startsWith('$') ? (vars[a.slice(1)] ?? a) : a));
}

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

interface Outcome {
  line: string;
  ours: RealResult & { hint?: string };
  real: RealResult;
}

/** Splits KMS Lab's hint off its stderr: the one named difference from the real CLI. */
function withoutHint(stderr: string): { stderr: string; hint?: string } {
  const m = /KMS Lab hint: [^\n]*\n$/.exec(stderr);
  return m ? { stderr: stderr.slice(0, m.index), hint: m[0].trim() } : { stderr };
}

describe.skipIf(!realAwsAvailable)('KMS Lab shell vs /usr/bin/aws 2.9.19 against the KMS Lab endpoint', () => {
  let server: KmsServer;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    // (a) KMS Lab: each line through the shell, in one sandbox.
    const sandbox = await Sandbox.create({ seed: SEED });
    const vars: Vars = {};
    const jobs: RealJob[] = [];
    const cwd = mkdtempSync(join(tmpdir(), 'kms-lab-differential-'));
    installKmsModel(cwd); // cwd is also the real CLI's HOME
    const ours: Outcome['ours'][] = [];
    for (const step of STEPS) {
      const files = step.files?.(vars) ?? {};
      for (const [name, data] of Object.entries(files)) sandbox.session.vfs.writeFile(`${HOME}/${name}`, data);
      const args = fill(step.args, vars);
      const result = await runText(sandbox.session, `aws ${args.map(quote).join(' ')}`);
      const { stderr, hint } = withoutHint(result.stderr);
      ours.push({ stdout: result.stdout, stderr, exitCode: result.exitCode, ...(hint ? { hint } : {}) });
      if (step.capture && result.exitCode === 0) Object.assign(vars, step.capture(result.stdout));
      // The CLI's default retry settings, as a learner has them (the helper's AWS_MAX_ATTEMPTS=1 changes error lines).
      // AWS_DATA_PATH: the batch runner imports awscli once, before HOME points here, so the
      // model directory is named directly (botocore reads it for each new session).
      jobs.push({ args, files, cwd, env: { AWS_MAX_ATTEMPTS: undefined, AWS_DATA_PATH: join(cwd, '.aws', 'models') } });
    }
    // (b) the real CLI, the same lines with the same files, against a simulator with the same seed.
    server = await startKmsServer(await Kms.create({ seed: SEED }), 0);
    const real = await runRealAwsBatch(jobs, server.url);
    STEPS.forEach((_, i) => outcomes.push({ line: `aws ${jobs[i]!.args.join(' ')}`, ours: ours[i]!, real: real[i]! }));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    // DIFFERENTIAL_DUMP=file.json keeps both sides' outputs for reading the differences at leisure.
    if (process.env.DIFFERENTIAL_DUMP) writeFileSync(process.env.DIFFERENTIAL_DUMP, JSON.stringify(outcomes, null, 2));
  });

  it(`covers at least 40 distinct command lines (${STEPS.length})`, () => {
    expect(new Set(outcomes.map((o) => o.line)).size).toBeGreaterThanOrEqual(40);
  });

  it.each(STEPS.map((s, i) => [i + 1, s.args.slice(0, 2).join(' ')] as const))('step %i (%s): same stdout, stderr and exit status', (n) => {
    const { line, ours, real } = outcomes[n - 1]!;
    expect({ line, stdout: ours.stdout, stderr: ours.stderr, exitCode: ours.exitCode }).toEqual({ line, ...real });
  });

  it('adds hints only after errors, each on one line of its own', () => {
    const hinted = outcomes.filter((o) => o.ours.hint !== undefined);
    for (const o of hinted) {
      expect(o.real.exitCode, o.line).not.toBe(0);
      expect(o.ours.hint, o.line).toMatch(/^KMS Lab hint: \S[^\n]*$/);
    }
    // The famous pitfall is among them: `--plaintext "hello world"` is not base64.
    expect(hinted.some((o) => o.line.endsWith('--plaintext hello world'))).toBe(true);
  });
});
