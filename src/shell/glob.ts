/**
 * Glob patterns (`*`, `?`, `[a-z]`, `[!x]`, `[[:digit:]]`) for pathname expansion and for
 * `${VAR#pattern}`. In a pattern, `\x` stands for a literal x: that is how quoted characters
 * reach here.
 */
import { compareNames } from './vfs.ts';

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
  word: 'A-Za-z0-9_',
};

/** Whether the pattern has an unescaped `*`, `?` or bracket expression. */
export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
    else if (c === '[' && bracketEnd(pattern, i) > 0) return true;
  }
  return false;
}

/** Escapes text so that every character in it matches only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

/** Removes the backslashes of a pattern with no glob characters, giving the literal text. */
export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\(.)/gs, '$1');
}

/** A RegExp source matching what the pattern matches (`*` and `?` never match `/` when `path` is set). */
function toRegExpSource(pattern: string, path: boolean): string {
  const any = path ? '[^/]' : '[^]';
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) out += escapeRegExp(pattern[++i]!);
    else if (c === '*') out += `${any}*`;
    else if (c === '?') out += any;
    else if (c === '[' && bracketEnd(pattern, i) > 0) {
      const end = bracketEnd(pattern, i);
      out += bracketToRegExp(pattern.slice(i + 1, end));
      i = end;
    } else out += escapeRegExp(c);
  }
  return out;
}

/** The pattern as an anchored RegExp; a bracket bash accepts but RegExp rejects (`[z-a]`) matches only itself. */
function compile(pattern: string, path: boolean): RegExp {
  try {
    return new RegExp(`^${toRegExpSource(pattern, path)}$`, 'u');
  } catch {
    return new RegExp(`^${[...unescapeGlob(pattern)].map(escapeRegExp).join('')}$`, 'u');
  }
}

export function matchGlob(pattern: string, text: string, path = false): boolean {
  return compile(pattern, path).test(text);
}

/** `${v#p}` / `${v##p}` / `${v%p}` / `${v%%p}`: removes the shortest or longest matching prefix or suffix. */
export function removeMatch(value: string, pattern: string, from: 'prefix' | 'suffix', longest: boolean): string {
  const re = compile(pattern, false);
  const n = value.length;
  for (let k = 0; k <= n; k++) {
    const len = longest ? n - k : k;
    const piece = from === 'prefix' ? value.slice(0, len) : value.slice(n - len);
    if (re.test(piece)) return from === 'prefix' ? value.slice(len) : value.slice(0, n - len);
  }
  return value;
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
      for (const name of names) {
        if (name.startsWith('.') && !dotOk) continue;
        if (matchGlob(segment, name, true)) next.push({ shown: joinShown(m.shown, name), abs: joinPath(m.abs, name) });
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

/** Index of the `]` closing the bracket expression opened at `start`, or -1. */
function bracketEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++; // a leading `]` is a member
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close > 0) i = close + 1;
    } else if (c === ']') return i;
  }
  return -1;
}

function bracketToRegExp(body: string): string {
  let i = 0;
  let out = '[';
  if (body[0] === '!' || body[0] === '^') {
    out += '^';
    i++;
  }
  for (; i < body.length; i++) {
    const c = body[i]!;
    if (c === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2);
      out += CLASSES[body.slice(i + 2, close)] ?? '';
      i = close + 1;
    } else if (c === '\\' && i + 1 < body.length) out += classMember(body[++i]!);
    else if (c === '-' && i > 0 && i < body.length - 1) out += '-';
    else out += classMember(c);
  }
  return `${out}]`;
}

// Only syntax characters may be escaped in a `u` RegExp.
function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function classMember(c: string): string {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}
