// Integration: every built page carries a Content-Security-Policy meta tag that allows exactly
// what the page holds inline (by hash) and nothing that would let injected markup run script.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, listFiles } from '../support/build-site.ts';

let outDir: string;
let pages: { file: string; doc: HTMLElement }[];

beforeAll(() => {
  outDir = buildSite('/kms-lab/');
  pages = listFiles(outDir)
    .filter((file) => file.endsWith('.html'))
    // <pre> parsed as elements too: Shiki's token spans carry style attributes.
    .map((file) => ({ file, doc: parse(readFileSync(join(outDir, file), 'utf8'), { blockTextElements: { script: true, style: true } }) }));
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

type Policy = Map<string, string[]>;

function policyOf(doc: HTMLElement): Policy {
  const metas = doc.querySelectorAll('meta').filter((meta) => meta.getAttribute('http-equiv')?.toLowerCase() === 'content-security-policy');
  expect(metas).toHaveLength(1);
  const policy: Policy = new Map();
  for (const part of metas[0]!.getAttribute('content')!.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

/** The sources that govern a kind of content, with CSP's fallbacks (script-src-elem → script-src → default-src). */
function sourcesFor(policy: Policy, ...names: string[]): string[] {
  for (const name of names) {
    const sources = policy.get(name);
    if (sources) return sources;
  }
  throw new Error(`no ${names.join(' / ')} directive`);
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Scripts a browser runs: no type, or a JavaScript one (JSON data blocks are not run, so CSP leaves them alone). */
const runs = (script: HTMLElement) => /^(|module|text\/javascript|application\/javascript)$/i.test(script.getAttribute('type') ?? '');

describe('the Content-Security-Policy of every built page', () => {
  it('builds pages to check', () => {
    expect(pages.length).toBeGreaterThanOrEqual(12);
  });

  it('allows only the site itself: no plugins, no <base>, forms post here, no eval', () => {
    for (const { file, doc } of pages) {
      const policy = policyOf(doc);
      expect(policy.get('default-src'), file).toEqual(["'self'"]);
      expect(policy.get('object-src'), file).toEqual(["'none'"]);
      expect(policy.get('base-uri'), file).toEqual(["'self'"]);
      expect(policy.get('form-action'), file).toEqual(["'self'"]);
      for (const name of ['script-src', 'script-src-elem', 'script-src-attr']) {
        const sources = policy.get(name) ?? [];
        expect(sources, `${file} ${name}`).not.toContain("'unsafe-inline'");
        expect(sources, `${file} ${name}`).not.toContain("'unsafe-eval'");
        expect(sources, `${file} ${name}`).not.toContain("'unsafe-hashes'");
        expect(sources.filter((source) => !/^'(self|sha(256|384|512)-[A-Za-z0-9+/=]+)'$/.test(source)), `${file} ${name}`).toEqual([]);
      }
    }
  });

  it('has a hash for each inline script, and loads every other script from the site', () => {
    let inline = 0;
    for (const { file, doc } of pages) {
      const allowed = sourcesFor(policyOf(doc), 'script-src-elem', 'script-src', 'default-src');
      for (const script of doc.querySelectorAll('script').filter(runs)) {
        const src = script.getAttribute('src');
        if (src === undefined) {
          inline += 1;
          expect(allowed, `${file}: ${script.rawText.trim().slice(0, 60)}`).toContain(sha256(script.rawText));
        } else {
          expect(src, file).toMatch(/^\/kms-lab\//);
        }
      }
    }
    // The theme script, the island loader and the layout's early scripts are on every lesson page.
    expect(inline).toBeGreaterThanOrEqual(pages.length);
  });

  it('has a hash for each inline <style>, allows style attributes only as attributes, and runs no inline handlers', () => {
    for (const { file, doc } of pages) {
      const policy = policyOf(doc);
      const elements = sourcesFor(policy, 'style-src-elem', 'style-src', 'default-src');
      expect(elements, file).not.toContain("'unsafe-inline'");
      for (const style of doc.querySelectorAll('style')) expect(elements, file).toContain(sha256(style.rawText));
      if (doc.querySelector('[style]')) expect(sourcesFor(policy, 'style-src-attr', 'style-src', 'default-src'), file).toContain("'unsafe-inline'");
      const handlers = doc.querySelectorAll('*').flatMap((el) => Object.keys(el.attributes).filter((name) => /^on/i.test(name)));
      expect(handlers, file).toEqual([]);
      const scriptUrls = doc.querySelectorAll('[href], [src], [action]').filter((el) => /^\s*javascript:/i.test(el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? ''));
      expect(scriptUrls, file).toEqual([]);
    }
  });
});
