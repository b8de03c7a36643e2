/**
 * Paging against the real CLI: random list-keys and list-aliases command lines
 * (--max-items, --page-size, --starting-token, output formats) run through
 * KMS Lab's aws and through /usr/bin/aws 2.9.19 against the same simulator
 * served as an endpoint; stdout, stderr and exit status must be equal. The
 * tokens are the CLI's own, made-up ones with odd skip counts, extra members
 * and nulls, other JSON, the old `marker___N` form and plain garbage: the
 * failures are Python's, and they must come out word for word.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Encode } from '../../src/kms/base64.ts';
import { Kms } from '../../src/kms/kms.ts';
import { startKmsServer } from '../../src/node/kms-server.ts';
import { installKmsModel } from '../support/botocore-model.ts';
import { realAwsAvailable, runOurAws, runRealAwsBatch } from './real-aws.ts';

const b64 = (text: string) => base64Encode(new TextEncoder().encode(text));
/** The simulator's own page markers, for tokens that point somewhere real. */
const marker = (n: number) => b64(`kms-lab:${n}`);

const markerValue = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => JSON.stringify(marker(n))) },
  { weight: 1, arbitrary: fc.constantFrom('null', '"garbage"', '""', '5', '{"a": 1}') },
);
const skipValue = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 40 }).map(String) },
  // Ints stay below 2**53: past that a JS number cannot do Python's exact arithmetic on the count.
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null', '"2"', '2.5', '1e20', '9007199254740991') },
);
const EXTRA_MEMBERS = ['"Limit": 2', '"Limit": null', '"Foo": null', '"Foo": "x"'];
const dictToken = fc
  .record({
    // fc.option leaves a member out once in `freq` times.
    marker: fc.option(markerValue, { nil: undefined, freq: 5 }),
    skip: fc.option(skipValue, { nil: undefined, freq: 2 }),
    extra: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...EXTRA_MEMBERS) }),
    skipFirst: fc.boolean(),
    suffix: fc.constantFrom('', '', '', 'xx', '___1', 'é'),
  })
  .map(({ marker: m, skip, extra, skipFirst, suffix }) => {
    const members = [m === undefined ? [] : [`"Marker": ${m}`], extra === undefined ? [] : [extra]].flat();
    if (skip !== undefined) members.splice(skipFirst ? 0 : members.length, 0, `"boto_truncate_amount": ${skip}`);
    return b64(`{${members.join(', ')}}`) + suffix;
  });
const otherJson = fc.constantFrom('"str"', '5', 'null', 'true', '[1, 2]', '[]', 'NaN', '1.5').map(b64);
const legacy = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 40 }).map(marker), fc.constantFrom('x', '')), fc.constantFrom('', '___1', '___0', '___-2', '___x', '___', '___1___2', '______'))
  .map(([m, tail]) => m + tail);
const token = fc.oneof({ weight: 5, arbitrary: dictToken }, { weight: 1, arbitrary: otherJson }, { weight: 2, arbitrary: legacy }, { weight: 1, arbitrary: fc.constantFrom('x', 'abc=', '!!!', '') });

/** The option with a value `weight` times as often as without it. */
const option = <T>(name: string, value: fc.Arbitrary<T>, weight: number) =>
  fc.oneof({ weight, arbitrary: value.map((v) => [name, String(v)]) }, { weight: 1, arbitrary: fc.constant<string[]>([]) });
const commandLine = fc
  .tuple(
    fc.constantFrom(['kms', 'list-keys'], ['kms', 'list-keys'], ['kms', 'list-aliases']),
    option('--max-items', fc.constantFrom(0, 1, 2, 3, 5, 7, 13, 33, 34, 50, -1, -3), 3),
    option('--page-size', fc.constantFrom(1, 2, 3, 5, 7, 100, 0), 1),
    option('--starting-token', token, 3),
    option('--output', fc.constantFrom('json', 'text', 'yaml-stream', 'table'), 1),
  )
  .map((parts) => parts.flat());

describe.skipIf(!realAwsAvailable)('paging, property: KMS Lab vs /usr/bin/aws 2.9.19 on the same endpoint', () => {
  it('prints the same pages, NextTokens and errors', async () => {
    const kms = await Kms.create({ seed: 11 });
    for (let i = 0; i < 27; i++) await kms.createKey({});
    // Listing changes nothing, so both sides can read the one simulator.
    const server = await startKmsServer(kms, 0);
    try {
      const home = mkdtempSync(join(tmpdir(), 'kms-lab-paging-'));
      installKmsModel(home);
      const lines = fc.sample(commandLine, { numRuns: 220, seed: 4242 });
      const real = await runRealAwsBatch(
        lines.map((args) => ({ args, cwd: home, env: { AWS_MAX_ATTEMPTS: undefined, AWS_DATA_PATH: join(home, '.aws', 'models') } })),
        server.url,
      );
      const wrong: unknown[] = [];
      for (const [i, args] of lines.entries()) {
        const ours = await runOurAws(args, {}, {}, kms);
        const theirs = real[i]!;
        if (ours.stdout !== theirs.stdout || ours.stderr !== theirs.stderr || ours.exitCode !== theirs.exitCode) {
          wrong.push({ args, ours: { stdout: ours.stdout, stderr: ours.stderr, exitCode: ours.exitCode }, real: theirs });
        }
      }
      expect({ count: wrong.length, first: wrong.slice(0, 3) }).toEqual({ count: 0, first: [] });
    } finally {
      await server.close();
    }
  }, 300_000);
});
