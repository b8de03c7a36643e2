/**
 * What every handler gets while one command line is turned into a scene, and the shared answer
 * to "where did the output go?": a file, a shell variable, the terminal, or nowhere visible.
 */
import type { LineCommand } from './line-analysis.ts';
import { sinkOf } from './line-analysis.ts';
import type { SceneBuilder } from './scene-builder.ts';
import type { Lane } from './types.ts';
import { contentItem } from './items.ts';
import { displayPath, resolvePath, type Content } from './world.ts';

export interface Effects {
  b: SceneBuilder;
  commands: readonly LineCommand[];
  /** Paths this line changed, most recent first (to resolve names typed relative to a `cd`). */
  seen: readonly string[];
  /** Removals not yet explained by an rm, in order. */
  removals: string[];
  /** Renames (their destinations) not yet explained by an mv, in order. */
  renames: string[];
  /** Paths written during the line. */
  writes: ReadonlySet<string>;
  stderr: string;
  exitCode: number;
}

export type Destination =
  | { type: 'file'; path: string }
  | { type: 'variable'; name: string }
  | { type: 'screen' }
  /** `> /dev/null` */
  | { type: 'discard' }
  /** `$(…)` inside another command's arguments, or a command the model could not match. */
  | { type: 'none' };

export function resolve(fx: Effects, text: string): string {
  return resolvePath(text, fx.seen, fx.b.world);
}

/**
 * A path a command reads and this line did not write (mv and cp sources): matched against tracked
 * files only, since `mv datakey.enc bucket/` writes a path that also ends in datakey.enc.
 */
export function resolveSource(fx: Effects, text: string): string {
  return resolvePath(text, [], fx.b.world);
}

export function destination(fx: Effects, command: LineCommand | undefined): Destination {
  if (command === undefined) return { type: 'none' };
  const sink = sinkOf(command);
  switch (sink.kind) {
    case 'file':
      return { type: 'file', path: resolve(fx, sink.path) };
    case 'variable':
      return { type: 'variable', name: sink.name };
    case 'screen':
      return { type: 'screen' };
    case 'discard':
      return { type: 'discard' };
    default:
      return { type: 'none' };
  }
}

/** "saved in datakey.bin", "kept in the shell variable $DK", "printed in the terminal". */
export function wherePhrase(d: Destination): string {
  switch (d.type) {
    case 'file':
      return `saved in ${displayPath(d.path)}`;
    case 'variable':
      return `kept in the shell variable $${d.name}`;
    case 'screen':
      return 'printed in the terminal';
    case 'discard':
      return 'thrown away in /dev/null';
    default:
      return 'used by the command line';
  }
}

/**
 * Puts what came back where it went: into a file or variable (kept between scenes), or, when
 * printed, as chips that live only in this scene. Returns the ids to focus.
 */
export function deliver(fx: Effects, d: Destination, contents: Content[], prefix: string): string[] {
  if (d.type === 'file') return fx.b.put('file', d.path, contents);
  if (d.type === 'variable') return fx.b.put('variable', d.name, contents);
  if (d.type !== 'screen' || contents.length === 0) return [];
  return contents.map((c) => fx.b.show(contentItem(fx.b.world, `${prefix}:out:${c.kind}`, c, { lane: 'machine', label: 'terminal', where: 'printed in the terminal' })));
}

/** A chip for something passing through KMS during one request. */
export function inKms(fx: Effects, id: string, content: Content, label: string): string {
  return fx.b.show(contentItem(fx.b.world, id, content, { lane: 'kms', label, where: 'inside KMS' }));
}

export const toKms = { from: 'machine' as Lane, to: 'kms' as Lane };
export const fromKms = { from: 'kms' as Lane, to: 'machine' as Lane };

/** The first line of what the command printed on stderr that is not a KMS Lab hint (for error captions). */
export function firstError(fx: Effects): string {
  const line = fx.stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('KMS Lab hint'));
  return line === undefined ? '' : line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

/** Ids of the chips a holder shows (to focus a file a step reads). */
export function holderFocus(fx: Effects, id: string): string[] {
  const holder = fx.b.world.holders.get(id);
  return holder ? holder.contents.map((c) => `${holder.id}#${c.kind}`) : [];
}
