/**
 * diff against GNU diff on many small random files over a tiny alphabet, where equally short edit
 * scripts abound. GNU's choice among them is not always ours, so a text diff must be a correct
 * script, checked by applying it, and exactly as short as GNU's; the other answers must be GNU's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/shell/commands/diff.ts';
import { bothRun } from './command-harness.ts';

const text = fc.array(fc.constantFrom('a\n', 'a\n', 'a\n', 'b\n', 'c\n', 'd\n', 'a', ''), { maxLength: 20 }).map((lines) => lines.join(''));
/** Now and then a NUL byte, which makes GNU call the file binary. */
const file = fc.oneof({ arbitrary: text, weight: 12 }, { arbitrary: text.map((t) => `${t}\0`), weight: 1 });

/** A file's lines, newlines kept (a last line may have none). */
const linesOf = (content: string): string[] => content.match(/[^\n]*\n|[^\n]+$/g) ?? [];

interface Command {
  /** 1-based first and last line of the first file (a: the line the new lines follow, first > last). */
  from: number;
  to: number;
  kind: 'a' | 'c' | 'd';
  /** The same for the second file (d: the line the removed lines would have followed). */
  at: number;
  atEnd: number;
  removed: string[];
  added: string[];
}

/** Reads the normal format back: command lines, `< ` and `> ` lines, `---`, and the no-newline notes. */
function parseNormal(output: string): Command[] {
  const commands: Command[] = [];
  const rows = output.split('\n');
  if (rows.pop() !== '') throw new Error('output does not end in a newline');
  let current: Command | undefined;
  let last: string[] | undefined;
  for (const row of rows) {
    const header = /^(\d+)(?:,(\d+))?([acd])(\d+)(?:,(\d+))?$/.exec(row);
    if (header) {
      const [, f, t, kind, a, ae] = header;
      const from = kind === 'a' ? Number(f) + 1 : Number(f);
      const at = kind === 'd' ? Number(a) + 1 : Number(a);
      current = { from, to: kind === 'a' ? Number(f) : Number(t ?? f), kind: kind as Command['kind'], at, atEnd: kind === 'd' ? Number(a) : Number(ae ?? a), removed: [], added: [] };
      commands.push(current);
      last = undefined;
    } else if (current && /^[<>] /.test(row)) {
      last = row[0] === '<' ? current.removed : current.added;
      last.push(`${row.slice(2)}\n`);
    } else if (current && row === '---' && current.kind === 'c') last = undefined;
    else if (last?.length && row === '\\ No newline at end of file') last[last.length - 1] = last.at(-1)!.slice(0, -1);
    else throw new Error(`unexpected line ${JSON.stringify(row)}`);
  }
  return commands;
}

/** Applies a normal-format script to the first file, checking every line number and every removed line. */
function apply(one: string, commands: readonly Command[]): string {
  const source = linesOf(one);
  const out: string[] = [];
  let next = 1; // the first line of `one` not yet used
  for (const c of commands) {
    expect(c.from, 'commands in order').toBeGreaterThanOrEqual(next);
    out.push(...source.slice(next - 1, c.from - 1));
    expect(c.removed).toEqual(source.slice(c.from - 1, c.to));
    expect(c.removed.length).toBe(c.to - c.from + 1);
    expect(c.added.length).toBe(c.atEnd - c.at + 1);
    expect(c.kind === 'a' ? c.removed.length === 0 && c.added.length > 0 : c.kind === 'd' ? c.added.length === 0 && c.removed.length > 0 : c.removed.length > 0 && c.added.length > 0).toBe(true);
    expect(c.at, 'where the new lines go').toBe(out.length + 1);
    out.push(...c.added);
    next = c.to + 1;
  }
  out.push(...source.slice(next - 1));
  return out.join('');
}

const size = (commands: readonly Command[]): [removed: number, added: number] => [
  commands.reduce((n, c) => n + c.removed.length, 0),
  commands.reduce((n, c) => n + c.added.length, 0),
];

describe('diff, property', () => {
  it('agrees with GNU diff: same status, and a script as short as GNU’s that turns one file into the other', async () => {
    await fc.assert(
      fc.asyncProperty(file, file, async (one, two) => {
        const { ours, real } = await bothRun(diff, 'diff', { args: ['one', 'two'], tree: { one, two } });
        expect(ours.exitCode).toBe(real.exitCode);
        expect(ours.stderr).toBe(real.stderr);
        // Same files, binary files: one possible answer, GNU's.
        if (real.exitCode === 0 || real.stdout.startsWith('Binary files ')) {
          expect(ours.stdout).toBe(real.stdout);
          return;
        }
        const script = parseNormal(ours.stdout);
        expect(apply(one, script)).toBe(two);
        expect(size(script)).toEqual(size(parseNormal(real.stdout)));
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('the applier catches a wrong script (so the property can fail)', () => {
    const one = 'a\nb\nc\n';
    expect(apply(one, parseNormal('2c2\n< b\n---\n> x\n'))).toBe('a\nx\nc\n');
    expect(() => apply(one, parseNormal('2c2\n< c\n---\n> x\n'))).toThrow();
    expect(() => apply(one, parseNormal('2d2\n< b\n'))).toThrow();
    expect(() => apply(one, parseNormal('3a5\n> x\n'))).toThrow();
    expect(apply('a', parseNormal('1c1\n< a\n\\ No newline at end of file\n---\n> a\n'))).toBe('a\n');
  });
});
