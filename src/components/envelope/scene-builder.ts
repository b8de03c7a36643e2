/**
 * Builds one scene while a command's events are read: handlers change the world (a file now holds
 * a data key, a key gained a version) and call step(); each step photographs every lane, marking
 * what appeared (new), what was removed (gone, shown once) and what the step touched (focus).
 */
import { holderItems, keyItem, keysToShow, MAX_FILES, type ItemDraft } from './items.ts';
import type { DiagramItem, DiagramStep, Lane, StepStatus } from './types.ts';
import { ensureKey, fileId, put, storedGroups, varId, type Content, type Holder, type KeyInfo, type World } from './world.ts';

export interface StepOptions {
  lanes: Lane[];
  flow?: { from: Lane; to: Lane };
  status?: StepStatus;
  error?: { code: string; message: string };
  /** Item ids this step acts on (new items are always in focus). */
  focus?: readonly string[];
}

/** Shell variables shown at most (a learner keeps one or two data keys in variables, not more). */
const MAX_VARIABLES = 4;

export class SceneBuilder {
  readonly world: World;
  readonly steps: DiagramStep[] = [];
  /** Holders this command set on purpose; its other file writes made files the model cannot read. */
  readonly explained = new Set<string>();
  private readonly sceneKeys = new Set<string>();
  private readonly transients = new Map<string, ItemDraft>();
  /** Stored pairs as of the last step, so new ciphertext first appears on the machine, then is stored. */
  private stored: Map<string, string>;
  private last: DiagramItem[];
  private readonly fresh = new Set<string>();
  private readonly gone = new Set<string>();

  constructor(world: World) {
    this.world = world;
    this.stored = storedGroups(world);
    this.last = this.drafts().map((d) => ({ ...d, presence: 'present', focus: false }));
  }

  /** A key this scene uses; learns its material version when the trace names one. */
  useKey(keyId: string, version?: number): KeyInfo {
    if (!this.world.keys.has(keyId)) this.fresh.add(`key:${keyId}`);
    this.sceneKeys.add(keyId);
    return ensureKey(this.world, keyId, version);
  }

  deleteKey(keyId: string): void {
    this.world.deletedKeys.add(keyId);
    if (this.world.keys.delete(keyId)) this.gone.add(`key:${keyId}`);
  }

  holder(type: Holder['type'], name: string): Holder | undefined {
    return this.world.holders.get(type === 'file' ? fileId(name) : varId(name));
  }

  /** Sets what a file or variable holds (none: it no longer holds anything worth drawing). */
  put(type: Holder['type'], name: string, contents: Content[], digest?: string): string[] {
    const id = type === 'file' ? fileId(name) : varId(name);
    const before = this.itemIds(this.world.holders.get(id));
    const holder = put(this.world, type, name, contents, digest);
    this.explained.add(id);
    const after = this.itemIds(holder);
    for (const old of before) if (!after.includes(old)) this.gone.add(old);
    for (const added of after) if (!before.includes(added)) this.fresh.add(added);
    return after;
  }

  remove(id: string): void {
    for (const old of this.itemIds(this.world.holders.get(id))) this.gone.add(old);
    this.world.holders.delete(id);
  }

  /** Something only this scene shows: a data key inside KMS, an answer printed in the terminal. */
  show(item: ItemDraft): string {
    if (!this.transients.has(item.id)) this.fresh.add(item.id);
    this.transients.set(item.id, item);
    return item.id;
  }

  drop(id: string): void {
    if (this.transients.delete(id)) this.gone.add(id);
  }

  step(caption: string, options: StepOptions): void {
    const focus = new Set(options.focus ?? []);
    const items: DiagramItem[] = this.drafts().map((d) => ({
      ...d,
      presence: this.fresh.has(d.id) ? 'new' : 'present',
      focus: focus.has(d.id) || this.fresh.has(d.id),
    }));
    const shown = new Set(items.map((i) => i.id));
    const removed = this.last.filter((i) => this.gone.has(i.id) && !shown.has(i.id)).map((i): DiagramItem => ({ ...i, presence: 'gone', focus: true }));
    this.steps.push({
      number: this.steps.length + 1,
      lanes: options.lanes,
      ...(options.flow ? { flow: options.flow } : {}),
      caption,
      status: options.status ?? 'ok',
      ...(options.error ? { error: options.error } : {}),
      items: [...items, ...removed],
    });
    this.last = items;
    this.fresh.clear();
    this.gone.clear();
  }

  /** Whether a holder was drawn in the storage lane at the last step. */
  isStored(id: string): boolean {
    return this.stored.has(id);
  }

  /** The holders stored together with this one (itself included). */
  storedWith(id: string): string[] {
    const group = this.stored.get(id);
    return group === undefined ? [] : [...this.stored].filter(([, g]) => g === group).map(([holder]) => holder);
  }

  /** Holder ids that form a stored pair now but did not at the last step (and remembers the new pairs). */
  newlyStored(): string[] {
    const now = storedGroups(this.world);
    const added = [...now.keys()].filter((id) => !this.stored.has(id));
    this.stored = now;
    return added;
  }

  private itemIds(holder: Holder | undefined): string[] {
    return holder ? holder.contents.map((c) => `${holder.id}#${c.kind}`) : [];
  }

  private drafts(): ItemDraft[] {
    const holders = [...this.world.holders.values()].sort((a, b) => b.touched - a.touched);
    const files = holders.filter((h) => h.type === 'file').slice(0, MAX_FILES);
    const variables = holders.filter((h) => h.type === 'variable').slice(0, MAX_VARIABLES);
    const held = [...files, ...variables].sort((a, b) => a.born - b.born).flatMap((h) => holderItems(this.world, h, this.stored.get(h.id)));
    const named = new Set(held.flatMap((i) => (i.keyId === undefined ? [] : [i.keyId])));
    for (const t of this.transients.values()) if (t.keyId !== undefined) named.add(t.keyId);
    const keys = keysToShow(this.world, this.sceneKeys, named).map((k) => keyItem(this.world, k));
    return [...keys, ...this.transients.values(), ...held];
  }
}
