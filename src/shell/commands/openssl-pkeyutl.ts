/**
 * `openssl pkeyutl`: the public-key operations a learner pairs with KMS: encrypting key material
 * with a downloaded wrapping key for ImportKeyMaterial (RSA OAEP), verifying a KMS signature over
 * a digest, ECDH with a KMS key-agreement key's public half, and Ed25519. Behaves as OpenSSL 3.0
 * does, message for message; test/shell/openssl-pkeyutl.test.ts runs both on the same files.
 */
import { buf, utf8 } from '../../kms/bytes.ts';
import type { CommandContext } from '../types.ts';
import { renderHelp } from './help-render.ts';
import { fetchError, IGNORED_OPTIONS, libError, openInput, openOutput, parseOptions, parseFormat, type OptionSpec, type Output } from './openssl-common.ts';
import { isPrivate, jwk, loadKey, type Key } from './openssl-keys.ts';
import { modulusBytes, pkcs1DecryptBlock, pkcs1EncryptBlock, rsaPrivateRaw, rsaPublicRaw, SALT_AUTO, SALT_DIGEST, SALT_MAX, type SigDigest } from './openssl-rsa-math.ts';
import { sigDigestByName, signDigest, verifyDigest, type SignatureParams } from './openssl-signature.ts';

const PROG = 'pkeyutl';
const USAGE = `${PROG}: Use -help for summary.\n`;

const OPTIONS: OptionSpec[] = [
  ...'help sign verify encrypt decrypt derive rawin pubin certin rev asn1parse hexdump verifyrecover'.split(' ').map((name): OptionSpec => ({ name, kind: '-' })),
  ...(
    [
      ['in', '<'],
      ['out', '>'],
      ['inkey', 's'],
      ['keyform', 's'],
      ['peerkey', 's'],
      ['peerform', 's'],
      ['passin', 's'],
      ['sigfile', '<'],
      ['digest', 's'],
      ['pkeyopt', 's'],
      ['pkeyopt_passin', 's'],
      ['kdf', 's'],
      ['kdflen', 'p'],
      ['engine', 's'],
      ['engine_impl', '-'],
      ['config', '<'],
      ['rand', 's'],
      ['writerand', '>'],
      ['provider-path', 's'],
      ['provider', 's'],
      ['propquery', 's'],
    ] as const
  ).map(([name, kind]): OptionSpec => ({ name, kind })),
];

/** Options real OpenSSL has whose output the sandbox does not reproduce. */
const NOT_SIMULATED = new Set(['certin', 'rev', 'asn1parse', 'hexdump', 'verifyrecover', 'kdf', 'kdflen', 'pkeyopt_passin', 'passin']);

const HELP = renderHelp({
  name: 'openssl pkeyutl',
  summary: 'public-key sign, verify, encrypt, decrypt, derive',
  synopsis: ['openssl pkeyutl [-sign | -verify | -encrypt | -decrypt | -derive]', '    -inkey KEY [-pubin] [options]'],
  description: [
    'Runs one operation of an RSA, elliptic-curve or Ed25519 key on a file: the local half of what KMS does ' +
      'with asymmetric keys. Without -rawin, signing and verifying work on a digest you made first (openssl ' +
      'dgst -binary), as KMS Sign does with --message-type DIGEST.',
    'The key file may be PEM or DER, a public key (with -pubin) or a private one; a private key serves for ' +
      'the public operations too. In the sandbox, -pkeyopt covers the RSA paddings (pkcs1, oaep, pss, none), ' +
      'the OAEP and MGF1 digests, the PSS salt length and the signature digest. OAEP here needs the MGF1 ' +
      'digest to be the OAEP digest, as in every KMS wrapping algorithm.',
  ],
  options: [
    ['-sign', 'Signs the input with the private key; this is what happens unless another operation is given.'],
    ['-verify', 'Checks the signature in -sigfile against the input, and prints whether it matches.'],
    ['-encrypt', 'Encrypts the input with the public key.'],
    ['-decrypt', 'Decrypts the input with the private key.'],
    ['-derive', 'Computes the ECDH shared secret of the private key and the public key in -peerkey.'],
    ['-in FILE', 'Reads FILE; without it, standard input.'],
    ['-out FILE', 'Writes FILE; without it, standard output.'],
    ['-inkey FILE', 'The key to use.'],
    ['-pubin', 'The key file holds a public key.'],
    ['-keyform PEM|DER', 'The form of the key file; without it, the form is found by looking.'],
    ['-peerkey FILE', 'With -derive, the other party\'s public key.'],
    ['-peerform PEM|DER', 'The form of the -peerkey file.'],
    ['-sigfile FILE', 'With -verify, the signature to check.'],
    ['-rawin', 'Signs or verifies the input itself rather than a digest of it (sha256 unless -digest says).'],
    ['-digest NAME', 'With -rawin, the digest to hash the input with.'],
    ['-pkeyopt NAME:VALUE', 'Sets a parameter: rsa_padding_mode:oaep|pkcs1|pss|none, rsa_oaep_md:sha256, rsa_mgf1_md:sha256, digest:sha256, rsa_pss_saltlen:digest|max|auto|N.'],
    ['-certin, -passin SOURCE, -pkeyopt_passin NAME', 'Real OpenSSL options for certificates and encrypted keys; the sandbox has neither and says so.'],
    ['-rev, -asn1parse, -hexdump, -verifyrecover, -kdf NAME, -kdflen N', 'Real OpenSSL options the sandbox does not reproduce; it says so.'],
    ['-engine_impl, -config FILE', 'Accepted and ignored: the sandbox has no engines and no configuration file.'],
    ['-help', 'Prints this page, and stops.'],
    ...IGNORED_OPTIONS,
  ],
  examples: [
    [
      'Wrap 32 bytes of key material for ImportKeyMaterial with the wrapping key from GetParametersForImport:',
      'openssl pkeyutl -encrypt -in key.bin -out enc.bin \\\n' +
        '    -inkey wrap.der -keyform DER -pubin \\\n' +
        '    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 \\\n' +
        '    -pkeyopt rsa_mgf1_md:sha256',
    ],
    [
      'Verify a KMS signature made with --message-type DIGEST and ECDSA_SHA_256:',
      'openssl dgst -sha256 -binary -out msg.dgst msg.txt\n' +
        'openssl pkeyutl -verify -pubin -inkey pub.der \\\n    -in msg.dgst -sigfile sig.bin',
    ],
    ['Derive a shared secret with a KMS key-agreement key:', 'openssl pkeyutl -derive -inkey mine.pem -peerkey kms-pub.der \\\n    -out secret.bin'],
  ],
});

type Operation = 'sign' | 'verify' | 'encrypt' | 'decrypt' | 'derive';

interface Settings {
  padding: 'pkcs1' | 'oaep' | 'pss' | 'none';
  oaepMd: SigDigest | undefined;
  mgf1Md: SigDigest | undefined;
  label: Uint8Array | undefined;
  md: SigDigest | undefined;
  saltLength: number | undefined;
}

const UNSUPPORTED_PARAM = (name: string, value: string) =>
  libError(
    '03000093:digital envelope routines:default_fixup_args:command not supported:../crypto/evp/ctrl_params_translate.c:582:' +
      `[action:2, state:4] name=${name}, value=${value}`,
  );

/** One -pkeyopt; undefined when it was taken, or the lines OpenSSL prints under "Can't set parameter". */
function applyPkeyopt(key: Key, op: Operation, text: string, s: Settings): string | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return '';
  const name = text.slice(0, colon);
  const value = text.slice(colon + 1);
  const isRsa = key.type === 'rsa';
  const digestValue = (): SigDigest | string => sigDigestByName(value) ?? fetchError(value);
  switch (name) {
    case 'rsa_padding_mode':
      if (!isRsa) break;
      if (value === 'pkcs1' || value === 'oaep' || value === 'pss' || value === 'none') s.padding = value;
      return undefined; // OpenSSL 3.0 passes over a mode it does not know
    case 'rsa_oaep_md':
    case 'rsa_mgf1_md': {
      if (!isRsa) break;
      const md = digestValue();
      if (md.includes(':error:')) return md;
      if (name === 'rsa_oaep_md') s.oaepMd = md as SigDigest;
      else s.mgf1Md = md as SigDigest;
      return undefined;
    }
    case 'rsa_oaep_label':
      if (!isRsa) break;
      if (!/^([0-9a-fA-F]{2})*$/.test(value)) return '';
      s.label = Uint8Array.from(value.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
      return undefined;
    case 'rsa_pss_saltlen': {
      if (!isRsa) break;
      const special: Record<string, number> = { digest: SALT_DIGEST, auto: SALT_AUTO, max: SALT_MAX };
      const n = special[value] ?? (/^-?\d+$/.test(value) ? Number(value) : Number.NaN);
      if (Number.isNaN(n)) return '';
      s.saltLength = n;
      return undefined;
    }
    case 'digest': {
      if (op !== 'sign' && op !== 'verify') break;
      const md = digestValue();
      if (md.includes(':error:')) {
        return isRsa
          ? md +
              libError(`1C80007A:Provider routines:rsa_setup_md:invalid digest:../providers/implementations/signature/rsa_sig.c:301:${value} could not be fetched`) +
              libError(`1C8000AE:Provider routines:rsa_setup_md:digest not allowed:../providers/implementations/signature/rsa_sig.c:304:digest=${value}`)
          : md;
      }
      s.md = md as SigDigest;
      return undefined;
    }
  }
  return UNSUPPORTED_PARAM(name, value);
}

const INIT_FAILURE: Record<Operation, string> = {
  sign: 'evp_pkey_signature_init:operation not supported for this keytype:../crypto/evp/signature.c:525:',
  verify: 'evp_pkey_signature_init:operation not supported for this keytype:../crypto/evp/signature.c:525:',
  encrypt: 'evp_pkey_asym_cipher_init:operation not supported for this keytype:../crypto/evp/asymcipher.c:188:',
  decrypt: 'evp_pkey_asym_cipher_init:operation not supported for this keytype:../crypto/evp/asymcipher.c:188:',
  derive: 'EVP_PKEY_derive_init_ex:operation not supported for this keytype:../crypto/evp/exchange.c:359:',
};

function supports(key: Key, op: Operation, rawin: boolean): boolean {
  if (key.type === 'rsa') return op !== 'derive';
  if (key.type === 'ec') return op === 'sign' || op === 'verify' || (op === 'derive' && key.curve.name !== 'secp256k1');
  return (op === 'sign' || op === 'verify') && rawin;
}

const HASH: Record<SigDigest, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

async function hash(md: SigDigest, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(HASH[md], buf(data)));
}

export interface PkeyutlOptions {
  randomBytes(count: number): Uint8Array;
}

export async function pkeyutlMain(ctx: CommandContext, args: readonly string[], { randomBytes }: PkeyutlOptions): Promise<number> {
  const fail = (text: string) => {
    ctx.stderr(text);
    return 1;
  };
  let op: Operation = 'sign';
  let inPath: string | undefined;
  let outPath: string | undefined;
  let keyPath: string | undefined;
  let keyForm: 'PEM' | 'DER' | undefined;
  let peerPath: string | undefined;
  let peerForm: 'PEM' | 'DER' | undefined;
  let sigPath: string | undefined;
  let digestName: string | undefined;
  let pubin = false;
  let rawin = false;
  const pkeyopts: string[] = [];
  const parsed = parseOptions(PROG, args, OPTIONS, false);
  for (const { name, value } of parsed.options) {
    switch (name) {
      case 'help':
        ctx.stderr(HELP);
        return 0;
      case 'sign':
      case 'verify':
      case 'encrypt':
      case 'decrypt':
      case 'derive':
        op = name;
        break;
      case 'in':
        inPath = value;
        break;
      case 'out':
        outPath = value;
        break;
      case 'inkey':
        keyPath = value;
        break;
      case 'peerkey':
        peerPath = value;
        break;
      case 'keyform':
      case 'peerform': {
        const form = parseFormat(ctx, PROG, name, value);
        if (form === undefined) return fail(USAGE);
        if (name === 'keyform') keyForm = form;
        else peerForm = form;
        break;
      }
      case 'sigfile':
        sigPath = value;
        break;
      case 'digest':
        digestName = value;
        break;
      case 'pubin':
        pubin = true;
        break;
      case 'rawin':
        rawin = true;
        break;
      case 'pkeyopt':
        pkeyopts.push(value);
        break;
      default:
        if (NOT_SIMULATED.has(name)) {
          return fail(`${PROG}: -${name} is a real OpenSSL option that KMS Lab does not simulate (see openssl pkeyutl -help)\n`);
        }
    }
  }
  if (parsed.error !== undefined) return fail(parsed.error + USAGE);
  if (parsed.rest.length > 0) return fail(USAGE);
  if (rawin && op !== 'sign' && op !== 'verify') return fail(`${PROG}: -rawin can only be used with -sign or -verify\n${USAGE}`);
  if (digestName !== undefined && !rawin) return fail(`${PROG}: -digest can only be used with -rawin\n${USAGE}`);
  if (keyPath === undefined) return fail(`${PROG}: no private key given (-inkey parameter).\n${USAGE}`);

  const needsPrivate = op === 'sign' || op === 'decrypt' || op === 'derive';
  const loaded = await loadKey(ctx, {
    path: keyPath,
    want: pubin ? 'public' : 'private',
    form: keyForm,
    what: pubin ? 'public key' : 'private key',
  });
  if ('failure' in loaded) return fail(`${loaded.failure}${PROG}: Error initializing context\n`);
  const key = loaded.key;
  if (needsPrivate && !isPrivate(key)) return fail(`A private key is needed for this operation\n${PROG}: Error initializing context\n`);
  if (!supports(key, op, rawin)) return fail(`${PROG}: Error initializing context\n${libError(`03000096:digital envelope routines:${INIT_FAILURE[op]}`)}`);
  let rawinMd: SigDigest | undefined;
  if (rawin && key.type !== 'ed25519') {
    rawinMd = sigDigestByName(digestName ?? 'sha256');
    if (!rawinMd) return fail(`${PROG}: Error initializing context\n${fetchError(digestName!)}`);
  }

  let peer: Key | undefined;
  if (peerPath !== undefined) {
    const found = await loadKey(ctx, { path: peerPath, want: 'public', form: peerForm, what: 'peer key', openWhat: 'public key of peer key' });
    if ('failure' in found) return fail(`${found.failure}Error reading peer key ${peerPath}\n${PROG}: Error setting up peer key\n`);
    peer = found.key;
    if (op === 'derive' && peer.type === 'ec' && key.type === 'ec' && peer.curve !== key.curve) {
      return fail(`${PROG}: Error setting up peer key\n${libError('1C8000CB:Provider routines:ecdh_match_params:mismatching domain parameters:../providers/implementations/exchange/ecdh_exch.c:133:')}`);
    }
    if (op !== 'derive' || peer.type !== key.type) {
      const where = op === 'derive' ? 'EVP_PKEY_derive_set_peer_ex:operation not supported for this keytype:../crypto/evp/exchange.c:445:' : 'EVP_PKEY_derive_set_peer_ex:operation not initialized:../crypto/evp/exchange.c:414:';
      return fail(`${PROG}: Error setting up peer key\n${libError(`03000096:digital envelope routines:${where}`)}`);
    }
  }

  const settings: Settings = { padding: 'pkcs1', oaepMd: undefined, mgf1Md: undefined, label: undefined, md: rawinMd, saltLength: undefined };
  for (const text of pkeyopts) {
    const problem = applyPkeyopt(key, op, text, settings);
    if (problem !== undefined) return fail(`${PROG}: Can't set parameter "${text}":\n${problem}`);
  }
  if (op === 'verify' && sigPath === undefined) return fail(`${PROG}: No signature file specified for verify\n`);

  const input = op === 'derive' ? { data: new Uint8Array(0) } : openInput(ctx, inPath, 'rb', ctx.stdin);
  if ('failure' in input) return fail(input.failure);
  const opened = openOutput(ctx, outPath, 'wb');
  if ('failure' in opened) return fail(opened.failure);
  const out: Output = opened;
  let signature: Uint8Array | undefined;
  if (sigPath !== undefined && op === 'verify') {
    const sig = openInput(ctx, sigPath, 'rb', ctx.stdin);
    if ('failure' in sig) return fail(sig.failure.replace(/^Can't open "[^\n]*" for reading, [^\n]*\n/, `Can't open signature file ${sigPath}\n`));
    signature = sig.data;
  }
  let data = input.data;
  if (rawin && rawinMd) data = await hash(rawinMd, data);
  else if ((op === 'sign' || op === 'verify') && !rawin && data.length > 64) return fail('Error: The input data looks too long to be a hash\n');

  const finish = (bytes: Uint8Array) => {
    out.write(bytes);
    out.close();
    return 0;
  };
  const operationError = (lines: string) => {
    out.close();
    return fail(`Public Key operation error\n${lines}`);
  };
  const sigParams: SignatureParams = {
    md: settings.md,
    padding: settings.padding === 'pss' ? 'pss' : 'pkcs1',
    saltLength: settings.saltLength,
    mgf1Md: settings.mgf1Md,
  };

  switch (op) {
    case 'sign': {
      if (key.type === 'ed25519') {
        const cryptoKey = await globalThis.crypto.subtle.importKey('jwk', jwk(key, true), { name: 'Ed25519' }, false, ['sign']);
        return finish(new Uint8Array(await globalThis.crypto.subtle.sign({ name: 'Ed25519' }, cryptoKey, buf(input.data))));
      }
      if (key.type === 'rsa' && settings.padding !== 'pkcs1' && settings.padding !== 'pss') return operationError(libError('1C8000A5:Provider routines:rsa_sign:illegal or unsupported padding mode:../providers/implementations/signature/rsa_sig.c:563:'));
      const result = await signDigest(key, data, sigParams, randomBytes);
      if ('failure' in result) {
        out.close();
        return fail(result.failure);
      }
      return finish(result.signature);
    }
    case 'verify': {
      let ok: true | { lines: string };
      if (key.type === 'ed25519') {
        const cryptoKey = await globalThis.crypto.subtle.importKey('jwk', jwk(key, false), { name: 'Ed25519' }, false, ['verify']);
        ok = (await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, buf(signature!), buf(input.data))) || { lines: '' };
      } else ok = await verifyDigest(key, data, signature!, sigParams);
      if (ok === true) return finish(utf8.encode('Signature Verified Successfully\n'));
      ctx.stderr(ok.lines);
      out.write(utf8.encode('Signature Verification Failure\n'));
      out.close();
      return 1;
    }
    case 'encrypt':
    case 'decrypt':
      if (key.type !== 'rsa') return operationError('');
      return op === 'encrypt' ? rsaEncrypt(key, data, settings) : rsaDecrypt(key, data, settings);
    case 'derive': {
      if (!peer) {
        out.close();
        return fail(`Key derivation failed\n${libError('1C800080:Provider routines:ecdh_plain_derive:missing key:../providers/implementations/exchange/ecdh_exch.c:429:')}`);
      }
      const algorithm = { name: 'ECDH', namedCurve: key.type === 'ec' ? key.curve.name : '' };
      const mine = await globalThis.crypto.subtle.importKey('jwk', jwk(key, true), algorithm, false, ['deriveBits']);
      const theirs = await globalThis.crypto.subtle.importKey('jwk', jwk(peer, false), algorithm, false, []);
      const bits = key.type === 'ec' ? key.curve.size * 8 : 0;
      return finish(new Uint8Array(await globalThis.crypto.subtle.deriveBits({ name: 'ECDH', public: theirs }, mine, bits)));
    }
  }

  /** RSA encryption: OAEP through WebCrypto; PKCS#1 v1.5 and raw, which WebCrypto lacks, in openssl-rsa-math.ts. */
  async function rsaEncrypt(k: Extract<Key, { type: 'rsa' }>, message: Uint8Array, s: Settings): Promise<number> {
    const size = modulusBytes(k.rsa);
    if (s.padding === 'oaep') {
      const md = s.oaepMd ?? 'sha1';
      if ((s.mgf1Md ?? md) !== md) return notSimulated();
      if (message.length > size - 2 * DIGEST_BYTES[md] - 2) {
        return operationError(libError('0200006E:rsa routines:ossl_rsa_padding_add_PKCS1_OAEP_mgf1_ex:data too large for key size:../crypto/rsa/rsa_oaep.c:87:'));
      }
      const cryptoKey = await globalThis.crypto.subtle.importKey('jwk', jwk(key, false), { name: 'RSA-OAEP', hash: HASH[md] }, false, ['encrypt']);
      const params: RsaOaepParams = { name: 'RSA-OAEP', ...(s.label ? { label: buf(s.label) } : {}) };
      return finish(new Uint8Array(await globalThis.crypto.subtle.encrypt(params, cryptoKey, buf(message))));
    }
    if (s.padding === 'pss') return operationError(libError('1C8000A5:Provider routines:rsa_encrypt:illegal or unsupported padding mode:../providers/implementations/asymciphers/rsa_enc.c:168:'));
    const block = s.padding === 'none' ? (message.length === size ? message : undefined) : pkcs1EncryptBlock(k.rsa, message, randomBytes);
    if (!block) {
      return operationError(
        s.padding === 'none'
          ? libError(`0200006${message.length > size ? 'E' : 'F'}:rsa routines:RSA_padding_add_none:data too ${message.length > size ? 'large' : 'small'} for key size:../crypto/rsa/rsa_none.c:${message.length > size ? 23 : 28}:`)
          : libError('0200006E:rsa routines:ossl_rsa_padding_add_PKCS1_type_2_ex:data too large for key size:../crypto/rsa/rsa_pk1.c:129:'),
      );
    }
    const result = rsaPublicRaw(k.rsa, block);
    if (!result) return operationError(libError('02000084:rsa routines:rsa_ossl_public_encrypt:data too large for modulus:../crypto/rsa/rsa_ossl.c:129:'));
    return finish(result);
  }

  async function rsaDecrypt(k: Extract<Key, { type: 'rsa' }>, ciphertext: Uint8Array, s: Settings): Promise<number> {
    const size = modulusBytes(k.rsa);
    if (ciphertext.length > size) return operationError(libError('0200006C:rsa routines:rsa_ossl_private_decrypt:data greater than mod len:../crypto/rsa/rsa_ossl.c:398:'));
    if (s.padding === 'oaep') {
      const md = s.oaepMd ?? 'sha1';
      if ((s.mgf1Md ?? md) !== md) return notSimulated();
      const cryptoKey = await globalThis.crypto.subtle.importKey('jwk', jwk(key, true), { name: 'RSA-OAEP', hash: HASH[md] }, false, ['decrypt']);
      const params: RsaOaepParams = { name: 'RSA-OAEP', ...(s.label ? { label: buf(s.label) } : {}) };
      const padded = new Uint8Array(size);
      padded.set(ciphertext, size - ciphertext.length);
      try {
        return finish(new Uint8Array(await globalThis.crypto.subtle.decrypt(params, cryptoKey, padded)));
      } catch {
        return operationError(libError('02000079:rsa routines:RSA_padding_check_PKCS1_OAEP_mgf1:oaep decoding error:../crypto/rsa/rsa_oaep.c:314:'));
      }
    }
    if (s.padding === 'pss') return operationError(libError('1C8000A5:Provider routines:rsa_decrypt:illegal or unsupported padding mode:../providers/implementations/asymciphers/rsa_enc.c:258:'));
    const padded = new Uint8Array(size);
    padded.set(ciphertext, size - ciphertext.length);
    const block = rsaPrivateRaw(k.private!, padded);
    if (!block) return operationError(libError('02000084:rsa routines:rsa_ossl_private_decrypt:data too large for modulus:../crypto/rsa/rsa_ossl.c:406:'));
    if (s.padding === 'none') return finish(block);
    const message = pkcs1DecryptBlock(block);
    if (!message) {
      return operationError(
        libError('0200009F:rsa routines:RSA_padding_check_PKCS1_type_2:pkcs decoding error:../crypto/rsa/rsa_pk1.c:269:') +
          libError('02000072:rsa routines:rsa_ossl_private_decrypt:padding check failed:../crypto/rsa/rsa_ossl.c:491:'),
      );
    }
    return finish(message);
  }

  function notSimulated(): number {
    out.close();
    return fail(`${PROG}: KMS Lab's OAEP uses one digest for OAEP and MGF1 (as KMS's wrapping algorithms do); give rsa_mgf1_md the same digest as rsa_oaep_md\n`);
  }
}

const DIGEST_BYTES: Record<SigDigest, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };
