// The speed work (pooled randomness, the due-event schedule, preshaped audit records, one-allocation blobs) changes no output.
import { describe, expect, it } from 'vitest';
import { Kms } from '../../src/kms/kms.ts';
import type { TraceEvent } from '../../src/kms/trace.ts';
import { scriptedSession } from './scripted-session.ts';

/** JSON that also shows members set to undefined, so a stray `key: undefined` would differ too. */
const json = (value: unknown) => `${JSON.stringify(value, (_k, v: unknown) => (v === undefined ? '«undefined»' : v), 2)}\n`;

describe('a scripted seeded session, pinned before the speed work', () => {
  it('writes exactly the same audit log and returns exactly the same IDs, ciphertexts and data keys', async () => {
    const kms = await Kms.create({ seed: 2026 });
    const outputs = await scriptedSession(kms);
    await expect(json(kms.auditLog())).toMatchFileSnapshot('./__snapshots__/scripted-session.audit.json');
    await expect(json(outputs)).toMatchFileSnapshot('./__snapshots__/scripted-session.outputs.json');
  });

  it('with a trace listener: the same audit log, and the same trace events', async () => {
    const kms = await Kms.create({ seed: 2026 });
    const traces: TraceEvent[] = [];
    kms.subscribe((event) => traces.push(event));
    await scriptedSession(kms);
    await expect(json(kms.auditLog())).toMatchFileSnapshot('./__snapshots__/scripted-session.audit.json');
    await expect(json(traces)).toMatchFileSnapshot('./__snapshots__/scripted-session.traces.json');
  });
});
