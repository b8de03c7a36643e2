/**
 * Glob matching without RegExp: the same answers as bash for pathname expansion and for
 * ${v#p} ${v##p} ${v%p} ${v%%p}, and bounded time on patterns that made the RegExp version
 * backtrack for minutes or overflow its stack.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globPaths, hasGlob, matchGlob, removeMatch } from '../../src/shell/glob.ts';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';
import { HAS_BASH, realBash } from './real-bash.ts';

const FILES = ['a', 'b', 'c', 'z', 'A', 'Z', ']', '!', '^', 'x.txt', 'ab', 'abc', 'a-b', 'a]b', 'key.bin', 'key2.bin', '[x', '*', '?', '.hidden', 'é', 'a b'];

const PATTERNS = [
  '[z-a]', '[a-c]', '[!a-c]', '[]a]', '[!]a]', '[a-]', '[[:upper:]]', '[[:nope:]a]', '[\\]]', '[^a]', '[a\\-z]', '[[:alpha:]-z]',
  '[ab', '*', '?', '??', '*.bin', 'key?.bin', 'a*', '*b', '*[!a]*', '[[]x', '\\*', '\\?', '[*?]', '.*', '*.*', 'a[]]b', 'a[!-]b',
  '[[:digit:][:upper:]]', '[[:space:]]', 'a?b', '*[[:punct:]]*', '[!]]', '[!!]', '[-a]', '[a-c-z]', '[[:alpha:]]*', '[é]', '?b*', '*a*b*c*',
];

describe.skipIf(!HAS_BASH)('glob patterns, compared with bash', () => {
  it('expands the same file names as bash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-lab-glob-'));
    const sandbox = await Sandbox.create({ seed: 1 });
    for (const name of FILES) {
      writeFileSync(join(dir, name), '');
      sandbox.session.vfs.writeFile(`/home/learner/${name}`, '');
    }
    const script = PATTERNS.map((p) => `printf '%s|' ${p}; echo`).join('\n');
    const real = realBash(script, dir);
    const ours = await runText(sandbox.session, script);
    expect(ours.stdout.split('\n')).toEqual(real.stdout.split('\n'));
  });

  it('removes the same prefixes and suffixes as bash', async () => {
    const values = ['abcabc', 'key.bin.bak', 'a]b[c', '', '***', 'éaé', 'a-b-c'];
    const patterns = ['a', '*', '?', 'a*', '*c', '*.', '.*', '[ab]*', '*[!a]', '[z-a]', '[]]*', '\\*', '*b*', '[[:alpha:]]', '?*?', 'é*'];
    const lines: string[] = [];
    for (const value of values) {
      for (const pattern of patterns) {
        for (const op of ['#', '##', '%', '%%']) lines.push(`v='${value}'; printf '%s|' "\${v${op}${pattern}}"; echo`);
      }
    }
    const script = lines.join('\n');
    const real = realBash(script);
    const ours = await runText((await Sandbox.create({ seed: 1 })).session, script);
    expect(ours.stdout.split('\n')).toEqual(real.stdout.split('\n'));
  });
});

describe('glob patterns that used to take minutes or fail', () => {
  const fs = { list: () => ['a', 'b', `${'a'.repeat(60)}b`], exists: () => true };

  it('takes a pattern of 100,000 [ as literal text in well under a second', async () => {
    const sandbox = await Sandbox.create({ seed: 1 });
    const start = performance.now();
    const result = await runText(sandbox.session, `echo ${'['.repeat(100_000)} | wc -c`);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(result).toEqual({ stdout: '100001\n', stderr: '', exitCode: 0 });
    expect(hasGlob(`${'['.repeat(100_000)}\\]`)).toBe(false);
    expect(hasGlob(`${'['.repeat(100_000)}]`)).toBe(true);
  });

  it('matches many stars against long names without backtracking', () => {
    const start = performance.now();
    expect(globPaths(`${'*a'.repeat(40)}*c`, '/', fs)).toEqual([]);
    expect(matchGlob('*a'.repeat(300), 'a'.repeat(2000))).toBe(true);
    expect(matchGlob('*a'.repeat(300), `${'a'.repeat(2000)}b`)).toBe(false);
    expect(removeMatch('a'.repeat(3000), `${'*a'.repeat(30)}*b`, 'suffix', true)).toBe('a'.repeat(3000));
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('never throws for brackets RegExp would reject', () => {
    for (const pattern of ['[z-a]', '[\\', '[[:', '[[:]', '[]-a]', '[!', '[\\]-\\[]', '[a-\\]', '[[.a.]]', '[[=a=]]', '[\uD800]']) {
      expect(() => matchGlob(pattern, 'a', true), pattern).not.toThrow();
      expect(() => removeMatch('abc', pattern, 'prefix', true), pattern).not.toThrow();
    }
  });
});
