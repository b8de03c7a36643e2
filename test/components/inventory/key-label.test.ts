import { beforeAll, describe, expect, it } from 'vitest';
import { aliasIndex, keyIdFromArn, keyLabel, labelForReference, shortKeyId } from '../../../src/components/inventory/key-label.ts';
import { buildScenario, type Scenario } from './scenario.ts';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/e08cadc1-5e41-4d34-8a07-c8dbfecbc3e7';

describe('key identifiers', () => {
  it('takes the key ID or alias name out of a KMS ARN', () => {
    expect(keyIdFromArn(ARN)).toBe('e08cadc1-5e41-4d34-8a07-c8dbfecbc3e7');
    expect(keyIdFromArn('arn:aws:kms:us-east-1:111122223333:alias/demo')).toBe('alias/demo');
    expect(keyIdFromArn('e08cadc1-5e41-4d34-8a07-c8dbfecbc3e7')).toBe('e08cadc1-5e41-4d34-8a07-c8dbfecbc3e7');
    expect(keyIdFromArn('arn:aws:iam::111122223333:root')).toBe('arn:aws:iam::111122223333:root');
  });

  it('prefers an alias, else a short key ID', () => {
    const aliases = new Map([['e08cadc1-5e41-4d34-8a07-c8dbfecbc3e7', ['alias/a', 'alias/b']]]);
    expect(labelForReference(ARN, aliases)).toEqual({ text: 'alias/a', full: ARN });
    expect(labelForReference(ARN, new Map())).toEqual({ text: shortKeyId('e08cadc1-5e41-4d34-8a07-c8dbfecbc3e7'), full: ARN });
    expect(labelForReference('alias/nope', aliases)).toEqual({ text: 'alias/nope', full: 'alias/nope' });
  });
});

describe('keyLabel on real audit events', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario();
  });

  it('names a resolved key by its current alias', () => {
    const aliases = aliasIndex(s.sandbox.kms.inventory());
    expect(aliases.get(s.demo)).toEqual(['alias/demo']);
    const denied = s.sandbox.kms.auditLog().find((e) => e.errorCode === 'AccessDeniedException')!;
    expect(keyLabel(denied, aliases)).toEqual({ text: 'alias/demo', full: `arn:aws:kms:us-east-1:111122223333:key/${s.demo}` });
  });

  it('falls back to a short ID for a key without alias (or deleted)', () => {
    const aliases = aliasIndex(s.sandbox.kms.inventory());
    const disable = s.sandbox.kms.auditLog().find((e) => e.eventName === 'DisableKey')!;
    expect(keyLabel(disable, aliases)?.text).toBe(shortKeyId(s.disabled));
    const deleted = s.sandbox.kms.auditLog().find((e) => e.eventName === 'DeleteKey')!;
    expect(keyLabel(deleted, aliases)?.text).toMatch(/^[0-9a-f]{6}…[0-9a-f]{6}$/);
  });

  it('shows what the caller typed when the key never resolved, and nothing for calls about no key', () => {
    const aliases = aliasIndex(s.sandbox.kms.inventory());
    const notFound = s.sandbox.kms.auditLog().find((e) => e.errorCode === 'NotFoundException')!;
    expect(notFound.resources).toBeUndefined();
    expect(keyLabel(notFound, aliases)?.text).toBe('alias/nope');
    const list = s.sandbox.kms.auditLog().find((e) => e.eventName === 'ListAliases')!;
    expect(keyLabel(list, aliases)).toBeUndefined();
  });
});
