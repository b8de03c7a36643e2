import { DisabledException, KMSInvalidStateException, UnsupportedOperationException } from './errors.ts';
import { LIST_OF_USAGE, specInfo, type KeyUsage } from './key-specs.ts';

/** Key states the simulator has (multi-Region and custom key store states are out of scope). */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';

/** AWS_CLOUDHSM and EXTERNAL_KEY_STORE keys live in a custom key store (custom-key-stores.ts). */
export type Origin = 'AWS_KMS' | 'EXTERNAL' | 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE';

/** One version of a key's material; blobs name the version that sealed them. */
export interface KeyMaterial {
  version: number;
  /** KeyMaterialId: 64 hex digits. */
  id: string;
  /**
   * The AES-256-GCM key; absent while imported material is deleted or expired.
   * For asymmetric and HMAC keys, the private key (or HMAC key) of the first algorithm.
   */
  key: CryptoKey | undefined;
  /** Asymmetric and HMAC keys: algorithm name → the non-extractable key it uses (key-pairs.ts). */
  algorithmKeys?: Record<string, CryptoKey>;
  /** Asymmetric keys: the public half (GetPublicKey exports it as DER SubjectPublicKeyInfo). */
  publicKey?: CryptoKey;
  /** RSA and ECC signing keys: the private key sealed under sealKey, for MessageType DIGEST (key-pairs.ts). */
  sealedPrivate?: Uint8Array;
  sealKey?: CryptoKey;
  /** secp256k1 keys, which WebCrypto cannot hold: the public key as DER SPKI (their secret key is sealedPrivate). */
  spki?: Uint8Array;
  createdAt: Date;
  /** How this version came to be (absent for the first). */
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
  /** Imported material: SHA-256 of the bytes, to refuse a different re-import. */
  fingerprint?: string;
  expirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  validTo?: Date;
}

export interface Tag {
  TagKey: string;
  TagValue: string;
}

export interface KeyRecord {
  keyId: string;
  arn: string;
  creationDate: Date;
  description: string;
  origin: Origin;
  /** Absent on keys saved before key specs existed: SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT. */
  keySpec?: string;
  keyUsage?: KeyUsage;
  keyManager: 'CUSTOMER' | 'AWS';
  state: KeyState;
  deletionDate?: Date;
  pendingWindowInDays?: number;
  materials: KeyMaterial[];
  /** Index into materials of the version that encrypts now; -1 before any import. */
  current: number;
  rotation: {
    enabled: boolean;
    periodDays: number;
    nextRotationDate?: Date;
    onDemandCount: number;
  };
  /** Imported material staged with ImportType NEW_KEY_MATERIAL, waiting for RotateKeyOnDemand. */
  pendingMaterial?: KeyMaterial;
  /** The key policy as the caller wrote it (or AWS's text for defaults). */
  policy: string;
  tags: Tag[];
  /** Keys in a custom key store: its ID (CustomKeyStoreId). */
  customKeyStoreId?: string;
  /** EXTERNAL_KEY_STORE keys: the external key's ID in the external key manager (XksKeyConfiguration.Id). */
  xksKeyId?: string;
  /** The last successful cryptographic call with the key, for GetKeyLastUsage (absent until one). */
  lastUsage?: KeyLastUsage;
}

export interface KeyLastUsage {
  operation: string;
  timestamp: Date;
  eventId: string;
  requestId: string;
}

export interface AliasRecord {
  aliasName: string;
  /** Undefined for a predefined aws/ alias whose key the service has not created yet. */
  targetKeyId?: string;
  creationDate?: Date;
  lastUpdatedDate?: Date;
}

export interface GrantRecord {
  grantId: string;
  keyId: string;
  name?: string;
  creationDate: Date;
  granteePrincipal: string;
  retiringPrincipal?: string;
  issuingAccount: string;
  operations: string[];
  constraints?: { EncryptionContextSubset?: Record<string, string>; EncryptionContextEquals?: Record<string, string> };
  token: string;
}

export function keySpecOf(record: KeyRecord): string {
  return record.keySpec ?? 'SYMMETRIC_DEFAULT';
}

export function keyUsageOf(record: KeyRecord): KeyUsage {
  return record.keyUsage ?? 'ENCRYPT_DECRYPT';
}

/** Symmetric encryption keys: the only ones that rotate, take an encryption context and make data keys. */
export function isSymmetric(record: KeyRecord): boolean {
  return keySpecOf(record) === 'SYMMETRIC_DEFAULT';
}

/** The key's algorithms, under the metadata member they belong in (EncryptionAlgorithms, SigningAlgorithms, …). */
export function algorithmLists(record: KeyRecord): Record<string, string[]> {
  const spec = keySpecOf(record);
  const usage = keyUsageOf(record);
  return { [LIST_OF_USAGE[usage]]: [...(specInfo(spec).usages[usage] ?? [])] };
}

export function currentMaterial(record: KeyRecord): KeyMaterial | undefined {
  return record.current >= 0 ? record.materials[record.current] : undefined;
}

/** What a key's metadata says of its custom key store, if it has one. */
export interface StoreFacts {
  connected: boolean;
  cloudHsmClusterId?: string;
}

/**
 * The KeyState AWS reports: a key in a custom key store that is not
 * connected is Unavailable, unless it is pending deletion; reconnecting
 * brings back the state it had.
 */
export function reportedState(record: KeyRecord, store: StoreFacts | undefined): string {
  return store && !store.connected && record.state !== 'PendingDeletion' ? 'Unavailable' : record.state;
}

/** The KeyMetadata structure, members in the API model's order. */
export function keyMetadata(record: KeyRecord, accountId: string, store?: StoreFacts): Record<string, unknown> {
  const material = currentMaterial(record);
  const external = record.origin === 'EXTERNAL' && material?.key !== undefined ? material : undefined;
  const spec = keySpecOf(record);
  const meta: Record<string, unknown> = {
    AWSAccountId: accountId,
    KeyId: record.keyId,
    Arn: record.arn,
    CreationDate: record.creationDate,
    Enabled: reportedState(record, store) === 'Enabled',
    Description: record.description,
    KeyUsage: keyUsageOf(record),
    KeyState: reportedState(record, store),
  };
  if (record.state === 'PendingDeletion' && record.deletionDate) meta['DeletionDate'] = record.deletionDate;
  if (external?.validTo) meta['ValidTo'] = external.validTo;
  meta['Origin'] = record.origin;
  if (record.customKeyStoreId !== undefined) meta['CustomKeyStoreId'] = record.customKeyStoreId;
  if (store?.cloudHsmClusterId !== undefined) meta['CloudHsmClusterId'] = store.cloudHsmClusterId;
  if (external?.expirationModel) meta['ExpirationModel'] = external.expirationModel;
  meta['KeyManager'] = record.keyManager;
  if (specInfo(spec).legacySpec) meta['CustomerMasterKeySpec'] = spec;
  meta['KeySpec'] = spec;
  const lists = algorithmLists(record);
  // Model order: EncryptionAlgorithms, SigningAlgorithms, KeyAgreementAlgorithms, MultiRegion, …, MacAlgorithms.
  for (const name of ['EncryptionAlgorithms', 'SigningAlgorithms', 'KeyAgreementAlgorithms']) if (lists[name]) meta[name] = lists[name];
  meta['MultiRegion'] = false;
  if (lists['MacAlgorithms']) meta['MacAlgorithms'] = lists['MacAlgorithms'];
  if (record.xksKeyId !== undefined) meta['XksKeyConfiguration'] = { Id: record.xksKeyId };
  // Key material IDs belong to symmetric encryption keys only.
  if (material?.key && spec === 'SYMMETRIC_DEFAULT') meta['CurrentKeyMaterialId'] = material.id;
  return meta;
}

/** What an operation needs from the key's state, after AWS's key-state table. */
export type StateRule = 'crypto' | 'manage' | 'any' | 'enable-disable' | 'rotation' | 'grant';

/**
 * Throws AWS's error when the key's state does not allow the operation.
 * `connected` is false for a key whose custom key store is not connected
 * (Unavailable): it can be managed but not used.
 */
export function requireState(record: KeyRecord, rule: StateRule, connected = true): void {
  if (rule === 'any') return;
  const { state, arn } = record;
  if (state === 'PendingDeletion') throw new KMSInvalidStateException(`${arn} is pending deletion.`);
  if (rule === 'manage') return;
  if (rule === 'grant') {
    if (state === 'Disabled') throw new DisabledException(`${arn} is disabled.`);
    return;
  }
  // Only keys whose material KMS makes rotate: not imported ones, nor those in custom key stores.
  if (rule === 'rotation' && record.origin !== 'AWS_KMS') {
    throw new UnsupportedOperationException(`${arn} origin is ${record.origin} which is not valid for this operation.`);
  }
  if (!connected && rule === 'crypto') throw new KMSInvalidStateException(`${arn} is unavailable.`);
  if (state === 'PendingImport') throw new KMSInvalidStateException(`${arn} is pending import.`);
  if (rule === 'enable-disable') return;
  if (state === 'Disabled') throw new DisabledException(`${arn} is disabled.`);
}
