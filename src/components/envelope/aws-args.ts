/**
 * Reading an `aws kms …` command line: which operation it calls and the options that say where
 * its data comes from (fileb://…) and which parts of the answer it keeps (--query).
 */
import type { LineCommand } from './line-analysis.ts';

/** `aws [global options] kms generate-data-key …` → "GenerateDataKey" (the trace's operation name). */
export function awsOperation(command: LineCommand): string | undefined {
  if (command.name !== 'aws') return undefined;
  const at = command.args.indexOf('kms');
  const sub = at < 0 ? undefined : command.args.slice(at + 1).find((a) => !a.startsWith('-'));
  if (sub === undefined || !/^[a-z][a-z-]*$/.test(sub)) return undefined;
  return sub
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** The value of `--name value` or `--name=value` (the last one given, as the CLI takes it). */
export function option(command: LineCommand, name: string): string | undefined {
  let value: string | undefined;
  command.args.forEach((arg, i) => {
    if (arg === name) value = command.args[i + 1];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  });
  return value;
}

export function hasFlag(command: LineCommand, name: string): boolean {
  return command.args.includes(name);
}

/** `fileb://datakey.enc` → `datakey.enc`; anything else is not a file. */
export function fileArgument(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^fileb?:\/\/(.+)$/.exec(value);
  return m ? m[1] : undefined;
}

export type AnswerPart = 'Plaintext' | 'CiphertextBlob';

/**
 * Which of the answer's secret-bearing members reach the output, in the order printed. Without
 * --query the whole answer is printed; `--query Plaintext` keeps one; `[Plaintext,CiphertextBlob]` both.
 */
export function keptParts(command: LineCommand | undefined): AnswerPart[] {
  const query = command === undefined ? undefined : option(command, '--query');
  if (query === undefined) return ['Plaintext', 'CiphertextBlob'];
  return [...query.matchAll(/\b(Plaintext|CiphertextBlob)\b/g)].map((m) => m[1] as AnswerPart);
}
