/**
 * Live reads of the sandbox for the panels. The simulator has no "state
 * changed" signal of its own that survives `sim reset` (which replaces the
 * whole Kms), so the panels follow the session through a PanelFeed (once per
 * command, after its output is painted) and re-read the current Kms through a
 * getter. A panel on a hidden tab does not follow at all: it re-reads when shown.
 */
import { useMemo, useRef, useSyncExternalStore } from 'react';
import type { Kms } from '../../kms/kms.ts';
import type { Session } from '../../shell/run.ts';
import { createPanelFeed, type PanelFeed } from '../sandbox/panel-feed.ts';

const IGNORE = () => () => {};

/**
 * The feed's version while `active`; the last version seen while active
 * otherwise, so a hidden panel neither subscribes nor re-reads.
 */
export function usePanelVersion(feed: PanelFeed, active: boolean): number {
  const live = useSyncExternalStore(active ? feed.subscribe : IGNORE, feed.version, feed.version);
  const shown = useRef(live);
  // Only ever moves forward to what was rendered as shown; a discarded render leaves a version that is re-read anyway.
  if (active) shown.current = live;
  return shown.current;
}

/** The panel's feed: the sandbox's shared one, or its own (a panel rendered alone, as in tests). */
export function usePanelFeed(session: Pick<Session, 'subscribe'>, feed: PanelFeed | undefined): PanelFeed {
  return useMemo(() => feed ?? createPanelFeed(session), [feed, session]);
}

/**
 * A read of the current sandbox, redone after each refresh while shown.
 * `getKms` is called on each re-read, never cached: `sim reset` swaps the Kms
 * behind `sandbox.kms`. `read` gets the previous result, so it can keep what
 * did not change; it must not change between renders (define it once).
 */
export function useSandboxRead<T>(getKms: () => Kms, feed: PanelFeed, active: boolean, read: (kms: Kms, previous: T | undefined) => T): T {
  const version = usePanelVersion(feed, active);
  const previous = useRef<T | undefined>(undefined);
  // getKms is a fresh closure each render; the version (and the feed) are what say "re-read".
  return useMemo(() => (previous.current = read(getKms(), previous.current)), [version, feed, read]);
}
