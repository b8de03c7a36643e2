/**
 * `openssl enc` (and `openssl base64`, `openssl aes-256-cbc`, …) following OpenSSL 3.0's
 * apps/enc.c step by step, so that what it writes, and when it fails, is what the real tool
 * does: the same bytes for the same key, salt and IV, the same messages in the same order.
 */
import { concat, equalBytes, hex, utf8 } from '../../kms/bytes.ts';
import type { CommandContext } from '../types.ts';
import { Base64Reader, Base64Writer, ByteSource } from './openssl-base64.ts';
import {
  DIRECTORY_READ_ERRORS,
  fetchError,
  libError,
  openInput,
  openOutput,
  parseLong,
  parseOptions,
  RANDOM_AND_PROVIDER_HELP,
  type OptionSpec,
} from './openssl-common.ts';
import { aesCipher, bytesToKey, pbkdf2, type AesMode, type DigestName } from './openssl-crypto.ts';

const ENC_OPTIONS: OptionSpec[] = [
  ...['help', 'list', 'ciphers', 'e', 'd', 'p', 'P', 'v', 'a', 'base64', 'A', 'nopad', 'salt', 'nosalt', 'debug', 'pbkdf2', 'none'].map(
    (name) => ({ name, kind: '-' as const }),
  ),
  ...['engine', 'k', 'pass', 'bufsize', 'K', 'S', 'iv', 'md', 'rand', 'provider-path', 'provider', 'propquery'].map((name) => ({
    name,
    kind: 's' as const,
  })),
  { name: 'in', kind: '<' },
  { name: 'kfile', kind: '<' },
  { name: 'out', kind: '>' },
  { name: 'writerand', kind: '>' },
  { name: 'iter', kind: 'p' },
];

function encUsage(prog: string): string {
  return `Usage: ${prog} [options]

General options:
 -help               Display this summary
 -list               List ciphers
 -ciphers            Alias for -list
 -e                  Encrypt
 -d                  Decrypt
 -p                  Print the iv/key
 -P                  Print the iv/key and exit
 -engine val         Use engine, possibly a hardware device

Input options:
 -in infile          Input file
 -k val              Passphrase
 -kfile infile       Read passphrase from file

Output options:
 -out outfile        Output file
 -pass val           Passphrase source
 -v                  Verbose output
 -a                  Base64 encode/decode, depending on encryption flag
 -base64             Same as option -a
 -A                  Used with -[base64|a] to specify base64 buffer as a single line

Encryption options:
 -nopad              Disable standard block padding
 -salt               Use salt in the KDF (default)
 -nosalt             Do not use salt in the KDF
 -debug              Print debug info
 -bufsize val        Buffer size
 -K val              Raw key, in hex
 -S val              Salt, in hex
 -iv val             IV in hex
 -md val             Use specified digest to create a key from the passphrase
 -iter +int          Specify the iteration count and force the use of PBKDF2
                     Default: 10000
 -pbkdf2             Use password-based key derivation function 2 (PBKDF2)
                     Use -iter to change the iteration count from 10000
 -none               Don't encrypt
 -*                  Any supported cipher

${RANDOM_AND_PROVIDER_HELP}`;
}

/** A cipher this openssl can run. */
interface Cipher {
  kind: 'aes';
  /** EVP_CIPHER_name, as in the password prompt. */
  name: string;
  mode: AesMode;
  keyLength: number;
  ivLength: number;
}

/** A cipher OpenSSL 3.0 knows but only in its legacy provider: `enc` fails at EVP_CipherInit_ex. */
interface LegacyCipher {
  kind: 'legacy';
  name: string;
  /** The algorithm number OpenSSL prints in the fetch error. */
  id: number;
  keyLength: number;
  ivLength: number;
}

type CipherLookup = Cipher | LegacyCipher | { kind: 'aead' | 'xts' | 'elsewhere' | 'unknown' };

const LEGACY: Record<string, [name: string, id: number, keyLength: number, ivLength: number]> = {
  bf: ['BF-CBC', 11, 16, 8],
  'bf-cbc': ['BF-CBC', 11, 16, 8],
  blowfish: ['BF-CBC', 11, 16, 8],
  'bf-ecb': ['BF-ECB', 0, 16, 0],
  cast: ['CAST5-CBC', 18, 16, 8],
  'cast-cbc': ['CAST5-CBC', 18, 16, 8],
  'cast5-cbc': ['CAST5-CBC', 18, 16, 8],
  'cast5-ecb': ['CAST5-ECB', 0, 16, 0],
  des: ['DES-CBC', 8, 8, 8],
  'des-cbc': ['DES-CBC', 8, 8, 8],
  'des-ecb': ['DES-ECB', 1, 8, 0],
  desx: ['DESX-CBC', 0, 24, 8],
  'desx-cbc': ['DESX-CBC', 0, 24, 8],
  rc2: ['RC2-CBC', 4, 16, 8],
  'rc2-cbc': ['RC2-CBC', 4, 16, 8],
  'rc2-ecb': ['RC2-ECB', 0, 16, 0],
  rc4: ['RC4', 37, 16, 0],
  seed: ['SEED-CBC', 53, 16, 16],
  'seed-cbc': ['SEED-CBC', 53, 16, 16],
  'seed-ecb': ['SEED-ECB', 74, 16, 0],
};

/** A whole-name pattern from alternatives, so the lists below stay readable. */
const names = (...alternatives: string[]) => new RegExp(`^(${alternatives.join('|')})$`);

const AEAD = names(
  'aes-(128|192|256)-(gcm|ccm|ocb|siv)',
  'aes-(128|256)-cbc-hmac-sha(1|256)',
  'id-aes(128|192|256)-(gcm|ccm)',
  'aria-(128|192|256)-(gcm|ccm)',
  'chacha20-poly1305',
);
const XTS = names('aes-(128|256)-xts');
/** Ciphers real OpenSSL 3.0 has (some only in its legacy provider) that this simulator leaves out. */
const ELSEWHERE = names(
  'aes-(128|192|256)-(cfb|cfb1|cfb8|ofb|cbc-cts|wrap|wrap-inv|wrap-pad|wrap-pad-inv)',
  '(id-)?aes(128|192|256)-wrap(-pad)?(-inv)?',
  'aria-(128|192|256)-(cbc|cfb|cfb1|cfb8|ctr|ecb|ofb)',
  'aria(128|192|256)',
  'camellia-(128|192|256)-(cbc|cbc-cts|cfb|cfb1|cfb8|ctr|ecb|ofb)',
  'camellia(128|192|256)',
  'chacha20',
  'des-ede3?(-cbc|-cfb|-cfb1|-cfb8|-ecb|-ofb)?',
  'des3',
  'des3-wrap',
  'id-smime-alg-cms3deswrap',
  'sm4(-cbc|-cfb|-cfb128|-ctr|-ecb|-ofb|-ofb128)?',
  'bf-(cfb|ofb)',
  'cast5-(cfb|ofb)',
  'des-(cfb|cfb1|cfb8|ofb)',
  'rc2-(40|64|128|40-cbc|64-cbc|cfb|ofb)',
  'rc4-40',
  'rc4-hmac-md5',
  'seed-(cfb|ofb)',
);

/** Cipher names are case-insensitive in OpenSSL, as are the aes128/aes192/aes256 aliases for CBC. */
export function lookupCipher(given: string): CipherLookup {
  const name = given.toLowerCase().replace(/^aes(128|192|256)$/, 'aes-$1-cbc');
  const aes = /^aes-(128|192|256)-(cbc|ecb|ctr)$/.exec(name);
  if (aes) {
    const mode = aes[2] as AesMode;
    return { kind: 'aes', name: name.toUpperCase(), mode, keyLength: Number(aes[1]) / 8, ivLength: mode === 'ecb' ? 0 : 16 };
  }
  const legacy = LEGACY[name];
  if (legacy) return { kind: 'legacy', name: legacy[0], id: legacy[1], keyLength: legacy[2], ivLength: legacy[3] };
  if (AEAD.test(name)) return { kind: 'aead' };
  if (XTS.test(name)) return { kind: 'xts' };
  if (ELSEWHERE.test(name)) return { kind: 'elsewhere' };
  return { kind: 'unknown' };
}

const DIGESTS: Record<string, DigestName> = {
  md5: 'md5',
  sha1: 'sha1',
  'sha-1': 'sha1',
  sha256: 'sha256',
  'sha-256': 'sha256',
  'sha2-256': 'sha256',
  sha384: 'sha384',
  'sha-384': 'sha384',
  'sha2-384': 'sha384',
  sha512: 'sha512',
  'sha-512': 'sha512',
  'sha2-512': 'sha512',
};
const DIGESTS_ELSEWHERE = names(
  'sha-?224|sha2-224|sha512-(224|256)|sha2?-512/(224|256)',
  'sha3-(224|256|384|512)|shake(128|256)',
  'blake2b512|blake2s256|md5-sha1|sm3|rmd160|ripemd|ripemd-?160|md4|mdc2|whirlpool',
);

const SUPPORTED_LIST = [
  ...[128, 192, 256].flatMap((bits) => ['cbc', 'ctr', 'ecb'].map((mode) => `aes-${bits}-${mode}`)),
  ...['aes128', 'aes192', 'aes256'],
];

/** `enc -list`: the cipher names, three to a line, as show_ciphers() lays them out. */
function cipherList(): string {
  let text = 'Supported ciphers:\n';
  SUPPORTED_LIST.forEach((name, i) => {
    text += `-${name.padEnd(25)}${i % 3 === 2 ? '\n' : ' '}`;
  });
  return `${text}\n`;
}

/**
 * set_hex(): fills `size` bytes from hex, warning when the text is short (zero padding) or long
 * (excess ignored); undefined after "non-hex digit".
 */
function setHex(text: string, size: number, err: (s: string) => void): Uint8Array | undefined {
  let n = text.length;
  if (n > size * 2) {
    err('hex string is too long, ignoring excess\n');
    n = size * 2;
  } else if (n < size * 2) {
    err('hex string is too short, padding with zero bytes to length\n');
  }
  const out = new Uint8Array(size);
  for (let i = 0; i < n; i++) {
    const digit = parseInt(text[i]!, 16);
    if (Number.isNaN(digit)) {
      err('non-hex digit\n');
      return undefined;
    }
    out[i >> 1]! |= i & 1 ? digit : digit << 4;
  }
  return out;
}

/**
 * BIO_gets() of a password line: at most size-1 bytes up to and including a newline. The
 * password is that line as a C string, cut at the newline or at a NUL byte; a line that is
 * empty as a C string (it starts with NUL) reads as nothing.
 */
function getsLine(data: Uint8Array, size: number): { line: Uint8Array; consumed: number } | undefined {
  let end = 0;
  while (end < data.length && end < size - 1) {
    if (data[end++] === 0x0a) break;
  }
  const raw = data.subarray(0, end);
  const nul = raw.indexOf(0);
  const line = nul >= 0 ? raw.subarray(0, nul) : raw;
  return line.length > 0 ? { line, consumed: end } : undefined;
}

const MAGIC = utf8.encode('Salted__');

export interface EncOptions {
  /** The name the command ran under: enc, base64 or a cipher name. */
  prog: string;
  randomBytes(length: number): Uint8Array;
}

/** Runs `openssl enc` (or its aliases) with the arguments after the command name. */
export async function encMain(ctx: CommandContext, args: readonly string[], { prog, randomBytes }: EncOptions): Promise<number> {
  const err = (text: string) => ctx.stderr(text);
  const opthelp = () => {
    err(`${prog}: Use -help for summary.\n`);
    return 1;
  };
  let stdin = ctx.stdin;

  let base64 = prog === 'base64';
  let cipherName = prog === 'base64' || prog === 'enc' ? undefined : prog;
  let encrypt = true;
  let printKey = 0;
  let verbose = false;
  let singleLine = false;
  let nopad = false;
  let nosalt = false;
  let pbkdf2Wanted = false;
  let iter = 0;
  let bufferSize = 8 * 1024;
  let inFile: string | undefined;
  let outFile: string | undefined;
  let passArg: string | undefined;
  let password: Uint8Array | undefined;
  let hexKey: string | undefined;
  let hexIv: string | undefined;
  let hexSalt: string | undefined;
  let digestName: string | undefined;

  // opt_unknown() hands back the last unknown flag; a bare "-" matches enc's nameless option
  // without setting one, so it repeats the previous unknown flag or names no cipher at all.
  let lastUnknown: string | undefined;
  const parsed = parseOptions(prog, args, ENC_OPTIONS, true);
  for (const option of parsed.options) {
    const value = option.value;
    switch (option.name) {
      case '':
        if (value !== '') lastUnknown = value;
        cipherName = lastUnknown;
        break;
      case 'help':
        err(encUsage(prog));
        return 0;
      case 'list':
      case 'ciphers':
        ctx.stdout(cipherList());
        return 0;
      case 'e':
        encrypt = true;
        break;
      case 'd':
        encrypt = false;
        break;
      case 'p':
        printKey = 1;
        break;
      case 'P':
        printKey = 2;
        break;
      case 'v':
        verbose = true;
        break;
      case 'a':
      case 'base64':
        base64 = true;
        break;
      case 'A':
        singleLine = true;
        break;
      case 'nopad':
        nopad = true;
        break;
      case 'salt':
        nosalt = false;
        break;
      case 'nosalt':
        nosalt = true;
        break;
      case 'in':
        inFile = value;
        break;
      case 'out':
        outFile = value;
        break;
      case 'pass':
        passArg = value;
        break;
      case 'k':
        password = utf8.encode(value);
        break;
      case 'kfile': {
        // The first line of the file, trailing CR/LF removed, read while the options are parsed.
        const file = openInput(ctx, value, 'r', stdin);
        if ('failure' in file) {
          err(file.failure);
          return opthelp();
        }
        const got = file.directory ? undefined : getsLine(file.data, 128);
        if (!got) {
          err(`${prog} Can't read key from ${value}\n`);
          return opthelp();
        }
        if (value === '-') stdin = stdin.subarray(got.consumed);
        let i = got.line.length;
        const line = got.line.slice();
        while (--i > 0 && (line[i] === 0x0d || line[i] === 0x0a)) line[i] = 0;
        if (i <= 0) {
          err(`${prog}: zero length password\n`);
          return opthelp();
        }
        const nul = line.indexOf(0);
        password = nul >= 0 ? line.subarray(0, nul) : line;
        break;
      }
      case 'K':
        hexKey = value;
        break;
      case 'S':
        hexSalt = value;
        break;
      case 'iv':
        hexIv = value;
        break;
      case 'md':
        digestName = value;
        break;
      case 'iter':
        iter = Number(parseLong(prog, value));
        pbkdf2Wanted = true;
        break;
      case 'pbkdf2':
        pbkdf2Wanted = true;
        if (iter === 0) iter = 10000;
        break;
      case 'bufsize': {
        const kilo = value.length >= 2 && value.endsWith('k');
        const n = parseLong(prog, kilo ? value.slice(0, -1) : value);
        if (typeof n === 'string') {
          err(n);
          return opthelp();
        }
        if (n < 0 || (kilo && n >= Number.MAX_SAFE_INTEGER / 1024)) return opthelp();
        bufferSize = kilo ? n * 1024 : n;
        break;
      }
      // -debug traces BIO calls, -none is overridden by any cipher name (as in OpenSSL); engines,
      // providers and seed files have nothing to act on in the simulator.
      default:
        break;
    }
  }
  if (parsed.error !== undefined) {
    err(parsed.error);
    return opthelp();
  }
  if (parsed.rest.length > 0) return opthelp();

  let cipher: Cipher | LegacyCipher | undefined;
  if (cipherName !== undefined) {
    const found = lookupCipher(cipherName);
    switch (found.kind) {
      case 'unknown':
        err(`${prog}: Unknown cipher: ${cipherName}\n`);
        opthelp();
        err(fetchError(cipherName));
        return 1;
      case 'aead':
        err(`${prog}: AEAD ciphers not supported\n`);
        return opthelp();
      case 'xts':
        err(`${prog} XTS ciphers not supported\n`);
        return opthelp();
      case 'elsewhere':
        err(
          `${prog}: ${cipherName} is a real OpenSSL cipher that KMS Lab does not simulate; ` +
            `use aes-128-cbc, aes-192-cbc or aes-256-cbc (or -ctr, -ecb)\n`,
        );
        return 1;
      default:
        cipher = found;
    }
  }
  let md: DigestName = 'sha256';
  if (digestName !== undefined) {
    const lower = digestName.toLowerCase();
    const known = DIGESTS[lower];
    if (known === undefined) {
      if (DIGESTS_ELSEWHERE.test(lower)) {
        err(`${prog}: ${digestName} is a real OpenSSL digest that KMS Lab does not simulate; use md5, sha1, sha256, sha384 or sha512\n`);
        return 1;
      }
      err(`${prog}: Unknown option or message digest: ${digestName}\n`);
      opthelp();
      err(fetchError(digestName));
      return 1;
    }
    md = known;
  }
  if (iter === 0) iter = 1;
  if (base64 && bufferSize < 80) bufferSize = 80; // room for a base64 line
  if (verbose) err(`bufsize=${bufferSize}\n`);

  const decodeInput = base64 && !encrypt;
  const encodeOutput = base64 && encrypt;
  const input = openInput(ctx, inFile, decodeInput ? 'r' : 'rb', stdin);
  if ('failure' in input) {
    err(input.failure);
    return 1;
  }
  const inputIsStdin = input.path === undefined;
  // Errors OpenSSL queues on the way and prints as it exits.
  const trailingErrors = input.directory ? DIRECTORY_READ_ERRORS : '';

  if (password === undefined && passArg !== undefined) {
    const got = getPassword(ctx, passArg, stdin);
    if ('failure' in got) {
      err(`${got.failure}Error getting password\n${got.queued ?? ''}`);
      return 1;
    }
    password = got.password;
    stdin = got.stdin;
  }

  if (password === undefined && cipher !== undefined && hexKey === undefined) {
    // OpenSSL would ask on the terminal; with none to ask on, this is what it prints.
    err(
      `enter ${cipher.name} ${encrypt ? 'encryption' : 'decryption'} password:\nbad password read\n` +
        libError('1400006B:UI routines:UI_process:processing error:../crypto/ui/ui_lib.c:573:while reading strings'),
    );
    const hint = 'KMS Lab hint: this terminal cannot prompt for a password; give one with -pass pass:… or -pass file:…';
    err(ctx.session.ansi ? `\x1b[3;90m${hint}\x1b[0m\n` : `${hint}\n`);
    return 1;
  }

  const out = openOutput(ctx, outFile, encodeOutput ? 'w' : 'wb');
  if ('failure' in out) {
    err(out.failure);
    return 1;
  }
  const fail = (message: string) => {
    out.close();
    err(message + trailingErrors);
    return 1;
  };

  // fopen("w") has just emptied the output; if that was also the input, there is nothing left to read.
  const data = inputIsStdin ? stdin : input.path === out.path ? new Uint8Array(0) : input.data;
  const source = new ByteSource(data);
  const reader = decodeInput ? new Base64Reader(source, singleLine) : source;
  const writer = encodeOutput
    ? new Base64Writer((bytes) => out.write(bytes), singleLine)
    : { write: (bytes: Uint8Array) => out.write(bytes), flush() {} };

  let key: Uint8Array = new Uint8Array(0);
  let iv: Uint8Array = new Uint8Array(0);
  if (cipher !== undefined) {
    key = new Uint8Array(cipher.keyLength);
    iv = new Uint8Array(cipher.ivLength);
    // Without a password the salt is never set; OpenSSL then prints whatever was in memory.
    let salt: Uint8Array = new Uint8Array(8);
    if (password !== undefined) {
      let saltUsed: Uint8Array | undefined;
      if (!nosalt) {
        if (hexSalt !== undefined) {
          const parsedSalt = setHex(hexSalt, 8, err);
          if (!parsedSalt) return fail('invalid hex salt value\n');
          salt = parsedSalt;
        } else if (encrypt) {
          salt = randomBytes(8);
          // A generated salt travels in the header; a given one (-S) the reader must know.
          if (printKey !== 2) writer.write(concat(MAGIC, salt));
        } else {
          const magic = reader.read(8);
          if (magic.length !== 8) return fail('error reading input file\n');
          if (!equalBytes(magic, MAGIC)) return fail('bad magic number\n');
          salt = reader.read(8);
          if (salt.length !== 8) return fail('error reading input file\n');
        }
        saltUsed = salt;
      }
      const length = cipher.keyLength + cipher.ivLength;
      let both: Uint8Array;
      if (pbkdf2Wanted) {
        both = await pbkdf2(md, password, saltUsed ?? new Uint8Array(0), iter, length);
      } else {
        err('*** WARNING : deprecated key derivation used.\nUsing -iter or -pbkdf2 would be better.\n');
        both = await bytesToKey(md, password, saltUsed, length);
      }
      key = both.slice(0, cipher.keyLength);
      iv = both.slice(cipher.keyLength);
    }
    if (hexIv !== undefined) {
      if (cipher.ivLength === 0) {
        err('warning: iv not used by this cipher\n');
      } else {
        const parsedIv = setHex(hexIv, cipher.ivLength, err);
        if (!parsedIv) return fail('invalid hex iv value\n');
        iv = parsedIv;
      }
    }
    if (hexIv === undefined && password === undefined && cipher.ivLength !== 0) return fail('iv undefined\n');
    if (hexKey !== undefined) {
      const parsedKey = setHex(hexKey, cipher.keyLength, err);
      if (!parsedKey) return fail('invalid hex key value\n');
      key = parsedKey;
    }
    if (cipher.kind === 'legacy') {
      return fail(`Error setting cipher ${cipher.name}\n${fetchError(cipher.name, cipher.id, '')}`);
    }
    if (printKey) {
      let lines = '';
      if (!nosalt) lines += `salt=${hex(salt).toUpperCase()}\n`;
      lines += `key=${hex(key).toUpperCase()}\n`;
      if (cipher.ivLength > 0) lines += `iv =${hex(iv).toUpperCase()}\n`;
      ctx.stdout(lines);
      if (printKey === 2) {
        out.close();
        if (trailingErrors) err(trailingErrors);
        return 0;
      }
    }
  }

  const chunks: Uint8Array[] = [];
  while (reader.pending() > 0 || !reader.eof()) {
    const chunk = reader.read(bufferSize);
    if (chunk.length === 0) break;
    chunks.push(chunk);
  }
  const body = concat(...chunks);

  if (cipher !== undefined) {
    let result: Awaited<ReturnType<typeof aesCipher>>;
    try {
      result = await aesCipher(cipher.mode, encrypt, key, iv, !nopad, body);
    } catch (error) {
      // Browsers' WebCrypto may refuse 192-bit AES keys (Chromium does).
      if (cipher.keyLength !== 24 || !(error instanceof Error)) throw error;
      return fail(`${prog}: this browser's WebCrypto cannot run ${cipher.name} (${error.message})\n`);
    }
    writer.write(result.output);
    if (result.failure) {
      // The base64 BIO is not flushed after a failed final block, so its partial line is lost.
      const line =
        result.failure === 'wrong final block length'
          ? '1C80006B:Provider routines:ossl_cipher_generic_block_final:wrong final block length:' +
            `../providers/implementations/ciphers/ciphercommon.c:${encrypt ? 417 : 440}:`
          : '1C800064:Provider routines:ossl_cipher_unpadblock:bad decrypt:' +
            `../providers/implementations/ciphers/ciphercommon_block.c:${result.failure === 'bad pad length' ? 124 : 129}:`;
      return fail(`${encrypt ? 'bad encrypt' : 'bad decrypt'}\n${libError(line)}`);
    }
  } else {
    writer.write(body);
  }
  writer.flush();
  out.close();
  if (verbose) {
    err(`bytes read   : ${String(reader.consumed()).padStart(8)}\nbytes written: ${String(out.written).padStart(8)}\n`);
  }
  if (trailingErrors) err(trailingErrors);
  return 0;
}

type PasswordResult =
  | { password: Uint8Array; stdin: Uint8Array }
  | { failure: string; queued?: string };

/** app_passwd(): pass:, env:, file:, fd: and stdin password sources, with OpenSSL's complaints. */
function getPassword(ctx: CommandContext, arg: string, stdin: Uint8Array): PasswordResult {
  if (arg.startsWith('pass:')) return { password: utf8.encode(arg.slice(5)), stdin };
  if (arg.startsWith('env:')) {
    const value = ctx.env[arg.slice(4)];
    if (value === undefined) return { failure: `No environment variable ${arg.slice(4)}\n` };
    return { password: utf8.encode(value), stdin };
  }
  let data: Uint8Array;
  let fromStdin = false;
  if (arg.startsWith('file:')) {
    const path = arg.slice(5);
    const file = openInput(ctx, path, 'r', stdin);
    if ('failure' in file) {
      // Only the library lines of bio_open_default's report; app_passwd words the first line itself.
      return { failure: `Can't open file ${path}\n`, queued: file.failure.slice(file.failure.indexOf('\n') + 1) };
    }
    data = file.data;
  } else if (arg.startsWith('fd:')) {
    // Only descriptor 0 (stdin) exists here; atoi() makes "fd:x" descriptor 0 too.
    const fd = Number.parseInt(arg.slice(3), 10);
    if (fd < 0) return { failure: `Can't access file descriptor ${arg.slice(3)}\n` };
    if (!(Number.isNaN(fd) || fd === 0)) return { failure: 'Error reading password from BIO\n' };
    data = stdin;
    fromStdin = true;
  } else if (arg === 'stdin') {
    data = stdin;
    fromStdin = true;
  } else {
    const colon = arg.indexOf(':');
    return {
      failure:
        colon < 0 || colon > 4
          ? "Invalid password argument, missing ':' within the first 5 chars\n"
          : `Invalid password argument, starting with "${arg.slice(0, colon + 1)}"\n`,
    };
  }
  const got = getsLine(data, 1024);
  if (!got) return { failure: 'Error reading password from BIO\n' };
  const newline = got.line.indexOf(0x0a);
  return {
    password: newline >= 0 ? got.line.subarray(0, newline) : got.line,
    stdin: fromStdin ? stdin.subarray(got.consumed) : stdin,
  };
}
