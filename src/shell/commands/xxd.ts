/**
 * `xxd`: vim's xxd (Debian 12's, "2022-01-14"): the plain dump and its layout rules, -p, -i, -b,
 * -e, and -r to turn a dump (or bare hex with -p) back into bytes. Standard input is a pipe: it
 * cannot seek, which is why `-s -N` on it fails as it does for real.
 */
import type { CommandContext, CommandFn } from '../types.ts';
import { VfsError } from '../vfs.ts';
import { locate, VFS_ERROR_TEXT } from './tool-support.ts';

const USAGE = `Usage:
       xxd [options] [infile [outfile]]
    or
       xxd -r [-s [-]offset] [-c cols] [-ps] [infile [outfile]]
Options:
    -a          toggle autoskip: A single '*' replaces nul-lines. Default off.
    -b          binary digit dump (incompatible with -ps,-i,-r). Default hex.
    -C          capitalize variable names in C include file style (-i).
    -c cols     format <cols> octets per line. Default 16 (-i: 12, -ps: 30).
    -E          show characters in EBCDIC. Default ASCII.
    -e          little-endian dump (incompatible with -ps,-i,-r).
    -g bytes    number of octets per group in normal output. Default 2 (-e: 4).
    -h          print this summary.
    -i          output in C include file style.
    -l len      stop after <len> octets.
    -n name     set the variable name used in C include output (-i).
    -o off      add <off> to the displayed file position.
    -ps         output in postscript plain hexdump style.
    -r          reverse operation: convert (or patch) hexdump into binary.
    -r -s off   revert with <off> added to file positions found in hexdump.
    -d          show offset in decimal instead of hex.
    -s [+][-]seek  start at <seek> bytes abs. (or +: rel.) infile offset.
    -u          use upper case hex letters.
    -v          show version: "xxd 2022-01-14 by Juergen Weigert et al.".
`;

type HexType = 'normal' | 'postscript' | 'cinclude' | 'bits' | 'littleendian';

const COLS = 256;

/** C's strtol(s, NULL, 0): optional sign, 0x for hex, a leading 0 for octal, stops at the first bad digit. */
export function strtol(text: string): number {
  const m = /^\s*([+-]?)(0[xX](?=[0-9a-fA-F])|0)?(.*)$/.exec(text)!;
  const base = m[2] === undefined ? 10 : m[2].length > 1 ? 16 : 8;
  const digits = new RegExp(base === 16 ? '^[0-9a-fA-F]*' : base === 8 ? '^[0-7]*' : '^[0-9]*').exec(m[3]!)![0];
  const value = digits ? parseInt(digits, base) : 0;
  return m[1] === '-' ? -value : value;
}

class Exit {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

export const xxd: CommandFn = (ctx) => {
  try {
    return run(ctx);
  } catch (error) {
    if (error instanceof Exit) return error.status;
    throw error;
  }
};

function run(ctx: CommandContext): number {
  const usage = (): never => {
    ctx.stderr(USAGE);
    throw new Exit(1);
  };
  const args = [...ctx.args];
  let hextype: HexType = 'normal';
  let autoskip = false;
  let upper = false;
  let capitalize = false;
  let decimal = false;
  let revert = false;
  let cols = 0;
  let colsGiven = false;
  let octsPerGroup = -1;
  let length = -1;
  let seekOff = 0;
  let relSeek = true;
  let negSeek = false;
  let displayOff = 0;

  // xxd's own option parser: prefixes matter (-ps, -cols), `--x` means `-x`, options come first.
  while (args.length > 0) {
    const arg = args[0]!;
    const pp = arg.startsWith('--') && arg.length > 2 ? arg.slice(1) : arg;
    const rest = pp.slice(2);
    /** The option's value: glued on (`-c8`) unless the rest spells its long name (`-cols 8`), else the next word. */
    const value = (longRest: string): string => {
      if (rest && !rest.startsWith(longRest)) return rest;
      if (args[1] === undefined) usage();
      args.shift();
      return args[0]!;
    };
    if (pp.startsWith('-a')) autoskip = !autoskip;
    else if (pp.startsWith('-b')) hextype = 'bits';
    else if (pp.startsWith('-e')) hextype = 'littleendian';
    else if (pp.startsWith('-u')) upper = true;
    else if (pp.startsWith('-p')) hextype = 'postscript';
    else if (pp.startsWith('-i')) hextype = 'cinclude';
    else if (pp.startsWith('-C')) capitalize = true;
    else if (pp.startsWith('-d')) decimal = true;
    else if (pp.startsWith('-r')) revert = true;
    else if (pp.startsWith('-v')) {
      ctx.stderr('xxd 2022-01-14 by Juergen Weigert et al.\n');
      return 0;
    } else if (pp.startsWith('-c')) {
      if (rest.startsWith('apitalize')) capitalize = true;
      else {
        colsGiven = true;
        cols = strtol(value('ols'));
      }
    } else if (pp.startsWith('-g')) octsPerGroup = strtol(value('roup'));
    else if (pp.startsWith('-o')) displayOff = strtol(value('ffset'));
    else if (pp.startsWith('-l')) length = strtol(value('en'));
    else if (pp.startsWith('-s')) {
      const text = rest && !rest.startsWith('kip') && !rest.startsWith('eek') ? rest : value('');
      relSeek = text.startsWith('+');
      negSeek = text.slice(relSeek ? 1 : 0).startsWith('-');
      seekOff = strtol(text.slice((relSeek ? 1 : 0) + (negSeek ? 1 : 0)));
    } else if (pp === '--') {
      args.shift();
      break;
    } else if (pp.startsWith('-') && pp.length > 1) usage();
    else break;
    args.shift();
  }

  if (!colsGiven || (cols === 0 && hextype !== 'postscript')) {
    cols = { postscript: 30, cinclude: 12, bits: 6, normal: 16, littleendian: 16 }[hextype];
  }
  if (octsPerGroup < 0) octsPerGroup = { bits: 1, normal: 2, littleendian: 4, postscript: 0, cinclude: 0 }[hextype];
  if (
    (hextype === 'postscript' && cols < 0) ||
    (hextype !== 'postscript' && cols < 1) ||
    ((hextype === 'normal' || hextype === 'bits' || hextype === 'littleendian') && cols > COLS)
  ) {
    ctx.stderr(`xxd: invalid number of columns (max. ${COLS}).\n`);
    return 1;
  }
  if (octsPerGroup < 1 || octsPerGroup > cols) octsPerGroup = cols;
  else if (hextype === 'littleendian' && (octsPerGroup & (octsPerGroup - 1)) !== 0) {
    ctx.stderr('xxd: number of octets per group must be a power of 2 with -e.\n');
    return 1;
  }
  if (args.length > 2) usage();

  // Open the input, then the output, as xxd does (so a bad input leaves the output alone).
  const inName = args[0];
  const fromStdin = inName === undefined || inName === '-';
  let input: Uint8Array | 'EISDIR';
  if (fromStdin) input = ctx.stdin;
  else {
    const found = locate(ctx, inName);
    if (!found.ok) {
      ctx.stderr(`xxd: ${inName}: ${VFS_ERROR_TEXT[found.code]}\n`);
      return 2;
    }
    input = found.stat.type === 'dir' ? 'EISDIR' : ctx.vfs.readFile(found.path);
  }
  const outName = args[1];
  const out = openOutput(ctx, outName === undefined || outName === '-' ? undefined : outName, revert);
  if (typeof out === 'number') return out;

  if (revert) {
    if (hextype !== 'normal' && hextype !== 'postscript') {
      ctx.stderr('xxd: Sorry, cannot revert this type of hexdump\n');
      return 255;
    }
    // A directory reads as nothing here: xxd -r does not check for read errors.
    const status = unhex(input === 'EISDIR' ? new Uint8Array(0) : input, out, cols, hextype, negSeek ? -seekOff : seekOff);
    if (status !== 0) {
      ctx.stderr('xxd: Sorry, cannot seek backwards.\n');
      out.close();
      return status;
    }
    out.close();
    return 0;
  }

  const ioError = (): number => {
    out.close();
    ctx.stderr(`xxd: ${VFS_ERROR_TEXT.EISDIR}\n`);
    return 2;
  };

  // Seeking: a file can seek anywhere from its start (and from its end); a pipe can only skip forward.
  let data: Uint8Array = input === 'EISDIR' ? new Uint8Array(0) : input;
  if (seekOff || negSeek || !relSeek) {
    if (input === 'EISDIR') return ioError();
    const size = data.length;
    if (!fromStdin) {
      const at = negSeek ? size - seekOff : seekOff;
      if (at < 0) {
        out.close();
        ctx.stderr('xxd: Sorry, cannot seek.\n');
        return 4;
      }
      seekOff = at;
      data = data.subarray(Math.min(at, size));
    } else {
      if (negSeek || seekOff > size) {
        out.close();
        ctx.stderr('xxd: Sorry, cannot seek.\n');
        return 4;
      }
      data = data.subarray(seekOff);
    }
  }
  if (length >= 0) data = data.subarray(0, length);
  const hexDigits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  const hex2 = (b: number): string => hexDigits[b >> 4]! + hexDigits[b & 15]!;

  if (hextype === 'cinclude') {
    const name = fromStdin ? undefined : inName;
    const cName = name === undefined ? '' : `${/^\d/.test(name) ? '__' : ''}${[...name].map((ch) => (/[A-Za-z0-9]/.test(ch) ? (capitalize ? ch.toUpperCase() : ch) : '_')).join('')}`;
    if (name !== undefined) out.write(`unsigned char ${cName}[] = {\n`);
    if (input === 'EISDIR') return ioError();
    const parts: string[] = [];
    data.forEach((b, p) => {
      parts.push(p % cols ? ', ' : p === 0 ? '  ' : ',\n  ', upper ? `0X${hex2(b)}` : `0x${hex2(b)}`);
    });
    if (data.length) parts.push('\n');
    if (name !== undefined) parts.push(`};\nunsigned int ${cName}_${capitalize ? 'LEN' : 'len'} = ${data.length};\n`);
    out.write(parts.join(''));
    out.close();
    return 0;
  }

  if (input === 'EISDIR') return ioError();

  if (hextype === 'postscript') {
    const parts: string[] = [];
    let p = cols;
    for (const b of data) {
      parts.push(hex2(b));
      if (cols > 0 && --p === 0) {
        parts.push('\n');
        p = cols;
      }
    }
    if (cols === 0 || p < cols) parts.push('\n');
    out.write(parts.join(''));
    out.close();
    return 0;
  }

  out.write(dumpLines(data, { hextype, cols, octsPerGroup, autoskip, decimal, hex2, base: seekOff + displayOff }));
  out.close();
  return 0;
}

interface DumpLayout {
  hextype: 'normal' | 'bits' | 'littleendian';
  cols: number;
  octsPerGroup: number;
  autoskip: boolean;
  decimal: boolean;
  hex2: (b: number) => string;
  base: number;
}

/** The classic dump: each byte's hex and character land at the columns xxd computes for them. */
function dumpLines(data: Uint8Array, layout: DumpLayout): string {
  const { hextype, cols, octsPerGroup: g, autoskip, decimal, hex2, base } = layout;
  const grplen = hextype === 'bits' ? 8 * g + 1 : 2 * g + 1;
  const out: string[] = [];
  // xxdline(): with -a, runs of all-zero lines collapse to one '*'.
  let zeroSeen = 0;
  let saved = '';
  const emit = (line: string, nz: number): void => {
    if (!nz && zeroSeen === 1) saved = line;
    if (nz || !zeroSeen++) {
      if (nz) {
        if (nz < 0) zeroSeen--;
        if (zeroSeen === 2) out.push(saved);
        if (zeroSeen > 2) out.push('*\n');
      }
      if (nz >= 0 || zeroSeen > 0) out.push(line);
      if (nz) zeroSeen = 0;
    }
  };
  let line: string[] = [];
  let lastLine = '';
  let addrlen = 9;
  let p = 0;
  let c = 0;
  let nonzero = 0;
  for (let n = 0; n < data.length; n++) {
    const e = data[n]!;
    if (p === 0) {
      const addr = `${(decimal ? String(n + base) : (n + base).toString(16)).padStart(8, '0')}:`;
      addrlen = addr.length;
      // Room for every column this layout can touch: the address, the hex groups, the text.
      line = [...addr.padEnd(addrlen + 12 + grplen * cols + cols, ' ')];
    }
    const x = hextype === 'littleendian' ? p ^ (g - 1) : p;
    c = addrlen + 1 + Math.floor((grplen * x) / g);
    if (hextype === 'bits') {
      for (let i = 7; i >= 0; i--) line[c++] = e & (1 << i) ? '1' : '0';
    } else {
      const h = hex2(e);
      line[c] = h[0]!;
      line[c + 1] = h[1]!;
    }
    if (e) nonzero++;
    // This xxd places the text column by one rule for every layout (with -e and odd widths the
    // text can overwrite the hex, and does so here too).
    c = Math.floor((grplen * cols - 1) / g);
    c += addrlen + 3 + p;
    line[c++] = e > 31 && e < 127 ? String.fromCharCode(e) : '.';
    if (++p === cols) {
      lastLine = `${line.slice(0, c).join('')}\n`;
      emit(lastLine, autoskip ? nonzero : 1);
      nonzero = 0;
      p = 0;
    }
  }
  if (p) emit(`${line.slice(0, c).join('')}\n`, 1);
  else if (autoskip) emit(lastLine, -1);
  return out.join('');
}

interface Output {
  write(text: string): void;
  /** Writes one byte at the current position. */
  put(byte: number): void;
  /** Moves the position when the output can seek (a file), else reports false (a pipe). */
  seek(offset: number): boolean;
  close(): void;
}

/** Standard output (a pipe) or a file; with -r the file is patched in place, not truncated. */
function openOutput(ctx: CommandContext, name: string | undefined, revert: boolean): Output | number {
  const encoder = new TextEncoder();
  if (name === undefined) {
    const pending: number[] = [];
    const flush = (): void => {
      if (pending.length) ctx.stdout(new Uint8Array(pending.splice(0)));
    };
    return {
      write: (text) => {
        flush();
        if (text) ctx.stdout(text);
      },
      put: (byte) => {
        pending.push(byte);
        if (pending.length >= 65536) flush();
      },
      seek: () => false,
      close: flush,
    };
  }
  const found = locate(ctx, name);
  const path = ctx.vfs.resolve(ctx.cwd, name);
  let bytes: Uint8Array = new Uint8Array(0);
  try {
    if (found.ok && found.stat.type === 'dir') throw new VfsError('EISDIR', path);
    if (!found.ok && found.code === 'ENOTDIR') throw new VfsError('ENOTDIR', path);
    if (found.ok && revert) bytes = ctx.vfs.readFile(path);
    ctx.vfs.writeFile(path, bytes);
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    ctx.stderr(`xxd: ${name}: ${VFS_ERROR_TEXT[error.code]}\n`);
    return 3;
  }
  let buffer = bytes;
  let size = bytes.length;
  let at = 0;
  const ensure = (n: number): void => {
    if (n <= buffer.length) return;
    const grown = new Uint8Array(Math.max(n, buffer.length * 2, 1024));
    grown.set(buffer.subarray(0, size));
    buffer = grown;
  };
  const putBytes = (chunk: Uint8Array): void => {
    ensure(at + chunk.length);
    buffer.set(chunk, at);
    at += chunk.length;
    size = Math.max(size, at);
  };
  return {
    write: (text) => putBytes(encoder.encode(text)),
    put: (byte) => putBytes(new Uint8Array([byte])),
    seek: (offset) => {
      if (at + offset < 0) return false;
      at += offset;
      // A seek past the end leaves a hole of zeros once written.
      ensure(at);
      return true;
    },
    close: () => ctx.vfs.writeFile(path, buffer.slice(0, size)),
  };
}

/** xxd's huntype(): reads hex back into bytes. Returns 0, or 5 when it would have to seek backwards. */
function unhex(input: Uint8Array, out: Output, cols: number, hextype: 'normal' | 'postscript', baseOff: number): number {
  const digit = (c: number): number =>
    c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x61 + 10 : c >= 0x41 && c <= 0x46 ? c - 0x41 + 10 : -1;
  let ignoreGarbage = true;
  let n1 = -1;
  let n2 = 0;
  let n3 = 0;
  let p = cols;
  let haveOff = 0;
  let wantOff = 0;
  const ps = hextype === 'postscript';
  for (let i = 0; i < input.length; i++) {
    let c = input[i]!;
    if (c === 0x0d) continue;
    if (ps && (c === 0x20 || c === 0x0a || c === 0x09)) continue;
    n3 = n2;
    n2 = n1;
    n1 = digit(c);
    if (n1 === -1 && ignoreGarbage) continue;
    ignoreGarbage = false;
    if (!ps && p >= cols) {
      if (n1 < 0) p = 0;
      else wantOff = wantOff * 16 + n1;
      continue;
    }
    if (baseOff + wantOff !== haveOff) {
      if (out.seek(baseOff + wantOff - haveOff)) haveOff = baseOff + wantOff;
      if (baseOff + wantOff < haveOff) return 5;
      for (; haveOff < baseOff + wantOff; haveOff++) out.put(0);
    }
    const skipToEol = (): void => {
      while (c !== 0x0a && i + 1 < input.length) c = input[++i]!;
      if (c !== 0x0a) i = input.length;
    };
    if (n2 >= 0 && n1 >= 0) {
      out.put((n2 << 4) | n1);
      haveOff++;
      wantOff++;
      n1 = -1;
      if (!ps && ++p >= cols) skipToEol();
    } else if (n1 < 0 && n2 < 0 && n3 < 0) {
      skipToEol();
    }
    if (c === 0x0a) {
      if (!ps) wantOff = 0;
      p = cols;
      ignoreGarbage = true;
    }
  }
  return 0;
}
