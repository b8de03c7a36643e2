import { describe, expect, it } from 'vitest';
import { createLiveAnnouncer } from '../../../src/components/sandbox/live-announcer.ts';

describe('createLiveAnnouncer', () => {
  it('shows the latest text only in the feed’s next refresh, telling listeners once', () => {
    const tasks: (() => void)[] = [];
    const announcer = createLiveAnnouncer({ later: (task) => void tasks.push(task) });
    let told = 0;
    announcer.subscribe(() => told++);
    announcer.announce('first');
    announcer.announce('second');
    expect(announcer.text()).toBe('');
    for (const task of new Set(tasks.splice(0))) task();
    expect(announcer.text()).toBe('second');
    expect(told).toBe(1);
  });
});
