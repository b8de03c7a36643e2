/**
 * Export and import of a sandbox as a JSON file a learner can keep or hand to
 * a classmate: the files, and each customer managed key's settings (description,
 * aliases, tags, rotation, state). Never key material: like real KMS key
 * material it cannot leave, so an import creates new keys, and ciphertexts made
 * before the export cannot be decrypted with them. The UI says so.
 */
import { z } from 'zod';
import type { Sandbox } from '../../shell/sandbox.ts';
import { Vfs, type VfsSnapshot } from '../../shell/vfs.ts';

const exportSchema = z.object({
  format: z.literal('kms-lab-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  files: z.object({ version: z.literal(1), entries: z.array(z.unknown()) }),
  keys: z.array(
    z.object({
      keyId: z.string(),
      description: z.string(),
      aliases: z.array(z.string()),
      tags: z.array(z.object({ TagKey: z.string(), TagValue: z.string() })),
      enabled: z.boolean(),
      rotationPeriodInDays: z.number().int().optional(),
    }),
  ),
});

export type SandboxExport = z.infer<typeof exportSchema>;

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

export interface ImportReport {
  files: number;
  /** Old key ID → the new key that took its settings. */
  keys: Record<string, string>;
  problems: string[];
}

/** Replaces the files and recreates the keys' settings as new keys, in the current account. */
export async function importSandbox(sandbox: Sandbox, text: string): Promise<ImportReport> {
  let data: SandboxExport;
  try {
    data = exportSchema.parse(JSON.parse(text));
  } catch {
    throw new Error('This file is not a KMS Lab export (a .json file made by Export).');
  }
  const kms = sandbox.kms;
  // The account root recreates the keys, whichever profile the learner used last.
  kms.setCaller('root');
  const files = Vfs.restore(data.files as VfsSnapshot, { now: () => kms.now() });
  const report: ImportReport = { files: files.snapshot().entries.filter((e) => e.type === 'file').length, keys: {}, problems: [] };
  const existing = new Set(kms.names().aliasNames);
  for (const key of data.keys) {
    try {
      const { KeyMetadata } = await kms.createKey({ Description: key.description, ...(key.tags.length ? { Tags: key.tags } : {}) });
      report.keys[key.keyId] = KeyMetadata.KeyId;
      for (const alias of key.aliases) {
        if (existing.has(alias)) report.problems.push(`${alias} already exists here, so it still points to its current key.`);
        else await kms.createAlias({ AliasName: alias, TargetKeyId: KeyMetadata.KeyId });
      }
      if (key.rotationPeriodInDays !== undefined) await kms.enableKeyRotation({ KeyId: KeyMetadata.KeyId, RotationPeriodInDays: key.rotationPeriodInDays });
      if (!key.enabled) await kms.disableKey({ KeyId: KeyMetadata.KeyId });
    } catch (error) {
      report.problems.push(`Key ${key.keyId}: ${(error as Error).message}`);
    }
  }
  sandbox.session.vfs = files;
  return report;
}
