/**
 * Parser for the bash subset learners meet in AWS tutorials: quoting, `$VAR`, `${VAR:-x}`, `$(…)`,
 * backticks, `$((…))`, assignments, pipes, redirections, here-documents, `;` `&&` `||` lists and
 * `( … )` subshells. Syntax errors read as interactive bash prints them.
 */
import type {
  AndOr,
  Assignment,
  Command,
  CommandLine,
  List,
  ParamOp,
  Pipeline,
  Redirect,
  Script,
  ScriptItem,
  SimpleCommand,
  Word,
  WordPart,
} from './ast.ts';
import { decodeEscapes } from './escapes.ts';

export type * from './ast.ts';

/** Parses a whole input; a line bash would reject becomes an error item and parsing resumes on the next line. */
export function parse(text: string): Script {
  return new Parser(text).script();
}

/**
 * Whether a terminal should show the `> ` continuation prompt instead of running the text:
 * an open quote, `$(`, `${` or backtick, a trailing `\`, `|`, `&&` or `||`, an unfinished here-document.
 */
export function needsMoreInput(text: string): boolean {
  const parser = new Parser(text);
  const last = parser.script().items.at(-1);
  // A line with a plain syntax error runs (and fails) at once, as in bash, even if it opened a here-document.
  if (last?.type === 'error') return last.incomplete;
  return parser.openAtEnd;
}

/**
 * How deeply `( )`, `$( )`, backquotes, `$(( ))` and `${ }` may nest, together. bash's own
 * parser gives up somewhere past a few thousand levels (a syntax error for subshells, a crash for
 * `$(`); this shell keeps well inside what a browser's stack holds, and says so.
 */
export const MAX_NESTING = 256;

function tooDeep(pos: number): Failure {
  return new Failure(
    `bash: syntax error: nesting too deep: KMS Lab's shell allows ${MAX_NESTING} levels of ( ), $( ), \` \`, $(( )) and \${ } inside one another`,
    false,
    pos,
  );
}

/**
 * Reserved words of bash's compound commands. This shell runs simple commands, pipelines and
 * lists only, so it says so rather than pretend `if` is a missing program.
 */
const COMPOUND_WORDS = new Set(['if', 'then', 'elif', 'else', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'select', 'function', '{', '}', '[[', ']]']);

function unsupported(what: string, pos: number): Failure {
  return new Failure(
    `bash: ${what}: not available in KMS Lab's shell, which runs simple commands, pipes and lists (; && ||) but no if, for, while, case, { } or functions`,
    false,
    pos,
  );
}

class Failure {
  readonly message: string;
  readonly incomplete: boolean;
  /** Where the offending token starts, so recovery can skip the rest of that line. */
  readonly pos: number;
  constructor(message: string, incomplete: boolean, pos: number) {
    this.message = message;
    this.incomplete = incomplete;
    this.pos = pos;
  }
}

type Token =
  | { readonly kind: 'word'; readonly word: Word; readonly start: number }
  | { readonly kind: 'op'; readonly op: string; readonly fd: number | undefined; readonly start: number }
  | { readonly kind: 'newline'; readonly start: number }
  | { readonly kind: 'eof'; readonly start: number };

// Longest first, so `>>` wins over `>`. `;;`, `;&` and `;;&` exist only to be reported as bash does.
const OPERATORS = [';;&', '<<<', '<<-', '&>>', ';;', ';&', '&&', '||', '|&', '&>', '>>', '>&', '<&', '<>', '>|', '<<', '|', '&', ';', '(', ')', '<', '>'];
const REDIRECTS = new Set(['<', '>', '>>', '>|', '<>', '>&', '<&', '&>', '&>>', '<<', '<<-', '<<<']);
const METACHARS = new Set([' ', '\t', '\n', '|', '&', ';', '(', ')', '<', '>']);
const SPECIAL_PARAMS = '?$#@*!-0123456789';
const PARAM_OPS: readonly ParamOp[] = [':-', ':=', ':+', ':?', '-', '=', '+', '?', '##', '#', '%%', '%'];
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;
/** Digits right before `<` or `>` name the file descriptor (`2>`). */
const IO_NUMBER = /[0-9]+(?=[<>])/y;

interface PendingHeredoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  readonly expand: boolean;
  readonly line: number;
  readonly redirect: { body: Word };
}

class Parser {
  private readonly src: string;
  /** Constructs open around this point, counting those of the parsers this one is nested in. */
  private depth: number;
  private pos = 0;
  private peeked: Token | undefined;
  /** bash ends every input with a newline; this remembers whether that implicit one was handed out. */
  private finalNewlineGiven = false;
  private heredocs: PendingHeredoc[] = [];
  private warnings: string[] = [];
  /** A trailing `\` or an unterminated here-document: complete for bash, but a terminal would wait for more. */
  openAtEnd = false;

  constructor(src: string, depth = 0) {
    this.src = src;
    this.depth = depth;
  }

  /** Reads one nested construct, within MAX_NESTING. */
  private enter<T>(read: () => T): T {
    if (this.depth >= MAX_NESTING) throw tooDeep(this.pos);
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  script(): Script {
    const items: ScriptItem[] = [];
    for (;;) {
      try {
        this.skipNewlines();
        const first = this.peek();
        if (first.kind === 'eof') break;
        this.warnings = [];
        const list = this.list();
        const end = this.next();
        if (end.kind !== 'newline' && end.kind !== 'eof') throw unexpected(end);
        const line: CommandLine = { type: 'line', list, text: this.src.slice(first.start, end.start), warnings: this.warnings };
        items.push(line);
      } catch (error) {
        if (!(error instanceof Failure)) throw error;
        items.push({ type: 'error', message: error.message, incomplete: error.incomplete });
        if (!this.recover(error)) break;
      }
    }
    return { type: 'script', items };
  }

  /** Interactive bash drops the rest of the line holding the error and reads on from the next one. */
  private recover(failure: Failure): boolean {
    if (failure.incomplete) return false;
    const newline = this.src[failure.pos] === '\n' ? failure.pos : this.src.indexOf('\n', failure.pos);
    if (newline < 0) return false;
    this.pos = newline + 1;
    this.peeked = undefined;
    this.heredocs = [];
    this.finalNewlineGiven = false;
    return true;
  }

  // ── grammar ────────────────────────────────────────────────────────────────

  /** `and-or ((; | &) and-or)*` up to a newline (top level). */
  private list(): List {
    const items: AndOr[] = [];
    for (;;) {
      const andOr = this.andOr();
      const t = this.peek();
      if (t.kind === 'op' && (t.op === ';' || t.op === '&')) {
        this.next();
        items.push(t.op === '&' ? { ...andOr, background: true } : andOr);
        const after = this.peek();
        if (after.kind === 'newline' || after.kind === 'eof') break;
        continue;
      }
      items.push(andOr);
      break;
    }
    return { type: 'list', items };
  }

  /** Inside `( … )` and `$( … )`, where newlines separate commands like `;`. */
  private compoundList(): List {
    const items: AndOr[] = [];
    this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || (t.kind === 'op' && t.op === ')')) break;
      const andOr = this.andOr();
      const sep = this.peek();
      if (sep.kind === 'op' && (sep.op === ';' || sep.op === '&')) {
        this.next();
        items.push(sep.op === '&' ? { ...andOr, background: true } : andOr);
        this.skipNewlines();
      } else if (sep.kind === 'newline') {
        items.push(andOr);
        this.skipNewlines();
      } else {
        items.push(andOr);
        break;
      }
    }
    return { type: 'list', items };
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: { op: '&&' | '||'; pipeline: Pipeline }[] = [];
    for (let t = this.peek(); t.kind === 'op' && (t.op === '&&' || t.op === '||'); t = this.peek()) {
      this.next();
      this.skipNewlines();
      rest.push({ op: t.op, pipeline: this.pipeline() });
    }
    return { type: 'and-or', first, rest, background: false };
  }

  private pipeline(): Pipeline {
    let negated = false;
    for (let bang = this.peek(); isBang(bang); bang = this.peek()) {
      this.next();
      negated = !negated;
      // `!` alone is a (negated) empty pipeline in bash: status 1, no error.
      const t = this.peek();
      if (t.kind === 'newline' || t.kind === 'eof') return { type: 'pipeline', negated, commands: [] };
    }
    const commands: Command[] = [this.command()];
    for (let t = this.peek(); t.kind === 'op' && (t.op === '|' || t.op === '|&'); t = this.peek()) {
      this.next();
      if (t.op === '|&') {
        // `a |& b` is shorthand for `a 2>&1 | b`.
        const last = commands.pop()!;
        const dup: Redirect = { type: 'dup', fd: 2, op: '>&', target: { text: '1', parts: [{ type: 'text', value: '1', quoted: false }] } };
        commands.push({ ...last, redirects: [...last.redirects, dup] });
      }
      this.skipNewlines();
      commands.push(this.command());
    }
    return { type: 'pipeline', negated, commands };
  }

  private command(): Command {
    const t = this.peek();
    if (t.kind === 'op' && t.op === '(') {
      this.next();
      const body = this.enter(() => this.compoundList());
      const close = this.next();
      if (body.items.length === 0 || close.kind !== 'op' || close.op !== ')') throw unexpected(close);
      const redirects: Redirect[] = [];
      for (let r = this.peek(); r.kind === 'op' && REDIRECTS.has(r.op); r = this.peek()) redirects.push(this.redirect());
      const after = this.peek();
      if (after.kind === 'word' || (after.kind === 'op' && after.op === '(')) throw unexpected(after);
      return { type: 'subshell', body, redirects };
    }
    // `!` is reserved only at the start of a pipeline: `a | ! b` is an error.
    if (isBang(t)) throw unexpected(t);
    if (t.kind === 'word' && COMPOUND_WORDS.has(t.word.text)) throw unsupported(t.word.text, t.start);
    if (t.kind === 'word' || (t.kind === 'op' && REDIRECTS.has(t.op))) return this.simpleCommand();
    throw unexpected(t);
  }

  private simpleCommand(): SimpleCommand {
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'word') {
        this.next();
        const assignment = words.length === 0 ? asAssignment(t.word) : undefined;
        if (assignment) assignments.push(assignment);
        else words.push(t.word);
      } else if (t.kind === 'op' && REDIRECTS.has(t.op)) {
        redirects.push(this.redirect());
      } else if (t.kind === 'op' && t.op === '(') {
        this.next();
        const definition = words.length === 1 && assignments.length === 0 && redirects.length === 0;
        throw definition ? this.functionDefinition() : unexpected(t);
      } else {
        return { type: 'simple', assignments, words, redirects };
      }
    }
  }

  /**
   * `name ( ) body` defines a function in bash; this shell has none, so it reports the error bash
   * would give for the malformed forms and, for a well-formed one, the body's first token.
   */
  private functionDefinition(): Failure {
    const close = this.next();
    if (close.kind !== 'op' || close.op !== ')') return unexpected(close);
    this.skipNewlines();
    const body = this.next();
    // bash would define a function here; a body that is not a compound command is bash's syntax error.
    if ((body.kind === 'word' && body.word.text === '{') || (body.kind === 'op' && body.op === '(')) return unsupported('functions', body.start);
    return unexpected(body);
  }

  private redirect(): Redirect {
    const t = this.next();
    if (t.kind !== 'op') throw unexpected(t);
    const target = this.next();
    if (target.kind !== 'word') throw unexpected(target);
    const input = t.op.startsWith('<');
    const fd = t.fd ?? (input ? 0 : 1);
    const word = target.word;
    switch (t.op) {
      case '&>':
      case '&>>':
        return { type: 'both', append: t.op === '&>>', target: word };
      case '>&':
      case '<&':
        return { type: 'dup', fd, op: t.op, target: word };
      case '<<<':
        return { type: 'herestring', fd, target: word };
      case '<<':
      case '<<-': {
        const quoted = /['"\\]/.test(word.text);
        // The body comes after the next newline; readHeredocBodies fills it in then.
        const redirect = { type: 'heredoc' as const, fd, body: { text: '', parts: [] } as Word };
        this.heredocs.push({
          delimiter: quoted ? word.text.replace(/['"\\]/g, '') : word.text,
          stripTabs: t.op === '<<-',
          expand: !quoted,
          line: lineOf(this.src, t.start),
          redirect,
        });
        return redirect;
      }
      default:
        return { type: 'file', fd, op: t.op as '>' | '>>' | '>|' | '<' | '<>', target: word };
    }
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  // ── tokens ─────────────────────────────────────────────────────────────────

  private peek(): Token {
    this.peeked ??= this.lex();
    return this.peeked;
  }

  private next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  /** The current character, after dropping any `\`-newline line continuations. */
  private cur(): string | undefined {
    while (this.src.charCodeAt(this.pos) === 92 && this.src.charCodeAt(this.pos + 1) === 10) this.pos += 2;
    return this.src[this.pos];
  }

  private lex(): Token {
    let c = this.cur();
    while (c === ' ' || c === '\t') {
      this.pos++;
      c = this.cur();
    }
    const start = this.pos;
    if (c === undefined) {
      if (this.finalNewlineGiven) return { kind: 'eof', start };
      this.finalNewlineGiven = true;
      this.readHeredocBodies();
      return { kind: 'newline', start };
    }
    if (c === '#') {
      const end = this.src.indexOf('\n', this.pos);
      this.pos = end < 0 ? this.src.length : end;
      return this.lex();
    }
    if (c === '\n') {
      this.pos++;
      this.readHeredocBodies();
      return { kind: 'newline', start };
    }
    IO_NUMBER.lastIndex = this.pos;
    const digits = IO_NUMBER.exec(this.src)?.[0];
    if (digits !== undefined) this.pos += digits.length;
    const op = OPERATORS.find((o) => this.src.startsWith(o, this.pos));
    if (op !== undefined) {
      this.pos += op.length;
      return { kind: 'op', op, fd: digits === undefined ? undefined : Number(digits), start };
    }
    return { kind: 'word', word: this.word(), start };
  }

  private word(): Word {
    const start = this.pos;
    const parts: WordPart[] = [];
    for (let c = this.cur(); c !== undefined && !METACHARS.has(c); c = this.cur()) this.unquotedPart(parts, c);
    return { text: this.src.slice(start, this.pos).replaceAll('\\\n', ''), parts };
  }

  /** One piece of an unquoted word (or of an unquoted `${x:-…}` operand). */
  private unquotedPart(parts: WordPart[], c: string): void {
    switch (c) {
      case "'": {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw eofWhileMatching("'", this.src.length);
        pushText(parts, this.src.slice(this.pos + 1, end), true);
        this.pos = end + 1;
        return;
      }
      case '"':
        this.pos++;
        this.doubleQuoted(parts);
        return;
      case '\\': {
        const escaped = this.src[this.pos + 1];
        if (escaped === undefined) {
          this.openAtEnd = true;
          pushText(parts, '\\', false);
          this.pos++;
        } else {
          pushText(parts, escaped, true);
          this.pos += 2;
        }
        return;
      }
      case '$':
        this.dollar(parts, false);
        return;
      case '`':
        this.backtick(parts, false);
        return;
      default:
        pushText(parts, c, false);
        this.pos++;
    }
  }

  /** After an opening `"`: up to and past the closing one. */
  private doubleQuoted(parts: WordPart[]): void {
    pushText(parts, '', true); // `""` is still an (empty) argument
    for (let c = this.cur(); ; c = this.cur()) {
      if (c === undefined) throw eofWhileMatching('"', this.src.length);
      if (c === '"') {
        this.pos++;
        return;
      }
      this.doubleQuotedChar(parts, c);
    }
  }

  /** A character inside double quotes or a here-document body: only `$`, backquote and `\` are special. */
  private doubleQuotedChar(parts: WordPart[], c: string, escapable = '$`"\\'): void {
    if (c === '\\') {
      const escaped = this.src[this.pos + 1];
      if (escaped !== undefined && escapable.includes(escaped)) {
        pushText(parts, escaped, true);
        this.pos += 2;
      } else {
        pushText(parts, '\\', true);
        this.pos++;
      }
    } else if (c === '$') {
      this.dollar(parts, true);
    } else if (c === '`') {
      this.backtick(parts, true);
    } else {
      pushText(parts, c, true);
      this.pos++;
    }
  }

  private dollar(parts: WordPart[], quoted: boolean): void {
    const start = this.pos;
    this.pos++;
    const c = this.cur();
    if (c === '(') {
      if (this.src[this.pos + 1] === '(' && this.arithmetic(parts, quoted)) return;
      this.commandSubstitution(parts, quoted);
    } else if (c === '{') {
      this.braceParam(parts, quoted, start);
    } else if (!quoted && c === "'") {
      this.ansiC(parts);
    } else if (!quoted && c === '"') {
      this.pos++;
      this.doubleQuoted(parts); // $"…" (locale translation) is plain "…" here
    } else if (c !== undefined && NAME_START.test(c)) {
      // cur() again for each character: a `\`-newline inside a name joins it (`$X\<newline>a` is $Xa).
      let name = '';
      for (let n = this.cur(); n !== undefined && NAME_CHAR.test(n); n = this.cur()) {
        name += n;
        this.pos++;
      }
      parts.push({ type: 'param', name, quoted });
    } else if (c !== undefined && SPECIAL_PARAMS.includes(c)) {
      parts.push({ type: 'param', name: c, quoted });
      this.pos++;
    } else {
      pushText(parts, '$', quoted);
    }
  }

  private commandSubstitution(parts: WordPart[], quoted: boolean): void {
    this.pos++; // past `(`
    this.peeked = undefined;
    try {
      const body = this.enter(() => this.compoundList());
      const close = this.next();
      if (close.kind === 'eof') throw eofWhileMatching(')', close.start);
      if (close.kind !== 'op' || close.op !== ')') throw unexpected(close);
      parts.push({ type: 'command', body, quoted });
    } catch (error) {
      // Running out of input anywhere inside `$(` is reported as the open parenthesis, as bash 5.2 does.
      if (error instanceof Failure && error.message === END_OF_FILE) throw eofWhileMatching(')', error.pos);
      throw error;
    }
  }

  /** `$((expr))`; returns false when the parentheses do not close as `))` (then it is `$( (…) )`). */
  private arithmetic(parts: WordPart[], quoted: boolean): boolean {
    let depth = 0;
    for (let i = this.pos + 2; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '"' || c === "'") i = this.closingQuote(i);
      else if (c === '(') depth++;
      else if (c === ')') {
        if (depth > 0) depth--;
        else if (this.src[i + 1] === ')') {
          const text = this.src.slice(this.pos + 2, i);
          parts.push({ type: 'arith', expr: this.nested(text, (p) => p.hereBody(true)), quoted });
          this.pos = i + 2;
          return true;
        } else return false;
      }
    }
    throw eofWhileMatching(')', this.src.length);
  }

  private braceParam(parts: WordPart[], quoted: boolean, start: number): void {
    this.pos++; // past `{`
    const length = this.src[this.pos] === '#' && this.src[this.pos + 1] !== '}';
    if (length) this.pos++;
    const name = this.paramName();
    if (name !== undefined && this.src[this.pos] === '}') {
      this.pos++;
      parts.push(length ? { type: 'param', name, quoted, op: 'length' } : { type: 'param', name, quoted });
      return;
    }
    const op = length || name === undefined ? undefined : PARAM_OPS.find((o) => this.src.startsWith(o, this.pos));
    if (op === undefined) {
      this.skipToBrace();
      parts.push({ type: 'bad', text: this.src.slice(start, this.pos), quoted });
      return;
    }
    this.pos += op.length;
    const operandStart = this.pos;
    const operandParts: WordPart[] = [];
    // A # ## % %% operand is a pattern even inside "…": bash matches its * ? [ ] unless they are quoted within.
    const pattern = op === '#' || op === '##' || op === '%' || op === '%%';
    this.enter(() => {
      for (let c = this.cur(); c !== '}'; c = this.cur()) {
        if (c === undefined) throw eofWhileMatching('}', this.src.length);
        if (!quoted || pattern) this.unquotedPart(operandParts, c);
        else if (c === '"') {
          this.pos++;
          this.doubleQuoted(operandParts);
        } else this.doubleQuotedChar(operandParts, c, '$`"\\}');
      }
    });
    const operand: Word = { text: this.src.slice(operandStart, this.pos), parts: operandParts };
    this.pos++;
    parts.push({ type: 'param', name: name!, quoted, op, operand });
  }

  private paramName(): string | undefined {
    const c = this.src[this.pos];
    if (c === undefined) return undefined;
    let end = this.pos + 1;
    if (NAME_START.test(c)) while (end < this.src.length && NAME_CHAR.test(this.src[end]!)) end++;
    else if (/[0-9]/.test(c)) while (end < this.src.length && /[0-9]/.test(this.src[end]!)) end++;
    else if (!SPECIAL_PARAMS.includes(c)) return undefined;
    const name = this.src.slice(this.pos, end);
    this.pos = end;
    return name;
  }

  private skipToBrace(): void {
    let depth = 0;
    for (; this.pos < this.src.length; this.pos++) {
      const c = this.src[this.pos];
      if (c === '"' || c === "'") this.pos = this.closingQuote(this.pos);
      else if (c === '{') depth++;
      else if (c === '}' && depth-- === 0) {
        this.pos++;
        return;
      }
    }
    throw eofWhileMatching('}', this.src.length);
  }

  /** Index of the quote closing the one at `open` (a `\` escapes inside "…"), for the raw scans above. */
  private closingQuote(open: number): number {
    const quote = this.src[open]!;
    for (let i = open + 1; i < this.src.length; i++) {
      if (this.src[i] === quote) return i;
      if (quote === '"' && this.src[i] === '\\') i++;
    }
    throw eofWhileMatching(quote, this.src.length);
  }

  /** `$'…'`: ANSI-C quoting, escapes decoded here. */
  private ansiC(parts: WordPart[]): void {
    let i = this.pos + 1;
    let raw = '';
    for (;;) {
      const c = this.src[i];
      if (c === undefined) throw eofWhileMatching("'", this.src.length);
      if (c === "'") break;
      if (c === '\\' && i + 1 < this.src.length) {
        raw += c + this.src[i + 1];
        i += 2;
      } else {
        raw += c;
        i++;
      }
    }
    pushText(parts, decodeAnsiC(raw), true);
    this.pos = i + 1;
  }

  private backtick(parts: WordPart[], quoted: boolean): void {
    let inner = '';
    let i = this.pos + 1;
    for (;;) {
      const c = this.src[i];
      if (c === undefined) throw eofWhileMatching('`', this.src.length);
      if (c === '`') break;
      const escaped = this.src[i + 1];
      if (c === '\\' && escaped !== undefined && ('$`\\'.includes(escaped) || (quoted && escaped === '"'))) {
        inner += escaped;
        i += 2;
      } else {
        inner += c;
        i++;
      }
    }
    this.pos = i + 1;
    parts.push({ type: 'command', body: this.nested(inner, (p) => p.wholeList()), quoted });
  }

  /** Parses text cut out of this input (backquotes, `$((…))`, here-document bodies) with a parser of its own. */
  private nested<T>(text: string, read: (parser: Parser) => T): T {
    if (this.depth >= MAX_NESTING) throw tooDeep(this.pos);
    try {
      return read(new Parser(text, this.depth + 1));
    } catch (error) {
      // The enclosing quotes are closed, so more input would not help: the error is final, and here.
      if (error instanceof Failure) throw new Failure(error.message, false, this.pos);
      throw error;
    }
  }

  private wholeList(): List {
    const list = this.compoundList();
    const end = this.next();
    if (end.kind !== 'eof') throw unexpected(end);
    return list;
  }

  /**
   * A here-document body, or the text of `$((…))`: like double quotes, except that `"` is an
   * ordinary character in a here-document and is removed in arithmetic.
   */
  private hereBody(arithmetic = false): Word {
    const parts: WordPart[] = [];
    pushText(parts, '', true);
    for (let c = this.cur(); c !== undefined; c = this.cur()) {
      if (arithmetic && c === '"') this.pos++;
      else this.doubleQuotedChar(parts, c, '$`\\');
    }
    return { text: this.src, parts };
  }

  private readHeredocBodies(): void {
    for (const doc of this.heredocs) {
      let body = '';
      for (;;) {
        if (this.pos >= this.src.length) {
          this.openAtEnd = true;
          this.warnings.push(
            `bash: warning: here-document at line ${doc.line} delimited by end-of-file (wanted \`${doc.delimiter}')`,
          );
          break;
        }
        const newline = this.src.indexOf('\n', this.pos);
        const end = newline < 0 ? this.src.length : newline;
        let line = this.src.slice(this.pos, end);
        if (doc.stripTabs) line = line.replace(/^\t+/, '');
        this.pos = newline < 0 ? end : end + 1;
        if (line === doc.delimiter) break;
        body += `${line}\n`;
      }
      doc.redirect.body = doc.expand
        ? this.nested(body, (p) => p.hereBody())
        : { text: body, parts: [{ type: 'text', value: body, quoted: true }] };
    }
    this.heredocs = [];
  }
}

const END_OF_FILE = 'bash: syntax error: unexpected end of file';

function unexpected(t: Token): Failure {
  if (t.kind === 'eof') return new Failure(END_OF_FILE, true, t.start);
  const text = t.kind === 'newline' ? 'newline' : t.kind === 'op' ? t.op : t.word.text;
  return new Failure(`bash: syntax error near unexpected token \`${text}'`, false, t.start);
}

function eofWhileMatching(close: string, pos: number): Failure {
  return new Failure(`bash: unexpected EOF while looking for matching \`${close}'`, true, pos);
}

function isBang(t: Token): boolean {
  return t.kind === 'word' && t.word.text === '!';
}

function pushText(parts: WordPart[], value: string, quoted: boolean): void {
  const last = parts.at(-1);
  if (last?.type === 'text' && last.quoted === quoted) parts[parts.length - 1] = { ...last, value: last.value + value };
  else parts.push({ type: 'text', value, quoted });
}

/** `NAME=value` (unquoted name) as an assignment; `export` arguments use it too. */
export function asAssignment(word: Word): Assignment | undefined {
  const first = word.parts[0];
  if (first?.type !== 'text' || first.quoted) return undefined;
  const m = ASSIGNMENT.exec(first.value);
  if (!m) return undefined;
  const rest = first.value.slice(m[0].length);
  const parts = rest === '' ? word.parts.slice(1) : [{ ...first, value: rest }, ...word.parts.slice(1)];
  const valueText = word.text.slice(word.text.indexOf('=') + 1);
  return { name: m[1]!, append: m[2] === '+', value: { text: valueText, parts } };
}

function lineOf(src: string, pos: number): number {
  let line = 1;
  for (let i = src.indexOf('\n'); i >= 0 && i < pos; i = src.indexOf('\n', i + 1)) line++;
  return line;
}

const utf8 = new TextDecoder();

/** Decodes the escapes of `$'…'` (\n, \t, \xHH, \uHHHH, \NNN, \cX…). */
function decodeAnsiC(raw: string): string {
  return utf8.decode(decodeEscapes(raw, 'ansi-c').bytes);
}
