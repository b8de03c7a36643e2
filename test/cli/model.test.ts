import { beforeAll, describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { OPERATIONS } from '../../src/kms/kms.ts';
import { findKmsCommand, KMS_COMMANDS, kmsMethod, xformName } from '../../src/cli/model.ts';
import { argumentTable } from '../../src/cli/args.ts';
import { realAwsAvailable, runRealAwsBatch, type RealResult } from './real-aws.ts';

/** Operations newer than aws-cli 2.9.19's botocore model (the project's model is current). */
const NEWER_THAN_2_9_19 = ['derive-shared-secret', 'get-key-last-usage', 'list-key-rotations', 'rotate-key-on-demand'];

describe('xformName (botocore.xform_name)', () => {
  it.each([
    ['GenerateDataKeyWithoutPlaintext', 'generate-data-key-without-plaintext'],
    ['ReEncrypt', 're-encrypt'],
    ['GenerateDataKeyPairWithoutPlaintext', 'generate-data-key-pair-without-plaintext'],
    ['GetParametersForImport', 'get-parameters-for-import'],
    ['KeyId', 'key-id'],
    ['DryRun', 'dry-run'],
    ['BypassPolicyLockoutSafetyCheck', 'bypass-policy-lockout-safety-check'],
    ['XksProxyUriEndpoint', 'xks-proxy-uri-endpoint'],
    ['AssumeRoleWithSAML', 'assume-role-with-saml'],
    ['CloudHsmClusterId', 'cloud-hsm-cluster-id'],
    ['GatewayARNs', 'gateway-arns'],
    ['DescribeDBInstances', 'describe-db-instances'],
  ])('%s → %s', (name, cli) => {
    expect(xformName(name)).toBe(cli);
  });

  it('leaves a name that already has the separator alone', () => {
    expect(xformName('list-keys')).toBe('list-keys');
    expect(xformName('KeyId', '_')).toBe('key_id');
  });
});

describe('the aws kms command table', () => {
  it('has one command per KMS operation, in the model order', () => {
    expect(KMS_COMMANDS).toHaveLength(54);
    expect(KMS_COMMANDS.map((c) => c.operation)).toEqual(Object.keys(API_MODEL.operations));
    expect(new Set(KMS_COMMANDS.map((c) => c.name)).size).toBe(54);
  });

  it('runs exactly the operations the simulator implements', () => {
    const runs = KMS_COMMANDS.filter((c) => c.implemented).map((c) => c.operation);
    expect(runs.sort()).toEqual(Object.keys(OPERATIONS).sort());
    expect(runs).toHaveLength(52);
    expect(kmsMethod('ReEncrypt')).toBe('reEncrypt');
    expect(kmsMethod('ReplicateKey')).toBeUndefined();
    expect(findKmsCommand('replicate-key')?.implemented).toBe(false);
  });

  it('makes each input member an option with its type and whether it is required', () => {
    const encrypt = findKmsCommand('encrypt')!;
    expect(encrypt.params.map((p) => [p.option, p.type, p.required])).toEqual([
      ['--key-id', 'string', true],
      ['--plaintext', 'blob', true],
      ['--encryption-context', 'map', false],
      ['--grant-tokens', 'list', false],
      ['--encryption-algorithm', 'string', false],
      ['--dry-run', 'boolean', false],
    ]);
    expect(encrypt.params.find((p) => p.option === '--dry-run')?.negative).toBe('--no-dry-run');
    const types = new Map(KMS_COMMANDS.flatMap((c) => c.params.map((p) => [`${c.name} ${p.option}`, p.type] as const)));
    expect(types.get('generate-random --number-of-bytes')).toBe('integer');
    expect(types.get('import-key-material --valid-to')).toBe('timestamp');
    expect(types.get('create-grant --constraints')).toBe('structure');
    expect(types.get('tag-resource --tags')).toBe('list');
    expect(types.get('create-key --multi-region')).toBe('boolean');
  });

  it('hides the paging members the CLI replaces, and deprecated members, but keeps them usable', () => {
    const listKeys = findKmsCommand('list-keys')!;
    expect(listKeys.paginator?.resultKey).toBe('Keys');
    expect(listKeys.params.map((p) => [p.option, p.hidden])).toEqual([
      ['--limit', true],
      ['--marker', true],
    ]);
    expect(argumentTable(listKeys).map((e) => e.name)).toEqual([
      'limit',
      'marker',
      'cli-input-json',
      'cli-input-yaml',
      'starting-token',
      'page-size',
      'max-items',
      'generate-cli-skeleton',
    ]);
    expect(findKmsCommand('create-key')!.params.find((p) => p.member === 'CustomerMasterKeySpec')?.hidden).toBe(true);
  });

  it('puts a boolean\'s --no- twin right after it in the argument table', () => {
    const names = argumentTable(findKmsCommand('create-key')!).map((e) => e.name);
    expect(names.slice(names.indexOf('bypass-policy-lockout-safety-check'), names.indexOf('bypass-policy-lockout-safety-check') + 2)).toEqual([
      'bypass-policy-lockout-safety-check',
      'no-bypass-policy-lockout-safety-check',
    ]);
  });
});

describe.skipIf(!realAwsAvailable)('against aws-cli 2.9.19', () => {
  const known = KMS_COMMANDS.filter((c) => !NEWER_THAN_2_9_19.includes(c.name)).map((c) => c.name);
  let invalidChoice: RealResult;
  const skeletons = new Map<string, RealResult>();
  beforeAll(async () => {
    const results = await runRealAwsBatch([{ args: ['kms', 'no-such-command'] }, ...known.map((name) => ({ args: ['kms', name, '--generate-cli-skeleton'] }))]);
    invalidChoice = results[0]!;
    known.forEach((name, i) => skeletons.set(name, results[i + 1]!));
  }, 300_000);

  it('knows every kms command the real CLI lists, plus the operations AWS added since', () => {
    const block = invalidChoice.stderr.split('valid choices are:\n\n')[1]!.split('\n\n')[0]!;
    const realNames = block.split('\n').flatMap((line) => line.split(' | ').map((s) => s.trim()));
    expect(realNames.at(-1)).toBe('help');
    const ours = KMS_COMMANDS.map((c) => c.name);
    expect(realNames.slice(0, -1).filter((n) => !ours.includes(n))).toEqual([]);
    expect(ours.filter((n) => !realNames.includes(n))).toEqual(NEWER_THAN_2_9_19);
  });

  it.each(known)("%s takes the real CLI's members, in its order", (name) => {
    const real = skeletons.get(name)!;
    expect(real.exitCode).toBe(0);
    const realMembers = Object.keys(JSON.parse(real.stdout) as object);
    const ours = findKmsCommand(name)!.params.map((p) => p.member);
    // The current model may add members (DryRun, Recipient, …) but keeps the old ones in order.
    expect(ours.filter((m) => realMembers.includes(m))).toEqual(realMembers);
  });
});
