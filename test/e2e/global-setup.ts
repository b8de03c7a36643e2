import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildSite } from '../support/build-site.ts';
import { startPagesServer } from './pages-server.ts';

export const BASE_PATH = '/kms-lab/';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute URL of the served site, ending in the base path. */
    siteUrl: string;
    /** Folder holding the build that is served. */
    distDir: string;
  }
}

/** One build under the GitHub Pages sub-path, served once for every browser test. */
export default async function setup(project: TestProject) {
  const distDir = buildSite(BASE_PATH);
  const server = await startPagesServer(distDir, BASE_PATH);
  project.provide('siteUrl', server.url);
  project.provide('distDir', distDir);
  return async () => {
    await server.close();
    rmSync(distDir, { recursive: true, force: true });
  };
}
