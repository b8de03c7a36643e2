// The saved sandbox over its stores: incremental saves, restore, two tabs, failed saves, damaged and old records.
import { describe, expect, it } from 'vitest';
import { MemoryBackend, type WriteBatch } from '../../../src/components/sandbox/persist-backend.ts';
import { openSandboxHost, OTHER_TAB_MESSAGE, type SandboxHost } from '../../../src/components/sandbox/sandbox-host.ts';
import type { Later } from '../../../src/components/sandbox/persist-scheduler.ts';
import { AUDIT_CHUNK } from '../../../src/components/sandbox/persist-audit.ts';
import { AUDIT_MEMORY_LIMIT } from '../../../src/kms/audit.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

/** Idle time on demand: the test decides when waiting saves run. */
function manualLater() {
  const queue: (() => void)[] = [];
  const later: Later = (run) => {
    queue.push(run);
    return () => queue.splice(queue.indexOf(run) >>> 0, 1);
  };
  return { later, pending: () => queue.length, runAll: () => queue.splice(0).forEach((run) => run()) };
}

/** A backend that remembers each batch it wrote. */
class RecordingBackend extends MemoryBackend {
  batches: WriteBatch[] = [];
  override async write(expected: number, build: () => WriteBatch) {
    return super.write(expected, () => {
      const batch = build();
      this.batches.push(batch);
      return batch;
    });
  }
}

const run = async (host: SandboxHost, line: string) => {
  const result = await runText(host.sandbox.session, line);
  expect(result.stderr).toBe('');
  return result.stdout;
};

async function state(box: Sandbox) {
  return {
    keys: box.kms.inventory(),
    // Sorted: the store hands records back by path, and a directory's listing order is ls's, not insertion's.
    files: box.session.vfs.records().sort((a, b) => (a.path < b.path ? -1 : 1)),
    audit: box.kms.auditLog(),
    count: box.kms.auditCount(),
    failures: box.kms.auditFailures(),
    shell: box.session.image(),
    caller: box.kms.caller.name,
    clock: box.kms.engine.clock.snapshot().mode,
  };
}

describe('saving to the stores', () => {
  it('saves after a command in idle time, writes only what changed, and restores the same sandbox', async () => {
    const backend = new RecordingBackend();
    const idle = manualLater();
    const host = await openSandboxHost(backend, { later: idle.later });
    const keyId = (await run(host, 'aws kms create-key --query KeyMetadata.KeyId --output text')).trim();
    expect(backend.batches).toHaveLength(0);
    expect(idle.pending()).toBe(1);
    idle.runAll();
    await host.save();
    expect(backend.batches[0]!.full).toBe(true);

    await run(host, 'echo secret > s.txt && export K=' + keyId);
    await run(host, `aws kms encrypt --key-id ${keyId} --plaintext fileb://s.txt --query CiphertextBlob --output text > s.b64`);
    backend.batches = [];
    await host.save();
    expect(backend.batches).toHaveLength(1);
    const batch = backend.batches[0]!;
    expect(batch.full).toBe(false);
    // Encrypt is read-only for the catalog: one key row, the new files, the new events.
    expect(batch.keys.putRows.map(([id]) => id)).toEqual([keyId]);
    expect(batch.keys.putChunks).toEqual([]);
    expect(batch.catalog).toBeUndefined();
    expect(batch.putFiles.map((f) => f.path).sort()).toEqual(['/home/learner', '/home/learner/s.b64', '/home/learner/s.txt']);
    expect(batch.audit.putRows).toHaveLength(1);
    expect(batch.audit.putChunks).toHaveLength(0);

    const again = await openSandboxHost(backend, { later: idle.later });
    expect(again.notice).toMatch(/^Welcome back/);
    expect(again.status()).toEqual({ kind: 'ok' });
    expect(await state(again.sandbox)).toEqual(await state(host.sandbox));
    expect(await run(again, 'base64 -d s.b64 > s.bin && aws kms decrypt --ciphertext-blob fileb://s.bin --query Plaintext --output text | base64 -d')).toBe('secret\n');
  });

  it('keeps custom key stores and the keys in them across a reload', async () => {
    const backend = new MemoryBackend();
    const host = await openSandboxHost(backend);
    const store = (
      await run(
        host,
        `aws kms create-custom-key-store --custom-key-store-name x --custom-key-store-type EXTERNAL_KEY_STORE --xks-proxy-connectivity PUBLIC_ENDPOINT --xks-proxy-uri-endpoint https://xks.example.com --xks-proxy-uri-path /kms/xks/v1 --xks-proxy-authentication-credential AccessKeyId=ABCDEFGHIJ234567ABCD,RawSecretAccessKey=${'a'.repeat(43)} --query CustomKeyStoreId --output text`,
      )
    ).trim();
    await run(host, `aws kms connect-custom-key-store --custom-key-store-id ${store}`);
    const keyId = (await run(host, `aws kms create-key --origin EXTERNAL_KEY_STORE --custom-key-store-id ${store} --xks-key-id k1 --query KeyMetadata.KeyId --output text`)).trim();
    await host.save();
    const again = await openSandboxHost(backend);
    expect(again.status()).toEqual({ kind: 'ok' });
    expect(await run(again, `aws kms describe-custom-key-stores --query 'CustomKeyStores[].[CustomKeyStoreId,ConnectionState]' --output text`)).toBe(`${store}\tCONNECTED\n`);
    expect(await run(again, `aws kms describe-key --key-id ${keyId} --query KeyMetadata.[CustomKeyStoreId,XksKeyConfiguration.Id] --output text`)).toBe(`${store}\tk1\n`);
  });

  it('keeps the key order, removed files and directories, and prunes the audit window to the memory bound, in chunks', async () => {
    const backend = new RecordingBackend();
    const idle = manualLater();
    const host = await openSandboxHost(backend, { later: idle.later });
    await host.save();
    for (let i = 0; i < 3; i++) await run(host, 'aws kms create-key --output text --query KeyMetadata.KeyId');
    await run(host, 'mkdir -p a/b && echo x > a/b/x && echo y > a-b && mv a c && rm -r c');
    for (let i = 0; i < AUDIT_MEMORY_LIMIT + 20; i++) await host.sandbox.kms.listKeys({ Limit: 1 });
    await host.save();
    // The newest AUDIT_MEMORY_LIMIT events, as chunks of AUDIT_CHUNK and rows for the unfinished last one.
    const count = host.sandbox.kms.auditCount();
    const held = [...backend.stores.auditChunks.values(), ...backend.stores.audit.values()].flatMap((v) => (v as { events?: unknown[] }).events ?? [v]);
    expect(held).toHaveLength(AUDIT_MEMORY_LIMIT);
    expect(backend.stores.audit.size).toBe(count % AUDIT_CHUNK);
    expect(backend.stores.auditChunks.size).toBeLessThanOrEqual(AUDIT_MEMORY_LIMIT / AUDIT_CHUNK + 1);
    expect([...backend.stores.files.keys()].filter((p) => p.startsWith('/home/learner/'))).toEqual(['/home/learner/a-b']);
    const again = await openSandboxHost(backend, { later: idle.later });
    expect(again.sandbox.kms.names().keyIds).toEqual(host.sandbox.kms.names().keyIds);
    expect(await state(again.sandbox)).toEqual(await state(host.sandbox));
  });

  it('a sim reset makes the next save a full one, and the old keys are gone from the store', async () => {
    const backend = new RecordingBackend();
    const host = await openSandboxHost(backend, { later: manualLater().later, confirm: async () => true });
    await run(host, 'aws kms create-key --output text --query KeyMetadata.KeyId');
    await host.save();
    await run(host, 'sim reset');
    await host.save();
    expect(backend.batches.at(-1)!.full).toBe(true);
    const stored = [...backend.stores.keyChunks.values()].flatMap((chunk) => (chunk as { keys: unknown[] }).keys);
    expect(backend.stores.keys.size).toBe(0);
    expect(stored).toHaveLength(host.sandbox.kms.names().keyIds.length);
  });
});

describe('two tabs', () => {
  it('never overwrites the other tab’s newer work, and says so', async () => {
    const backend = new MemoryBackend();
    const a = await openSandboxHost(backend, { later: manualLater().later });
    const b = await openSandboxHost(backend, { later: manualLater().later });
    await run(b, 'echo from-b > b.txt');
    await b.save();
    const statuses: string[] = [];
    a.onStatus((s) => statuses.push(s.kind));
    await run(a, 'echo from-a > a.txt');
    await a.save();
    expect(a.status()).toEqual({ kind: 'other-tab', message: OTHER_TAB_MESSAGE });
    expect(statuses).toEqual(['other-tab']);
    const c = await openSandboxHost(backend, { later: manualLater().later });
    expect(await run(c, 'ls')).toBe('b.txt\n');
    // A stays quiet from then on: nothing more is written.
    await run(a, 'echo more > more.txt');
    await a.save();
    expect(await run(await openSandboxHost(backend, { later: manualLater().later }), 'ls')).toBe('b.txt\n');
  });
});

describe('failed saves', () => {
  it('are reported once, and cleared by the next save that works (which writes everything)', async () => {
    const backend = new RecordingBackend();
    const host = await openSandboxHost(backend, { later: manualLater().later });
    await host.save();
    backend.failWith = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    await run(host, 'echo lost > x.txt');
    await host.save();
    const failed = host.status();
    expect(failed.kind).toBe('save-failed');
    expect((failed as { message: string }).message).toMatch(/QuotaExceededError: The quota has been exceeded.*will not be kept/);
    backend.failWith = undefined;
    await run(host, 'echo kept > y.txt');
    await host.save();
    expect(host.status()).toEqual({ kind: 'ok' });
    expect(backend.batches.at(-1)!.full).toBe(true);
    expect(await run(await openSandboxHost(backend, { later: manualLater().later }), 'ls')).toBe('x.txt\ny.txt\n');
  });

  it('without storage, the host says work will not be kept', async () => {
    const host = await openSandboxHost(undefined, { later: manualLater().later });
    expect(host.status().kind).toBe('save-failed');
    await run(host, 'echo hi');
    await host.save();
  });
});

/** The first key record in the store's first chunk (a full save leaves every key in chunks). */
const firstKey = (b: MemoryBackend) => ([...b.stores.keyChunks.values()][0] as { keys: { record: object }[] }).keys[0]!.record;

describe('damaged and other versions’ records', () => {
  async function savedBackend() {
    const backend = new MemoryBackend();
    const host = await openSandboxHost(backend, { later: manualLater().later });
    await run(host, 'aws kms create-key --output text --query KeyMetadata.KeyId && echo a > a.txt');
    await host.save();
    return backend;
  }

  it.each([
    ['a thin audit event', (b: MemoryBackend) => b.stores.audit.set(1, { seq: 1, event: { eventName: 'X', eventTime: '2026-01-01T00:00:00Z' } }), /^Your saved sandbox was damaged \(audit\.0\.eventVersion: expected "1\.08"/],
    ['null variables', (b: MemoryBackend) => Object.assign(b.stores.meta.get('sandbox') as object, { shell: { cwd: '/', variables: null } }), /\(shell\.variables: expected an object, got null\)/],
    ['a bad date', (b: MemoryBackend) => Object.assign(firstKey(b), { creationDate: new Date(Number.NaN) }), /keys\.0\.creationDate: expected a valid date/],
    ['a current version out of range', (b: MemoryBackend) => Object.assign(firstKey(b), { current: 7 }), /keys\.0: current material version out of range/],
    ['a wrong type', (b: MemoryBackend) => Object.assign(b.stores.meta.get('sandbox') as object, { auditCount: 'many' }), /meta\.auditCount: expected an integer, got string/],
    ['file bytes as text', (b: MemoryBackend) => Object.assign(b.stores.files.get('/home/learner/a.txt') as object, { data: 'YQo=' }), /\/home\/learner\/a\.txt has invalid bytes/],
  ])('%s: kept aside, reported by part, exportable, and a new sandbox starts', async (_, damage, message) => {
    const backend = await savedBackend();
    damage(backend);
    const host = await openSandboxHost(backend, { later: manualLater().later });
    const status = host.status();
    expect(status.kind).toBe('damaged');
    expect((status as { message: string }).message).toMatch(message);
    expect(host.notice).toBe((status as { message: string }).message);
    const exported = (status as { exportDamaged(): unknown }).exportDamaged();
    expect(() => JSON.stringify(exported)).not.toThrow();
    expect(JSON.stringify(exported)).toContain('/home/learner/a.txt');
    expect(await run(host, 'ls')).toBe('');
    await run(host, 'echo new > n.txt');
    await host.save();
    const backups = [...backend.stores.backups.keys()];
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^sandbox-damaged-\d{4}-/);
    expect(await run(await openSandboxHost(backend, { later: manualLater().later }), 'ls')).toBe('n.txt\n');
  });

  it('a record from a newer version is called that, not damaged', async () => {
    const backend = await savedBackend();
    Object.assign(backend.stores.meta.get('sandbox') as object, { version: 99 });
    const host = await openSandboxHost(backend, { later: manualLater().later });
    expect(host.status().kind).toBe('damaged');
    expect((host.status() as { message: string }).message).toMatch(/^Your saved sandbox was saved by a newer version of KMS Lab \(format version 99; this page reads version 3\)/);
  });
});

describe('the one-record format of earlier versions', () => {
  it('is continued, written in the new layout, and kept aside', async () => {
    const old = await Sandbox.create({ seed: 4 });
    await runText(old.session, 'aws kms create-key --description old >/dev/null && echo kept > k.txt && export V=1');
    const backend = new MemoryBackend();
    backend.stores.snapshots.set('sandbox', structuredClone(old.image()));
    const host = await openSandboxHost(backend, { later: manualLater().later });
    expect(host.notice).toMatch(/^Welcome back/);
    expect(await state(host.sandbox)).toEqual(await state(old));
    await host.save();
    expect(backend.stores.snapshots.has('sandbox')).toBe(false);
    expect([...backend.stores.backups.keys()][0]).toMatch(/^sandbox-v1-/);
    const again = await openSandboxHost(backend, { later: manualLater().later });
    expect(await state(again.sandbox)).toEqual(await state(old));
  });

  it('a damaged one (null variables) is reported by part and kept aside; a newer one as a newer version', async () => {
    const old = await Sandbox.create({ seed: 4 });
    const backend = new MemoryBackend();
    backend.stores.snapshots.set('sandbox', { ...structuredClone(old.image()), shell: { cwd: '/', variables: null } });
    const host = await openSandboxHost(backend, { later: manualLater().later });
    expect((host.status() as { message: string }).message).toMatch(/damaged \(shell\.variables: expected an object, got null\)/);

    const newer = new MemoryBackend();
    newer.stores.snapshots.set('sandbox', { ...structuredClone(old.image()), version: 3 });
    const told = await openSandboxHost(newer, { later: manualLater().later });
    expect((told.status() as { message: string }).message).toMatch(/^Your saved sandbox was saved by a newer version of KMS Lab/);
  });
});
