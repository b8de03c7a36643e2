import { describe, expect, it } from 'vitest';
import { withBacklog } from '../../../src/components/sandbox/event-backlog.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

describe('withBacklog', () => {
  it('hands the first subscriber every event since it was made, then the live ones, once', async () => {
    const sandbox = await Sandbox.create({ seed: 3 });
    const source = withBacklog(sandbox.session);
    await runText(sandbox.session, 'echo early > early.txt');
    const first: string[] = [];
    source.subscribe((event) => first.push(event.type));
    expect(first).toContain('vfs');
    expect(first.at(-1)).toBe('command');
    const backlog = first.length;
    await runText(sandbox.session, 'echo later > later.txt');
    expect(first.length).toBeGreaterThan(backlog);
    // A later subscriber hears only what happens after it.
    const second: string[] = [];
    source.subscribe((event) => second.push(event.type));
    expect(second).toEqual([]);
    expect(source.vfs?.readFile('/home/learner/early.txt')).toEqual(new TextEncoder().encode('early\n'));
  });

  it('drops a backlog that outgrows its limit, so memory stays bounded when nobody subscribes', async () => {
    const sandbox = await Sandbox.create({ seed: 3 });
    const source = withBacklog(sandbox.session, 5);
    for (let i = 0; i < 5; i++) await runText(sandbox.session, `echo ${i} > f${i}`);
    const heard: string[] = [];
    source.subscribe((event) => heard.push(event.type));
    expect(heard).toEqual([]);
  });
});
