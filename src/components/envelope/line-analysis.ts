/**
 * Reads a command line the way the shell will run it, without running anything: the shell's own
 * parser gives the structure, and this flattens it into the commands in execution order
 * (command substitutions before the command that uses them), each with where its output ends up.
 * Words keep their typed text for variables ($KEY stays "$KEY") unless the model knows the
 * variable's literal value: the diagram learns real paths from the file-system events instead.
 */
import type { List, Pipeline, Redirect, SimpleCommand, Word, WordPart } from '../../shell/ast.ts';
import { parse } from '../../shell/parse.ts';

/** Where a command's standard output ends up. */
export type Sink =
  | { kind: 'file'; path: string }
  | { kind: 'variable'; name: string }
  /** `$(…)` used inside another command's arguments (`--target-key-id $(aws kms create-key …)`). */
  | { kind: 'argument' }
  | { kind: 'screen' }
  | { kind: 'discard' };

/** A `$NAME` or `${NAME…}` a command reads; `op` tells `${DK%% *}` (first field) from `${DK##* }` (last). */
export interface ParamRef {
  name: string;
  op?: string;
}

export interface LineAssignment {
  name: string;
  /** The value when it is plain text (so later `$NAME` can be read as a path). */
  literal?: string;
  /** The value contains `$(…)`: its output is what the variable holds. */
  captures: boolean;
}

export interface LineCommand {
  /** Position in execution order. */
  index: number;
  /** The command name ('' for a line of bare assignments). */
  name: string;
  args: string[];
  /** Its own `> file` (or `&> file`) redirection. */
  stdoutFile?: string;
  stdinFile?: string;
  params: ParamRef[];
  assignments: LineAssignment[];
  pipeline: PipelineInfo;
  position: number;
}

interface PipelineInfo {
  members: LineCommand[];
  /** Where the last member's output goes when it has no redirection of its own. */
  outer: Sink;
}

/** Parses and flattens a line; anything the parser rejects gives no commands. */
export function analyzeLine(line: string, literals: ReadonlyMap<string, string> = new Map()): LineCommand[] {
  const out: LineCommand[] = [];
  for (const item of parse(line).items) {
    if (item.type === 'line') flattenList(item.list, { kind: 'screen' }, out, literals);
  }
  return out;
}

/** The output of `command` flows down its pipeline to the first member that redirects it. */
export function sinkOf(command: LineCommand): Sink {
  const { members, outer } = command.pipeline;
  for (let i = command.position; i < members.length; i++) {
    const file = members[i]!.stdoutFile;
    if (file !== undefined) return file === '/dev/null' ? { kind: 'discard' } : { kind: 'file', path: file };
  }
  return outer;
}

/** The pipeline member before this one (what feeds its standard input), if any. */
export function previousMember(command: LineCommand): LineCommand | undefined {
  return command.position > 0 ? command.pipeline.members[command.position - 1] : undefined;
}

function flattenList(list: List, outer: Sink, out: LineCommand[], literals: ReadonlyMap<string, string>): void {
  for (const andOr of list.items) {
    flattenPipeline(andOr.first, outer, out, literals);
    for (const { pipeline } of andOr.rest) flattenPipeline(pipeline, outer, out, literals);
  }
}

function flattenPipeline(pipeline: Pipeline, outer: Sink, out: LineCommand[], literals: ReadonlyMap<string, string>): void {
  const info: PipelineInfo = { members: [], outer };
  for (const command of pipeline.commands) {
    if (command.type === 'subshell') {
      // A subshell's own redirection catches the output of everything inside it.
      const file = stdoutTarget(command.redirects, literals);
      flattenList(command.body, file === undefined ? outer : { kind: 'file', path: file }, out, literals);
      continue;
    }
    const flat = flattenSimple(command, info, out, literals);
    info.members.push(flat);
    out.push(flat);
  }
}

function flattenSimple(command: SimpleCommand, pipeline: PipelineInfo, out: LineCommand[], literals: ReadonlyMap<string, string>): LineCommand {
  const assignments: LineAssignment[] = [];
  const params: ParamRef[] = [];
  for (const a of command.assignments) {
    const captures = substitutions(a.value, { kind: 'variable', name: a.name }, out, literals);
    const literal = a.value.parts.every((p) => p.type === 'text') ? staticText(a.value, literals) : undefined;
    assignments.push({ name: a.name, captures, ...(literal === undefined ? {} : { literal }) });
    collectParams(a.value, params);
  }
  const words = command.words;
  for (const word of words) {
    substitutions(word, { kind: 'argument' }, out, literals);
    collectParams(word, params);
  }
  for (const r of command.redirects) {
    if (r.type === 'file' || r.type === 'both' || r.type === 'dup' || r.type === 'herestring') {
      substitutions(r.target, { kind: 'argument' }, out, literals);
      collectParams(r.target, params);
    }
    if (r.type === 'heredoc') collectParams(r.body, params);
  }
  const argv = words.map((w) => staticText(w, literals));
  const stdoutFile = stdoutTarget(command.redirects, literals);
  const stdinFile = stdinTarget(command.redirects, literals);
  return {
    index: out.length,
    name: argv[0] ?? '',
    args: argv.slice(1),
    params,
    assignments,
    pipeline,
    position: pipeline.members.length,
    ...(stdoutFile === undefined ? {} : { stdoutFile }),
    ...(stdinFile === undefined ? {} : { stdinFile }),
  };
}

/** Flattens every `$(…)` in a word (they run first); true when there was one. */
function substitutions(word: Word, sink: Sink, out: LineCommand[], literals: ReadonlyMap<string, string>): boolean {
  let found = false;
  const visit = (parts: readonly WordPart[]) => {
    for (const part of parts) {
      if (part.type === 'command') {
        found = true;
        flattenList(part.body, sink, out, literals);
      } else if (part.type === 'param' && part.operand) visit(part.operand.parts);
      else if (part.type === 'arith') visit(part.expr.parts);
    }
  };
  visit(word.parts);
  return found;
}

function collectParams(word: Word, into: ParamRef[]): void {
  for (const part of word.parts) {
    if (part.type !== 'param') continue;
    into.push(part.op === undefined ? { name: part.name } : { name: part.name, op: part.op });
    if (part.operand) collectParams(part.operand, into);
  }
}

/** The word as text: quotes removed, known literal variables filled in, anything else as typed. */
export function staticText(word: Word, literals: ReadonlyMap<string, string>): string {
  return word.parts
    .map((p) => {
      if (p.type === 'text') return p.value;
      if (p.type === 'param') return p.op === undefined ? (literals.get(p.name) ?? `$${p.name}`) : `\${${p.name}}`;
      if (p.type === 'bad') return p.text;
      return p.type === 'command' ? '$(…)' : '$((…))';
    })
    .join('');
}

function stdoutTarget(redirects: readonly Redirect[], literals: ReadonlyMap<string, string>): string | undefined {
  let target: string | undefined;
  for (const r of redirects) {
    if (r.type === 'file' && r.fd === 1 && r.op !== '<' && r.op !== '<>') target = staticText(r.target, literals);
    else if (r.type === 'both') target = staticText(r.target, literals);
    else if (r.type === 'dup' && r.op === '>&' && r.fd === 1 && !/^([0-9]+|-)$/.test(r.target.text)) target = staticText(r.target, literals);
  }
  return target;
}

function stdinTarget(redirects: readonly Redirect[], literals: ReadonlyMap<string, string>): string | undefined {
  let target: string | undefined;
  for (const r of redirects) if (r.type === 'file' && r.fd === 0 && r.op === '<') target = staticText(r.target, literals);
  return target;
}
