/**
 * Tries a call again as another principal on a throwaway copy of the simulator, so a hint
 * can say "this works as profile admin" only when it does (key policies, grants, key states and all).
 */
import { KmsError } from '../kms/errors.ts';
import type { Kms } from '../kms/kms.ts';
import { restoreSnapshot, takeSnapshot, type Snapshot } from '../kms/store.ts';
import { kmsMethod } from './model.ts';

export type ProbeOutcome = { ok: true } | { ok: false; code: string; message: string };

export interface Probe {
  /** What `operation` with `params` answers when `principal` calls it now. Nothing changes in the learner's sandbox. */
  (principal: string, operation: string, params: Record<string, unknown>): Promise<ProbeOutcome>;
}

/**
 * One probe per failed call. The snapshot is taken once, without the audit log (the copies
 * never need it and it is the part that grows); every try starts from a fresh copy of it.
 */
export function createProbe(kms: Kms): Probe {
  let snapshot: Snapshot | undefined;
  return async (principal, operation, params) => {
    const method = kmsMethod(operation);
    if (!method || !kms.principals().some((p) => p.name === principal)) return { ok: false, code: 'Unavailable', message: '' };
    snapshot ??= { ...takeSnapshot(kms), audit: [] };
    const copy = restoreSnapshot(snapshot);
    copy.setCaller(principal);
    try {
      await (copy[method] as (input: unknown) => Promise<unknown>).call(copy, params);
      return { ok: true };
    } catch (e) {
      if (!(e instanceof KmsError)) throw e;
      // A dry run that got this far would have worked.
      return e.name === 'DryRunOperationException' ? { ok: true } : { ok: false, code: e.name, message: e.message };
    }
  };
}
