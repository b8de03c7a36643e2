/**
 * `npm run bench:lighthouse`: Lighthouse's scores for a lesson page of the
 * built site, mobile and desktop presets, against issue 14's targets
 * (performance ≥ 98 mobile and 100 desktop; accessibility, best practices and
 * SEO 100). Lighthouse drives its own Chromium (Debian's, started here with a
 * DevTools port) and applies its own simulated throttling. Separate from
 * bench:browser because one run takes a minute and scores move by a point or
 * two between runs on a busy machine.
 *
 *   --no-build / --dist DIR / --strict   as for bench:browser
 *   --lesson ID                          another lesson (data-keys)
 *   KMS_LIGHTHOUSE_JSON=PREFIX           also writes each full report to PREFIX-<preset>.json
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse, { desktopConfig } from 'lighthouse';
import { startPagesServer } from '../../e2e/pages-server.ts';
import { passes, table, type Row } from './report.ts';
import { lessonUrl, LESSON } from './sandbox-state.ts';
import { BASE_PATH, benchDist, build, isStale } from './site.ts';

const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    dist: { type: 'string' },
    lesson: { type: 'string', default: LESSON },
    strict: { type: 'boolean', default: false },
  },
});

const TARGETS = {
  mobile: { performance: 98, accessibility: 100, 'best-practices': 100, seo: 100 },
  desktop: { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 },
} as const;

/** Debian's Chromium with a DevTools port for Lighthouse; resolves once it listens. */
async function startChromium(): Promise<{ port: number; close(): void }> {
  const profile = mkdtempSync(join(tmpdir(), 'kms-lab-lighthouse-'));
  const child = spawn(process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    'about:blank',
  ]);
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}) before listening:\n${seen}`)));
  });
  return {
    port,
    close: () => {
      child.kill();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const dist = values.dist ?? benchDist;
if (!values.dist && !values['no-build'] && isStale(dist)) build(dist);
const server = await startPagesServer(dist, BASE_PATH);
const chromium = await startChromium();
const rows: Row[] = [];
try {
  const url = lessonUrl(server.url, values.lesson);
  for (const preset of ['mobile', 'desktop'] as const) {
    const result = await lighthouse(
      url,
      { port: chromium.port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(TARGETS[preset]) },
      preset === 'desktop' ? desktopConfig : undefined,
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { lhr } = result;
    if (process.env['KMS_LIGHTHOUSE_JSON']) writeFileSync(`${process.env['KMS_LIGHTHOUSE_JSON']}-${preset}.json`, JSON.stringify(lhr));
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    for (const [category, target] of Object.entries(TARGETS[preset])) {
      const score = lhr.categories[category]?.score;
      rows.push({ figure: `Lighthouse ${category}`, state: `${preset}, /lessons/${values.lesson}/`, measured: score == null ? Number.NaN : score * 100, unit: 'score', limit: target });
    }
    const audit = (id: string) => lhr.audits[id]?.numericValue;
    for (const [id, label] of [
      ['total-blocking-time', 'TBT'],
      ['largest-contentful-paint', 'LCP'],
      ['interactive', 'time to interactive'],
    ] as const) {
      const value = audit(id);
      if (value !== undefined) rows.push({ figure: `Lighthouse ${label}`, state: `${preset}, /lessons/${values.lesson}/`, measured: value, unit: 'ms' });
    }
    // What keeps a score below 100: every scored audit that did not pass, by name.
    const missed = Object.values(lhr.categories)
      .flatMap((category) => category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => lhr.audits[ref.id]))
      .filter((a) => a !== undefined && a.score !== null && a.score < 1)
      .map((a) => `${a!.id} ${Math.round(a!.score! * 100)}`);
    console.error(`${preset}: audits below 100: ${missed.join(', ') || 'none'}`);
    // The why, for the two audits whose score alone says nothing: which errors, which elements moved.
    for (const id of ['errors-in-console', 'layout-shifts']) {
      const details = lhr.audits[id]?.details as { items?: Record<string, unknown>[] } | undefined;
      for (const item of details?.items ?? []) {
        const { node, ...rest } = item as { node?: { selector?: string } };
        console.error(`  ${id}: ${node?.selector ?? ""} ${JSON.stringify(rest).slice(0, 300)}`);
      }
    }
  }
} finally {
  chromium.close();
  await server.close();
}

console.log(table(rows));
const failed = rows.filter((row) => passes(row) === false);
console.log(`\n${rows.length} figures, ${failed.length} below their target${values.strict ? '' : ' (pass --strict to fail on that)'}`);
if (values.strict && failed.length > 0) process.exitCode = 1;
