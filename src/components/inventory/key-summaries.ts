/**
 * Each re-read of the inventory builds fresh summaries for every key; this
 * keeps the previous object of every key that did not change, so memoised rows
 * re-render only for keys a command touched (the cost of a refresh follows
 * what changed, not how many keys the account holds).
 */
import type { KeySummary } from '../../kms/kms.ts';

const sameDate = (a: Date | undefined, b: Date | undefined) => a?.getTime() === b?.getTime();

const sameList = <T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean) =>
  a.length === b.length && a.every((x, i) => same(x, b[i]!));

export function sameSummary(a: KeySummary, b: KeySummary): boolean {
  return (
    a.keyId === b.keyId &&
    a.arn === b.arn &&
    a.description === b.description &&
    a.keyManager === b.keyManager &&
    a.state === b.state &&
    a.origin === b.origin &&
    a.keySpec === b.keySpec &&
    a.keyUsage === b.keyUsage &&
    a.rotationEnabled === b.rotationEnabled &&
    a.rotationPeriodInDays === b.rotationPeriodInDays &&
    a.materialVersions === b.materialVersions &&
    a.currentVersion === b.currentVersion &&
    a.policy === b.policy &&
    sameDate(a.creationDate, b.creationDate) &&
    sameDate(a.deletionDate, b.deletionDate) &&
    sameList(a.aliases, b.aliases, (x, y) => x === y) &&
    sameList(a.tags, b.tags, (x, y) => x.TagKey === y.TagKey && x.TagValue === y.TagValue)
  );
}

/**
 * `next` in its order, with each unchanged key's summary taken from
 * `previous`; `previous` itself when nothing changed at all.
 */
export function mergeSummaries(previous: readonly KeySummary[], next: readonly KeySummary[]): readonly KeySummary[] {
  const before = new Map(previous.map((k) => [k.keyId, k]));
  let changed = previous.length !== next.length;
  const merged = next.map((key, i) => {
    const old = before.get(key.keyId);
    if (old && sameSummary(old, key)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return key;
  });
  return changed ? merged : previous;
}
