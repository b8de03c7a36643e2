// Operations whose code loads on first use (src/kms/on-demand.ts): one load however many calls wait for it, and a failed load fails the call the way the simulator's own faults do, then is tried again.
import { describe, expect, it, vi } from 'vitest';
import { Kms } from '../../src/kms/kms.ts';
import { onDemand } from '../../src/kms/on-demand.ts';

/** Whether the mocked MAC module fails to load, as a chunk fetched while offline would. */
const offline = vi.hoisted(() => ({ value: false, loads: 0 }));

vi.mock('../../src/kms/ops/mac-ops.ts', async (importOriginal) => {
  offline.loads++;
  if (offline.value) throw new Error('Failed to fetch dynamically imported module');
  return importOriginal();
});

describe('onDemand', () => {
  it('imports once for calls that wait together, then has the module ready', async () => {
    const importer = vi.fn(async () => ({ answer: 42 }));
    const ops = onDemand(importer);
    expect(ops.ready).toBeUndefined();
    const [a, b] = await Promise.all([ops.load(), ops.load()]);
    expect(a).toBe(b);
    expect(ops.ready).toBe(a);
    await ops.load();
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed import, so the next use tries again', async () => {
    let fail = true;
    const importer = vi.fn(async () => {
      if (fail) throw new Error('offline');
      return { answer: 42 };
    });
    const ops = onDemand(importer);
    await expect(ops.load()).rejects.toThrow('offline');
    expect(ops.ready).toBeUndefined();
    fail = false;
    expect((await ops.load()).answer).toBe(42);
    expect(importer).toHaveBeenCalledTimes(2);
  });
});

describe('an operation whose module cannot load', () => {
  it('fails as KMSInternalException, audited, after validation, and works once the module loads', async () => {
    const kms = await Kms.create({ seed: 7 });
    const { KeyId } = (await kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    const input = { KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: new TextEncoder().encode('hello') };
    offline.value = true;
    const error = await kms.generateMac(input).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ name: 'KMSInternalException' });
    expect((error as Error).message).toMatch(/^The simulator failed unexpectedly: /);
    expect(kms.auditLog().at(-1)).toMatchObject({ eventName: 'GenerateMac', errorCode: 'KMSInternalException' });
    // The request is still validated first: a malformed one gets its validation error, not the load failure.
    await expect(kms.verifyMac({ ...input, Message: new Uint8Array(0), Mac: new Uint8Array(32) })).rejects.toMatchObject({ name: 'ValidationException' });

    offline.value = false;
    const loadsBefore = offline.loads;
    const { Mac } = await kms.generateMac(input);
    expect(Mac).toHaveLength(32);
    expect(offline.loads).toBe(loadsBefore + 1);
    expect(kms.auditLog().at(-1)).toMatchObject({ eventName: 'GenerateMac' });
    expect(kms.auditLog().at(-1)!.errorCode).toBeUndefined();
  });
});
