import { describe, expect, it } from 'vitest';
import { mergeSummaries } from '../../../src/components/inventory/key-summaries.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

describe('mergeSummaries', () => {
  it('keeps every unchanged key’s summary object and replaces only the keys a command changed', async () => {
    const box = await Sandbox.create({ seed: 4 });
    for (let i = 0; i < 5; i++) await runText(box.session, `aws kms create-key --description k${i}`);
    const first = mergeSummaries([], box.kms.inventory());
    expect(mergeSummaries(first, box.kms.inventory())).toBe(first);

    const target = first.find((k) => k.description === 'k2')!;
    await runText(box.session, `aws kms create-alias --alias-name alias/two --target-key-id ${target.keyId}`);
    await runText(box.session, `aws kms tag-resource --key-id ${first.find((k) => k.description === 'k3')!.keyId} --tags TagKey=a,TagValue=b`);
    const second = mergeSummaries(first, box.kms.inventory());
    expect(second).not.toBe(first);
    const changed = second.filter((k, i) => k !== first[i]).map((k) => k.description);
    expect(changed).toEqual(['k2', 'k3']);
    expect(second.find((k) => k.description === 'k2')!.aliases).toEqual(['alias/two']);

    await runText(box.session, 'aws kms create-key --description k5');
    const third = mergeSummaries(second, box.kms.inventory());
    expect(third.slice(0, -1).every((k, i) => k === second[i])).toBe(true);
    expect(third.at(-1)!.description).toBe('k5');

    await runText(box.session, `aws kms schedule-key-deletion --key-id ${target.keyId} --pending-window-in-days 7`);
    const fourth = mergeSummaries(third, box.kms.inventory());
    expect(fourth.filter((k, i) => k !== third[i]).map((k) => k.state)).toEqual(['PendingDeletion']);
  });
});
