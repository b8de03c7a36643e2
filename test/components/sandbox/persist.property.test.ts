// Random sandboxes, files up to 16 MiB included, saved to the stores and restored: the same sandbox comes back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../src/components/sandbox/persist-backend.ts';
import { openSandboxHost } from '../../../src/components/sandbox/sandbox-host.ts';
import type { Later } from '../../../src/components/sandbox/persist-scheduler.ts';
import { runText } from '../../../src/shell/run.ts';
import type { Sandbox } from '../../../src/shell/sandbox.ts';

const never: Later = () => () => undefined;
const MiB = 1024 * 1024;

type Step =
  | { kind: 'file'; name: string; size: number; seed: number }
  | { kind: 'rm'; name: string }
  | { kind: 'key'; description: string }
  | { kind: 'alias'; name: string }
  | { kind: 'var'; name: string; value: string }
  | { kind: 'mkdir'; name: string }
  | { kind: 'fail' };

const name = fc.constantFrom('a', 'b', 'c.bin', 'd/e', 'd/f.txt');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('file' as const), name, size: fc.constantFrom(0, 1, 4096, 65_537, 3_300_000, 16 * MiB), seed: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('rm' as const), name }),
  fc.record({ kind: fc.constant('key' as const), description: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('alias' as const), name: fc.constantFrom('alias/x', 'alias/y') }),
  fc.record({ kind: fc.constant('var' as const), name: fc.constantFrom('A', 'B_2'), value: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('mkdir' as const), name: fc.constantFrom('d', 'g/h') }),
  fc.record({ kind: fc.constant('fail' as const) }),
);

async function apply(box: Sandbox, s: Step): Promise<void> {
  const vfs = box.session.vfs;
  const path = `/home/learner/${s.kind === 'file' || s.kind === 'rm' || s.kind === 'mkdir' ? s.name : ''}`;
  switch (s.kind) {
    case 'file': {
      const data = new Uint8Array(s.size);
      for (let i = 0; i < data.length; i += 997) data[i] = (i * 31 + s.seed) & 0xff;
      try {
        vfs.mkdir(path.slice(0, path.lastIndexOf('/')), { parents: true });
        vfs.writeFile(path, data);
      } catch {
        // A directory in the way: as the shell would say, nothing written.
      }
      return;
    }
    case 'rm':
      await runText(box.session, `rm -rf ${s.name}`);
      return;
    case 'mkdir':
      await runText(box.session, `mkdir -p ${s.name}`);
      return;
    case 'key':
      await box.kms.createKey({ Description: s.description });
      return;
    case 'alias': {
      const keyId = box.kms.names().keyIds.at(-1)!;
      await box.kms.createAlias({ AliasName: s.name, TargetKeyId: keyId }).catch(() => undefined);
      return;
    }
    case 'var':
      await runText(box.session, `export ${s.name}=${JSON.stringify(s.value).replace(/\$/g, '\\$')}`);
      return;
    case 'fail':
      await box.kms.describeKey({ KeyId: 'alias/none' }).catch(() => undefined);
  }
}

function picture(box: Sandbox) {
  return {
    files: box.session.vfs.records().sort((a, b) => (a.path < b.path ? -1 : 1)),
    keys: box.kms.inventory(),
    names: box.kms.names(),
    audit: box.kms.auditLog(),
    counts: [box.kms.auditCount(), box.kms.auditFailures()],
    shell: box.session.image(),
    // A live clock's last reading moves with the wall clock; its offset is what is saved.
    clock: (({ mode, value }) => ({ mode, value }))(box.kms.engine.clock.snapshot()),
    random: box.kms.engine.random.state(),
  };
}

describe('save and restore through the stores', () => {
  it('gives back the same sandbox, saving after every few steps or only at the end', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), async (steps, every) => {
        const backend = new MemoryBackend();
        const host = await openSandboxHost(backend, { later: never });
        for (const [i, s] of steps.entries()) {
          await apply(host.sandbox, s);
          if (i % every === 0) await host.save();
        }
        await host.save();
        const again = await openSandboxHost(backend, { later: never });
        expect(again.status()).toEqual({ kind: 'ok' });
        expect(picture(again.sandbox)).toEqual(picture(host.sandbox));
      }),
      { numRuns: 25, seed: 1914 },
    );
  }, 240_000);
});
