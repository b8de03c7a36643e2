/**
 * Tries a call again as another principal on a throwaway copy of the simulator, so a hint
 * can say "this works as profile admin" only when it does (key policies, grants, key states and all).
 * It stays in the CLI chunk (hints.ts makes the probe, service-hints.ts asks it), small as it is:
 * with it there the bundler keeps the simulator in the sandbox's start-up chunk (measured).
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

/** Who asks: the simulator, the caller's profile and a probe of that simulator. */
export interface ProbeCaller {
  kms: Kms;
  principal: { name: string };
  probe: Probe;
}

/** Profiles tried when a hint looks for one that works: least powerful first, the root user last. */
const PROFILE_ORDER = ['admin', 'app', 'auditor', 'root'];

/**
 * Which profiles the call works for, tried on copies of the sandbox. `self` is whether it
 * works for the caller's own profile (for advice that names a different command).
 */
export async function whoCan(ctx: ProbeCaller, operation: string, params: Record<string, unknown>, includeSelf: boolean) {
  const names = ctx.kms.principals().map((p) => p.name);
  const order = [...PROFILE_ORDER.filter((n) => names.includes(n)), ...names.filter((n) => !PROFILE_ORDER.includes(n))];
  const works: string[] = [];
  const otherwise: { name: string; code: string; message: string }[] = [];
  let self = false;
  for (const name of order) {
    if (name === ctx.principal.name && !includeSelf) continue;
    const outcome = await ctx.probe(name, operation, params);
    if (name === ctx.principal.name) self = outcome.ok;
    else if (outcome.ok) works.push(name);
    else if (outcome.code !== 'AccessDeniedException') otherwise.push({ name, code: outcome.code, message: outcome.message });
  }
  return { self, works, otherwise };
}

/** ` --profile NAME` when the caller's own profile cannot run the suggested command but another can; undefined when none can. */
export async function profileFor(ctx: ProbeCaller, operation: string, params: Record<string, unknown>): Promise<string | undefined> {
  const { self, works } = await whoCan(ctx, operation, params, true);
  if (self) return '';
  return works[0] === undefined ? undefined : ` --profile ${works[0]}`;
}
