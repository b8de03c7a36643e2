/**
 * Build step: a page whose sandbox starts with it gets `<link rel="modulepreload">` tags in the
 * head for the chunk its script imports to start (sandbox-start) and every chunk that imports
 * statically. The script imports it dynamically, when the sandbox comes into view, so without
 * these the browser learns of each chunk only when the one before it has arrived, and only once
 * the parser reaches the script after a long lesson. Further dynamic imports (help pages,
 * openssl, xxd, diff, the island's React, …) are left to load on demand.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Static `import … from "x"` and `import "x"` in a built chunk; `import("x")` is left out. */
const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']/g;

/** The URL paths of `entries` and every chunk they import statically, entries first. */
export function staticGraph(entries: readonly string[], read: (urlPath: string) => string | undefined): string[] {
  const seen = new Set<string>();
  const visit = (urlPath: string) => {
    if (seen.has(urlPath)) return;
    const code = read(urlPath);
    if (code === undefined) return;
    seen.add(urlPath);
    for (const m of code.matchAll(STATIC_IMPORT)) visit(new URL(m[1]!, `http://site${urlPath}`).pathname);
  };
  entries.forEach(visit);
  return [...seen];
}

/** The head links for a page that holds `marker`: the chunks named `chunks` (e.g. 'sandbox-start') and their static imports. */
export function preloadLinks(html: string, options: PreloadOptions, chunkFiles: readonly string[], read: (urlPath: string) => string | undefined): string[] {
  if (!html.includes(options.marker)) return [];
  const entries = options.chunks.map((name) => {
    const found = chunkFiles.filter((path) => path.slice(path.lastIndexOf('/') + 1).startsWith(`${name}.`));
    if (found.length !== 1) throw new Error(`island-preload: expected one built chunk named ${name}, found ${found.length}`);
    return found[0]!;
  });
  const media = options.media ? ` media="${options.media}"` : '';
  return staticGraph(entries, read).map((path) => `<link rel="modulepreload" href="${path}"${media}>`);
}

export interface PreloadOptions {
  /** Text only the pages that need the chunks hold (an attribute of their markup). */
  marker: string;
  /** Chunks by the name of the module they come from: what the page's script imports dynamically to start. */
  chunks: readonly string[];
  /** Only where this media query matches (where the sandbox is in view with the page). */
  media?: string;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name));
}

export function islandPreload(options: PreloadOptions): AstroIntegration {
  let base = '/';
  let assets = '_astro';
  return {
    name: 'kms-lab:island-preload',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        assets = config.build.assets;
      },
      'astro:build:done': ({ dir }) => {
        const root = fileURLToPath(dir);
        const read = (urlPath: string) => {
          if (!urlPath.startsWith(base)) return undefined;
          const file = join(root, urlPath.slice(base.length));
          return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
        };
        const assetDir = join(root, assets);
        const chunkFiles = existsSync(assetDir) ? readdirSync(assetDir).filter((name) => name.endsWith('.js')).map((name) => `${base}${assets}/${name}`) : [];
        for (const file of htmlFiles(root)) {
          const html = readFileSync(file, 'utf8');
          const links = preloadLinks(html, options, chunkFiles, read);
          if (links.length === 0) continue;
          // At the end of the head, so the fetches start before the parser reads the long lesson.
          writeFileSync(file, html.replace('</head>', `${links.join('')}</head>`));
        }
      },
    },
  };
}
