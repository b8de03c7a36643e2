/**
 * Turns the model's world (files, variables, keys) into the chips a step shows. Lanes follow
 * one rule: secrets in the clear and anything not yet stored are on "your machine"; an
 * encrypted data key kept beside its data is in "storage"; KMS keys are in "AWS KMS".
 */
import type { DiagramItem, KeyVersion, Lane } from './types.ts';
import { displayPath, keyLabel, shortKey, type Content, type Holder, type KeyInfo, type World } from './world.ts';

/** An item before the step decides whether it is new or in focus. */
export type ItemDraft = Omit<DiagramItem, 'presence' | 'focus'>;

/** The most files a step shows (the most recently changed); a classroom sandbox rarely has more. */
export const MAX_FILES = 10;
/** The most KMS keys a step shows: the ones this scene used first, then the most recently seen. */
export const MAX_KEYS = 4;

export function contentDetails(world: World, content: Content): string[] {
  const details: string[] = [];
  if (content.bits !== undefined) details.push(`${content.bits}-bit`);
  if (content.fingerprint !== undefined) details.push(`fingerprint ${content.fingerprint}`);
  if (content.kind === 'encrypted-data-key' && content.dataKeyFingerprint !== undefined) {
    details.push(`wraps data key ${content.dataKeyFingerprint}`);
  }
  // Only what the model saw made locally is called local: an unknown ciphertext gets no guess.
  if (content.kind === 'encrypted-data' && content.cipher !== undefined) {
    details.push(content.dataKeyFingerprint === undefined ? `${content.cipher}, on your machine` : `${content.cipher} with data key ${content.dataKeyFingerprint}`);
  }
  if (content.keyId !== undefined && world.deletedKeys.has(content.keyId)) details.push('its KMS key is deleted');
  if (content.context !== undefined) details.push(`context ${content.context}`);
  return details;
}

/** One chip for something a file, a variable, the terminal or KMS itself holds. */
export function contentItem(world: World, id: string, content: Content, at: { lane: Lane; label: string; where: string; group?: string }): ItemDraft {
  return {
    id,
    kind: content.kind,
    lane: at.lane,
    label: at.label,
    where: at.where,
    details: contentDetails(world, content),
    ...(content.fingerprint === undefined ? {} : { fingerprint: content.fingerprint }),
    ...(content.keyId === undefined ? {} : { keyId: content.keyId, keyLabel: keyLabel(world, content.keyId) }),
    ...(content.materialVersion === undefined ? {} : { materialVersion: content.materialVersion }),
    ...(at.group === undefined ? {} : { group: at.group }),
  };
}

export function holderItems(world: World, holder: Holder, group: string | undefined): ItemDraft[] {
  const file = holder.type === 'file';
  return holder.contents.map((content) => {
    const secret = content.kind === 'data-key' || content.kind === 'plaintext-data';
    const lane: Lane = !secret && group !== undefined ? 'storage' : 'machine';
    return contentItem(world, `${holder.id}#${content.kind}`, content, {
      lane,
      label: file ? displayPath(holder.name) : `$${holder.name}`,
      where: file ? (lane === 'storage' ? 'stored file' : 'file') : 'shell variable',
      ...(group === undefined || secret ? {} : { group }),
    });
  });
}

export function keyItem(world: World, key: KeyInfo): ItemDraft {
  const versions: KeyVersion[] = [];
  for (let v = 0; v <= key.latest; v++) versions.push({ version: v, current: v === key.current });
  const state = key.state === 'Enabled' ? [] : [key.state === 'Disabled' ? 'disabled' : 'pending deletion'];
  return {
    id: `key:${key.keyId}`,
    kind: 'kms-key',
    lane: 'kms',
    label: keyLabel(world, key.keyId),
    where: 'inside KMS',
    details: [`current material: version ${key.current}`, ...state],
    keyId: key.keyId,
    keyLabel: `KMS key ${shortKey(key.keyId)}`,
    versions,
    keyState: key.state,
  };
}

/** Keys to draw: those the scene used, then those visible ciphertexts name, then the newest others. */
export function keysToShow(world: World, sceneKeys: ReadonlySet<string>, named: ReadonlySet<string>): KeyInfo[] {
  const all = [...world.keys.values()];
  const rank = (k: KeyInfo) => (sceneKeys.has(k.keyId) ? 0 : named.has(k.keyId) ? 1 : 2);
  return all
    .map((k, i) => ({ k, i }))
    .sort((a, b) => rank(a.k) - rank(b.k) || b.i - a.i)
    .slice(0, MAX_KEYS)
    .map(({ k }) => k);
}
