import { describe, expect, it } from 'vitest';
import { createChangeCounter, readAudit, readKeys } from '../../../src/components/inventory/use-sandbox-snapshot.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

describe('createChangeCounter', () => {
  it('counts KMS calls, resets and command lines, not terminal output or file writes', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const counter = createChangeCounter(box.session);
    let notified = 0;
    const stop = counter.subscribe(() => notified++);
    const start = counter.version();

    await runText(box.session, 'echo hello > note.txt'); // output + vfs + command
    expect(notified).toBe(1);

    await runText(box.session, 'aws kms create-key --description live'); // kms + command
    expect(notified).toBe(3);

    await runText(box.session, 'sim reset'); // reset + command
    expect(notified).toBe(5);
    expect(counter.version()).toBe(start + 5);

    stop();
    await runText(box.session, 'aws kms list-keys');
    expect(notified).toBe(5);
  });

  it('counts a (re)subscription as a change, since events may have been missed meanwhile', async () => {
    const box = await Sandbox.create({ seed: 2 });
    const counter = createChangeCounter(box.session);
    const before = counter.version();
    counter.subscribe(() => {})();
    expect(counter.version()).toBeGreaterThan(before);
  });
});

describe('reads', () => {
  it('copy the audit log, so a later call does not change an earlier read', async () => {
    const box = await Sandbox.create({ seed: 2 });
    await runText(box.session, 'aws kms list-keys');
    const first = readAudit(box.kms);
    await runText(box.session, 'aws kms list-aliases');
    expect(first.events).toHaveLength(1);
    expect(readAudit(box.kms).events).toHaveLength(2);
  });

  it('see the new account after sim reset when given sandbox.kms afresh', async () => {
    const box = await Sandbox.create({ seed: 2 });
    await runText(box.session, 'aws kms create-key --description gone-after-reset');
    const getKms = () => box.kms;
    expect(readKeys(getKms()).some((k) => k.description === 'gone-after-reset')).toBe(true);
    await runText(box.session, 'sim reset');
    expect(readKeys(getKms()).some((k) => k.description === 'gone-after-reset')).toBe(false);
    expect(readAudit(getKms()).events).toEqual([]);
  });
});
