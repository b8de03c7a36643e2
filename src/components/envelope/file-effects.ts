/**
 * File and variable effects without KMS, read from the file events and the line's end state:
 * a file removed (a plaintext data key visibly disappears), moved or copied (what it held goes
 * with it), written with something the model knows (`echo ${DK%% *} | base64 --decode > key.bin`:
 * the bytes are a data key it has seen), and variables set, changed or unset.
 */
import type { Observation } from '../../cli/invocation.ts';
import type { VfsChange } from '../../shell/vfs.ts';
import { holderFocus, recognise, same, type Effects } from './effects.ts';
import { basename, dirname, displayPath, fileId, varId, type Content, type Holder } from './world.ts';

const nameOf = (h: Holder) => (h.type === 'file' ? displayPath(h.name) : `$${h.name}`);

/** "plaintext data key", "encrypted data key and the plaintext data key"… */
function what(contents: readonly Content[]): string {
  const words: Record<Content['kind'], string> = {
    'data-key': 'plaintext data key',
    'encrypted-data-key': 'encrypted data key',
    'plaintext-data': 'plaintext',
    'encrypted-data': 'encrypted data',
    signature: 'signature',
    mac: 'MAC',
    'public-key': 'public key',
    'private-key': 'plaintext private key',
    'encrypted-private-key': 'encrypted private key',
  };
  return contents.map((c) => words[c.kind]).join(' and the ');
}

const isSecret = (contents: readonly Content[]) => contents.some((c) => c.kind === 'data-key' || c.kind === 'private-key');

/** Whether a later event of the line changes the same path again (only the last one counts). */
function changedLater(fx: Effects, at: number, path: string): boolean {
  return fx.events.some((e, i) => i > at && e.type === 'vfs' && (e.change.kind === 'write' || e.change.kind === 'rename') && e.change.path === path);
}

/** A file openssl wrote while it ran: its handler draws it (or leaves it out when openssl failed). */
function byOpenssl(fx: Effects, at: number, path: string): boolean {
  const next = fx.events.slice(at + 1).find((e) => e.type === 'exec');
  return next?.type === 'exec' && next.exec.name === 'openssl' && next.exec.writes.includes(path);
}

function existsAtEnd(fx: Effects, path: string): boolean {
  const files = fx.record.end?.files;
  return files === undefined || files.includes(path);
}

/** Where else the same things sit: an exact copy first, then a variable, then the most recent file. */
function sourceOf(fx: Effects, contents: readonly Content[], seen: Observation, except: string): Holder | undefined {
  const holders = [...fx.b.world.holders.values()].filter((h) => h.id !== except && h.contents.some((c) => contents.some((x) => same(c, x))));
  const rank = (h: Holder) => (h.digest === seen.digest ? 0 : h.type === 'variable' ? 1 : 2);
  return holders.sort((a, b) => rank(a) - rank(b) || b.touched - a.touched)[0];
}

/** A file written (or moved into place) that the KMS and openssl handlers did not already draw. */
export function fileChanged(fx: Effects, at: number, change: VfsChange, seen: Observation | undefined): void {
  const { b } = fx;
  const path = change.path;
  if (fx.explained.has(at) || changedLater(fx, at, path) || byOpenssl(fx, at, path)) return;
  if (change.kind === 'rename' && seen === undefined) return; // a directory: see movedDirectories
  const id = fileId(path);
  const holder = b.world.holders.get(id);
  if (seen !== undefined && holder?.digest === seen.digest) return;
  const contents = recognise(b.world, seen);
  if (seen === undefined || contents.length === 0) {
    if (change.kind === 'rename') moveSourceAway(fx, seen);
    if (!holder) return;
    // Overwritten with something the model cannot name, or emptied (a redirection opens its file
    // before the command runs, so a failed pipeline leaves it empty): what it held is gone.
    const focus = holderFocus(fx, id);
    b.remove(id);
    const how = seen?.size === 0 ? 'is emptied' : 'is overwritten with something else';
    b.step(`${nameOf(holder)} ${how}: it no longer holds the ${what(holder.contents)}.`, { lanes: ['machine'], focus });
    return;
  }
  const source = sourceOf(fx, contents, seen, id);
  const moved = change.kind === 'rename' && source?.type === 'file' && source.digest === seen.digest && !existsAtEnd(fx, source.name);
  const read = source ? holderFocus(fx, source.id) : [];
  if (moved) b.remove(source.id);
  const ids = b.put('file', path, (moved ? source.contents : contents).map((c) => ({ ...c })), seen.digest);
  const to = displayPath(path);
  let caption: string;
  if (moved) caption = `${nameOf(source)} is moved to ${to}.`;
  else if (source?.type === 'file' && source.digest === seen.digest) {
    caption = `${nameOf(source)} is copied to ${to}${isSecret(contents) ? ': now two files hold the plaintext data key' : ''}.`;
  } else if (source?.type === 'variable') caption = `The ${what(contents)} in ${nameOf(source)} is written to ${to}.`;
  else if (source) caption = `The ${what(contents)} from ${nameOf(source)} is written to ${to}.`;
  else caption = `${to} now holds the ${what(contents)}.`;
  b.step(caption, { lanes: moved && b.isStored(source.id) ? ['storage', 'machine'] : ['machine'], focus: [...(moved ? [] : read), ...ids] });
}

/** A rename whose source the model did not know: if a tracked file vanished with it, forget that file. */
function moveSourceAway(fx: Effects, seen: Observation | undefined): void {
  if (seen === undefined) return;
  for (const h of [...fx.b.world.holders.values()]) if (h.type === 'file' && h.digest === seen.digest && !existsAtEnd(fx, h.name)) fx.b.remove(h.id);
}

/** Removals (rm, or anything else that deleted files the model tracks): the file and everything under it. */
export function fileRemoved(fx: Effects, path: string): void {
  const { b } = fx;
  const gone = [...b.world.holders.values()].filter((h) => h.type === 'file' && (h.name === path || h.name.startsWith(`${path}/`)));
  for (const holder of gone) {
    const stored = b.isStored(holder.id);
    const focus = holderFocus(fx, holder.id);
    const caption = removalCaption(fx, holder);
    b.remove(holder.id);
    b.step(caption, { lanes: [stored ? 'storage' : 'machine'], focus });
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

/**
 * The line's end: tracked files that are no longer there (moved with their directory, or gone in
 * a way no event told) and shell variables that now hold a data key, hold something else, or are unset.
 */
export function lineEnded(fx: Effects): void {
  const end = fx.record.end;
  if (!end) return;
  movedDirectories(fx, new Set(end.files));
  variablesChanged(fx);
  fx.b.world.variables = new Map(Object.entries(end.variables).map(([name, seen]) => [name, seen.digest]));
}

function movedDirectories(fx: Effects, files: ReadonlySet<string>): void {
  const { b } = fx;
  const targets = fx.events.flatMap((e) => (e.type === 'vfs' && e.change.kind === 'rename' && e.seen === undefined ? [e.change.path] : []));
  for (const holder of [...b.world.holders.values()]) {
    if (holder.type !== 'file' || files.has(holder.name)) continue;
    let found: string | undefined;
    for (const target of targets) {
      // Try each directory above the file as the one that moved: /a/b/x.enc under /a/b, then /a.
      for (let dir = dirname(holder.name); dir !== '/' && found === undefined; dir = dirname(dir)) {
        const candidate = target + holder.name.slice(dir.length);
        if (files.has(candidate)) found = candidate;
      }
    }
    const stored = b.isStored(holder.id);
    b.remove(holder.id);
    if (found === undefined) continue;
    const ids = b.put('file', found, holder.contents.map((c) => ({ ...c })), holder.digest);
    b.step(`${nameOf(holder)} is moved to ${displayPath(found)}${basename(found) === basename(holder.name) ? '' : ` (now ${basename(found)})`}.`, {
      lanes: stored ? ['storage', 'machine'] : ['machine'],
      focus: ids,
    });
  }
}

function variablesChanged(fx: Effects): void {
  const { b } = fx;
  const now = fx.record.end!.variables;
  for (const holder of [...b.world.holders.values()]) {
    if (holder.type !== 'variable' || fx.explainedVariables.has(holder.name)) continue;
    const seen = now[holder.name];
    if (seen === undefined) clearVariable(fx, holder, 'is unset');
    else if (seen.digest !== holder.digest) {
      const contents = recognise(b.world, seen);
      if (contents.length === 0) clearVariable(fx, holder, 'now holds something else');
      else b.put('variable', holder.name, contents, seen.digest);
    }
  }
  for (const [name, seen] of Object.entries(now)) {
    if (fx.explainedVariables.has(name) || b.world.variables.get(name) === seen.digest || b.world.holders.has(varId(name))) continue;
    const contents = recognise(b.world, seen);
    if (contents.length === 0) continue;
    const source = sourceOf(fx, contents, seen, varId(name));
    const read = source ? holderFocus(fx, source.id) : [];
    const ids = b.put('variable', name, contents, seen.digest);
    const from = source === undefined ? '' : source.type === 'file' ? ` from ${nameOf(source)}` : ` in ${nameOf(source)}`;
    b.step(`The ${what(contents)}${from} is kept in the shell variable $${name}.`, { lanes: ['machine'], focus: [...read, ...ids] });
  }
}

/** A variable that held a plaintext data key is worth a step when it lets go of it (good hygiene). */
function clearVariable(fx: Effects, holder: Holder, how: string): void {
  const focus = holderFocus(fx, holder.id);
  fx.b.remove(holder.id);
  if (holder.contents.some((c) => c.kind === 'data-key')) {
    fx.b.step(`$${holder.name} ${how}: the plaintext data key no longer sits in the shell.`, { lanes: ['machine'], focus });
  }
}
