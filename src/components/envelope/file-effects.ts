/**
 * File and variable effects without KMS: rm (a plaintext data key visibly disappears), mv and cp
 * (what a file held moves or is copied with it), writing a data key out of a shell variable
 * (`echo ${DK%% *} | base64 --decode > datakey.bin`), and variables being set or unset.
 */
import { holderFocus, resolve, resolveSource, type Effects } from './effects.ts';
import { sinkOf, type LineCommand } from './line-analysis.ts';
import { basename, displayPath, fileId, type Content, type Holder } from './world.ts';

const nameOf = (h: Holder) => (h.type === 'file' ? displayPath(h.name) : `$${h.name}`);

/** Removals this line made (rm, or anything else that deleted files the model tracks). */
export function removals(fx: Effects): void {
  const { b } = fx;
  for (const path of fx.removals.splice(0)) {
    const gone = [...b.world.holders.values()].filter((h) => h.type === 'file' && (h.name === path || h.name.startsWith(`${path}/`)));
    for (const holder of gone) {
      const stored = b.isStored(holder.id);
      const focus = holderFocus(fx, holder.id);
      const caption = removalCaption(fx, holder);
      b.remove(holder.id);
      b.step(caption, { lanes: [stored ? 'storage' : 'machine'], focus });
    }
  }
}

function removalCaption(fx: Effects, holder: Holder): string {
  const name = nameOf(holder);
  const has = (kind: Content['kind']) => holder.contents.find((c) => c.kind === kind);
  const key = has('data-key');
  if (key && has('encrypted-data-key')) return `${name} is deleted: both the plaintext data key and its encrypted copy are gone.`;
  if (key) {
    const partner = [...fx.b.world.holders.values()].find(
      (h) =>
        h !== holder &&
        h.contents.some((c) => c.kind === 'encrypted-data-key' && (c.dataKeyFingerprint === undefined || key.fingerprint === undefined || c.dataKeyFingerprint === key.fingerprint)),
    );
    return partner
      ? `${name} is deleted: the plaintext data key is gone from your machine, and only KMS can turn ${nameOf(partner)} back into it.`
      : `${name} is deleted: the plaintext data key is gone from your machine.`;
  }
  if (has('plaintext-data')) return `${name} is deleted: its plaintext is gone from your machine.`;
  if (has('encrypted-data-key')) return `${name} is deleted: without this encrypted data key, the data it protects can no longer be decrypted.`;
  return `${name} is deleted: the encrypted data is gone.`;
}

/** `mv a b` and `mv a b dir/`: the renames' destinations, matched to the sources by name. */
export function moveEffect(fx: Effects, command: LineCommand): void {
  const sources = command.args.filter((a) => !a.startsWith('-')).slice(0, -1);
  for (const to of fx.renames.splice(0)) {
    const text = sources.length === 1 ? sources[0] : sources.find((s) => basename(s) === basename(to));
    const from = text === undefined ? undefined : fx.b.world.holders.get(fileId(resolveSource(fx, text)));
    if (!from) continue;
    const stored = fx.b.isStored(from.id);
    fx.b.remove(from.id);
    const ids = fx.b.put('file', to, from.contents);
    fx.b.step(`${nameOf(from)} is moved to ${displayPath(to)}.`, { lanes: stored ? ['storage', 'machine'] : ['machine'], focus: ids });
  }
}

/** `cp a b`, `cp a b dir/`, and `cat a > b`: the copy holds what the original holds. */
export function copyEffect(fx: Effects, command: LineCommand): void {
  const files = command.args.filter((a) => !a.startsWith('-'));
  const pairs: [string, string][] = [];
  if (command.name === 'cat') {
    const sink = sinkOf(command);
    if (files.length === 1 && sink.kind === 'file' && command.pipeline.members.every((m) => m.name !== 'aws' && m.name !== 'openssl')) {
      pairs.push([files[0]!, sink.path]);
    }
  } else if (files.length >= 2) {
    const target = resolve(fx, files.at(-1)!);
    for (const source of files.slice(0, -1)) {
      const inside = `${target}/${basename(source)}`;
      pairs.push([source, fx.writes.has(inside) ? inside : target]);
    }
  }
  for (const [sourceText, targetText] of pairs) {
    const from = fx.b.world.holders.get(fileId(resolveSource(fx, sourceText)));
    const to = resolve(fx, targetText);
    if (!from || !fx.writes.has(to) || from.name === to) continue;
    const ids = fx.b.put('file', to, from.contents.map((c) => ({ ...c })));
    const secret = from.contents.some((c) => c.kind === 'data-key');
    fx.b.step(`${nameOf(from)} is copied to ${displayPath(to)}${secret ? ': now two files hold the plaintext data key' : ''}.`, {
      lanes: ['machine'],
      focus: [...holderFocus(fx, from.id), ...ids],
    });
  }
}

/**
 * A data key written out of a shell variable into a file. `${DK%% *}` keeps the first field
 * (Plaintext, when the query listed it first) and `${DK##* }` the last; a plain `$DK` all of it.
 */
export function variableEffect(fx: Effects, command: LineCommand): void {
  const sink = sinkOf(command);
  if (sink.kind !== 'file') return;
  const path = resolve(fx, sink.path);
  if (!fx.writes.has(path)) return;
  for (const ref of command.params) {
    const holder = fx.b.holder('variable', ref.name);
    if (!holder) continue;
    const all = holder.contents;
    const picked = all.length < 2 ? all : ref.op === '%' || ref.op === '%%' ? all.slice(0, 1) : ref.op === '#' || ref.op === '##' ? all.slice(-1) : all;
    const ids = fx.b.put('file', path, picked.map((c) => ({ ...c })));
    const what = picked.map((c) => (c.kind === 'data-key' ? 'plaintext data key' : c.kind === 'encrypted-data-key' ? 'encrypted data key' : 'data')).join(' and the ');
    const read = picked.map((c) => `${holder.id}#${c.kind}`);
    fx.b.step(`The ${what} in $${ref.name} is written to ${displayPath(path)}.`, { lanes: ['machine'], focus: [...read, ...ids] });
    return;
  }
}

/** `NAME=value` and `unset NAME`: a variable that no longer holds a data key leaves the picture. */
export function variableChanges(fx: Effects, command: LineCommand): void {
  const { world } = fx.b;
  for (const a of command.assignments) {
    if (a.literal === undefined) world.literals.delete(a.name);
    else world.literals.set(a.name, a.literal);
    // A `$(…)` value is judged at the end of the line, once its command has delivered (or not).
    if (!a.captures) clearVariable(fx, a.name, 'now holds something else');
  }
  if (command.name === 'unset') {
    for (const name of command.args) {
      world.literals.delete(name);
      clearVariable(fx, name, 'is unset');
    }
  }
}

/** A variable that held a plaintext data key is worth a step when it lets go of it (good hygiene). */
function clearVariable(fx: Effects, name: string, how: string): void {
  const holder = fx.b.holder('variable', name);
  if (!holder) return;
  const focus = holderFocus(fx, holder.id);
  fx.b.remove(holder.id);
  if (holder.contents.some((c) => c.kind === 'data-key')) {
    fx.b.step(`$${name} ${how}: the plaintext data key no longer sits in the shell.`, { lanes: ['machine'], focus });
  }
}
