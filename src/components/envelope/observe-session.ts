/**
 * Adds to a session's events what the diagram needs to recognise data without keeping it: right
 * after a file changes, a digest of what it now holds; for terminal output, a digest of what was
 * printed; when a line ends, which files exist and digests of every shell variable. It reads the
 * session's files and variables at that moment (the shell publishes no contents), never the
 * command line, and keeps no bytes.
 */
import { observe, observeText, type Observation } from '../../cli/invocation.ts';
import type { LineEnd } from './line-events.ts';

/** What the diagram reads from a session: a `Session` from src/shell/run.ts fits. */
export interface ObservedSession {
  subscribe(listener: (event: { readonly type: string }) => void): () => void;
  readonly vfs?: {
    readFile(path: string): Uint8Array;
    readdir(path: string): string[];
    stat(path: string): { type: 'file' | 'dir'; size: number } | undefined;
  } | undefined;
  readonly variables?: ReadonlyMap<string, { readonly value: string }> | undefined;
}

/** Files larger than this are not read for a digest (nothing KMS returns is anywhere near it). */
const MAX_FILE = 8 * 1024 * 1024;
/** Files listed at most at the end of a line. */
const MAX_FILES = 5000;

type Event = { readonly type: string } & Record<string, unknown>;

/** The event with the observations it needs; any other event unchanged. Never throws. */
export function observeEvent(event: { readonly type: string }, session: ObservedSession): Event {
  const e = event as Event;
  try {
    switch (e.type) {
      case 'vfs': {
        const change = e['change'] as { kind?: unknown; path?: unknown } | undefined;
        if ((change?.kind !== 'write' && change?.kind !== 'rename') || typeof change.path !== 'string') return e;
        const seen = fileObservation(session, change.path);
        return seen ? { ...e, seen } : e;
      }
      case 'output':
        return e['stream'] === 'stdout' && e['data'] instanceof Uint8Array ? { ...e, seen: observe(e['data']) } : e;
      case 'command':
        return { ...e, end: lineEnd(session) };
      default:
        return e;
    }
  } catch {
    return e;
  }
}

function fileObservation(session: ObservedSession, path: string): Observation | undefined {
  const stat = session.vfs?.stat(path);
  if (stat?.type !== 'file' || stat.size > MAX_FILE) return undefined;
  return observe(session.vfs!.readFile(path));
}

function lineEnd(session: ObservedSession): LineEnd | undefined {
  const { vfs, variables } = session;
  if (!vfs || !variables) return undefined;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of vfs.readdir(dir)) {
      if (files.length >= MAX_FILES) return;
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const type = vfs.stat(path)?.type;
      if (type === 'dir') walk(path);
      else if (type === 'file') files.push(path);
    }
  };
  walk('/');
  const observed: Record<string, Observation> = {};
  for (const [name, v] of variables) observed[name] = observeText(v.value);
  return { files, variables: observed };
}
