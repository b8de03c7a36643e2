import { describe, expect, it } from 'vitest';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

async function sandbox(options: { seed?: number } = { seed: 5 }) {
  const box = await Sandbox.create(options);
  return { box, run: (line: string) => runText(box.session, line) };
}

describe('sim time at the edge of what dates can hold', () => {
  for (const [name, options] of [['seeded', { seed: 5 }], ['live', {}]] as const) {
    it(`refuses +300000y with a clear error and status 1, and leaves the ${name} clock and everything else as they were`, async () => {
      const { box, run } = await sandbox(options);
      const before = box.kms.now().getTime();
      for (const amount of ['+300000y', `+${'9'.repeat(400)}y`, '+8000y']) {
        const refused = await run(`sim time ${amount}`);
        expect(refused.exitCode).toBe(1);
        expect(refused.stderr).toMatch(new RegExp(`^sim: time: \\${amount.slice(0, 20)}.* would take the clock past 9990-01-01 00:00:00 UTC \\(simulated\\), the latest date the simulation can hold; it stays at `));
        expect(refused.stderr).not.toMatch(/internal error|Invalid time value/);
      }
      expect(box.kms.now().getTime() - before).toBeLessThan(60_000);
      // The sandbox still works, and what it stores restores.
      const created = await run('aws kms create-key --query KeyMetadata.CreationDate --output text');
      expect(created.exitCode).toBe(0);
      expect(created.stderr).toBe('');
      expect(() => Sandbox.fromImage(structuredClone(box.image()))).not.toThrow();
    });
  }

  it('goes to the bound in steps, then refuses one minute more; keys made there restore', async () => {
    const { box, run } = await sandbox();
    const keyId = (await run('aws kms create-key --query KeyMetadata.KeyId --output text')).stdout.trim();
    expect((await run(`aws kms enable-key-rotation --key-id ${keyId} --rotation-period-in-days 2560`)).exitCode).toBe(0);
    expect((await run('sim time +7960y')).exitCode).toBe(0);
    const headroom = box.kms.engine.clock.headroom();
    expect((await run(`sim time +${Math.floor(headroom / 60_000)}m`)).exitCode).toBe(0);
    const last = await run('sim time +1m');
    expect(last.exitCode).toBe(1);
    expect((await run('sim time')).stdout).toMatch(/^9989-12-31 23:5\d:\d\d UTC \(simulated\)\n$/);
    const made = await run('aws kms create-key --query KeyMetadata.CreationDate --output text');
    expect(made.stdout).toMatch(/^9989-12-31T23:5/);
    const rotation = await run(`aws kms get-key-rotation-status --key-id ${keyId} --query NextRotationDate --output text`);
    expect(rotation.exitCode).toBe(0);
    expect(rotation.stdout).toMatch(/^999\d-/);
    expect(() => Sandbox.fromImage(structuredClone(box.image()))).not.toThrow();
  });
});
