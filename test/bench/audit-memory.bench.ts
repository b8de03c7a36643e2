// Benchmark: the simulator's heap after 10,000 commands next to its heap after 100 (limit: within 20 %), with the audit log bounded.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { AUDIT_MEMORY_LIMIT } from '../../src/kms/audit.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after full collections, in MB. */
function heap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1e6;
}

test('heap after 10,000 commands stays within 20 % of the heap after 100', async () => {
  const box = await Sandbox.create({ seed: 3 });
  const keyId = (await runText(box.session, 'aws kms create-key --query KeyMetadata.KeyId --output text')).stdout.trim();
  await runText(box.session, 'echo hello > p.txt');
  const command = `aws kms encrypt --key-id ${keyId} --plaintext fileb://p.txt --query KeyId --output text`;
  for (let i = 0; i < 100; i++) await runText(box.session, command);
  const after100 = heap();
  for (let i = 100; i < 10_000; i++) await runText(box.session, command);
  const after10k = heap();
  const ratio = after10k / after100;
  console.log(
    `heap after 100 commands ${after100.toFixed(1)} MB, after 10,000 ${after10k.toFixed(1)} MB: ×${ratio.toFixed(2)} (limit ×1.20); ` +
      `audit log holds ${box.kms.auditLog().length} of ${box.kms.auditCount()} events`,
  );
  expect(box.kms.auditLog().length).toBe(AUDIT_MEMORY_LIMIT);
  expect(ratio).toBeLessThanOrEqual(1.2);
}, 600_000);
