import { DAY_MS } from '../clock.ts';
import { LimitExceededException, UnsupportedOperationException } from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import { currentMaterial, isSymmetric, keySpecOf, type KeyRecord } from '../keys.ts';
import type {
  EnableKeyRotationRequest,
  GetKeyRotationStatusResponse,
  KeyIdRequest,
  KeyIdResponse,
  ListKeyRotationsRequest,
  ListKeyRotationsResponse,
  RotationsListEntry,
} from '../types.ts';
import { page } from './paging.ts';

/** On-demand rotations allowed per key. */
export const ON_DEMAND_LIMIT = 25;

/** Only symmetric encryption keys rotate: asymmetric and HMAC keys keep their one key material. */
function requireRotatable(record: KeyRecord): void {
  if (!isSymmetric(record)) {
    throw new UnsupportedOperationException(`${record.arn} key spec is ${keySpecOf(record)}, which is not valid for this operation: only symmetric encryption keys rotate.`);
  }
}

export async function enableKeyRotation(engine: Engine, call: Call, input: EnableKeyRotationRequest): Promise<void> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'EnableKeyRotation');
  engine.requireState(record, 'rotation');
  requireRotatable(record);
  const period = input.RotationPeriodInDays ?? 365;
  const rotation = record.rotation;
  // Turning rotation on (or changing its period) counts the period from now.
  if (!rotation.enabled || rotation.periodDays !== period) {
    rotation.nextRotationDate = new Date(engine.clock.now().getTime() + period * DAY_MS);
  }
  rotation.enabled = true;
  rotation.periodDays = period;
  call.step({ kind: 'state-change', caption: `Automatic rotation on: new key material every ${period} days`, keyId: record.keyId });
}

export async function disableKeyRotation(engine: Engine, call: Call, input: KeyIdRequest): Promise<void> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'DisableKeyRotation');
  engine.requireState(record, 'rotation');
  requireRotatable(record);
  record.rotation.enabled = false;
  delete record.rotation.nextRotationDate;
  call.step({ kind: 'state-change', caption: 'Automatic rotation off; existing key material versions stay', keyId: record.keyId });
}

export async function getKeyRotationStatus(engine: Engine, call: Call, input: KeyIdRequest): Promise<GetKeyRotationStatusResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'GetKeyRotationStatus');
  const { rotation } = record;
  // A key pending deletion reports rotation off; cancelling the deletion restores it.
  if (!rotation.enabled || record.state === 'PendingDeletion') return { KeyRotationEnabled: false, KeyId: record.keyId };
  return {
    KeyRotationEnabled: true,
    KeyId: record.keyId,
    RotationPeriodInDays: rotation.periodDays,
    ...(rotation.nextRotationDate ? { NextRotationDate: rotation.nextRotationDate } : {}),
  };
}

export async function rotateKeyOnDemand(engine: Engine, call: Call, input: KeyIdRequest): Promise<KeyIdResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'RotateKeyOnDemand');
  // AWS's answer here has no message (recorded in LocalStack's snapshots of real AWS).
  if (!isSymmetric(record)) throw new UnsupportedOperationException();
  if (record.origin === 'EXTERNAL') {
    engine.requireState(record, 'crypto');
    if (!record.pendingMaterial) {
      throw new UnsupportedOperationException(
        `${record.arn} has no new key material to rotate to. Import it first with ImportType NEW_KEY_MATERIAL.`,
      );
    }
  } else {
    engine.requireState(record, 'rotation');
  }
  if (record.rotation.onDemandCount >= ON_DEMAND_LIMIT) {
    throw new LimitExceededException(
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${record.arn}`,
    );
  }
  const now = engine.clock.now();
  const material = record.pendingMaterial
    ? { ...record.pendingMaterial, version: record.materials.length, createdAt: now, rotationType: 'ON_DEMAND' as const }
    : await engine.newMaterial(record.materials.length, now, 'ON_DEMAND');
  delete record.pendingMaterial;
  record.materials.push(material);
  record.current = material.version;
  record.rotation.onDemandCount += 1;
  call.step({ kind: 'rotate', caption: `New key material version ${material.version}; older ciphertexts still name their own version`, keyId: record.keyId, materialVersion: material.version });
  return { KeyId: record.keyId };
}

export async function listKeyRotations(engine: Engine, call: Call, input: ListKeyRotationsRequest): Promise<ListKeyRotationsResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'ListKeyRotations');
  const include = input.IncludeKeyMaterial ?? 'ROTATIONS_ONLY';
  const current = currentMaterial(record);
  const entries: RotationsListEntry[] = record.materials
    .filter((m) => include === 'ALL_KEY_MATERIAL' || m.rotationType !== undefined)
    .map((m) => ({
      KeyId: record.keyId,
      KeyMaterialId: m.id,
      ...(record.origin === 'EXTERNAL' ? { ImportState: m.key ? 'IMPORTED' : 'PENDING_IMPORT' } : {}),
      KeyMaterialState: m === current ? 'CURRENT' : 'NON_CURRENT',
      ...(m.expirationModel ? { ExpirationModel: m.expirationModel } : {}),
      ...(m.validTo ? { ValidTo: m.validTo } : {}),
      ...(m.rotationType ? { RotationDate: m.createdAt, RotationType: m.rotationType } : {}),
    }));
  const { items, ...rest } = page(entries, input, { default: 100, max: 1000 });
  return { Rotations: items, ...rest };
}
