/**
 * Python's difflib.get_close_matches, as the CLI uses it under "Invalid
 * choice: 'lst-keys', maybe you meant:" (three at most, ratio at least 0.8).
 * Written from difflib's documentation: ratio() is 2*M/T, where M counts the
 * characters in the matching blocks found by taking the longest block, then
 * doing the same on each side of it; from 200 characters on, characters of
 * the typed word that are too common ("popular") cannot anchor a block.
 * Characters are code points, as in Python.
 */
import { comparePy } from './python/values.ts';

interface Block {
  /** Where the block starts in `a` and in `b`, and its length. */
  i: number;
  j: number;
  size: number;
}

/**
 * Code points of `b` that the autojunk heuristic sets aside: in a sequence of
 * 200 or more, those whose repeats (after the first) are over 1% of it.
 */
function popularIn(b: readonly string[]): Set<string> {
  const popular = new Set<string>();
  if (b.length < 200) return popular;
  const counts = new Map<string, number>();
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  for (const [ch, count] of counts) if ((count - 1) * 100 > b.length) popular.add(ch);
  return popular;
}

/**
 * The longest block of a[alo:ahi] equal to b[blo:bhi] made of characters that
 * are not popular (earliest in a, then in b, among the longest), then grown
 * on both sides over whatever else is equal there.
 */
function longestBlock(a: readonly string[], b: readonly string[], popular: ReadonlySet<string>, alo: number, ahi: number, blo: number, bhi: number): Block {
  let best: Block = { i: alo, j: blo, size: 0 };
  // run[j] = length of the usable run ending at a[i-1], b[j-1] (one row of the table).
  let previous = new Array<number>(bhi - blo + 1).fill(0);
  for (let i = alo; i < ahi; i++) {
    const current = new Array<number>(bhi - blo + 1).fill(0);
    for (let j = blo; j < bhi; j++) {
      if (a[i] !== b[j] || popular.has(b[j]!)) continue;
      const size = previous[j - blo]! + 1;
      current[j - blo + 1] = size;
      const start = { i: i - size + 1, j: j - size + 1 };
      if (size > best.size || (size === best.size && (start.i < best.i || (start.i === best.i && start.j < best.j)))) best = { ...start, size };
    }
    previous = current;
  }
  let { i, j, size } = best;
  while (i > alo && j > blo && a[i - 1] === b[j - 1]) {
    i--;
    j--;
    size++;
  }
  while (i + size < ahi && j + size < bhi && a[i + size] === b[j + size]) size++;
  return { i, j, size };
}

/** How many characters the matching blocks cover. */
function matched(a: readonly string[], b: readonly string[]): number {
  const popular = popularIn(b);
  let total = 0;
  const pending: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (pending.length > 0) {
    const [alo, ahi, blo, bhi] = pending.pop()!;
    const { i, j, size } = longestBlock(a, b, popular, alo, ahi, blo, bhi);
    if (size === 0) continue;
    total += size;
    pending.push([alo, i, blo, j], [i + size, ahi, j + size, bhi]);
  }
  return total;
}

/** SequenceMatcher(None, a, b).ratio(): 1 for two empty strings. */
export function ratio(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  const length = left.length + right.length;
  return length === 0 ? 1 : (2 * matched(left, right)) / length;
}

/**
 * get_close_matches(word, possibilities, n, cutoff): the possibilities whose
 * ratio against the word reaches the cutoff, best first (ties: the later
 * string in Python's order first), at most n of them.
 */
export function getCloseMatches(word: string, possibilities: readonly string[], n = 3, cutoff = 0.8): string[] {
  return possibilities
    .map((candidate) => ({ candidate, score: ratio(candidate, word) }))
    .filter((c) => c.score >= cutoff)
    .sort((x, y) => y.score - x.score || comparePy(y.candidate, x.candidate))
    .slice(0, n)
    .map((c) => c.candidate);
}
