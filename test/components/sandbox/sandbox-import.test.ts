import { describe, expect, it } from 'vitest';
import { exportSandbox, importSandbox } from '../../../src/components/sandbox/sandbox-export.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

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
    const report = await importSandbox(to, text);
    expect(report.files).toBe(2);
    expect(report.problems).toEqual([]);
    const newKey = report.keys[key]!;
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(key);
    const after = to.kms.inventory().find((k) => k.keyId === newKey)!;
    expect(after).toMatchObject({ description: 'exported', aliases: ['alias/exported'], rotationEnabled: true, rotationPeriodInDays: 180, state: 'Enabled', tags: [{ TagKey: 'team', TagValue: 'red' }] });
    expect(to.kms.inventory().find((k) => k.keyId === report.keys[other])!.state).toBe('Disabled');
    expect((await runText(to.session, 'xxd docs/data.bin')).stdout).toContain('0001 6269 6e61 7279');
    expect((await runText(to.session, 'cat note.txt')).stdout).toBe('hi\n');
  });

  it('refuses a file that is not an export and changes nothing', async () => {
    const box = await Sandbox.create({ seed: 4 });
    await runText(box.session, 'echo keep > keep.txt');
    const keys = box.kms.inventory().length;
    for (const bad of ['not json', '{}', JSON.stringify({ format: 'kms-lab-export', version: 2 })]) {
      await expect(importSandbox(box, bad)).rejects.toThrow('not a KMS Lab export');
    }
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
    const report = await importSandbox(to, JSON.stringify(exportSandbox(from)));
    expect(report.problems).toEqual(['alias/shared already exists here, so it still points to its current key.']);
    expect(to.kms.inventory().find((k) => k.keyId === mine)!.aliases).toEqual(['alias/shared']);
  });
});
