/**
 * One command line and the events it caused → at most one scene, and the world after it.
 * KMS traces are matched to the `aws kms …` commands that made them (by operation, in order);
 * file changes and the line's structure explain the rest. The line is read, never trusted:
 * the trace and the file events say what really happened.
 */
import type { TraceEvent } from '../../kms/trace.ts';
import type { VfsChange } from '../../shell/vfs.ts';
import { awsOperation } from './aws-args.ts';
import { firstError, type Effects } from './effects.ts';
import { copyEffect, moveEffect, removals, variableChanges, variableEffect } from './file-effects.ts';
import { DRAWN_OPERATIONS, drawTraces } from './kms-dispatch.ts';
import { analyzeLine, type LineCommand } from './line-analysis.ts';
import { opensslEffect } from './openssl-effect.ts';
import { SceneBuilder } from './scene-builder.ts';
import type { Scene } from './types.ts';
import { cloneWorld, displayPath, fileId, varId, type Content, type World } from './world.ts';

export interface CommandEvents {
  line: string;
  exitCode: number;
  traces: readonly TraceEvent[];
  changes: readonly VfsChange[];
  stderr: string;
}

export function interpretCommand(world: World, events: CommandEvents, sceneId: number): { world: World; scene?: Scene } {
  const next = cloneWorld(world);
  const b = new SceneBuilder(next);
  let commands: LineCommand[] = [];
  try {
    commands = analyzeLine(events.line, next.literals);
  } catch {
    // A line the parser cannot read still has its KMS events drawn.
  }
  const { changes } = events;
  const fx: Effects = {
    b,
    commands,
    seen: changes.map((c) => c.path).reverse(),
    removals: changes.filter((c) => c.kind === 'remove').map((c) => c.path),
    renames: changes.filter((c) => c.kind === 'rename').map((c) => c.path),
    writes: new Set(changes.filter((c) => c.kind === 'write' || c.kind === 'rename').map((c) => c.path)),
    stderr: events.stderr,
    exitCode: events.exitCode,
  };
  const { assigned, orphans } = assignTraces(events.traces, commands);
  let title: string | undefined;
  for (const command of commands) {
    const before = b.steps.length;
    const traces = assigned.get(command) ?? [];
    const operation = awsOperation(command);
    if (traces.length > 0) drawTraces(fx, traces, command);
    else if (operation !== undefined && DRAWN_OPERATIONS.has(operation) && firstError(fx) !== '') cliError(fx);
    localEffects(fx, command);
    if (title === undefined && b.steps.length > before) title = titleOf(command, operation);
  }
  if (orphans.length > 0) {
    if (b.steps.length === 0) title = orphans[0]!.operation;
    drawTraces(fx, orphans, undefined);
  }
  if (fx.removals.length > 0) {
    title ??= 'rm';
    removals(fx);
  }
  forgetOverwritten(fx);
  storeStep(fx);
  if (b.steps.length === 0) return { world: next };
  const status = b.steps.some((s) => s.status === 'error') ? 'error' : 'ok';
  return { world: next, scene: { id: sceneId, line: events.line, title: title ?? 'Command', status, steps: b.steps } };
}

/** Each trace goes to the next `aws kms` command calling that operation; scheduled events go to `sim`. */
function assignTraces(traces: readonly TraceEvent[], commands: readonly LineCommand[]) {
  const assigned = new Map<LineCommand, TraceEvent[]>();
  const orphans: TraceEvent[] = [];
  let cursor = 0;
  for (const trace of traces) {
    let target: LineCommand | undefined;
    if (trace.caller === 'kms.amazonaws.com') target = commands.find((c) => c.name === 'sim');
    else {
      const at = commands.findIndex((c, i) => i >= cursor && awsOperation(c) === trace.operation);
      if (at >= 0) {
        target = commands[at];
        cursor = at + 1;
      }
    }
    if (target) assigned.set(target, [...(assigned.get(target) ?? []), trace]);
    else orphans.push(trace);
  }
  return { assigned, orphans };
}

function localEffects(fx: Effects, command: LineCommand): void {
  switch (command.name) {
    case 'openssl':
      opensslEffect(fx, command);
      break;
    case 'rm':
      removals(fx);
      break;
    case 'mv':
      moveEffect(fx, command);
      break;
    case 'cp':
    case 'cat':
      copyEffect(fx, command);
      break;
    case 'aws':
      break;
    default:
      variableEffect(fx, command);
  }
  variableChanges(fx, command);
}

/** An `aws kms` command that failed before any request reached KMS (a missing fileb:// file, a typo). */
function cliError(fx: Effects): void {
  const message = firstError(fx);
  fx.b.step(`The AWS CLI stops before calling KMS: ${message.replace(/[.:]?$/, '.')}`, { lanes: ['machine'], status: 'error', error: { code: 'CLI', message } });
}

function titleOf(command: LineCommand, operation: string | undefined): string {
  if (operation !== undefined) return operation;
  if (command.name === 'openssl' || command.name === 'sim') return `${command.name} ${command.args[0] ?? ''}`.trim();
  if (command.name === '' && command.assignments[0]) return `${command.assignments[0].name}=…`;
  return command.name || 'Command';
}

/** A tracked file this line rewrote without the model knowing with what is no longer drawn; same for variables. */
function forgetOverwritten(fx: Effects): void {
  const { b } = fx;
  for (const path of fx.writes) if (b.world.holders.has(fileId(path)) && !b.explained.has(fileId(path))) b.remove(fileId(path));
  for (const command of fx.commands) {
    for (const a of command.assignments) {
      if (a.captures && b.world.holders.has(varId(a.name)) && !b.explained.has(varId(a.name))) b.remove(varId(a.name));
    }
  }
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
    const names = (kind: Content['kind']) => members.filter((h) => h.contents.some((c) => c.kind === kind)).map((h) => displayPath(h.name)).join(' and ');
    b.step(`${names('encrypted-data-key')} is kept beside ${names('encrypted-data')}: the encrypted data key is stored with the data it protects, and only KMS can open it.`, {
      lanes: ['machine', 'storage'],
      flow: { from: 'machine', to: 'storage' },
      focus: members.flatMap((h) => h.contents.map((c) => `${h.id}#${c.kind}`)),
    });
  }
}
