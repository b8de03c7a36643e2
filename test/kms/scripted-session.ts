/**
 * One scripted, seeded session that touches every part of the simulator the
 * speed work changed: random draws (IDs, nonces, data keys, material), blob
 * framing (with and without encryption context, short and long contexts),
 * audit records (every principal, failures, resources, responseElements)
 * and time-driven events (rotations of several keys in one step, in an
 * order that differs from their due times, deletions, expiring imports).
 * Its transcript is pinned in a file snapshot made before the change.
 */
import { base64Encode } from '../../src/kms/base64.ts';
import { KmsError } from '../../src/kms/errors.ts';
import type { Kms } from '../../src/kms/kms.ts';

const DAY = 24 * 60 * 60 * 1000;
const text = new TextEncoder();

/** A fixed 32-byte key for the imported-material key, so its KeyMaterialId repeats. */
const IMPORTED = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);

async function wrap(publicKey: Uint8Array, material: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('spki', new Uint8Array(publicKey), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
  return new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, key, new Uint8Array(material)));
}

/** Bytes become base64, dates ISO strings: the transcript is plain JSON. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return base64Encode(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Runs the session; returns what each step gave back (outputs or error names), for the snapshot beside the audit log. */
export async function scriptedSession(kms: Kms): Promise<unknown[]> {
  const out: unknown[] = [];
  const step = async (label: string, call: () => Promise<unknown>): Promise<unknown> => {
    try {
      const result = await call();
      out.push([label, plain(result ?? null)]);
      return result;
    } catch (error) {
      if (!(error instanceof KmsError)) throw error;
      out.push([label, { error: error.name, message: error.message }]);
      return undefined;
    }
  };

  const a = ((await step('create A', () => kms.createKey({ Description: 'A', Tags: [{ TagKey: 'team', TagValue: 'blue' }] }))) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
  const b = ((await step('create B', () => kms.createKey({ Description: 'B' }))) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
  const c = ((await step('create C', () => kms.createKey({ Description: 'C' }))) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
  await step('alias A', () => kms.createAlias({ AliasName: 'alias/a', TargetKeyId: a }));
  await step('describe via alias', () => kms.describeKey({ KeyId: 'alias/a' }));

  const short = (await step('encrypt A', () => kms.encrypt({ KeyId: a, Plaintext: text.encode('hello') }))) as { CiphertextBlob: Uint8Array };
  const withContext = (await step('encrypt A with context', () =>
    kms.encrypt({ KeyId: 'alias/a', Plaintext: text.encode('x'), EncryptionContext: { purpose: 'test', 'ünïcode': 'välue', a: 'bc' } }),
  )) as { CiphertextBlob: Uint8Array };
  await step('encrypt A with a context longer than the plaintext', () =>
    kms.encrypt({ KeyId: a, Plaintext: text.encode('y'), EncryptionContext: { long: 'v'.repeat(300), k2: 'w' } }),
  );
  await step('encrypt 4 KB', () => kms.encrypt({ KeyId: b, Plaintext: Uint8Array.from({ length: 4096 }, (_, i) => i & 0xff) }));
  await step('decrypt', () => kms.decrypt({ CiphertextBlob: short.CiphertextBlob }));
  await step('decrypt with context', () => kms.decrypt({ CiphertextBlob: withContext.CiphertextBlob, EncryptionContext: { a: 'bc', purpose: 'test', 'ünïcode': 'välue' } }));
  await step('decrypt with the wrong context', () => kms.decrypt({ CiphertextBlob: withContext.CiphertextBlob, EncryptionContext: { ab: 'c' } }));
  await step('re-encrypt to B', () => kms.reEncrypt({ CiphertextBlob: short.CiphertextBlob, DestinationKeyId: b, DestinationEncryptionContext: { to: 'b' } }));
  await step('data key', () => kms.generateDataKey({ KeyId: a, KeySpec: 'AES_256' }));
  await step('data key 128', () => kms.generateDataKey({ KeyId: a, KeySpec: 'AES_128', EncryptionContext: { k: 'v' } }));
  await step('data key without plaintext', () => kms.generateDataKeyWithoutPlaintext({ KeyId: b, NumberOfBytes: 7 }));
  await step('random 13', () => kms.generateRandom({ NumberOfBytes: 13 }));
  await step('random too many', () => kms.generateRandom({ NumberOfBytes: 5000 }));
  await step('missing key', () => kms.encrypt({ KeyId: '0b0b0b0b-1111-4222-8333-444444444444', Plaintext: text.encode('x') }));
  await step('bad key id', () => kms.encrypt({ KeyId: 'not-a-key', Plaintext: text.encode('x') }));
  await step('dry run', () => kms.encrypt({ KeyId: a, Plaintext: text.encode('x'), DryRun: true }));
  await step('AWS managed key on first use', () => kms.encrypt({ KeyId: 'alias/aws/acm', Plaintext: text.encode('cert') }));

  kms.setCaller('admin');
  await step('admin tags B', () => kms.tagResource({ KeyId: b, Tags: [{ TagKey: 'env', TagValue: 'prod' }] }));
  await step('admin untags B', () => kms.untagResource({ KeyId: b, TagKeys: ['env'] }));
  await step('admin encrypts', () => kms.encrypt({ KeyId: a, Plaintext: text.encode('x') }));
  kms.setCaller('app');
  await step('app lists keys', () => kms.listKeys({ Limit: 2 }));
  await step('app deletes', () => kms.scheduleKeyDeletion({ KeyId: a }));
  kms.setCaller('auditor');
  await step('auditor lists aliases', () => kms.listAliases({ Limit: 3 }));
  kms.setCaller('root');

  await step('grant on C', () =>
    kms.createGrant({ KeyId: c, GranteePrincipal: 'arn:aws:iam::111122223333:role/AppRole', Operations: ['Encrypt', 'Decrypt'], Constraints: { EncryptionContextSubset: { dept: 'ops' } }, Name: 'g1' }),
  );
  await step('list grants', () => kms.listGrants({ KeyId: c }));
  await step('policy', () => kms.getKeyPolicy({ KeyId: c, PolicyName: 'default' }));

  // A is first in key order but falls due after B: both rotate in one step, A's versions first.
  await step('rotate B every 90 days', () => kms.enableKeyRotation({ KeyId: b, RotationPeriodInDays: 90 }));
  await kms.advanceTime(DAY);
  await step('rotate A every 91 days', () => kms.enableKeyRotation({ KeyId: a, RotationPeriodInDays: 91 }));
  await step('rotate C yearly', () => kms.enableKeyRotation({ KeyId: c }));
  await step('disable C', () => kms.disableKey({ KeyId: c }));
  await kms.advanceTime(200 * DAY);
  await step('rotations of A', () => kms.listKeyRotations({ KeyId: a }));
  await step('rotations of B', () => kms.listKeyRotations({ KeyId: b }));
  await step('old ciphertext still opens', () => kms.decrypt({ CiphertextBlob: short.CiphertextBlob }));
  await step('encrypt under the rotated A', () => kms.encrypt({ KeyId: a, Plaintext: text.encode('after rotation') }));
  await step('on-demand rotation of B', () => kms.rotateKeyOnDemand({ KeyId: b }));
  await kms.advanceTime(200 * DAY);
  // C was disabled past its rotation date: enabling it rotates it within the call.
  await step('enable C', () => kms.enableKey({ KeyId: c }));
  await step('rotation status of C', () => kms.getKeyRotationStatus({ KeyId: c }));
  await step('disable B rotation', () => kms.disableKeyRotation({ KeyId: b }));

  // Deletion: one that happens, one that is cancelled.
  await step('schedule deletion of A', () => kms.scheduleKeyDeletion({ KeyId: a, PendingWindowInDays: 7 }));
  await step('schedule deletion of C', () => kms.scheduleKeyDeletion({ KeyId: c, PendingWindowInDays: 10 }));
  await step('encrypt with A pending deletion', () => kms.encrypt({ KeyId: a, Plaintext: text.encode('x') }));
  await step('cancel deletion of C', () => kms.cancelKeyDeletion({ KeyId: c }));
  await kms.advanceTime(8 * DAY);
  await step('describe deleted A', () => kms.describeKey({ KeyId: a }));
  await step('decrypt under deleted A', () => kms.decrypt({ CiphertextBlob: short.CiphertextBlob }));
  await step('alias gone with A', () => kms.listAliases({}));

  // Imported material that expires, in the same step as a rotation and a deletion.
  const ext = ((await step('create EXTERNAL', () => kms.createKey({ Origin: 'EXTERNAL', Description: 'BYOK' }))) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
  const params = (await kms.getParametersForImport({ KeyId: ext, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })) as { ImportToken: Uint8Array; PublicKey: Uint8Array };
  await step('import', async () =>
    kms.importKeyMaterial({
      KeyId: ext,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: await wrap(params.PublicKey, IMPORTED),
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: new Date(kms.now().getTime() + 30 * DAY),
    }),
  );
  await step('encrypt under imported', () => kms.encrypt({ KeyId: ext, Plaintext: text.encode('byok') }));
  await step('enable C again', () => kms.enableKey({ KeyId: c }));
  await step('rotate C every 90 days', () => kms.enableKeyRotation({ KeyId: c, RotationPeriodInDays: 90 }));
  const d = ((await step('create D', () => kms.createKey({ Description: 'D' }))) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
  await step('schedule deletion of D', () => kms.scheduleKeyDeletion({ KeyId: d, PendingWindowInDays: 20 }));
  await kms.advanceTime(95 * DAY);
  await step('describe expired', () => kms.describeKey({ KeyId: ext }));
  await step('encrypt under expired', () => kms.encrypt({ KeyId: ext, Plaintext: text.encode('x') }));
  await step('last data key', () => kms.generateDataKey({ KeyId: b, NumberOfBytes: 64 }));
  out.push(['inventory', plain(kms.inventory())]);
  out.push(['random state', kms.engine.random.state() ?? null]);
  return out;
}
