/**
 * Import of an export file (sandbox-export.ts) into the learner's sandbox.
 * Anything a learner may pick is read first and checked whole, by hand (no
 * schema library in the page, and nothing that needs eval), against caps no
 * real export reaches; the learner's files are replaced only after they
 * agree; the report counts what was really created; and the keys are made
 * in slices that hand the page back between them, so a thousand keys never
 * freeze the tab.
 */
import { UUID_RE } from '../../kms/ids.ts';
import type { Sandbox } from '../../shell/sandbox.ts';
import { Vfs } from '../../shell/vfs.ts';
import type { ExportedKey } from './sandbox-export.ts';
import { formatCount } from '../count-format.ts';

const MiB = 1024 * 1024;

/** Caps far above what a learner's export holds, so only broken or hostile files meet them. */
export const IMPORT_LIMITS = {
  /** One file in the sandbox: the shell's tools stop at 16 MiB too. */
  fileBytes: 16 * MiB,
  /** All files together. */
  totalBytes: 64 * MiB,
  /** Files and directories. */
  entries: 10_000,
  keys: 1_000,
  /** Aliases on one key (AWS's quota is 50 per key). */
  aliasesPerKey: 50,
  /** The export file itself: 64 MiB of files is about 86 MiB once in base64 and JSON. */
  exportBytes: 96 * MiB,
} as const;

/** Work done between two hand-backs to the page: half a frame. */
const SLICE_MS = 8;
/** How often the progress line may change: a screen reader reads each change. */
const PROGRESS_MS = 500;

/** A file refused whole; its message says why, and that nothing changed. */
export class ImportRefused extends Error {
  override name = 'ImportRefused';
}

/** What the learner's file would bring, once read and checked: nothing in the sandbox has changed yet. */
export interface ImportPlan {
  files: Vfs;
  /** Regular files among them (directories are not counted). */
  fileCount: number;
  keys: ExportedKey[];
  /** Keys left out, each with its reason. */
  refused: string[];
}

export interface ImportReport {
  /** Files the sandbox now holds from the export. */
  files: number;
  /** Old key ID → the new key that took its settings: only keys that were created. */
  keys: Map<string, string>;
  /** Keys not created, each with its reason. */
  refused: string[];
  /** Keys created with some setting left out (an alias that exists, a rotation period KMS refused), each with its reason. */
  problems: string[];
}

/** How the page takes part: the question before files are replaced, and a line while keys are made. */
export interface ImportUi {
  confirm?: (question: string) => boolean | Promise<boolean>;
  progress?: (message: string) => void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;
const shown = (value: unknown) => {
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};
/** An error's message cut to a notice's length: KMS repeats a refused value (a 9,000-character description) whole. */
const brief = (error: unknown) => {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const refuse = (why: string): never => {
  throw new ImportRefused(`${why} Nothing was imported.`);
};
const NOT_EXPORT = 'This file is not a KMS Lab export (a .json file made by Export).';

/** Bytes a base64 text decodes to, without decoding it. */
function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

function checkFiles(files: unknown, now: () => Date): { vfs: Vfs; fileCount: number } {
  if (!isRecord(files) || !Array.isArray(files.entries)) return refuse(NOT_EXPORT);
  const entries = files.entries as unknown[];
  if (entries.length > IMPORT_LIMITS.entries) {
    refuse(`This export has ${plural(entries.length, 'file and directory', 'files and directories')}; KMS Lab imports at most ${plural(IMPORT_LIMITS.entries, 'file and directory', 'files and directories')}.`);
  }
  let total = 0;
  let fileCount = 0;
  for (const entry of entries) {
    if (!isRecord(entry) || entry.type !== 'file') continue;
    fileCount++;
    const size = typeof entry.data === 'string' ? decodedLength(entry.data) : 0;
    if (size > IMPORT_LIMITS.fileBytes) {
      refuse(`${shown(entry.path)} in this export is ${(size / MiB).toFixed(1)} MiB; a file in the sandbox can be at most 16 MiB.`);
    }
    total += size;
  }
  if (total > IMPORT_LIMITS.totalBytes) refuse(`The files in this export come to ${(total / MiB).toFixed(1)} MiB; KMS Lab imports at most 64 MiB of files.`);
  try {
    return { vfs: Vfs.restore(files, { now }), fileCount };
  } catch (error) {
    return refuse(`This export's files are damaged (${(error as Error).message.replace(/^Cannot restore the files: /, '')}).`);
  }
}

/** One key's settings, or the reason it is left out. */
function checkKey(value: unknown, index: number, seen: Set<string>): ExportedKey | string {
  if (!isRecord(value)) return `Key ${index + 1} in the file is not a key's settings.`;
  const { keyId, description, aliases, tags, enabled, rotationPeriodInDays } = value;
  // A key ID is a UUID: '__proto__', 'constructor' or an ARN are not, and must not reach any lookup by name.
  if (typeof keyId !== 'string' || !UUID_RE.test(keyId)) return `Key ${shown(keyId)}: not a key ID (a key ID looks like 1234abcd-12ab-34cd-56ef-1234567890ab).`;
  if (seen.has(keyId)) return `Key ${keyId}: it appears twice in the file; the first one was used.`;
  seen.add(keyId);
  const bad = (what: string) => `Key ${keyId}: ${what}.`;
  if (typeof description !== 'string') return bad('its description is not text');
  if (!Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string')) return bad('its aliases are not a list of names');
  if (aliases.length > IMPORT_LIMITS.aliasesPerKey) return bad(`it has ${aliases.length} aliases, more than the 50 AWS allows a key`);
  if (!Array.isArray(tags) || !tags.every((t) => isRecord(t) && typeof t.TagKey === 'string' && typeof t.TagValue === 'string')) {
    return bad('its tags are not a list of TagKey and TagValue');
  }
  if (typeof enabled !== 'boolean') return bad('its state is missing');
  if (rotationPeriodInDays !== undefined && !Number.isSafeInteger(rotationPeriodInDays)) return bad('its rotation period is not a whole number of days');
  return {
    keyId,
    description,
    aliases: aliases as string[],
    tags: (tags as { TagKey: string; TagValue: string }[]).map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })),
    enabled,
    ...(rotationPeriodInDays !== undefined ? { rotationPeriodInDays: rotationPeriodInDays as number } : {}),
  };
}

/**
 * Reads an export's text and checks all of it; throws ImportRefused with the
 * reason, changing nothing. `now` is the clock the new files' later changes are dated by.
 */
export function readExport(text: string, now: () => Date = () => new Date()): ImportPlan {
  if (text.length > IMPORT_LIMITS.exportBytes) refuse(`This file is ${(text.length / MiB).toFixed(0)} MB; an export KMS Lab can import is at most 96 MB.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return refuse(NOT_EXPORT);
  }
  if (!isRecord(data) || data.format !== 'kms-lab-export') return refuse(NOT_EXPORT);
  if (data.version !== 1) return refuse(`This export is version ${shown(data.version)}; this KMS Lab reads version 1 only.`);
  if (!Array.isArray(data.keys)) return refuse(NOT_EXPORT);
  if (data.keys.length > IMPORT_LIMITS.keys) refuse(`This export has ${plural(data.keys.length, 'key')}; KMS Lab imports at most ${plural(IMPORT_LIMITS.keys, 'key')}.`);
  const { vfs, fileCount } = checkFiles(data.files, now);
  const seen = new Set<string>();
  const keys: ExportedKey[] = [];
  const refused: string[] = [];
  (data.keys as unknown[]).forEach((value, i) => {
    const key = checkKey(value, i, seen);
    if (typeof key === 'string') refused.push(key);
    else keys.push(key);
  });
  return { files: vfs, fileCount, keys, refused };
}

/**
 * Hands the page back until the next frame is drawn: input, painting and
 * saves run between slices. A bare setTimeout chain is not enough: Chromium
 * keeps running queued tasks and lets frames wait (gaps of 100–180 ms were
 * measured). A hidden tab draws no frames, so 50 ms is the longest wait.
 */
function yieldToPage(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof requestAnimationFrame !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      resolve();
    };
    requestAnimationFrame(() => setTimeout(go, 0));
    setTimeout(go, 50);
  });
}

/**
 * Replaces the files and recreates the keys' settings as new keys, in the
 * current account. With files of their own, the learner is asked first
 * (ui.confirm); a no changes nothing and returns undefined.
 */
export async function importSandbox(sandbox: Sandbox, text: string, ui: ImportUi = {}): Promise<ImportReport | undefined> {
  // The simulator's clock, as the sandbox's own files use (sim time moves file dates too).
  const plan = readExport(text, () => sandbox.kms.now());
  const mine = sandbox.session.vfs.records().filter((r) => r.type === 'file').length;
  if (mine > 0 && ui.confirm) {
    const question =
      `Replace your ${plural(mine, 'file')} with the ${plural(plan.fileCount, 'file')} in this export` +
      `${plan.keys.length ? `, and add its ${plural(plan.keys.length, 'key')} as new keys` : ''}? Your current files cannot be brought back.`;
    if (!(await ui.confirm(question))) return undefined;
  }
  const kms = sandbox.kms;
  const report: ImportReport = { files: plan.fileCount, keys: new Map(), refused: [...plan.refused], problems: [] };
  sandbox.session.vfs = plan.files;
  const aliases = new Set(kms.names().aliasNames);
  const caller = kms.caller.name;
  let slice = performance.now();
  let told = slice - PROGRESS_MS;
  try {
    for (const [i, key] of plan.keys.entries()) {
      if (performance.now() - slice > SLICE_MS) {
        if (slice - told > PROGRESS_MS) {
          ui.progress?.(`Importing keys: ${formatCount(i)} of ${formatCount(plan.keys.length)}…`);
          told = slice;
        }
        await yieldToPage();
        slice = performance.now();
        // A reset while the page had the thread replaced the simulator: this import has nowhere to go.
        if (sandbox.kms !== kms) {
          report.problems.push(`The sandbox was reset during the import, which stopped after ${plural(report.keys.size, 'key')}.`);
          break;
        }
      }
      // The account root recreates the keys, whichever profile a command in between used.
      kms.setCaller('root');
      await importKey(kms, key, aliases, report);
    }
  } finally {
    if (sandbox.kms === kms) kms.setCaller(caller);
  }
  return report;
}

async function importKey(kms: Sandbox['kms'], key: ExportedKey, aliases: Set<string>, report: ImportReport): Promise<void> {
  let newKeyId: string;
  try {
    const { KeyMetadata } = await kms.createKey({ Description: key.description, ...(key.tags.length ? { Tags: key.tags } : {}) });
    newKeyId = KeyMetadata.KeyId;
  } catch (error) {
    report.refused.push(`Key ${key.keyId}: ${brief(error)}`);
    return;
  }
  report.keys.set(key.keyId, newKeyId);
  for (const alias of key.aliases) {
    if (aliases.has(alias)) {
      report.problems.push(`${alias} already exists here, so it still points to its current key.`);
      continue;
    }
    try {
      await kms.createAlias({ AliasName: alias, TargetKeyId: newKeyId });
      aliases.add(alias);
    } catch (error) {
      report.problems.push(`${shown(alias)} was not created: ${brief(error)}`);
    }
  }
  try {
    if (key.rotationPeriodInDays !== undefined) await kms.enableKeyRotation({ KeyId: newKeyId, RotationPeriodInDays: key.rotationPeriodInDays });
    if (!key.enabled) await kms.disableKey({ KeyId: newKeyId });
  } catch (error) {
    report.problems.push(`Key ${key.keyId} (now ${newKeyId}): ${brief(error)}`);
  }
}

/** A few of a long list, and how many more. */
function some(list: readonly string[], max = 3): string {
  const head = list.slice(0, max).join(' ');
  return list.length > max ? `${head} (and ${list.length - max} more)` : head;
}

/** The notice after an import: what was really imported, and what was not and why. */
export function describeImport(report: ImportReport): string {
  const parts = [`Imported ${plural(report.files, 'file')} and ${plural(report.keys.size, 'key')}.`];
  if (report.keys.size > 0) parts.push('The keys are new keys with the old settings: ciphertexts made before the export cannot be decrypted with them.');
  if (report.refused.length) parts.push(`${plural(report.refused.length, 'key was', 'keys were')} not imported: ${some(report.refused)}`);
  if (report.problems.length) parts.push(some(report.problems));
  return parts.join(' ');
}

let running = false;

/**
 * The Import button's whole job: reads the chosen file (refusing one too large
 * before reading it), imports it and returns the notice to show, whatever
 * happened. Never throws.
 */
export async function importSandboxFile(sandbox: Sandbox, file: Blob, ui: ImportUi = {}): Promise<string> {
  if (running) return 'An import is already running; wait for it to finish.';
  if (file.size > IMPORT_LIMITS.exportBytes) {
    return `This file is ${(file.size / MiB).toFixed(0)} MB; an export KMS Lab can import is at most 96 MB. Nothing was imported.`;
  }
  running = true;
  try {
    const report = await importSandbox(sandbox, await file.text(), ui);
    return report ? describeImport(report) : 'Import cancelled: nothing was changed.';
  } catch (error) {
    return error instanceof ImportRefused ? error.message : `The import failed: ${brief(error)}`;
  } finally {
    running = false;
  }
}
