/**
 * diff's and cmp's --help pages: laid out like `aws help`, in KMS Lab's words (no six words in a row
 * from GNU diffutils' own --help), and naming exactly the options each parser accepts.
 */
import { describe, expect, it } from 'vitest';
import { cmp } from '../../src/shell/commands/cmp.ts';
import { diff } from '../../src/shell/commands/diff.ts';
import type { CommandFn } from '../../src/shell/types.ts';
import { hasProgram, runCommand, runReal } from './command-harness.ts';

const TOOLS: Record<string, CommandFn> = { diff, cmp };

/** The page's lines under each heading (a line of capitals at the margin). */
function sections(page: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let lines: string[] = [];
  for (const line of page.replace(/\n$/, '').split('\n')) {
    if (/^[A-Z]+$/.test(line)) out.set(line, (lines = []));
    else lines.push(line);
  }
  return out;
}

/** `-q`, `--brief`… as the OPTIONS section spells them, without their `=VALUE`. */
function documented(page: string): Set<string> {
  const spellings = (sections(page).get('OPTIONS') ?? []).filter((l) => /^ {7}-/.test(l)).flatMap((l) => l.trim().split(', '));
  return new Set(spellings.map((s) => s.replace(/=.*$/, '')));
}

/** Whether the parser refuses an option (other complaints, such as missing files, do not count). */
async function refuses(fn: CommandFn, option: string): Promise<boolean> {
  const { err } = await runCommand(fn, [option, 'x', 'y']);
  return /invalid option|unrecognized option|is ambiguous/.test(err);
}

/** Long options found letter by letter, as a learner typing prefixes would find them. */
async function longOptions(fn: CommandFn, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  let longer = false;
  for (const ch of 'abcdefghijklmnopqrstuvwxyz-') {
    const option = `--${prefix}${ch}`;
    const { err } = await runCommand(fn, [option, 'x', 'y']);
    if (err.includes(`unrecognized option '${option}'`)) continue;
    longer = true;
    found.push(...(await longOptions(fn, prefix + ch)));
  }
  if (!longer && prefix) found.push(`--${prefix}`);
  return found;
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);

function phrases(text: string, n = 6): Set<string> {
  const list = words(text);
  return new Set(list.slice(0, Math.max(0, list.length - n + 1)).map((_, i) => list.slice(i, i + n).join(' ')));
}

describe('the real tools are installed', () => {
  it.each(Object.keys(TOOLS))('%s', (name) => {
    expect(hasProgram(name)).toBe(true);
  });
});

describe.each(Object.keys(TOOLS))('%s --help', (name) => {
  const fn = TOOLS[name]!;

  it('is a page laid out like aws help, printed with status 0', async () => {
    const { out, err, exitCode } = await runCommand(fn, ['--help']);
    expect(exitCode).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(new RegExp(`^NAME\\n {7}${name} - \\S`));
    expect([...sections(out).keys()]).toEqual(['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'EXAMPLES']);
    for (const line of sections(out).get('SYNOPSIS')!.filter(Boolean)) expect(line).toMatch(new RegExp(`^ {10}${name} `));
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const examples = sections(out).get('EXAMPLES')!.filter((l) => l.startsWith(' '.repeat(10)));
    expect(examples.some((l) => l.trim().startsWith(`${name} `))).toBe(true);
  });

  it('documents every option the parser accepts, and no other', async () => {
    const page = (await runCommand(fn, ['--help'])).out;
    const accepted = new Set(await longOptions(fn));
    for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') {
      if (!(await refuses(fn, `-${ch}`))) accepted.add(`-${ch}`);
    }
    expect([...accepted].sort()).toEqual([...documented(page)].sort());
  });

  it('shares no six words in a row with GNU diffutils’ --help pages', async () => {
    const page = (await runCommand(fn, ['--help'])).out;
    const gnu = ['diff', 'cmp'].map((p) => runReal(p, ['--help'])).map((r) => r.out);
    expect(gnu.every((text) => text.length > 500)).toBe(true);
    const theirs = phrases(gnu.join('\n'));
    expect([...phrases(page)].filter((p) => theirs.has(p))).toEqual([]);
  });

  it('keeps --version to one line and usage errors word for word as GNU prints them', async () => {
    const version = await runCommand(fn, ['--version']);
    expect(version.out).toMatch(new RegExp(`^${name} \\(KMS Lab\\) [^\\n]+\\n$`));
    for (const args of [['--no-such-option'], ['-z'], []]) {
      const ours = await runCommand(fn, args);
      const real = runReal(name, args);
      expect({ err: ours.err, status: ours.exitCode }).toEqual({ err: real.err, status: real.exitCode });
    }
  });
});
