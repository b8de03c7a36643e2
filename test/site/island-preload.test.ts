import { describe, expect, it } from 'vitest';
import { preloadLinks, staticGraph } from '../../src/lib/island-preload.ts';

// A built site in miniature: chunks by URL path.
const CHUNKS: Record<string, string> = {
  '/b/_astro/App.1.js': 'import{a}from"./shared.2.js";import"./side.3.js";const h=()=>import("./help.4.js");export default a',
  '/b/_astro/shared.2.js': 'import{r}from"./react.5.js";export const a=r',
  '/b/_astro/side.3.js': 'import"./shared.2.js";',
  '/b/_astro/help.4.js': 'import"./only-help.6.js";export const p=1',
  '/b/_astro/react.5.js': 'export const r=1',
  '/b/_astro/only-help.6.js': '',
  '/b/_astro/client.7.js': 'import{r}from"./react.5.js";export default r',
  '/b/_astro/Quiz.8.js': 'import"./quiz-only.9.js";',
};
const read = (path: string) => CHUNKS[path];

describe('island preload', () => {
  it('follows static imports only, each chunk once, entries first', () => {
    expect(staticGraph(['/b/_astro/App.1.js'], read)).toEqual(['/b/_astro/App.1.js', '/b/_astro/shared.2.js', '/b/_astro/react.5.js', '/b/_astro/side.3.js']);
  });

  it('links the named chunk and its static imports on pages holding the marker, and nothing elsewhere', () => {
    const files = Object.keys(CHUNKS);
    const options = { marker: 'data-start', chunks: ['App'] };
    expect(preloadLinks('<div data-start></div>', options, files, read)).toEqual(
      ['App.1', 'shared.2', 'react.5', 'side.3'].map((name) => `<link rel="modulepreload" href="/b/_astro/${name}.js">`),
    );
    expect(preloadLinks('<p>no sandbox</p>', options, files, read)).toEqual([]);
    expect(preloadLinks('<div data-start></div>', { ...options, media: '(min-width: 900px)' }, files, read)[0]).toBe(
      '<link rel="modulepreload" href="/b/_astro/App.1.js" media="(min-width: 900px)">',
    );
  });

  it('refuses a chunk name that matches no built chunk or several, rather than preload nothing', () => {
    const files = Object.keys(CHUNKS);
    expect(() => preloadLinks('<div data-start></div>', { marker: 'data-start', chunks: ['Ap'] }, files, read)).toThrow(/found 0/);
    expect(() => preloadLinks('<div data-start></div>', { marker: 'data-start', chunks: ['App'] }, [...files, '/b/_astro/App.9.js'], read)).toThrow(/found 2/);
  });
});
