/**
 * `npm run bench:browser`: every page-side target of issue 14 measured in
 * Chromium on the built site, printed next to its limit, for a fresh sandbox
 * and for one with 1,000 keys and 10,000 audit events.
 *
 *   --no-build        measure the last build even if sources changed
 *   --dist DIR        measure another build (made with BASE_PATH=/kms-lab/)
 *   --runs N          samples per latency figure (20)
 *   --only a,b        some groups: latency, startup, weight, persistence, memory
 *   --grow events     build the large state with every event reaching the page
 *                     (faithful but slow where panels redraw per KMS call; the
 *                     default 'quiet' builds it silently and measures it reloaded)
 *   --json FILE       also write the rows as JSON
 *   --strict          exit 1 when a figure misses its limit (for CI budgets)
 *   KMS_BENCH_FILES=1 also lists each JavaScript file the weight figure counts
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startPagesServer } from '../../e2e/pages-server.ts';
import { launch } from './chromium.ts';
import type { BenchContext } from './bench-context.ts';
import { latencyRows } from './latency-rows.ts';
import { memoryRows } from './memory.ts';
import { persistenceRows } from './persistence.ts';
import { startupRows } from './startup.ts';
import { weightRows } from './weight.ts';
import { passes, table, type Row } from './report.ts';
import { BASE_PATH, benchDist, build, isStale } from './site.ts';

const GROUPS = ['latency', 'startup', 'weight', 'persistence', 'memory'] as const;
type Group = (typeof GROUPS)[number];

const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    dist: { type: 'string' },
    runs: { type: 'string', default: '20' },
    only: { type: 'string' },
    json: { type: 'string' },
    strict: { type: 'boolean', default: false },
    grow: { type: 'string', default: 'quiet' },
  },
});

const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number, not ${values.runs}`);
const only = new Set<Group>((values.only?.split(',') ?? GROUPS).map((g) => {
  if (!(GROUPS as readonly string[]).includes(g)) throw new Error(`--only takes ${GROUPS.join(', ')}; not ${g}`);
  return g as Group;
}));

const grow = values.grow;
if (grow !== 'quiet' && grow !== 'events') throw new Error(`--grow takes quiet or events, not ${grow}`);

const dist = values.dist ?? benchDist;
if (!values.dist && !values['no-build'] && isStale(dist)) build(dist);

const log = (text: string) => console.error(text);
// Two shared cores: a busy machine moves every timing, so the load is printed beside them.
const load = () => loadavg().map((n) => n.toFixed(1)).join(' ');
const loadAtStart = load();
const server = await startPagesServer(dist, BASE_PATH);
const browser = await launch();
const rows: Row[] = [];
try {
  const context: BenchContext = { browser, siteUrl: server.url, dist, runs, grow, log };
  const measures: Record<Group, (ctx: BenchContext) => Promise<Row[]>> = {
    latency: latencyRows,
    startup: startupRows,
    weight: weightRows,
    persistence: persistenceRows,
    memory: memoryRows,
  };
  for (const group of GROUPS) {
    if (!only.has(group)) continue;
    const started = Date.now();
    try {
      rows.push(...(await measures[group](context)));
    } catch (error) {
      // One group failing (a page that changed under the harness) still leaves the others' figures.
      log(`${group} failed: ${(error as Error).stack ?? String(error)}`);
      rows.push({ figure: `${group}: could not be measured`, state: '', measured: Number.NaN, unit: 'ms', limit: 0, note: (error as Error).message.split('\n')[0]! });
    }
    log(`${group}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(table(rows));
console.log(`\nload average at the end: ${load()} (at the start: ${loadAtStart})`);
if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
const failed = rows.filter((row) => passes(row) === false);
console.log(`\n${rows.length} figures, ${failed.length} over their limit${values.strict ? '' : ' (pass --strict to fail on that)'}`);
if (values.strict && failed.length > 0) process.exitCode = 1;
