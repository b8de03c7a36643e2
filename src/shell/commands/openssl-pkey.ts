/**
 * `openssl pkey` and `openssl rsa`: turning key files between PEM and DER, taking the public half
 * of a private key, and printing keys as text, as OpenSSL 3.0 does. The common case in the
 * lessons is the DER public key GetPublicKey returns (`-pubin -inform DER -in pub.der -outform
 * PEM`), which other tools want as PEM.
 */
import { utf8 } from '../../kms/bytes.ts';
import type { CommandContext } from '../types.ts';
import { renderHelp } from './help-render.ts';
import { fetchError, IGNORED_OPTIONS, libError, openOutput, parseFormat, parseOptions, type OptionSpec } from './openssl-common.ts';
import { lookupCipher } from './openssl-ciphers.ts';
import { keyText } from './openssl-key-text.ts';
import { loadKey, pem, pkcs8Der, rsaPublicKeyDer, spkiDer, traditionalDer, type Key } from './openssl-keys.ts';

type Prog = 'pkey' | 'rsa';

const COMMON_FLAGS = 'help pubin pubout noout text traditional check engine_impl';
const FLAGS: Record<Prog, string> = {
  pkey: `${COMMON_FLAGS} text_pub pubcheck`,
  rsa: `${COMMON_FLAGS} RSAPublicKey_in RSAPublicKey_out modulus pvk-strong pvk-weak pvk-none`,
};
const WITH_VALUES = ['in', 'inform', 'out', 'outform', 'passin', 'passout', 'engine', 'ec_conv_form', 'ec_param_enc', 'provider-path', 'provider', 'propquery'];

const options = (prog: Prog): OptionSpec[] => [
  ...FLAGS[prog].split(' ').map((name): OptionSpec => ({ name, kind: '-' })),
  ...WITH_VALUES.map((name): OptionSpec => ({ name, kind: name === 'in' ? '<' : name === 'out' ? '>' : 's' })),
];

/** Options real OpenSSL has that need what the sandbox lacks (passphrases, key checks, PVK). */
const NOT_SIMULATED = new Set(['passin', 'passout', 'check', 'pubcheck', 'ec_conv_form', 'ec_param_enc', 'pvk-strong', 'pvk-weak', 'pvk-none']);

function helpText(prog: Prog): string {
  const rsa = prog === 'rsa';
  return renderHelp({
    name: `openssl ${prog}`,
    summary: rsa ? 'convert and print RSA keys' : 'convert and print public and private keys',
    synopsis: [`openssl ${prog} [-pubin] [-in FILE] [-inform PEM|DER] [-out FILE]`, '    [-outform PEM|DER] [-pubout] [-text] [-noout]'],
    description: [
      (rsa ? 'Reads an RSA key' : 'Reads an RSA, elliptic-curve or Ed25519 key') +
        ' (a private key, or a public one with -pubin) and writes it again: in the other form (PEM text or DER ' +
        'bytes), as its public half with -pubout, or as text with -text.' +
        (rsa ? ' It says "writing RSA key" whenever it writes one.' : ''),
      'aws kms get-public-key returns the public key as DER (base64 in JSON); decoded, it is what -pubin -inform DER reads. ' +
        'Private keys are written as PKCS#8, as OpenSSL 3 writes them, or in the older form with -traditional. ' +
        'The sandbox does not encrypt key files with a passphrase.',
    ],
    options: [
      ['-in FILE', 'Reads FILE; without it, standard input.'],
      ['-inform PEM|DER', 'The form of the input; without it, the form is found by looking.'],
      ['-pubin', 'The input is a public key.'],
      ...(rsa ? ([['-RSAPublicKey_in', 'The input is a public key in the PKCS#1 form (RSA PUBLIC KEY).']] as const) : []),
      ['-out FILE', 'Writes FILE; without it, standard output.'],
      ['-outform PEM|DER', 'The form of the output, PEM unless given.'],
      ['-pubout', 'Writes the public half.'],
      ...(rsa ? ([['-RSAPublicKey_out', 'Writes the public half in the PKCS#1 form (RSA PUBLIC KEY).']] as const) : []),
      ['-traditional', 'Writes a private key in the older form (RSA PRIVATE KEY, EC PRIVATE KEY) rather than PKCS#8.'],
      ['-text', 'Prints the key\'s numbers as text as well.'],
      ...(rsa ? ([['-modulus', 'Prints the modulus in hex.']] as const) : ([['-text_pub', 'Prints only the public half as text.']] as const)),
      ['-noout', 'Writes no key (with -text, only the text).'],
      ['-passin SOURCE, -passout SOURCE', 'Real OpenSSL options for passphrase-protected key files, which the sandbox does not write or read; it says so.'],
      ...(rsa
        ? ([['-check, -pvk-strong, -pvk-weak, -pvk-none', 'Real OpenSSL options (a key check and the PVK format) the sandbox does not reproduce; it says so.']] as const)
        : ([['-check, -pubcheck, -ec_conv_form FORM, -ec_param_enc ENC', 'Real OpenSSL options (key checks and EC encodings) the sandbox does not reproduce; it says so.']] as const)),
      ['-help', 'Prints this page, and stops.'],
      ...IGNORED_OPTIONS,
    ],
    examples: [
      ['Turn the public key from GetPublicKey into PEM:', `aws kms get-public-key --key-id alias/sign --output text \\\n    --query PublicKey | base64 -d > pub.der\nopenssl ${prog} -pubin -inform DER -in pub.der -outform PEM -out pub.pem`],
      ['Take the public half of a private key:', `openssl ${prog} -in private.pem -pubout -out public.pem`],
      ['Read a public key as text:', `openssl ${prog} -pubin -in pub.pem -text -noout`],
    ],
  });
}

export async function pkeyMain(ctx: CommandContext, prog: Prog, args: readonly string[]): Promise<number> {
  const usage = `${prog}: Use -help for summary.\n`;
  const fail = (text: string) => {
    ctx.stderr(text);
    return 1;
  };
  let inPath: string | undefined;
  let outPath: string | undefined;
  let inForm: 'PEM' | 'DER' | undefined;
  let outForm: 'PEM' | 'DER' = 'PEM';
  const flags = new Set<string>();
  const parsed = parseOptions(prog, args, options(prog), true);
  for (const { name, value } of parsed.options) {
    switch (name) {
      case '': {
        const found = lookupCipher(value);
        if (found.kind === 'unknown') return fail(`${prog}: Unknown cipher: ${value}\n${usage}${prog === 'pkey' ? fetchError(value) : ''}`);
        return fail(`${prog}: KMS Lab does not encrypt key files with a passphrase (-${value})\n`);
      }
      case 'help':
        ctx.stderr(helpText(prog));
        return 0;
      case 'in':
        inPath = value;
        break;
      case 'out':
        outPath = value;
        break;
      case 'inform':
      case 'outform': {
        const form = parseFormat(ctx, prog, name, value);
        if (form === undefined) return fail(usage);
        if (name === 'inform') inForm = form;
        else outForm = form;
        break;
      }
      default:
        if (NOT_SIMULATED.has(name)) return fail(`${prog}: -${name} is a real OpenSSL option that KMS Lab does not simulate (see openssl ${prog} -help)\n`);
        flags.add(name);
    }
  }
  if (parsed.error !== undefined) return fail(parsed.error + usage);
  if (parsed.rest.length > 0) return fail(`${prog}: Extra option: "${parsed.rest[0]}"\n${usage}`);
  const pubin = flags.has('pubin') || flags.has('RSAPublicKey_in');
  const pubout = flags.has('pubout') || flags.has('RSAPublicKey_out') || pubin;

  const loaded = await loadKey(ctx, {
    path: inPath ?? '-',
    want: pubin ? 'public' : 'private',
    form: inForm,
    what: prog === 'rsa' ? (pubin ? 'public key' : 'private key') : pubin ? 'key of Public Key' : 'key',
    openWhat: prog === 'rsa' ? (pubin ? 'public key' : 'private key') : pubin ? 'public key of Public Key' : 'key',
    ...(inPath === undefined || inPath === '-' ? { stdin: ctx.stdin } : {}),
  });
  if ('failure' in loaded) return fail(loaded.failure);
  const key: Key = loaded.key;
  if (prog === 'rsa' && key.type !== 'rsa') return fail('Not an RSA key\n');

  let keyBytes: Uint8Array | undefined;
  if (!flags.has('noout')) {
    if (pubout) {
      const pkcs1 = flags.has('RSAPublicKey_out') && key.type === 'rsa';
      const der = pkcs1 ? rsaPublicKeyDer(key.rsa) : spkiDer(key);
      keyBytes = outForm === 'DER' ? der : pem(pkcs1 ? 'RSA PUBLIC KEY' : 'PUBLIC KEY', der);
    } else if (flags.has('traditional') || (prog === 'pkey' && outForm === 'DER' && traditionalDer(key))) {
      // pkey writes private DER in the older form whenever the key type has one (i2d_PrivateKey).
      const old = traditionalDer(key);
      if (!old) {
        return fail(libError('0480006E:PEM routines:PEM_write_bio_PrivateKey_traditional:unsupported public key type:../crypto/pem/pem_pkey.c:358:'));
      }
      keyBytes = outForm === 'DER' ? old.der : pem(old.label, old.der);
    } else {
      const der = pkcs8Der(key);
      keyBytes = outForm === 'DER' ? der : pem('PRIVATE KEY', der);
    }
  }
  const opened = openOutput(ctx, outPath, outForm === 'DER' ? 'wb' : 'w');
  if ('failure' in opened) return fail(opened.failure);
  const text = flags.has('text') || flags.has('text_pub') ? keyText(key, !pubin && !(prog === 'pkey' && (flags.has('pubout') || flags.has('text_pub')))) : '';
  if (prog === 'rsa') {
    // rsa prints its text and modulus before the key; pkey prints the key first.
    opened.write(utf8.encode(text));
    if (flags.has('modulus') && key.type === 'rsa') opened.write(utf8.encode(`Modulus=${key.rsa.n.toString(16).toUpperCase()}\n`));
    if (keyBytes) {
      ctx.stderr('writing RSA key\n');
      opened.write(keyBytes);
    }
  } else {
    if (keyBytes) opened.write(keyBytes);
    opened.write(utf8.encode(text));
  }
  opened.close();
  return 0;
}
