/** Drawing the table format: sections of cells (built by output-table.ts) laid out to one width and framed with +|- as the CLI draws them. */
import { displayWidth } from './output-width.ts';

/**
 * One titled block of the table. `depth` is how many frames enclose it (each
 * adds a `|` on both sides). A section with no rows is its title over a rule;
 * rows without cells leave the title alone.
 */
export interface Section {
  title: string;
  depth: number;
  /** Column names, drawn centred above the rows; null for key/value rows and plain rows. */
  header: string[] | null;
  rows: string[][];
  /** Display width of the widest text each column has held. */
  widths: number[];
}

// Room a cell wants beyond its text: two spaces before it, two after it.
const CELL_PADDING = 4;

function columnCount(section: Section): number {
  return section.rows[0]?.length ?? 0;
}

/** The widths each column asks for: its widest cell plus the padding. */
function wantedWidths(section: Section): number[] {
  return section.widths.slice(0, columnCount(section)).map((w) => w + CELL_PADDING);
}

/** The table width a section needs: its title or its columns, inside its frames. */
function neededWidth(section: Section): number {
  const frames = 2 + 2 * section.depth;
  const title = displayWidth(section.title) + frames;
  if (section.rows.length === 0 || columnCount(section) === 0) return title;
  return Math.max(title, wantedWidths(section).reduce((a, b) => a + b, 0) + frames);
}

/** Python's round() of a float: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const whole = Math.floor(x);
  const fraction = x - whole;
  if (fraction !== 0.5) return fraction < 0.5 ? whole : whole + 1;
  return whole % 2 === 0 ? whole : whole + 1;
}

/**
 * Shares `total` columns out in proportion to what each column wants, each
 * share rounded; a surplus from rounding is taken back one column at a time
 * from the left, a shortfall made up one at a time from the right. Each
 * share counts the border on the cell's right, and the first one the border
 * on its left too.
 */
function shareOut(total: number, wanted: number[]): number[] {
  // As a float scale, like the CLI: a share that is a half on paper can round either way.
  const scale = total / wanted.reduce((a, b) => a + b, 0);
  const shares = wanted.map((w) => roundHalfEven(w * scale));
  let over = shares.reduce((a, b) => a + b, 0) - total;
  for (let i = 0; over > 0; i = (i + 1) % shares.length, over--) shares[i]!--;
  for (let i = shares.length - 1; over < 0; i = (i + shares.length - 1) % shares.length, over++) shares[i]!++;
  return shares;
}

/**
 * Where the text of a centred cell starts: its middle character sits on the
 * cell's middle column. For an even width the left of the two middle columns
 * counts, except in a cell that begins at the frame (the first column, a
 * title), where it is the right one.
 */
function centred(text: string, width: number, atFrame: boolean): string {
  const length = displayWidth(text);
  const middle = atFrame ? Math.floor(width / 2) : Math.floor((width - 1) / 2);
  const left = Math.max(0, middle - Math.floor(length / 2));
  return ' '.repeat(left) + text + ' '.repeat(Math.max(0, width - left - length));
}

/** A data cell: text two spaces in, or flush left when the column is too narrow for that. */
function leftAligned(text: string, width: number): string {
  const length = displayWidth(text);
  const indent = length + 2 <= width ? '  ' : '';
  return indent + text + ' '.repeat(Math.max(0, width - indent.length - length));
}

/** Key/value rows in place of a one-row table: how a wide table shows a single record. */
function turnedOnItsSide(section: Section): Section {
  const [row] = section.rows;
  if (section.header === null || section.header.length === 0 || row === undefined || section.rows.length !== 1) return section;
  const rows = section.header.map((name, i) => [name, row[i]!]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((pair) => displayWidth(pair[i]!))));
  return { ...section, header: null, rows, widths };
}

/**
 * The whole table, one line per row, each ending in a newline. A record shown
 * as a one-row table turns into key/value rows when the table would be wider
 * than the terminal (`terminalWidth`); nothing else is shrunk or wrapped.
 */
export function drawTable(sections: Section[], terminalWidth: number): string {
  let laidOut = sections;
  if (Math.max(...laidOut.map(neededWidth)) > terminalWidth) laidOut = laidOut.map(turnedOnItsSide);
  const width = Math.max(...laidOut.map(neededWidth));

  const lines = ['-'.repeat(width)];
  for (const section of laidOut) {
    const frame = '|'.repeat(section.depth);
    const inner = width - 2 * section.depth;
    const line = (body: string) => lines.push(frame + body + frame);
    // An empty title (a '' key) draws nothing, not even the rule under it.
    if (section.title !== '') {
      line(`|${centred(section.title, inner - 2, true)}|`);
      if (section.rows.length === 0) line(`+${'-'.repeat(inner - 2)}+`);
    }
    if (section.rows.length === 0 || columnCount(section) === 0) continue;
    const cellWidths = shareOut(inner, wantedWidths(section)).map((share, i) => share - (i === 0 ? 2 : 1));
    const rule = () => line(`+${cellWidths.map((w) => '-'.repeat(w)).join('+')}+`);
    rule();
    if (section.header !== null) {
      line(`|${section.header.map((name, i) => centred(name, cellWidths[i]!, i === 0)).join('|')}|`);
      rule();
    }
    for (const row of section.rows) line(`|${row.map((cell, i) => leftAligned(cell, cellWidths[i]!)).join('|')}|`);
    rule();
  }
  return `${lines.join('\n')}\n`;
}
