/**
 * Tab completion: command names in command position, `$NAME` variables, file names from the Vfs
 * (also after `fileb://` and `file://`), and command-specific words from pluggable completers.
 */
import { compareNames, type Vfs } from './vfs.ts';

/** What a command-specific completer is told about the line. */
export interface CompletionRequest {
  /** The words before the one being completed, unquoted, the command name first. */
  readonly words: readonly string[];
  /** The unquoted beginning of the word being completed (may be empty). */
  readonly current: string;
  readonly cwd: string;
  readonly vfs: Vfs;
}

/** Candidate words (those not starting with `current` are dropped); undefined means "complete file names". */
export type Completer = (request: CompletionRequest) => readonly string[] | undefined;

export interface Completion {
  /** Replacements for line[replaceFrom, cursor), quoted as needed, sorted; directories end in `/`. */
  candidates: string[];
  replaceFrom: number;
}

export interface CompletionSources {
  readonly commandNames: readonly string[];
  readonly variableNames: readonly string[];
  readonly completers: Readonly<Record<string, Completer>>;
  readonly vfs: Vfs;
  readonly cwd: string;
}

interface Scan {
  /** Completed words of the current simple command. */
  words: string[];
  /** Where the word under the cursor starts in the line. */
  start: number;
  /** Its unquoted text so far. */
  value: string;
  /** The quote still open at the cursor, if any. */
  quote: '' | "'" | '"';
  /** The word follows `>`, `<`…: a file name, not an argument. */
  redirectTarget: boolean;
}

export function complete(line: string, cursor: number, sources: CompletionSources): Completion {
  const text = line.slice(0, Math.max(0, Math.min(cursor, line.length)));
  const scan = scanLine(text);
  const variable = /\$\{?([A-Za-z0-9_]*)$/.exec(text);
  if (variable && scan.quote !== "'" && variable.index >= scan.start) {
    const brace = variable[0].startsWith('${') ? '{' : '';
    const candidates = sources.variableNames
      .filter((n) => n.startsWith(variable[1]!))
      .sort(compareNames)
      .map((n) => `$${brace}${n}${brace ? '}' : ''}`);
    return { candidates, replaceFrom: variable.index };
  }
  const words = scan.words.filter((w, i, all) => !(/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && all.slice(0, i).every((p) => p.includes('='))));
  let candidates: string[];
  if (words.length === 0 && !scan.redirectTarget && !scan.value.includes('/')) {
    candidates = [...new Set(sources.commandNames)].filter((n) => n.startsWith(scan.value)).sort(compareNames);
  } else {
    const completer = !scan.redirectTarget && words[0] !== undefined ? sources.completers[words[0]] : undefined;
    const own = completer?.({ words, current: scan.value, cwd: sources.cwd, vfs: sources.vfs });
    candidates = own !== undefined ? own.filter((c) => c.startsWith(scan.value)) : fileCandidates(scan.value, sources);
  }
  return { candidates: candidates.map((c) => requote(c, scan.quote)), replaceFrom: scan.start };
}

/** A small quote-aware walk over the line up to the cursor. */
function scanLine(text: string): Scan {
  const scan: Scan = { words: [], start: text.length, value: '', quote: '', redirectTarget: false };
  let inWord = false;
  let nextIsTarget = false;
  const endWord = (): void => {
    if (inWord && !scan.redirectTarget) scan.words.push(scan.value);
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (scan.quote === "'") {
      if (c === "'") scan.quote = '';
      else scan.value += c;
      continue;
    }
    if (scan.quote === '"') {
      if (c === '"') scan.quote = '';
      else if (c === '\\' && '$`"\\'.includes(text[i + 1] ?? '')) scan.value += text[++i];
      else scan.value += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      endWord();
      continue;
    }
    if ('|;&()<>'.includes(c)) {
      endWord();
      if ('<>'.includes(c)) nextIsTarget = true;
      else {
        scan.words = [];
        nextIsTarget = false;
      }
      continue;
    }
    if (!inWord) {
      inWord = true;
      scan.start = i;
      scan.value = '';
      scan.redirectTarget = nextIsTarget;
      nextIsTarget = false;
    }
    if (c === '\\') {
      if (i + 1 < text.length) scan.value += text[++i];
    } else if (c === "'" || c === '"') scan.quote = c;
    else scan.value += c;
  }
  if (!inWord) {
    scan.start = text.length;
    scan.value = '';
    scan.redirectTarget = nextIsTarget;
  }
  return scan;
}

function fileCandidates(value: string, { vfs, cwd }: CompletionSources): string[] {
  const scheme = /^fileb?:\/\//.exec(value)?.[0] ?? '';
  const path = value.slice(scheme.length);
  const dirPart = path.slice(0, path.lastIndexOf('/') + 1);
  const base = path.slice(dirPart.length);
  const dir = vfs.resolve(cwd, dirPart === '' ? '.' : dirPart);
  if (vfs.stat(dir)?.type !== 'dir') return [];
  return vfs
    .readdir(dir)
    .filter((name) => name.startsWith(base) && (base.startsWith('.') || !name.startsWith('.')))
    .map((name) => {
      const isDir = vfs.stat(vfs.resolve(dir, name))?.type === 'dir';
      return `${scheme}${dirPart}${name}${isDir ? '/' : ''}`;
    });
}

/** Quotes a candidate the way the word was begun: inside an open quote, or with backslashes. */
function requote(candidate: string, quote: Scan['quote']): string {
  if (quote === "'") return `'${candidate.replaceAll("'", "'\\''")}`;
  if (quote === '"') return `"${candidate.replace(/[$`"\\]/g, '\\$&')}`;
  return candidate.replace(/[ \t\n'"\\$`!&;|<>()*?[\]#{}]/g, '\\$&');
}
