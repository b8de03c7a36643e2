/**
 * What the envelope diagram shows: one SCENE per command line that did something worth showing,
 * each a short list of numbered STEPS. A step carries the whole picture after it (every item in
 * every lane), so the view can jump to any step without replaying the ones before it.
 */

/** The diagram's three lanes. */
export type Lane = 'machine' | 'kms' | 'storage';

export const LANES: readonly Lane[] = ['kms', 'machine', 'storage'];

/**
 * What an item is. Plaintext kinds (data-key, plaintext-data) are the secrets to watch;
 * ciphertext kinds are safe to store; a kms-key never leaves the KMS lane.
 */
export type ItemKind =
  | 'kms-key'
  | 'data-key'
  | 'encrypted-data-key'
  | 'plaintext-data'
  | 'encrypted-data'
  // Asymmetric and HMAC keys: what Sign, Verify, GenerateMac, GetPublicKey and GenerateDataKeyPair move.
  | 'signature'
  | 'mac'
  | 'public-key'
  | 'private-key'
  | 'encrypted-private-key';

export type StepStatus = 'ok' | 'error';

/** A KMS key's material version, as the simulator numbers them (0 = the key's first material). */
export interface KeyVersion {
  version: number;
  current: boolean;
}

/** One chip in a lane. Never holds secret bytes: only names, sizes and short fingerprints. */
export interface DiagramItem {
  /** Stable across steps and scenes, so the view can tell what is new and what moved. */
  id: string;
  kind: ItemKind;
  lane: Lane;
  /** The file name, the `$VARIABLE`, or the KMS key's short ID. */
  label: string;
  /** Where it is held, in words: "file", "shell variable", "printed in the terminal", "inside KMS". */
  where: string;
  /** Size, fingerprint, encryption context… short enough for a chip. */
  details: string[];
  /** First 8 hex digits of the SHA-256 of the secret (data keys, plaintexts), from the KMS trace. */
  fingerprint?: string;
  /** For ciphertexts: the KMS key and key material version that made them. */
  keyId?: string;
  keyLabel?: string;
  materialVersion?: number;
  /** For KMS keys: the material versions known so far and the key's state. */
  versions?: KeyVersion[];
  keyState?: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'Deleted';
  /** Items stored together (the encrypted data key beside its data) share a group. */
  group?: string;
  /** new: appeared in this step; gone: removed in this step (shown once, struck through). */
  presence: 'present' | 'new' | 'gone';
  /** This step did something to it. */
  focus: boolean;
}

export interface DiagramStep {
  /** 1-based, as the captions list numbers it. */
  number: number;
  lanes: Lane[];
  /** Something moved between two lanes in this step. */
  flow?: { from: Lane; to: Lane };
  /** One sentence in plain words. */
  caption: string;
  status: StepStatus;
  /** For error steps: the AWS error code and message (or the tool's message). */
  error?: { code: string; message: string };
  /** Every item visible after this step. */
  items: DiagramItem[];
}

export interface Scene {
  /** Increases with every scene, also across resets, so a view can tell a new scene from an old one. */
  id: number;
  /** The command line as typed. */
  line: string;
  /** A short name for the scene: the main operation ("GenerateDataKey", "openssl enc", "rm"). */
  title: string;
  status: StepStatus;
  steps: DiagramStep[];
}
