/** `--output table`: a port of awscli/formatter.py TableFormatter and awscli/table.py, printed as to a pipe. */
import { type Dict, isScalar, type Json, OutputError } from './output-values.ts';
import { pyStr, pyTypeName } from './python/repr.ts';
import { isDict, pyTruthy, sortedPy } from './python/values.ts';

// ---------------------------------------------------------------------------
// table: awscli/formatter.py TableFormatter and awscli/table.py

// Ranges of code points whose unicodedata.east_asian_width() is W, F or A in
// Unicode 14.0 (Python 3.11, the CLI's interpreter): `gap.length` pairs in
// base 36, gap from the previous range's end. Checked against Python by
// test/cli/output.test.ts.
export const WIDE_RANGES =
  '4h.0,2.0,2.1,1.0,2.1,1.4,1.4,1.3,6.0,9.0,6.1,5.3,4.0,1.2,1.1,2.0,1.1,3.3,1.0,1.0,2.0,f.0,1.0,' +
  '7.0,a.1,3.0,5.2,4.0,6.3,1.0,3.3,1.0,4.1,i.1,3.0,2q.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,38.0,f.0,2q.0,' +
  '2.0,1.2,1.0,2.0,7.3,1.0,1.0,w.33,8.1,6.3,7.0,1.0,3.o,7.g,1.6,1j.0,e.1r,1.0,66.0,12.1,1e.1,3.0,' +
  '1j.7,r.3,6.a,7i.0,1o.1,2t.d,1n.1,1d.1,f.0,s.1,1.0,b.4,v.0,2.5,6k.0,8.1,2.1,m.0,7.0,1.2,4.1,9.1,' +
  '2.1,4.7,1.3,2.0,5.1,p.1,3.0,6.3,2.1,m.0,7.0,2.0,2.0,2.1,1.0,5.3,2.1,3.2,1.6,4.0,1.6,h.9,3.0,9.0,' +
  '3.0,m.0,7.0,2.0,5.1,a.0,3.0,3.1,1.e,4.1,c.6,7.0,3.0,8.1,2.1,m.0,7.0,2.0,5.1,9.1,2.1,3.6,3.3,2.0,' +
  '5.1,i.9,2.0,6.2,3.0,4.2,2.0,1.0,2.2,2.2,3.2,c.3,5.2,3.0,4.1,1.5,1.d,l.4,d.0,3.0,n.0,g.1,9.0,3.0,' +
  '4.6,2.0,3.1,1.1,4.1,a.6,m.0,3.0,n.0,a.0,5.1,9.0,3.0,4.6,2.5,2.0,4.1,a.0,2.c,d.0,3.0,1f.0,3.0,' +
  '6.3,g.1,q.0,3.0,i.2,o.0,9.0,1.1,7.2,1.3,6.0,1.0,8.5,a.1,3.b,1m.3,t.10,2.0,1.0,5.0,o.0,1.0,n.1,' +
  '5.0,1.0,6.1,a.1,4.v,20.0,10.3,13.0,10.0,f.0,d.10,5i.0,1.4,1.1,1c.2n,6h.0,4.1,7.0,1.0,4.1,15.0,' +
  '4.1,x.0,4.1,7.0,1.0,4.1,f.0,1l.0,4.1,1v.1,w.2,q.5,2e.1,6.1,il.2,2h.6,m.8,o.8,k.b,d.0,3.0,2.b,' +
  '2m.1,a.5,a.5,q.5,2h.6,17.4,1y.9,v.0,c.3,c.3,1.2,16.1,5.a,18.3,q.5,b.2,1q.1,1t.0,t.1,b.5,a.5,e.1,' +
  'v.1c,25.2,1b.0,38.7,1o.2,f.2,1o.6,17.1,b.7,17.4,eu.1,6.1,12.1,6.1,8.0,1.0,1.0,1.0,v.1,1h.0,f.0,' +
  'e.1,6.0,j.1,3.0,9.0,g.0,2.3,1.1,2.1,2.2,1.3,8.0,1.1,1.0,5.0,2.0,12.0,c.2,a.0,1.3,a.0,d.2,c.0,' +
  'k.e,x.e,3.0,1.0,3.0,9.0,2.0,a.1,3.0,4.0,13.1,6.3,1.b,4.9,f.0,2.d,u.1,o.0,1.0,i.0,o.0,1.1,3.1,' +
  '2.0,3.0,1.0,3.0,4.0,2.3,2.0,1.0,1.5,1.0,5.3,4.1,a.0,3.0,5.0,d.1,2.3,2.1,2.1,i.1,2.1,d.0,3.0,b.0,' +
  'p.0,2a.0,7.1,d.1,5a.3,3.0,2.0,1f.o,b.4e,1.2o,4.z,c.f,2.3,a.1,1.6,8.1,2.1,4.1,2.1,4.2,2.0,2.3,' +
  'g.3,9.0,d.1,6.1,2.0,4.1,4.1,6.0,1.0,x.0,1.0,5.b,c.1,1.2,1.3,1.1,1.0,f.0,j.0,a.1,1.0,8.1,h.2,4.t,' +
  '1.0,4.n,5.0,4.1,s.0,k.0,e.0,1.0,4.2,1.0,u.9,l.2,o.0,e.0,nv.1,1f.0,4.4,q.1,w.0,9p.4,19.0,1.4,1.1,' +
  '1k.6,2.d,o.8,7.0,7.0,7.0,7.0,7.0,7.0,7.0,7.0,3i.dc,1.5tr,1s.h5b,9o.j,54.7,5n.4,2.0,1.0,5.n,1n.2,' +
  'a.5,1k.7,1y.7,c.5,38.a,1.v,26.0,b.3,x.0,1j.8,e.1,a.1,2v.n,s.9,6.1,6.1,6.8,7.0,7.0,1o.3,3i.1,' +
  'a.8mt,n.3,1d.3,1kw.5bz,7.b,5.4,q.0,5.0,1.0,2.0,2.0,3h.f,cd.1,1i.6,1.v,g.v,g.1r,5.0,3r.1,1.2o,' +
  '2m.2,6.1,6.1,6.1,3.a,7.9,4.2,c.0,q.0,j.0,2.0,f.1,e.x,3f.4,3.3,19.2,2g.0,d.2,1.1a,1a.3l,t.2,1d.e,' +
  's.3,10.8,u.4,17.4,u.0,11.3,e.15,4e.1,a.5,10.3,10.3,14.7,1g.a,c.0,f.0,7.0,2.0,b.0,f.0,7.0,2.1u,' +
  '8n.8,m.9,8.n,6.0,16.0,9.1w,6.1,1.0,18.0,2.2,1.1,n.0,20.7,9.1b,j.0,2.4,x.2,r.4,1.1r,1k.3,k.1,' +
  '1e.0,2.4,8.0,3.0,t.1,3.3,a.6,9.6,1s.v,13.3,c.8,1i.2,t.1,r.4,q.6,4.b,7.27,21.1i,1f.c,1f.6,1a.7,' +
  'a.85,v.0,16.0,3.1,2.25,14.7,16.l,q.11,s.j,n.8,26.3,10.8,1w.9,1.1,p.6,a.5,1h.0,i.7,13.8,2o.0,k.a,' +
  'i.0,18.1s,7.0,1.0,4.0,f.0,b.5,1n.4,a.5,4.0,8.1,2.1,m.0,7.0,2.0,5.0,a.1,2.1,3.1,1.5,1.4,7.1,7.2,' +
  '5.3u,2k.0,5.t,20.7,a.4l,1i.1,12.x,1x.a,a.5,d.i,1m.5,a.1h,r.1,f.3,n.54,1o.2r,2b.b,8.1,1.1,8.0,' +
  '2.0,u.0,2.1,c.8,a.1x,8.1,1a.1,b.q,20.7,2b.c,21.7a,9.0,19.0,e.9,t.2,w.1,m.0,e.20,7.0,2.0,18.2,' +
  '1.0,2.0,9.7,a.5,6.0,2.0,11.0,2.0,6.6,a.8l,p.52,1.e,1e.c,pn.2t,33.0,5.a,5g.217,2r.c,tr.0,9.346,' +
  'g7.6ns,ft.6,v.0,a.3,29.0,a.5,u.1,6.9,1y.9,a.0,7.0,l.4,j.j3,2j.2s,23.3,1l.6,h.f33,2z.4,d.2,9.6,' +
  'a.1,8.3mj,1a.1,n.8,38.1n,6u.9,13.1,5e.k,1y.49,k.b,2f.8,p.3q,2d.0,1z.0,2.1,1.1,2.1,4.0,c.0,1.0,' +
  '7.0,1t.0,4.1,8.0,7.0,s.0,4.0,5.0,1.2,7.0,9g.1,84.1,ji.e,5.0,f.un,v.68,7.0,h.1,7.0,2.0,5.5w,19.2,' +
  'e.1,a.3,2.8v,v.g,1m.4,1.yn,7.0,4.0,2.0,f.0,5h.1,g.14,24.3,a.3,2.ls,1w.23,1p.5d,4.0,r.0,2.0,1.1,' +
  '1.0,a.0,4.0,1.0,1.5,1.3,1.0,1.0,1.0,3.0,2.0,1.1,1.0,1.0,1.0,1.0,1.0,2.0,1.1,4.0,7.0,4.0,4.0,1.0,' +
  'a.0,h.4,3.0,5.0,h.1f,2.7h,4.0,13.3,2s.b,f.1,f.0,e.1,11.k,5.t,2.1l,6.1o,1.1j,q.80,c.8,1.1x,1.l,' +
  'c.16,4.4,c.g,3.0,3.1y,1.0,1.56,2.1q,d.3,1.n,i.0,q.1,d.0,2e.2c,1c.1x,6.0,3.2,2.a,b.4,4.b,38.b,' +
  '2h.12,c.3,1k.7,a.5,14.7,u.1,2.25,c.1a,1.9,1.54,2c.b,e.41,43.0,1j.10,a.gvly,1.t,2o.47lr';

let wideStarts: number[] | undefined;
let wideEnds: number[] = [];

export function isWide(cp: number): boolean {
  if (cp < 0xa1) return false;
  if (wideStarts === undefined) {
    const starts: number[] = [];
    let end = -1;
    for (const pair of WIDE_RANGES.split(',')) {
      const [gap = '0', len = '0'] = pair.split('.');
      const start = end + 1 + Number.parseInt(gap, 36);
      end = start + Number.parseInt(len, 36);
      starts.push(start);
      wideEnds.push(end);
    }
    wideStarts = starts;
  }
  let lo = 0;
  let hi = wideStarts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < (wideStarts[mid] ?? 0)) hi = mid - 1;
    else if (cp > (wideEnds[mid] ?? 0)) lo = mid + 1;
    else return true;
  }
  return false;
}

/** table.get_text_length: wide and ambiguous characters count as two columns. */
export function textWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return n;
}

// Python's round() on floats rounds halves to even.
export function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export function spaces(n: number): string {
  return n > 0 ? ' '.repeat(n) : '';
}

export function centerText(text: string, length: number, leftEdge: string, rightEdge: string, textLength: number): string {
  const charStart = Math.floor(length / 2) - Math.floor(textLength / 2) - 1;
  const lengthSoFar = textWidth(leftEdge) + charStart + textLength;
  const rightSideSpaces = length - textWidth(rightEdge) - lengthSoFar;
  return leftEdge + spaces(charStart) + text + spaces(rightSideSpaces) + rightEdge;
}

export function alignLeft(text: string, length: number, leftEdge: string, rightEdge: string, textLength: number): string {
  const leftPadding = 2;
  const computed = textLength + leftPadding + textWidth(leftEdge) + textWidth(rightEdge);
  const padding = length - computed >= 0 ? leftPadding : 0;
  const lengthSoFar = leftEdge.length + padding + textLength;
  return leftEdge + spaces(padding) + text + spaces(length - lengthSoFar - rightEdge.length) + rightEdge;
}

export class Section {
  title = '';
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  private numCols: number | null = null;
  private maxWidths: number[] = [];

  calculateColumnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => pyRound(scale * w));
    let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (offBy !== 0) {
      const order = scaled.map((_, i) => i);
      if (offBy < 0) order.reverse();
      for (const i of order) {
        if (offBy > 0) {
          scaled[i] = (scaled[i] ?? 0) - 1;
          offBy -= 1;
        } else {
          scaled[i] = (scaled[i] ?? 0) + 1;
          offBy += 1;
        }
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, withBorder: boolean, outerPadding: number): number {
    let total = 0;
    for (const w of this.calculateColumnWidths()) total += w + padding;
    if (withBorder) total += 2;
    total += outerPadding * 2;
    return Math.max(textWidth(this.title) + 2 + outerPadding * 2, total);
  }

  addHeader(headers: string[]): void {
    this.updateMaxWidths(headers);
    if (this.numCols === null) this.numCols = headers.length;
    this.headers = headers;
  }

  addRow(row: string[]): void {
    if (this.numCols === null) this.numCols = row.length;
    if (row.length !== this.numCols) {
      throw new OutputError(`Row should have ${this.numCols} elements, instead it has ${row.length}`);
    }
    this.rows.push(row);
    this.updateMaxWidths(row);
  }

  private updateMaxWidths(row: string[]): void {
    if (this.maxWidths.length === 0) {
      this.maxWidths = row.map(textWidth);
    } else {
      row.forEach((el, i) => {
        this.maxWidths[i] = Math.max(textWidth(el), this.maxWidths[i] ?? 0);
      });
    }
  }
}

export class MultiTable {
  private sections: Section[] = [];
  private current: Section | undefined;
  private readonly terminalWidth: number;

  constructor(terminalWidth: number) {
    this.terminalWidth = terminalWidth;
  }

  private section(): Section {
    if (this.current === undefined) throw new OutputError("'NoneType' object has no attribute 'add_row'");
    return this.current;
  }

  addRowHeader(headers: string[]): void {
    this.section().addHeader(headers);
  }

  addRow(elements: Json[]): void {
    this.section().addRow(elements.map(pyStr));
  }

  newSection(title: string, indentLevel: number): void {
    this.current = new Section();
    this.sections.push(this.current);
    this.current.title = title;
    this.current.indentLevel = indentLevel;
  }

  render(): string {
    let maxWidth = this.calculateMaxWidth();
    if (maxWidth > this.terminalWidth) {
      this.convertToVerticalTable();
      maxWidth = this.calculateMaxWidth();
    }
    const out: string[] = [`${'-'.repeat(maxWidth)}\n`];
    for (const section of this.sections) this.renderSection(section, maxWidth, out);
    return out.join('');
  }

  private calculateMaxWidth(): number {
    return Math.max(...this.sections.map((s) => s.totalWidth(4, true, s.indentLevel)));
  }

  // A section holding one row under headers is shown as header|value rows.
  private convertToVerticalTable(): void {
    this.sections = this.sections.map((section) => {
      const row = section.rows[0];
      if (section.rows.length !== 1 || section.headers.length === 0 || row === undefined) return section;
      const vertical = new Section();
      vertical.title = section.title;
      vertical.indentLevel = section.indentLevel;
      section.headers.forEach((header, i) => {
        if (i < row.length) vertical.addRow([header, row[i] ?? '']);
      });
      return vertical;
    });
  }

  private renderSection(section: Section, maxWidth: number, out: string[]): void {
    // IndentedStream: one '|' per level on both sides of every line.
    const edge = '|'.repeat(section.indentLevel);
    const write = (line: string) => out.push(`${edge}${line}${edge}\n`);
    const width = maxWidth - section.indentLevel * 2;
    if (section.title) {
      write(centerText(section.title, width, '|', '|', textWidth(section.title)));
      if (section.headers.length === 0 && section.rows.length === 0) write(`+${'-'.repeat(Math.max(0, width - 2))}+`);
    }
    if (section.headers.length > 0) {
      const widths = section.calculateColumnWidths(4, width);
      let current = '';
      section.headers.forEach((header, i) => {
        const w = widths[i];
        if (w === undefined) return;
        current += centerText(header, w, i === 0 ? '|' : '', '|', textWidth(header));
      });
      write(lineBreak(widths));
      write(current);
    }
    if (section.rows.length > 0) {
      const widths = section.calculateColumnWidths(4, width);
      if (widths.length === 0) return;
      write(lineBreak(widths));
      for (const row of section.rows) {
        let current = '';
        row.forEach((element, i) => {
          const w = widths[i];
          if (w === undefined) return;
          current += alignLeft(element, w, i === 0 ? '|' : '', '|', textWidth(element));
        });
        write(current);
      }
      write(lineBreak(widths));
    }
  }
}

export function lineBreak(widths: number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${'-'.repeat(Math.max(0, w - 2))}+` : `${'-'.repeat(Math.max(0, w - 1))}+`)).join('');
}

export function formatTable(title: string, data: Json, terminalWidth: number): string {
  const table = new MultiTable(terminalWidth);
  return buildTable(table, title, data, 0) ? table.render() : '';
}

export function buildTable(table: MultiTable, title: string | null, current: Json, indentLevel: number): boolean {
  if (!pyTruthy(current)) return false;
  if (title !== null) table.newSection(title, indentLevel);
  if (Array.isArray(current)) {
    if (isDict(current[0])) {
      buildSubTableFromList(table, current, indentLevel, title);
    } else {
      for (const item of current) {
        if (isScalar(item)) table.addRow([item]);
        // Iterating a dict yields its keys, so a dict of any values lands here as its keys.
        else if (isDict(item)) table.addRow(Object.keys(item));
        else if (item.every(isScalar)) table.addRow(item);
        else buildTable(table, null, item, 0);
      }
    }
  }
  if (isDict(current)) buildSubTableFromDict(table, current, indentLevel);
  return true;
}

export function groupScalarKeys(current: Dict): [string[], string[]] {
  const headers: string[] = [];
  const more: string[] = [];
  for (const [key, value] of Object.entries(current)) (isScalar(value) ? headers : more).push(key);
  return [sortedPy(headers), sortedPy(more)];
}

export function buildSubTableFromDict(table: MultiTable, current: Dict, indentLevel: number): void {
  const [headers, more] = groupScalarKeys(current);
  const [first] = headers;
  if (headers.length === 1 && first !== undefined) {
    table.addRow([first, current[first] ?? null]);
  } else if (headers.length > 0) {
    table.addRowHeader(headers);
    table.addRow(headers.map((k) => current[k] ?? null));
  }
  for (const remaining of more) buildTable(table, remaining, current[remaining] ?? null, indentLevel + 1);
}

export function buildSubTableFromList(table: MultiTable, current: Json[], indentLevel: number, title: string | null): void {
  const headerSet = new Set<string>();
  const moreSet = new Set<string>();
  for (const item of current) {
    if (!isDict(item)) throw new OutputError(`${pyTypeName(item)} indices must be integers or slices, not str`);
    const [h, m] = groupScalarKeys(item);
    h.forEach((k) => headerSet.add(k));
    m.forEach((k) => moreSet.add(k));
  }
  const headers = sortedPy(headerSet);
  const more = sortedPy(moreSet);
  table.addRowHeader(headers);
  let first = true;
  for (const element of current) {
    if (!isDict(element)) continue;
    if (!first && more.length > 0) {
      table.newSection(title ?? '', indentLevel);
      table.addRowHeader(headers);
    }
    first = false;
    table.addRow(headers.map((h) => (Object.hasOwn(element, h) ? (element[h] ?? null) : '')));
    for (const remaining of more) {
      if (Object.hasOwn(element, remaining)) buildTable(table, remaining, element[remaining] ?? null, indentLevel + 1);
    }
  }
}
