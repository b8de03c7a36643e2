import { base64Encode } from '../base64.ts';
import { AccessDeniedException, InvalidGrantIdException, InvalidGrantTokenException, NotFoundException, ValidationException } from '../errors.ts';
import { GRANT_OPERATIONS, type Call, type Engine } from '../engine.ts';
import { concat, hex } from '../bytes.ts';
import { requireState, type GrantRecord } from '../keys.ts';
import type {
  CreateGrantRequest,
  CreateGrantResponse,
  GrantListEntry,
  ListGrantsRequest,
  ListGrantsResponse,
  RetireGrantRequest,
  RevokeGrantRequest,
} from '../types.ts';
import { page } from './paging.ts';

function listEntry(grant: GrantRecord): GrantListEntry {
  return {
    KeyId: grant.keyId,
    GrantId: grant.grantId,
    ...(grant.name !== undefined ? { Name: grant.name } : {}),
    CreationDate: grant.creationDate,
    GranteePrincipal: grant.granteePrincipal,
    ...(grant.retiringPrincipal ? { RetiringPrincipal: grant.retiringPrincipal } : {}),
    IssuingAccount: `arn:aws:iam::${grant.issuingAccount}:root`,
    Operations: [...grant.operations],
    ...(grant.constraints ? { Constraints: structuredClone(grant.constraints) } : {}),
  };
}

export async function createGrant(engine: Engine, call: Call, input: CreateGrantRequest): Promise<CreateGrantResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'CreateGrant', {
    'kms:GrantOperations': input.Operations,
    'kms:GranteePrincipal': input.GranteePrincipal,
    'kms:RetiringPrincipal': input.RetiringPrincipal,
    'kms:GrantIsForAWSResource': false,
  }, input);
  requireState(record, 'grant');
  const unknown = input.Operations.filter((op) => !GRANT_OPERATIONS.has(op));
  if (unknown.length > 0) throw new ValidationException(`Invalid grant operations: ${unknown.join(', ')}`);
  const c = input.Constraints;
  if (c?.EncryptionContextEquals && c.EncryptionContextSubset) {
    throw new ValidationException('Grant constraints may contain EncryptionContextEquals or EncryptionContextSubset, not both.');
  }
  engine.dryRun(input);
  // A grant with the same name and the same parameters is the same grant (CreateGrant is idempotent by name).
  if (input.Name !== undefined) {
    for (const grant of engine.state.grants.values()) {
      if (
        grant.keyId === record.keyId &&
        grant.name === input.Name &&
        grant.granteePrincipal === input.GranteePrincipal &&
        JSON.stringify(grant.operations) === JSON.stringify(input.Operations) &&
        JSON.stringify(grant.constraints ?? null) === JSON.stringify(input.Constraints ?? null)
      ) {
        return { GrantToken: grant.token, GrantId: grant.grantId };
      }
    }
  }
  const idBytes = engine.random.bytes(32);
  const grantId = hex(idBytes);
  const token = base64Encode(concat(Uint8Array.of(0x01, 0x0a, 0x40), engine.random.bytes(64), idBytes));
  engine.state.grants.set(grantId, {
    grantId,
    keyId: record.keyId,
    ...(input.Name !== undefined ? { name: input.Name } : {}),
    creationDate: engine.clock.now(),
    granteePrincipal: input.GranteePrincipal,
    ...(input.RetiringPrincipal ? { retiringPrincipal: input.RetiringPrincipal } : {}),
    issuingAccount: engine.account.accountId,
    operations: [...input.Operations],
    ...(input.Constraints ? { constraints: structuredClone(input.Constraints) } : {}),
    token,
  });
  call.step({ kind: 'state-change', caption: `Grant ${input.Operations.join(', ')} to ${input.GranteePrincipal}`, keyId: record.keyId });
  return { GrantToken: token, GrantId: grantId };
}

export async function listGrants(engine: Engine, call: Call, input: ListGrantsRequest): Promise<ListGrantsResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'ListGrants');
  if (input.GrantId !== undefined && !engine.state.grants.has(input.GrantId) && !/^[0-9a-f]{64}$/.test(input.GrantId)) {
    throw new InvalidGrantIdException('Invalid grant ID');
  }
  const grants = [...engine.state.grants.values()]
    .filter((g) => g.keyId === record.keyId)
    .filter((g) => input.GrantId === undefined || g.grantId === input.GrantId)
    .filter((g) => input.GranteePrincipal === undefined || g.granteePrincipal === input.GranteePrincipal)
    .map(listEntry);
  const { items, ...rest } = page(grants, input, { default: 50, max: 100 });
  return { Grants: items, ...rest };
}

export async function retireGrant(engine: Engine, call: Call, input: RetireGrantRequest): Promise<void> {
  let grant: GrantRecord | undefined;
  if (input.GrantToken !== undefined) {
    grant = [...engine.state.grants.values()].find((g) => g.token === input.GrantToken);
    if (!grant) throw new InvalidGrantTokenException('The grant token is not valid.');
  } else if (input.KeyId !== undefined && input.GrantId !== undefined) {
    const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
    grant = engine.state.grants.get(input.GrantId);
    if (!grant || grant.keyId !== record.keyId) throw new NotFoundException(`Grant ${input.GrantId} does not exist.`);
  } else {
    throw new ValidationException('Either GrantToken, or both KeyId and GrantId, must be specified.');
  }
  const caller = call.caller;
  const record = engine.state.keys.get(grant.keyId)!;
  call.resources.add(record.arn);
  const isCaller = (p: string | undefined) => p === caller.policyArn || p === caller.arn;
  // Who may retire: the retiring principal, or the grantee when the grant includes RetireGrant.
  const allowed = isCaller(grant.retiringPrincipal) || (isCaller(grant.granteePrincipal) && grant.operations.includes('RetireGrant'));
  if (!allowed) {
    throw new AccessDeniedException(`User: ${caller.arn} is not authorized to perform: kms:RetireGrant on resource: ${record.arn}`);
  }
  engine.dryRun(input);
  engine.state.grants.delete(grant.grantId);
  call.step({ kind: 'state-change', caption: 'The grant is retired', keyId: record.keyId });
}

export async function revokeGrant(engine: Engine, call: Call, input: RevokeGrantRequest): Promise<void> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'RevokeGrant');
  const grant = engine.state.grants.get(input.GrantId);
  if (!grant || grant.keyId !== record.keyId) throw new NotFoundException(`Grant ${input.GrantId} does not exist.`);
  engine.dryRun(input);
  engine.state.grants.delete(grant.grantId);
  call.step({ kind: 'state-change', caption: 'The grant is revoked', keyId: record.keyId });
}
