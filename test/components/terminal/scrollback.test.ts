// The saved scrollback: a bounded tail of finished rows, colours kept, clears honoured, a format that survives a round trip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, Transcript } from '../../../src/components/terminal/scrollback.ts';

describe('Transcript', () => {
  it('keeps finished rows in order: prompt lines, output lines and unfinished output once the next prompt starts', () => {
    const t = new Transcript();
    t.addLine('\x1b[32m$\x1b[0m echo hi');
    t.addOutput('hi\nno newline');
    expect(t.lines).toEqual(['\x1b[32m$\x1b[0m echo hi', 'hi', 'no newline']);
    t.endPartial();
    t.addLine('$ ls');
    expect(t.lines).toEqual(['\x1b[32m$\x1b[0m echo hi', 'hi', 'no newline', '$ ls']);
  });

  it('forgets what came before a clear-screen code, and drops codes that only move the cursor', () => {
    const t = new Transcript();
    t.addLine('$ echo one');
    t.addOutput('one\n');
    t.addOutput('\x1b[H\x1b[2Jafter\n');
    expect(t.lines).toEqual(['after']);
    t.addOutput('50%\r100%\n\x1b[1Aup\x1b[K\n');
    expect(t.lines).toEqual(['after', '100%', 'up']);
    t.clear();
    expect(t.lines).toEqual([]);
  });

  it('keeps the last 1,000 lines and at most 256 KiB', () => {
    const many = new Transcript();
    for (let i = 0; i < 1500; i++) many.addOutput(`line ${i}\n`);
    expect(many.lines).toHaveLength(DEFAULT_LIMITS.lines);
    expect(many.lines[0]).toBe('line 500');
    const wide = new Transcript();
    for (let i = 0; i < 100; i++) wide.addOutput(`${String(i).padEnd(9_999, 'x')}\n`);
    expect(wide.serialize().length).toBeLessThanOrEqual(DEFAULT_LIMITS.chars + 100);
    expect(wide.lines.at(-1)!.startsWith('99')).toBe(true);
    const huge = new Transcript({ lines: 10, chars: 100 });
    huge.addOutput(`${'a'.repeat(500)}END\n`);
    expect(huge.lines).toEqual([`${'a'.repeat(96)}END`]);
  });

  it('round-trips through its saved form and refuses anything else', () => {
    fc.assert(
      fc.property(fc.array(fc.string().map((s) => s.replace(/[\n\r\x1b]/g, '')), { maxLength: 30 }), (rows) => {
        const t = new Transcript();
        for (const row of rows) t.addLine(row);
        expect(Transcript.parse(t.serialize())).toEqual(t.lines);
      }),
    );
    expect(Transcript.parse(undefined)).toEqual([]);
    expect(Transcript.parse('["old", "json"]')).toEqual([]);
  });

  it('says when it has changed since it was last saved', () => {
    const t = new Transcript(DEFAULT_LIMITS, ['restored']);
    expect(t.changed).toBe(false);
    t.addOutput('x');
    expect(t.changed).toBe(true);
    t.serialize();
    expect(t.changed).toBe(false);
  });
});
