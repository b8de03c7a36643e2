import { TagException } from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import type { Tag } from '../keys.ts';
import type { ListResourceTagsRequest, ListResourceTagsResponse, TagResourceRequest, UntagResourceRequest } from '../types.ts';
import { page } from './paging.ts';

const MAX_TAGS = 50;

/** Merges new tags into existing ones (a new value replaces the old), with AWS's tag rules. */
export function checkTags(added: Tag[], existing: Tag[]): Tag[] {
  const seen = new Set<string>();
  for (const tag of added) {
    if (tag.TagKey.toLowerCase().startsWith('aws:')) throw new TagException('Tags beginning with aws: are reserved');
    if (seen.has(tag.TagKey)) throw new TagException('Duplicate tag keys');
    seen.add(tag.TagKey);
  }
  const merged = [...existing.filter((t) => !seen.has(t.TagKey)), ...added.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue }))];
  if (merged.length > MAX_TAGS) throw new TagException('Too many tags');
  return merged;
}

export async function tagResource(engine: Engine, call: Call, input: TagResourceRequest): Promise<void> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'TagResource');
  engine.requireState(record, 'manage');
  record.tags = checkTags(input.Tags, record.tags);
}

export async function untagResource(engine: Engine, call: Call, input: UntagResourceRequest): Promise<void> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'UntagResource');
  engine.requireState(record, 'manage');
  record.tags = record.tags.filter((t) => !input.TagKeys.includes(t.TagKey));
}

export async function listResourceTags(engine: Engine, call: Call, input: ListResourceTagsRequest): Promise<ListResourceTagsResponse> {
  const record = await engine.resolveKey(call, input.KeyId, { allowAlias: false });
  engine.authorize(call, record, 'ListResourceTags');
  const { items, ...rest } = page(record.tags, input, { default: 50, max: 50 });
  return { Tags: items.map((t) => ({ ...t })), ...rest };
}
