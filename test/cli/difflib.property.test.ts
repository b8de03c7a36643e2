/**
 * ratio and getCloseMatches against Python's difflib run as a black box, on
 * many random words batched into one Python process: small alphabets (so
 * blocks tie and interleave), astral characters (Python counts code points),
 * and words of 200+ characters, where difflib starts ignoring popular ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCloseMatches, ratio } from '../../src/cli/difflib.ts';
import { askPython, pythonAvailable } from './python/oracle.ts';

const SCRIPT = String.raw`
import difflib
pairs, lists = cases
answer([[difflib.SequenceMatcher(None, a, b).ratio() for a, b in pairs], [difflib.get_close_matches(w, ps, n, c) for w, ps, n, c in lists]])
`;

const letter = fc.constantFrom('a', 'b', 'c', 'a', 'b', '-', 'é', '😀');
const shortWord = fc.array(letter, { maxLength: 12 }).map((cs) => cs.join(''));
// 150–320 characters: around difflib's 200-character threshold, with some letters common enough to be "popular".
const longWord = fc
  .tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'x', 'y'), { minLength: 150, maxLength: 320 }), fc.array(fc.nat(), { maxLength: 6 }))
  .map(([cs, cuts]) => cs.join('') + cuts.map((n) => 'qrstuvwz'[n % 8]).join(''));
const word = fc.oneof({ weight: 4, arbitrary: shortWord }, { weight: 1, arbitrary: longWord });
// Long pairs that share most of their text, so popular letters decide the blocks.
const similarLong = longWord.chain((w) => fc.tuple(fc.constant(w), fc.nat(w.length), fc.nat(w.length), shortWord).map(([a, i, j, s]) => [a, a.slice(0, Math.min(i, j)) + s + a.slice(Math.max(i, j))] as [string, string]));

// A short word and a long one made of its pieces in a sea of popular a's and b's: blocks grow over
// popular letters into ordinary ones, which a block may not start on.
const fragments = fc.array(fc.constantFrom('a', 'a', 'b', 'x', 'y', 'z', 'w'), { minLength: 4, maxLength: 14 }).chain((cs) => {
  const a = cs.join('');
  const piece = fc.tuple(fc.nat(a.length), fc.nat(a.length), fc.stringMatching(/^[ab]{0,5}$/)).map(([i, j, fill]) => a.slice(Math.min(i, j), Math.max(i, j)) + fill);
  return fc.tuple(fc.constant(a), fc.array(piece, { minLength: 1, maxLength: 4 }), fc.nat(3)).map(([short, pieces, extra]) => {
    const long = pieces.join('');
    return [short, long + 'ab'.repeat(Math.max(0, Math.ceil((200 - long.length) / 2)) + extra)] as [string, string];
  });
});

const COMMANDS = ['encrypt', 'decrypt', 're-encrypt', 'list-keys', 'list-key-policies', 'list-aliases', 'describe-key', 'create-alias', 'create-key', 'generate-data-key', 'generate-data-key-pair', 'tag-resource', 'untag-resource', 'json', 'text', 'table', 'yaml', 'yaml-stream'];
const typo = fc.tuple(fc.constantFrom(...COMMANDS), fc.nat(), fc.constantFrom('', 'x', 's', '-', 'e')).map(([w, i, s]) => {
  const at = i % (w.length + 1);
  return i % 3 === 0 ? w.slice(0, at) + s + w.slice(at + 1) : w.slice(0, at) + s + w.slice(at);
});

describe.skipIf(!pythonAvailable)('difflib, property: the numbers of Python difflib', () => {
  it('agrees on ratio and on close matches', () => {
    const pairs = [
      ...fc.sample(fc.tuple(word, word), { numRuns: 3000, seed: 7101 }),
      ...fc.sample(similarLong, { numRuns: 600, seed: 7102 }),
      ...fc.sample(fc.tuple(longWord, shortWord), { numRuns: 200, seed: 7103 }),
      ...fc.sample(fragments, { numRuns: 1500, seed: 7107 }),
    ];
    const lists = [
      ...fc.sample(fc.tuple(word, fc.array(word, { maxLength: 8 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 0.3, 0.6, 0.8, 1)), { numRuns: 800, seed: 7104 }),
      ...fc.sample(fc.tuple(typo, fc.constant(COMMANDS), fc.constant(3), fc.constant(0.8)), { numRuns: 400, seed: 7105 }),
      ...fc.sample(fc.tuple(longWord, fc.array(longWord, { maxLength: 3 }), fc.constant(3), fc.constantFrom(0, 0.6)), { numRuns: 100, seed: 7106 }),
    ];
    const [ratios, matches] = askPython<number[] | string[][]>(SCRIPT, [pairs, lists]) as [number[], string[][]];
    const wrongRatios = pairs.map(([a, b], i) => ({ a, b, real: ratios[i], ours: ratio(a, b) })).filter((r) => r.real !== r.ours);
    expect(wrongRatios.slice(0, 3)).toEqual([]);
    const wrongMatches = lists.map(([w, ps, n, c], i) => ({ w, ps, n, c, real: matches[i], ours: getCloseMatches(w, ps, n, c) })).filter((m) => JSON.stringify(m.real) !== JSON.stringify(m.ours));
    expect(wrongMatches.slice(0, 3)).toEqual([]);
  }, 120_000);
});
