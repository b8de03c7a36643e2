// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import { fileURLToPath } from 'node:url';
import { CSP_DIRECTIVES, CSP_STYLE_RESOURCES, inlineScriptHashes } from './src/lib/csp-config.ts';
import { deployConfigFromEnv } from './src/lib/deploy-config.ts';
import { islandPreload } from './src/lib/island-preload.ts';
import { sandboxDirective } from './src/lib/sandbox-directive.ts';

// SITE_URL and BASE_PATH come from the GitHub Pages workflow; a local run
// deploys to the root.
const { site, base } = deployConfigFromEnv(process.env);

export default defineConfig({
  ...(site ? { site } : {}),
  base,
  trailingSlash: 'ignore',
  // The sandbox's terminal starts without React (client:sandbox hydrates the rest after its prompt);
  // its chunks download with the page, not one after another once it starts, where the sandbox is
  // beside the text (900px and wider, global.css); on a phone the first paint keeps the bandwidth.
  integrations: [
    mdx(),
    react(),
    sandboxDirective(),
    islandPreload({ marker: 'data-sandbox-props', chunks: ['sandbox-start'], media: '(min-width: 900px)' }),
  ],
  markdown: {
    // High-contrast themes pass WCAG AA on every token; the page's data-theme picks one (global.css).
    shikiConfig: { themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' }, defaultColor: false },
  },
  // A Content-Security-Policy meta tag on every page (GitHub Pages sends no headers of ours);
  // Astro hashes what it bundles, src/lib/csp-config.ts the is:inline scripts.
  security: {
    csp: {
      directives: [...CSP_DIRECTIVES],
      scriptDirective: { hashes: inlineScriptHashes(fileURLToPath(new URL('./src/', import.meta.url))) },
      styleDirective: { resources: [...CSP_STYLE_RESOURCES] },
    },
  },
  vite: {
    // @xterm/xterm ships no `exports` map; let Vite bundle it instead of
    // leaving it to Node's resolver during the build.
    resolve: { noExternal: ['@xterm/xterm'] },
    // KMS_SOURCEMAP=1 writes source maps, to see which modules fill a chunk.
    build: { sourcemap: process.env.KMS_SOURCEMAP === '1' },
  },
});
