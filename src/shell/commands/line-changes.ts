/**
 * Which lines `diff` reports: a shortest edit script from jsdiff, prepared and then tidied so that,
 * where several shortest scripts exist, we mostly print the one GNU diff prints. The rules below were
 * found by running GNU diff on many small files; test/shell/diff.test.ts pins a case for each. A line
 * is "touched" when the script removes it (first file) or adds it (second file).
 */
import { diffArrays } from 'diff';

/** Lines [oldStart, oldEnd) of the first file give way to lines [newStart, newEnd) of the second. */
export interface ChangeBlock {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** How many items two lists share at the start, and then at the end of what is left. */
function sharedEnds<T>(x: readonly T[], y: readonly T[]): [head: number, tail: number] {
  const shorter = Math.min(x.length, y.length);
  let head = 0;
  while (head < shorter && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < shorter - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  return [head, tail];
}

/** For the other file: whether it touches lines just before its k-th kept line (k = count: at its end). */
function touchedBeforeKept(touched: readonly boolean[]): boolean[] {
  const gaps: boolean[] = [];
  let pending = false;
  for (const t of touched) {
    if (t) pending = true;
    else {
      gaps.push(pending);
      pending = false;
    }
  }
  gaps.push(pending);
  return gaps;
}

/**
 * Moves each run of touched lines along lines equal to its own, which keeps the script valid and
 * just as short: up while it can (joining any run it meets), then down while it can, then back up
 * to the lowest place it passed (since it last joined a run) where the other file touches lines
 * too, so that a removal and an addition print as one `c` block. Only the stretch [lo, hi) moves: what both files begin and end
 * with stays put, as GNU diff leaves it.
 */
function tidy(lines: readonly string[], touched: boolean[], other: readonly boolean[], lo: number, hi: number): void {
  const otherGap = touchedBeforeKept(other);
  const endOfRun = (from: number): number => {
    let e = from;
    while (e < hi && touched[e]) e++;
    return e;
  };
  let kept = lo; // untouched lines before `start`: all of the shared beginning
  let start = lo;
  while (start < hi) {
    if (!touched[start]) {
      start++;
      kept++;
      continue;
    }
    let end = endOfRun(start);
    for (;;) {
      if (start > lo && touched[start - 1]) start--;
      else if (start > lo && lines[start - 1] === lines[end - 1]) {
        start--;
        end--;
        touched[start] = true;
        touched[end] = false;
        kept--;
      } else break;
    }
    let aligned = otherGap[kept] ? start : -1;
    while (end < hi && !touched[end] && lines[end] === lines[start]) {
      touched[start] = false;
      touched[end] = true;
      start++;
      end++;
      kept++;
      if (end < hi && touched[end]) {
        // Joined the next run: places above would split it again.
        end = endOfRun(end);
        aligned = -1;
      }
      if (otherGap[kept]) aligned = start;
    }
    while (aligned >= 0 && start > aligned) {
      start--;
      end--;
      touched[start] = true;
      touched[end] = false;
      kept--;
    }
    start = end;
  }
}

/** The blocks a pair of marked files makes: kept lines pair off in order, and touched ones between them. */
function blocksOf(oldTouched: readonly boolean[], newTouched: readonly boolean[]): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  let i = 0;
  let j = 0;
  while (i < oldTouched.length || j < newTouched.length) {
    if (i < oldTouched.length && j < newTouched.length && !oldTouched[i] && !newTouched[j]) {
      i++;
      j++;
      continue;
    }
    const block = { oldStart: i, oldEnd: i, newStart: j, newEnd: j };
    while (i < oldTouched.length && oldTouched[i]) i++;
    while (j < newTouched.length && newTouched[j]) j++;
    if (i === block.oldStart && j === block.newStart) throw new Error('line-changes: the files keep different numbers of lines');
    blocks.push({ ...block, oldEnd: i, newEnd: j });
  }
  return blocks;
}

/** A shortest edit script turning `before` into `after`, as the blocks `diff` prints. */
export function changeBlocks(before: readonly string[], after: readonly string[]): ChangeBlock[] {
  const oldTouched = before.map(() => true);
  const newTouched = after.map(() => true);
  const [head, tail] = sharedEnds(before, after);
  for (let k = 0; k < head; k++) oldTouched[k] = newTouched[k] = false;
  for (let k = 1; k <= tail; k++) oldTouched[before.length - k] = newTouched[after.length - k] = false;

  // Numbers for texts, so the search compares numbers. A line whose text is missing from the other
  // file's middle is touched in every script: leaving it out of the search changes only which of the
  // equally short scripts comes out, and makes it more often GNU's.
  const ids = new Map<string, number>();
  const idOf = (text: string): number => ids.get(text) ?? ids.set(text, ids.size).get(text)!;
  const span = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
  const oldMiddle = span(head, before.length - tail);
  const newMiddle = span(head, after.length - tail);
  const inOld = new Set(oldMiddle.map((i) => idOf(before[i]!)));
  const inNew = new Set(newMiddle.map((j) => idOf(after[j]!)));
  const oldAt = oldMiddle.filter((i) => inNew.has(idOf(before[i]!)));
  const newAt = newMiddle.filter((j) => inOld.has(idOf(after[j]!)));
  const oldRest = oldAt.map((i) => idOf(before[i]!));
  const newRest = newAt.map((j) => idOf(after[j]!));

  const keep = (x: number, y: number): void => {
    oldTouched[oldAt[x]!] = false;
    newTouched[newAt[y]!] = false;
  };
  // What the remaining lines share at their ends is matched outright; jsdiff searches the rest.
  const [head2, tail2] = sharedEnds(oldRest, newRest);
  for (let n = 0; n < head2; n++) keep(n, n);
  for (let n = 1; n <= tail2; n++) keep(oldRest.length - n, newRest.length - n);
  let x = head2;
  let y = head2;
  for (const part of diffArrays(oldRest.slice(head2, oldRest.length - tail2), newRest.slice(head2, newRest.length - tail2))) {
    if (part.added) y += part.count;
    else if (part.removed) x += part.count;
    else for (let n = 0; n < part.count; n++) keep(x++, y++);
  }

  tidy(before, oldTouched, newTouched, head, before.length - tail);
  tidy(after, newTouched, oldTouched, head, after.length - tail);
  return blocksOf(oldTouched, newTouched);
}
