/**
 * Drives a real sandbox (seeded, so IDs and fingerprints repeat) and feeds its events to the
 * envelope model through watchSession, as useEnvelopeScenes does in the browser.
 */
import { expect } from 'vitest';
import { initialEnvelopeState, type EnvelopeState } from '../../../src/components/envelope/envelope-model.ts';
import { watchSession } from '../../../src/components/envelope/use-envelope-scenes.ts';
import type { DiagramItem, DiagramStep, ItemKind, Scene } from '../../../src/components/envelope/types.ts';
import { runText } from '../../../src/shell/run.ts';
import { Sandbox } from '../../../src/shell/sandbox.ts';

export interface Driver {
  sandbox: Sandbox;
  state(): EnvelopeState;
  scenes(): readonly Scene[];
  /** Runs a line; returns the scenes it added (normally zero or one). */
  run(line: string): Promise<{ stdout: string; stderr: string; exitCode: number; added: readonly Scene[] }>;
  /** Runs a line that must make exactly one scene, and returns it. */
  scene(line: string): Promise<Scene>;
  /** Runs a line that must make no scene (it may still change what the model knows). */
  quiet(line: string): Promise<void>;
}

/** A fresh sandbox, or (`sandbox` given) a new diagram on one already in use, as after a page reload. */
export async function drive(seed = 1, existing?: Sandbox): Promise<Driver> {
  const sandbox = existing ?? (await Sandbox.create({ seed }));
  let state = initialEnvelopeState();
  watchSession(sandbox.session, (next) => {
    state = next;
  });
  const run = async (line: string) => {
    const before = state.scenes.at(-1)?.id ?? 0;
    const result = await runText(sandbox.session, line);
    return { ...result, added: state.scenes.filter((s) => s.id > before) };
  };
  return {
    sandbox,
    state: () => state,
    scenes: () => state.scenes,
    run,
    async scene(line) {
      const { added, stderr } = await run(line);
      expect(added, `${line}\n${stderr}`).toHaveLength(1);
      return added[0]!;
    },
    async quiet(line) {
      const { added } = await run(line);
      expect(added.map((s) => s.steps.map((st) => st.caption)), line).toEqual([]);
    },
  };
}

export const captions = (scene: Scene) => scene.steps.map((s) => s.caption);
export const last = (scene: Scene): DiagramStep => scene.steps.at(-1)!;

/** The item labelled `label` (of `kind`, when several share a label) in a step; fails when absent. */
export function item(step: DiagramStep, label: string, kind?: ItemKind): DiagramItem {
  const found = step.items.find((i) => i.label === label && (kind === undefined || i.kind === kind) && i.presence !== 'gone');
  expect(found, `${label} ${kind ?? ''} in step ${step.number}: ${step.items.map((i) => `${i.label}/${i.kind}/${i.presence}`).join(', ')}`).toBeDefined();
  return found!;
}

export function absent(step: DiagramStep, label: string): void {
  expect(step.items.filter((i) => i.label === label && i.presence !== 'gone')).toEqual([]);
}

/** Steps are numbered from 1 without gaps, and the scene's status is its worst step's. */
export function wellFormed(scene: Scene): void {
  expect(scene.steps.length).toBeGreaterThan(0);
  expect(scene.steps.map((s) => s.number)).toEqual(scene.steps.map((_, i) => i + 1));
  expect(scene.status).toBe(scene.steps.some((s) => s.status === 'error') ? 'error' : 'ok');
  for (const step of scene.steps) {
    expect(step.caption).toMatch(/^\S.*[.)]$/);
    expect(step.lanes.length).toBeGreaterThan(0);
    expect(new Set(step.items.map((i) => i.id)).size).toBe(step.items.length);
  }
}

export const KEY_LINE = 'KEY=$(aws kms create-key --query KeyMetadata.KeyId --output text)';
