/**
 * Build step: an island that starts with its page gets `<link rel="modulepreload">` tags in the
 * head for its entry, its renderer and every chunk they import statically. Astro loads an island
 * by a dynamic import from its inline loader, so without these the browser learns of each chunk
 * only when the one before it has arrived, and only once the parser reaches the island at the end
 * of a long lesson. Dynamic imports (help pages, openssl, xxd, diff, …) are left to load on demand.
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

/** The head links for the islands of one page whose component file name starts with one of `components`. */
export function preloadLinks(html: string, components: readonly string[], read: (urlPath: string) => string | undefined): string[] {
  const entries: string[] = [];
  for (const [tag] of html.matchAll(/<astro-island\b[^>]*>/g)) {
    const component = /\scomponent-url="([^"]+)"/.exec(tag)?.[1];
    const renderer = /\srenderer-url="([^"]+)"/.exec(tag)?.[1];
    const name = component?.slice(component.lastIndexOf('/') + 1) ?? '';
    if (component && components.some((c) => name.startsWith(`${c}.`))) entries.push(component, ...(renderer ? [renderer] : []));
  }
  return staticGraph(entries, read).map((path) => `<link rel="modulepreload" href="${path}">`);
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name));
}

/** `components`: the islands (by component name, e.g. 'SandboxApp') whose chunks load with the page. */
export function islandPreload(components: readonly string[]): AstroIntegration {
  let base = '/';
  return {
    name: 'kms-lab:island-preload',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir }) => {
        const root = fileURLToPath(dir);
        const read = (urlPath: string) => {
          if (!urlPath.startsWith(base)) return undefined;
          const file = join(root, urlPath.slice(base.length));
          return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
        };
        for (const file of htmlFiles(root)) {
          const html = readFileSync(file, 'utf8');
          const links = preloadLinks(html, components, read);
          if (links.length === 0) continue;
          // At the end of the head, so the fetches start before the parser reads the long lesson.
          writeFileSync(file, html.replace('</head>', `${links.join('')}</head>`));
        }
      },
    },
  };
}
