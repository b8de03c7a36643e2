import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, listFiles } from '../support/build-site.ts';

// Integration: the site built for a GitHub Pages project sub-path, read as HTML.
const BASE = '/kms-lab/';
/** JavaScript a lesson page runs before the sandbox wakes (theme, island loader, ▶ buttons, progress marks, presenter keys), gzipped. */
// 6 KB until the class, phone and desktop layouts (presenter stepping, the phone sheet, waiting
// taps, the width handle and skip links) joined it: 10.0 KB measured; 11 KB until the terminal
// started without React, whose starter came here (the boot script, the island's directive and
// Vite's preload helper for its dynamic import, 2.4 KB): 13.1 KB measured.
const LESSON_EAGER_JS_GZIP_BUDGET = 14 * 1024;
/**
 * What a lesson page downloads before its prompt is usable: its scripts, the chunk they import to
 * start the terminal and its static imports (xterm, the shell, the simulator), gzipped. Issue 14
 * asks for 200 KB; 348 KB before aws help, openssl, xxd, diff and zod loaded on demand or left the
 * client, 260 KB while React (react-dom 64 KB) still drew the terminal; 185 KB measured since the
 * terminal starts without it (xterm 84 KB and the shell with the simulator 79 KB are most of it).
 */
const SANDBOX_START_JS_GZIP_BUDGET = 200 * 1024;
/** The review page's JavaScript before its quiz is in view (the progress table's script), gzipped: 3.1 KB measured; 71 KB with react-dom before. */
const REVIEW_EAGER_JS_GZIP_BUDGET = 5 * 1024;
/** A lesson page's HTML (text, exercises, quiz and its data) plus its stylesheets, gzipped: what a reader waits for before the text. */
// 28 KB until the corrected course text (lesson 3 gained the admin's grant walk-through and the
// multi-Region key states) and the rebalanced quizzes: 37.0 KB measured on lesson 3.
const LESSON_PAGE_GZIP_BUDGET = 40 * 1024;

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

/** Every built JS file reachable from the entries by static imports. */
function moduleGraph(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (urlPath: string) => {
    const path = servedFile(urlPath);
    if (!path || seen.has(path)) return;
    seen.add(path);
    const code = readFileSync(path, 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']/g)) {
      visit(new URL(m[1]!, `http://site${urlPath}`).pathname);
    }
  };
  entries.forEach(visit);
  return [...seen];
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

  it('runs only a few kilobytes of JavaScript before the sandbox wakes', () => {
    for (const { file, doc } of pages.filter((p) => p.file.startsWith('lessons/'))) {
      // A data block (the sandbox's set-up for sandbox-boot.ts) is not run.
      const scripts = doc.querySelectorAll('script').filter((s) => s.getAttribute('type') !== 'application/json');
      const inline = scripts.filter((s) => !s.getAttribute('src')).map((s) => gzipSync(s.innerHTML).length);
      const files = scripts.flatMap((s) => (s.getAttribute('src') ? [s.getAttribute('src')!] : []));
      const eager = [...inline, ...moduleGraph(files).map((path) => gzipSync(readFileSync(path)).length)].reduce((a, b) => a + b, 0);
      expect(eager, file).toBeLessThanOrEqual(LESSON_EAGER_JS_GZIP_BUDGET);
    }
  });

  /** The chunk a sandbox page's script imports to start the terminal (sandbox-boot.ts), and what it imports statically. */
  const startGraph = (doc: HTMLElement) => {
    const boot = doc.querySelectorAll('script[src]').map((s) => s.getAttribute('src')!);
    const start = listFiles(join(outDir, '_astro')).filter((f) => /^sandbox-start\.[\w-]+\.js$/.test(f));
    expect(start).toHaveLength(1);
    const bootCode = moduleGraph(boot).map((path) => readFileSync(path, 'utf8')).join('\n');
    expect(bootCode, 'the page script imports the start chunk').toContain(start[0]);
    return { boot: moduleGraph(boot), start: moduleGraph([`${BASE}_astro/${start[0]}`]) };
  };

  it('preloads exactly the start chunk and what it imports statically, and all it takes to a prompt fits the budget', () => {
    for (const { file, doc } of pages.filter((p) => p.file.startsWith('lessons/'))) {
      const island = doc.querySelectorAll('astro-island').find((i) => /\/SandboxApp\.[\w-]+\.js$/.test(i.getAttribute('component-url') ?? ''));
      expect(island?.getAttribute('client'), file).toBe('sandbox');
      const { boot, start } = startGraph(doc);
      // Downloads start with the page, in the head, not when the script runs after the long lesson text.
      const preloaded = doc.querySelectorAll('head link[rel="modulepreload"]').map((link) => servedFile(link.getAttribute('href')!));
      expect(preloaded.sort(), file).toEqual([...start].sort());
      // Neither React nor the island's own code is on the way to the prompt: they hydrate after it.
      expect(start, file).not.toContain(servedFile(island!.getAttribute('renderer-url')!));
      expect(start, file).not.toContain(servedFile(island!.getAttribute('component-url')!));
      const bytes = [...new Set([...boot, ...start])].reduce((sum, path) => sum + gzipSync(readFileSync(path)).length, 0);
      expect(bytes, file).toBeLessThanOrEqual(SANDBOX_START_JS_GZIP_BUDGET);
    }
  });

  it('preloads nothing on pages without a sandbox', () => {
    for (const { file, doc } of pages.filter((p) => !p.doc.querySelector('script[data-sandbox-props]'))) {
      expect(doc.querySelectorAll('link[rel="modulepreload"]'), file).toEqual([]);
    }
  });

  it('leaves the tools a first command does not need out of the start-up graph', () => {
    const doc = pages.find((p) => p.file.startsWith('lessons/'))!.doc;
    const code = startGraph(doc)
      .start.map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    // A phrase from each part loaded on demand: aws help pages, openssl, xxd's usage, jsdiff, the
    // AWS CLI (its own messages and JMESPath's), the shell tools' help pages, React.
    for (const phrase of [
      'Gives a KMS key a friendly name such as alias/my-app.',
      'Error reading password from BIO',
      'xxd [options] [infile [outfile]]',
      'The segmenter passed must have a granularity of',
      'The config profile (',
      'Quoted identifier not allowed for function names.',
      'Compare the size of a plaintext with that of its ciphertext:',
      'https://react.dev/errors/',
    ]) {
      expect(code.includes(phrase), phrase).toBe(false);
    }
  });

  it('runs no React on the review page until its quiz scrolls into view', () => {
    const doc = pages.find((p) => p.file === 'review/index.html')!.doc;
    // The progress table is HTML and a small script; only the quiz is an island, woken when visible.
    expect(doc.querySelectorAll('astro-island').map((i) => i.getAttribute('client'))).toEqual(['visible']);
    const scripts = doc.querySelectorAll('script[src]').map((s) => s.getAttribute('src')!);
    const eager = moduleGraph(scripts);
    const quiz = doc.querySelector('astro-island')!;
    const renderer = servedFile(quiz.getAttribute('renderer-url')!)!;
    expect(eager).not.toContain(renderer);
    const bytes = eager.reduce((sum, path) => sum + gzipSync(readFileSync(path)).length, 0);
    expect(bytes).toBeLessThanOrEqual(REVIEW_EAGER_JS_GZIP_BUDGET);
    // The quiz wakes with the very react-dom chunk the lesson pages' islands use, cached from them.
    const lesson = pages.find((p) => p.file.startsWith('lessons/'))!.doc;
    expect(lesson.querySelectorAll('astro-island').map((i) => i.getAttribute('renderer-url'))).toContain(quiz.getAttribute('renderer-url'));
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
