/**
 * The shell tools' help pages: their shape, and how a tool answers --help. The text (help-pages.ts)
 * and its layout (help-render.ts) are fetched the first time a learner asks for a page.
 */
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

/** A shell tool's help page, whose text (help-pages.ts) is fetched the first time a learner asks for one. */
export interface LazyHelp {
  readonly command: string;
  text(): Promise<string>;
}

export function lazyHelp(command: ShellHelpName): LazyHelp {
  return {
    command,
    text: async () => {
      const [{ HELP_PAGES }, { renderHelp }] = await Promise.all([import('./help-pages.ts'), import('./help-render.ts')]);
      return renderHelp(HELP_PAGES[command]);
    },
  };
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
