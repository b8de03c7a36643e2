/**
 * `openssl enc`, `openssl base64` and `openssl CIPHER`: encrypt, decrypt and base64-code as
 * OpenSSL 3.0 does, so files cross between the sandbox and a real machine and learners meet the
 * real messages, in the real order. Written from the openssl-enc manual and black-box runs of
 * OpenSSL 3.0.19; test/shell/openssl.test.ts compares every case with the real binary.
 */
import { concat, equalBytes, utf8 } from '../../kms/bytes.ts';
import type { CommandContext } from '../types.ts';
import { Base64Input, Base64Output, type TextSource } from './openssl-base64.ts';
import { cipherListing, lookupCipher, lookupDigest, type AesCipher, type LegacyCipher } from './openssl-ciphers.ts';
import {
  DIRECTORY_READ_ERRORS,
  fetchError,
  IGNORED_OPTIONS,
  InputBytes,
  libError,
  openInput,
  openOutput,
  parseLong,
  parseInt32,
  parseOptions,
  type OptionSpec,
} from './openssl-common.ts';
import { renderHelp } from './help-render.ts';
import { aesCipher, bytesToKey, pbkdf2, type DigestName, type FinalFailure } from './openssl-crypto.ts';
import { passwordFromKeyFile, passwordFromSource } from './openssl-password.ts';

export interface EncOptions {
  /** The name the command ran under: enc, base64 or a cipher name. */
  prog: string;
  randomBytes(count: number): Uint8Array;
}

const FLAGS = 'help list ciphers e d p P v a base64 A nopad salt nosalt debug pbkdf2 none';
const WITH_VALUES: [string, OptionSpec['kind']][] = [
  ['in', '<'],
  ['out', '>'],
  ['pass', 's'],
  ['k', 's'],
  ['kfile', '<'],
  ['K', 's'],
  ['S', 's'],
  ['iv', 's'],
  ['md', 's'],
  ['iter', 'p'],
  ['bufsize', 's'],
  ['engine', 's'],
  ['rand', 's'],
  ['writerand', '>'],
  ['provider-path', 's'],
  ['provider', 's'],
  ['propquery', 's'],
];
const OPTIONS: OptionSpec[] = [
  ...FLAGS.split(' ').map((name): OptionSpec => ({ name, kind: '-' })),
  ...WITH_VALUES.map(([name, kind]): OptionSpec => ({ name, kind })),
];

function helpText(prog: string): string {
  const synopsis =
    prog === 'enc'
      ? ['openssl enc -CIPHER [-e | -d] [options]', 'openssl enc -list']
      : prog === 'base64'
        ? ['openssl base64 [-d] [-A] [-in FILE] [-out FILE]']
        : [`openssl ${prog} [-e | -d] [options]`];
  const summary =
    prog === 'enc'
      ? 'encrypt or decrypt with a symmetric cipher, and base64-code'
      : prog === 'base64'
        ? 'base64-encode or decode (enc -a with no cipher)'
        : `the enc command with -${prog}`;
  return renderHelp({
    name: `openssl ${prog}`,
    summary,
    synopsis,
    description: [
      'Encrypts a file or standard input with a symmetric cipher, or decrypts it, and can base64-code ' +
        'the result. openssl CIPHER is short for openssl enc -CIPHER, and openssl base64 for openssl enc -a ' +
        'with no cipher.',
      'KMS Lab runs AES with 128-, 192- and 256-bit keys in CBC, ECB and CTR modes, and AES key wrap ' +
        '(-id-aes256-wrap-pad, the first step of KMS\'s RSA_AES_KEY_WRAP import wrapping; -list names them all); ' +
        'for other ciphers that real OpenSSL has, it says so. Files cross both ways: what this command ' +
        'encrypts, OpenSSL 3 on your own machine decrypts, and the other way round.',
      'The key is given as hex with -K (and -iv), or comes from a password. From a password, a salt ' +
        'and a digest derive key and IV: through PBKDF2 with -pbkdf2 or -iter, otherwise through the old ' +
        'one-round scheme, with a warning. Unless -S is used, encryption writes "Salted__" and the ' +
        'random 8-byte salt first, and decryption reads them back.',
    ],
    options: [
      ['-e', 'Encrypts; this is what happens unless -d is given.'],
      ['-d', 'Decrypts.'],
      ['-CIPHER', 'Chooses the cipher, for example -aes-256-cbc; a later one replaces an earlier one.'],
      ['-none', 'Changes nothing: with no cipher named, the data is only copied or base64-coded.'],
      ['-in FILE', 'Reads FILE; without it (or with -) standard input.'],
      ['-out FILE', 'Writes FILE; without it (or with -) standard output.'],
      ['-a, -base64', 'Base64-encodes what encryption produces, or decodes the input before decryption.'],
      ['-A', 'With -a, keeps the base64 on one line with no newlines. Reading, it is needed for a single line that does not end in a newline.'],
      ['-pass SOURCE', 'Takes the password from pass:TEXT, env:VARIABLE, file:PATH, fd:NUMBER or stdin (from a file or stream, its first line).'],
      ['-k PASSWORD', 'Gives the password itself; the older form of -pass pass:PASSWORD.'],
      ['-kfile FILE', 'Takes the password from the first line of FILE; an older form too.'],
      ['-pbkdf2', 'Derives key and IV with PBKDF2, in 10000 rounds unless -iter sets them.'],
      ['-iter N', 'Derives with PBKDF2 in N rounds.'],
      ['-md DIGEST', 'Sets the digest used in deriving (sha256 unless given).'],
      ['-salt', 'Mixes a random salt into the derivation; on by default.'],
      ['-nosalt', 'Derives without a salt, so one password always gives one key.'],
      ['-S HEX', 'Uses this salt. It is not written out, so decryption needs -S again.'],
      ['-K HEX', 'Uses this key, so no password is needed.'],
      ['-iv HEX', 'Uses this IV.'],
      ['-p', 'Prints salt, key and IV, and goes on.'],
      ['-P', 'Prints salt, key and IV, and stops there.'],
      ['-nopad', 'Leaves out PKCS#7 padding; the data must then be whole 16-byte blocks.'],
      ['-bufsize N[k]', 'Moves N bytes (or N kibibytes) at a time; at least 80 with -a.'],
      ['-v', 'Reports the buffer size, then how many bytes were read and written.'],
      ['-debug', 'Accepted; the sandbox prints no I/O traces.'],
      ['-list, -ciphers', 'Prints the names of the ciphers that run here, and stops.'],
      ['-help', 'Prints this page, and stops.'],
      ...IGNORED_OPTIONS,
    ],
    examples: [
      [
        'Encrypt a file with a data key (its 32 bytes as hex) and a fresh IV, then decrypt it:',
        'openssl rand -hex 16 > report.iv\n' +
          'openssl enc -aes-256-cbc -K $(xxd -p -c 64 datakey.bin) \\\n' +
          '    -iv $(cat report.iv) -in report.txt -out report.enc\n' +
          'openssl enc -d -aes-256-cbc -K $(xxd -p -c 64 datakey.bin) \\\n' +
          '    -iv $(cat report.iv) -in report.enc',
      ],
      ['Encrypt with a password kept in a file, as base64 text:', 'openssl enc -aes-256-cbc -pbkdf2 -pass file:pw.txt -a \\\n    -in notes.txt -out notes.b64'],
      ['Turn base64 text back into bytes:', 'openssl base64 -d -in blob.b64 -out blob.bin'],
    ],
  });
}

/** What the command line asks for, once read. */
interface Plan {
  encrypt: boolean;
  cipherName: string | undefined;
  base64: boolean;
  oneLine: boolean;
  inPath: string | undefined;
  outPath: string | undefined;
  passSource: string | undefined;
  /** From -k or -kfile, which take over from -pass. */
  password: Uint8Array | undefined;
  hexKey: string | undefined;
  hexIv: string | undefined;
  hexSalt: string | undefined;
  useSalt: boolean;
  digestName: string | undefined;
  iterations: number;
  pbkdf2: boolean;
  printKeys: 'no' | 'and-go-on' | 'and-stop';
  pad: boolean;
  verbose: boolean;
  bufferSize: number;
}

const DEFAULT_ITERATIONS = 10000;
const MAX_INT = 0x7fffffff;

/**
 * -bufsize: a number as -iter reads it, with an optional trailing "k" for kibibytes; a negative
 * one, or one past 2^31-1, is refused with only the "Use -help" line.
 */
function bufferSize(prog: string, text: string): number | { complaint: string } {
  const kibi = text.length > 1 && text.endsWith('k');
  const parsed = parseLong(prog, kibi ? text.slice(0, -1) : text);
  if (typeof parsed === 'string') return { complaint: parsed };
  const size = parsed * (kibi ? 1024 : 1);
  return size < 0 || size > MAX_INT ? { complaint: '' } : size;
}

/** Reads the options in order, acting at once on -help, -list and -kfile as OpenSSL does. */
function readPlan(ctx: CommandContext, prog: string, args: readonly string[], stdin: InputBytes): Plan | number {
  const usage = `${prog}: Use -help for summary.\n`;
  const plan: Plan = {
    encrypt: true,
    cipherName: prog === 'enc' || prog === 'base64' ? undefined : prog,
    base64: prog === 'base64',
    oneLine: false,
    inPath: undefined,
    outPath: undefined,
    passSource: undefined,
    password: undefined,
    hexKey: undefined,
    hexIv: undefined,
    hexSalt: undefined,
    useSalt: true,
    digestName: undefined,
    iterations: DEFAULT_ITERATIONS,
    pbkdf2: false,
    printKeys: 'no',
    pad: true,
    verbose: false,
    bufferSize: 8192,
  };
  let commandCipher = plan.cipherName !== undefined;
  const parsed = parseOptions(prog, args, OPTIONS, true);
  for (const { name, value } of parsed.options) {
    switch (name) {
      case '':
        // Any other -word names a cipher, looked up once all options are read. A bare "-" names
        // none: it is ignored, except that it switches off the cipher a cipher command brings.
        if (value !== '') commandCipher = false;
        if (value !== '' || commandCipher) plan.cipherName = value || undefined;
        break;
      case 'help':
        ctx.stderr(helpText(prog));
        return 0;
      case 'list':
      case 'ciphers':
        ctx.stdout(cipherListing());
        return 0;
      case 'e':
      case 'd':
        plan.encrypt = name === 'e';
        break;
      case 'p':
        plan.printKeys = 'and-go-on';
        break;
      case 'P':
        plan.printKeys = 'and-stop';
        break;
      case 'v':
        plan.verbose = true;
        break;
      case 'a':
      case 'base64':
        plan.base64 = true;
        break;
      case 'A':
        plan.oneLine = true;
        break;
      case 'nopad':
        plan.pad = false;
        break;
      case 'salt':
      case 'nosalt':
        plan.useSalt = name === 'salt';
        break;
      case 'pbkdf2':
        plan.pbkdf2 = true;
        break;
      case 'iter':
        plan.pbkdf2 = true;
        plan.iterations = parseInt32(prog, value) as number; // parseOptions has checked it
        break;
      case 'in':
        plan.inPath = value;
        break;
      case 'out':
        plan.outPath = value;
        break;
      case 'pass':
        plan.passSource = value;
        break;
      case 'k':
        plan.password = utf8.encode(value);
        break;
      case 'kfile': {
        const read = passwordFromKeyFile(ctx, prog, value, stdin);
        if ('failure' in read) {
          ctx.stderr(read.failure);
          return 1;
        }
        plan.password = read.password;
        break;
      }
      case 'K':
        plan.hexKey = value;
        break;
      case 'S':
        plan.hexSalt = value;
        break;
      case 'iv':
        plan.hexIv = value;
        break;
      case 'md':
        plan.digestName = value;
        break;
      case 'bufsize': {
        const size = bufferSize(prog, value);
        if (typeof size !== 'number') {
          ctx.stderr(size.complaint + usage);
          return 1;
        }
        plan.bufferSize = size;
        break;
      }
      // -none, -debug, engines, providers and seed files change nothing here.
    }
  }
  if (parsed.error !== undefined || parsed.rest.length > 0) {
    ctx.stderr((parsed.error ?? '') + usage);
    return 1;
  }
  return plan;
}

/**
 * -K, -iv and -S: hex digits fill `size` bytes from the left, two to a byte; too few are padded
 * with zero bits and too many cut off, each with OpenSSL's warning. Undefined after a non-hex
 * digit among those used.
 */
function hexToBytes(text: string, size: number, warn: (line: string) => void): Uint8Array | undefined {
  const length = utf8.encode(text).length;
  if (length < size * 2) warn('hex string is too short, padding with zero bytes to length\n');
  if (length > size * 2) warn('hex string is too long, ignoring excess\n');
  const bytes = new Uint8Array(size);
  const digits = text.slice(0, size * 2);
  for (let i = 0; i < digits.length; i++) {
    if (!/^[0-9a-fA-F]$/.test(digits[i]!)) {
      warn('non-hex digit\n');
      return undefined;
    }
    bytes[i >> 1]! |= Number.parseInt(digits[i]!, 16) << (i % 2 === 0 ? 4 : 0);
  }
  return bytes;
}

const upperHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');

const MAGIC = utf8.encode('Salted__');
const SALT_LENGTH = 8;

/** The library line OpenSSL adds when the last block cannot be finished. */
function finalError(failure: FinalFailure, encrypt: boolean): string {
  if (failure === 'wrong final block length') {
    return libError(
      '1C80006B:Provider routines:ossl_cipher_generic_block_final:wrong final block length:' +
        `../providers/implementations/ciphers/ciphercommon.c:${encrypt ? 417 : 440}:`,
    );
  }
  const line = failure === 'bad pad length' ? 124 : 129;
  return libError(`1C800064:Provider routines:ossl_cipher_unpadblock:bad decrypt:../providers/implementations/ciphers/ciphercommon_block.c:${line}:`);
}

/** The raw input: a file or stdin, counting bytes for -v; a directory fails on the first read. */
class RawInput implements TextSource {
  private count = 0;
  private failed = false;
  private readonly bytes: InputBytes;
  private readonly directory: boolean;
  private readonly onError: (lines: string) => void;

  constructor(bytes: InputBytes, directory: boolean, onError: (lines: string) => void) {
    this.bytes = bytes;
    this.directory = directory;
    this.onError = onError;
  }

  take(count: number): Uint8Array {
    if (this.directory) {
      if (count > 0 && !this.failed) this.onError(DIRECTORY_READ_ERRORS);
      this.failed ||= count > 0;
      return new Uint8Array(0);
    }
    const piece = this.bytes.take(count);
    this.count += piece.length;
    return piece;
  }

  get taken(): number {
    return this.count;
  }
}

/** Runs `openssl enc` (or base64, or a cipher command) with the arguments after the command name. */
export async function encMain(ctx: CommandContext, args: readonly string[], { prog, randomBytes }: EncOptions): Promise<number> {
  const stdin = new InputBytes(ctx.stdin);
  const plan = readPlan(ctx, prog, args, stdin);
  if (typeof plan === 'number') return plan;
  const usage = `${prog}: Use -help for summary.\n`;
  const refuse = (text: string) => {
    ctx.stderr(text);
    return 1;
  };

  let cipher: AesCipher | undefined;
  let legacy: LegacyCipher | undefined;
  if (plan.cipherName !== undefined) {
    const name = plan.cipherName;
    const found = lookupCipher(name);
    if (found.kind === 'unknown') return refuse(`${prog}: Unknown cipher: ${name}\n${usage}${fetchError(name)}`);
    if (found.kind === 'aead') return refuse(`${prog}: AEAD ciphers not supported\n${usage}`);
    if (found.kind === 'xts') return refuse(`${prog} XTS ciphers not supported\n${usage}`);
    if (found.kind === 'not-simulated') {
      return refuse(
        `${prog}: -${name} is a real OpenSSL cipher that KMS Lab does not simulate; ` +
          'here enc has AES-128, AES-192 and AES-256 in CBC, ECB and CTR modes and key wrap (see openssl enc -list)\n',
      );
    }
    if (found.kind === 'aes') cipher = found.cipher;
    else legacy = found.cipher;
  }
  let digest: DigestName = 'sha256';
  if (plan.digestName !== undefined) {
    const found = lookupDigest(plan.digestName);
    if (found === undefined) return refuse(`${prog}: Unknown option or message digest: ${plan.digestName}\n${usage}${fetchError(plan.digestName)}`);
    if (found === 'not-simulated') {
      if (cipher || legacy) {
        return refuse(
          `${prog}: ${plan.digestName} is a real OpenSSL digest that KMS Lab does not simulate; ` +
            '-md takes md5, sha1, sha256, sha384 or sha512 here\n',
        );
      }
    } else {
      digest = found;
    }
  }
  const bufferSize = plan.base64 ? Math.max(plan.bufferSize, 80) : plan.bufferSize;
  if (plan.verbose) ctx.stderr(`bufsize=${bufferSize}\n`);

  // Input is opened first, then the password read, then output opened (creating the file).
  let inputPath: string | undefined;
  let inputIsDirectory = false;
  if (plan.inPath !== undefined && plan.inPath !== '-') {
    const opened = openInput(ctx, plan.inPath, !plan.encrypt && plan.base64 ? 'r' : 'rb', ctx.stdin);
    if ('failure' in opened) return refuse(opened.failure);
    inputPath = opened.path;
    inputIsDirectory = opened.directory === true;
  }
  let password = plan.password;
  if (password === undefined && plan.passSource !== undefined) {
    const got = passwordFromSource(ctx, plan.passSource, stdin);
    if ('failure' in got) return refuse(got.failure);
    password = got.password;
  }
  const chosen = cipher ?? legacy;
  if (chosen && password === undefined && plan.hexKey === undefined) {
    return refuse(
      `enter ${chosen.name} ${plan.encrypt ? 'encryption' : 'decryption'} password:\nbad password read\n` +
        libError('1400006B:UI routines:UI_process:processing error:../crypto/ui/ui_lib.c:573:while reading strings') +
        'KMS Lab hint: the sandbox has no terminal to type a password into; give it with -pass pass:SECRET, -pass file:PATH or -k SECRET\n',
    );
  }
  const out = openOutput(ctx, plan.outPath, plan.encrypt && plan.base64 ? 'w' : 'wb');
  if ('failure' in out) return refuse(out.failure);

  // Library lines wait in a queue, as OpenSSL's do, and are printed last.
  const queued: string[] = [];
  const data = inputPath === undefined ? stdin : new InputBytes(inputIsDirectory ? new Uint8Array(0) : ctx.vfs.readFile(inputPath));
  const raw = new RawInput(data, inputIsDirectory, (lines) => queued.push(lines));
  const decoded = plan.base64 && !plan.encrypt ? new Base64Input(raw, plan.oneLine) : undefined;
  const read = (count: number) => (decoded ? decoded.read(count) : raw.take(count));
  const encoder = plan.base64 && plan.encrypt ? new Base64Output((text) => out.write(text), plan.oneLine) : undefined;
  const write = (bytes: Uint8Array) => (encoder ? encoder.write(bytes) : out.write(bytes));
  const end = (code: number, message = '') => {
    out.close();
    ctx.stderr(message + queued.join(''));
    return code;
  };

  let key: Uint8Array = new Uint8Array(0);
  let iv: Uint8Array = new Uint8Array(0);
  let salt: Uint8Array | undefined;
  if (chosen) {
    const warn = (line: string) => ctx.stderr(line);
    if (password !== undefined) {
      if (plan.useSalt) {
        if (plan.hexSalt !== undefined) {
          salt = hexToBytes(plan.hexSalt, SALT_LENGTH, warn);
          if (!salt) return end(1, 'invalid hex salt value\n');
        } else if (plan.encrypt) {
          salt = randomBytes(SALT_LENGTH);
          if (plan.printKeys !== 'and-stop') write(concat(MAGIC, salt));
        } else {
          const readFully = (count: number) => {
            const parts: Uint8Array[] = [];
            for (let have = 0; have < count; ) {
              const piece = read(count - have);
              if (piece.length === 0) break;
              parts.push(piece);
              have += piece.length;
            }
            return concat(...parts);
          };
          const magic = readFully(MAGIC.length);
          if (magic.length < MAGIC.length) return end(1, 'error reading input file\n');
          if (!equalBytes(magic, MAGIC)) return end(1, 'bad magic number\n');
          salt = readFully(SALT_LENGTH);
          if (salt.length < SALT_LENGTH) return end(1, 'error reading input file\n');
        }
      }
      const length = chosen.keyLength + chosen.ivLength;
      let derived: Uint8Array;
      if (plan.pbkdf2) {
        derived = await pbkdf2(digest, password, salt ?? new Uint8Array(0), plan.iterations, length, ctx.signal);
      } else {
        ctx.stderr('*** WARNING : deprecated key derivation used.\nUsing -iter or -pbkdf2 would be better.\n');
        derived = await bytesToKey(digest, password, salt, length);
      }
      key = derived.slice(0, chosen.keyLength);
      iv = derived.slice(chosen.keyLength);
    }
    if (plan.hexIv !== undefined) {
      if (chosen.ivLength === 0) {
        warn('warning: iv not used by this cipher\n');
      } else {
        const given = hexToBytes(plan.hexIv, chosen.ivLength, warn);
        if (!given) return end(1, 'invalid hex iv value\n');
        iv = given;
      }
    } else if (password === undefined && chosen.ivLength > 0) {
      return end(1, 'iv undefined\n');
    }
    if (plan.hexKey !== undefined) {
      const given = hexToBytes(plan.hexKey, chosen.keyLength, warn);
      if (!given) return end(1, 'invalid hex key value\n');
      key = given;
    }
    if (legacy) return end(1, `Error setting cipher ${legacy.name}\n${fetchError(legacy.name, legacy.algorithmNumber, '')}`);
    if (plan.printKeys !== 'no') {
      // Without a password OpenSSL prints whatever its salt buffer held; zeros stand in for it.
      const lines =
        (plan.useSalt ? `salt=${upperHex(salt ?? new Uint8Array(SALT_LENGTH))}\n` : '') +
        `key=${upperHex(key)}\n` +
        (chosen.ivLength > 0 ? `iv =${upperHex(iv)}\n` : '');
      ctx.stdout(lines);
      if (plan.printKeys === 'and-stop') return end(0);
    }
  }

  const parts: Uint8Array[] = [];
  for (let piece = read(bufferSize); piece.length > 0; piece = read(bufferSize)) parts.push(piece);
  const input = concat(...parts);
  if (cipher) {
    const result = await aesCipher(cipher.mode, plan.encrypt, key, iv, plan.pad, input);
    write(result.output);
    if (result.failure === 'invalid input length' || result.failure === 'cipher operation failed') {
      // A wrap cipher fails in the update, so enc reports a failed write.
      const line = result.failure === 'cipher operation failed' ? 211 : plan.encrypt ? 187 : 181;
      const code = result.failure === 'cipher operation failed' ? '1C800066' : '1C8000E6';
      encoder?.finish();
      queued.push(
        libError(`${code}:Provider routines:aes_wrap_cipher_internal:${result.failure}:../providers/implementations/ciphers/cipher_aes_wrp.c:${line}:`) +
          libError(`030000BD:digital envelope routines:EVP_${plan.encrypt ? 'Encrypt' : 'Decrypt'}Update:update error:../crypto/evp/evp_enc.c:${plan.encrypt ? 688 : 835}:`),
      );
      return end(1, 'error writing output file\n');
    }
    if (result.failure) {
      // The base64 text still held back is never written.
      queued.push(finalError(result.failure, plan.encrypt));
      return end(1, plan.encrypt ? 'bad encrypt\n' : 'bad decrypt\n');
    }
  } else {
    write(input);
  }
  encoder?.finish();
  const verbose = plan.verbose ? `bytes read   :${String(raw.taken).padStart(9)}\nbytes written:${String(out.written).padStart(9)}\n` : '';
  return end(0, verbose);
}
