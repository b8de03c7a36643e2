/**
 * Which handler draws which KMS operation. Operations that do not move keys or data (DescribeKey,
 * ListKeys, tags, policies, grants…) draw nothing, so they make no scene.
 */
import type { AwsInvocation } from '../../cli/invocation.ts';
import type { TraceEvent } from '../../kms/trace.ts';
import type { Effects } from './effects.ts';
import { decrypt, encrypt, reEncrypt } from './kms-crypto.ts';
import { generateDataKey } from './kms-datakeys.ts';
import { firstKey, type Handler } from './kms-common.ts';
import * as keys from './kms-keys.ts';
import { generateDataKeyPair, generateMac, getPublicKey, sign, verify, verifyMac } from './kms-signing.ts';

const HANDLERS: Record<string, Handler> = {
  GenerateDataKey: generateDataKey,
  GenerateDataKeyWithoutPlaintext: generateDataKey,
  Encrypt: encrypt,
  Decrypt: decrypt,
  ReEncrypt: reEncrypt,
  Sign: sign,
  Verify: verify,
  GenerateMac: generateMac,
  VerifyMac: verifyMac,
  GetPublicKey: getPublicKey,
  GenerateDataKeyPair: generateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPair,
  CreateKey: keys.createKey,
  EnableKeyRotation: keys.enableKeyRotation,
  DisableKeyRotation: keys.disableKeyRotation,
  RotateKeyOnDemand: keys.rotate,
  RotateKey: keys.rotate,
  EnableKey: keys.enableKey,
  DisableKey: keys.disableKey,
  ScheduleKeyDeletion: keys.scheduleKeyDeletion,
  CancelKeyDeletion: keys.cancelKeyDeletion,
  DeleteKey: (fx, trace) => keys.deleteKey(fx, trace),
  CreateAlias: keys.alias,
  UpdateAlias: keys.alias,
};

/** Operations whose failure before reaching KMS (a missing fileb:// file, an unknown option) is still worth a scene. */
export const DRAWN_OPERATIONS = new Set(Object.keys(HANDLERS).filter((op) => !/Alias$|^RotateKey$|^DeleteKey$/.test(op)));

/**
 * Draws the traces one command caused. Scheduled events (a yearly rotation, the end of a deletion
 * wait) for keys the learner never used here, such as AWS managed keys, are only counted.
 */
export function drawTraces(fx: Effects, traces: readonly TraceEvent[], invocation: AwsInvocation | undefined): void {
  let unseen = 0;
  const before = fx.b.steps.length;
  for (const trace of traces) {
    const keyId = firstKey(trace);
    const scheduled = trace.caller === 'kms.amazonaws.com';
    if (scheduled && (keyId === undefined || !fx.b.world.keys.has(keyId))) {
      if (trace.operation === 'RotateKey') unseen++;
      continue;
    }
    HANDLERS[trace.operation]?.(fx, trace, invocation);
  }
  if (unseen === 0) return;
  const s = unseen === 1 ? '' : 's';
  fx.b.step(
    fx.b.steps.length > before
      ? `KMS also rotates ${unseen} other key${s} on schedule, keys this diagram has not shown (such as AWS managed keys).`
      : `Time passes and KMS rotates ${unseen} key${s} on schedule that this diagram has not shown (such as AWS managed keys).`,
    { lanes: ['kms'] },
  );
}
