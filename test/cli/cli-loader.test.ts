// The AWS CLI arrives on demand: a page's sandbox starts without it and fetches it in idle time
// after two frames; Tab before it arrives offers nothing and fetches it; the first `aws` run waits for it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Frame and idle callbacks held until the test runs them, as a busy page would. */
function pageGlobals() {
  const frames: (() => void)[] = [];
  const idle: (() => void)[] = [];
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
  vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
  const drain = (queue: (() => void)[]) => queue.splice(0).forEach((callback) => callback());
  return { frames, idle, nextFrame: () => drain(frames), runIdle: () => drain(idle) };
}

/** Fresh copies of the modules, so each test starts with the CLI not loaded. */
async function fresh() {
  vi.resetModules();
  const loader = await import('../../src/cli/cli-loader.ts');
  const { Sandbox } = await import('../../src/shell/sandbox.ts');
  const { runText } = await import('../../src/shell/run.ts');
  return { ...loader, Sandbox, runText };
}

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the AWS CLI on demand', () => {
  it('in a page, is loaded in idle time two frames after the first prompt, not when the sandbox starts', async () => {
    const page = pageGlobals();
    const { Sandbox, loadedCli } = await fresh();
    const box = await Sandbox.create({ seed: 1 });
    expect(page.frames).toHaveLength(0);
    expect(box.session.prompt()).toMatch(/\$ $/);
    box.session.prompt();
    expect(loadedCli()).toBeUndefined();
    expect(page.frames).toHaveLength(1);
    page.nextFrame();
    expect(page.idle).toHaveLength(0);
    page.nextFrame();
    expect(page.idle).toHaveLength(1);
    expect(loadedCli()).toBeUndefined();
    page.runIdle();
    await vi.waitFor(() => expect(loadedCli()).toBeDefined());
    expect(page.frames).toHaveLength(0);
  });

  it('in a page, Tab for aws offers nothing until the CLI arrives, and fetches it', async () => {
    pageGlobals();
    const { Sandbox, loadCli, loadedCli } = await fresh();
    const box = await Sandbox.create({ seed: 1 });
    expect(box.session.complete('aws km', 6).candidates).toEqual([]);
    await loadCli();
    expect(loadedCli()).toBeDefined();
    expect(box.session.complete('aws km', 6).candidates).toEqual(['kms']);
  });

  it('is what the first aws run waits for, in a page that has not fetched it yet', async () => {
    pageGlobals();
    const { Sandbox, loadedCli, runText } = await fresh();
    const box = await Sandbox.create({ seed: 2 });
    expect(loadedCli()).toBeUndefined();
    const result = await runText(box.session, 'aws configure list-profiles');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toContain('default');
  });

  it('in Node, is there once Sandbox.create resolves, so the first Tab completes aws', async () => {
    const { Sandbox, loadedCli } = await fresh();
    const box = await Sandbox.create({ seed: 3 });
    expect(loadedCli()).toBeDefined();
    expect(box.session.complete('aws kms list-keys', 17).candidates).toEqual(['list-keys']);
  });

  it('says so when the download fails, and tries again on the next run', async () => {
    pageGlobals();
    vi.resetModules();
    vi.doMock('../../src/cli/cli-bundle.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { Sandbox } = await import('../../src/shell/sandbox.ts');
    const { runText } = await import('../../src/shell/run.ts');
    const box = await Sandbox.create({ seed: 4 });
    const failed = await runText(box.session, 'aws configure list-profiles');
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/^aws: KMS Lab could not download the AWS CLI \(.+\)\. Check the connection and run the command again\.\n$/s);
    vi.doUnmock('../../src/cli/cli-bundle.ts');
    const again = await runText(box.session, 'aws configure list-profiles');
    expect(again.exitCode).toBe(0);
  });
});
