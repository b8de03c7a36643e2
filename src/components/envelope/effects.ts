/**
 * What every handler gets while one command line is turned into a scene, and the shared answer
 * to "where did it go?": the places (a file, a shell variable, the terminal, another command)
 * where the digests of something show up after the moment it was made, read off the line's
 * events. Nothing here reads the command line.
 */
import { observeText, type Observation } from '../../cli/invocation.ts';
import { contentItem } from './items.ts';
import type { LineEvent, LineRecord } from './line-events.ts';
import type { SceneBuilder } from './scene-builder.ts';
import type { Lane } from './types.ts';
import { displayPath, type Content, type World } from './world.ts';

export interface Effects {
  b: SceneBuilder;
  record: LineRecord;
  events: readonly LineEvent[];
  /** File events (by index) already drawn as part of a delivery, so they are not drawn twice. */
  explained: Set<number>;
  /** Variables a delivery already drew. */
  explainedVariables: Set<string>;
  /** The first event of the current command's segment (after the previous aws or exec event). */
  segmentStart: number;
  /** The event being handled. */
  at: number;
}

export type Place =
  | { type: 'file'; path: string; seen: Observation; at: number }
  | { type: 'variable'; name: string; seen: Observation }
  | { type: 'terminal' }
  /** Given to another command: in its arguments (`-K $(…)`) or on its standard input (`| wc -c`). */
  | { type: 'command'; name: string; how: 'argument' | 'input' };

/** What the model can name in some observed bytes: the whole, else the words in it, in order. */
export function recognise(world: World, seen: Observation | undefined): Content[] {
  if (!seen || seen.size === 0) return [];
  const whole = world.known.get(seen.digest);
  if (whole) return whole.map((c) => ({ ...c }));
  const out: Content[] = [];
  for (const word of seen.words) {
    for (const c of world.known.get(word) ?? []) {
      if (!out.some((o) => same(o, c))) out.push({ ...c });
    }
  }
  return out;
}

/** The same bytes (data key, ciphertext), wherever they sit. */
export function same(a: Content, b: Content): boolean {
  return a.ref !== undefined ? a.ref === b.ref : a.kind === b.kind && a.fingerprint !== undefined && a.fingerprint === b.fingerprint;
}

/**
 * Where observations that `matches` turn up from `from` on: files written (the last write of each
 * path), variables that changed on this line, the terminal, and, only when none of those, the
 * commands that took it as an argument or on their input (the last in a pipeline).
 */
export function placesOf(fx: Effects, from: number, matches: (seen: Observation) => boolean): Place[] {
  const files = new Map<string, Place>();
  let terminal = false;
  const argument: Place[] = [];
  const input: Place[] = [];
  fx.events.forEach((e, i) => {
    if (i < from) return;
    if (e.type === 'output' && matches(e.seen)) terminal = true;
    else if (e.type === 'vfs' && (e.change.kind === 'write' || e.change.kind === 'rename') && e.seen && matches(e.seen) && !fx.explained.has(i)) {
      if (!copiedBy(fx, i)) files.set(e.change.path, { type: 'file', path: e.change.path, seen: e.seen, at: i });
    } else if (e.type === 'exec' && i > fx.at) {
      if (e.exec.args.some((a) => matches(observeText(a)))) argument.push({ type: 'command', name: e.exec.name, how: 'argument' });
      else if (e.exec.stdin && matches(e.exec.stdin)) input.push({ type: 'command', name: e.exec.name, how: 'input' });
    }
  });
  const variables: Place[] = [];
  for (const [name, seen] of Object.entries(fx.record.end?.variables ?? {})) {
    if (fx.b.world.variables.get(name) !== seen.digest && matches(seen)) variables.push({ type: 'variable', name, seen });
  }
  const direct = [...variables, ...files.values(), ...(terminal ? [{ type: 'terminal' } as const] : [])];
  if (direct.length > 0) return direct;
  if (argument.length > 0) return argument.slice(0, 1);
  return input.slice(-1);
}

/** A write made by a command that read files (cp, cat a > b): a copy of something, not a delivery. */
function copiedBy(fx: Effects, at: number): boolean {
  const e = fx.events[at];
  if (e?.type !== 'vfs') return false;
  return fx.events.some((x, i) => i > at && x.type === 'exec' && x.exec.reads.length > 0 && x.exec.writes.includes(e.change.path));
}

/** "saved in datakey.bin", "kept in the shell variable $DK", "printed in the terminal"… joined. */
export function wherePhrase(places: readonly Place[]): string {
  if (places.length === 0) return 'but nothing on the command line keeps it';
  const phrases = places.map((p) => {
    switch (p.type) {
      case 'file':
        return `saved in ${displayPath(p.path)}`;
      case 'variable':
        return `kept in the shell variable $${p.name}`;
      case 'terminal':
        return 'printed in the terminal';
      default:
        return p.how === 'argument' ? `passed straight to ${p.name}` : `piped into ${p.name}, which keeps no copy`;
    }
  });
  return [...new Set(phrases)].join(' and ');
}

/**
 * Puts what came back where it went: into files and variables (kept between scenes, each holding
 * whatever the model recognises in it), or, when printed, as chips that live only in this scene.
 * Returns the ids to focus.
 */
export function deliver(fx: Effects, places: readonly Place[], contents: readonly Content[], prefix: string): string[] {
  const { b } = fx;
  const focus: string[] = [];
  for (const place of places) {
    if (place.type === 'file') {
      fx.explained.add(place.at);
      // Later writes of the same path (a truncation and the flush) are part of this delivery.
      fx.events.forEach((e, i) => {
        if (i > place.at && e.type === 'vfs' && e.change.path === place.path) fx.explained.add(i);
      });
      focus.push(...b.put('file', place.path, holding(fx, place.seen, contents), place.seen.digest));
    } else if (place.type === 'variable') {
      fx.explainedVariables.add(place.name);
      focus.push(...b.put('variable', place.name, holding(fx, place.seen, contents), place.seen.digest));
    } else if (place.type === 'terminal') {
      for (const c of contents) focus.push(b.show(contentItem(b.world, `${prefix}:out:${c.kind}`, c, { lane: 'machine', label: 'terminal', where: 'printed in the terminal' })));
    }
  }
  return focus;
}

/** What a file or variable holds: all the model recognises in it (it may hold both halves of a data key). */
function holding(fx: Effects, seen: Observation, fallback: readonly Content[]): Content[] {
  const found = recognise(fx.b.world, seen);
  return found.length > 0 ? found : fallback.map((c) => ({ ...c }));
}

/** A chip for something passing through KMS during one request. */
export function inKms(fx: Effects, id: string, content: Content, label: string): string {
  return fx.b.show(contentItem(fx.b.world, id, content, { lane: 'kms', label, where: 'inside KMS' }));
}

export const toKms = { from: 'machine' as Lane, to: 'kms' as Lane };
export const fromKms = { from: 'kms' as Lane, to: 'machine' as Lane };

/** A message to quote in a caption: one line, not too long. */
export function shortMessage(message: string): string {
  const line = message.trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

/** Ids of the chips a holder shows (to focus a file a step reads). */
export function holderFocus(fx: Effects, id: string): string[] {
  const holder = fx.b.world.holders.get(id);
  return holder ? holder.contents.map((c) => `${holder.id}#${c.kind}`) : [];
}
