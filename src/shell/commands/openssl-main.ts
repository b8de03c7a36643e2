/**
 * `openssl`: the local half of envelope encryption in the lessons — `openssl rand` for a data key
 * and `openssl enc` to encrypt with it — and of asymmetric KMS keys (dgst, pkeyutl, pkey, rsa,
 * genpkey: verifying signatures, wrapping key material, converting GetPublicKey's DER), behaving
 * like OpenSSL 3.0 so files move between the sandbox and a real machine, and so its messages are
 * the ones learners will meet there.
 */
import { hex, utf8 } from '../../kms/bytes.ts';
import { CryptoRandom, type RandomSource } from '../../kms/random.ts';
import type { OpensslOptions } from './openssl.ts';
import type { CommandContext, CommandFn } from '../types.ts';
import { Base64Output } from './openssl-base64.ts';
import { renderHelp } from './help-render.ts';
import { isCipherCommand } from './openssl-ciphers.ts';
import { IGNORED_OPTIONS, openOutput, parseInt32, parseOptions, type OptionSpec } from './openssl-common.ts';
import { dgstMain } from './openssl-dgst.ts';
import { encMain } from './openssl-enc.ts';
import { genMain } from './openssl-genpkey.ts';
import { pkeyMain } from './openssl-pkey.ts';
import { pkeyutlMain } from './openssl-pkeyutl.ts';

/** The OpenSSL release whose behaviour this one reproduces. */
const VERSION = 'OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)';

/** Real OpenSSL commands this simulator does not have, so they get an honest answer, not "Invalid command". */
const NOT_SIMULATED = new Set(
  (
    'asn1parse ca ciphers cmp cms crl crl2pkcs7 dhparam dsa dsaparam ec ecparam engine errstr fipsinstall ' +
    'gendsa info kdf list mac nseq ocsp passwd pkcs12 pkcs7 pkcs8 pkeyparam prime ' +
    'rehash req rsautl s_client s_server s_time sess_id smime speed spkac srp storeutl ts verify x509 ' +
    'blake2b512 blake2s256 md4 rmd160 sha224 sha3-224 sha3-256 sha3-384 sha3-512 ' +
    'sha512-224 sha512-256 shake128 shake256 sm3'
  ).split(' '),
);

/** The commands that hand learners' key files to WebCrypto, which may refuse a damaged one. */
const KEY_COMMANDS = new Set(['pkeyutl', 'dgst', 'md5', 'sha1', 'sha256', 'sha384', 'sha512', 'pkey', 'rsa', 'genpkey', 'genrsa']);

/** `openssl help`: OpenSSL's layout, listing only what is here. */
function helpText(): string {
  const section = (title: string, names: string[]) => {
    let text = `${title}\n`;
    names.forEach((name, i) => {
      text += name.padEnd(18);
      if (i % 4 === 3 || i === names.length - 1) text += '\n';
    });
    return `${text}\n`;
  };
  return (
    'help:\n\n' +
    section('Standard commands', ['dgst', 'enc', 'genpkey', 'genrsa', 'help', 'pkey', 'pkeyutl', 'rand', 'rsa', 'version']) +
    section('Message Digest commands (each runs dgst with that digest; openssl dgst -help tells more)', ['md5', 'sha1', 'sha256', 'sha384', 'sha512']) +
    section('Cipher commands (each runs enc with that cipher; openssl enc -help tells more)', [
      'aes-128-cbc',
      'aes-128-ecb',
      'aes-192-cbc',
      'aes-192-ecb',
      'aes-256-cbc',
      'aes-256-ecb',
      'base64',
    ])
  );
}

const RAND_HELP = renderHelp({
  name: 'openssl rand',
  summary: 'print random bytes',
  synopsis: ['openssl rand [-hex | -base64] [-out FILE] NUM'],
  description: [
    'Writes NUM random bytes: raw, which suits a key file, or as text with -hex or -base64. NUM may ' +
      'also be written in hex (0x20) or octal (040).',
    "In the sandbox the bytes come from the browser's cryptographic random source, or from the " +
      "session's seed when one is set, so a seeded session repeats itself.",
  ],
  options: [
    ['-hex', 'Writes lowercase hex, all on one line.'],
    ['-base64', 'Writes base64, 64 characters to a line.'],
    ['-out FILE', 'Writes FILE instead of standard output.'],
    ['-help', 'Prints this page, and stops.'],
    ...IGNORED_OPTIONS,
  ],
  examples: [
    ['Make a 256-bit data key, kept as hex:', 'openssl rand -hex -out key.hex 32'],
    ['Make a fresh IV for AES:', 'openssl rand -hex 16 > report.iv'],
  ],
});

const RAND_OPTIONS: OptionSpec[] = [
  { name: 'help', kind: '-' },
  { name: 'engine', kind: 's' },
  { name: 'out', kind: '>' },
  { name: 'base64', kind: '-' },
  { name: 'hex', kind: '-' },
  { name: 'rand', kind: 's' },
  { name: 'writerand', kind: '>' },
  { name: 'provider-path', kind: 's' },
  { name: 'provider', kind: 's' },
  { name: 'propquery', kind: 's' },
];

/** The simulator keeps files in memory; a larger request is surely a typo. */
const RAND_LIMIT = 16 * 1024 * 1024;

/** `openssl rand [-hex|-base64] [-out file] num` */
function randMain(ctx: CommandContext, args: readonly string[], random: RandomSource): number {
  const opthelp = () => {
    ctx.stderr('rand: Use -help for summary.\n');
    return 1;
  };
  let format: 'binary' | 'hex' | 'base64' = 'binary';
  let outFile: string | undefined;
  const parsed = parseOptions('rand', args, RAND_OPTIONS, false);
  for (const option of parsed.options) {
    if (option.name === 'help') {
      ctx.stderr(RAND_HELP);
      return 0;
    }
    if (option.name === 'out') outFile = option.value;
    if (option.name === 'hex' || option.name === 'base64') format = option.name; // the last one wins
  }
  if (parsed.error !== undefined) {
    ctx.stderr(parsed.error);
    return opthelp();
  }
  let count = 0;
  if (parsed.rest.length === 1) {
    const n = parseInt32('rand', parsed.rest[0]!);
    if (typeof n === 'string') ctx.stderr(n);
    if (typeof n === 'string' || n <= 0) return opthelp();
    count = n;
  } else if (parsed.rest.length > 1) {
    return opthelp();
  }
  if (count > RAND_LIMIT) {
    ctx.stderr(`rand: KMS Lab keeps files in memory and stops at ${RAND_LIMIT} bytes; ask for fewer\n`);
    return 1;
  }
  const out = openOutput(ctx, outFile, format === 'binary' ? 'wb' : 'w');
  if ('failure' in out) {
    ctx.stderr(out.failure);
    return 1;
  }
  const bytes = random.bytes(count);
  if (format === 'hex') {
    out.write(utf8.encode(`${hex(bytes)}\n`));
  } else if (format === 'base64') {
    const writer = new Base64Output((b) => out.write(b), false);
    writer.write(bytes);
    writer.finish();
  } else {
    out.write(bytes);
  }
  out.close();
  return 0;
}

export function createOpensslCommand(options: OpensslOptions = {}): CommandFn {
  const random = options.random ?? new CryptoRandom();
  const randomBytes = (n: number) => random.bytes(n);
  const run = async (ctx: CommandContext): Promise<number> => {
    try {
      return await dispatch(ctx);
    } catch (error) {
      // WebCrypto refusing a key that parsed (a damaged file can still parse) is OpenSSL's
      // operation error, not a crash; anything else is a bug and goes on up.
      if (!(error instanceof DOMException) || error.name === 'AbortError' || !KEY_COMMANDS.has(ctx.args[0] ?? '')) throw error;
      ctx.stderr(`${ctx.args[0] ?? 'openssl'}: Public Key operation error\n`);
      return 1;
    }
  };
  const dispatch = async (ctx: CommandContext): Promise<number> => {
    const [command, ...rest] = ctx.args;
    if (command === undefined || command === 'help' || command === '-help') {
      // `openssl help enc` is `openssl enc -help`.
      if (command === 'help' && rest[0] !== undefined) return run({ ...ctx, args: [rest[0], '-help'] });
      ctx.stderr(helpText());
      return 0;
    }
    switch (command) {
      case 'enc':
      case 'base64':
        return encMain(ctx, rest, { prog: command, randomBytes });
      case 'rand':
        return randMain(ctx, rest, random);
      case 'dgst':
      case 'md5':
      case 'sha1':
      case 'sha256':
      case 'sha384':
      case 'sha512':
        return dgstMain(ctx, rest, { prog: command, randomBytes });
      case 'pkey':
      case 'rsa':
        return pkeyMain(ctx, command, rest);
      case 'genpkey':
      case 'genrsa':
        return genMain(ctx, command, rest, { randomBytes });
      case 'pkeyutl':
        return pkeyutlMain(ctx, rest, { randomBytes });
      case 'version':
        if (rest.length > 0 && !(rest.length === 1 && rest[0] === '-v')) {
          ctx.stderr('version: KMS Lab shows only the version line (openssl version)\n');
          return 1;
        }
        ctx.stdout(`${VERSION}\n`);
        return 0;
    }
    // Any cipher name is a command too: `openssl aes-256-cbc -in f` is `openssl enc -aes-256-cbc -in f`.
    if (isCipherCommand(command)) return encMain(ctx, rest, { prog: command, randomBytes });
    if (NOT_SIMULATED.has(command)) {
      ctx.stderr(
        `openssl: '${command}' is a real OpenSSL command that KMS Lab does not simulate; ` +
          `here openssl has enc, rand, base64, the AES cipher commands, dgst, pkeyutl, pkey, rsa, genpkey and genrsa (see openssl help)\n`,
      );
      return 1;
    }
    ctx.stderr(`Invalid command '${command}'; type "help" for a list.\n`);
    return 1;
  };
  return run;
}
