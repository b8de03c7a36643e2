import { describe, expect, it } from 'vitest';
import type { Kms } from '../../src/kms/kms.ts';
import type { Tag } from '../../src/kms/types.ts';
import { ACCOUNT, AUDITOR_ARN, failure, kmsWithKey, newKms } from '../support/kms-test-helpers.ts';

const byKey = (tags: Tag[]) => [...tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
const many = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ TagKey: `${prefix}${i}`, TagValue: `v${i}` }));

const setup = () => kmsWithKey(3);

async function tagsOf(kms: Kms, KeyId: string): Promise<Tag[]> {
  return byKey((await kms.listResourceTags({ KeyId })).Tags);
}

describe('TagResource, UntagResource, ListResourceTags', () => {
  it('a new key has no tags', async () => {
    const { kms, KeyId } = await setup();
    expect(await kms.listResourceTags({ KeyId })).toEqual({ Tags: [], Truncated: false });
  });

  it('adds tags, by key ID or key ARN', async () => {
    const { kms, KeyId, keyArn } = await setup();
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'Project', TagValue: 'Alpha' }] });
    await kms.tagResource({ KeyId: keyArn, Tags: [{ TagKey: 'CostCenter', TagValue: '' }] });
    expect(await tagsOf(kms, KeyId)).toEqual([
      { TagKey: 'CostCenter', TagValue: '' },
      { TagKey: 'Project', TagValue: 'Alpha' },
    ]);
  });

  it('tagging an existing key replaces its value; keys are case-sensitive', async () => {
    const { kms, KeyId } = await setup();
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'Stage', TagValue: 'test' }] });
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'Stage', TagValue: 'prod' }] });
    expect(await tagsOf(kms, KeyId)).toEqual([{ TagKey: 'Stage', TagValue: 'prod' }]);
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'stage', TagValue: 'other' }] });
    expect(await tagsOf(kms, KeyId)).toEqual([
      { TagKey: 'Stage', TagValue: 'prod' },
      { TagKey: 'stage', TagValue: 'other' },
    ]);
  });

  it('UntagResource removes the named keys and ignores keys that are not there', async () => {
    const { kms, KeyId } = await setup();
    await kms.tagResource({ KeyId, Tags: many(3) });
    await kms.untagResource({ KeyId, TagKeys: ['k0', 'k2', 'missing'] });
    expect(await tagsOf(kms, KeyId)).toEqual([{ TagKey: 'k1', TagValue: 'v1' }]);
    await kms.untagResource({ KeyId, TagKeys: ['K1'] });
    expect(await tagsOf(kms, KeyId)).toEqual([{ TagKey: 'k1', TagValue: 'v1' }]);
  });

  it('tags belong to one key', async () => {
    const { kms, KeyId } = await setup();
    const other = await kms.createKey();
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: '1' }] });
    expect(await tagsOf(kms, other.KeyMetadata.KeyId)).toEqual([]);
  });

  it('ListResourceTags returns copies', async () => {
    const { kms, KeyId } = await setup();
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: '1' }] });
    const listed = (await kms.listResourceTags({ KeyId })).Tags;
    listed[0]!.TagValue = 'changed';
    listed.push({ TagKey: 'b', TagValue: '2' });
    expect(await tagsOf(kms, KeyId)).toEqual([{ TagKey: 'a', TagValue: '1' }]);
  });

  it('refuses the reserved aws: prefix, and adds none of the request', async () => {
    const { kms, KeyId } = await setup();
    const error = await failure(kms.tagResource({ KeyId, Tags: [{ TagKey: 'ok', TagValue: '1' }, { TagKey: 'aws:createdBy', TagValue: 'me' }] }));
    expect([error.name, error.message]).toEqual(['TagException', 'Tags beginning with aws: are reserved']);
    expect(await tagsOf(kms, KeyId)).toEqual([]);
    // A key that merely contains "aws:" is fine.
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'team:aws:x', TagValue: '1' }] });
    expect(await tagsOf(kms, KeyId)).toHaveLength(1);
  });

  it('refuses duplicate keys in one request', async () => {
    const { kms, KeyId } = await setup();
    const error = await failure(
      kms.tagResource({
        KeyId,
        Tags: [
          { TagKey: 'Owner', TagValue: 'a' },
          { TagKey: 'Owner', TagValue: 'b' },
        ],
      }),
    );
    expect([error.name, error.message]).toEqual(['TagException', 'Duplicate tag keys']);
    expect(await tagsOf(kms, KeyId)).toEqual([]);
  });

  it('allows 50 tags per key, refuses more, and replacing values at the limit is fine', async () => {
    const { kms, KeyId } = await setup();
    await kms.tagResource({ KeyId, Tags: many(49) });
    const over = await failure(kms.tagResource({ KeyId, Tags: many(2, 'new') }));
    expect([over.name, over.message]).toEqual(['TagException', 'Too many tags']);
    expect(await tagsOf(kms, KeyId)).toHaveLength(49);
    await kms.tagResource({ KeyId, Tags: many(1, 'new') });
    expect(await tagsOf(kms, KeyId)).toHaveLength(50);
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'k0', TagValue: 'replaced' }] });
    const tags = await tagsOf(kms, KeyId);
    expect(tags).toHaveLength(50);
    expect(tags.find((t) => t.TagKey === 'k0')?.TagValue).toBe('replaced');
    expect((await failure(kms.tagResource({ KeyId, Tags: [{ TagKey: 'one-more', TagValue: 'x' }] }))).message).toBe('Too many tags');
  });

  it('refuses more than 50 tags in one request', async () => {
    const { kms, KeyId } = await setup();
    const error = await failure(kms.tagResource({ KeyId, Tags: many(51) }));
    expect([error.name, error.message]).toEqual(['TagException', 'Too many tags']);
  });

  it('checks tag key and value lengths like the API (1-128, 0-256)', async () => {
    const { kms, KeyId } = await setup();
    const empty = await failure(kms.tagResource({ KeyId, Tags: [{ TagKey: '', TagValue: 'x' }] }));
    expect(empty.name).toBe('ValidationException');
    expect(empty.message).toBe(
      "1 validation error detected: Value '' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const longValue = await failure(kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: 'v' }, { TagKey: 'b', TagValue: 'x'.repeat(257) }] }));
    expect(longValue.name).toBe('ValidationException');
    expect(longValue.message).toContain("at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256");
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'k'.repeat(128), TagValue: 'v'.repeat(256) }] });
    expect((await failure(kms.tagResource({ KeyId, Tags: [{ TagKey: 'k'.repeat(129), TagValue: '' }] }))).name).toBe('ValidationException');
    expect(await tagsOf(kms, KeyId)).toHaveLength(1);
  });

  it('pages ListResourceTags with Limit and Marker', async () => {
    const { kms, KeyId } = await setup();
    await kms.tagResource({ KeyId, Tags: many(50) });
    const first = await kms.listResourceTags({ KeyId, Limit: 20 });
    expect(first.Tags).toHaveLength(20);
    expect(first.Truncated).toBe(true);
    const second = await kms.listResourceTags({ KeyId, Limit: 20, Marker: first.NextMarker! });
    const third = await kms.listResourceTags({ KeyId, Limit: 20, Marker: second.NextMarker! });
    expect(third.Tags).toHaveLength(10);
    expect(third.Truncated).toBe(false);
    expect(third.NextMarker).toBeUndefined();
    const keys = [...first.Tags, ...second.Tags, ...third.Tags].map((t) => t.TagKey);
    expect(new Set(keys).size).toBe(50);
    // Without a Limit all 50 fit in one page.
    expect((await kms.listResourceTags({ KeyId })).Tags).toHaveLength(50);
  });

  it('takes a key ID or ARN, not an alias', async () => {
    const { kms, KeyId } = await setup();
    await kms.createAlias({ AliasName: 'alias/tagged', TargetKeyId: KeyId });
    expect((await failure(kms.tagResource({ KeyId: 'alias/tagged', Tags: [{ TagKey: 'a', TagValue: 'b' }] }))).name).toBe('NotFoundException');
    expect((await failure(kms.listResourceTags({ KeyId: 'alias/tagged' }))).name).toBe('NotFoundException');
  });

  it('a key pending deletion cannot be tagged or untagged, but its tags can be listed', async () => {
    const { kms, KeyId, keyArn } = await setup();
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: '1' }] });
    await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
    const tag = await failure(kms.tagResource({ KeyId, Tags: [{ TagKey: 'b', TagValue: '2' }] }));
    expect([tag.name, tag.message]).toEqual(['KMSInvalidStateException', `${keyArn} is pending deletion.`]);
    const untag = await failure(kms.untagResource({ KeyId, TagKeys: ['a'] }));
    expect([untag.name, untag.message]).toEqual(['KMSInvalidStateException', `${keyArn} is pending deletion.`]);
    expect(await tagsOf(kms, KeyId)).toEqual([{ TagKey: 'a', TagValue: '1' }]);
  });

  it('a disabled key can still be tagged', async () => {
    const { kms, KeyId } = await setup();
    await kms.disableKey({ KeyId });
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: '1' }] });
    expect(await tagsOf(kms, KeyId)).toEqual([{ TagKey: 'a', TagValue: '1' }]);
  });

  it('permissions: admin tags, auditor only lists, app neither', async () => {
    const { kms, KeyId, keyArn } = await setup();
    kms.setCaller('admin');
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: '1' }] });
    await kms.untagResource({ KeyId, TagKeys: ['a'] });
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'b', TagValue: '2' }] });
    kms.setCaller('auditor');
    expect(await tagsOf(kms, KeyId)).toEqual([{ TagKey: 'b', TagValue: '2' }]);
    const auditorTag = await failure(kms.tagResource({ KeyId, Tags: [{ TagKey: 'c', TagValue: '3' }] }));
    expect(auditorTag.message).toBe(
      `User: ${AUDITOR_ARN} is not authorized to perform: kms:TagResource on resource: ${keyArn} because no identity-based policy allows the kms:TagResource action`,
    );
    kms.setCaller('app');
    expect((await failure(kms.listResourceTags({ KeyId }))).name).toBe('AccessDeniedException');
    expect((await failure(kms.untagResource({ KeyId, TagKeys: ['b'] }))).name).toBe('AccessDeniedException');
    kms.setCaller('root');
    expect(await tagsOf(kms, KeyId)).toEqual([{ TagKey: 'b', TagValue: '2' }]);
  });

  it('an AWS managed key cannot be tagged', async () => {
    const { kms } = await setup();
    const managed = await kms.describeKey({ KeyId: 'alias/aws/s3' });
    const error = await failure(kms.tagResource({ KeyId: managed.KeyMetadata.KeyId, Tags: [{ TagKey: 'a', TagValue: '1' }] }));
    expect(error.name).toBe('AccessDeniedException');
  });
});

describe('CreateKey with Tags', () => {
  it('creates the key with its tags', async () => {
    const kms = await newKms(4);
    const { KeyMetadata } = await kms.createKey({
      Tags: [
        { TagKey: 'Project', TagValue: 'Alpha' },
        { TagKey: 'Owner', TagValue: 'ops' },
      ],
    });
    expect(await tagsOf(kms, KeyMetadata.KeyId)).toEqual([
      { TagKey: 'Owner', TagValue: 'ops' },
      { TagKey: 'Project', TagValue: 'Alpha' },
    ]);
  });

  it('refuses bad tags and creates no key', async () => {
    const kms = await newKms(4);
    const before = (await kms.listKeys()).Keys.length;
    const reserved = await failure(kms.createKey({ Tags: [{ TagKey: 'aws:x', TagValue: '1' }] }));
    expect([reserved.name, reserved.message]).toEqual(['TagException', 'Tags beginning with aws: are reserved']);
    const duplicate = await failure(kms.createKey({ Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'a', TagValue: '1' }] }));
    expect([duplicate.name, duplicate.message]).toEqual(['TagException', 'Duplicate tag keys']);
    const tooMany = await failure(kms.createKey({ Tags: many(51) }));
    expect([tooMany.name, tooMany.message]).toEqual(['TagException', 'Too many tags']);
    expect((await kms.listKeys()).Keys).toHaveLength(before);
    const fifty = await kms.createKey({ Tags: many(50) });
    expect(await tagsOf(kms, fifty.KeyMetadata.KeyId)).toHaveLength(50);
  });

  it('the request’s tag list is copied, not kept', async () => {
    const kms = await newKms(4);
    const Tags = [{ TagKey: 'a', TagValue: '1' }];
    const { KeyMetadata } = await kms.createKey({ Tags });
    Tags[0]!.TagValue = 'changed';
    Tags.push({ TagKey: 'b', TagValue: '2' });
    expect(await tagsOf(kms, KeyMetadata.KeyId)).toEqual([{ TagKey: 'a', TagValue: '1' }]);
  });
});

describe('tags in the audit log', () => {
  it('TagResource is logged with tags as CloudTrail writes them (tagKey, tagValue)', async () => {
    const { kms, KeyId, keyArn } = await setup();
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'Department', TagValue: 'IT' }] });
    const event = kms.auditLog().at(-1);
    expect(event?.eventName).toBe('TagResource');
    expect(event?.requestParameters).toEqual({ keyId: KeyId, tags: [{ tagKey: 'Department', tagValue: 'IT' }] });
    expect(event?.responseElements).toBeNull();
    expect(event?.resources).toEqual([{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: keyArn }]);
    await kms.untagResource({ KeyId, TagKeys: ['Department'] });
    expect(kms.auditLog().at(-1)?.requestParameters).toEqual({ keyId: KeyId, tagKeys: ['Department'] });
  });
});
