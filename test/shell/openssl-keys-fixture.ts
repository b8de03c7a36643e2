/**
 * Key pairs made once per test file by the real OpenSSL (RSA 2048, P-256, P-384, Ed25519), in PEM
 * and DER, with a message, its digests and real signatures, for the pkeyutl/dgst/pkey tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPENSSL } from './openssl-harness.ts';

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
