/** Lays out the shell tools' help pages like KMS Lab's `aws help` pages: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXAMPLES. */
import type { CommandContext } from '../types.ts';
import type { ShellHelpName } from './help-pages.ts';

/** One documented option (or sub-command): how it is written, and what it does here. */
export type HelpEntry = readonly [spelling: string, meaning: string];

/** Why a learner would try it, and the command line (a newline between commands that go together). */
export type HelpExample = readonly [purpose: string, command: string];

export interface HelpPage {
  name: string;
  /** A few words after the name on the NAME line. */
  summary: string;
  /** Each way to call the command, one per line. */
  synopsis: readonly string[];
  /** Paragraphs; they are wrapped to fit the terminal. */
  description: readonly string[];
  options?: readonly HelpEntry[];
  /** Sub-commands, for commands that have them instead of options. */
  commands?: readonly HelpEntry[];
  examples: readonly HelpExample[];
}

export const HELP_OPTION: HelpEntry = ['--help', 'Shows this page and does nothing else.'];

/** The two options every file tool answers before anything else. */
export const INFO_OPTIONS: readonly HelpEntry[] = [HELP_OPTION, ['--version', 'Prints one line naming the tool this command imitates.']];

/** Pages fit an 80-column terminal, as the aws pages do. */
const WIDTH = 80;
const TEXT = ' '.repeat(7);
const DETAIL = ' '.repeat(10);

/** Greedy word wrap; a word longer than the line keeps its own line. */
function fill(paragraph: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function entries(title: string, list: readonly HelpEntry[] | undefined): string[] {
  if (!list?.length) return [];
  return [title, ...list.flatMap(([spelling, meaning]) => [TEXT + spelling, ...fill(meaning, DETAIL)]), ''];
}

export function renderHelp(page: HelpPage): string {
  const paragraphs = (list: readonly string[]): string[] => list.flatMap((p, i) => [...(i ? [''] : []), ...fill(p, TEXT)]);
  const lines = [
    'NAME',
    `${TEXT}${page.name} - ${page.summary}`,
    '',
    'SYNOPSIS',
    ...page.synopsis.map((s) => DETAIL + s),
    '',
    'DESCRIPTION',
    ...paragraphs(page.description),
    '',
    ...entries('OPTIONS', page.options),
    ...entries('COMMANDS', page.commands),
    ...(page.examples.length ? [page.examples.length > 1 ? 'EXAMPLES' : 'EXAMPLE'] : []),
    ...page.examples.flatMap(([purpose, command], i) => [...(i ? [''] : []), ...fill(purpose, TEXT), ...command.split('\n').map((c) => DETAIL + c)]),
  ];
  // Without examples the page ends with the blank line after its last section.
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** A shell tool's help page, whose text (help-pages.ts) is fetched the first time a learner asks for one. */
export interface LazyHelp {
  readonly command: string;
  text(): Promise<string>;
}

export function lazyHelp(command: ShellHelpName): LazyHelp {
  return { command, text: async () => renderHelp((await import('./help-pages.ts')).HELP_PAGES[command]) };
}

/** Prints the page and returns `status`; if it cannot be fetched (offline) says so and returns 1. */
export async function printHelp(ctx: Pick<CommandContext, 'stdout' | 'stderr'>, help: LazyHelp, status = 0): Promise<number> {
  let text: string;
  try {
    text = await help.text();
  } catch (error) {
    ctx.stderr(`${help.command}: KMS Lab could not download this help page (${(error as Error)?.message ?? String(error)}). Check the connection and try again.\n`);
    return 1;
  }
  ctx.stdout(text);
  return status;
}
