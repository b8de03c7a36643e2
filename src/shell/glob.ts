/**
 * Glob patterns (`*`, `?`, `[a-z]`, `[!x]`, `[[:digit:]]`) for pathname expansion and for
 * `${VAR#pattern}`. In a pattern, `\x` stands for a literal x: that is how quoted characters
 * reach here.
 */
import { compareNames } from './vfs.ts';

/** A class test: ASCII by the C rules, anything beyond by Unicode's properties, as glibc's C.UTF-8 classifies. */
const unicode = (ascii: (c: number) => boolean, property: RegExp) => (c: number) => (c < 128 ? ascii(c) : property.test(String.fromCodePoint(c)));
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAsciiPunct = (c: number) => (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);

/** The character classes of `[[:name:]]`, for the C.UTF-8 locale the sandbox runs in. */
const CLASSES: Record<string, (c: number) => boolean> = {
  alpha: unicode((c) => isUpper(c) || isLower(c), /\p{Alphabetic}/u),
  digit: isDigit,
  alnum: unicode((c) => isUpper(c) || isLower(c) || isDigit(c), /\p{Alphabetic}/u),
  upper: unicode(isUpper, /\p{Uppercase}/u),
  lower: unicode(isLower, /\p{Lowercase}/u),
  space: unicode((c) => c === 32 || (c >= 9 && c <= 13), /\p{White_Space}/u),
  blank: unicode((c) => c === 32 || c === 9, /\p{Zs}/u),
  xdigit: (c) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  punct: unicode(isAsciiPunct, /[\p{P}\p{S}]/u),
  word: unicode((c) => isUpper(c) || isLower(c) || isDigit(c) || c === 95, /\p{Alphabetic}/u),
  cntrl: unicode((c) => c < 32 || c === 127, /\p{Cc}/u),
  graph: unicode((c) => c >= 33 && c <= 126, /[^\p{C}\p{Z}]/u),
  print: unicode((c) => c >= 32 && c <= 126, /[^\p{C}\p{Zl}\p{Zp}]/u),
};

/** Whether the pattern has an unescaped `*`, `?` or bracket expression. */
export function hasGlob(pattern: string): boolean {
  const brackets = new BracketEnds(pattern);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
    else if (c === '[' && brackets.end(i) > 0) return true;
  }
  return false;
}

/** Escapes text so that every character in it matches only itself (in a bracket too: a quoted `-`, `!` or `^` is a member). */
export function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]!^-]/g, '\\$&');
}

/** Removes the backslashes of a pattern with no glob characters, giving the literal text. */
export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\(.)/gs, '$1');
}

/**
 * Where each bracket expression of a pattern ends, found in one pass over the pattern however
 * many `[` it has: past its first characters, the scan for a closing `]` moves the same way from
 * a given position whoever started it, so each position's answer is worked out once.
 */
class BracketEnds {
  private readonly pattern: string;
  /** Per position: the `]` the scan from there reaches, -1 for none, -2 not yet known. */
  private memo: Int32Array | undefined;
  /** Per position: where the next `:]` starts, or -1. */
  private classClose: Int32Array | undefined;

  constructor(pattern: string) {
    this.pattern = pattern;
  }

  /** Index of the `]` closing the bracket expression opened at `start`, or -1. */
  end(start: number): number {
    const p = this.pattern;
    let i = start + 1;
    if (p[i] === '!' || p[i] === '^') i++;
    if (p[i] === ']') i++; // a leading `]` is a member
    return this.walk(i);
  }

  private walk(from: number): number {
    const p = this.pattern;
    const n = p.length;
    this.memo ??= new Int32Array(n + 1).fill(-2);
    const memo = this.memo;
    const visited: number[] = [];
    let at = from;
    let result = -1;
    for (;;) {
      if (at >= n) break;
      if (memo[at] !== -2) {
        result = memo[at]!;
        break;
      }
      const c = p[at];
      if (c === ']') {
        result = at;
        break;
      }
      visited.push(at);
      if (c === '\\') at += 2;
      else if (c === '[' && p[at + 1] === ':') {
        const close = this.nextClassClose(at + 2);
        at = close >= 0 ? close + 2 : at + 1;
      } else at++;
    }
    for (const v of visited) memo[v] = result;
    return result;
  }

  private nextClassClose(from: number): number {
    if (!this.classClose) {
      const p = this.pattern;
      const table = new Int32Array(p.length + 1).fill(-1);
      for (let k = p.length - 2; k >= 0; k--) table[k] = p[k] === ':' && p[k + 1] === ']' ? k : table[k + 1]!;
      this.classClose = table;
    }
    return from < this.classClose.length ? this.classClose[from]! : -1;
  }
}

type SetItem = { lo: number; hi: number } | { cls: (c: number) => boolean };
type Token = { kind: 'char'; c: number } | { kind: 'any' } | { kind: 'star' } | { kind: 'set'; negated: boolean; items: SetItem[] };

const SLASH = 47;

/** The pattern as a list of tokens; `**` is one star, as it matches the same. */
function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const brackets = new BracketEnds(pattern);
  for (let i = 0; i < pattern.length; ) {
    const c = pattern.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    if (c === 92 && i + 1 < pattern.length) {
      const escaped = pattern.codePointAt(i + 1)!;
      tokens.push({ kind: 'char', c: escaped });
      i += 1 + (escaped > 0xffff ? 2 : 1);
    } else if (c === 42) {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
      i++;
    } else if (c === 63) {
      tokens.push({ kind: 'any' });
      i++;
    } else if (c === 91 && brackets.end(i) > 0) {
      const end = brackets.end(i);
      tokens.push(bracket(pattern.slice(i + 1, end)));
      i = end + 1;
    } else {
      tokens.push({ kind: 'char', c });
      i += width;
    }
  }
  return tokens;
}

/** A bracket expression's body (between `[` and `]`): members, ranges and classes. */
function bracket(body: string): Token {
  const chars = Array.from(body);
  let i = 0;
  let negated = false;
  if (chars[0] === '!' || chars[0] === '^') {
    negated = true;
    i++;
  }
  const items: SetItem[] = [];
  /** The member just read, while it may still start a range. */
  let single: number | undefined;
  for (; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '[' && chars[i + 1] === ':') {
      const close = chars.findIndex((x, k) => k > i + 1 && x === ':' && chars[k + 1] === ']');
      if (close > 0) {
        const cls = CLASSES[chars.slice(i + 2, close).join('')];
        // An unknown class matches nothing.
        items.push({ cls: cls ?? (() => false) });
        single = undefined;
        i = close + 1;
        continue;
      }
    }
    if (c === '-' && single !== undefined && i < chars.length - 1 && !(chars[i + 1] === '[' && chars[i + 2] === ':')) {
      let next = chars[++i]!;
      if (next === '\\' && i + 1 < chars.length) next = chars[++i]!;
      const hi = next.codePointAt(0)!;
      // The range replaces its first member; a reversed one matches nothing, as in bash.
      items[items.length - 1] = { lo: single, hi };
      single = undefined;
      continue;
    }
    const member = c === '\\' && i + 1 < chars.length ? chars[++i]! : c;
    single = member.codePointAt(0)!;
    items.push({ lo: single, hi: single });
  }
  return { kind: 'set', negated, items };
}

function tokenMatches(token: Token, c: number, path: boolean): boolean {
  switch (token.kind) {
    case 'char':
      return token.c === c;
    case 'any':
    case 'star':
      return !(path && c === SLASH);
    case 'set': {
      const inSet = token.items.some((item) => ('cls' in item ? item.cls(c) : c >= item.lo && c <= item.hi));
      return inSet !== token.negated;
    }
  }
}

/**
 * Runs the pattern over code points as a set of positions in it (no backtracking: time grows
 * with text × pattern, never exponentially, whatever the stars), telling `accepted` after each
 * prefix that the whole pattern matches. `accepted` returns true to stop early.
 */
function run(tokens: readonly Token[], text: readonly number[], path: boolean, accepted: (length: number) => boolean): void {
  const m = tokens.length;
  const stamp = new Uint32Array(m + 1);
  let generation = 1;
  let current: number[] = [];
  const add = (list: number[], from: number): void => {
    for (let j = from; stamp[j] !== generation; j++) {
      stamp[j] = generation;
      list.push(j);
      if (j === m || tokens[j]!.kind !== 'star') return;
    }
  };
  add(current, 0);
  if (stamp[m] === generation && accepted(0)) return;
  for (let k = 0; k < text.length && current.length > 0; k++) {
    const c = text[k]!;
    generation++;
    const next: number[] = [];
    for (const j of current) {
      if (j === m) continue;
      const token = tokens[j]!;
      if (!tokenMatches(token, c, path)) continue;
      add(next, token.kind === 'star' ? j : j + 1);
    }
    current = next;
    if (stamp[m] === generation && accepted(k + 1)) return;
  }
}

const codePoints = (text: string): number[] => Array.from(text, (c) => c.codePointAt(0)!);

/** A pattern compiled once, for matching many names. */
export function globMatcher(pattern: string, path = false): (text: string) => boolean {
  const tokens = tokenize(pattern);
  return (text) => {
    const points = codePoints(text);
    let whole = false;
    run(tokens, points, path, (length) => (whole = length === points.length));
    return whole;
  };
}

export function matchGlob(pattern: string, text: string, path = false): boolean {
  return globMatcher(pattern, path)(text);
}

/** `${v#p}` / `${v##p}` / `${v%p}` / `${v%%p}`: removes the shortest or longest matching prefix or suffix. */
export function removeMatch(value: string, pattern: string, from: 'prefix' | 'suffix', longest: boolean): string {
  const chars = Array.from(value);
  const tokens = tokenize(pattern);
  const points = chars.map((c) => c.codePointAt(0)!);
  let found = -1;
  const accept = (length: number): boolean => {
    found = length;
    return !longest;
  };
  // A suffix is a prefix of the reversed text, matched by the reversed pattern.
  if (from === 'prefix') run(tokens, points, false, accept);
  else run([...tokens].reverse(), points.reverse(), false, accept);
  if (found < 0) return value;
  return from === 'prefix' ? chars.slice(found).join('') : chars.slice(0, chars.length - found).join('');
}

/** The directory listing glob needs: names in a directory, or undefined when it is not one. */
export interface GlobFs {
  list(absoluteDir: string): readonly string[] | undefined;
  exists(absolutePath: string): boolean;
}

/**
 * Expands a path pattern against the file system, relative to `cwd`; results are sorted and keep
 * the pattern's own spelling of the literal parts (`./*.txt` → `./a.txt`). No match → [].
 */
export function globPaths(pattern: string, cwd: string, fs: GlobFs): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i, all) => s !== '' || i === all.length - 1);
  let matches: { shown: string; abs: string }[] = [{ shown: absolute ? '/' : '', abs: absolute ? '/' : cwd }];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const next: typeof matches = [];
    let matcher: ((name: string) => boolean) | undefined;
    for (const m of matches) {
      if (segment === '') {
        // A trailing slash keeps only directories.
        if (fs.list(m.abs) !== undefined) next.push({ shown: `${m.shown}/`, abs: m.abs });
        continue;
      }
      if (!hasGlob(segment)) {
        const name = unescapeGlob(segment);
        const abs = joinPath(m.abs, name);
        if (!last || fs.exists(abs)) next.push({ shown: joinShown(m.shown, name), abs });
        continue;
      }
      const names = fs.list(m.abs) ?? [];
      const dotOk = segment.startsWith('.') || segment.startsWith('\\.');
      matcher ??= globMatcher(segment, true);
      for (const name of names) {
        if (name.startsWith('.') && !dotOk) continue;
        if (matcher(name)) next.push({ shown: joinShown(m.shown, name), abs: joinPath(m.abs, name) });
      }
    }
    matches = next;
  });
  return matches.map((m) => m.shown).sort(compareNames);
}

function joinShown(prefix: string, name: string): string {
  return prefix === '' ? name : prefix.endsWith('/') ? prefix + name : `${prefix}/${name}`;
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
