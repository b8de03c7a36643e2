/**
 * `aws help` pages are KMS Lab's words: no six words in a row of their prose come from the real
 * AWS CLI's help for the same page (option names, allowed values and command lines aside, which
 * both take from the API model).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { kmsHelp, mainHelp, operationHelp } from '../../src/cli/help.ts';
import { findKmsCommand } from '../../src/cli/model.ts';
import { realAwsAvailable } from './real-aws.ts';

const run = promisify(execFile);

/** The real page as plain text: man's bold and underline are a character, a backspace, a character. */
async function realHelp(args: string[]): Promise<string> {
  const { stdout } = await run('/usr/bin/aws', [...args, 'help'], {
    env: { PATH: '/usr/bin:/bin', HOME: '/tmp', LC_ALL: 'C.UTF-8', AWS_PAGER: '', PAGER: 'cat', AWS_DEFAULT_REGION: 'us-east-1' },
    timeout: 60_000,
    maxBuffer: 8 * 1024 * 1024,
  });
  return stdout.replace(/.\x08/g, '').replace(/-\n\s+/g, '');
}

/** Lines that are structure, not prose: headings, option spellings, value lists, syntax, command lines. */
const STRUCTURE = /^\s*$|^[A-Z ]+$|^\s*(\[?--|aws |o |Possible values:|Shorthand:|JSON:)/;

/** Runs of prose lines, each a block whose word sequences are compared. */
function proseBlocks(page: string): string[] {
  const blocks: string[][] = [[]];
  for (const line of page.split('\n')) {
    if (STRUCTURE.test(line)) blocks.push([]);
    else blocks.at(-1)!.push(line);
  }
  return blocks.filter((b) => b.length).map((b) => b.join(' '));
}

function phrases(text: string, n = 6): string[] {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  return words.slice(0, Math.max(0, words.length - n + 1)).map((_, i) => words.slice(i, i + n).join(' '));
}

function shared(ours: string, real: string): string[] {
  const theirs = new Set(phrases(real.replace(/\s+/g, ' ')));
  return proseBlocks(ours).flatMap((block) => phrases(block).filter((p) => theirs.has(p)));
}

/** The operations lessons use most, and those whose summaries came closest to AWS's wording. */
const OPERATIONS = ['encrypt', 'decrypt', 'create-key', 'generate-data-key', 'list-keys', 'create-alias', 'get-parameters-for-import', 'disconnect-custom-key-store', 'put-key-policy'];

describe.skipIf(!realAwsAvailable)('aws help pages against the real CLI 2.9.19', () => {
  it('aws help and aws kms help share no run of six words', async () => {
    const [main, kms] = await Promise.all([realHelp([]), realHelp(['kms'])]);
    expect(shared(mainHelp([{ name: 'default', description: 'The account root user.' }]), main)).toEqual([]);
    expect(shared(kmsHelp(), kms)).toEqual([]);
  }, 120_000);

  it.each(OPERATIONS)('aws kms %s help shares no run of six words', async (name) => {
    const real = await realHelp(['kms', name]);
    expect(real).toContain('DESCRIPTION');
    expect(shared(operationHelp(findKmsCommand(name)!), real)).toEqual([]);
  }, 120_000);
});
