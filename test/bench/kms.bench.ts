import { test } from 'vitest';
import { Kms } from '../../src/kms/kms.ts';

// Each comparison runs the simulator and raw WebCrypto AES-256-GCM on the
// same 4 KB in the same run and prints the ratio of their mean latencies.
const plaintext = crypto.getRandomValues(new Uint8Array(4096));
const kms = await Kms.create();
const { KeyMetadata } = await kms.createKey({ Description: 'bench' });
const keyId = KeyMetadata.KeyId;
const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext });
const raw = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
const iv = crypto.getRandomValues(new Uint8Array(12));
const rawCiphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, raw, plaintext);
const nonce = () => crypto.getRandomValues(new Uint8Array(12));

/** Encrypt 4 KB through Kms may cost at most this multiple of raw WebCrypto. */
const ENCRYPT_TARGET = 2;

function report(what: string, simulator: number, baseline: number, target?: number): void {
  const ratio = simulator / baseline;
  const verdict = target === undefined ? '' : ratio <= target ? ` (target ≤ ${target}×: met)` : ` (target ≤ ${target}×: MISSED)`;
  console.info(`${what}: simulator ${(simulator * 1000).toFixed(1)} µs, raw ${(baseline * 1000).toFixed(1)} µs → ${ratio.toFixed(2)}×${verdict}`);
}

test('Encrypt 4 KB: Kms vs raw WebCrypto', async ({ bench }) => {
  const results = await bench.compare(
    bench('raw AES-GCM encrypt', async () => {
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce() }, raw, plaintext);
    }),
    bench('Kms.encrypt', async () => {
      await kms.encrypt({ KeyId: keyId, Plaintext: plaintext });
    }),
  );
  report('Encrypt 4 KB', results.get('Kms.encrypt').latency.mean, results.get('raw AES-GCM encrypt').latency.mean, ENCRYPT_TARGET);
});

test('Decrypt 4 KB: Kms vs raw WebCrypto', async ({ bench }) => {
  const results = await bench.compare(
    bench('raw AES-GCM decrypt', async () => {
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, raw, rawCiphertext);
    }),
    bench('Kms.decrypt', async () => {
      await kms.decrypt({ CiphertextBlob });
    }),
  );
  report('Decrypt 4 KB', results.get('Kms.decrypt').latency.mean, results.get('raw AES-GCM decrypt').latency.mean);
});

test('GenerateDataKey: Kms vs raw WebCrypto', async ({ bench }) => {
  const results = await bench.compare(
    bench('raw: 32 random bytes + AES-GCM encrypt', async () => {
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce() }, raw, crypto.getRandomValues(new Uint8Array(32)));
    }),
    bench('Kms.generateDataKey', async () => {
      await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
    }),
  );
  report('GenerateDataKey', results.get('Kms.generateDataKey').latency.mean, results.get('raw: 32 random bytes + AES-GCM encrypt').latency.mean);
});
