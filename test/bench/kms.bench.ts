// Benchmarks: the simulator's Encrypt, Decrypt and GenerateDataKey next to raw WebCrypto AES-256-GCM, on a fresh KMS and on a busy one.
import { loadavg } from 'node:os';
import { test } from 'vitest';
import { Kms } from '../../src/kms/kms.ts';

/**
 * How much an operation through Kms may cost, as a multiple of the raw
 * WebCrypto work it wraps: the simulator adds authorization, framing and an
 * audit record, and these limits say how much that bookkeeping may weigh.
 */
const LIMITS: Record<string, number | undefined> = { 'Encrypt 4 KB': 1.3, GenerateDataKey: 1.4 };

/**
 * Samples are interleaved: each round times one raw call, one call on the
 * fresh KMS and one on the busy KMS, in a rotating order. Work from other
 * processes comes in bursts, and interleaving spreads a burst over all three
 * instead of letting it land on one side of the comparison. Figures are
 * ratios of median latencies; mean ratios (which GC pauses and bursts pull
 * up) are printed beside them.
 */
const ROUNDS = 3000;
const WARMUP = 300;

const plaintext = crypto.getRandomValues(new Uint8Array(4096));
const raw = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
const iv = crypto.getRandomValues(new Uint8Array(12));
const rawCiphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, raw, plaintext);
const nonce = () => crypto.getRandomValues(new Uint8Array(12));

interface Subject {
  kms: Kms;
  keyId: string;
  blob: Uint8Array;
}

async function subject(kms: Kms): Promise<Subject> {
  const { KeyMetadata } = await kms.createKey({ Description: 'bench' });
  const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: plaintext });
  return { kms, keyId: KeyMetadata.KeyId, blob: CiphertextBlob };
}

/** 1,000 keys (a third rotating, a tenth pending deletion, none due yet) and 10,000 audit events. */
async function busyKms(): Promise<Kms> {
  const kms = await Kms.create();
  const ids: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const { KeyMetadata } = await kms.createKey({ Description: `key ${i}` });
    ids.push(KeyMetadata.KeyId);
    if (i % 3 === 0) await kms.enableKeyRotation({ KeyId: KeyMetadata.KeyId });
    if (i % 10 === 1) await kms.scheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 30 });
  }
  for (let i = 0; kms.auditCount() < 10_000; i++) await kms.describeKey({ KeyId: ids[i % ids.length]! });
  return kms;
}

const fresh = await subject(await Kms.create());
const busy = await subject(await busyKms());

type Run = () => Promise<unknown>;

/** Interleaved timings of the three, in milliseconds per call. */
async function sample(runs: [Run, Run, Run]): Promise<[number[], number[], number[]]> {
  const times: [number[], number[], number[]] = [[], [], []];
  for (let round = -WARMUP; round < ROUNDS; round++) {
    for (let k = 0; k < 3; k++) {
      const which = (round + WARMUP + k) % 3;
      const start = performance.now();
      await runs[which]!();
      const elapsed = performance.now() - start;
      if (round >= 0) times[which]!.push(elapsed);
    }
  }
  return times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const µs = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

function verdict(operation: string, ratio: number): string {
  const limit = LIMITS[operation];
  return limit === undefined ? 'no limit' : `limit ≤ ${limit}×: ${ratio <= limit ? 'met' : 'MISSED'}`;
}

async function measure(operation: string, baseline: Run, simulator: (who: Subject) => Run): Promise<void> {
  const [base, onFresh, onBusy] = await sample([baseline, simulator(fresh), simulator(busy)]);
  const rawMedian = median(base);
  const freshRatio = median(onFresh) / rawMedian;
  const busyRatio = median(onBusy) / rawMedian;
  console.info(
    [
      `${operation} (load average ${loadavg()[0]!.toFixed(2)}; medians of ${ROUNDS} interleaved calls each; raw WebCrypto ${µs(rawMedian)})`,
      `  fresh KMS:                          ${freshRatio.toFixed(2)}× raw (${verdict(operation, freshRatio)}), ${µs(median(onFresh))}, mean ratio ${(mean(onFresh) / mean(base)).toFixed(2)}×`,
      `  1,000 keys and 10,000 audit events: ${busyRatio.toFixed(2)}× raw (${verdict(operation, busyRatio)}), ${µs(median(onBusy))}, mean ratio ${(mean(onBusy) / mean(base)).toFixed(2)}×`,
      `  per-call cost, busy vs fresh:       ${(median(onBusy) / median(onFresh)).toFixed(2)}×`,
    ].join('\n'),
  );
}

test('Encrypt 4 KB: Kms vs raw AES-GCM encrypt', async () => {
  await measure(
    'Encrypt 4 KB',
    () => crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce() }, raw, plaintext),
    (who) => () => who.kms.encrypt({ KeyId: who.keyId, Plaintext: plaintext }),
  );
});

test('Decrypt 4 KB: Kms vs raw AES-GCM decrypt', async () => {
  await measure(
    'Decrypt 4 KB',
    () => crypto.subtle.decrypt({ name: 'AES-GCM', iv }, raw, rawCiphertext),
    (who) => () => who.kms.decrypt({ CiphertextBlob: who.blob }),
  );
});

test('GenerateDataKey: Kms vs 32 random bytes + raw AES-GCM encrypt', async () => {
  await measure(
    'GenerateDataKey',
    () => crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce() }, raw, crypto.getRandomValues(new Uint8Array(32))),
    (who) => () => who.kms.generateDataKey({ KeyId: who.keyId, KeySpec: 'AES_256' }),
  );
});
