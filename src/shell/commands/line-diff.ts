/**
 * The line diff GNU diffutils computes, step by step, so that where several shortest edit scripts
 * exist we choose the one GNU prints: drop the common ends, set aside lines the other file lacks
 * ("confusing" lines), run Myers' middle-snake search, then slide each run of changes as GNU's
 * shift_boundaries does.
 */

export interface Hunk {
  /** 0-based start and end (exclusive) of the lines removed from the first file… */
  a0: number;
  a1: number;
  /** …and of the lines put in from the second. */
  b0: number;
  b1: number;
}

/** A 0/1 flag per line with a zero on either side, as diffutils' `changed` arrays have. */
class Flags {
  private readonly bits: Uint8Array;
  constructor(length: number) {
    this.bits = new Uint8Array(length + 2);
  }
  get(i: number): number {
    return this.bits[i + 1]!;
  }
  set(i: number, v: number): void {
    this.bits[i + 1] = v;
  }
}

export function diffLines(a: readonly string[], b: readonly string[]): Hunk[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const classes = new Map<string, number>();
  const classOf = (line: string): number => {
    let c = classes.get(line);
    if (c === undefined) classes.set(line, (c = classes.size + 1));
    return c;
  };
  const equivs = [a.slice(pre, a.length - suf).map(classOf), b.slice(pre, b.length - suf).map(classOf)] as const;
  const changed = [new Flags(equivs[0].length), new Flags(equivs[1].length)] as const;

  const { undiscarded, realIndexes } = discardConfusingLines(equivs, changed);
  compareSequences(undiscarded, (f, i) => changed[f].set(realIndexes[f][i]!, 1));
  shiftBoundaries(equivs, changed);

  const hunks: Hunk[] = [];
  const [n, m] = [equivs[0].length, equivs[1].length];
  for (let i = 0, j = 0; i < n || j < m; ) {
    if (changed[0].get(i) || changed[1].get(j)) {
      const [i0, j0] = [i, j];
      while (i < n && changed[0].get(i)) i++;
      while (j < m && changed[1].get(j)) j++;
      hunks.push({ a0: pre + i0, a1: pre + i, b0: pre + j0, b1: pre + j });
    } else {
      i++;
      j++;
    }
  }
  return hunks;
}

/**
 * Lines with no match in the other file cannot be part of the common subsequence: they are marked
 * changed at once and left out of the search. Lines with very many matches are left out too, but
 * only inside a run of such lines (diffutils' discard_confusing_lines).
 */
function discardConfusingLines(
  equivs: readonly [number[], number[]],
  changed: readonly [Flags, Flags],
): { undiscarded: [number[], number[]]; realIndexes: [number[], number[]] } {
  const counts = equivs.map((e) => {
    const c = new Map<number, number>();
    for (const v of e) c.set(v, (c.get(v) ?? 0) + 1);
    return c;
  });
  const discarded = equivs.map((e, f) => {
    const end = e.length;
    let many = 5;
    let tem = Math.floor(end / 64);
    while ((tem >>= 2) > 0) many *= 2;
    return e.map((v) => {
      const nmatch = counts[1 - f]!.get(v) ?? 0;
      return nmatch === 0 ? 1 : nmatch > many ? 2 : 0;
    });
  });

  for (const discards of discarded) {
    const end = discards.length;
    for (let i = 0; i < end; i++) {
      if (discards[i] === 2) {
        discards[i] = 0;
        continue;
      }
      if (discards[i] === 0) continue;
      // A run of discardable lines starting with a sure one.
      let j: number;
      let provisional = 0;
      for (j = i; j < end; j++) {
        if (discards[j] === 0) break;
        if (discards[j] === 2) provisional++;
      }
      while (j > i && discards[j - 1] === 2) {
        discards[--j] = 0;
        provisional--;
      }
      const length = j - i;
      if (provisional * 4 > length) {
        while (j > i) if (discards[--j] === 2) discards[j] = 0;
      } else {
        let minimum = 1;
        let t = length >> 2;
        while (0 < (t >>= 2)) minimum <<= 1;
        minimum++;
        let consec = 0;
        for (j = 0; j < length; j++) {
          if (discards[i + j] !== 2) consec = 0;
          else if (minimum === ++consec) j -= consec;
          else if (minimum < consec) discards[i + j] = 0;
        }
        consec = 0;
        for (j = 0; j < length; j++) {
          if (j >= 8 && discards[i + j] === 1) break;
          if (discards[i + j] === 2) {
            consec = 0;
            discards[i + j] = 0;
          } else if (discards[i + j] === 0) consec = 0;
          else consec++;
          if (consec === 3) break;
        }
        i += length - 1;
        consec = 0;
        for (j = 0; j < length; j++) {
          if (j >= 8 && discards[i - j] === 1) break;
          if (discards[i - j] === 2) {
            consec = 0;
            discards[i - j] = 0;
          } else if (discards[i - j] === 0) consec = 0;
          else consec++;
          if (consec === 3) break;
        }
      }
    }
  }

  const undiscarded: [number[], number[]] = [[], []];
  const realIndexes: [number[], number[]] = [[], []];
  for (const f of [0, 1] as const) {
    equivs[f].forEach((v, i) => {
      if (discarded[f]![i] === 0) {
        undiscarded[f].push(v);
        realIndexes[f].push(i);
      } else changed[f].set(i, 1);
    });
  }
  return { undiscarded, realIndexes };
}

interface Partition {
  xmid: number;
  ymid: number;
  loMinimal: boolean;
  hiMinimal: boolean;
}

/** gnulib's compareseq(): split at the middle snake until one side is empty, noting each change. */
function compareSequences(seqs: readonly [number[], number[]], note: (file: 0 | 1, index: number) => void): void {
  const [xv, yv] = seqs;
  const n = xv.length;
  const m = yv.length;
  // Diagonals run from -m-1 to n+1.
  const offset = m + 1;
  const fd = new Float64Array(n + m + 3);
  const bd = new Float64Array(n + m + 3);
  let diags = n + m + 3;
  let tooExpensive = 1;
  for (; diags !== 0; diags >>= 2) tooExpensive <<= 1;
  tooExpensive = Math.max(4096, tooExpensive);

  const diag = (xoff: number, xlim: number, yoff: number, ylim: number, findMinimal: boolean): Partition => {
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fd[fmid + offset] = xoff;
    bd[bmid + offset] = xlim;
    for (let c = 1; ; c++) {
      if (fmin > dmin) fd[--fmin - 1 + offset] = -1;
      else fmin++;
      if (fmax < dmax) fd[++fmax + 1 + offset] = -1;
      else fmax--;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd[d - 1 + offset]!;
        const thi = fd[d + 1 + offset]!;
        const x0 = tlo < thi ? thi : tlo + 1;
        let x = x0;
        let y = x0 - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) {
          x++;
          y++;
        }
        fd[d + offset] = x;
        if (odd && bmin <= d && d <= bmax && bd[d + offset]! <= x) return { xmid: x, ymid: y, loMinimal: true, hiMinimal: true };
      }
      if (bmin > dmin) bd[--bmin - 1 + offset] = Infinity;
      else bmin++;
      if (bmax < dmax) bd[++bmax + 1 + offset] = Infinity;
      else bmax--;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bd[d - 1 + offset]!;
        const thi = bd[d + 1 + offset]!;
        const x0 = tlo < thi ? tlo : thi - 1;
        let x = x0;
        let y = x0 - d;
        while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) {
          x--;
          y--;
        }
        bd[d + offset] = x;
        if (!odd && fmin <= d && d <= fmax && x <= fd[d + offset]!) return { xmid: x, ymid: y, loMinimal: true, hiMinimal: true };
      }
      if (findMinimal || c < tooExpensive) continue;
      // Gone well beyond the call of duty: settle for the furthest points reached so far.
      let fxybest = -1;
      let fxbest = 0;
      for (let d = fmax; d >= fmin; d -= 2) {
        let x = Math.min(fd[d + offset]!, xlim);
        let y = x - d;
        if (ylim < y) {
          x = ylim + d;
          y = ylim;
        }
        if (fxybest < x + y) {
          fxybest = x + y;
          fxbest = x;
        }
      }
      let bxybest = Infinity;
      let bxbest = 0;
      for (let d = bmax; d >= bmin; d -= 2) {
        let x = Math.max(xoff, bd[d + offset]!);
        let y = x - d;
        if (y < yoff) {
          x = yoff + d;
          y = yoff;
        }
        if (x + y < bxybest) {
          bxybest = x + y;
          bxbest = x;
        }
      }
      if (xlim + ylim - bxybest < fxybest - (xoff + yoff)) {
        return { xmid: fxbest, ymid: fxybest - fxbest, loMinimal: true, hiMinimal: false };
      }
      return { xmid: bxbest, ymid: bxybest - bxbest, loMinimal: false, hiMinimal: true };
    }
  };

  // An explicit stack instead of recursion; the order in which changes are noted does not matter.
  const stack: [number, number, number, number, boolean][] = [[0, n, 0, m, false]];
  while (stack.length) {
    let [xoff, xlim, yoff, ylim, findMinimal] = stack.pop()!;
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) {
      xoff++;
      yoff++;
    }
    while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) {
      xlim--;
      ylim--;
    }
    if (xoff === xlim) for (; yoff < ylim; yoff++) note(1, yoff);
    else if (yoff === ylim) for (; xoff < xlim; xoff++) note(0, xoff);
    else {
      const part = diag(xoff, xlim, yoff, ylim, findMinimal);
      stack.push([part.xmid, xlim, part.ymid, ylim, part.hiMinimal], [xoff, part.xmid, yoff, part.ymid, part.loMinimal]);
    }
  }
}

/**
 * diffutils' shift_boundaries(): slide each run of changes back while it can merge with an
 * earlier run, then forward as far as it goes, and settle it against a run in the other file.
 */
function shiftBoundaries(equivs: readonly [number[], number[]], changed: readonly [Flags, Flags]): void {
  for (const f of [0, 1] as const) {
    const ch = changed[f];
    const other = changed[1 - f]!;
    const eq = equivs[f];
    const iEnd = eq.length;
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < iEnd && !ch.get(i)) {
        while (other.get(j++));
        i++;
      }
      if (i === iEnd) break;
      let start = i;
      while (ch.get(++i));
      while (other.get(j)) j++;
      let runlength: number;
      let corresponding: number;
      do {
        runlength = i - start;
        while (start && eq[start - 1] === eq[i - 1]) {
          ch.set(--start, 1);
          ch.set(--i, 0);
          while (ch.get(start - 1)) start--;
          while (other.get(--j));
        }
        corresponding = other.get(j - 1) ? i : iEnd;
        while (i !== iEnd && eq[start] === eq[i]) {
          ch.set(start++, 0);
          ch.set(i++, 1);
          while (ch.get(i)) i++;
          while (other.get(++j)) corresponding = i;
        }
      } while (runlength !== i - start);
      while (corresponding < i) {
        ch.set(--start, 1);
        ch.set(--i, 0);
        while (other.get(--j));
      }
    }
  }
}
