import { describe, expect, it } from 'vitest';
import { KmsError } from '../../src/kms/errors.ts';
import { validateRequest } from '../../src/kms/validate.ts';

function message(operation: string, input: Record<string, unknown>): string | undefined {
  try {
    validateRequest(operation, input);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(KmsError);
    expect((e as KmsError).name).toBe('ValidationException');
    return (e as KmsError).message;
  }
}

describe('request validation against the API model', () => {
  it('accepts a valid request', () => {
    expect(message('Encrypt', { KeyId: 'alias/x', Plaintext: new Uint8Array(4096) })).toBeUndefined();
  });

  it('words a blob length error as AWS does, never echoing the value', () => {
    expect(message('Encrypt', { KeyId: 'k', Plaintext: new Uint8Array(4097) })).toBe(
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    expect(message('Encrypt', { KeyId: 'k', Plaintext: new Uint8Array(0) })).toBe(
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('words integer ranges with the value', () => {
    expect(message('GenerateRandom', { NumberOfBytes: 1025 })).toBe(
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });

  it('lists the enum values', () => {
    expect(message('CreateKey', { KeyUsage: 'RANDOM' })).toMatch(
      /^1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: \[ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT\]$/,
    );
  });

  it('checks patterns against the whole value', () => {
    expect(message('CreateAlias', { AliasName: 'alias/has space', TargetKeyId: 'k' })).toBe(
      "1 validation error detected: Value 'alias/has space' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    );
  });

  it('counts several errors and reports required members', () => {
    expect(message('Encrypt', { Plaintext: new Uint8Array(5000) })).toBe(
      "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  });

  it('names list members by position', () => {
    expect(message('TagResource', { KeyId: 'k', Tags: [{ TagKey: 'ok', TagValue: '' }, { TagKey: '', TagValue: 'v' }] })).toBe(
      "1 validation error detected: Value '' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});

describe('members of the wrong type', () => {
  it.each([
    ['a fractional integer', 'GenerateRandom', { NumberOfBytes: 1.5 }],
    ['a string for a blob', 'Encrypt', { KeyId: 'k', Plaintext: 'abc' }],
    ['a number for a string', 'DescribeKey', { KeyId: 42 }],
    ['a string for a boolean', 'Encrypt', { KeyId: 'k', Plaintext: new Uint8Array(1), DryRun: 'yes' }],
    ['an object for a list', 'TagResource', { KeyId: 'k', Tags: { TagKey: 'a', TagValue: 'b' } }],
    ['a string for a map', 'Encrypt', { KeyId: 'k', Plaintext: new Uint8Array(1), EncryptionContext: 'a=b' }],
  ])('refuses %s with SerializationException', (_what, operation, input) => {
    expect(() => validateRequest(operation, input)).toThrow(expect.objectContaining({ name: 'SerializationException' }));
  });
});
