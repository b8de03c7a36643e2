/**
 * Key pairs made once per test file by the real OpenSSL (RSA 2048, P-256, P-384, P-521, secp256k1,
 * Ed25519), in PEM
 * and DER, with a message, its digests and real signatures, for the pkeyutl/dgst/pkey tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { normalizeErrors, OPENSSL, real, sim } from './openssl-harness.ts';

export type Files = Record<string, Buffer>;

function run(dir: string, args: string[]): void {
  const result = spawnSync(OPENSSL, args, { cwd: dir });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr.toString()}`);
}

/** Builds the files; the second key of each curve is for ECDH. */
export function makeKeyFiles(): Files {
  const dir = mkdtempSync(join(tmpdir(), 'kms-lab-keys-'));
  try {
    const gen: [string, string[]][] = [
      ['rsa', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']],
      ['p256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']],
      ['p256b', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']],
      ['p384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']],
      ['p521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521']],
      ['k1', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1']],
      ['ed', ['-algorithm', 'ED25519']],
    ];
    for (const [name, args] of gen) {
      run(dir, ['genpkey', ...args, '-out', `${name}.pem`]);
      run(dir, ['pkey', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`]);
      run(dir, ['pkey', '-in', `${name}.pem`, '-pubout', '-out', `${name}pub.pem`]);
      run(dir, ['pkey', '-in', `${name}.pem`, '-pubout', '-outform', 'DER', '-out', `${name}pub.der`]);
    }
    run(dir, ['rsa', '-in', 'rsa.pem', '-traditional', '-out', 'rsatrad.pem']);
    run(dir, ['ec', '-in', 'p256.pem', '-out', 'p256trad.pem']);
    run(dir, ['rand', '-out', 'key.bin', '32']);
    const files: Files = { 'msg.txt': Buffer.from('Pay 100 to Alice\n'), 'junk.txt': Buffer.from('not a key\n') };
    for (const name of readdirSync(dir)) files[name] = readFileSync(join(dir, name));
    return files;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * For a PEM file read as DER: OpenSSL's DER decoders each try the text, and which of them leave a
 * line depends on how the key's base64 happens to parse (two RSA keys gave 7 and 9 lines, one
 * Ed25519 key 3 and another 1), so the status, the output, the first line and the lines that are
 * not library errors must match, and every library line must be one of the two kinds OpenSSL prints.
 */
export async function expectSameMisread(args: string[], files: Files): Promise<void> {
  const ours = await sim(args, { files });
  const theirs = real(args, { files });
  const shape = (r: { code: number; stdout: Buffer; stderr: string }) => {
    const lines = normalizeErrors(r.stderr).split('\n');
    return { code: r.code, stdout: r.stdout.toString('latin1'), first: lines[0], rest: lines.slice(1).filter((l) => !l.includes(':error:')) };
  };
  expect(shape(ours)).toEqual(shape(theirs));
  const kinds = new Set(
    [ours, theirs].flatMap((r) => normalizeErrors(r.stderr).split('\n').filter((l) => l.includes(':error:'))),
  );
  expect([...kinds].sort()).toEqual(
    [
      'TID:error:CODE:DECODER routines:OSSL_DECODER_from_bio:unsupported:../crypto/encode_decode/decoder_lib.c:LINE:No supported data to decode. Input type: DER',
      'TID:error:CODE:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:LINE:',
    ].filter((line) => kinds.has(line)),
  );
}
