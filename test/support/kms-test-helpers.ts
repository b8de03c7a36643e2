/**
 * Helpers shared by the tests under test/kms: the sandbox account and its
 * principals, ARN builders, byte/text conversion, seeded simulators, paging
 * through List* calls, and awaiting a call that must fail with a KmsError.
 */
import { expect } from 'vitest';
import { KmsError } from '../../src/kms/errors.ts';
import { Kms } from '../../src/kms/kms.ts';
import type { CreateKeyRequest, KeyMetadata } from '../../src/kms/types.ts';

// ---- the sandbox account ------------------------------------------------------

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
export const ADMIN_ARN = `arn:aws:iam::${ACCOUNT}:user/KeyAdmin`;
export const AUDITOR_ARN = `arn:aws:iam::${ACCOUNT}:user/Auditor`;
export const APP_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
export const APP_SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/app-session`;

export const keyArn = (keyId: string): string => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;
/** `name` includes the `alias/` prefix. */
export const aliasArn = (name: string): string => `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`;

/** A well-formed key ID that no key has. */
export const MISSING_ID = '0b0b0b0b-1111-4222-8333-444444444444';

/** One day in milliseconds, spelled out here rather than taken from the code under test. */
export const DAY = 24 * 60 * 60 * 1000;

// ---- bytes and text -----------------------------------------------------------

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of a string. */
export const encode = (text: string) => encoder.encode(text);
/** The string that UTF-8 bytes spell. */
export const decode = (data: Uint8Array): string => decoder.decode(data);
/** `n` bytes from the platform CSPRNG. */
export const randomBytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

/**
 * The paths ("$.a[0].b") at which byte buffers sit in a value; an empty list means
 * nothing in it would serialize as raw bytes. Visits each object once, so cycles end,
 * and does not look inside CryptoKeys.
 */
export function binaryPaths(value: unknown, path = '$', seen = new Set<unknown>()): string[] {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return [path];
  if (typeof value !== 'object' || value === null || seen.has(value) || value instanceof CryptoKey) return [];
  seen.add(value);
  if (Array.isArray(value)) return value.flatMap((v, i) => binaryPaths(v, `${path}[${i}]`, seen));
  return Object.entries(value).flatMap(([k, v]) => binaryPaths(v, `${path}.${k}`, seen));
}

// ---- simulators -----------------------------------------------------------------

/** A simulator with a seeded random source, so IDs and material repeat from run to run. */
export async function newKms(seed = 1): Promise<Kms> {
  return Kms.create({ seed });
}

/** A seeded simulator holding one new key. */
export async function kmsWithKey(
  seed: number,
  input: CreateKeyRequest = {},
): Promise<{ kms: Kms; key: KeyMetadata; KeyId: string; keyArn: string }> {
  const kms = await newKms(seed);
  const key = (await kms.createKey(input)).KeyMetadata;
  return { kms, key, KeyId: key.KeyId, keyArn: key.Arn };
}

/**
 * Every item of a paginated List* call: follows NextMarker until Truncated is false.
 * `list` gets undefined for the first page; more than 100 pages fails the test.
 */
export async function allPages<Page extends { Truncated: boolean; NextMarker?: string }, Item>(
  list: (marker: string | undefined) => Promise<Page>,
  items: (page: Page) => Item[],
): Promise<Item[]> {
  const out: Item[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await list(marker);
    out.push(...items(page));
    if (!page.Truncated) return out;
    marker = page.NextMarker;
  }
  throw new Error('paging never ends');
}

// ---- errors -------------------------------------------------------------------

/** Awaits a call that must fail and returns its KmsError; fails the test if the call succeeds or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<KmsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KmsError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with a KmsError, but it succeeded');
}

/**
 * Awaits a call that must fail with the KmsError `name` and, when `message` is given
 * (the empty string included), exactly that message. Returns the error for further checks.
 */
export async function expectError(promise: Promise<unknown>, name: string, message?: string): Promise<KmsError> {
  const error = await failure(promise);
  if (message === undefined) expect(error.name).toBe(name);
  else expect({ name: error.name, message: error.message }).toEqual({ name, message });
  return error;
}
