// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import { deployConfigFromEnv } from './src/lib/deploy-config.ts';

// SITE_URL and BASE_PATH come from the GitHub Pages workflow; a local run
// deploys to the root.
const { site, base } = deployConfigFromEnv(process.env);

export default defineConfig({
  ...(site ? { site } : {}),
  base,
  trailingSlash: 'ignore',
  integrations: [mdx(), react()],
  markdown: {
    // High-contrast themes pass WCAG AA on every token; the page's data-theme picks one (global.css).
    shikiConfig: { themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' }, defaultColor: false },
  },
  vite: {
    // @xterm/xterm ships no `exports` map; let Vite bundle it instead of
    // leaving it to Node's resolver during the build.
    resolve: { noExternal: ['@xterm/xterm'] },
  },
});
