// The saved sandbox in Chromium's IndexedDB: two tabs, a full disk, damaged and newer records, a big file, 1,000 keys.
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newWatchedPage, useBrowser } from './browser.ts';

const siteUrl = inject('siteUrl');
const lessonUrl = new URL('lessons/data-keys/', siteUrl).href;
const browser = useBrowser();

interface Status {
  kind: string;
  message?: string;
}

/** Opens the lesson and waits for the sandbox host (window.kmsLab.host). */
async function openHost(page: Page): Promise<void> {
  await page.goto(lessonUrl);
  await page.locator('#sandbox').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.kmsLab?.host !== undefined, undefined, { timeout: 30_000 });
}

/** Runs a line in the page's sandbox: stdout and the exit status. */
async function run(page: Page, line: string): Promise<{ stdout: string; exitCode: number }> {
  return page.evaluate(async (text) => {
    const result = await window.kmsLab!.host.sandbox.session.run(text);
    return { stdout: new TextDecoder().decode(result.stdout), exitCode: result.exitCode };
  }, line);
}

const save = (page: Page) => page.evaluate(() => window.kmsLab!.host.save());
const status = (page: Page) => page.evaluate(() => window.kmsLab!.host.status() as Status);

/** Writes straight into the saved stores, as a damaged disk or a newer KMS Lab would. */
async function tamper(page: Page, change: 'thin-audit' | 'newer-version'): Promise<void> {
  await page.evaluate(async (what) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('kms-lab');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['meta', 'audit'], 'readwrite');
    if (what === 'thin-audit') {
      tx.objectStore('audit').put({ seq: 1, event: { eventName: 'Odd', eventTime: '2026-01-01T00:00:00Z' } }, 1);
    } else {
      const meta = tx.objectStore('meta');
      const req = meta.get('sandbox');
      req.onsuccess = () => meta.put({ ...req.result, version: 99 }, 'sandbox');
    }
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, change);
}

async function freshContext(): Promise<BrowserContext> {
  return browser().newContext({ viewport: { width: 1280, height: 900 } });
}

describe('the saved sandbox', () => {
  it('two tabs: B’s newer work is never overwritten by A, and A is told', async () => {
    const context = await freshContext();
    try {
      const a = await context.newPage();
      await openHost(a);
      await run(a, 'echo first > first.txt');
      await save(a);
      const b = await context.newPage();
      await openHost(b);
      expect((await run(b, 'cat first.txt')).stdout).toBe('first\n');
      await run(b, 'echo from-b > b.txt');
      await save(b);
      await run(a, 'echo from-a > a.txt');
      await save(a);
      await a.waitForFunction(() => window.kmsLab!.host.status().kind === 'other-tab');
      expect((await status(a)).message).toBe('This sandbox was changed in another tab. Reload to continue with the newer work.');
      const c = await context.newPage();
      await openHost(c);
      expect((await run(c, 'ls b.txt a.txt 2>/dev/null')).stdout).toBe('b.txt\n');
    } finally {
      await context.close();
    }
  });

  it('a full disk: the failure is reported, and a later save that works clears it', async () => {
    const context = await freshContext();
    try {
      await context.addInitScript(() => {
        const put = IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = function (...args: Parameters<typeof put>) {
          if ((window as { failPuts?: boolean }).failPuts) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return put.apply(this, args);
        };
      });
      const page = await context.newPage();
      await openHost(page);
      await page.evaluate(() => ((window as { failPuts?: boolean }).failPuts = true));
      await run(page, 'echo lost > lost.txt');
      await save(page);
      const failed = await status(page);
      expect(failed.kind).toBe('save-failed');
      expect(failed.message).toMatch(/QuotaExceededError/);
      await page.evaluate(() => ((window as { failPuts?: boolean }).failPuts = false));
      await run(page, 'echo kept > kept.txt');
      await save(page);
      expect((await status(page)).kind).toBe('ok');
      await openHost(page);
      expect((await run(page, 'cat lost.txt kept.txt')).stdout).toBe('lost\nkept\n');
    } finally {
      await context.close();
    }
  });

  it('a corrupt record and a newer-version record are kept aside, reported as such, and exportable', async () => {
    for (const [change, wording] of [
      ['thin-audit', /^Your saved sandbox was damaged \(audit\.0\.eventVersion/],
      ['newer-version', /^Your saved sandbox was saved by a newer version of KMS Lab/],
    ] as const) {
      const context = await freshContext();
      try {
        const page = await context.newPage();
        await openHost(page);
        await run(page, 'echo mine > mine.txt');
        await save(page);
        await tamper(page, change);
        await openHost(page);
        const told = await status(page);
        expect(told.kind).toBe('damaged');
        expect(told.message).toMatch(wording);
        const exported = await page.evaluate(() => JSON.stringify((window.kmsLab!.host.status() as { exportDamaged(): unknown }).exportDamaged()));
        expect(exported).toContain('mine.txt');
        await run(page, 'echo new > new.txt');
        await save(page);
        const backups = await page.evaluate(async () => {
          const db = await new Promise<IDBDatabase>((resolve) => {
            const req = indexedDB.open('kms-lab');
            req.onsuccess = () => resolve(req.result);
          });
          const keys = await new Promise<IDBValidKey[]>((resolve) => {
            const req = db.transaction('backups').objectStore('backups').getAllKeys();
            req.onsuccess = () => resolve(req.result);
          });
          db.close();
          return keys.map(String);
        });
        expect(backups).toHaveLength(1);
        expect(backups[0]).toMatch(/^sandbox-damaged-/);
      } finally {
        await context.close();
      }
    }
  });

  it('an old tab holding the version-1 database open: the page says that, not "no storage", and works unsaved; after it goes, a reload is as usual', async () => {
    const context = await freshContext();
    try {
      // A page without a sandbox, holding the database at version 1 and ignoring requests to let go, as a tab of the old site did.
      const old = await context.newPage();
      await old.goto(new URL('guides/how-faithful/', siteUrl).href);
      await old.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const req = indexedDB.open('kms-lab', 1);
            req.onupgradeneeded = () => req.result.createObjectStore('snapshots');
            req.onsuccess = () => {
              (window as unknown as { oldDb: IDBDatabase }).oldDb = req.result;
              resolve();
            };
            req.onerror = () => reject(req.error);
          }),
      );
      const page = await context.newPage();
      await openHost(page);
      const blocked = await status(page);
      expect(blocked.kind).toBe('save-failed');
      expect(blocked.message).toMatch(/^Another KMS Lab tab is still open with an older version of this site.*close it or reload it/);
      expect(blocked.message).not.toMatch(/no storage/);
      expect((await run(page, 'echo works')).stdout).toBe('works\n');
      await old.close();
      await openHost(page);
      expect((await status(page)).kind).toBe('ok');
      await run(page, 'echo kept > k.txt');
      await save(page);
      await openHost(page);
      expect((await run(page, 'cat k.txt')).stdout).toBe('kept\n');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('what a command changed survives leaving the page in the same task (no time for the idle save)', async () => {
    const context = await freshContext();
    try {
      const page = await context.newPage();
      await openHost(page);
      const keyCount = async () => Number((await run(page, "aws kms list-keys --query 'length(Keys)' --output text")).stdout);
      const before = await keyCount();
      for (const [i, name] of ['first', 'second', 'third'].entries()) {
        const loaded = page.waitForEvent('load');
        // The reload starts right after the command ends, before any idle callback or IndexedDB event can run.
        await page.evaluate(async (file) => {
          await window.kmsLab!.host.sandbox.session.run(`echo ${file} > ${file}.txt && aws kms create-key --description ${file} >/dev/null`);
          location.reload();
        }, name);
        await loaded;
        await openHost(page);
        expect((await run(page, `cat ${name}.txt`)).stdout).toBe(`${name}\n`);
        expect(await keyCount()).toBe(before + i + 1);
      }
      expect((await status(page)).kind).toBe('ok');
    } finally {
      await context.close();
    }
  });

  it('leaving just as a save has started keeps what the command did', async () => {
    const context = await freshContext();
    try {
      const page = await context.newPage();
      await openHost(page);
      const loaded = page.waitForEvent('load');
      await page.evaluate(async () => {
        const host = window.kmsLab!.host;
        await host.sandbox.session.run('echo one > one.txt && echo two > two.txt');
        // A save starts (its next step waits for an IndexedDB event that will not run), and the page leaves.
        void host.save();
        location.reload();
      });
      await loaded;
      await openHost(page);
      expect((await run(page, 'cat one.txt two.txt')).stdout).toBe('one\ntwo\n');
      expect((await status(page)).kind).toBe('ok');
    } finally {
      await context.close();
    }
  });

  it('a 4 MiB file survives a reload, byte for byte', async () => {
    const context = await freshContext();
    try {
      const page = await context.newPage();
      await openHost(page);
      expect((await run(page, 'openssl rand -out big.bin 4194304 && sha256sum big.bin')).exitCode).toBe(0);
      const before = (await run(page, 'sha256sum big.bin')).stdout;
      await save(page);
      await openHost(page);
      expect((await status(page)).kind).toBe('ok');
      expect((await run(page, 'sha256sum big.bin')).stdout).toBe(before);
    } finally {
      await context.close();
    }
  });

  it('1,000 keys with their aliases and audit window are restored as they were', async () => {
    const { page, context, problems } = await newWatchedPage(browser(), { viewport: { width: 1280, height: 900 } });
    try {
      await openHost(page);
      await page.evaluate(async () => {
        const kms = window.kmsLab!.host.sandbox.kms;
        for (let i = 0; i < 1000; i++) {
          // Hand the thread back now and then, as a learner's commands do.
          if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
          const { KeyMetadata } = await kms.createKey({ Description: `key ${i}` });
          if (i % 10 === 0) await kms.createAlias({ AliasName: `alias/k${i}`, TargetKeyId: KeyMetadata.KeyId });
        }
      });
      await run(page, 'echo done');
      const read = () =>
        page.evaluate(() => {
          const kms = window.kmsLab!.host.sandbox.kms;
          return { ids: kms.names().keyIds, aliases: kms.names().aliasNames, count: kms.auditCount(), events: kms.auditLog().map((e) => e.eventID) };
        });
      const before = await read();
      await save(page);
      await openHost(page);
      const after = await read();
      expect(after).toEqual(before);
      expect(after.ids.length).toBeGreaterThan(1000);
      expect(after.events).toHaveLength(1000);
      // Read from a few dozen records, not one per key and per event: keys and events lie in chunks of 100.
      const records = await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('kms-lab');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const tx = db.transaction(['keys', 'audit']);
        const count = (name: string) =>
          new Promise<number>((resolve) => {
            const req = tx.objectStore(name).count();
            req.onsuccess = () => resolve(req.result);
          });
        const counts = { keys: await count('keys'), audit: await count('audit') };
        db.close();
        return counts;
      });
      expect(records.keys).toBeLessThanOrEqual(11 + 63);
      expect(records.audit).toBeLessThanOrEqual(11 + 99);
      const keyId = after.ids.at(-1)!;
      expect((await run(page, `aws kms encrypt --key-id ${keyId} --plaintext aGk= --query KeyId --output text`)).stdout).toContain(keyId);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);
});
