/**
 * Live reads of the sandbox for the panels. The simulator has no "state
 * changed" signal of its own that survives `sim reset` (which replaces the
 * whole Kms), so the panels listen to the session instead and re-read the
 * current Kms through a getter after every event that may have changed it.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { AuditEvent } from '../../kms/audit.ts';
import type { KeySummary, Kms } from '../../kms/kms.ts';
import type { Session, SessionEvent } from '../../shell/run.ts';
import type {} from '../../shell/sandbox.ts'; // declares the session's 'kms' and 'reset' events

/**
 * Events after which keys or the log may differ: every KMS call (and
 * rotation/deletion), a reset, and each command line as a catch-all for
 * anything else a command may change (one extra re-read per line is cheap).
 * Terminal output and file events arrive often and change nothing here.
 */
const REFRESH_ON: ReadonlySet<SessionEvent['type']> = new Set<SessionEvent['type']>(['kms', 'reset', 'command']);

export function refreshesPanels(event: SessionEvent): boolean {
  return REFRESH_ON.has(event.type);
}

export interface ChangeCounter {
  subscribe(onChange: () => void): () => void;
  version(): number;
}

/**
 * A number that grows whenever the panels should re-read: the stable
 * snapshot useSyncExternalStore needs (inventory() builds new arrays on each
 * call and the audit log is one array mutated in place, so neither can be
 * compared by identity).
 */
export function createChangeCounter(session: Pick<Session, 'subscribe'>): ChangeCounter {
  let version = 0;
  return {
    subscribe(onChange) {
      // Whatever happened while nobody listened (between render and subscribe) counts as a change.
      version++;
      return session.subscribe((event) => {
        if (!refreshesPanels(event)) return;
        version++;
        onChange();
      });
    },
    version: () => version,
  };
}

/** A read of the simulator for one panel: a pure function of the Kms, defined once (module level). */
export type SandboxRead<T> = (kms: Kms) => T;

/** The key inventory's read: oldest key first, AWS managed keys included. */
export const readKeys: SandboxRead<KeySummary[]> = (kms) => kms.inventory();

export interface AuditSnapshot {
  /** A copy of the log, oldest first: the live array keeps growing under React. */
  events: AuditEvent[];
  /** For naming keys by alias. */
  keys: KeySummary[];
}

/** The audit log's read. */
export const readAudit: SandboxRead<AuditSnapshot> = (kms) => ({ events: [...kms.auditLog()], keys: kms.inventory() });

/**
 * A read of the current sandbox, redone after every relevant session event.
 * `getKms` is called on each re-read, never cached: `sim reset` swaps the Kms
 * behind `sandbox.kms`. `read` must not change between renders (pass one of
 * the module-level reads above); only the version says when to re-read.
 */
export function useSandboxSnapshot<T>(getKms: () => Kms, session: Pick<Session, 'subscribe'>, read: SandboxRead<T>): T {
  const counter = useMemo(() => createChangeCounter(session), [session]);
  const version = useSyncExternalStore(counter.subscribe, counter.version, counter.version);
  // getKms is a fresh closure each render; the version (and the session) are what say "re-read".
  return useMemo(() => read(getKms()), [version, counter, read]);
}
