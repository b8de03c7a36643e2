import { describe, expect, it } from 'vitest';
import { materialText, moveIndex, rotationText, rowAction, stateBadge, visibleKeys } from '../../../src/components/inventory/key-view.ts';
import type { KeyState } from '../../../src/kms/keys.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';
import { runText } from '../../../src/shell/run.ts';

describe('state badges', () => {
  it('give every key state words and a symbol, not colour alone', () => {
    const states: KeyState[] = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'];
    const badges = states.map(stateBadge);
    expect(badges.map((b) => b.text)).toEqual(['Enabled', 'Disabled', 'Pending deletion', 'Pending import']);
    expect(new Set(badges.map((b) => b.tone)).size).toBe(4);
    expect(new Set(badges.map((b) => b.symbol)).size).toBe(4);
  });
});

describe('rotation and material summaries', () => {
  it('say whether rotation is on and how often', () => {
    expect(rotationText({ rotationEnabled: false })).toBe('Off');
    expect(rotationText({ rotationEnabled: true, rotationPeriodInDays: 180 })).toBe('On, every\u00a0180\u00a0days'); // kept on one line when the column wraps
  });

  it('count material versions from 0, as the trace captions do', () => {
    expect(materialText({ materialVersions: 1, currentVersion: 0 })).toBe('1 version; version 0 encrypts now');
    expect(materialText({ materialVersions: 3, currentVersion: 2 })).toBe('3 versions; version 2 encrypts now');
    expect(materialText({ materialVersions: 0, currentVersion: -1 })).toBe('None yet: waiting for imported key material');
  });

  it('describe a real imported-material key waiting for its import', async () => {
    const box = await Sandbox.create({ seed: 3 });
    const id = (await runText(box.session, 'aws kms create-key --origin EXTERNAL --query KeyMetadata.KeyId --output text')).stdout.trim();
    const key = box.kms.inventory().find((k) => k.keyId === id)!;
    expect(key.state).toBe('PendingImport');
    expect(stateBadge(key.state).text).toBe('Pending import');
    expect(materialText(key)).toMatch(/^None/);
  });
});

describe('visibleKeys', () => {
  it("hides AWS managed keys unless asked, keeping the learner's own in order", async () => {
    const box = await Sandbox.create({ seed: 3 });
    await runText(box.session, 'aws kms create-key --description one');
    await runText(box.session, 'aws kms create-key --description two');
    const all = box.kms.inventory();
    expect(all.some((k) => k.keyManager === 'AWS')).toBe(true);
    expect(visibleKeys(all, false).map((k) => k.description)).toEqual(['one', 'two']);
    expect(visibleKeys(all, true)).toHaveLength(all.length);
  });
});

describe('row keyboard', () => {
  it('selects with Enter or Space and moves with arrows, Home and End', () => {
    expect(rowAction('Enter')).toBe('select');
    expect(rowAction(' ')).toBe('select');
    expect(rowAction('ArrowDown')).toBe('next');
    expect(rowAction('ArrowUp')).toBe('previous');
    expect(rowAction('Home')).toBe('first');
    expect(rowAction('End')).toBe('last');
    expect(rowAction('Tab')).toBeUndefined();
    expect(rowAction('a')).toBeUndefined();
  });

  it('stops at the first and last rows', () => {
    expect(moveIndex('next', 0, 3)).toBe(1);
    expect(moveIndex('next', 2, 3)).toBe(2);
    expect(moveIndex('previous', 0, 3)).toBe(0);
    expect(moveIndex('first', 2, 3)).toBe(0);
    expect(moveIndex('last', 0, 3)).toBe(2);
    expect(moveIndex('next', 0, 0)).toBe(-1);
  });
});
