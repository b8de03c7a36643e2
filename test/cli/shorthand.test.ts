/**
 * Shorthand typed by the model (backCompatVisit). The rules come from black-box
 * runs of awscli 2.9.19 on services whose shorthand holds numbers, booleans and
 * lists (dynamodb update-table, ecs register-task-definition), checked here on
 * KMS request shapes that have such members.
 */
import { describe, expect, it } from 'vitest';
import { PyValueError } from '../../src/cli/python/errors.ts';
import { backCompatVisit, parseShorthand } from '../../src/cli/shorthand.ts';

function visited(text: string, shape: string): unknown {
  const parsed = parseShorthand(text);
  backCompatVisit(parsed, shape);
  return parsed;
}

describe('shorthand typed by the model', () => {
  it("reads integers as Python's int() does", () => {
    expect(visited('NumberOfBytes=32', 'GenerateRandomRequest')).toEqual({ NumberOfBytes: 32 });
    expect(visited('NumberOfBytes="+1_0"', 'GenerateRandomRequest')).toEqual({ NumberOfBytes: 10 });
    expect(() => visited('NumberOfBytes=1.5', 'GenerateRandomRequest')).toThrow(new PyValueError("invalid literal for int() with base 10: '1.5'"));
    expect(() => visited('NumberOfBytes=', 'GenerateRandomRequest')).toThrow(new PyValueError("invalid literal for int() with base 10: ''"));
  });

  it('takes true and false in any case, and leaves other words for validation to refuse', () => {
    expect(visited('DryRun=TRUE', 'CreateGrantRequest')).toEqual({ DryRun: true });
    expect(visited("DryRun='False'", 'CreateGrantRequest')).toEqual({ DryRun: false });
    expect(visited('DryRun=yes', 'CreateGrantRequest')).toEqual({ DryRun: 'yes' });
    expect(visited('DryRun=1', 'CreateGrantRequest')).toEqual({ DryRun: '1' });
  });

  it('wraps a single value where a list belongs, as written', () => {
    expect(visited('Operations=Encrypt', 'CreateGrantRequest')).toEqual({ Operations: ['Encrypt'] });
    expect(visited('Operations=[Encrypt,Decrypt]', 'CreateGrantRequest')).toEqual({ Operations: ['Encrypt', 'Decrypt'] });
    expect(visited('Tags={TagKey=a,TagValue=b},MultiRegion=false', 'CreateKeyRequest')).toEqual({ Tags: [{ TagKey: 'a', TagValue: 'b' }], MultiRegion: false });
  });

  it('leaves strings, maps of strings and unknown members alone', () => {
    expect(visited('EncryptionContextSubset={k=v},Bogus=1', 'GrantConstraints')).toEqual({ EncryptionContextSubset: { k: 'v' }, Bogus: '1' });
    const tags = [parseShorthand('TagKey=a,TagValue=b')];
    backCompatVisit(tags, 'TagList');
    expect(tags).toEqual([{ TagKey: 'a', TagValue: 'b' }]);
  });
});
