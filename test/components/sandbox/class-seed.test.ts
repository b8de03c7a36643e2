// Class mode asks before replacing a sandbox only when the learner's own work is at stake.
import { describe, expect, it } from 'vitest';
import { joinClass, learnerWork, CLASS_MARK_KEY, CLASS_TTL_MS } from '../../../src/components/sandbox/class-seed.ts';
import { prepareLesson } from '../../../src/components/sandbox/lesson-setup.ts';
import type { SandboxSetup } from '../../../src/lib/content-schema.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

const setups: Record<string, SandboxSetup> = {
  keys: {
    files: [{ path: 'report.txt', content: 'Quarterly figures\n', encoding: 'utf8' }],
    commands: ['aws kms create-alias --alias-name alias/lesson --target-key-id $(aws kms create-key --description "Lesson key" --query KeyMetadata.KeyId --output text)'],
  },
  cipher: {
    files: [],
    commands: ['aws kms encrypt --key-id alias/lesson --plaintext aGVsbG8= --query CiphertextBlob --output text | base64 --decode > $HOME/old.bin'],
  },
};

async function prepared(...ids: string[]): Promise<Sandbox> {
  const sandbox = await Sandbox.create();
  for (const id of ids) await prepareLesson(sandbox, id, setups[id]!);
  return sandbox;
}

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('learnerWork', () => {
  it('finds nothing in a sandbox that holds only what the lessons set up (their keys, files and ciphertexts)', async () => {
    expect(await learnerWork(await Sandbox.create(), setups)).toEqual([]);
    expect(await learnerWork(await prepared('keys', 'cipher'), setups)).toEqual([]);
  });

  it('names keys, files and KMS calls of the learner', async () => {
    const sandbox = await prepared('keys');
    await runText(sandbox.session, 'aws kms create-key --description mine');
    expect(await learnerWork(sandbox, setups)).toEqual(['1 key', '1 call to KMS']);
    await runText(sandbox.session, 'echo notes > notes.txt; mkdir -p work; echo x > work/a; aws kms list-keys > /dev/null');
    expect(await learnerWork(sandbox, setups)).toEqual(['1 key', '2 files', '2 calls to KMS']);
  });

  it("counts a lesson's file the learner changed, and a lesson key the learner disabled", async () => {
    const edited = await prepared('keys');
    await runText(edited.session, 'echo more >> report.txt');
    expect(await learnerWork(edited, setups)).toEqual(['1 file']);
    const disabled = await prepared('keys');
    await runText(disabled.session, 'aws kms disable-key --key-id $(aws kms describe-key --key-id alias/lesson --query KeyMetadata.KeyId --output text)');
    expect(await learnerWork(disabled, setups)).toEqual(['1 key', '2 calls to KMS']);
  });

  it('ignores commands that change nothing a reset replaces (variables and history survive a reset)', async () => {
    const sandbox = await prepared('keys');
    await runText(sandbox.session, 'ls; echo hello; export REGION=eu-west-1; cd /tmp');
    expect(await learnerWork(sandbox, setups)).toEqual([]);
  });
});

describe('joinClass', () => {
  const options = (asked: string[], answer: boolean, shared: Storage, tab: Storage, now = 1_000_000) => ({
    reset: async () => {},
    ask: (q: string) => (asked.push(q), answer),
    shared,
    tab,
    now,
  });

  it('joins without a question when nothing of the learner is at stake', async () => {
    const asked: string[] = [];
    const result = await joinClass(await prepared('keys'), 42, setups, options(asked, false, new MemoryStorage(), new MemoryStorage()));
    expect(result).toEqual({ joined: true, replaced: true });
    expect(asked).toEqual([]);
  });

  it('asks, naming the work, when there is some; Cancel keeps the sandbox', async () => {
    const sandbox = await prepared('keys');
    await runText(sandbox.session, 'aws kms create-key; echo x > mine.txt');
    const asked: string[] = [];
    let resets = 0;
    const result = await joinClass(sandbox, 42, setups, { ...options(asked, false, new MemoryStorage(), new MemoryStorage()), reset: async () => void resets++ });
    expect(result).toEqual({ joined: false });
    expect(resets).toBe(0);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('seed 42');
    expect(asked[0]).toContain('1 key, 1 file and 1 call to KMS of your own');
  });

  it('keeps the class sandbox as it is in a second tab of the same class, work and all, and asks again after a day', async () => {
    const shared = new MemoryStorage();
    const sandbox = await prepared('keys');
    const asked: string[] = [];
    await joinClass(sandbox, 42, setups, options(asked, true, shared, new MemoryStorage(), 1_000_000));
    await runText(sandbox.session, 'aws kms create-key');
    let resets = 0;
    const second = await joinClass(sandbox, 42, setups, { ...options(asked, true, shared, new MemoryStorage(), 1_000_000 + 60_000), reset: async () => void resets++ });
    expect(second).toEqual({ joined: true, replaced: false });
    expect(asked).toEqual([]);
    expect(resets).toBe(0);
    // Another class's seed, or the same seed the next day: the work is the learner's again.
    await joinClass(sandbox, 43, setups, options(asked, false, shared, new MemoryStorage(), 1_000_000 + 120_000));
    // (Each visit of the class renews the mark: a day after the last one.)
    await joinClass(sandbox, 42, setups, options(asked, false, shared, new MemoryStorage(), 1_000_000 + 60_000 + CLASS_TTL_MS + 1));
    expect(asked).toHaveLength(2);
    expect(JSON.parse(shared.getItem(CLASS_MARK_KEY)!)).toMatchObject({ seed: 42 });
  });
});
