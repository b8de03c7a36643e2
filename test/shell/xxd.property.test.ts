/**
 * xxd against Debian's xxd on random bytes under random option combinations, and xxd -r against it
 * on random, often malformed, dumps. Offsets in generated dumps stay small on purpose: the real
 * xxd -r fills any gap with zero bytes, so a large one would fill the disk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xxd } from '../../src/shell/commands/xxd.ts';
import { bothRun, hasProgram } from './command-harness.ts';

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  // Runs of zero bytes, for -a.
  fc.array(fc.oneof(fc.constant(new Uint8Array(16)), fc.constant(new Uint8Array(7)), fc.uint8Array({ minLength: 1, maxLength: 5 })), {
    maxLength: 9,
  }).map((parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }),
  fc.constantFrom(new Uint8Array(0), Uint8Array.from({ length: 256 }, (_, i) => i)),
);

/** A number as a learner might type it: decimal, hexadecimal, octal, signed, now and then odd. */
const number = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 0, max }).map(String), weight: 6 },
    { arbitrary: fc.integer({ min: 0, max }).map((n) => `0x${n.toString(16)}`), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max }).map((n) => `0${n.toString(8)}`), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max }).map((n) => `-${n}`), weight: 1 },
    { arbitrary: fc.constantFrom('', 'x', '08', '3x', ' 4', '+5', '0x'), weight: 1 },
  );

/** Each option as one or two words, in the spellings xxd accepts. */
const option: fc.Arbitrary<readonly string[]> = fc.oneof(
  fc.constantFrom(['-a'], ['-autoskip'], ['-b'], ['-bits'], ['-C'], ['-d'], ['-E'], ['-e'], ['-i'], ['-p'], ['-ps'], ['--plain'], ['-u'], ['-uppercase']),
  number(40).map((n) => ['-c', n]),
  fc.constantFrom(['-c', '256'], ['-c', '257'], ['-c', '0'], ['-cols', '3'], ['-c5'], ['-p', '-c', '300']),
  number(18).map((n) => ['-g', n]),
  fc.constantFrom(['-g0'], ['-g', '-1'], ['-groupsize', '8']),
  number(120).map((n) => ['-l', n]),
  fc.tuple(fc.constantFrom('', '+', '-', '+-', '-+', '--'), number(100)).map(([signs, n]) => ['-s', signs + n]),
  fc.tuple(fc.constantFrom('', '-', '+'), number(0x10000)).map(([sign, n]) => ['-o', sign + n]),
  fc.constantFrom(['-o', '0xfffffffffffffff0'], ['-o', '-1']),
  fc.constantFrom(['-n', 'key'], ['-n', '9 lives'], ['-name', 'a.b']),
  // Now and then one that ends the options, or the command line.
  fc.constantFrom(['--'], ['-'], ['-c'], ['-z'], ['-h'], ['-v'], ['--x'], ['---p'], ['-s-5'], ['-l0x10']),
);

const DUMP_NAMES = ['data.bin', '0file', 'my key'];

describe('xxd dumps like the real one', () => {
  it('the real xxd is installed', () => {
    expect(hasProgram('xxd')).toBe(true);
  });

  it('on random bytes under random options', async () => {
    await fc.assert(
      fc.asyncProperty(
        bytes,
        fc.array(option, { maxLength: 5 }),
        fc.constantFrom(...DUMP_NAMES, '-', undefined),
        async (data, options, file) => {
          const args = [...options.flat(), ...(file === undefined ? [] : [file])];
          const tree = file && file !== '-' ? { [file]: data } : {};
          const stdin = file && file !== '-' ? '' : data;
          const { ours, real } = await bothRun(xxd, 'xxd', { args, tree, stdin });
          // A bad command line is answered with each one's own usage text, on stderr.
          if (real.stderr.startsWith('Usage:')) expect({ ...ours, stderr: '' }).toEqual({ ...real, stderr: '' });
          else expect(ours).toEqual(real);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});

const HEX = '0123456789abcdefABCDEF';
const hexDigit = fc.constantFrom(...HEX);
/** Anything but a newline; hex digits, blanks and the characters of a dump come up most. */
const lineChar = fc.oneof(
  { arbitrary: hexDigit, weight: 8 },
  { arbitrary: fc.constantFrom(' ', ' ', ':', '.', '\t', '\r'), weight: 4 },
  { arbitrary: fc.constantFrom('z', 'g', 'x', '*', '|', '-'), weight: 2 },
);
/** Ends an offset (a carriage return would not: xxd -r does not see those at all). */
const nonHex = fc.constantFrom(' ', ':', '.', '\t', 'z', 'x', '|');

/** What a hex pair looks like in a dump, or a near miss. */
const dumpLineBody = fc
  .array(fc.oneof({ arbitrary: fc.tuple(hexDigit, hexDigit).map(([a, b]) => a + b), weight: 5 }, { arbitrary: lineChar, weight: 2 }), { maxLength: 24 })
  .map((parts) => parts.join(''));

/**
 * One line of a dump: maybe some characters that are not hex, then an offset of at most three
 * significant digits (xxd reads the whole first run of hex digits as the offset), then something
 * that is not a hex digit to end it, or the newline itself.
 */
const dumpLine = fc
  .tuple(
    fc.array(nonHex, { maxLength: 2 }).map((c) => c.join('')),
    fc.integer({ min: 0, max: 5 }).map((n) => '0'.repeat(n)),
    fc.array(hexDigit, { minLength: 1, maxLength: 3 }).map((c) => c.join('')),
    fc.oneof(fc.constant(''), fc.tuple(nonHex, dumpLineBody).map(([end, body]) => end + body)),
  )
  .map(([lead, zeros, offset, rest]) => `${lead}${zeros}${offset}${rest}\n`);

/** A line as xxd itself writes it, at a small offset. */
const wellFormedLine = fc.tuple(fc.integer({ min: 0, max: 0x300 }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([offset, row]) => {
  const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join('');
  const groups = hex.match(/.{1,4}/g)!.join(' ');
  const text = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `${offset.toString(16).padStart(8, '0')}: ${groups.padEnd(40)}  ${text}\n`;
});

const dump = fc
  .tuple(fc.array(fc.oneof(dumpLine, wellFormedLine, fc.constantFrom('\n', '*\n', 'zz\n')), { maxLength: 8 }), fc.boolean())
  .map(([lines, cut]) => {
    const text = lines.join('');
    return cut ? text.slice(0, -1) : text;
  });

const plainText = fc
  .array(fc.oneof({ arbitrary: hexDigit, weight: 10 }, { arbitrary: fc.constantFrom(' ', '\n', '\t', '\r', ':', 'z', 'g', '.', 'x'), weight: 4 }), { maxLength: 90 })
  .map((c) => c.join(''));

const revertOption: fc.Arbitrary<readonly string[]> = fc.oneof(
  fc.constantFrom(['-c', '0'], ['-c', '1'], ['-c', '4'], ['-c', '20'], ['-c', '300']),
  fc.tuple(fc.constantFrom('', '+', '-', '+-', '-+'), fc.integer({ min: 0, max: 40 })).map(([signs, n]) => ['-s', `${signs}${n}`]),
);

describe('xxd -r reads dumps back like the real one', () => {
  it('on random dumps, to standard output', async () => {
    await fc.assert(
      fc.asyncProperty(dump, fc.array(revertOption, { maxLength: 2 }), async (text, options) => {
        const { ours, real } = await bothRun(xxd, 'xxd', { args: ['-r', ...options.flat()], stdin: text });
        expect(ours).toEqual(real);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('on random dumps, patching a file in place', async () => {
    await fc.assert(
      fc.asyncProperty(dump, fc.uint8Array({ maxLength: 40 }), fc.array(revertOption, { maxLength: 2 }), async (text, before, options) => {
        const { ours, real } = await bothRun(xxd, 'xxd', { args: ['-r', ...options.flat(), '-', 'out.bin'], stdin: text, tree: { 'out.bin': before } });
        expect(ours).toEqual(real);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('on random bare hex (-r -p)', async () => {
    await fc.assert(
      fc.asyncProperty(plainText, fc.array(revertOption, { maxLength: 2 }), async (text, options) => {
        const { ours, real } = await bothRun(xxd, 'xxd', { args: ['-r', '-p', ...options.flat()], stdin: text });
        expect(ours).toEqual(real);
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});
