/**
 * The syntax tree of the bash subset KMS Lab's shell understands.
 * parse.ts builds it; run.ts and expand.ts walk it.
 */

/** A whole input: one item per complete command (a line, or several lines joined by quotes, `\`, `|`…). */
export interface Script {
  readonly type: 'script';
  readonly items: readonly ScriptItem[];
}

export type ScriptItem = CommandLine | SyntaxErrorItem;

/** One complete command, ready to run. */
export interface CommandLine {
  readonly type: 'line';
  readonly list: List;
  /** Its source text, as typed. */
  readonly text: string;
  /** Warnings bash prints but then runs anyway (a here-document cut short by the end of input). */
  readonly warnings: readonly string[];
}

/** A command bash would refuse; `message` is the full line bash prints, without the newline. */
export interface SyntaxErrorItem {
  readonly type: 'error';
  readonly message: string;
  /** True when more input could still complete it (open quote, trailing `|`, unclosed `$(`…). */
  readonly incomplete: boolean;
}

/** `a; b & c` — and-or lists run one after the other. */
export interface List {
  readonly type: 'list';
  readonly items: readonly AndOr[];
}

/** `a && b || c` */
export interface AndOr {
  readonly type: 'and-or';
  readonly first: Pipeline;
  readonly rest: readonly { readonly op: '&&' | '||'; readonly pipeline: Pipeline }[];
  /** Ended by `&`: bash would run it in the background; this shell has no jobs and runs it in order. */
  readonly background: boolean;
}

/** `! a | b |& c` (`|&` becomes a `2>&1` on the command before it). */
export interface Pipeline {
  readonly type: 'pipeline';
  readonly negated: boolean;
  readonly commands: readonly Command[];
}

export type Command = SimpleCommand | Subshell;

/** `A=1 B=2 cmd arg > file` */
export interface SimpleCommand {
  readonly type: 'simple';
  readonly assignments: readonly Assignment[];
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
}

/** `( list ) > file` — runs with a copy of the variables and working directory. */
export interface Subshell {
  readonly type: 'subshell';
  readonly body: List;
  readonly redirects: readonly Redirect[];
}

/** `NAME=value` or `NAME+=value` */
export interface Assignment {
  readonly name: string;
  readonly value: Word;
  readonly append: boolean;
}

export type Redirect =
  /** `n> file`, `n>> file`, `n>| file`, `n< file`, `n<> file` */
  | { readonly type: 'file'; readonly fd: number; readonly op: '>' | '>>' | '>|' | '<' | '<>'; readonly target: Word }
  /** `n>&m`, `n<&m`, `n>&-`; `>& file` (no number) sends stdout and stderr to a file, as bash does */
  | { readonly type: 'dup'; readonly fd: number; readonly op: '>&' | '<&'; readonly target: Word }
  /** `&> file`, `&>> file` */
  | { readonly type: 'both'; readonly append: boolean; readonly target: Word }
  /** `<<EOF` … `EOF`; a quoted delimiter (`<<'EOF'`) makes the whole body one quoted text part */
  | { readonly type: 'heredoc'; readonly fd: number; readonly body: Word }
  /** `<<< word` */
  | { readonly type: 'herestring'; readonly fd: number; readonly target: Word };

/** A word as typed (`text`) and its pieces, each remembering whether it was quoted. */
export interface Word {
  readonly text: string;
  readonly parts: readonly WordPart[];
}

export type ParamOp = '-' | ':-' | '=' | ':=' | '+' | ':+' | '?' | ':?' | '#' | '##' | '%' | '%%';

export type WordPart =
  /** Literal characters; quoted ones are neither split nor globbed. */
  | { readonly type: 'text'; readonly value: string; readonly quoted: boolean }
  /** `$NAME`, `${NAME}`, `$?`, `${#NAME}` (op 'length'), `${NAME:-word}` … */
  | {
      readonly type: 'param';
      readonly name: string;
      readonly quoted: boolean;
      readonly op?: ParamOp | 'length';
      readonly operand?: Word;
    }
  /** `$(list)` or `` `list` `` */
  | { readonly type: 'command'; readonly body: List; readonly quoted: boolean }
  /** `$((expression))`; the expression is expanded first, like a double-quoted word */
  | { readonly type: 'arith'; readonly expr: Word; readonly quoted: boolean }
  /** `${a b}` and other forms bash rejects when it expands them (`bad substitution`) */
  | { readonly type: 'bad'; readonly text: string; readonly quoted: boolean };
