import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, listFiles } from '../support/build-site.ts';

// Integration: the site built for a GitHub Pages project sub-path, read as HTML.
const BASE = '/kms-lab/';
/** Inline JavaScript a lesson page may carry before a sandbox island exists (theme only). */
const LESSON_INLINE_JS_BUDGET = 2048;
/** A lesson page's HTML plus its stylesheets, gzipped: what a reader waits for before the text. */
const LESSON_PAGE_GZIP_BUDGET = 12 * 1024;

let outDir: string;
let pages: { file: string; doc: HTMLElement }[];

beforeAll(() => {
  outDir = buildSite(BASE);
  pages = listFiles(outDir)
    .filter((file) => file.endsWith('.html'))
    .map((file) => ({ file, doc: parse(readFileSync(join(outDir, file), 'utf8')) }));
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The file GitHub Pages would serve for an absolute URL path, or undefined. */
function servedFile(urlPath: string): string | undefined {
  const path = decodeURIComponent(urlPath.split(/[?#]/)[0]!);
  if (!path.startsWith(BASE)) return undefined;
  const full = join(outDir, path.slice(BASE.length));
  const stat = statSync(full, { throwIfNoEntry: false });
  if (stat?.isFile()) return full;
  if (stat?.isDirectory() && existsSync(join(full, 'index.html'))) return join(full, 'index.html');
  return undefined;
}

describe('the built site', () => {
  it('has the home page, six lessons and a 404 page', () => {
    const files = pages.map((p) => p.file).sort();
    expect(files).toContain('index.html');
    expect(files).toContain('404.html');
    expect(files.filter((f) => f.startsWith('lessons/'))).toHaveLength(6);
  });

  it('links only to pages and assets that exist under the base path', () => {
    const broken: string[] = [];
    for (const { file, doc } of pages) {
      for (const el of doc.querySelectorAll('[href], [src]')) {
        const url = el.getAttribute('href') ?? el.getAttribute('src')!;
        if (/^[a-z]+:/i.test(url) || url.startsWith('//')) continue; // external
        if (url.startsWith('#')) {
          if (!doc.getElementById(url.slice(1))) broken.push(`${file}: ${url}`);
          continue;
        }
        if (!servedFile(url)) broken.push(`${file}: ${url}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('gives every page one h1, a title, a language and the landmarks', () => {
    for (const { file, doc } of pages) {
      expect(doc.querySelectorAll('h1'), file).toHaveLength(1);
      expect(doc.querySelector('title')?.text.trim(), file).toBeTruthy();
      expect(doc.querySelector('html')?.getAttribute('lang'), file).toBe('en');
      expect(doc.querySelectorAll('header.site-header, main#main, footer'), file).toHaveLength(3);
      const first = doc.querySelector('body a');
      expect(first?.getAttribute('href'), `${file}: skip link comes first`).toBe('#main');
    }
  });

  it('marks the current lesson and links previous and next in course order', () => {
    const lessonPages = pages.filter((p) => p.file.startsWith('lessons/'));
    const order = pages
      .find((p) => p.file === 'index.html')!
      .doc.querySelectorAll('.lesson-list a')
      .map((a) => a.getAttribute('href'));
    expect(order).toHaveLength(6);
    for (const { file, doc } of lessonPages) {
      const self = `${BASE}${file.replace(/index\.html$/, '')}`;
      const current = doc.querySelectorAll('.lesson-nav [aria-current="page"]');
      expect(current.map((a) => a.getAttribute('href')), file).toEqual([self]);
      const index = order.indexOf(self);
      expect(doc.querySelector('a[rel="prev"]')?.getAttribute('href'), file).toBe(order[index - 1]);
      expect(doc.querySelector('a[rel="next"]')?.getAttribute('href'), file).toBe(order[index + 1]);
    }
  });

  it('ships no JavaScript file to a lesson page, only the small inline theme script', () => {
    for (const { file, doc } of pages.filter((p) => p.file.startsWith('lessons/'))) {
      const scripts = doc.querySelectorAll('script');
      expect(scripts.filter((s) => s.getAttribute('src')), file).toEqual([]);
      expect(doc.querySelectorAll('link[rel="modulepreload"]'), file).toEqual([]);
      const inlineBytes = scripts.reduce((sum, s) => sum + Buffer.byteLength(s.innerHTML), 0);
      expect(inlineBytes, file).toBeLessThanOrEqual(LESSON_INLINE_JS_BUDGET);
    }
  });

  it('keeps a lesson page, HTML and CSS, within its gzip budget', () => {
    for (const { file, doc } of pages.filter((p) => p.file.startsWith('lessons/'))) {
      const css = doc
        .querySelectorAll('link[rel="stylesheet"]')
        .map((link) => readFileSync(servedFile(link.getAttribute('href')!)!));
      const bytes = [readFileSync(join(outDir, file)), ...css].reduce((sum, b) => sum + gzipSync(b).length, 0);
      expect(bytes, file).toBeLessThanOrEqual(LESSON_PAGE_GZIP_BUDGET);
    }
  });

  it('writes canonical URLs from SITE_URL and the base path', () => {
    const home = pages.find((p) => p.file === 'index.html')!.doc;
    expect(home.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://example.github.io/kms-lab/');
  });
});
