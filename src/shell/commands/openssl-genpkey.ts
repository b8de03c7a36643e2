/**
 * `openssl genpkey` and `openssl genrsa`: a key pair of the learner's own in the sandbox (RSA,
 * NIST P-256/384/521, secp256k1, Ed25519), written as OpenSSL 3.0 writes it (PKCS#8 PEM), so it can
 * stand in for the far side of ECDH with a KMS key-agreement key, or sign what KMS then verifies.
 * WebCrypto makes the keys, except secp256k1, which it lacks (openssl-ec.ts).
 */
import { base64Decode } from '../../kms/base64.ts';
import { utf8 } from '../../kms/bytes.ts';
import type { CommandContext } from '../types.ts';
import { renderHelp } from './help-render.ts';
import { fetchError, IGNORED_OPTIONS, libError, openOutput, parseFormat, parseInt32, parseOptions, type OptionSpec } from './openssl-common.ts';
import { lookupCipher } from './openssl-ciphers.ts';
import { bytesToBigInt } from './openssl-der.ts';
import { curveByName, generator, multiply } from './openssl-ec.ts';
import { keyText } from './openssl-key-text.ts';
import { pem, pkcs8Der, traditionalDer, type Key } from './openssl-keys.ts';

type Prog = 'genpkey' | 'genrsa';

const OPTIONS: Record<Prog, OptionSpec[]> = {
  genpkey: [
    ...'help quiet genparam text'.split(' ').map((name): OptionSpec => ({ name, kind: '-' })),
    ...['algorithm', 'pkeyopt', 'outform', 'pass', 'paramfile', 'engine', 'config', 'provider-path', 'provider', 'propquery'].map((name): OptionSpec => ({ name, kind: 's' })),
    { name: 'out', kind: '>' },
  ],
  genrsa: [
    ...'help 3 F4 f4 verbose traditional'.split(' ').map((name): OptionSpec => ({ name, kind: '-' })),
    ...['passout', 'primes', 'engine', 'rand', 'provider-path', 'provider', 'propquery'].map((name): OptionSpec => ({ name, kind: 's' })),
    { name: 'out', kind: '>' },
    { name: 'writerand', kind: '>' },
  ],
};

function helpText(prog: Prog): string {
  const genrsa = prog === 'genrsa';
  return renderHelp({
    name: `openssl ${prog}`,
    summary: genrsa ? 'make an RSA private key' : 'make a private key',
    synopsis: genrsa
      ? ['openssl genrsa [-out FILE] [-traditional] [-3 | -F4] [BITS]']
      : ['openssl genpkey -algorithm RSA|EC|ED25519 [-pkeyopt NAME:VALUE]...', '    [-out FILE] [-outform PEM|DER] [-text]'],
    description: [
      (genrsa ? 'Makes an RSA key pair of BITS bits (2048 unless given)' : 'Makes a key pair of the algorithm named') +
        ' and writes the private key as PKCS#8 PEM, as OpenSSL 3 does; openssl pkey -pubout then gives its public half. ' +
        'Use it for your side of an exchange with a KMS key: sign locally and verify with KMS, or derive an ECDH secret with a KMS key-agreement key.',
      'The sandbox makes RSA, EC (P-256, P-384, P-521, secp256k1) and Ed25519 keys, and does not encrypt key files with a passphrase. ' +
        (genrsa ? '' : 'RSA key generation prints dots and pluses as it searches for primes, as OpenSSL does (-quiet stops them); the pattern is not OpenSSL\'s own.'),
    ],
    options: genrsa
      ? [
          ['BITS', 'The size of the modulus, 512 to 16384 bits.'],
          ['-out FILE', 'Writes FILE; without it, standard output.'],
          ['-traditional', 'Writes the older RSA PRIVATE KEY form.'],
          ['-F4, -f4', 'Uses 65537 as the public exponent (the default).'],
          ['-3', 'Uses 3 as the public exponent.'],
          ['-verbose', 'Says what it is making.'],
          ['-passout SOURCE, -primes N', 'Real OpenSSL options (a passphrase, more than two primes) the sandbox does not reproduce; it says so.'],
          ['-help', 'Prints this page, and stops.'],
          ...IGNORED_OPTIONS,
        ]
      : [
          ['-algorithm NAME', 'RSA, EC or ED25519.'],
          ['-pkeyopt rsa_keygen_bits:N', 'RSA: the size of the modulus (2048 unless given).'],
          ['-pkeyopt rsa_keygen_pubexp:E', 'RSA: the public exponent (65537 unless given).'],
          ['-pkeyopt ec_paramgen_curve:NAME', 'EC: the curve, such as P-256 (KMS ECC_NIST_P256), P-384, P-521 or secp256k1.'],
          ['-out FILE', 'Writes FILE; without it, standard output.'],
          ['-outform PEM|DER', 'The form of the key file, PEM unless given.'],
          ['-text', 'Prints the key as text after it.'],
          ['-quiet', 'Prints no progress while making an RSA key.'],
          ['-pass SOURCE, -paramfile FILE, -genparam', 'Real OpenSSL options (passphrases, parameter files) the sandbox does not reproduce; it says so.'],
          ['-config FILE', 'Accepted and ignored: the sandbox has no configuration file.'],
          ['-help', 'Prints this page, and stops.'],
          ...IGNORED_OPTIONS,
        ],
    examples: genrsa
      ? [['Make a 2048-bit RSA key and its public key:', 'openssl genrsa -out rsa.pem 2048\nopenssl pkey -in rsa.pem -pubout -out rsa-pub.pem']]
      : [
          ['Make a P-256 key for ECDH with a KMS ECC_NIST_P256 key-agreement key:', 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \\\n    -out mine.pem'],
          ['Make a 3072-bit RSA key:', 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 \\\n    -out rsa.pem'],
          ['Make an Ed25519 key:', 'openssl genpkey -algorithm ED25519 -out ed.pem'],
        ],
  });
}

const fromB64url = (text: string) => base64Decode(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
const big = (text: string | undefined) => bytesToBigInt(fromB64url(text ?? ''));

async function exportJwk(pair: CryptoKeyPair): Promise<JsonWebKey> {
  return globalThis.crypto.subtle.exportKey('jwk', pair.privateKey);
}

async function makeRsa(bits: number, e: bigint): Promise<Key> {
  const exponent = Uint8Array.from(e.toString(16).padStart(e.toString(16).length + (e.toString(16).length % 2), '0').match(/../g)!, (p) => Number.parseInt(p, 16));
  const pair = (await globalThis.crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: exponent, hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const j = await exportJwk(pair);
  const priv = { n: big(j.n), e: big(j.e), d: big(j.d), p: big(j.p), q: big(j.q), dp: big(j.dp), dq: big(j.dq), qi: big(j.qi) };
  return { type: 'rsa', rsa: { n: priv.n, e: priv.e }, private: priv };
}

async function makeEc(curveName: string, random: (n: number) => Uint8Array): Promise<Key | undefined> {
  const curve = curveByName(curveName);
  if (!curve) return undefined;
  if (curve.name === 'secp256k1') {
    const d = (bytesToBigInt(random(curve.size + 8)) % (curve.n - 1n)) + 1n;
    return { type: 'ec', curve, point: multiply(curve, d, generator(curve))!, d };
  }
  const pair = (await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: curve.name }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const j = await exportJwk(pair);
  return { type: 'ec', curve, point: { x: big(j.x), y: big(j.y) }, d: big(j.d) };
}

async function makeEd25519(): Promise<Key> {
  const pair = (await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const j = await exportJwk(pair);
  return { type: 'ed25519', pub: fromB64url(j.x!), seed: fromB64url(j.d!) };
}

/** The dots and pluses OpenSSL prints while it looks for two primes (its pattern, not its exact output). */
function progress(random: (n: number) => Uint8Array): string {
  let line = '';
  for (let prime = 0; prime < 2; prime++) {
    const tries = 2 + (random(1)[0]! % 8);
    for (let i = 0; i < tries; i++) line += `${'.'.repeat(1 + (random(1)[0]! % 6))}+`;
    line += `${'+'.repeat(63)}*`;
  }
  return `${line}\n`;
}

export interface GenOptions {
  randomBytes(count: number): Uint8Array;
}

const MIN_BITS = 512;
const MAX_BITS = 16384;
const TOO_SMALL = libError('1C8000AB:Provider routines:rsa_gen_set_params:key size too small:../providers/implementations/keymgmt/rsa_kmgmt.c:509:');

export async function genMain(ctx: CommandContext, prog: Prog, args: readonly string[], { randomBytes }: GenOptions): Promise<number> {
  const usage = `${prog}: Use -help for summary.\n`;
  const fail = (text: string) => {
    ctx.stderr(text);
    return 1;
  };
  let algorithm: string | undefined;
  const pkeyopts: string[] = [];
  let outPath: string | undefined;
  let outForm: 'PEM' | 'DER' = 'PEM';
  let exponent = 65537n;
  const flags = new Set<string>();
  const parsed = parseOptions(prog, args, OPTIONS[prog], true);
  for (const { name, value } of parsed.options) {
    switch (name) {
      case '':
        if (lookupCipher(value).kind === 'unknown') return fail(prog === 'genrsa' ? `${prog}: Unknown cipher: ${value}\n${fetchError(value)}` : usage);
        return fail(`${prog}: KMS Lab does not encrypt key files with a passphrase (-${value})\n`);
      case 'help':
        ctx.stderr(helpText(prog));
        return 0;
      case 'algorithm':
        algorithm = value;
        break;
      case 'pkeyopt':
        pkeyopts.push(value);
        break;
      case 'out':
        outPath = value;
        break;
      case 'outform': {
        const form = parseFormat(ctx, prog, name, value);
        if (form === undefined) return fail(usage);
        outForm = form;
        break;
      }
      case '3':
        exponent = 3n;
        break;
      case 'F4':
      case 'f4':
        exponent = 65537n;
        break;
      case 'pass':
      case 'passout':
      case 'paramfile':
      case 'genparam':
      case 'primes':
        return fail(`${prog}: -${name} is a real OpenSSL option that KMS Lab does not simulate (see openssl ${prog} -help)\n`);
      default:
        flags.add(name);
    }
  }
  if (parsed.error !== undefined) return fail(parsed.error + usage);

  let key: Key | undefined;
  let bits = 2048;
  if (prog === 'genrsa') {
    if (parsed.rest.length > 1) return fail(`Extra arguments given.\n${usage}`);
    if (parsed.rest.length === 1) {
      const n = parseInt32(prog, parsed.rest[0]!);
      if (typeof n === 'string') return fail(n);
      bits = n;
    }
    if (bits < MIN_BITS) return fail(`Error setting RSA length\n${TOO_SMALL}`);
    if (bits > MAX_BITS) return fail(`${prog}: KMS Lab makes RSA keys of at most ${MAX_BITS} bits\n`);
    if (flags.has('verbose')) ctx.stderr(`Generating RSA key with ${bits} bits\n`);
    key = await makeRsa(bits, exponent);
    if (flags.has('verbose')) ctx.stderr(`${progress(randomBytes)}e is ${exponent} (0x${exponent.toString(16).padStart(exponent.toString(16).length + (exponent.toString(16).length % 2), '0')})\n`);
  } else {
    if (parsed.rest.length > 0 || algorithm === undefined) return fail(usage);
    const alg = algorithm.toUpperCase();
    if (alg !== 'RSA' && alg !== 'EC' && alg !== 'ED25519') {
      if (['RSA-PSS', 'X25519', 'X448', 'ED448', 'DH', 'DHX', 'DSA', 'SM2', 'HMAC', 'CMAC'].includes(alg)) {
        return fail(`${prog}: ${algorithm} is a real OpenSSL algorithm that KMS Lab does not simulate; here genpkey makes RSA, EC and ED25519 keys\n`);
      }
      return fail(`Error initializing ${algorithm} context\n${fetchError(algorithm)}`);
    }
    let curve: string | undefined;
    for (const text of pkeyopts) {
      const colon = text.indexOf(':');
      const name = colon < 0 ? text : text.slice(0, colon);
      const value = colon < 0 ? '' : text.slice(colon + 1);
      const bad = (lines: string) => fail(`${prog}: Error setting ${text} parameter:\n${lines}`);
      if (alg === 'RSA' && name === 'rsa_keygen_bits') {
        if (!/^\d+$/.test(value)) return bad('');
        bits = Number(value);
        if (bits < MIN_BITS) return bad(TOO_SMALL);
        if (bits > MAX_BITS) return fail(`${prog}: KMS Lab makes RSA keys of at most ${MAX_BITS} bits\n`);
      } else if (alg === 'RSA' && name === 'rsa_keygen_pubexp' && /^\d+$/.test(value) && Number(value) % 2 === 1 && Number(value) > 1) {
        exponent = BigInt(value);
      } else if (alg === 'EC' && (name === 'ec_paramgen_curve' || name === 'group')) {
        curve = value;
      } else if (alg === 'EC' && name === 'ec_param_enc' && value === 'named_curve') {
        // Named curves are all the sandbox writes.
      } else {
        return bad(
          libError(
            '03000093:digital envelope routines:default_fixup_args:command not supported:../crypto/evp/ctrl_params_translate.c:582:' +
              `[action:2, state:4] name=${name}, value=${value}`,
          ),
        );
      }
    }
    if (alg === 'RSA') {
      key = await makeRsa(bits, exponent);
      if (!flags.has('quiet')) ctx.stderr(progress(randomBytes));
    } else if (alg === 'EC') {
      if (curve === undefined) return fail(`${prog}: Error generating EC key\n`);
      key = await makeEc(curve, randomBytes);
      if (!key) {
        return fail(`${prog}: Error generating EC key\n${libError('0800008D:elliptic curve routines:group_new_from_name:invalid curve:../crypto/ec/ec_lib.c:1490:')}`);
      }
    } else key = await makeEd25519();
  }

  const traditional = (prog === 'genrsa' && flags.has('traditional')) || outForm === 'DER' ? traditionalDer(key) : undefined;
  const der = traditional ? traditional.der : pkcs8Der(key);
  const opened = openOutput(ctx, outPath, outForm === 'DER' ? 'wb' : 'w');
  if ('failure' in opened) return fail(`${prog}: ${opened.failure}`);
  opened.write(outForm === 'DER' ? der : pem(traditional ? traditional.label : 'PRIVATE KEY', der));
  if (flags.has('text')) opened.write(utf8.encode(keyText(key, true)));
  opened.close();
  return 0;
}
