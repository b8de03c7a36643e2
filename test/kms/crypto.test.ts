import { beforeEach, describe, expect, it } from 'vitest';
import { API_MODEL } from '../../src/kms/api-model.ts';
import { base64Encode } from '../../src/kms/base64.ts';
import { HEADER_LENGTH, OVERHEAD, PREFIX } from '../../src/kms/ciphertext.ts';
import { DAY_MS } from '../../src/kms/clock.ts';
import { uuidToBytes } from '../../src/kms/ids.ts';
import type { Kms } from '../../src/kms/kms.ts';
import type { DecryptRequest, ReEncryptRequest } from '../../src/kms/types.ts';
// `keyArn` is this file's key; the ARN builder goes by `arnOf` here.
import { ADMIN_ARN, aliasArn, AUDITOR_ARN, encode, expectError, failure, keyArn as arnOf, newKms } from '../support/kms-test-helpers.ts';

// ---- helpers ------------------------------------------------------------------

const MSG = {
  plaintextTooLong:
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
  plaintextEmpty:
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
  bytesTooMany:
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
  bytesZero:
    "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
  specOrBytes: 'Please specify either number of bytes or key spec.',
  incorrectKey: 'The key ID in the request does not identify a CMK that can perform this operation.',
  dryRun: 'The request would have succeeded, but the DryRun option is set.',
  deletedKey:
    'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
} as const;

/** AWS's AccessDeniedException text when the caller's IAM policy does not allow the action on the resource. */
const noIdentityPolicy = (caller: string, action: string, resource: string) =>
  `User: ${caller} is not authorized to perform: kms:${action} on resource: ${resource} because no identity-based policy allows the kms:${action} action`;

const filled = (length: number, value = 0x61) => new Uint8Array(length).fill(value);

/** Member names of an operation's response shape, in the API model's order, limited to those present. */
function modelOrder(shapeName: string, response: object): string[] {
  const members = API_MODEL.shapes[shapeName]?.members;
  if (!members) throw new Error(`no shape ${shapeName} in the API model`);
  return Object.keys(members).filter((m) => m in response);
}

let kms: Kms;
let keyId: string;
let keyArn: string;

async function newKey(k: Kms = kms): Promise<{ id: string; arn: string }> {
  const { KeyMetadata } = await k.createKey();
  return { id: KeyMetadata.KeyId, arn: KeyMetadata.Arn };
}

beforeEach(async () => {
  kms = await newKms(1);
  ({ id: keyId, arn: keyArn } = await newKey());
});

// ---- Encrypt ----------------------------------------------------------------

describe('Encrypt', () => {
  it('returns CiphertextBlob, the key ARN and SYMMETRIC_DEFAULT, in model order', async () => {
    const out = await kms.encrypt({ KeyId: keyId, Plaintext: encode('hello') });
    expect(out.KeyId).toBe(keyArn);
    expect(out.KeyId).toBe(arnOf(keyId));
    expect(out.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(out.CiphertextBlob).toBeInstanceOf(Uint8Array);
    expect(Object.keys(out)).toEqual(modelOrder('EncryptResponse', out));
    expect(Object.keys(out)).toEqual(['CiphertextBlob', 'KeyId', 'EncryptionAlgorithm']);
  });

  it('writes the documented blob layout: prefix, key ID, material version, nonce, ciphertext+tag', async () => {
    const plaintext = encode('layout check');
    const { CiphertextBlob: blob } = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext });
    expect(blob.length).toBe(plaintext.length + OVERHEAD);
    expect(OVERHEAD).toBe(53);
    expect([...blob.subarray(0, 5)]).toEqual([...PREFIX]);
    expect([...blob.subarray(0, 5)]).toEqual([0x01, 0x02, 0x02, 0x00, 0x78]);
    expect([...blob.subarray(5, 21)]).toEqual([...uuidToBytes(keyId)]);
    expect([...blob.subarray(21, 25)]).toEqual([0, 0, 0, 0]);
    expect(HEADER_LENGTH).toBe(37);
    // The plaintext does not appear in the clear.
    expect(Buffer.from(blob).includes(Buffer.from(plaintext))).toBe(false);
  });

  it('produces base64 that starts with "AQICAH", like AWS blobs', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
    expect(base64Encode(CiphertextBlob).startsWith('AQICAH')).toBe(true);
  });

  it('accepts a 4096-byte plaintext and round-trips it', async () => {
    const plaintext = new Uint8Array(4096).map((_, i) => i % 251);
    const out = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext });
    expect(out.CiphertextBlob.length).toBe(4096 + OVERHEAD);
    const back = await kms.decrypt({ CiphertextBlob: out.CiphertextBlob });
    expect(back.Plaintext).toEqual(plaintext);
  });

  it('accepts a 1-byte plaintext', async () => {
    const out = await kms.encrypt({ KeyId: keyId, Plaintext: Uint8Array.of(0) });
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(Uint8Array.of(0));
  });

  it('rejects a 4097-byte plaintext with AWS’s validation text', async () => {
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: filled(4097) }), 'ValidationException', MSG.plaintextTooLong);
  });

  it('rejects an empty plaintext', async () => {
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(0) }), 'ValidationException', MSG.plaintextEmpty);
  });

  it('accepts every KeyId form: key ID, key ARN, alias name, alias ARN', async () => {
    await kms.createAlias({ AliasName: 'alias/app', TargetKeyId: keyId });
    for (const ref of [keyId, keyArn, 'alias/app', aliasArn('alias/app')]) {
      const out = await kms.encrypt({ KeyId: ref, Plaintext: encode(ref) });
      expect(out.KeyId).toBe(keyArn);
      expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(encode(ref));
    }
  });

  it('reports keys and aliases that do not exist as NotFoundException', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await expectError(kms.encrypt({ KeyId: missing, Plaintext: encode('x') }), 'NotFoundException', `Key '${arnOf(missing)}' does not exist`);
    await expectError(
      kms.encrypt({ KeyId: 'alias/nope', Plaintext: encode('x') }),
      'NotFoundException',
      `Alias ${aliasArn('alias/nope')} is not found.`,
    );
    await expectError(kms.encrypt({ KeyId: 'fake-key-id', Plaintext: encode('x') }), 'NotFoundException', "Invalid keyId 'fake-key-id'");
  });

  it('encrypts the same plaintext differently each time (fresh nonce)', async () => {
    const a = await kms.encrypt({ KeyId: keyId, Plaintext: encode('same') });
    const b = await kms.encrypt({ KeyId: keyId, Plaintext: encode('same') });
    expect(a.CiphertextBlob).not.toEqual(b.CiphertextBlob);
    expect([...a.CiphertextBlob.subarray(25, 37)]).not.toEqual([...b.CiphertextBlob.subarray(25, 37)]);
  });

  it('accepts an explicit SYMMETRIC_DEFAULT algorithm and refuses an RSA one', async () => {
    const ok = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(ok.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    await expectError(
      kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
      'InvalidKeyUsageException',
      'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.',
    );
  });

  it('rejects an algorithm outside the enum with a ValidationException', async () => {
    const error = await failure(kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), EncryptionAlgorithm: 'AES_GCM' }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      "1 validation error detected: Value 'AES_GCM' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]",
    );
  });

  it('works on plaintext views that do not start at offset 0 of their buffer', async () => {
    const backing = new Uint8Array(64).map((_, i) => i);
    const view = backing.subarray(10, 30);
    const out = await kms.encrypt({ KeyId: keyId, Plaintext: view });
    expect(out.CiphertextBlob.length).toBe(20 + OVERHEAD);
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(backing.slice(10, 30));
  });

  it('refuses a malformed grant token', async () => {
    await expectError(
      kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), GrantTokens: ['nope'] }),
      'InvalidGrantTokenException',
      'The grant token is not valid.',
    );
  });

  it('denies a caller whose IAM policy does not allow kms:Encrypt', async () => {
    kms.setCaller('admin');
    await expectError(
      kms.encrypt({ KeyId: keyId, Plaintext: encode('x') }),
      'AccessDeniedException',
      noIdentityPolicy(ADMIN_ARN, 'Encrypt', keyArn),
    );
    kms.setCaller('app');
    const out = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
    expect(out.KeyId).toBe(keyArn);
  });
});

// ---- Decrypt ----------------------------------------------------------------

describe('Decrypt', () => {
  it('returns KeyId (ARN), Plaintext, EncryptionAlgorithm and KeyMaterialId, in model order', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('secret') });
    const out = await kms.decrypt({ CiphertextBlob });
    expect(out.Plaintext).toEqual(encode('secret'));
    expect(out.KeyId).toBe(keyArn);
    expect(out.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
    expect(out.KeyMaterialId).toBe(KeyMetadata['CurrentKeyMaterialId']);
    expect(out.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(out)).toEqual(modelOrder('DecryptResponse', out));
    expect(Object.keys(out)).toEqual(['KeyId', 'Plaintext', 'EncryptionAlgorithm', 'KeyMaterialId']);
  });

  it('finds the key from the blob alone, and also accepts the right KeyId in every form', async () => {
    await kms.createAlias({ AliasName: 'alias/dec', TargetKeyId: keyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('p') });
    for (const ref of [keyId, keyArn, 'alias/dec', aliasArn('alias/dec')]) {
      const out = await kms.decrypt({ CiphertextBlob, KeyId: ref });
      expect(out.Plaintext).toEqual(encode('p'));
      expect(out.KeyId).toBe(keyArn);
    }
  });

  it('refuses a KeyId that names another key with IncorrectKeyException', async () => {
    const other = await newKey();
    await kms.createAlias({ AliasName: 'alias/other', TargetKeyId: other.id });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('p') });
    await expectError(kms.decrypt({ CiphertextBlob, KeyId: other.id }), 'IncorrectKeyException', MSG.incorrectKey);
    await expectError(kms.decrypt({ CiphertextBlob, KeyId: other.arn }), 'IncorrectKeyException', MSG.incorrectKey);
    await expectError(kms.decrypt({ CiphertextBlob, KeyId: 'alias/other' }), 'IncorrectKeyException', MSG.incorrectKey);
  });

  it('refuses a KeyId that does not exist with NotFoundException', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('p') });
    const missing = '00000000-0000-4000-8000-000000000000';
    await expectError(kms.decrypt({ CiphertextBlob, KeyId: missing }), 'NotFoundException', `Key '${arnOf(missing)}' does not exist`);
  });

  describe('encryption context', () => {
    const context = { purpose: 'test', department: 'finance', 'aws:s3:arn': 'arn:aws:s3:::bucket/key' };

    it('decrypts with the same context, in any pair order', async () => {
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('ctx'), EncryptionContext: context });
      const reversed = Object.fromEntries(Object.entries(context).reverse());
      expect(Object.keys(reversed)).not.toEqual(Object.keys(context));
      expect((await kms.decrypt({ CiphertextBlob, EncryptionContext: reversed })).Plaintext).toEqual(encode('ctx'));
      expect((await kms.decrypt({ CiphertextBlob, EncryptionContext: { ...context } })).Plaintext).toEqual(encode('ctx'));
    });

    const mismatches: [string, Record<string, string> | undefined][] = [
      ['no context at all', undefined],
      ['an empty context', {}],
      ['a missing pair', { purpose: 'test', department: 'finance' }],
      ['an extra pair', { ...context, extra: '1' }],
      ['a changed value', { ...context, purpose: 'Test' }],
      ['a key in another case', { Purpose: 'test', department: 'finance', 'aws:s3:arn': 'arn:aws:s3:::bucket/key' }],
      ['a value with trailing space', { ...context, department: 'finance ' }],
    ];
    for (const [label, wrong] of mismatches) {
      it(`refuses ${label} with InvalidCiphertextException and an empty message`, async () => {
        const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('ctx'), EncryptionContext: context });
        const request: DecryptRequest = wrong === undefined ? { CiphertextBlob } : { CiphertextBlob, EncryptionContext: wrong };
        await expectError(kms.decrypt(request), 'InvalidCiphertextException', '');
      });
    }

    it('treats a blob sealed without context as needing none (an empty map is the same)', async () => {
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('none') });
      expect((await kms.decrypt({ CiphertextBlob })).Plaintext).toEqual(encode('none'));
      expect((await kms.decrypt({ CiphertextBlob, EncryptionContext: {} })).Plaintext).toEqual(encode('none'));
      await expectError(kms.decrypt({ CiphertextBlob, EncryptionContext: { a: 'b' } }), 'InvalidCiphertextException', '');
    });

    it('does not confuse key/value boundaries ({"a":"bc"} vs {"ab":"c"})', async () => {
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('b'), EncryptionContext: { a: 'bc' } });
      await expectError(kms.decrypt({ CiphertextBlob, EncryptionContext: { ab: 'c' } }), 'InvalidCiphertextException', '');
      expect((await kms.decrypt({ CiphertextBlob, EncryptionContext: { a: 'bc' } })).Plaintext).toEqual(encode('b'));
    });

    it('handles non-ASCII keys and values exactly', async () => {
      const ctx = { 'clé': 'välue', '日本': '語', emoji: '🔐' };
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('u'), EncryptionContext: ctx });
      expect((await kms.decrypt({ CiphertextBlob, EncryptionContext: ctx })).Plaintext).toEqual(encode('u'));
      // "é" precomposed vs decomposed are different strings, so a different context.
      const decomposed = { ...ctx, 'clé': 'va\u0308lue' };
      await expectError(kms.decrypt({ CiphertextBlob, EncryptionContext: decomposed }), 'InvalidCiphertextException', '');
    });
  });

  describe('blobs that are not valid ciphertext', () => {
    it('rejects garbage with InvalidCiphertextException and an empty message', async () => {
      await expectError(kms.decrypt({ CiphertextBlob: encode('this is not a ciphertext blob at all, just some text!!') }), 'InvalidCiphertextException', '');
      await expectError(kms.decrypt({ CiphertextBlob: Uint8Array.of(1, 2, 3) }), 'InvalidCiphertextException', '');
      await expectError(kms.decrypt({ CiphertextBlob: filled(200, 0) }), 'InvalidCiphertextException', '');
    });

    it('rejects a truncated blob', async () => {
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('truncate me') });
      for (const length of [CiphertextBlob.length - 1, OVERHEAD, OVERHEAD - 1, HEADER_LENGTH, 5]) {
        await expectError(kms.decrypt({ CiphertextBlob: CiphertextBlob.slice(0, length) }), 'InvalidCiphertextException', '');
      }
    });

    it('rejects a blob with bytes appended', async () => {
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
      const longer = new Uint8Array(CiphertextBlob.length + 1);
      longer.set(CiphertextBlob);
      await expectError(kms.decrypt({ CiphertextBlob: longer }), 'InvalidCiphertextException', '');
    });

    it('rejects a blob whose header names a key that never existed', async () => {
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
      const forged = CiphertextBlob.slice();
      forged.set(uuidToBytes('12345678-1234-4234-8234-123456789abc'), 5);
      await expectError(kms.decrypt({ CiphertextBlob: forged }), 'InvalidCiphertextException', '');
    });

    it('rejects every single-bit flip inside the key-ID bytes (offset 5..20), as InvalidCiphertextException', async () => {
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('flip') });
      for (let offset = 5; offset < 21; offset++) {
        for (let bit = 0; bit < 8; bit++) {
          const flipped = CiphertextBlob.slice();
          flipped[offset]! ^= 1 << bit;
          const error = await failure(kms.decrypt({ CiphertextBlob: flipped }));
          expect({ offset, bit, name: error.name, message: error.message }).toEqual({ offset, bit, name: 'InvalidCiphertextException', message: '' });
        }
      }
    });

    it('rejects a blob whose material version names material the key never had', async () => {
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
      const forged = CiphertextBlob.slice();
      forged[24] = 1;
      await expectError(kms.decrypt({ CiphertextBlob: forged }), 'InvalidCiphertextException', '');
    });

    it('rejects a blob moved onto another existing key (header swapped)', async () => {
      const other = await newKey();
      const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
      const moved = CiphertextBlob.slice();
      moved.set(uuidToBytes(other.id), 5);
      await expectError(kms.decrypt({ CiphertextBlob: moved }), 'InvalidCiphertextException', '');
    });

    it('validates the blob length against the model (1..6144)', async () => {
      await expectError(
        kms.decrypt({ CiphertextBlob: new Uint8Array(0) }),
        'ValidationException',
        "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
      await expectError(
        kms.decrypt({ CiphertextBlob: filled(6145) }),
        'ValidationException',
        "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144",
      );
      // 6144 bytes passes validation and then fails as a ciphertext.
      await expectError(kms.decrypt({ CiphertextBlob: filled(6144) }), 'InvalidCiphertextException', '');
    });

    it('answers a missing CiphertextBlob with a ValidationException, not an internal error', async () => {
      // The current model marks CiphertextBlob optional, so the front end does not catch it; the operation must.
      const error = await failure(kms.decrypt({} as unknown as DecryptRequest));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    });
  });

  it('decrypts a blob held in a view with a non-zero byteOffset (e.g. a pooled Node Buffer)', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('offset') });
    const backing = new Uint8Array(CiphertextBlob.length + 7);
    backing.set(CiphertextBlob, 7);
    const view = backing.subarray(7);
    expect(view.byteOffset).toBe(7);
    expect((await kms.decrypt({ CiphertextBlob: view })).Plaintext).toEqual(encode('offset'));
    const pooled = Buffer.from(base64Encode(CiphertextBlob), 'base64');
    expect((await kms.decrypt({ CiphertextBlob: pooled })).Plaintext).toEqual(encode('offset'));
  });

  it('refuses an RSA algorithm on a symmetric ciphertext', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
    await expectError(
      kms.decrypt({ CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }),
      'InvalidKeyUsageException',
      'Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT.',
    );
    expect((await kms.decrypt({ CiphertextBlob, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' })).Plaintext).toEqual(encode('x'));
  });

  it('denies a caller whose IAM policy does not allow kms:Decrypt', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
    kms.setCaller('auditor');
    await expectError(
      kms.decrypt({ CiphertextBlob }),
      'AccessDeniedException',
      noIdentityPolicy(AUDITOR_ARN, 'Decrypt', keyArn),
    );
    kms.setCaller('app');
    expect((await kms.decrypt({ CiphertextBlob })).Plaintext).toEqual(encode('x'));
  });
});

// ---- key states -------------------------------------------------------------

describe('key state', () => {
  it('a disabled key refuses every cryptographic operation with "<key ARN> is disabled."', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('before') });
    const other = await newKey();
    await kms.disableKey({ KeyId: keyId });
    const disabled = `${keyArn} is disabled.`;
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: encode('x') }), 'DisabledException', disabled);
    await expectError(kms.decrypt({ CiphertextBlob }), 'DisabledException', disabled);
    await expectError(kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' }), 'DisabledException', disabled);
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: 'AES_256' }), 'DisabledException', disabled);
    await expectError(kms.reEncrypt({ CiphertextBlob, DestinationKeyId: other.id }), 'DisabledException', disabled);
    const { CiphertextBlob: otherBlob } = await kms.encrypt({ KeyId: other.id, Plaintext: encode('o') });
    await expectError(kms.reEncrypt({ CiphertextBlob: otherBlob, DestinationKeyId: keyId }), 'DisabledException', disabled);
    // Disabling does not destroy anything: re-enabled, the old blob decrypts.
    await kms.enableKey({ KeyId: keyId });
    expect((await kms.decrypt({ CiphertextBlob })).Plaintext).toEqual(encode('before'));
  });

  it('a key pending deletion refuses cryptographic operations with "<key ARN> is pending deletion."', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('before') });
    const other = await newKey();
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    const pending = `${keyArn} is pending deletion.`;
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: encode('x') }), 'KMSInvalidStateException', pending);
    await expectError(kms.decrypt({ CiphertextBlob }), 'KMSInvalidStateException', pending);
    await expectError(kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 16 }), 'KMSInvalidStateException', pending);
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, NumberOfBytes: 16 }), 'KMSInvalidStateException', pending);
    await expectError(kms.reEncrypt({ CiphertextBlob, DestinationKeyId: other.id }), 'KMSInvalidStateException', pending);
    const { CiphertextBlob: otherBlob } = await kms.encrypt({ KeyId: other.id, Plaintext: encode('o') });
    await expectError(kms.reEncrypt({ CiphertextBlob: otherBlob, DestinationKeyId: keyId }), 'KMSInvalidStateException', pending);
    // Cancelling brings the key back disabled; enabling it makes the blob usable again.
    await kms.cancelKeyDeletion({ KeyId: keyId });
    await expectError(kms.decrypt({ CiphertextBlob }), 'DisabledException', `${keyArn} is disabled.`);
    await kms.enableKey({ KeyId: keyId });
    expect((await kms.decrypt({ CiphertextBlob })).Plaintext).toEqual(encode('before'));
  });

  it('a key pending import refuses cryptographic operations with "<key ARN> is pending import."', async () => {
    const { KeyMetadata } = await kms.createKey({ Origin: 'EXTERNAL' });
    const pending = `${KeyMetadata.Arn} is pending import.`;
    await expectError(kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('x') }), 'KMSInvalidStateException', pending);
    await expectError(kms.generateDataKey({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_128' }), 'KMSInvalidStateException', pending);
  });

  it('after the key is really deleted, Decrypt says the ciphertext refers to a key that does not exist', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('doomed') });
    const { CiphertextBlob: dataKeyBlob } = await kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: 'AES_256' });
    const other = await newKey();
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    await kms.advanceTime(8 * 86400000);
    await expectError(kms.describeKey({ KeyId: keyId }), 'NotFoundException', `Key '${keyArn}' does not exist`);
    await expectError(kms.decrypt({ CiphertextBlob }), 'AccessDeniedException', MSG.deletedKey);
    await expectError(kms.decrypt({ CiphertextBlob: dataKeyBlob }), 'AccessDeniedException', MSG.deletedKey);
    await expectError(kms.reEncrypt({ CiphertextBlob, DestinationKeyId: other.id }), 'AccessDeniedException', MSG.deletedKey);
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: encode('x') }), 'NotFoundException', `Key '${keyArn}' does not exist`);
  });

  it('the key is still pending (not deleted) one day before its deletion date', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    await kms.advanceTime(6 * DAY_MS);
    await expectError(kms.decrypt({ CiphertextBlob }), 'KMSInvalidStateException', `${keyArn} is pending deletion.`);
  });
});

// ---- DryRun -------------------------------------------------------------------

describe('DryRun', () => {
  it('Encrypt, Decrypt, ReEncrypt and GenerateDataKey* answer DryRunOperationException with AWS’s message', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('dry') });
    const name = 'DryRunOperationException';
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), DryRun: true }), name, MSG.dryRun);
    await expectError(kms.decrypt({ CiphertextBlob, DryRun: true }), name, MSG.dryRun);
    await expectError(kms.reEncrypt({ CiphertextBlob, DestinationKeyId: keyId, DryRun: true }), name, MSG.dryRun);
    await expectError(kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', DryRun: true }), name, MSG.dryRun);
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: 'AES_256', DryRun: true }), name, MSG.dryRun);
    const error = await failure(kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), DryRun: true }));
    expect(error.status).toBe(412);
  });

  it('DryRun: false behaves as a normal call', async () => {
    const out = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), DryRun: false });
    expect(out.KeyId).toBe(keyArn);
  });

  it('still reports the real error when the call would not have succeeded', async () => {
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: filled(4097), DryRun: true }), 'ValidationException', MSG.plaintextTooLong);
    await expectError(kms.generateDataKey({ KeyId: keyId, DryRun: true }), 'ValidationException', MSG.specOrBytes);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), EncryptionContext: { a: '1' } });
    await expectError(kms.decrypt({ CiphertextBlob, DryRun: true }), 'InvalidCiphertextException', '');
    kms.setCaller('admin');
    const denied = await failure(kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), DryRun: true }));
    expect(denied.name).toBe('AccessDeniedException');
    kms.setCaller('root');
    await kms.disableKey({ KeyId: keyId });
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), DryRun: true }), 'DisabledException', `${keyArn} is disabled.`);
  });

  it('has no side effect: no key material, nonce or data key is drawn, and the key is unchanged', async () => {
    // Two identical simulators; one makes DryRun calls, the other the same number of calls that fail validation.
    // Both draw the same per-call randomness (request and event IDs), so the next real call must match exactly
    // unless a DryRun call generated a data key or a nonce.
    const a = await newKms(3);
    const b = await newKms(3);
    const ka = await newKey(a);
    const kb = await newKey(b);
    expect(ka.id).toBe(kb.id);
    await failure(a.generateDataKey({ KeyId: ka.id, KeySpec: 'AES_256', DryRun: true }));
    await failure(b.generateDataKey({ KeyId: kb.id, NumberOfBytes: 0 }));
    await failure(a.encrypt({ KeyId: ka.id, Plaintext: encode('x'), DryRun: true }));
    await failure(b.encrypt({ KeyId: kb.id, Plaintext: new Uint8Array(0) }));
    // Every call draws request/event IDs, so both sides make the same DescribeKey call.
    const before = await a.describeKey({ KeyId: ka.id });
    await b.describeKey({ KeyId: kb.id });
    const ra = await a.generateDataKey({ KeyId: ka.id, KeySpec: 'AES_256' });
    const rb = await b.generateDataKey({ KeyId: kb.id, KeySpec: 'AES_256' });
    expect(ra.Plaintext).toEqual(rb.Plaintext);
    expect(ra.CiphertextBlob).toEqual(rb.CiphertextBlob);
    expect(before.KeyMetadata['CurrentKeyMaterialId']).toBe(ra.KeyMaterialId);
    expect(before.KeyMetadata.KeyState).toBe('Enabled');
  });
});

// ---- ReEncrypt ----------------------------------------------------------------

describe('ReEncrypt', () => {
  it('moves a ciphertext to another key and context; members in model order; new blob decrypts', async () => {
    const dest = await newKey();
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('moving'), EncryptionContext: { from: 'a' } });
    const out = await kms.reEncrypt({
      CiphertextBlob,
      SourceEncryptionContext: { from: 'a' },
      DestinationKeyId: dest.id,
      DestinationEncryptionContext: { to: 'b' },
    });
    expect(out.SourceKeyId).toBe(keyArn);
    expect(out.KeyId).toBe(dest.arn);
    expect(out.SourceEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(out.DestinationEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const src = await kms.describeKey({ KeyId: keyId });
    const dst = await kms.describeKey({ KeyId: dest.id });
    expect(out.SourceKeyMaterialId).toBe(src.KeyMetadata['CurrentKeyMaterialId']);
    expect(out.DestinationKeyMaterialId).toBe(dst.KeyMetadata['CurrentKeyMaterialId']);
    expect(out.SourceKeyMaterialId).not.toBe(out.DestinationKeyMaterialId);
    expect(Object.keys(out)).toEqual(modelOrder('ReEncryptResponse', out));
    expect(Object.keys(out)).toEqual([
      'CiphertextBlob',
      'SourceKeyId',
      'KeyId',
      'SourceEncryptionAlgorithm',
      'DestinationEncryptionAlgorithm',
      'SourceKeyMaterialId',
      'DestinationKeyMaterialId',
    ]);
    expect([...out.CiphertextBlob.subarray(5, 21)]).toEqual([...uuidToBytes(dest.id)]);
    expect(base64Encode(out.CiphertextBlob).startsWith('AQICAH')).toBe(true);

    const back = await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { to: 'b' } });
    expect(back.Plaintext).toEqual(encode('moving'));
    expect(back.KeyId).toBe(dest.arn);
    await expectError(kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { from: 'a' } }), 'InvalidCiphertextException', '');
    await expectError(kms.decrypt({ CiphertextBlob: out.CiphertextBlob, KeyId: keyId, EncryptionContext: { to: 'b' } }), 'IncorrectKeyException', MSG.incorrectKey);
  });

  it('can change only the context, keeping the key', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('same key'), EncryptionContext: { v: '1' } });
    const out = await kms.reEncrypt({ CiphertextBlob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: keyId, DestinationEncryptionContext: { v: '2' } });
    expect(out.SourceKeyId).toBe(keyArn);
    expect(out.KeyId).toBe(keyArn);
    expect(out.CiphertextBlob).not.toEqual(CiphertextBlob);
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { v: '2' } })).Plaintext).toEqual(encode('same key'));
    // The original still decrypts: ReEncrypt does not invalidate the source.
    expect((await kms.decrypt({ CiphertextBlob, EncryptionContext: { v: '1' } })).Plaintext).toEqual(encode('same key'));
  });

  it('accepts aliases for SourceKeyId and DestinationKeyId; KeyId answers are ARNs', async () => {
    const dest = await newKey();
    await kms.createAlias({ AliasName: 'alias/src', TargetKeyId: keyId });
    await kms.createAlias({ AliasName: 'alias/dst', TargetKeyId: dest.id });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: 'alias/src', Plaintext: encode('alias') });
    const out = await kms.reEncrypt({ CiphertextBlob, SourceKeyId: 'alias/src', DestinationKeyId: 'alias/dst' });
    expect(out.SourceKeyId).toBe(keyArn);
    expect(out.KeyId).toBe(dest.arn);
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, KeyId: 'alias/dst' })).Plaintext).toEqual(encode('alias'));
  });

  it('refuses a SourceKeyId that is not the ciphertext’s key with IncorrectKeyException', async () => {
    const other = await newKey();
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
    await expectError(kms.reEncrypt({ CiphertextBlob, SourceKeyId: other.id, DestinationKeyId: other.id }), 'IncorrectKeyException', MSG.incorrectKey);
  });

  it('refuses a wrong source context and a garbage blob with InvalidCiphertextException', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x'), EncryptionContext: { k: 'v' } });
    await expectError(kms.reEncrypt({ CiphertextBlob, DestinationKeyId: keyId }), 'InvalidCiphertextException', '');
    await expectError(kms.reEncrypt({ CiphertextBlob, SourceEncryptionContext: { k: 'V' }, DestinationKeyId: keyId }), 'InvalidCiphertextException', '');
    await expectError(kms.reEncrypt({ CiphertextBlob: filled(100, 7), DestinationKeyId: keyId }), 'InvalidCiphertextException', '');
  });

  it('reports a destination key that does not exist as NotFoundException', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
    await expectError(
      kms.reEncrypt({ CiphertextBlob, DestinationKeyId: 'alias/missing' }),
      'NotFoundException',
      `Alias ${aliasArn('alias/missing')} is not found.`,
    );
  });

  it('needs kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
    kms.setCaller('auditor');
    await expectError(
      kms.reEncrypt({ CiphertextBlob, DestinationKeyId: keyId }),
      'AccessDeniedException',
      noIdentityPolicy(AUDITOR_ARN, 'ReEncryptFrom', keyArn),
    );
    kms.setCaller('app');
    const out = await kms.reEncrypt({ CiphertextBlob, DestinationKeyId: keyId });
    expect(out.KeyId).toBe(keyArn);
  });

  it('answers a missing CiphertextBlob with a ValidationException, not an internal error', async () => {
    const error = await failure(kms.reEncrypt({ DestinationKeyId: keyId } as unknown as ReEncryptRequest));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  });

  it('requires DestinationKeyId', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('x') });
    await expectError(
      kms.reEncrypt({ CiphertextBlob } as unknown as ReEncryptRequest),
      'ValidationException',
      "1 validation error detected: Value null at 'destinationKeyId' failed to satisfy constraint: Member must not be null",
    );
  });
});

// ---- GenerateDataKey / GenerateDataKeyWithoutPlaintext ------------------------

describe('GenerateDataKey', () => {
  it('AES_256 gives 32 bytes, AES_128 gives 16; the encrypted copy decrypts to the same key', async () => {
    for (const [spec, length] of [['AES_256', 32], ['AES_128', 16]] as const) {
      const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: spec });
      expect(out.Plaintext.length).toBe(length);
      expect(out.CiphertextBlob.length).toBe(length + OVERHEAD);
      expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(out.Plaintext);
    }
  });

  it('NumberOfBytes 1 and 1024 give that many bytes', async () => {
    for (const n of [1, 17, 1024]) {
      const out = await kms.generateDataKey({ KeyId: keyId, NumberOfBytes: n });
      expect(out.Plaintext.length).toBe(n);
      expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(out.Plaintext);
    }
  });

  it('returns CiphertextBlob, Plaintext, KeyId (ARN), KeyMaterialId in model order', async () => {
    const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
    expect(out.KeyId).toBe(keyArn);
    const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
    expect(out.KeyMaterialId).toBe(KeyMetadata['CurrentKeyMaterialId']);
    expect(Object.keys(out)).toEqual(modelOrder('GenerateDataKeyResponse', out));
    expect(Object.keys(out)).toEqual(['CiphertextBlob', 'Plaintext', 'KeyId', 'KeyMaterialId']);
    expect(base64Encode(out.CiphertextBlob).startsWith('AQICAH')).toBe(true);
  });

  it('gives a different data key each call', async () => {
    const a = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
    const b = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
    expect(a.Plaintext).not.toEqual(b.Plaintext);
  });

  it('binds the encryption context to the encrypted data key', async () => {
    const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_128', EncryptionContext: { bucket: 'b1' } });
    await expectError(kms.decrypt({ CiphertextBlob: out.CiphertextBlob }), 'InvalidCiphertextException', '');
    await expectError(kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { bucket: 'b2' } }), 'InvalidCiphertextException', '');
    const back = await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { bucket: 'b1' } });
    expect(back.Plaintext).toEqual(out.Plaintext);
  });

  it('works through an alias', async () => {
    await kms.createAlias({ AliasName: 'alias/dk', TargetKeyId: keyId });
    const out = await kms.generateDataKey({ KeyId: 'alias/dk', NumberOfBytes: 32 });
    expect(out.KeyId).toBe(keyArn);
  });

  it('refuses both KeySpec and NumberOfBytes, and neither, with AWS’s message', async () => {
    await expectError(kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException', MSG.specOrBytes);
    await expectError(kms.generateDataKey({ KeyId: keyId }), 'ValidationException', MSG.specOrBytes);
  });

  it('refuses NumberOfBytes 0 and 1025 with the model’s range messages', async () => {
    await expectError(kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 0 }), 'ValidationException', MSG.bytesZero);
    await expectError(kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 1025 }), 'ValidationException', MSG.bytesTooMany);
  });

  it('refuses a KeySpec outside the enum', async () => {
    await expectError(
      kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_512' }),
      'ValidationException',
      "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]",
    );
  });

  it('denies a caller whose IAM policy does not allow kms:GenerateDataKey', async () => {
    kms.setCaller('admin');
    await expectError(
      kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' }),
      'AccessDeniedException',
      noIdentityPolicy(ADMIN_ARN, 'GenerateDataKey', keyArn),
    );
  });
});

describe('GenerateDataKeyWithoutPlaintext', () => {
  it('returns CiphertextBlob, KeyId (ARN), KeyMaterialId and no Plaintext, in model order', async () => {
    const out = await kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: 'AES_256' });
    expect('Plaintext' in out).toBe(false);
    expect(out.KeyId).toBe(keyArn);
    expect(Object.keys(out)).toEqual(modelOrder('GenerateDataKeyWithoutPlaintextResponse', out));
    expect(Object.keys(out)).toEqual(['CiphertextBlob', 'KeyId', 'KeyMaterialId']);
    const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
    expect(out.KeyMaterialId).toBe(KeyMetadata['CurrentKeyMaterialId']);
  });

  it('AES_128 / AES_256 / NumberOfBytes set the length of the key inside the blob', async () => {
    for (const [request, length] of [
      [{ KeySpec: 'AES_128' }, 16],
      [{ KeySpec: 'AES_256' }, 32],
      [{ NumberOfBytes: 64 }, 64],
    ] as const) {
      const out = await kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, ...request, EncryptionContext: { n: String(length) } });
      expect(out.CiphertextBlob.length).toBe(length + OVERHEAD);
      const back = await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { n: String(length) } });
      expect(back.Plaintext.length).toBe(length);
    }
  });

  it('has the same request checks as GenerateDataKey', async () => {
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: 'AES_128', NumberOfBytes: 16 }), 'ValidationException', MSG.specOrBytes);
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: keyId }), 'ValidationException', MSG.specOrBytes);
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, NumberOfBytes: 0 }), 'ValidationException', MSG.bytesZero);
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, NumberOfBytes: 1025 }), 'ValidationException', MSG.bytesTooMany);
  });

  it('checks kms:GenerateDataKeyWithoutPlaintext, not kms:GenerateDataKey', async () => {
    kms.setCaller('admin');
    await expectError(
      kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: 'AES_256' }),
      'AccessDeniedException',
      noIdentityPolicy(ADMIN_ARN, 'GenerateDataKeyWithoutPlaintext', keyArn),
    );
  });
});

// ---- GenerateRandom -----------------------------------------------------------

describe('GenerateRandom', () => {
  it('returns exactly NumberOfBytes bytes (1 and 1024), only Plaintext', async () => {
    for (const n of [1, 32, 1024]) {
      const out = await kms.generateRandom({ NumberOfBytes: n });
      expect(out.Plaintext).toBeInstanceOf(Uint8Array);
      expect(out.Plaintext.length).toBe(n);
      expect(Object.keys(out)).toEqual(modelOrder('GenerateRandomResponse', out));
      expect(Object.keys(out)).toEqual(['Plaintext']);
    }
  });

  it('gives different bytes each call', async () => {
    const a = await kms.generateRandom({ NumberOfBytes: 32 });
    const b = await kms.generateRandom({ NumberOfBytes: 32 });
    expect(a.Plaintext).not.toEqual(b.Plaintext);
  });

  it('refuses NumberOfBytes 0 and 1025 with the model’s range messages', async () => {
    await expectError(kms.generateRandom({ NumberOfBytes: 0 }), 'ValidationException', MSG.bytesZero);
    await expectError(kms.generateRandom({ NumberOfBytes: 1025 }), 'ValidationException', MSG.bytesTooMany);
  });

  it('requires NumberOfBytes in practice: "NumberOfBytes is required."', async () => {
    await expectError(kms.generateRandom({}), 'ValidationException', 'NumberOfBytes is required.');
    await expectError(kms.generateRandom(), 'ValidationException', 'NumberOfBytes is required.');
  });

  it('refuses a CustomKeyStoreId naming no custom key store (custom-key-stores.test.ts has the rest)', async () => {
    const error = await failure(kms.generateRandom({ NumberOfBytes: 8, CustomKeyStoreId: 'cks-1234567890abcdef0' }));
    expect(error.name).toBe('CustomKeyStoreNotFoundException');
  });

  it('is authorized by IAM alone: kms:GenerateRandom on resource *', async () => {
    kms.setCaller('admin');
    await expectError(
      kms.generateRandom({ NumberOfBytes: 8 }),
      'AccessDeniedException',
      noIdentityPolicy(ADMIN_ARN, 'GenerateRandom', '*'),
    );
    kms.setCaller('app');
    expect((await kms.generateRandom({ NumberOfBytes: 8 })).Plaintext.length).toBe(8);
  });
});

// ---- rotation -------------------------------------------------------------------

describe('rotation', () => {
  it('on-demand rotation keeps old ciphertexts decryptable; new ones use the new material', async () => {
    const old = await kms.encrypt({ KeyId: keyId, Plaintext: encode('old'), EncryptionContext: { gen: '0' } });
    const oldDataKey = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
    const oldMaterial = (await kms.decrypt({ CiphertextBlob: old.CiphertextBlob, EncryptionContext: { gen: '0' } })).KeyMaterialId;
    expect(oldDataKey.KeyMaterialId).toBe(oldMaterial);

    await kms.rotateKeyOnDemand({ KeyId: keyId });
    const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
    const newMaterial = KeyMetadata['CurrentKeyMaterialId'];
    expect(newMaterial).not.toBe(oldMaterial);

    // Old blobs: still decrypt, and name the material that sealed them.
    const back = await kms.decrypt({ CiphertextBlob: old.CiphertextBlob, EncryptionContext: { gen: '0' } });
    expect(back.Plaintext).toEqual(encode('old'));
    expect(back.KeyMaterialId).toBe(oldMaterial);
    expect((await kms.decrypt({ CiphertextBlob: oldDataKey.CiphertextBlob })).Plaintext).toEqual(oldDataKey.Plaintext);

    // New blobs: the new material, version 1 in the header, same key ID and ARN.
    const fresh = await kms.encrypt({ KeyId: keyId, Plaintext: encode('new') });
    expect(fresh.KeyId).toBe(keyArn);
    expect([...fresh.CiphertextBlob.subarray(21, 25)]).toEqual([0, 0, 0, 1]);
    expect([...fresh.CiphertextBlob.subarray(5, 21)]).toEqual([...uuidToBytes(keyId)]);
    const freshBack = await kms.decrypt({ CiphertextBlob: fresh.CiphertextBlob });
    expect(freshBack.KeyMaterialId).toBe(newMaterial);
    expect(freshBack.KeyMaterialId).not.toBe(oldMaterial);
    const dk = await kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: 'AES_256' });
    expect(dk.KeyMaterialId).toBe(newMaterial);
  });

  it('ReEncrypt of an old ciphertext to the same key moves it onto the current material', async () => {
    const old = await kms.encrypt({ KeyId: keyId, Plaintext: encode('upgrade') });
    const oldMaterial = (await kms.decrypt({ CiphertextBlob: old.CiphertextBlob })).KeyMaterialId;
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    const out = await kms.reEncrypt({ CiphertextBlob: old.CiphertextBlob, DestinationKeyId: keyId });
    expect(out.SourceKeyMaterialId).toBe(oldMaterial);
    const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
    expect(out.DestinationKeyMaterialId).toBe(KeyMetadata['CurrentKeyMaterialId']);
    expect(out.DestinationKeyMaterialId).not.toBe(oldMaterial);
    expect([...out.CiphertextBlob.subarray(21, 25)]).toEqual([0, 0, 0, 2]);
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(encode('upgrade'));
  });

  it('a header claiming an older material version than the one that sealed the blob is refused', async () => {
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: encode('v1') });
    const forged = CiphertextBlob.slice();
    forged[24] = 0;
    await expectError(kms.decrypt({ CiphertextBlob: forged }), 'InvalidCiphertextException', '');
  });

  it('automatic rotation (a year later) also keeps old ciphertexts decryptable', async () => {
    const old = await kms.encrypt({ KeyId: keyId, Plaintext: encode('yearly') });
    const oldMaterial = (await kms.decrypt({ CiphertextBlob: old.CiphertextBlob })).KeyMaterialId;
    await kms.enableKeyRotation({ KeyId: keyId });
    await kms.advanceTime(366 * DAY_MS);
    const back = await kms.decrypt({ CiphertextBlob: old.CiphertextBlob });
    expect(back.Plaintext).toEqual(encode('yearly'));
    expect(back.KeyMaterialId).toBe(oldMaterial);
    const dk = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
    expect(dk.KeyMaterialId).not.toBe(oldMaterial);
  });
});

// ---- determinism ----------------------------------------------------------------

describe('seeded determinism', () => {
  async function session(seed: number) {
    const k = await newKms(seed);
    const key = await newKey(k);
    const enc = await k.encrypt({ KeyId: key.id, Plaintext: encode('deterministic'), EncryptionContext: { a: 'b' } });
    const dk = await k.generateDataKey({ KeyId: key.id, KeySpec: 'AES_256' });
    const dkw = await k.generateDataKeyWithoutPlaintext({ KeyId: key.id, NumberOfBytes: 20 });
    const rnd = await k.generateRandom({ NumberOfBytes: 16 });
    const re = await k.reEncrypt({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { a: 'b' }, DestinationKeyId: key.id });
    return { key, enc, dk, dkw, rnd, re };
  }

  it('two simulators with seed 7 give identical key IDs and identical bytes for the same calls', async () => {
    const a = await session(7);
    const b = await session(7);
    expect(a.key.id).toBe(b.key.id);
    expect(a.enc.CiphertextBlob).toEqual(b.enc.CiphertextBlob);
    expect(a.dk.Plaintext).toEqual(b.dk.Plaintext);
    expect(a.dk.CiphertextBlob).toEqual(b.dk.CiphertextBlob);
    expect(a.dk.KeyMaterialId).toBe(b.dk.KeyMaterialId);
    expect(a.dkw.CiphertextBlob).toEqual(b.dkw.CiphertextBlob);
    expect(a.rnd.Plaintext).toEqual(b.rnd.Plaintext);
    expect(a.re.CiphertextBlob).toEqual(b.re.CiphertextBlob);
  });

  it('the key material itself is derived from the seed: one simulator decrypts the other’s blob', async () => {
    const a = await session(7);
    const b = await newKms(7);
    await newKey(b);
    const back = await b.decrypt({ CiphertextBlob: a.enc.CiphertextBlob, EncryptionContext: { a: 'b' } });
    expect(back.Plaintext).toEqual(encode('deterministic'));
  });

  it('a different seed gives different key IDs and ciphertexts', async () => {
    const a = await session(7);
    const b = await session(8);
    expect(a.key.id).not.toBe(b.key.id);
    expect(a.enc.CiphertextBlob).not.toEqual(b.enc.CiphertextBlob);
    expect(a.rnd.Plaintext).not.toEqual(b.rnd.Plaintext);
  });
});
