import { DAY_MS } from '../clock.ts';
import { CustomKeyStoreInvalidStateException, KMSInvalidStateException, UnsupportedOperationException, ValidationException, XksKeyAlreadyInUseException } from '../errors.ts';
import { findStore, storeFacts, type CustomKeyStoreRecord } from '../custom-key-stores.ts';
import type { Call, Engine } from '../engine.ts';
import { uuid } from '../ids.ts';
import { keyMetadata, type KeyRecord, type Origin } from '../keys.ts';
import { defaultKeyPolicy } from '../policy.ts';
import type {
  CreateKeyRequest,
  CreateKeyResponse,
  DescribeKeyRequest,
  DescribeKeyResponse,
  GetKeyLastUsageResponse,
  KeyIdRequest,
  KeyIdResponse,
  KeyMetadata,
  ListKeysRequest,
  ListKeysResponse,
  ScheduleKeyDeletionRequest,
  ScheduleKeyDeletionResponse,
  UpdateKeyDescriptionRequest,
} from '../types.ts';
import { page } from './paging.ts';
import { checkPolicy } from './policy-ops.ts';
import { checkTags } from './tag-ops.ts';
import { accepts } from '../supported.ts';
import { algorithmsOf, KEY_SPECS, type KeyUsage } from '../key-specs.ts';

/** Said plainly where the simulator stops. */
const SIMULATOR_LIMIT = 'KMS Lab simulates KMS keys in a single Region only';

export function metadata(engine: Engine, record: KeyRecord): KeyMetadata {
  const store = engine.storeOf(record);
  return keyMetadata(record, engine.account.accountId, store && storeFacts(store)) as KeyMetadata;
}

/** Origin of a key in a custom key store, by the store's type. */
const STORE_ORIGIN = { AWS_CLOUDHSM: 'AWS_CLOUDHSM', EXTERNAL_KEY_STORE: 'EXTERNAL_KEY_STORE' } as const;

/**
 * The custom key store a CreateKey request puts its key in, checked as AWS
 * does: the Origin matches the store's type, the store is connected, only
 * symmetric encryption keys, and an external key store key names its
 * external key (XksKeyId) once per store.
 */
function targetStore(engine: Engine, input: CreateKeyRequest, origin: Origin, spec: string): CustomKeyStoreRecord | undefined {
  const inStore = origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE';
  if (input.XksKeyId !== undefined && origin !== 'EXTERNAL_KEY_STORE') throw new ValidationException('XksKeyId is valid only with Origin EXTERNAL_KEY_STORE.');
  if (input.CustomKeyStoreId === undefined) {
    if (inStore) throw new ValidationException(`Origin ${origin} requires a CustomKeyStoreId.`);
    return undefined;
  }
  if (!inStore) throw new ValidationException(`CustomKeyStoreId requires Origin AWS_CLOUDHSM or EXTERNAL_KEY_STORE, not ${origin}.`);
  const store = findStore(engine, input.CustomKeyStoreId);
  if (STORE_ORIGIN[store.type] !== origin) throw new ValidationException(`Custom key store ${store.id} is of type ${store.type}; its keys have Origin ${STORE_ORIGIN[store.type]}.`);
  if (spec !== 'SYMMETRIC_DEFAULT') throw new UnsupportedOperationException(`Custom key stores hold symmetric encryption keys only, not ${spec}.`);
  if (input.MultiRegion) throw new UnsupportedOperationException('Keys in a custom key store cannot be multi-Region keys.');
  if (store.connectionState !== 'CONNECTED') throw new CustomKeyStoreInvalidStateException(`Custom key store ${store.id} is ${store.connectionState}; connect it before creating keys in it.`);
  if (origin === 'EXTERNAL_KEY_STORE') {
    if (input.XksKeyId === undefined) throw new ValidationException('XksKeyId is required with Origin EXTERNAL_KEY_STORE.');
    for (const key of engine.state.keys.values()) {
      if (key.customKeyStoreId === store.id && key.xksKeyId === input.XksKeyId) {
        throw new XksKeyAlreadyInUseException(`External key ${input.XksKeyId} is already used by ${key.arn} in custom key store ${store.id}.`);
      }
    }
  }
  return store;
}

/** The key spec and usage a CreateKey request asks for, checked with AWS's rules for which go together. */
function specAndUsage(input: CreateKeyRequest): { spec: string; usage: KeyUsage } {
  const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  if (input.KeySpec && input.CustomerMasterKeySpec) {
    throw new ValidationException('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  }
  const info = KEY_SPECS[spec];
  if (info?.unavailable || !accepts('CreateKey', input.CustomerMasterKeySpec ? 'CustomerMasterKeySpec' : 'KeySpec', spec)) {
    throw new UnsupportedOperationException(`KeySpec ${spec} is not available in KMS Lab: ${info?.unavailable ?? 'not simulated'}.`);
  }
  if (input.KeyUsage === undefined && spec !== 'SYMMETRIC_DEFAULT') {
    throw new ValidationException('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  const usage = (input.KeyUsage ?? 'ENCRYPT_DECRYPT') as KeyUsage;
  if (algorithmsOf(spec, usage).length === 0) throw new ValidationException(`KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
  return { spec, usage };
}

export async function createKey(engine: Engine, call: Call, input: CreateKeyRequest): Promise<CreateKeyResponse> {
  engine.authorizeAccount(call, 'CreateKey');
  const { spec, usage } = specAndUsage(input);
  const requested = input.Origin ?? 'AWS_KMS';
  if (!accepts('CreateKey', 'Origin', requested)) throw new UnsupportedOperationException(`${SIMULATOR_LIMIT}; Origin ${requested} is not available here.`);
  // Every Origin the model has is the simulator's Origin type (supported.ts narrows none).
  const origin = requested as Origin;
  if (origin === 'EXTERNAL' && spec !== 'SYMMETRIC_DEFAULT') {
    throw new UnsupportedOperationException(`KMS Lab imports key material into symmetric encryption keys only; KeySpec ${spec} with Origin EXTERNAL is not available here.`);
  }
  const store = targetStore(engine, input, origin, spec);
  if (input.MultiRegion) throw new UnsupportedOperationException(`${SIMULATOR_LIMIT}; multi-Region keys are not available here.`);
  const tags = checkTags(input.Tags ?? [], []);

  const keyId = uuid(engine.random);
  const arn = engine.keyArn(keyId);
  const policy = input.Policy ?? defaultKeyPolicy(engine.account);
  if (input.Policy !== undefined) checkPolicy(engine, call, input.Policy, arn, input.BypassPolicyLockoutSafetyCheck);
  const now = engine.clock.now();
  const record: KeyRecord = {
    keyId,
    arn,
    creationDate: now,
    description: input.Description ?? '',
    origin,
    ...(spec === 'SYMMETRIC_DEFAULT' ? {} : { keySpec: spec, keyUsage: usage }),
    keyManager: 'CUSTOMER',
    state: origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    materials: origin === 'EXTERNAL' ? [] : [spec === 'SYMMETRIC_DEFAULT' ? await engine.newMaterial(0, now) : await engine.newKeyPairMaterial(spec, usage, now)],
    current: origin === 'EXTERNAL' ? -1 : 0,
    rotation: { enabled: false, periodDays: 365, onDemandCount: 0 },
    policy,
    tags,
    ...(store ? { customKeyStoreId: store.id } : {}),
    ...(input.XksKeyId !== undefined ? { xksKeyId: input.XksKeyId } : {}),
  };
  // Built whole first, then added: nothing that can still fail comes after the key joins the state.
  const output = { KeyMetadata: metadata(engine, record) };
  engine.addKey(record);
  call.useKey(record);
  const caption =
    origin === 'EXTERNAL'
      ? 'Create a key that waits for imported material'
      : store
        ? `Create a key in custom key store ${store.id} (its material is simulated, not in ${store.type === 'AWS_CLOUDHSM' ? 'an HSM' : 'an external key manager'})`
        : spec === 'SYMMETRIC_DEFAULT'
        ? 'Create a key and its first key material (version 0)'
        : `Create a ${spec} key for ${usage}; its private key never leaves KMS`;
  call.step({ kind: 'state-change', caption, keyId, materialVersion: 0 });
  return output;
}

export async function describeKey(engine: Engine, call: Call, input: DescribeKeyRequest): Promise<DescribeKeyResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: true });
  engine.authorize(call, record, 'DescribeKey', {}, input);
  return { KeyMetadata: metadata(engine, record) };
}

/**
 * The last successful cryptographic call with the key. KMS Lab records usage
 * from the moment a key exists, so TrackingStartDate is the key's creation date.
 */
export async function getKeyLastUsage(engine: Engine, call: Call, input: KeyIdRequest): Promise<GetKeyLastUsageResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'GetKeyLastUsage');
  const usage = record.lastUsage;
  return {
    KeyId: record.arn,
    ...(usage ? { KeyLastUsage: { Operation: usage.operation, Timestamp: usage.timestamp, CloudTrailEventId: usage.eventId, KmsRequestId: usage.requestId } } : {}),
    TrackingStartDate: record.creationDate,
    KeyCreationDate: record.creationDate,
  };
}

export async function listKeys(engine: Engine, call: Call, input: ListKeysRequest): Promise<ListKeysResponse> {
  engine.authorizeAccount(call, 'ListKeys');
  const all = [...engine.state.keys.values()].map((k) => ({ KeyId: k.keyId, KeyArn: k.arn }));
  const { items, ...rest } = page(all, input, { default: 100, max: 1000 });
  return { Keys: items, ...rest };
}

export async function updateKeyDescription(engine: Engine, call: Call, input: UpdateKeyDescriptionRequest): Promise<void> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'UpdateKeyDescription');
  engine.requireState(record, 'manage');
  record.description = input.Description;
}

export async function enableKey(engine: Engine, call: Call, input: KeyIdRequest): Promise<void> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'EnableKey');
  engine.requireState(record, 'enable-disable');
  if (record.state === 'Disabled') {
    // Rotation paused while disabled; a key re-enabled after its date rotates now, once (the next
    // date is then a period away). The rotation comes first and a failed one puts the date back,
    // so a call that fails leaves the key as it was: disabled, not rotated.
    const now = engine.clock.now();
    const { rotation } = record;
    const scheduled = rotation.nextRotationDate;
    if (rotation.enabled && scheduled && scheduled <= now) {
      rotation.nextRotationDate = now;
      try {
        await engine.rotateIfDue(record, now);
      } catch (error) {
        rotation.nextRotationDate = scheduled;
        throw error;
      }
    }
    record.state = 'Enabled';
    call.step({ kind: 'state-change', caption: 'The key is enabled: it can encrypt and decrypt again', keyId: record.keyId });
  }
}

export async function disableKey(engine: Engine, call: Call, input: KeyIdRequest): Promise<void> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'DisableKey');
  engine.requireState(record, 'enable-disable');
  record.state = 'Disabled';
  call.step({ kind: 'state-change', caption: 'The key is disabled: every cryptographic call with it now fails', keyId: record.keyId });
}

export async function scheduleKeyDeletion(engine: Engine, call: Call, input: ScheduleKeyDeletionRequest): Promise<ScheduleKeyDeletionResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'ScheduleKeyDeletion');
  engine.requireState(record, 'manage');
  const days = input.PendingWindowInDays ?? 30;
  if (days < 7 || days > 30) {
    throw new ValidationException(`PendingWindowInDays should be between 7 and 30, but it is ${days}`);
  }
  const deletionDate = new Date(engine.clock.now().getTime() + days * DAY_MS);
  record.state = 'PendingDeletion';
  record.deletionDate = deletionDate;
  record.pendingWindowInDays = days;
  call.step({ kind: 'state-change', caption: `Deletion scheduled in ${days} days; the key cannot be used meanwhile`, keyId: record.keyId });
  return { KeyId: record.arn, DeletionDate: deletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: days };
}

export async function cancelKeyDeletion(engine: Engine, call: Call, input: KeyIdRequest): Promise<KeyIdResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'CancelKeyDeletion');
  if (record.state !== 'PendingDeletion') throw new KMSInvalidStateException(`${record.arn} is not pending deletion.`);
  // AWS brings the key back disabled: it must be enabled on purpose.
  record.state = record.origin === 'EXTERNAL' && !record.materials[record.current]?.key ? 'PendingImport' : 'Disabled';
  delete record.deletionDate;
  delete record.pendingWindowInDays;
  call.step({ kind: 'state-change', caption: 'Deletion cancelled: the key is back, disabled', keyId: record.keyId });
  return { KeyId: record.arn };
}
