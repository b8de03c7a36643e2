/**
 * Export of a sandbox as a JSON file a learner can keep or hand to a
 * classmate: the files, and each customer managed key's settings (description,
 * aliases, tags, rotation, state). Never key material: like real KMS key
 * material it cannot leave, so an import (sandbox-import.ts) creates new keys,
 * and ciphertexts made before the export cannot be decrypted with them. The UI
 * says so.
 */
import type { Sandbox } from '../../shell/sandbox.ts';
import type { VfsSnapshot } from '../../shell/vfs.ts';

/** One customer managed key's settings, as an export carries them. */
export interface ExportedKey {
  keyId: string;
  description: string;
  aliases: string[];
  tags: { TagKey: string; TagValue: string }[];
  enabled: boolean;
  rotationPeriodInDays?: number;
}

export interface SandboxExport {
  format: 'kms-lab-export';
  version: 1;
  exportedAt: string;
  files: VfsSnapshot;
  keys: ExportedKey[];
}

export function exportSandbox(sandbox: Sandbox): SandboxExport {
  return {
    format: 'kms-lab-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    files: sandbox.session.vfs.snapshot(),
    keys: sandbox.kms
      .inventory()
      .filter((k) => k.keyManager === 'CUSTOMER' && k.origin === 'AWS_KMS' && k.state !== 'PendingDeletion')
      .map((k) => ({
        keyId: k.keyId,
        description: k.description,
        aliases: k.aliases,
        tags: k.tags,
        enabled: k.state === 'Enabled',
        ...(k.rotationEnabled && k.rotationPeriodInDays !== undefined ? { rotationPeriodInDays: k.rotationPeriodInDays } : {}),
      })),
  };
}
