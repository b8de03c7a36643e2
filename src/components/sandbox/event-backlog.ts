/**
 * The session's events from the moment the sandbox opens, kept for the
 * envelope diagram, whose code arrives only after the first prompt is painted
 * (after-prompt.ts): its first subscriber hears that backlog, then live events,
 * so a ▶ pressed while the page loads is still drawn. Files are read when the
 * backlog is replayed, a moment later than live events read them.
 */
import type { ObservedSession } from '../envelope/observe-session.ts';

/** Beyond this the backlog is dropped (the diagram's code never came: offline) and the diagram starts fresh. */
const LIMIT = 2000;

export function withBacklog(session: ObservedSession, limit = LIMIT): ObservedSession {
  let backlog: { readonly type: string }[] | undefined = [];
  const stop = session.subscribe((event) => {
    if (!backlog) return;
    if (backlog.length >= limit) {
      backlog = undefined;
      stop();
      return;
    }
    backlog.push(event);
  });
  return {
    get vfs() {
      return session.vfs;
    },
    get variables() {
      return session.variables;
    },
    subscribe(listener) {
      const past = backlog ?? [];
      if (backlog) {
        backlog = undefined;
        stop();
      }
      for (const event of past) listener(event);
      return session.subscribe(listener);
    },
  };
}
