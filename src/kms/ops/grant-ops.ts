import { base64Decode, base64Encode } from '../base64.ts';
import { AccessDeniedException, InvalidGrantIdException, InvalidGrantTokenException, NotFoundException, ValidationException } from '../errors.ts';
import { GRANT_OPERATIONS, type Call, type Engine } from '../engine.ts';
import { concat, hex } from '../bytes.ts';
import type { GrantRecord } from '../keys.ts';
import { accessDeniedMessage, identityPolicyVerdict } from '../policy.ts';
import type {
  CreateGrantRequest,
  CreateGrantResponse,
  GrantListEntry,
  ListGrantsRequest,
  ListRetirableGrantsRequest,
  ListGrantsResponse,
  RetireGrantRequest,
  RevokeGrantRequest,
} from '../types.ts';
import { page } from './paging.ts';

/** Grant tokens: a fixed prefix, 64 random bytes, then the 32 bytes of the grant ID (so every token names its grant). */
const TOKEN_PREFIX = [0x01, 0x0a, 0x40];
const TOKEN_LENGTH = TOKEN_PREFIX.length + 64 + 32;

function newToken(engine: Engine, grantId: string): string {
  const idBytes = Uint8Array.from(grantId.match(/../g)!.map((h) => parseInt(h, 16)));
  return base64Encode(concat(Uint8Array.from(TOKEN_PREFIX), engine.random.bytes(64), idBytes));
}

/** The grant a token names, if the token is well formed and the grant still exists. */
function grantForToken(engine: Engine, token: string): GrantRecord | undefined {
  const stored = [...engine.state.grants.values()].find((g) => g.token === token);
  if (stored) return stored;
  let bytes: Uint8Array;
  try {
    bytes = base64Decode(token);
  } catch {
    return undefined;
  }
  if (bytes.length !== TOKEN_LENGTH || TOKEN_PREFIX.some((b, i) => bytes[i] !== b)) return undefined;
  return engine.state.grants.get(hex(bytes.subarray(TOKEN_LENGTH - 32)));
}

const sameOperations = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/** A ListGrants entry; KeyId is the key ARN, as AWS lists it. */
function listEntry(grant: GrantRecord, keyArn: string): GrantListEntry {
  return {
    KeyId: keyArn,
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
  engine.requireState(record, 'grant');
  const unknown = input.Operations.filter((op) => !GRANT_OPERATIONS.has(op));
  if (unknown.length > 0) throw new ValidationException(`Invalid grant operations: ${unknown.join(', ')}`);
  // AWS's words (a grant that can only create grants gives nothing to use).
  if (input.Operations.length > 0 && input.Operations.every((op) => op === 'CreateGrant')) {
    throw new ValidationException('Grants must not contain only the CreateGrant operation.');
  }
  const c = input.Constraints;
  if (c?.EncryptionContextEquals && c.EncryptionContextSubset) {
    throw new ValidationException('Grant constraints may contain EncryptionContextEquals or EncryptionContextSubset, not both.');
  }
  engine.dryRun(input);
  // A grant with the same name and the same parameters is the same grant (CreateGrant is idempotent by name);
  // the token is new on every request, and every token of a grant works the same.
  if (input.Name !== undefined) {
    for (const grant of engine.state.grants.values()) {
      if (
        grant.keyId === record.keyId &&
        grant.name === input.Name &&
        grant.granteePrincipal === input.GranteePrincipal &&
        grant.retiringPrincipal === input.RetiringPrincipal &&
        sameOperations(grant.operations, input.Operations) &&
        JSON.stringify(grant.constraints ?? null) === JSON.stringify(input.Constraints ?? null)
      ) {
        return { GrantToken: newToken(engine, grant.grantId), GrantId: grant.grantId };
      }
    }
  }
  const grantId = hex(engine.random.bytes(32));
  const token = newToken(engine, grantId);
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
    .map((g) => listEntry(g, record.arn));
  const { items, ...rest } = page(grants, input, { default: 50, max: 100 });
  return { Grants: items, ...rest };
}

/** Every grant of the account and Region that names this retiring principal, on any key. */
export async function listRetirableGrants(engine: Engine, call: Call, input: ListRetirableGrantsRequest): Promise<ListGrantsResponse> {
  engine.authorizeAccount(call, 'ListRetirableGrants');
  const grants = [...engine.state.grants.values()].filter((g) => g.retiringPrincipal === input.RetiringPrincipal).map((g) => listEntry(g, engine.keyArn(g.keyId)));
  const { items, ...rest } = page(grants, input, { default: 50, max: 100 });
  call.step({ kind: 'return', caption: `List the ${grants.length === 1 ? 'grant' : 'grants'} ${input.RetiringPrincipal} may retire (${grants.length})` });
  return { Grants: items, ...rest };
}

export async function retireGrant(engine: Engine, call: Call, input: RetireGrantRequest): Promise<void> {
  let grant: GrantRecord | undefined;
  if (input.GrantToken !== undefined) {
    grant = grantForToken(engine, input.GrantToken);
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
  call.useKey(record);
  const isCaller = (p: string | undefined) => p === caller.policyArn || p === caller.arn;
  // Who may retire: the retiring principal, the grantee when the grant includes RetireGrant, and the
  // account that issued the grant (its root, and IAM principals it delegates kms:RetireGrant to).
  // An explicit deny of kms:RetireGrant in an IAM policy wins; the key policy plays no part.
  const iam = identityPolicyVerdict(caller, 'kms:RetireGrant', record.arn, { 'kms:CallerAccount': engine.account.accountId });
  if (iam === 'deny') {
    throw new AccessDeniedException(accessDeniedMessage(caller, 'kms:RetireGrant', record.arn, 'explicit-deny-identity'));
  }
  const allowed =
    isCaller(grant.retiringPrincipal) ||
    (isCaller(grant.granteePrincipal) && grant.operations.includes('RetireGrant')) ||
    (grant.issuingAccount === engine.account.accountId && iam === 'allow');
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
