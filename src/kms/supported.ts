/**
 * The enum values the simulator accepts where the KMS API allows more: the operations check their input against these lists, and tab completion offers exactly them, so the two cannot drift apart.
 */
import { API_MODEL } from './api-model.ts';
import { AVAILABLE_SPECS } from './key-specs.ts';

/** The symmetric encryption key spec, and its one encryption algorithm. */
export const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';

/** RSA-OAEP wrapping of imported key material: the hash of each wrapping algorithm WebCrypto can unwrap with. */
export const WRAPPING_HASHES: Readonly<Record<string, 'SHA-1' | 'SHA-256'>> = { RSAES_OAEP_SHA_1: 'SHA-1', RSAES_OAEP_SHA_256: 'SHA-256' };

/** The RSA wrapping key sizes, by WrappingKeySpec. */
export const WRAPPING_KEY_BITS: Readonly<Record<string, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

/** Encryption algorithms: AES-256-GCM for symmetric keys, RSAES-OAEP for RSA keys (not SM2PKE). */
const ALGORITHMS: readonly string[] = [SYMMETRIC_DEFAULT, 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];

/** Signing algorithms KMS Lab computes (not SM2DSA nor Ed25519ph). */
const SIGNING: readonly string[] = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'ED25519_SHA_512',
  'ML_DSA_SHAKE_256',
];
/** RAW, DIGEST (ops/digest-sign.ts) and, for ML-DSA keys, EXTERNAL_MU. */
const MESSAGE_TYPES: readonly string[] = ['RAW', 'DIGEST', 'EXTERNAL_MU'];
/** Data key pairs WebCrypto makes (not ECC_SECG_P256K1 nor SM2). */
const PAIR_SPECS: readonly string[] = API_MODEL.shapes['DataKeyPairSpec']!.enum!.filter((s) => AVAILABLE_SPECS.includes(s));
const LEGACY_SPECS = new Set(API_MODEL.shapes['CustomerMasterKeySpec']!.enum);

/** Operation → input member → what the simulator accepts, for the members narrower than the model's enum. */
const NARROWED: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  CreateKey: {
    KeySpec: AVAILABLE_SPECS,
    CustomerMasterKeySpec: AVAILABLE_SPECS.filter((s) => LEGACY_SPECS.has(s)),
  },
  Sign: { SigningAlgorithm: SIGNING, MessageType: MESSAGE_TYPES },
  Verify: { SigningAlgorithm: SIGNING, MessageType: MESSAGE_TYPES },
  GenerateDataKeyPair: { KeyPairSpec: PAIR_SPECS },
  GenerateDataKeyPairWithoutPlaintext: { KeyPairSpec: PAIR_SPECS },
  Encrypt: { EncryptionAlgorithm: ALGORITHMS },
  Decrypt: { EncryptionAlgorithm: ALGORITHMS },
  ReEncrypt: { SourceEncryptionAlgorithm: ALGORITHMS, DestinationEncryptionAlgorithm: ALGORITHMS },
  GetParametersForImport: { WrappingAlgorithm: Object.keys(WRAPPING_HASHES), WrappingKeySpec: Object.keys(WRAPPING_KEY_BITS) },
};

/**
 * Whether the simulator takes `value` for an operation's member. Members it
 * does not narrow take whatever the model's enum allows (validation has
 * already refused anything else by then).
 */
export function accepts(operation: string, member: string, value: string): boolean {
  return NARROWED[operation]?.[member]?.includes(value) ?? true;
}

/**
 * The values the simulator accepts for an enum member (or for the items of a
 * list of enums, such as a grant's Operations), in the model's order; undefined
 * when the member is not an enum.
 */
export function acceptedValues(operation: string, member: string): readonly string[] | undefined {
  const input = API_MODEL.operations[operation]?.input;
  const shapeName = input ? API_MODEL.shapes[input]?.members?.[member] : undefined;
  const shape = shapeName ? API_MODEL.shapes[shapeName] : undefined;
  const values = shape?.enum ?? (shape?.member ? API_MODEL.shapes[shape.member]?.enum : undefined);
  return values?.filter((value) => accepts(operation, member, value));
}
