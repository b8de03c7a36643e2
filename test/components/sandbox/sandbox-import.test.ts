import { describe, expect, it } from 'vitest';
import { exportSandbox, type SandboxExport } from '../../../src/components/sandbox/sandbox-export.ts';
import { describeImport, IMPORT_LIMITS, importSandbox, importSandboxFile, readExport } from '../../../src/components/sandbox/sandbox-import.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

const KEY_ID = (n: number) => `${n.toString(16).padStart(8, '0')}-1111-4222-8333-444444444444`;
const settings = (n: number, extra: object = {}) => ({ keyId: KEY_ID(n), description: `key ${n}`, aliases: [], tags: [], enabled: true, ...extra });

async function exportOf(setup: string[] = [], seed = 4): Promise<SandboxExport> {
  const box = await Sandbox.create({ seed });
  for (const line of setup) await runText(box.session, line);
  return exportSandbox(box);
}

const fileCount = (box: Sandbox) => box.session.vfs.records().filter((r) => r.type === 'file').length;

describe('export and import of a sandbox', () => {
  it("carries files and customer keys' settings, never key material", async () => {
    const from = await Sandbox.create({ seed: 4 });
    const run = (line: string) => runText(from.session, line);
    const key = (await run('aws kms create-key --description exported --tags TagKey=team,TagValue=red --query KeyMetadata.KeyId --output text')).stdout.trim();
    await run(`aws kms create-alias --alias-name alias/exported --target-key-id ${key}`);
    await run(`aws kms enable-key-rotation --key-id ${key} --rotation-period-in-days 180`);
    const other = (await run('aws kms create-key --query KeyMetadata.KeyId --output text')).stdout.trim();
    await run(`aws kms disable-key --key-id ${other}`);
    await run('mkdir docs; printf "\\x00\\x01binary" > docs/data.bin; echo hi > note.txt');
    const exported = exportSandbox(from);
    const text = JSON.stringify(exported);
    // Nothing in the file could decrypt anything.
    expect(text).not.toMatch(/CryptoKey|material/i);
    expect(exported.keys.map((k) => k.keyId)).toEqual([key, other]);

    const to = await Sandbox.create({ seed: 5 });
    const report = (await importSandbox(to, text))!;
    expect(report.files).toBe(2);
    expect(report.problems).toEqual([]);
    expect(report.refused).toEqual([]);
    const newKey = report.keys.get(key)!;
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(key);
    const after = to.kms.inventory().find((k) => k.keyId === newKey)!;
    expect(after).toMatchObject({ description: 'exported', aliases: ['alias/exported'], rotationEnabled: true, rotationPeriodInDays: 180, state: 'Enabled', tags: [{ TagKey: 'team', TagValue: 'red' }] });
    expect(to.kms.inventory().find((k) => k.keyId === report.keys.get(other))!.state).toBe('Disabled');
    expect((await runText(to.session, 'xxd docs/data.bin')).stdout).toContain('0001 6269 6e61 7279');
    expect((await runText(to.session, 'cat note.txt')).stdout).toBe('hi\n');
    expect(describeImport(report)).toMatch(/^Imported 2 files and 2 keys\. The keys are new keys/);
  });

  it('refuses a file that is not an export and changes nothing', async () => {
    const box = await Sandbox.create({ seed: 4 });
    await runText(box.session, 'echo keep > keep.txt');
    const keys = box.kms.inventory().length;
    for (const bad of ['not json', '{}', 'null', '[]', JSON.stringify({ format: 'kms-lab-export', version: 1, keys: {}, files: {} })]) {
      await expect(importSandbox(box, bad)).rejects.toThrow('not a KMS Lab export');
    }
    await expect(importSandbox(box, JSON.stringify({ format: 'kms-lab-export', version: 2 }))).rejects.toThrow('This export is version 2; this KMS Lab reads version 1 only. Nothing was imported.');
    expect(box.kms.inventory()).toHaveLength(keys);
    expect((await runText(box.session, 'cat keep.txt')).stdout).toBe('keep\n');
  });

  it('keeps an alias that already exists here and says so', async () => {
    const from = await Sandbox.create({ seed: 4 });
    const key = (await runText(from.session, 'aws kms create-key --query KeyMetadata.KeyId --output text')).stdout.trim();
    await runText(from.session, `aws kms create-alias --alias-name alias/shared --target-key-id ${key}`);
    const to = await Sandbox.create({ seed: 6 });
    const mine = (await runText(to.session, 'aws kms create-key --query KeyMetadata.KeyId --output text')).stdout.trim();
    await runText(to.session, `aws kms create-alias --alias-name alias/shared --target-key-id ${mine}`);
    const report = (await importSandbox(to, JSON.stringify(exportSandbox(from))))!;
    expect(report.problems).toEqual(['alias/shared already exists here, so it still points to its current key.']);
    expect(to.kms.inventory().find((k) => k.keyId === mine)!.aliases).toEqual(['alias/shared']);
  });
});

describe('importing asks, counts truthfully and refuses what is not a key', () => {
  it('asks before replacing the learner’s files, saying how many, and a no changes nothing', async () => {
    const exported = await exportOf(['echo a > a.txt']);
    exported.keys = [settings(1)];
    const box = await Sandbox.create({ seed: 7 });
    await runText(box.session, 'echo mine > one.txt; echo mine > two.txt; mkdir d; echo x > d/three.txt');
    const before = box.kms.inventory().length;
    const questions: string[] = [];
    const no = await importSandbox(box, JSON.stringify(exported), { confirm: (q) => (questions.push(q), false) });
    expect(no).toBeUndefined();
    expect(questions).toEqual(['Replace your 3 files with the 1 file in this export, and add its 1 key as new keys? Your current files cannot be brought back.']);
    expect(fileCount(box)).toBe(3);
    expect(box.kms.inventory()).toHaveLength(before);
    const yes = (await importSandbox(box, JSON.stringify(exported), { confirm: () => true }))!;
    expect(yes.files).toBe(1);
    expect((await runText(box.session, 'cat a.txt')).stdout).toBe('a\n');
  });

  it('does not ask when the learner has no files to lose, and reports 0 files as 0', async () => {
    const exported = await exportOf();
    const box = await Sandbox.create({ seed: 7 });
    const report = (await importSandbox(box, JSON.stringify(exported), { confirm: () => expect.unreachable('asked') }))!;
    expect(describeImport(report)).toBe('Imported 0 files and 0 keys.');
  });

  it('refuses __proto__ and every other name that is not a key ID, with the reason, and counts only keys created', async () => {
    const exported = await exportOf();
    exported.keys = [
      settings(1),
      { ...settings(2), keyId: '__proto__' },
      { ...settings(3), keyId: 'constructor' },
      { ...settings(4), keyId: 'arn:aws:kms:us-east-1:111122223333:key/00000004-1111-4222-8333-444444444444' },
      settings(1, { description: 'again' }),
      { ...settings(5), enabled: 'yes' },
      settings(6, { aliases: ['alias/ok', 'not-an-alias'] }),
      settings(7, { rotationPeriodInDays: 5 }),
      settings(8, { description: 'x'.repeat(9000) }),
    ] as never;
    const box = await Sandbox.create({ seed: 7 });
    const before = box.kms.inventory().length;
    const report = (await importSandbox(box, JSON.stringify(exported)))!;
    expect([...report.keys.keys()]).toEqual([KEY_ID(1), KEY_ID(6), KEY_ID(7)]);
    expect(box.kms.inventory()).toHaveLength(before + 3);
    expect(report.refused).toEqual([
      "Key '__proto__': not a key ID (a key ID looks like 1234abcd-12ab-34cd-56ef-1234567890ab).",
      "Key 'constructor': not a key ID (a key ID looks like 1234abcd-12ab-34cd-56ef-1234567890ab).",
      expect.stringMatching(/^Key 'arn:aws:kms:us-east-1:111122223333:key\/.*…: not a key ID/),
      `Key ${KEY_ID(1)}: it appears twice in the file; the first one was used.`,
      `Key ${KEY_ID(5)}: its state is missing.`,
      expect.stringMatching(new RegExp(`^Key ${KEY_ID(8)}: 1 validation error detected: Value 'x+…$`)),
    ]);
    expect(report.problems).toEqual([
      expect.stringMatching(/^'not-an-alias' was not created: Alias must start with the prefix "alias\/"/),
      expect.stringMatching(new RegExp(`^Key ${KEY_ID(7)} \\(now [0-9a-f-]{36}\\): .*'rotationPeriodInDays'`)),
    ]);
    expect(describeImport(report)).toMatch(/^Imported 0 files and 3 keys\. .* 6 keys were not imported: Key '__proto__': not a key ID .* \(and 3 more\)/);
  });

  it('keeps the learner’s profile, and makes keys as the account root even when a command in between switched it', async () => {
    const exported = await exportOf();
    exported.keys = Array.from({ length: 30 }, (_, i) => settings(i + 1));
    const box = await Sandbox.create({ seed: 7 });
    box.kms.setCaller('app');
    const report = (await importSandbox(box, JSON.stringify(exported)))!;
    expect(report.keys.size).toBe(30);
    expect(box.kms.caller.name).toBe('app');
  });
});

describe('caps on what an import takes', () => {
  it('refuses more than 1,000 keys, a file over 16 MiB and more than 64 MiB in all, with the cap in the message, changing nothing', async () => {
    const box = await Sandbox.create({ seed: 7 });
    await runText(box.session, 'echo keep > keep.txt');
    const base = await exportOf();
    const tooMany = { ...base, keys: Array.from({ length: IMPORT_LIMITS.keys + 1 }, (_, i) => settings(i)) };
    await expect(importSandbox(box, JSON.stringify(tooMany))).rejects.toThrow('This export has 1,001 keys; KMS Lab imports at most 1,000 keys. Nothing was imported.');
    const file = (path: string, bytes: number) => ({ path, type: 'file', mtime: 0, data: 'A'.repeat(Math.ceil(bytes / 3) * 4) });
    const dirs = base.files.entries;
    const big = { ...base, files: { version: 1, entries: [...dirs, file('/home/learner/big.bin', 17 * 1024 * 1024)] } };
    await expect(importSandbox(box, JSON.stringify(big))).rejects.toThrow("'/home/learner/big.bin' in this export is 17.0 MiB; a file in the sandbox can be at most 16 MiB. Nothing was imported.");
    const many = { ...base, files: { version: 1, entries: [...dirs, ...Array.from({ length: 4 }, (_, i) => file(`/home/learner/f${i}`, 16 * 1024 * 1024 - 1)), file('/home/learner/g', 1024 * 1024)] } };
    await expect(importSandbox(box, JSON.stringify(many))).rejects.toThrow('The files in this export come to 65.0 MiB; KMS Lab imports at most 64 MiB of files. Nothing was imported.');
    const entries = { ...base, files: { version: 1, entries: [...dirs, ...Array.from({ length: IMPORT_LIMITS.entries }, (_, i) => ({ path: `/tmp/d${i}`, type: 'dir', mtime: 0 }))] } };
    await expect(importSandbox(box, JSON.stringify(entries))).rejects.toThrow(/KMS Lab imports at most 10,000 files and directories/);
    expect((await runText(box.session, 'cat keep.txt')).stdout).toBe('keep\n');
  });

  it('takes a 16 MiB file', async () => {
    const base = await exportOf();
    const data = Buffer.alloc(16 * 1024 * 1024, 7).toString('base64');
    const plan = readExport(JSON.stringify({ ...base, files: { version: 1, entries: [...base.files.entries, { path: '/home/learner/max.bin', type: 'file', mtime: 0, data }] } }));
    expect(plan.files.stat('/home/learner/max.bin')?.size).toBe(16 * 1024 * 1024);
  });

  it('refuses a file too large to be an export before reading it, and damaged files with where', async () => {
    const box = await Sandbox.create({ seed: 7 });
    const huge = { size: 200 * 1024 * 1024, text: () => expect.unreachable('read') } as unknown as Blob;
    expect(await importSandboxFile(box, huge)).toBe('This file is 200 MB; an export KMS Lab can import is at most 96 MB. Nothing was imported.');
    const base = await exportOf();
    const damaged = { ...base, files: { version: 1, entries: [...base.files.entries, { path: 'relative', type: 'file', mtime: 0, data: '' }] } };
    expect(await importSandboxFile(box, new Blob([JSON.stringify(damaged)]))).toMatch(/^This export's files are damaged \(entry \d+ has an invalid path\)\. Nothing was imported\.$/);
  });
});

describe('a thousand keys', () => {
  it('import in slices that hand the thread back, with progress, and later commands stay fast', async () => {
    const exported = await exportOf();
    exported.keys = Array.from({ length: 1000 }, (_, i) => settings(i + 1, { aliases: [`alias/k${i}`], tags: [{ TagKey: 't', TagValue: String(i) }], rotationPeriodInDays: 365, enabled: i % 2 === 0 }));
    const box = await Sandbox.create({});
    let handBacks = 0;
    let longest = 0;
    let last = performance.now();
    // A timer that keeps asking for the thread: it runs only when the import lets go.
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      handBacks++;
    }, 0);
    const progress: string[] = [];
    const report = (await importSandbox(box, JSON.stringify(exported), { progress: (m) => progress.push(m) }))!;
    clearInterval(ticker);
    expect(report.keys.size).toBe(1000);
    expect(report.refused).toEqual([]);
    expect(handBacks).toBeGreaterThan(5);
    expect(progress[0]).toMatch(/^Importing keys: \d+ of 1,000…$/);
    expect(box.kms.names().aliasNames).toContain('alias/k999');
    // What a later command costs does not depend on how the keys came in: list-keys sees all of them.
    expect((await runText(box.session, 'aws kms list-keys --query "length(Keys)"')).stdout.trim()).toBe(String(1000 + box.kms.inventory().filter((k) => k.keyManager === 'AWS').length));
    expect(longest).toBeGreaterThan(0);
  }, 60_000);
});
