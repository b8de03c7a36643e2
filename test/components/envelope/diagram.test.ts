/**
 * The React view, rendered to static HTML (no DOM library here): the captions exist as an ordered
 * list, the current caption sits in a polite live region, every control has a name, and the
 * lanes show the items. The playback rules are tested on their pure reducer.
 */
import { parse, type HTMLElement } from 'node-html-parser';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import EnvelopeDiagram, { useEnvelopeScenes } from '../../../src/components/envelope/EnvelopeDiagram.tsx';
import type { Scene } from '../../../src/components/envelope/types.ts';
import { playbackReducer, type PlaybackState } from '../../../src/components/envelope/use-playback.ts';
import { drive, KEY_LINE } from './harness.ts';

const render = (scenes: readonly Scene[]): HTMLElement => parse(renderToStaticMarkup(createElement(EnvelopeDiagram, { scenes })));
const text = (el: HTMLElement | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const buttons = (root: HTMLElement) => root.querySelectorAll('button').map((b) => text(b).replace(/^[^A-Za-z0-9]+ /, '').replace(/ [^A-Za-z0-9×]+$/, ''));

describe('EnvelopeDiagram', () => {
  let scenes: readonly Scene[] = [];

  beforeAll(async () => {
    const d = await drive();
    await d.scene(KEY_LINE);
    await d.scene('aws kms generate-data-key --key-id $KEY --key-spec AES_256 --query CiphertextBlob --output text | base64 -d > datakey.enc');
    await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc --query Plaintext --output text | base64 -d > datakey.bin');
    await d.quiet('echo secret > data.txt');
    await d.scene('openssl enc -aes-256-cbc -pbkdf2 -pass file:datakey.bin -in data.txt -out data.enc');
    await d.scene('aws kms disable-key --key-id $KEY');
    await d.scene('aws kms decrypt --ciphertext-blob fileb://datakey.enc');
    scenes = d.scenes();
  });

  it('lists every step of the shown scene as an ordered list of captions, the last one current', () => {
    const shown = scenes.at(-1)!;
    const root = render(scenes);
    const list = root.querySelector('ol.env-steps');
    expect(list?.getAttribute('aria-label')).toBe('Steps of this command');
    const items = list!.querySelectorAll(':scope > li');
    expect(items.map((li) => text(li.querySelector('.env-step-caption')).replace(/^Error: /, ''))).toEqual(shown.steps.map((s) => s.caption));
    expect(items.map((li) => li.getAttribute('aria-current'))).toEqual(shown.steps.map((_, i) => (i === shown.steps.length - 1 ? 'step' : undefined)));
    // The error step says so in words, not only in colour.
    expect(text(items.at(-1)!)).toMatch(/Error: Stopped: KMS key [0-9a-f]{8} is disabled/);
  });

  it('announces the current caption in a polite live region', () => {
    const shown = scenes.at(-1)!;
    const live = render(scenes).querySelector('[aria-live="polite"]');
    expect(text(live)).toBe(`Step ${shown.steps.length} of ${shown.steps.length}: ${shown.steps.at(-1)!.caption}`);
  });

  it('has named controls: play, step back and forward, speed, replay, previous and next command', () => {
    const root = render(scenes);
    expect(buttons(root).slice(0, 9)).toEqual([
      'Step back',
      'Play',
      'Step forward',
      'Replay last command',
      '0.5×',
      '1×',
      '2×',
      'Previous command',
      'Next command',
    ]);
    // Each caption is a button that shows its step; its number is decoration (the list numbers it).
    const steps = root.querySelectorAll('.env-step-button');
    expect(steps.map((b) => b.querySelector('.env-step-number')?.getAttribute('aria-hidden'))).toEqual(steps.map(() => 'true'));
    for (const button of root.querySelectorAll('button')) expect(button.getAttribute('type')).toBe('button');
    expect(root.querySelector('[aria-label="Playback speed"] [aria-pressed="true"]')?.textContent).toBe('1×');
    // At the last step of the newest scene, these lead nowhere; they say so without losing focus.
    const off = root.querySelectorAll('[aria-disabled="true"]').map((b) => text(b).replace(/[^A-Za-z ]/g, '').trim());
    expect(off).toEqual(['Step forward', 'Next command']);
  });

  it('draws the three lanes with the items of the current step', () => {
    const root = render(scenes);
    expect(root.querySelectorAll('.env-lane-title').map(text)).toEqual(['AWS KMS', 'Your machine', 'Storage']);
    const storage = root.querySelector('.env-lane--storage')!;
    expect(storage.querySelector('.env-group')).not.toBeNull();
    expect(storage.querySelectorAll('.env-item-label').map(text).sort()).toEqual(['data.enc', 'datakey.enc']);
    const key = root.querySelector('.env-lane--kms .env-item--kms-key')!;
    expect(text(key.querySelector('.env-item-kind'))).toBe('KMS key');
    expect(text(key.querySelector('.env-item-label'))).toMatch(/^[0-9a-f]{8}$/);
    expect(text(key.querySelector('.env-item-details'))).toContain('disabled');
    expect(key.querySelector('.env-versions')?.getAttribute('aria-label')).toBe('Key material versions');
    expect(text(key.querySelector('.env-version--current'))).toBe('version v0 (current)');
    expect(root.querySelector('.env-lane--kms')?.classList.contains('env-lane--error')).toBe(true);
    expect(text(root.querySelector('.env-badge--error'))).toBe('stopped with an error');
    expect(text(root.querySelector('.env-line'))).toBe('$ aws kms decrypt --ciphertext-blob fileb://datakey.enc');
  });

  it('uses only env- class names', () => {
    const classes = new Set(render(scenes).querySelectorAll('[class]').flatMap((el) => [...el.classList.values()]));
    expect([...classes].filter((c) => !c.startsWith('env'))).toEqual([]);
  });

  it('renders an empty diagram that says what to do', () => {
    const root = render([]);
    expect(text(root.querySelector('[aria-live="polite"]'))).toContain('aws kms generate-data-key');
    expect(root.querySelectorAll('.env-lane')).toHaveLength(3);
    expect(root.querySelector('ol.env-steps')).toBeNull();
    expect(buttons(root).slice(0, 4)).toEqual(['Step back', 'Play', 'Step forward', 'Replay last command']);
  });

  it('exports the session hook next to the component', () => {
    expect(typeof useEnvelopeScenes).toBe('function');
  });
});

describe('playback rules', () => {
  const scene = (id: number, steps: number): Scene => ({
    id,
    line: 'x',
    title: 'x',
    status: 'ok',
    steps: Array.from({ length: steps }, (_, i) => ({ number: i + 1, lanes: ['kms'], caption: `s${i}.`, status: 'ok', items: [] })),
  });
  const start: PlaybackState = { sceneId: 1, step: 3, playing: false, speed: 1, seen: 1 };

  it('plays a new scene from its first step, or shows its end at once with reduced motion', () => {
    expect(playbackReducer(start, { type: 'arrive', scene: scene(2, 4), reduced: false })).toMatchObject({ sceneId: 2, step: 0, playing: true, seen: 2 });
    expect(playbackReducer(start, { type: 'arrive', scene: scene(2, 4), reduced: true })).toMatchObject({ sceneId: 2, step: 3, playing: false });
    expect(playbackReducer(start, { type: 'arrive', scene: scene(2, 1), reduced: false })).toMatchObject({ step: 0, playing: false });
  });

  it('stops at the last step, and Play from the end starts over', () => {
    let s = playbackReducer(start, { type: 'arrive', scene: scene(2, 3), reduced: false });
    s = playbackReducer(s, { type: 'tick', last: 2 });
    expect(s).toMatchObject({ step: 1, playing: true });
    s = playbackReducer(s, { type: 'tick', last: 2 });
    expect(s).toMatchObject({ step: 2, playing: false });
    expect(playbackReducer(s, { type: 'play', last: 2 })).toMatchObject({ step: 0, playing: true });
  });

  it('steps by hand within bounds, pausing', () => {
    const playing = { ...start, step: 1, playing: true };
    expect(playbackReducer(playing, { type: 'go', step: 5, last: 3 })).toMatchObject({ step: 3, playing: false });
    expect(playbackReducer(playing, { type: 'go', step: -1, last: 3 })).toMatchObject({ step: 0, playing: false });
    expect(playbackReducer(playing, { type: 'speed', speed: 2 })).toMatchObject({ speed: 2, playing: true });
    expect(playbackReducer(playing, { type: 'pause' }).playing).toBe(false);
  });

  it('replays a scene from the start', () => {
    expect(playbackReducer(start, { type: 'scene', scene: scene(1, 4), play: true })).toMatchObject({ step: 0, playing: true });
    expect(playbackReducer(start, { type: 'scene', scene: scene(1, 4), play: false })).toMatchObject({ step: 3, playing: false });
  });

  it('names the key behind a signature as the key that signed it, not one it is encrypted under', async () => {
    const d = await drive();
    await d.quiet('echo hello > m.txt');
    await d.scene('KEY=$(aws kms create-key --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY --query KeyMetadata.KeyId --output text)');
    await d.scene('aws kms sign --key-id $KEY --message fileb://m.txt --signing-algorithm ECDSA_SHA_256 --query Signature --output text | base64 -d > sig.bin');
    const card = render(d.scenes()).querySelectorAll('.env-item').find((el) => text(el.querySelector('.env-item-label')) === 'sig.bin');
    expect(text(card!.querySelector('.env-item-made'))).toMatch(/^signed by KMS key [0-9a-f]{8}$/);
  });
});
