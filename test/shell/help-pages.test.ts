/**
 * The help pages of the shell's own tools: laid out like `aws help`, in KMS Lab's words (no run of
 * words from GNU's --help), and documenting exactly the options each tool's parser accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILE_COMMANDS } from '../../src/shell/commands/file-tools.ts';
import { renderHelp } from '../../src/shell/commands/help-render.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';
import type { CommandFn } from '../../src/shell/types.ts';
import { hasProgram, runCommand, runReal } from './command-harness.ts';

/** The tools whose pages this file checks (the others' owners check theirs). */
const TOOLS = ['cat', 'cp', 'head', 'ls', 'mkdir', 'mv', 'rm', 'sha256sum', 'tail', 'touch', 'wc'] as const;

const tool = (name: string): CommandFn => FILE_COMMANDS[name]!;

/** The page's sections by heading (a line in capitals at the margin), each with its lines. */
function sections(page: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of page.replace(/\n$/, '').split('\n')) {
    if (/^[A-Z]+$/.test(line)) out.set(line, (current = []));
    else current.push(line);
  }
  return out;
}

/** Every spelling on the OPTIONS section's option lines: `-c`, `--bytes`, `-NUM`… */
function documentedFlags(page: string): Set<string> {
  const flags = new Set<string>();
  for (const line of sections(page).get('OPTIONS') ?? []) {
    if (!/^ {7}[-+]/.test(line)) continue;
    for (const spelling of line.trim().split(', ')) flags.add(spelling.split(/[= ]/)[0]!);
  }
  return flags;
}

/** Whether the parser takes `-X`: the operands after `--` keep tail's old `-N` form out of the way. */
async function acceptsShort(fn: CommandFn, letter: string): Promise<boolean> {
  const { err } = await runCommand(fn, [`-${letter}`, '--', 'x', 'y']);
  return !err.includes(`invalid option -- '${letter}'`);
}

/**
 * The long options the parser knows, found as a learner could: a prefix that is not refused leads on
 * letter by letter to a whole name, and an ambiguous one lists its names in the message.
 */
async function acceptedLongOptions(fn: CommandFn): Promise<Set<string>> {
  const found = new Set<string>();
  const walk = async (prefix: string): Promise<void> => {
    let extended = false;
    for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789-') {
      const option = `--${prefix}${ch}`;
      const { err } = await runCommand(fn, [option]);
      if (err.includes(`unrecognized option '${option}'`)) continue;
      extended = true;
      const ambiguous = /is ambiguous; possibilities:(.*)/.exec(err);
      if (ambiguous) for (const [, name] of ambiguous[1]!.matchAll(/'--([^']+)'/g)) found.add(`--${name}`);
      else await walk(prefix + ch);
    }
    if (!extended && prefix) found.add(`--${prefix}`);
  };
  await walk('');
  return found;
}

/** Lower-case words without the punctuation around them. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

/** Every run of `n` words in a row: two texts sharing one share a phrase. */
function phrases(text: string, n = 6): Set<string> {
  const list = words(text);
  return new Set(list.slice(0, Math.max(0, list.length - n + 1)).map((_, i) => list.slice(i, i + n).join(' ')));
}

/** What the real GNU tools print for --help, all of them together. */
function gnuHelp(programs: readonly string[]): string {
  return programs.map((p) => runReal(p, ['--help']).out).join('\n');
}

/** The command lines of the EXAMPLE(S) section, split where the shell would start another command. */
function exampleCommands(page: string): string[] {
  const lines = sections(page).get('EXAMPLES') ?? sections(page).get('EXAMPLE') ?? [];
  return lines.filter((l) => l.startsWith(' '.repeat(10))).flatMap((l) => l.split(/\|\||&&|[|;]/).map((c) => c.trim()));
}

/** What `help` lists in a full sandbox: command name → description. */
async function helpListing(): Promise<Map<string, string>> {
  const box = await Sandbox.create({ seed: 1 });
  const { stdout } = await runText(box.session, 'help');
  return new Map([...stdout.matchAll(/^ {2}(\S+) *(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

function expectLayout(page: string, name: string): void {
  expect(page).toMatch(new RegExp(`^NAME\\n {7}${name} - \\S`));
  const headings = [...sections(page).keys()];
  expect(headings.slice(0, 3)).toEqual(['NAME', 'SYNOPSIS', 'DESCRIPTION']);
  expect(headings.at(-1)).toMatch(/^EXAMPLES?$/);
  for (const line of sections(page).get('SYNOPSIS')!.filter(Boolean)) expect(line).toMatch(new RegExp(`^ {10}${name}( |$)`));
  for (const line of page.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
}

describe('the real tools are installed', () => {
  it.each([...TOOLS, 'env'])('%s', (program) => {
    expect(hasProgram(program)).toBe(true);
  });
});

describe.each(TOOLS)('%s --help', (name) => {
  it('prints a page laid out like aws help, with status 0 and nothing on stderr', async () => {
    const result = await runCommand(tool(name), ['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.err).toBe('');
    expectLayout(result.out, name);
    expect(sections(result.out).get('OPTIONS')).toBeDefined();
  });

  it('documents every option the tool accepts, and accepts every option it documents', async () => {
    const fn = tool(name);
    const page = (await runCommand(fn, ['--help'])).out;
    const documented = documentedFlags(page);
    // -NUM stands for the digits, the old way of giving a count.
    const isDocumented = (flag: string): boolean => documented.has(flag) || (/^-\d$/.test(flag) && documented.has('-NUM'));
    const accepted = new Set(await acceptedLongOptions(fn));
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') {
      if (await acceptsShort(fn, letter)) accepted.add(`-${letter}`);
    }
    expect(accepted.has('--help') && accepted.has('--version')).toBe(true);
    expect([...accepted].filter((f) => !isDocumented(f))).toEqual([]);

    for (const flag of documented) {
      if (flag === '-NUM' || flag === '+NUM') {
        const result = await runCommand(fn, [flag === '-NUM' ? '-3' : '+3'], { stdin: '1\n2\n3\n4\n' });
        expect(result.err, flag).toBe('');
        expect(result.exitCode, flag).toBe(0);
      } else expect(accepted.has(flag), flag).toBe(true);
    }
  });

  it('is not GNU coreutils’ text: no six words in a row from any of their --help pages', async () => {
    const page = (await runCommand(tool(name), ['--help'])).out;
    const real = runReal(name, ['--help']);
    expect(real.exitCode).toBe(0);
    expect(page).not.toBe(real.out);
    const gnu = phrases(gnuHelp([...TOOLS, 'env']));
    expect([...phrases(page)].filter((p) => gnu.has(p))).toEqual([]);
  });

  it('keeps --version to one line, and usage errors as GNU prints them', async () => {
    const version = await runCommand(tool(name), ['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.out).toMatch(new RegExp(`^${name} \\(KMS Lab\\) [^\\n]+\\n$`));
    const wrong = await runCommand(tool(name), ['--no-such-option']);
    expect(wrong.err).toBe(`${name}: unrecognized option '--no-such-option'\nTry '${name} --help' for more information.\n`);
    expect(wrong.err).toBe(runReal(name, ['--no-such-option']).err);
  });
});

describe('the help builtin', () => {
  it('lists every command of the sandbox, each with a description', async () => {
    const listed = await helpListing();
    const expected = [...Object.keys(FILE_COMMANDS), 'aws', 'sim', 'openssl', 'cd', 'pwd', 'export', 'unset', 'env', 'echo', 'printf', 'true', 'false', 'history', 'help', 'clear', 'exit'];
    for (const name of expected) {
      expect(listed.has(name), name).toBe(true);
      expect(listed.get(name), name).not.toBe('');
    }
  });

  it('points to --help and aws help', async () => {
    const box = await Sandbox.create({ seed: 1 });
    const { stdout } = await runText(box.session, 'help');
    expect(stdout).toContain('--help');
    expect(stdout).toContain('aws help');
  });
});

describe('examples', () => {
  it('run only commands the sandbox has', async () => {
    const listed = await helpListing();
    const box = await Sandbox.create({ seed: 1 });
    const pages = [
      ...(await Promise.all(TOOLS.map(async (name) => (await runCommand(tool(name), ['--help'])).out))),
      (await runText(box.session, 'env --help')).stdout,
      (await runText(box.session, 'sim help')).stdout,
    ];
    for (const page of pages) {
      const commands = exampleCommands(page);
      expect(commands.length).toBeGreaterThan(0);
      for (const command of commands) expect(listed.has(command.split(' ')[0]!), command).toBe(true);
    }
  });
});

describe('env --help', () => {
  it('prints its page with status 0, documenting the options env takes, in its own words', async () => {
    const box = await Sandbox.create({ seed: 1 });
    const result = await runText(box.session, 'env --help');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expectLayout(result.stdout, 'env');
    expect([...documentedFlags(result.stdout)].sort()).toEqual(['-', '--help', '--ignore-environment', '--unset', '-i', '-u']);
    const gnu = phrases(gnuHelp([...TOOLS, 'env']));
    expect([...phrases(result.stdout)].filter((p) => gnu.has(p))).toEqual([]);
    // The options it documents do what it says.
    expect((await runText(box.session, 'env -i env')).stdout).toBe('');
    expect((await runText(box.session, 'env --ignore-environment A=1 env')).stdout).toBe('A=1\n');
    expect((await runText(box.session, 'env -u HOME env')).stdout).not.toMatch(/^HOME=/m);
    expect((await runText(box.session, 'env --unset HOME env')).stdout).not.toMatch(/^HOME=/m);
  });
});

describe('sim help', () => {
  it('has the same layout, lists each sub-command, and is what a bare sim prints (status 2)', async () => {
    const box = await Sandbox.create({ seed: 1 });
    const page = (await runText(box.session, 'sim help')).stdout;
    expectLayout(page, 'sim');
    const commands = (sections(page).get('COMMANDS') ?? []).filter((l) => /^ {7}\S/.test(l)).map((l) => l.trim().split(' ')[0]);
    expect([...new Set(commands)].sort()).toEqual(['help', 'reset', 'seed', 'time', 'whoami']);
    for (const spelling of ['--help', '-h']) expect(await runText(box.session, `sim ${spelling}`)).toEqual({ stdout: page, stderr: '', exitCode: 0 });
    expect(await runText(box.session, 'sim')).toEqual({ stdout: page, stderr: '', exitCode: 2 });
  });
});

describe('renderHelp', () => {
  it('wraps paragraphs to 80 columns without losing, reordering or splitting words', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9.,()'-]{1,100}$/);
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 3 }), (paragraphs) => {
        const page = renderHelp({ name: 'x', summary: 'y', synopsis: ['x'], description: paragraphs.map((p) => p.join(' ')), examples: [] });
        const body = sections(page).get('DESCRIPTION')!;
        expect(words(body.join(' '))).toEqual(words(paragraphs.flat().join(' ')));
        expect(body.join('\n').split(/\n\n/).length).toBeGreaterThanOrEqual(paragraphs.length);
        for (const line of body) expect(line.length <= 80 || !line.trim().includes(' ')).toBe(true);
      }),
    );
  });
});
