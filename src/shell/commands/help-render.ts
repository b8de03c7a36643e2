/** Lays out the shell tools' help pages like KMS Lab's `aws help` pages: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXAMPLES. */
import type { HelpEntry, HelpPage } from './help-page.ts';

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
