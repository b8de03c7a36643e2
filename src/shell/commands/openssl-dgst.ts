/**
 * `openssl dgst` (and `openssl sha256` and its kin): digests of files, HMACs, and signatures over
 * them with an RSA or EC key, printed as OpenSSL 3.0 prints them, so a learner can check a KMS
 * signature or MAC outside KMS exactly as on their own machine. Hashes and HMAC run on WebCrypto
 * (MD5 in openssl-crypto.ts); signing shares openssl-signature.ts with pkeyutl.
 */
import { buf, hex, utf8 } from '../../kms/bytes.ts';
import type { CommandContext } from '../types.ts';
import { renderHelp } from './help-render.ts';
import { fetchError, IGNORED_OPTIONS, libError, openOutput, parseFormat, parseOptions, type OptionSpec } from './openssl-common.ts';
import { digest, md5 } from './openssl-crypto.ts';
import { isPrivate, loadKey, type Key } from './openssl-keys.ts';
import { SALT_AUTO, SALT_DIGEST, SALT_MAX, type SigDigest } from './openssl-rsa-math.ts';
import { sigDigestByName, signDigest, verifyDigest, type SignatureParams } from './openssl-signature.ts';
import { VfsError } from '../vfs.ts';

type DgstDigest = SigDigest | 'md5';

/** The names OpenSSL 3.0 prints before "(file)=". */
const DISPLAY: Record<DgstDigest, string> = { md5: 'MD5', sha1: 'SHA1', sha256: 'SHA2-256', sha384: 'SHA2-384', sha512: 'SHA2-512' };

/** Digests real OpenSSL has that the sandbox does not compute (WebCrypto lacks them). */
const NOT_SIMULATED = new Set(['sha224', 'sha2-224', 'sha512-224', 'sha512-256', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512', 'shake128', 'shake256', 'blake2b512', 'blake2s256', 'md4', 'rmd160', 'ripemd160', 'sm3', 'mdc2', 'whirlpool']);

function digestByName(name: string): DgstDigest | undefined {
  return name.toLowerCase() === 'md5' ? 'md5' : sigDigestByName(name);
}

const FLAGS = 'help list c r hex binary d debug fips-fingerprint engine_impl';
const OPTIONS: OptionSpec[] = [
  ...FLAGS.split(' ').map((name): OptionSpec => ({ name, kind: '-' })),
  ...(
    [
      ['out', '>'],
      ['keyform', 's'],
      ['xoflen', 'p'],
      ['sign', 's'],
      ['verify', 's'],
      ['prverify', 's'],
      ['sigopt', 's'],
      ['signature', '<'],
      ['hmac', 's'],
      ['mac', 's'],
      ['macopt', 's'],
      ['passin', 's'],
      ['engine', 's'],
      ['rand', 's'],
      ['writerand', '>'],
      ['provider-path', 's'],
      ['provider', 's'],
      ['propquery', 's'],
    ] as const
  ).map(([name, kind]): OptionSpec => ({ name, kind })),
];

function helpText(prog: string): string {
  return renderHelp({
    name: `openssl ${prog}`,
    summary: prog === 'dgst' ? 'digest, HMAC or sign files' : `the dgst command with -${prog}`,
    synopsis: [`openssl ${prog} ${prog === 'dgst' ? '[-sha256 | -sha384 | -sha512 | -sha1 | -md5] ' : ''}[options]`, `    [FILE...]`],
    description: [
      'Prints the digest of each FILE (or of standard input) as NAME(FILE)= HEX, or with -r as HEX *FILE. ' +
        'With -hmac or -mac HMAC it computes an HMAC instead, which is how to check a KMS GenerateMac result ' +
        'with the key material you imported.',
      'With -sign it signs the digest with a private key, and with -verify it checks a signature (from ' +
        '-signature) against a public key and prints Verified OK or Verification failure: the way to check ' +
        'a KMS RSA or ECDSA signature made with --message-type RAW. Signatures are raw bytes unless -hex is given.',
      'The sandbox computes MD5, SHA-1, SHA-256, SHA-384 and SHA-512; for the other digests real OpenSSL has, ' +
        'it says so.',
    ],
    options: [
      ['-sha256, -sha384, -sha512, -sha1, -md5', 'Chooses the digest; SHA-256 unless one is given.'],
      ['-r', 'Prints HEX *FILE, as sha256sum does.'],
      ['-c', 'Prints the digest in pairs of hex digits separated by colons.'],
      ['-hex', 'Prints hex: the default for digests, and for signatures when asked.'],
      ['-binary', 'Writes the raw digest bytes, as pkeyutl -sign wants them.'],
      ['-out FILE', 'Writes FILE instead of standard output.'],
      ['-sign KEY', 'Signs with the private key in KEY (PEM or DER).'],
      ['-verify KEY', 'Verifies with the public key in KEY.'],
      ['-prverify KEY', 'Verifies with the private key in KEY.'],
      ['-signature FILE', 'The signature to verify.'],
      ['-sigopt NAME:VALUE', 'Signature parameters: rsa_padding_mode:pss|pkcs1, rsa_pss_saltlen:digest|max|auto|N, rsa_mgf1_md:DIGEST.'],
      ['-keyform PEM|DER', 'The form of the key file; without it, the form is found by looking.'],
      ['-hmac KEY', 'Computes an HMAC with KEY, given as text.'],
      ['-mac HMAC', 'Computes an HMAC with the key set by -macopt key:TEXT or -macopt hexkey:HEX.'],
      ['-macopt NAME:VALUE', 'With -mac, sets the key.'],
      ['-list', 'Prints the digests that run here, and stops.'],
      ['-d, -debug', 'Accepted; the sandbox prints no I/O traces.'],
      ['-engine_impl', 'Accepted and ignored, like -engine.'],
      ['-passin SOURCE, -xoflen N, -fips-fingerprint', 'Real OpenSSL options for encrypted keys, SHAKE digests and a FIPS check; the sandbox has none of those and says so.'],
      ['-help', 'Prints this page, and stops.'],
      ...IGNORED_OPTIONS,
    ],
    examples: [
      ['Print the SHA-256 digest of a file, then make the digest KMS Sign takes with --message-type DIGEST:', 'openssl dgst -sha256 report.txt\nopenssl dgst -sha256 -binary -out report.dgst report.txt'],
      ['Verify a KMS RSASSA_PSS_SHA_256 signature with the public key from GetPublicKey:', 'openssl dgst -sha256 -verify pub.der -signature sig.bin \\\n    -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1 report.txt'],
      ['Check a KMS HMAC_SHA_256 MAC with the imported key material (hex):', 'openssl dgst -sha256 -mac HMAC \\\n    -macopt hexkey:$(xxd -p -c 64 key.bin) -binary msg.txt'],
    ],
  });
}

const LIST = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'];

/** dgst's -sigopt names for RSA; undefined when taken, else the library line. */
function applySigopt(key: Key, text: string, params: SignatureParams): string | undefined {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const value = colon < 0 ? '' : text.slice(colon + 1);
  if (colon < 0) return '';
  if (key.type === 'rsa') {
    if (name === 'rsa_padding_mode') {
      if (value === 'pss' || value === 'pkcs1') params.padding = value;
      return undefined;
    }
    if (name === 'rsa_pss_saltlen') {
      const special: Record<string, number> = { digest: SALT_DIGEST, auto: SALT_AUTO, max: SALT_MAX };
      const n = special[value] ?? (/^-?\d+$/.test(value) ? Number(value) : Number.NaN);
      if (Number.isNaN(n)) return '';
      params.saltLength = n;
      return undefined;
    }
    if (name === 'rsa_mgf1_md') {
      const md = sigDigestByName(value);
      if (!md) return fetchError(value);
      params.mgf1Md = md;
      return undefined;
    }
  }
  return libError(
    '03000093:digital envelope routines:default_fixup_args:command not supported:../crypto/evp/ctrl_params_translate.c:582:' +
      `[action:2, state:4] name=${name}, value=${value}`,
  );
}

export interface DgstOptions {
  /** dgst, or a digest name used as a command (openssl sha256). */
  prog: string;
  randomBytes(count: number): Uint8Array;
}

export async function dgstMain(ctx: CommandContext, args: readonly string[], { prog, randomBytes }: DgstOptions): Promise<number> {
  const usage = `${prog}: Use -help for summary.\n`;
  const fail = (text: string) => {
    ctx.stderr(text);
    return 1;
  };
  let md: DgstDigest | undefined = prog === 'dgst' ? undefined : digestByName(prog);
  let format: 'hex' | 'binary' | undefined;
  let coreutils = false;
  let colons = false;
  let outPath: string | undefined;
  let keyPath: string | undefined;
  let mode: 'sign' | 'verify' | 'prverify' | undefined;
  let keyForm: 'PEM' | 'DER' | undefined;
  let sigPath: string | undefined;
  let hmacKey: Uint8Array | undefined;
  let macName: string | undefined;
  const macopts: string[] = [];
  const sigopts: string[] = [];
  const parsed = parseOptions(prog, args, OPTIONS, true);
  for (const { name, value } of parsed.options) {
    switch (name) {
      case '': {
        const found = digestByName(value);
        if (found) md = found;
        else if (NOT_SIMULATED.has(value.toLowerCase())) {
          return fail(`${prog}: -${value} is a real OpenSSL digest that KMS Lab does not simulate; here dgst has -md5, -sha1, -sha256, -sha384 and -sha512\n`);
        } else return fail(`${prog}: Unknown option or message digest: ${value}\n${usage}${fetchError(value)}`);
        break;
      }
      case 'help':
        ctx.stderr(helpText(prog));
        return 0;
      case 'list':
        ctx.stdout(`Supported digests:\n${LIST.map((n) => `-${n}`.padEnd(27)).join('').replace(/(.{81})/g, '$1\n').trimEnd()}\n`);
        return 0;
      case 'c':
        colons = true;
        break;
      case 'r':
        coreutils = true;
        break;
      case 'hex':
      case 'binary':
        format = name;
        break;
      case 'out':
        outPath = value;
        break;
      case 'sign':
      case 'verify':
      case 'prverify':
        keyPath = value;
        mode = name;
        break;
      case 'keyform': {
        const form = parseFormat(ctx, prog, 'keyform', value);
        if (form === undefined) return fail(usage);
        keyForm = form;
        break;
      }
      case 'signature':
        sigPath = value;
        break;
      case 'sigopt':
        sigopts.push(value);
        break;
      case 'hmac':
        hmacKey = utf8.encode(value);
        break;
      case 'mac':
        macName = value;
        break;
      case 'macopt':
        macopts.push(value);
        break;
      case 'passin':
      case 'fips-fingerprint':
        return fail(`${prog}: -${name} is a real OpenSSL option that KMS Lab does not simulate (see openssl dgst -help)\n`);
      case 'xoflen':
        return fail(`${prog}: -xoflen is for the SHAKE digests, which KMS Lab does not compute\n`);
    }
  }
  if (parsed.error !== undefined) return fail(parsed.error + usage);
  const digestName: DgstDigest = md ?? 'sha256';
  const filesGiven = parsed.rest;
  if (keyPath !== undefined && filesGiven.length > 1) return fail(`${prog}: Can only sign or verify one file.\n`);
  if ((mode === 'verify' || mode === 'prverify') && sigPath === undefined) return fail('No signature to verify: use the -signature option\n');
  const binary = format === 'binary' || (format === undefined && mode === 'sign');

  if (macName !== undefined) {
    if (macName.toUpperCase() !== 'HMAC') return fail(`${prog}: KMS Lab's dgst computes only HMAC (-mac HMAC)\n`);
    let key: Uint8Array | undefined;
    for (const opt of macopts) {
      if (opt.startsWith('key:')) key = utf8.encode(opt.slice(4));
      else if (opt.startsWith('hexkey:') && /^([0-9a-fA-F]{2})*$/.test(opt.slice(7))) key = Uint8Array.from(opt.slice(7).match(/../g) ?? [], (p) => Number.parseInt(p, 16));
      else return fail(`MAC parameter error "${opt}"\n`);
    }
    if (key === undefined) {
      return fail(`${prog}: Error generating HMAC key\n${libError('1C80009E:Provider routines:mac_gen:invalid key:../providers/implementations/keymgmt/mac_legacy_kmgmt.c:498:')}`);
    }
    hmacKey = key;
  }

  let key: Key | undefined;
  const params: SignatureParams = { md: digestName === 'md5' ? undefined : digestName, padding: 'pkcs1', saltLength: undefined, mgf1Md: undefined };
  if (keyPath !== undefined && mode !== undefined) {
    const loaded = await loadKey(ctx, {
      path: keyPath,
      want: mode === 'verify' ? 'public' : 'private',
      form: keyForm,
      what: mode === 'verify' ? 'public key' : 'private key',
    });
    if ('failure' in loaded) return fail(loaded.failure);
    key = loaded.key;
    if (key.type === 'ed25519' || (mode === 'sign' && !isPrivate(key))) return fail('Key type not supported for this operation\n');
    if (digestName === 'md5') return fail(`${prog}: KMS Lab signs with SHA-1, SHA-256, SHA-384 and SHA-512 digests only\n`);
    for (const text of sigopts) {
      const problem = applySigopt(key, text, params);
      if (problem !== undefined) return fail(`Signature parameter error "${text}"\n${problem}`);
    }
  }
  let signature: Uint8Array | undefined;
  if (sigPath !== undefined && key !== undefined && mode !== 'sign') {
    try {
      signature = ctx.vfs.readFile(ctx.vfs.resolve(ctx.cwd, sigPath));
    } catch (error) {
      if (!(error instanceof VfsError)) throw error;
      return fail(
        `Error opening signature file ${sigPath}\n` +
          libError(`80000002:system library:BIO_new_file:No such file or directory:../crypto/bio/bss_file.c:67:calling fopen(${sigPath}, rb)`) +
          libError('10000080:BIO routines:BIO_new_file:no such file:../crypto/bio/bss_file.c:75:'),
      );
    }
  }
  const opened = openOutput(ctx, outPath, binary ? 'wb' : 'w');
  if ('failure' in opened) return fail(opened.failure);
  const out = opened;

  let status = 0;
  const inputs: (string | undefined)[] = filesGiven.length > 0 ? filesGiven : [undefined];
  for (const path of inputs) {
    let data: Uint8Array;
    if (path === undefined) data = ctx.stdin;
    else {
      try {
        data = ctx.vfs.readFile(ctx.vfs.resolve(ctx.cwd, path));
      } catch (error) {
        if (!(error instanceof VfsError)) throw error;
        const why = error.code === 'ENOENT' ? 'No such file or directory' : error.code === 'EISDIR' ? 'Is a directory' : 'Not a directory';
        ctx.stderr(
          `${path}: ${why}\n` +
            libError(`8000000${error.code === 'ENOENT' ? 2 : error.code === 'EISDIR' ? 'F' : 'E'}:system library:file_ctrl:${why}:../crypto/bio/bss_file.c:297:calling fopen(${path}, r)`) +
            libError('10080002:BIO routines:file_ctrl:system lib:../crypto/bio/bss_file.c:300:'),
        );
        status = 1;
        continue;
      }
    }
    const name = path ?? 'stdin';
    const hash = digestName === 'md5' ? md5(data) : await digest(digestName, data);
    let result: Uint8Array;
    // With no digest named, OpenSSL 3.0 prints the default's legacy name.
    let label = md === undefined ? 'SHA256' : DISPLAY[digestName];
    if (key !== undefined && mode !== undefined) {
      if (mode === 'sign') {
        const signed = await signDigest(key, hash, params, randomBytes);
        if ('failure' in signed) {
          out.close();
          return fail(signed.failure.replace('Public Key operation error\n', 'Error signing data\n'));
        }
        result = signed.signature;
        label = `${key.type === 'rsa' ? 'RSA' : 'EC'}-${DISPLAY[digestName]}`;
      } else {
        const ok = await verifyDigest(key, hash, signature!, params);
        if (ok === true) out.write(utf8.encode('Verified OK\n'));
        else if (key.type === 'ec' && !looksLikeDer(signature!)) {
          ctx.stderr('Error verifying data\n');
          status = 1;
        } else {
          ctx.stderr(ok.lines);
          out.write(utf8.encode('Verification failure\n'));
          status = 1;
        }
        continue;
      }
    } else if (hmacKey !== undefined) {
      result = await hmac(digestName, hmacKey, data);
      label = `HMAC-${label}`;
    } else result = hash;
    if (binary) out.write(result);
    else if (coreutils) out.write(utf8.encode(`${hex(result)} *${name}\n`));
    else out.write(utf8.encode(`${label}(${name})= ${colons ? hex(result).replace(/(..)(?!$)/g, '$1:') : hex(result)}\n`));
  }
  out.close();
  return status;
}

/** An ECDSA signature OpenSSL can parse: a DER SEQUENCE covering the whole file (else "Error verifying data"). */
function looksLikeDer(sig: Uint8Array): boolean {
  if (sig.length < 2 || sig[0] !== 0x30) return false;
  const length = sig[1]! < 0x80 ? sig[1]! + 2 : sig[1] === 0x81 ? sig[2]! + 3 : -1;
  return length === sig.length;
}

async function hmac(md: DgstDigest, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (md === 'md5') {
    const block = new Uint8Array(64);
    block.set(key.length > 64 ? md5(key) : key);
    const inner = md5(new Uint8Array([...block.map((b) => b ^ 0x36), ...data]));
    return md5(new Uint8Array([...block.map((b) => b ^ 0x5c), ...inner]));
  }
  const hashName = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' }[md];
  // HMAC pads a short key with zeros, so an empty key is a block of zeros; WebCrypto refuses an empty one.
  const raw = key.length === 0 ? new Uint8Array(1) : key;
  const cryptoKey = await globalThis.crypto.subtle.importKey('raw', buf(raw), { name: 'HMAC', hash: hashName }, false, ['sign']);
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', cryptoKey, buf(data)));
}
