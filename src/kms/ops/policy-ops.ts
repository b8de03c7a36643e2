import { LimitExceededException, MalformedPolicyDocumentException, NotFoundException } from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import { authorizeKeyAction, parseKeyPolicy } from '../policy.ts';
import type {
  GetKeyPolicyRequest,
  GetKeyPolicyResponse,
  ListKeyPoliciesRequest,
  ListKeyPoliciesResponse,
  PutKeyPolicyRequest,
} from '../types.ts';
import { page } from './paging.ts';

/** Key policies may hold at most 32 KB, whatever the API model's wider limit. */
const MAX_POLICY_BYTES = 32 * 1024;

/**
 * Validates a new key policy and applies AWS's lockout safety check: the
 * caller must still be able to call PutKeyPolicy under it.
 */
export function checkPolicy(engine: Engine, call: Call, text: string, keyArn: string, bypass: boolean | undefined): void {
  if (new TextEncoder().encode(text).length > MAX_POLICY_BYTES) {
    throw new LimitExceededException(`The key policy exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`);
  }
  const known = new Set([...engine.principals.values()].flatMap((p) => [p.policyArn, p.arn]));
  const doc = parseKeyPolicy(text, known, engine.account);
  if (bypass) return;
  const decision = authorizeKeyAction(doc, call.caller, engine.account, 'kms:PutKeyPolicy', keyArn, { 'kms:CallerAccount': engine.account.accountId }, false);
  if (!decision.allowed) {
    throw new MalformedPolicyDocumentException('The new key policy will not allow you to update the key policy in the future.');
  }
}

function checkPolicyName(name: string | undefined): string {
  const policyName = name ?? 'default';
  if (policyName !== 'default') throw new NotFoundException(`Key policy ${policyName} does not exist.`);
  return policyName;
}

export async function getKeyPolicy(engine: Engine, call: Call, input: GetKeyPolicyRequest): Promise<GetKeyPolicyResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'GetKeyPolicy');
  return { Policy: record.policy, PolicyName: checkPolicyName(input.PolicyName) };
}

export async function putKeyPolicy(engine: Engine, call: Call, input: PutKeyPolicyRequest): Promise<void> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'PutKeyPolicy');
  engine.requireState(record, 'any');
  checkPolicyName(input.PolicyName);
  checkPolicy(engine, call, input.Policy, record.arn, input.BypassPolicyLockoutSafetyCheck);
  record.policy = input.Policy;
  call.step({ kind: 'state-change', caption: 'The key policy is replaced', keyId: record.keyId });
}

export async function listKeyPolicies(engine: Engine, call: Call, input: ListKeyPoliciesRequest): Promise<ListKeyPoliciesResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'ListKeyPolicies');
  const { items, ...rest } = page(['default'], input, { default: 100, max: 1000 });
  return { PolicyNames: items, ...rest };
}
