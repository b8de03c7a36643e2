/**
 * The site's Content-Security-Policy, for astro.config.mjs. GitHub Pages sends no headers we
 * choose, so the policy travels as Astro's `<meta http-equiv>` (security.csp): Astro hashes the
 * scripts and styles it bundles; the `is:inline` scripts (theme and layout choices that must run
 * before first paint) it leaves to us, so their hashes are computed here from the same source
 * text Astro copies into the page verbatim. test/site/csp.test.ts checks every built page.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Beyond Astro's script-src and style-src: only this site's own files, no plugins, no <base>
 * to redirect relative URLs, forms post only here. frame-ancestors cannot be set from a meta tag.
 */
export const CSP_DIRECTIVES = ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"] as const;

/**
 * style-src: our own stylesheets and Astro's hashed <style> elements. Style *attributes* are
 * allowed inline: Shiki colours each token with one (its values follow the code shown, so no
 * fixed list of hashes can cover them) and xterm.js styles cells with them. An attribute cannot
 * hold a selector or load anything default-src refuses, so this leaves no way to read the page.
 */
export const CSP_STYLE_RESOURCES = ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] as const;

const INLINE_SCRIPT = /<script\b[^>]*\bis:inline\b[^>]*>([\s\S]*?)<\/script>/g;

/** SHA-256 hashes (CSP source form, without quotes) of every `<script is:inline>` body in the .astro files under `srcDir`. */
export function inlineScriptHashes(srcDir: string): `sha256-${string}`[] {
  const hashes = new Set<`sha256-${string}`>();
  for (const file of astroFiles(srcDir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(INLINE_SCRIPT)) {
      hashes.add(`sha256-${createHash('sha256').update(match[1]!, 'utf8').digest('base64')}`);
    }
  }
  return [...hashes].sort();
}

function astroFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.astro'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
