import { AlreadyExistsException, KMSInvalidStateException, NotFoundException, ValidationException, AccessDeniedException } from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import type { KeyRecord } from '../keys.ts';
import type { AliasListEntry, AliasRequest, DeleteAliasRequest, ListAliasesRequest, ListAliasesResponse } from '../types.ts';
import { page } from './paging.ts';

function checkAliasName(engine: Engine, call: Call, name: string, operation: string): void {
  if (!name.startsWith('alias/')) {
    throw new ValidationException('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (name.startsWith('alias/aws/')) {
    // The aws/ prefix belongs to AWS managed keys; customers may not create, change or delete such aliases.
    // AWS's exact wording here is unconfirmed (listed on the "How faithful" page).
    throw new AccessDeniedException(`User: ${call.caller.arn} is not authorized to perform: kms:${operation} on resource: ${engine.aliasArn(name)}`);
  }
}

/** Aliases need both the alias and its key to allow the action; the simulator checks the key's policy. */
async function targetKey(engine: Engine, call: Call, keyId: string, operation: string): Promise<KeyRecord> {
  const record = await engine.resolveKey(call, keyId, { allowAlias: false });
  engine.authorize(call, record, operation);
  if (record.state === 'PendingDeletion') throw new KMSInvalidStateException(`${record.arn} is pending deletion.`);
  return record;
}

export async function createAlias(engine: Engine, call: Call, input: AliasRequest): Promise<void> {
  checkAliasName(engine, call, input.AliasName, 'CreateAlias');
  const record = await targetKey(engine, call, input.TargetKeyId, 'CreateAlias');
  if (engine.state.aliases.has(input.AliasName)) {
    throw new AlreadyExistsException(`An alias with the name ${engine.aliasArn(input.AliasName)} already exists`);
  }
  const now = engine.clock.now();
  engine.state.aliases.set(input.AliasName, { aliasName: input.AliasName, targetKeyId: record.keyId, creationDate: now, lastUpdatedDate: now });
  call.step({ kind: 'state-change', caption: `${input.AliasName} now points to the key`, keyId: record.keyId });
}

export async function updateAlias(engine: Engine, call: Call, input: AliasRequest): Promise<void> {
  checkAliasName(engine, call, input.AliasName, 'UpdateAlias');
  const alias = engine.state.aliases.get(input.AliasName);
  if (!alias?.targetKeyId) throw new NotFoundException(`Alias ${engine.aliasArn(input.AliasName)} is not found.`);
  const record = await targetKey(engine, call, input.TargetKeyId, 'UpdateAlias');
  alias.targetKeyId = record.keyId;
  alias.lastUpdatedDate = engine.clock.now();
  call.step({ kind: 'state-change', caption: `${input.AliasName} now points to another key`, keyId: record.keyId });
}

export async function deleteAlias(engine: Engine, call: Call, input: DeleteAliasRequest): Promise<void> {
  checkAliasName(engine, call, input.AliasName, 'DeleteAlias');
  const alias = engine.state.aliases.get(input.AliasName);
  if (!alias?.targetKeyId) throw new NotFoundException(`Alias ${engine.aliasArn(input.AliasName)} is not found.`);
  const record = engine.state.keys.get(alias.targetKeyId);
  if (record) {
    call.useKey(record);
    engine.authorize(call, record, 'DeleteAlias');
  }
  engine.state.aliases.delete(input.AliasName);
}

export async function listAliases(engine: Engine, call: Call, input: ListAliasesRequest): Promise<ListAliasesResponse> {
  let filter: KeyRecord | undefined;
  if (input.KeyId !== undefined) {
    filter = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
    engine.authorize(call, filter, 'ListAliases');
  } else {
    engine.authorizeAccount(call, 'ListAliases');
  }
  const entries: AliasListEntry[] = [...engine.state.aliases.values()]
    .filter((a) => !filter || a.targetKeyId === filter.keyId)
    .sort((a, b) => a.aliasName.localeCompare(b.aliasName))
    .map((a) => ({
      AliasName: a.aliasName,
      AliasArn: engine.aliasArn(a.aliasName),
      ...(a.targetKeyId ? { TargetKeyId: a.targetKeyId } : {}),
      ...(a.creationDate ? { CreationDate: a.creationDate } : {}),
      ...(a.lastUpdatedDate ? { LastUpdatedDate: a.lastUpdatedDate } : {}),
    }));
  const { items, ...rest } = page(entries, input, { default: 50, max: 100 });
  return { Aliases: items, ...rest };
}
