/**
 * One command line's events → at most one scene, and the world after it. The events are read in
 * the order they happened: KMS traces belong to the `aws` invocation (or `sim` run) that follows
 * them, each invocation and command says what it did, and file changes, terminal output and the
 * line's end state say where data went (by digest). The command line itself is only shown.
 */
import type { AwsInvocation } from '../../cli/invocation.ts';
import type { TraceEvent } from '../../kms/trace.ts';
import type { Effects } from './effects.ts';
import { shortMessage } from './effects.ts';
import { fileChanged, fileRemoved, lineEnded } from './file-effects.ts';
import { DRAWN_OPERATIONS, drawTraces } from './kms-dispatch.ts';
import type { LineEvent, LineRecord } from './line-events.ts';
import { opensslEffect } from './openssl-effect.ts';
import { SceneBuilder } from './scene-builder.ts';
import type { Scene } from './types.ts';
import { cloneWorld, displayPath, type Content, type World } from './world.ts';

export function interpretLine(world: World, record: LineRecord, sceneId: number): { world: World; scene?: Scene } {
  const next = cloneWorld(world);
  const b = new SceneBuilder(next);
  const fx: Effects = { b, record, events: record.events, explained: new Set(), explainedVariables: new Set(), segmentStart: 0, at: 0 };
  let traces: TraceEvent[] = [];
  let title: string | undefined;
  const titled = (before: number, name: string | undefined) => {
    if (title === undefined && b.steps.length > before && name !== undefined) title = name;
  };
  record.events.forEach((event, i) => {
    fx.at = i;
    const before = b.steps.length;
    switch (event.type) {
      case 'kms':
        traces.push(event.trace);
        break;
      case 'aws':
        drawInvocation(fx, traces, event.invocation);
        titled(before, event.invocation.operation ?? traces[0]?.operation);
        traces = [];
        fx.segmentStart = i + 1;
        break;
      case 'exec':
        // Traces a command other than aws caused: `sim time` letting rotations and deletions happen.
        if (traces.length > 0) drawTraces(fx, traces, undefined);
        if (event.exec.name === 'openssl') opensslEffect(fx, event.exec);
        titled(before, execTitle(event.exec.name, event.exec.args, traces[0]?.operation));
        traces = [];
        fx.segmentStart = i + 1;
        break;
      case 'vfs':
        if (event.change.kind === 'remove') fileRemoved(fx, event.change.path);
        else if (event.change.kind !== 'mkdir') fileChanged(fx, i, event.change, event.seen);
        titled(before, writerOf(record.events, i) ?? 'Shell redirection');
        break;
      default:
        break;
    }
  });
  // KMS calls no invocation claimed (another front door, or events replayed without one).
  if (traces.length > 0) {
    const before = b.steps.length;
    drawTraces(fx, traces, undefined);
    titled(before, traces[0]!.operation);
  }
  const before = b.steps.length;
  lineEnded(fx);
  titled(before, 'Shell variable');
  storeStep(fx);
  if (b.steps.length === 0) return { world: next };
  const status = b.steps.some((s) => s.status === 'error') ? 'error' : 'ok';
  return { world: next, scene: { id: sceneId, line: record.line, title: title ?? 'Command', status, steps: b.steps } };
}

function drawInvocation(fx: Effects, traces: readonly TraceEvent[], invocation: AwsInvocation): void {
  if (traces.length > 0) drawTraces(fx, traces, invocation);
  else if (invocation.requests === 0 && invocation.error?.stage === 'cli' && invocation.operation !== undefined && DRAWN_OPERATIONS.has(invocation.operation)) {
    cliError(fx, invocation.error.message);
  }
}

/** An `aws kms` command that failed before any request reached KMS (a missing fileb:// file, a typo). */
function cliError(fx: Effects, message: string): void {
  const text = shortMessage(message);
  fx.b.step(`The AWS CLI stops before calling KMS: ${text.replace(/[.:]?$/, '.')}`, { lanes: ['machine'], status: 'error', error: { code: 'AWS CLI', message: text } });
}

function execTitle(name: string, args: readonly string[], traced: string | undefined): string {
  // Only cipher runs draw anything: `openssl enc -aes-256-cbc …` or `openssl aes-256-cbc …`.
  if (name === 'openssl') return args[0] === undefined || args[0] === 'enc' ? 'openssl enc' : `openssl ${args[0]}`;
  if (name === 'sim') return `sim ${args[0] ?? ''}`.trim();
  return traced ?? name;
}

/** The command that made a file change: the one that did it while running, else the one whose output was redirected there. */
function writerOf(events: readonly LineEvent[], at: number): string | undefined {
  const e = events[at];
  if (e?.type !== 'vfs') return undefined;
  const during = events.slice(at + 1).find((x) => x.type === 'exec');
  if (during?.type === 'exec' && (e.change.kind !== 'write' || during.exec.writes.includes(e.change.path))) return during.exec.name;
  const seen = e.seen;
  for (let i = at - 1; i >= 0 && seen; i--) {
    const x = events[i]!;
    if (x.type === 'exec' && x.exec.stdout?.digest === seen.digest) return x.exec.name;
  }
  return undefined;
}

/** The moment an encrypted data key and the data it protects sit side by side: they are stored. */
function storeStep(fx: Effects): void {
  const { b } = fx;
  const done = new Set<string>();
  for (const id of b.newlyStored()) {
    if (done.has(id)) continue;
    const members = b.storedWith(id).flatMap((m) => {
      done.add(m);
      const h = b.world.holders.get(m);
      return h ? [h] : [];
    });
    const names = (kind: Content['kind']) =>
      members
        .filter((h) => h.contents.some((c) => c.kind === kind))
        .map((h) => displayPath(h.name))
        .join(' and ');
    b.step(`${names('encrypted-data-key')} is kept beside ${names('encrypted-data')}: the encrypted data key is stored with the data it protects, and only KMS can open it.`, {
      lanes: ['machine', 'storage'],
      flow: { from: 'machine', to: 'storage' },
      focus: members.flatMap((h) => h.contents.map((c) => `${h.id}#${c.kind}`)),
    });
  }
}
