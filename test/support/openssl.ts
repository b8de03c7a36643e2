/**
 * Runs the real /usr/bin/openssl on files in a fresh temporary directory,
 * for tests that check the simulator's keys, signatures and ciphertexts
 * against OpenSSL (3.0.x; nothing here depends on the exact build).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslRun {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** A scratch directory with `files` written in; `run` calls openssl there; `read` reads a file back. */
export function opensslDir(files: Record<string, Uint8Array | string>) {
  const dir = mkdtempSync(join(tmpdir(), 'kms-lab-openssl-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return {
    run(args: string[]): OpensslRun {
      const result = spawnSync('/usr/bin/openssl', args, { cwd: dir, timeout: 30_000 });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
    },
    write(name: string, data: Uint8Array | string) {
      writeFileSync(join(dir, name), data);
    },
    read(name: string): Uint8Array {
      return new Uint8Array(readFileSync(join(dir, name)));
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A DER SubjectPublicKeyInfo as a PEM PUBLIC KEY, which every openssl command reads. */
export function publicPem(der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g)!;
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}
