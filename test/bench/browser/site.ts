/**
 * The built site the benchmark measures: rebuilt (under the GitHub Pages
 * sub-path, as deployed) only when a source file is newer than the last
 * build, so repeated runs while tuning cost seconds, not a build each.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BASE_PATH = '/kms-lab/';
export const repoRoot = join(import.meta.dirname, '../../..');
/** Inside the repository, so the build's prerender step finds node_modules; ignored by git. */
export const benchDist = join(repoRoot, 'node_modules/.cache/kms-lab-bench/dist');
const STAMP = '.bench-build-stamp';

/** What the built site is made from. */
const SOURCES = ['src', 'content', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export function isStale(dist: string): boolean {
  const stamp = join(dist, STAMP);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(repoRoot, source)) > built);
}

/** Builds into `dist` with the project's own Node (npx astro). */
export function build(dist: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, BASE_PATH, SITE_URL: 'https://example.github.io', ASTRO_TELEMETRY_DISABLED: '1' };
  for (const name of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV']) delete env[name];
  const started = Date.now();
  const result = spawnSync('npx', ['astro', 'build', '--outDir', dist], { cwd: repoRoot, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`astro build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  writeFileSync(join(dist, STAMP), `${new Date().toISOString()}\n`);
  console.error(`built the site in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
