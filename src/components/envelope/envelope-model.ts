/**
 * The envelope diagram's model, as pure functions: a session's events in, scenes out.
 *
 *   let state = initialEnvelopeState();
 *   session.subscribe((event) => { state = applyEvent(state, event); render(state.scenes); });
 *
 * During a command, KMS traces, file changes and stderr are buffered; the `command` event that
 * ends the line turns them into at most one scene (see interpret.ts for how). `reset` forgets
 * everything. Any event it cannot read, and any surprise while interpreting, is ignored: a
 * diagram must never break the terminal it watches.
 */
import type { TraceEvent } from '../../kms/trace.ts';
import type { VfsChange } from '../../shell/vfs.ts';
import { interpretCommand } from './interpret.ts';
import type { Scene } from './types.ts';
import { emptyWorld, type World } from './world.ts';

export type { DiagramItem, DiagramStep, ItemKind, KeyVersion, Lane, Scene, StepStatus } from './types.ts';
export { LANES } from './types.ts';

/** Scenes kept (the oldest go first): enough for a whole lesson, bounded for a long session. */
export const MAX_SCENES = 50;
/** Events buffered for one line at most; a runaway loop of KMS calls must not grow memory forever. */
const MAX_PENDING = 500;
const MAX_STDERR = 4000;

export interface EnvelopeState {
  readonly scenes: readonly Scene[];
  readonly world: World;
  readonly pending: Pending;
  /** The next scene's id: ids keep increasing across resets, so a view can spot a new scene. */
  readonly nextId: number;
}

interface Pending {
  readonly traces: readonly TraceEvent[];
  readonly changes: readonly VfsChange[];
  readonly stderr: string;
}

const NOTHING: Pending = { traces: [], changes: [], stderr: '' };

export function initialEnvelopeState(): EnvelopeState {
  return { scenes: [], world: emptyWorld(), pending: NOTHING, nextId: 1 };
}

/** Any session event; only kms, vfs, output (stderr), command and reset matter here. */
export interface SessionEventLike {
  readonly type: string;
}

export function applyEvent(state: EnvelopeState, event: SessionEventLike): EnvelopeState {
  try {
    return applyEventStrict(state, event);
  } catch {
    return { ...state, pending: NOTHING };
  }
}

/** applyEvent without the safety net, so tests see a bug instead of a silently missing scene. */
export function applyEventStrict(state: EnvelopeState, event: SessionEventLike): EnvelopeState {
  return reduce(state, event as SessionEventLike & Record<string, unknown>);
}

/** Runs a whole recorded event list through the model (tests, or a view that starts late). */
export function scenesFromEvents<E extends SessionEventLike>(events: Iterable<E>): readonly Scene[] {
  let state = initialEnvelopeState();
  for (const event of events) state = applyEvent(state, event);
  return state.scenes;
}

const decoder = new TextDecoder();

function reduce(state: EnvelopeState, event: SessionEventLike & Record<string, unknown>): EnvelopeState {
  const { pending } = state;
  const full = pending.traces.length + pending.changes.length >= MAX_PENDING;
  switch (event.type) {
    case 'kms':
      return isTrace(event['trace']) && !full ? { ...state, pending: { ...pending, traces: [...pending.traces, event['trace']] } } : state;
    case 'vfs':
      return isChange(event['change']) && !full ? { ...state, pending: { ...pending, changes: [...pending.changes, event['change']] } } : state;
    case 'output': {
      const data = event['data'];
      if (event['stream'] !== 'stderr' || !(data instanceof Uint8Array) || pending.stderr.length >= MAX_STDERR) return state;
      return { ...state, pending: { ...pending, stderr: (pending.stderr + decoder.decode(data)).slice(0, MAX_STDERR) } };
    }
    case 'reset':
      return { ...initialEnvelopeState(), nextId: state.nextId };
    case 'command': {
      const line = typeof event['line'] === 'string' ? event['line'] : '';
      const exitCode = typeof event['exitCode'] === 'number' ? event['exitCode'] : 0;
      const { world, scene } = interpretCommand(state.world, { line, exitCode, ...pending }, state.nextId);
      if (!scene) return { ...state, world, pending: NOTHING };
      return { scenes: [...state.scenes, scene].slice(-MAX_SCENES), world, pending: NOTHING, nextId: state.nextId + 1 };
    }
    default:
      return state;
  }
}

function isTrace(value: unknown): value is TraceEvent {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<TraceEvent>;
  return typeof t.operation === 'string' && typeof t.requestId === 'string' && Array.isArray(t.steps) && typeof t.outcome === 'object' && t.outcome !== null;
}

function isChange(value: unknown): value is VfsChange {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<VfsChange>;
  return typeof c.path === 'string' && (c.kind === 'write' || c.kind === 'remove' || c.kind === 'mkdir' || c.kind === 'rename');
}
