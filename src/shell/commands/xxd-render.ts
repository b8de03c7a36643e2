/** The forms xxd writes bytes in: offset-and-columns lines (hex, bits, little-endian), bare hex, and a C array. */

const U64 = 1n << 64n;

/** How the text column reads bytes under -E, as Debian's xxd shows them (a dot for what it cannot show). */
const EBCDIC_TEXT = [
  '................',
  '................',
  '................',
  '................',
  ' ...........<(+|',
  '&.........!$*);~',
  '-/.........,%_>?',
  ".........`:#@'=\"",
  '.abcdefghi......',
  '.jklmnopqr^.....',
  '..stuvwxyz...[..',
  '.............]..',
  '{ABCDEFGHI......',
  '}JKLMNOPQR......',
  '\\.STUVWXYZ......',
  '0123456789......',
].join('');

interface RowFormat {
  /** Each byte as two hex digits, or as eight binary ones (-b). */
  digits: 'hex' | 'bits';
  /** -e: each group is shown as one little-endian number. */
  littleEndian: boolean;
  cols: number;
  group: number;
  upper: boolean;
  decimal: boolean;
  ebcdic: boolean;
  autoskip: boolean;
}

function textOf(byte: number, ebcdic: boolean): string {
  if (ebcdic) return EBCDIC_TEXT[byte]!;
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

function digitsOf(byte: number, format: RowFormat): string {
  if (format.digits === 'bits') return byte.toString(2).padStart(8, '0');
  const hex = byte.toString(16).padStart(2, '0');
  return format.upper ? hex.toUpperCase() : hex;
}

/** `%08lx` of the unsigned offset, or `%08ld` of it read as signed. */
function offsetLabel(offset: bigint, decimal: boolean): string {
  if (!decimal) return offset.toString(16).padStart(8, '0');
  const signed = BigInt.asIntN(64, offset);
  return signed < 0n ? `-${(-signed).toString().padStart(7, '0')}` : signed.toString().padStart(8, '0');
}

/**
 * One line. Every byte has a fixed cell in the digits area and one in the text area, and they
 * are filled byte by byte; with -e and a line that is not a whole number of groups, a byte's
 * digits can land on cells already used (even text cells), and the later write is what shows.
 * The line ends after the text of its last byte.
 */
function row(bytes: Uint8Array, offset: bigint, format: RowFormat): string {
  const width = format.digits === 'hex' ? 2 : 8;
  const { cols, group } = format;
  const textStart = width * cols + Math.floor((cols - 1) / group) + 2;
  const end = textStart + bytes.length;
  const cells: string[] = new Array<string>(end).fill(' ');
  const place = (at: number, text: string): void => {
    for (let k = 0; k < text.length && at + k < end; k++) cells[at + k] = text[k]!;
  };
  bytes.forEach((byte, i) => {
    // Within a group the byte order is mirrored: position i swaps with i XOR (group - 1).
    const slot = format.littleEndian ? i ^ (group - 1) : i;
    place(width * slot + Math.floor(slot / group), digitsOf(byte, format));
    place(textStart + i, textOf(byte, format.ebcdic));
  });
  return `${offsetLabel(offset, format.decimal)}: ${cells.join('')}\n`;
}

const allZero = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0);

/**
 * The classic dump of `data`, whose first byte is shown at offset `start` (already wrapped to 64
 * bits). With autoskip, a zero line right after another zero line may be left out, the last line
 * never; two or more left out in a row become one `*`, a single one is shown after all.
 */
export function renderRows(data: Uint8Array, start: bigint, format: RowFormat): string {
  const lines: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += format.cols) lines.push(data.subarray(at, at + format.cols));
  const droppable = (i: number): boolean =>
    format.autoskip && i > 0 && i < lines.length - 1 && allZero(lines[i]!) && allZero(lines[i - 1]!);
  let out = '';
  for (let i = 0; i < lines.length; ) {
    let run = 0;
    while (droppable(i + run)) run++;
    if (run >= 2) {
      out += '*\n';
      i += run;
      continue;
    }
    out += row(lines[i]!, (start + BigInt(i * format.cols)) % U64, format);
    i++;
  }
  return out;
}

/** -p: hex digits only, `cols` bytes a line; 0 puts everything on one line, which is then written even when empty. */
export function renderPlain(data: Uint8Array, cols: number, upper: boolean): string {
  let hex = '';
  for (const byte of data) hex += byte.toString(16).padStart(2, '0');
  if (upper) hex = hex.toUpperCase();
  if (cols === 0) return `${hex}\n`;
  let out = '';
  for (let at = 0; at < hex.length; at += cols * 2) out += `${hex.slice(at, at + cols * 2)}\n`;
  return out;
}

/** A C identifier made of the name's bytes: letters and digits stay, the rest become `_`, and a leading digit gets `__` before it. */
export function cIdentifier(name: string, capitals: boolean): string {
  let id = '';
  for (const byte of new TextEncoder().encode(name)) {
    const ch = String.fromCharCode(byte);
    id += /[A-Za-z0-9]/.test(ch) ? ch : '_';
  }
  if (/^[0-9]/.test(id)) id = `__${id}`;
  return capitals ? id.toUpperCase() : id;
}

/** The opening line of -i's array definition. */
export function cArrayStart(id: string): string {
  return `unsigned char ${id}[] = {\n`;
}

/** -i's initializer lines: `cols` items a line, indented by two, a comma after every item but the last. */
export function cArrayItems(data: Uint8Array, cols: number, upper: boolean): string {
  const items = Array.from(data, (byte) => {
    const hex = byte.toString(16).padStart(2, '0');
    return upper ? `0X${hex.toUpperCase()}` : `0x${hex}`;
  });
  const lines: string[] = [];
  for (let at = 0; at < items.length; at += cols) lines.push(`  ${items.slice(at, at + cols).join(', ')}`);
  return lines.length ? `${lines.join(',\n')}\n` : '';
}

/** The closing brace, then the length variable (`_LEN` under -C). */
export function cArrayEnd(id: string, length: number, capitals: boolean): string {
  return `};\nunsigned int ${id}${capitals ? '_LEN' : '_len'} = ${length};\n`;
}
