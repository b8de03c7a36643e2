/**
 * The envelope diagram's model, as pure functions: a session's events in, scenes out.
 *
 *   let state = initialEnvelopeState();
 *   session.subscribe((event) => { state = applyEvent(state, observeEvent(event, session)); render(state.scenes); });
 *
 * During a line, its events are buffered in order (KMS traces, the CLI's invocations, each
 * command's report, file changes and terminal output, observed by observe-session.ts); the
 * `command` event that ends the line turns them into at most one scene (see interpret.ts).
 * `reset` forgets everything. Any event it cannot read, and any surprise while interpreting, is
 * ignored: a diagram must never break the terminal it watches.
 */
import type { AwsInvocation, Observation } from '../../cli/invocation.ts';
import type { TraceEvent } from '../../kms/trace.ts';
import type { ExecRecord } from '../../shell/exec-events.ts';
import type { VfsChange } from '../../shell/vfs.ts';
import { interpretLine } from './interpret.ts';
import type { LineEnd, LineEvent } from './line-events.ts';
import type { Scene } from './types.ts';
import { emptyWorld, type World } from './world.ts';

export type { DiagramItem, DiagramStep, ItemKind, KeyVersion, Lane, Scene, StepStatus } from './types.ts';
export { LANES } from './types.ts';

/** Scenes kept (the oldest go first): enough for a whole lesson, bounded for a long session. */
export const MAX_SCENES = 50;
/** Events buffered for one line at most; a runaway loop of KMS calls must not grow memory forever. */
const MAX_PENDING = 1000;

export interface EnvelopeState {
  readonly scenes: readonly Scene[];
  readonly world: World;
  /** The current line's events so far. */
  readonly pending: readonly LineEvent[];
  /** The next scene's id: ids keep increasing across resets, so a view can spot a new scene. */
  readonly nextId: number;
}

const NOTHING: readonly LineEvent[] = [];

export function initialEnvelopeState(): EnvelopeState {
  return { scenes: [], world: emptyWorld(), pending: NOTHING, nextId: 1 };
}

/** Any session event; kms, aws, exec, vfs, output (stdout), command and reset matter here. */
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

function reduce(state: EnvelopeState, event: SessionEventLike & Record<string, unknown>): EnvelopeState {
  if (event.type === 'reset') return { ...initialEnvelopeState(), nextId: state.nextId };
  if (event.type === 'command') {
    const line = typeof event['line'] === 'string' ? event['line'] : '';
    const exitCode = typeof event['exitCode'] === 'number' ? event['exitCode'] : 0;
    const end = isEnd(event['end']) ? event['end'] : undefined;
    const { world, scene } = interpretLine(state.world, { line, exitCode, events: state.pending, ...(end ? { end } : {}) }, state.nextId);
    if (!scene) return { ...state, world, pending: NOTHING };
    return { scenes: [...state.scenes, scene].slice(-MAX_SCENES), world, pending: NOTHING, nextId: state.nextId + 1 };
  }
  const read = lineEvent(event);
  if (read === undefined || state.pending.length >= MAX_PENDING) return state;
  return { ...state, pending: [...state.pending, read] };
}

/** The event in the model's terms, or undefined when it does not matter or cannot be read. */
function lineEvent(event: SessionEventLike & Record<string, unknown>): LineEvent | undefined {
  switch (event.type) {
    case 'kms':
      return isTrace(event['trace']) ? { type: 'kms', trace: event['trace'] } : undefined;
    case 'aws':
      return isInvocation(event['invocation']) ? { type: 'aws', invocation: event['invocation'] } : undefined;
    case 'exec':
      return isExec(event['exec']) ? { type: 'exec', exec: event['exec'] } : undefined;
    case 'vfs': {
      if (!isChange(event['change'])) return undefined;
      const seen = event['seen'];
      return { type: 'vfs', change: event['change'], ...(isObservation(seen) ? { seen } : {}) };
    }
    case 'output':
      return event['stream'] === 'stdout' && isObservation(event['seen']) ? { type: 'output', seen: event['seen'] } : undefined;
    default:
      return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function isTrace(value: unknown): value is TraceEvent {
  if (!isObject(value)) return false;
  const t = value as Partial<TraceEvent>;
  return typeof t.operation === 'string' && typeof t.requestId === 'string' && Array.isArray(t.steps) && isObject(t.outcome);
}

function isChange(value: unknown): value is VfsChange {
  if (!isObject(value)) return false;
  const c = value as Partial<VfsChange>;
  return typeof c.path === 'string' && (c.kind === 'write' || c.kind === 'remove' || c.kind === 'mkdir' || c.kind === 'rename');
}

function isObservation(value: unknown): value is Observation {
  return isObject(value) && typeof value['digest'] === 'string' && typeof value['size'] === 'number' && isStrings(value['words']);
}

function isInvocation(value: unknown): value is AwsInvocation {
  if (!isObject(value)) return false;
  const inputs = value['inputs'];
  const kept = value['kept'];
  return (
    typeof value['exitCode'] === 'number' &&
    typeof value['requests'] === 'number' &&
    (value['operation'] === undefined || typeof value['operation'] === 'string') &&
    (value['error'] === undefined || (isObject(value['error']) && typeof value['error']['stage'] === 'string' && typeof value['error']['message'] === 'string')) &&
    isObject(value['contexts']) &&
    Array.isArray(inputs) &&
    inputs.every((i) => isObject(i) && typeof i['member'] === 'string' && (i['path'] === undefined || typeof i['path'] === 'string')) &&
    Array.isArray(kept) &&
    kept.every((k) => isObject(k) && typeof k['member'] === 'string' && typeof k['bytes'] === 'string' && typeof k['text'] === 'string')
  );
}

function isExec(value: unknown): value is ExecRecord {
  if (!isObject(value)) return false;
  return (
    typeof value['name'] === 'string' &&
    isStrings(value['args']) &&
    typeof value['exitCode'] === 'number' &&
    isStrings(value['reads']) &&
    isStrings(value['writes']) &&
    typeof value['stderr'] === 'string' &&
    (value['stdin'] === undefined || isObservation(value['stdin'])) &&
    (value['stdout'] === undefined || isObservation(value['stdout']))
  );
}

function isEnd(value: unknown): value is LineEnd {
  return isObject(value) && isStrings(value['files']) && isObject(value['variables']) && Object.values(value['variables']).every(isObservation);
}
