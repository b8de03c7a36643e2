/**
 * What one `aws …` run did, as the CLI itself knows it: the operation, how each input was given,
 * whether a request was sent and how it ended, and which secret-bearing members of the answer
 * the printed output kept. Viewers (the envelope diagram) draw from this instead of reading the
 * command line again. Secrets never appear here: kept members are named by content digests,
 * which let a viewer recognise the same bytes later in a file, a variable or the terminal.
 */
import { base64Encode } from '../kms/base64.ts';
import type { BlobSource } from './args.ts';

/** How one input member was given, and the file the CLI read for it (as the CLI opened it). */
export interface InvocationInput {
  member: string;
  source: BlobSource;
  /** For file://, fileb:// and --cli-input-json file://…: the path the CLI read. */
  path?: string;
  /** Digest of the file's bytes as read (see digest()), so a viewer knows the file again. */
  digest?: string;
}

/** One file the CLI read for its parameters. */
export interface FileRead {
  path: string;
  /** Absent when the read failed. */
  digest?: string;
}

/** A blob member of the answer that the printed output contains (as base64 text). */
export interface KeptMember {
  member: string;
  /** Digest of the member's bytes (what `base64 --decode` of the printed text gives back). */
  bytes: string;
  /** Digest of its base64 text as printed. */
  text: string;
}

export interface InvocationError {
  /** `service`: the request reached KMS and was refused; `cli`: the CLI stopped on its own. */
  stage: 'cli' | 'service';
  /** The service's exception name, or `AWS CLI` when the CLI stopped before sending. */
  code: string;
  message: string;
}

export interface AwsInvocation {
  /** `kms`, `sts`, `configure`, once the CLI has read that far. */
  service?: string;
  /** The API operation (`GenerateDataKey`), once the CLI has recognised the command. */
  operation?: string;
  profile?: string;
  exitCode: number;
  /** How many requests reached the service (0 when the CLI stopped first, several when paging). */
  requests: number;
  error?: InvocationError;
  inputs: InvocationInput[];
  /** Encryption contexts in the request, by member (EncryptionContext, SourceEncryptionContext, …). */
  contexts: Record<string, Record<string, string>>;
  /** Blob members of the answer the printed output kept after --query and --output, in printed order. */
  kept: KeptMember[];
  output?: { format: string; query?: string };
}

export function emptyInvocation(): AwsInvocation {
  return { exitCode: 0, requests: 0, inputs: [], contexts: {}, kept: [] };
}

/**
 * Pairs each file-backed input with the path the CLI read for it. The CLI loads file:// and
 * fileb:// values one by one in its argument table's order, then the --cli-input-json file, so the
 * reads come in that order; `fileValued` lists the members whose value named a file, in table order.
 */
export function inputsOf(sources: Record<string, BlobSource>, fileValued: readonly string[], reads: readonly FileRead[], inputJsonRead: boolean): InvocationInput[] {
  const files = new Map<string, FileRead>();
  fileValued.forEach((member, i) => {
    const read = reads[i];
    if (read !== undefined) files.set(member, read);
  });
  const json = inputJsonRead ? reads[fileValued.length] : undefined;
  return Object.entries(sources).map(([member, source]) => {
    const read = source === 'cli-input-json' ? json : source === 'inline' ? undefined : files.get(member);
    if (read === undefined) return { member, source };
    // A member from the JSON file is not that file's bytes: only its path says where it came from.
    return { member, source, path: read.path, ...(read.digest === undefined || source === 'cli-input-json' ? {} : { digest: read.digest }) };
  });
}

/** EncryptionContext-like members of the request (string maps), copied. */
export function contextsOf(params: Record<string, unknown>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [member, value] of Object.entries(params)) {
    if (!member.endsWith('EncryptionContext') || typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    out[member] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  }
  return out;
}

const encoder = new TextEncoder();

/** The answer's blob members that appear in what was printed, in the order they were printed. */
export function keptMembers(response: Record<string, unknown>, printed: string): KeptMember[] {
  const found: { at: number; member: KeptMember }[] = [];
  for (const [member, value] of Object.entries(response)) {
    if (!(value instanceof Uint8Array) || value.length === 0) continue;
    const text = base64Encode(value);
    const at = printed.indexOf(text);
    if (at >= 0) found.push({ at, member: { member, bytes: digest(value), text: digest(encoder.encode(text)) } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.member);
}

// ---------------------------------------------------------------------------
// Content digests

/**
 * A 64-bit digest of some bytes, as 16 hex digits: two 32-bit FNV-1a style passes with different
 * primes and a final mix. Only for recognising the same bytes again, never for security.
 */
export function digest(bytes: Uint8Array): string {
  let a = 0x811c9dc5 ^ bytes.length;
  let b = 0x2545f491 ^ Math.imul(bytes.length, 0x9e3779b1);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    a = Math.imul(a ^ byte, 0x01000193);
    b = Math.imul(b ^ byte, 0x5bd1e995);
  }
  a = Math.imul(a ^ (a >>> 15), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x27d4eb2f) ^ Math.imul(a ^ (a >>> 11), 0x165667b1);
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * What a viewer can recognise in some bytes without keeping them: the digest of the whole, and
 * digests of the base64 or hex words in it (a data key written out in base64, a variable holding
 * `Plaintext<TAB>CiphertextBlob`, a key in hex for `openssl enc -K`). A hex word also gives the
 * digest of the bytes it spells.
 */
export interface Observation {
  digest: string;
  size: number;
  words: string[];
}

/** Words shorter than this are too common to mean anything (a 16-byte IV in hex is 32). */
const MIN_WORD = 16;
/** Enough for every blob a KMS answer holds; a large file is recognised by its whole digest only. */
const MAX_TEXT = 256 * 1024;
const MAX_WORDS = 64;
const decoder = new TextDecoder('utf-8', { fatal: true });

export function observe(bytes: Uint8Array): Observation {
  const words: string[] = [];
  if (bytes.length <= MAX_TEXT) {
    let text: string | undefined;
    try {
      text = decoder.decode(bytes);
    } catch {
      text = undefined; // binary: only the whole digest means something
    }
    for (const [word] of text?.matchAll(/[A-Za-z0-9+/]+={0,2}/g) ?? []) {
      if (word.length < MIN_WORD || words.length >= MAX_WORDS) continue;
      words.push(digest(encoder.encode(word)));
      if (word.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(word)) words.push(digest(hexBytes(word)));
    }
  }
  return { digest: digest(bytes), size: bytes.length, words };
}

export function observeText(text: string): Observation {
  return observe(encoder.encode(text));
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
