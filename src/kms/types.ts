/**
 * Request and response types of the operations the simulator implements,
 * with the KMS JSON API's member names: blobs are Uint8Array, timestamps Date.
 */
import type { Tag } from './keys.ts';

export type { Tag };
export type EncryptionContext = Record<string, string>;

interface WithKeyId {
  KeyId: string;
}
interface WithGrantTokens {
  GrantTokens?: string[];
}
interface WithDryRun {
  DryRun?: boolean;
}
interface Paged {
  Limit?: number;
  Marker?: string;
}
interface PageOut {
  NextMarker?: string;
  Truncated: boolean;
}

export type KeyMetadata = Record<string, unknown> & {
  KeyId: string;
  Arn: string;
  KeyState: string;
  Enabled: boolean;
};

export interface CreateKeyRequest {
  Policy?: string;
  Description?: string;
  KeyUsage?: string;
  CustomerMasterKeySpec?: string;
  KeySpec?: string;
  Origin?: string;
  CustomKeyStoreId?: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
  Tags?: Tag[];
  MultiRegion?: boolean;
  XksKeyId?: string;
}
export interface CreateKeyResponse {
  KeyMetadata: KeyMetadata;
}
export type DescribeKeyRequest = WithKeyId & WithGrantTokens;
export interface DescribeKeyResponse {
  KeyMetadata: KeyMetadata;
}
export type ListKeysRequest = Paged;
export interface ListKeysResponse extends PageOut {
  Keys: { KeyId: string; KeyArn: string }[];
}

export interface AliasRequest {
  AliasName: string;
  TargetKeyId: string;
}
export interface DeleteAliasRequest {
  AliasName: string;
}
export interface ListAliasesRequest extends Paged {
  KeyId?: string;
}
export interface AliasListEntry {
  AliasName: string;
  AliasArn: string;
  TargetKeyId?: string;
  CreationDate?: Date;
  LastUpdatedDate?: Date;
}
export interface ListAliasesResponse extends PageOut {
  Aliases: AliasListEntry[];
}

export interface UpdateKeyDescriptionRequest extends WithKeyId {
  Description: string;
}
export type KeyIdRequest = WithKeyId;
export interface ScheduleKeyDeletionRequest extends WithKeyId {
  PendingWindowInDays?: number;
}
export interface ScheduleKeyDeletionResponse {
  KeyId: string;
  DeletionDate: Date;
  KeyState: string;
  PendingWindowInDays: number;
}
export interface KeyIdResponse {
  KeyId: string;
}

export interface EncryptRequest extends WithKeyId, WithGrantTokens, WithDryRun {
  Plaintext: Uint8Array;
  EncryptionContext?: EncryptionContext;
  EncryptionAlgorithm?: string;
}
export interface EncryptResponse {
  CiphertextBlob: Uint8Array;
  KeyId: string;
  EncryptionAlgorithm: string;
}
export interface DecryptRequest extends WithGrantTokens, WithDryRun {
  CiphertextBlob: Uint8Array;
  EncryptionContext?: EncryptionContext;
  KeyId?: string;
  EncryptionAlgorithm?: string;
}
export interface DecryptResponse {
  KeyId: string;
  Plaintext: Uint8Array;
  EncryptionAlgorithm: string;
  /** Symmetric keys only. */
  KeyMaterialId?: string;
}
export interface ReEncryptRequest extends WithGrantTokens, WithDryRun {
  CiphertextBlob: Uint8Array;
  SourceEncryptionContext?: EncryptionContext;
  SourceKeyId?: string;
  DestinationKeyId: string;
  DestinationEncryptionContext?: EncryptionContext;
  SourceEncryptionAlgorithm?: string;
  DestinationEncryptionAlgorithm?: string;
}
export interface ReEncryptResponse {
  CiphertextBlob: Uint8Array;
  SourceKeyId: string;
  KeyId: string;
  SourceEncryptionAlgorithm: string;
  DestinationEncryptionAlgorithm: string;
  /** Symmetric keys only. */
  SourceKeyMaterialId?: string;
  DestinationKeyMaterialId?: string;
}
export interface GenerateDataKeyRequest extends WithKeyId, WithGrantTokens, WithDryRun {
  EncryptionContext?: EncryptionContext;
  NumberOfBytes?: number;
  KeySpec?: string;
}
export interface GenerateDataKeyResponse {
  CiphertextBlob: Uint8Array;
  Plaintext: Uint8Array;
  KeyId: string;
  KeyMaterialId: string;
}
export interface GenerateDataKeyWithoutPlaintextResponse {
  CiphertextBlob: Uint8Array;
  KeyId: string;
  KeyMaterialId: string;
}
export interface GenerateRandomRequest {
  NumberOfBytes?: number;
  CustomKeyStoreId?: string;
}
export interface GenerateRandomResponse {
  Plaintext: Uint8Array;
}

export interface EnableKeyRotationRequest extends WithKeyId {
  RotationPeriodInDays?: number;
}
export interface GetKeyRotationStatusResponse {
  KeyRotationEnabled: boolean;
  KeyId: string;
  RotationPeriodInDays?: number;
  NextRotationDate?: Date;
  OnDemandRotationStartDate?: Date;
}
export interface ListKeyRotationsRequest extends WithKeyId, Paged {
  IncludeKeyMaterial?: string;
}
export interface RotationsListEntry {
  KeyId: string;
  KeyMaterialId: string;
  ImportState?: string;
  KeyMaterialState?: string;
  ExpirationModel?: string;
  ValidTo?: Date;
  RotationDate?: Date;
  RotationType?: string;
}
export interface ListKeyRotationsResponse extends PageOut {
  Rotations: RotationsListEntry[];
}

export interface GetKeyPolicyRequest extends WithKeyId {
  PolicyName?: string;
}
export interface GetKeyPolicyResponse {
  Policy: string;
  PolicyName: string;
}
export interface PutKeyPolicyRequest extends WithKeyId {
  PolicyName?: string;
  Policy: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
}
export type ListKeyPoliciesRequest = WithKeyId & Paged;
export interface ListKeyPoliciesResponse extends PageOut {
  PolicyNames: string[];
}

export interface GetParametersForImportRequest extends WithKeyId {
  WrappingAlgorithm: string;
  WrappingKeySpec: string;
}
export interface GetParametersForImportResponse {
  KeyId: string;
  ImportToken: Uint8Array;
  PublicKey: Uint8Array;
  ParametersValidTo: Date;
}
export interface ImportKeyMaterialRequest extends WithKeyId {
  ImportToken: Uint8Array;
  EncryptedKeyMaterial: Uint8Array;
  ValidTo?: Date;
  ExpirationModel?: string;
  ImportType?: string;
  KeyMaterialDescription?: string;
  KeyMaterialId?: string;
}
export interface ImportKeyMaterialResponse {
  KeyId: string;
  KeyMaterialId: string;
}
export interface DeleteImportedKeyMaterialRequest extends WithKeyId {
  KeyMaterialId?: string;
}
export interface DeleteImportedKeyMaterialResponse {
  KeyId: string;
  KeyMaterialId: string;
}

export interface TagResourceRequest extends WithKeyId {
  Tags: Tag[];
}
export interface UntagResourceRequest extends WithKeyId {
  TagKeys: string[];
}
export type ListResourceTagsRequest = WithKeyId & Paged;
export interface ListResourceTagsResponse extends PageOut {
  Tags: Tag[];
}

export interface GrantConstraints {
  EncryptionContextSubset?: EncryptionContext;
  EncryptionContextEquals?: EncryptionContext;
}
export interface CreateGrantRequest extends WithKeyId, WithGrantTokens, WithDryRun {
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  Operations: string[];
  Constraints?: GrantConstraints;
  Name?: string;
}
export interface CreateGrantResponse {
  GrantToken: string;
  GrantId: string;
}
export interface ListGrantsRequest extends WithKeyId, Paged {
  GrantId?: string;
  GranteePrincipal?: string;
}
export interface GrantListEntry {
  KeyId: string;
  GrantId: string;
  Name?: string;
  CreationDate: Date;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  IssuingAccount: string;
  Operations: string[];
  Constraints?: GrantConstraints;
}
export interface ListGrantsResponse extends PageOut {
  Grants: GrantListEntry[];
}
export interface RetireGrantRequest extends WithDryRun {
  GrantToken?: string;
  KeyId?: string;
  GrantId?: string;
}
export interface RevokeGrantRequest extends WithKeyId, WithDryRun {
  GrantId: string;
}

export interface GetPublicKeyRequest extends WithKeyId, WithGrantTokens {}
export interface GetPublicKeyResponse {
  KeyId: string;
  PublicKey: Uint8Array;
  CustomerMasterKeySpec?: string;
  KeySpec: string;
  KeyUsage: string;
  EncryptionAlgorithms?: string[];
  SigningAlgorithms?: string[];
  KeyAgreementAlgorithms?: string[];
}
export interface SignRequest extends WithKeyId, WithGrantTokens, WithDryRun {
  Message: Uint8Array;
  MessageType?: string;
  SigningAlgorithm: string;
}
export interface SignResponse {
  KeyId: string;
  Signature: Uint8Array;
  SigningAlgorithm: string;
}
export interface VerifyRequest extends SignRequest {
  Signature: Uint8Array;
}
export interface VerifyResponse {
  KeyId: string;
  SignatureValid: boolean;
  SigningAlgorithm: string;
}
export interface GenerateMacRequest extends WithKeyId, WithGrantTokens, WithDryRun {
  Message: Uint8Array;
  MacAlgorithm: string;
}
export interface GenerateMacResponse {
  Mac: Uint8Array;
  MacAlgorithm: string;
  KeyId: string;
}
export interface VerifyMacRequest extends GenerateMacRequest {
  Mac: Uint8Array;
}
export interface VerifyMacResponse {
  KeyId: string;
  MacValid: boolean;
  MacAlgorithm: string;
}
export interface GenerateDataKeyPairRequest extends WithKeyId, WithGrantTokens, WithDryRun {
  EncryptionContext?: EncryptionContext;
  KeyPairSpec: string;
  Recipient?: Record<string, unknown>;
}
export interface GenerateDataKeyPairResponse {
  PrivateKeyCiphertextBlob: Uint8Array;
  PrivateKeyPlaintext: Uint8Array;
  PublicKey: Uint8Array;
  KeyId: string;
  KeyPairSpec: string;
  KeyMaterialId: string;
}
export type GenerateDataKeyPairWithoutPlaintextResponse = Omit<GenerateDataKeyPairResponse, 'PrivateKeyPlaintext'>;
export interface DeriveSharedSecretRequest extends WithKeyId, WithGrantTokens, WithDryRun {
  KeyAgreementAlgorithm: string;
  PublicKey: Uint8Array;
  Recipient?: Record<string, unknown>;
}
export interface DeriveSharedSecretResponse {
  KeyId: string;
  SharedSecret: Uint8Array;
  KeyAgreementAlgorithm: string;
  KeyOrigin: string;
}
export interface ListRetirableGrantsRequest extends Paged {
  RetiringPrincipal: string;
}
export interface GetKeyLastUsageResponse {
  KeyId: string;
  KeyLastUsage?: { Operation: string; Timestamp: Date; CloudTrailEventId: string; KmsRequestId: string };
  TrackingStartDate: Date;
  KeyCreationDate: Date;
}

export interface XksProxyAuthenticationCredential {
  AccessKeyId: string;
  RawSecretAccessKey: string;
}
interface XksProxyMembers {
  XksProxyUriEndpoint?: string;
  XksProxyUriPath?: string;
  XksProxyVpcEndpointServiceName?: string;
  XksProxyVpcEndpointServiceOwner?: string;
  XksProxyAuthenticationCredential?: XksProxyAuthenticationCredential;
  XksProxyConnectivity?: string;
}
export interface CreateCustomKeyStoreRequest extends XksProxyMembers {
  CustomKeyStoreName: string;
  CloudHsmClusterId?: string;
  TrustAnchorCertificate?: string;
  KeyStorePassword?: string;
  CustomKeyStoreType?: 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE';
}
export interface CreateCustomKeyStoreResponse {
  CustomKeyStoreId: string;
}
export interface DescribeCustomKeyStoresRequest extends Paged {
  CustomKeyStoreId?: string;
  CustomKeyStoreName?: string;
}
export interface DescribeCustomKeyStoresResponse extends PageOut {
  CustomKeyStores: Record<string, unknown>[];
}
export interface UpdateCustomKeyStoreRequest extends XksProxyMembers {
  CustomKeyStoreId: string;
  NewCustomKeyStoreName?: string;
  KeyStorePassword?: string;
  CloudHsmClusterId?: string;
}
export interface CustomKeyStoreIdRequest {
  CustomKeyStoreId: string;
}
