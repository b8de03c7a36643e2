/**
 * Signing and verifying a digest with a loaded key, shared by `openssl dgst` (which hashes the
 * file first) and `openssl pkeyutl` (which is handed the digest), so the two agree as they do in
 * OpenSSL: RSA PKCS#1 v1.5 and PSS, ECDSA with DER signatures. Failures carry the library lines
 * OpenSSL 3.0 queues for them.
 */
import { equalBytes } from '../../kms/bytes.ts';
import { libError } from './openssl-common.ts';
import { children, DerError, encode, encodeInteger, integerValue, readExact, TAG } from './openssl-der.ts';
import { ecdsaSign, ecdsaVerify } from './openssl-ec.ts';
import type { Key } from './openssl-keys.ts';
import {
  digestInfo,
  modulusBytes,
  pkcs1Failure,
  pkcs1Recover,
  pkcs1SignBlock,
  pssEncode,
  pssVerify,
  rsaPrivateRaw,
  rsaPublicRaw,
  SALT_AUTO,
  SALT_MAX,
  type SaltLength,
  type SigDigest,
} from './openssl-rsa-math.ts';

export interface SignatureParams {
  /** The digest the input is; undefined for pkeyutl without -pkeyopt digest (raw PKCS#1 or ECDSA on the bytes). */
  md: SigDigest | undefined;
  padding: 'pkcs1' | 'pss';
  /** PSS only; undefined means OpenSSL's default (max when signing, auto when verifying). */
  saltLength: SaltLength | undefined;
  mgf1Md: SigDigest | undefined;
}

export type SignResult = { signature: Uint8Array } | { failure: string };

const RSA_SIG = (line: number) => libError(`1C880004:Provider routines:rsa_verify:RSA lib:../providers/implementations/signature/rsa_sig.c:${line}:`);

export async function signDigest(key: Key, input: Uint8Array, params: SignatureParams, random: (n: number) => Uint8Array): Promise<SignResult> {
  if (key.type === 'ec') {
    const { r, s } = ecdsaSign(key.curve, key.d!, input, random);
    return { signature: encode(TAG.SEQUENCE, encodeInteger(r), encodeInteger(s)) };
  }
  if (key.type !== 'rsa' || !key.private) return { failure: 'Public Key operation error\n' };
  const { md } = params;
  if (md && input.length !== DIGEST_LENGTHS[md]) {
    return {
      failure:
        'Public Key operation error\n' +
        libError('1C8000A6:Provider routines:rsa_sign:invalid digest length:../providers/implementations/signature/rsa_sig.c:537:'),
    };
  }
  let block: Uint8Array | undefined;
  if (params.padding === 'pss') {
    if (!md) return { failure: 'Public Key operation error\n' + libError('1C8000A6:Provider routines:rsa_sign:invalid digest length:../providers/implementations/signature/rsa_sig.c:537:') };
    block = await pssEncode(key.rsa, md, params.mgf1Md ?? md, input, params.saltLength ?? SALT_MAX, random);
    if (!block) return { failure: 'Public Key operation error\n' + libError('02000096:rsa routines:RSA_padding_add_PKCS1_PSS_mgf1:data too large for key size:../crypto/rsa/rsa_pss.c:176:') };
  } else {
    block = pkcs1SignBlock(key.rsa, input, md);
    if (!block) {
      return {
        failure:
          'Public Key operation error\n' +
          libError('0200006E:rsa routines:RSA_padding_add_PKCS1_type_1:data too large for key size:../crypto/rsa/rsa_pk1.c:42:'),
      };
    }
  }
  return { signature: rsaPrivateRaw(key.private, block)! };
}

const DIGEST_LENGTHS: Record<SigDigest, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** True, or the library lines OpenSSL queues when the signature does not match (possibly none). */
export async function verifyDigest(key: Key, input: Uint8Array, signature: Uint8Array, params: SignatureParams): Promise<true | { lines: string }> {
  if (key.type === 'ec') {
    try {
      const [r, s, extra] = children(readExact(signature, TAG.SEQUENCE).body);
      if (extra !== undefined) return { lines: '' };
      return ecdsaVerify(key.curve, key.point, input, integerValue(r), integerValue(s)) ? true : { lines: '' };
    } catch (error) {
      if (error instanceof DerError) return { lines: '' };
      throw error;
    }
  }
  if (key.type !== 'rsa') return { lines: '' };
  const { md } = params;
  const sigLine = md ? 769 : 828;
  if (signature.length !== modulusBytes(key.rsa)) {
    if (md && params.padding === 'pkcs1') {
      return { lines: libError('02000077:rsa routines:ossl_rsa_verify:wrong signature length:../crypto/rsa/rsa_sign.c:339:') + RSA_SIG(769) };
    }
    return { lines: libError('02000077:rsa routines:RSA_padding_check_PKCS1_type_1:wrong signature length:../crypto/rsa/rsa_ossl.c:570:') + RSA_SIG(sigLine) };
  }
  const block = rsaPublicRaw(key.rsa, signature);
  if (!block) return { lines: libError('02000084:rsa routines:rsa_ossl_public_decrypt:data too large for modulus:../crypto/rsa/rsa_ossl.c:575:') + RSA_SIG(sigLine) };
  if (params.padding === 'pss') {
    if (!md) return { lines: '' };
    const ok = await pssVerify(key.rsa, md, params.mgf1Md ?? md, input, block, params.saltLength ?? SALT_AUTO);
    if (ok === true) return true;
    const [reason, detail] = [ok.slice(0, ok.indexOf(':')), ok.slice(ok.indexOf(':') + 1)];
    return { lines: libError(`02000000:rsa routines:RSA_verify_PKCS1_PSS_mgf1:${reason}:../crypto/rsa/rsa_pss.c:0:${detail}`) + RSA_SIG(810) };
  }
  const recovered = pkcs1Recover(block);
  if (!recovered) {
    return {
      lines:
        libError(pkcs1Failure(block)) +
        libError('02000072:rsa routines:rsa_ossl_public_decrypt:padding check failed:../crypto/rsa/rsa_ossl.c:590:') +
        RSA_SIG(sigLine),
    };
  }
  const expected = md ? digestInfo(md, input) : input;
  if (equalBytes(recovered, expected)) return true;
  return { lines: md ? libError('02000068:rsa routines:ossl_rsa_verify:bad signature:../crypto/rsa/rsa_sign.c:429:') + RSA_SIG(769) : '' };
}

/** The digest names OpenSSL 3.0 fetches for these (sha256, SHA2-256, sha-256 …); undefined for others. */
export function sigDigestByName(name: string): SigDigest | undefined {
  const n = name.toLowerCase().replace(/^sha2-/, 'sha').replace(/^sha-/, 'sha');
  return n === 'sha1' || n === 'sha256' || n === 'sha384' || n === 'sha512' ? n : undefined;
}
