import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

export const repoRoot = join(import.meta.dirname, '../..');

/**
 * Builds the site as the GitHub Pages workflow does, into a fresh temporary
 * folder, and returns that folder. Runs `npx astro` so the project's own Node
 * (the `node` devDependency) does the build.
 */
export function buildSite(basePath: string): string {
  const outDir = mkdtempSync(join(tmpdir(), 'kms-lab-build-'));
  const result = spawnSync('npx', ['astro', 'build', '--outDir', outDir], {
    cwd: repoRoot,
    env: { ...cleanEnv(), BASE_PATH: basePath, SITE_URL: 'https://example.github.io', ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`astro build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return outDir;
}

/**
 * Vitest puts Vite's own variables (BASE_URL, MODE, NODE_ENV=test, …) into
 * process.env; a child build would read them and ignore the base path.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV']) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  return env;
}

/** Every file under `dir`, as forward-slash paths relative to it. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}
