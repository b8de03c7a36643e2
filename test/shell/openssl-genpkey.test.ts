import { afterAll, describe, expect, it } from 'vitest';
import { expectSame, real, removeScratch, sim } from './openssl-harness.ts';

afterAll(removeScratch);

/** Checks a key file the simulator wrote with the real OpenSSL: it parses, passes -check, and reads back byte for byte. */
function checkWithOpenssl(file: Buffer, der = false): void {
  const form = der ? ['-inform', 'DER', '-outform', 'DER'] : [];
  const check = real(['pkey', '-in', 'k', ...form, '-check', '-noout'], { files: { k: file } });
  expect([check.code, check.stdout.toString()]).toEqual([0, 'Key is valid\n']);
  const again = real(['pkey', '-in', 'k', ...form], { files: { k: file } });
  expect(again.stdout.equals(file)).toBe(true);
}

describe('openssl genpkey and genrsa: keys real OpenSSL accepts, in the form it writes', () => {
  const cases: [string, string[], RegExp][] = [
    ['RSA 2048', ['-algorithm', 'RSA'], /^[.+*\n]+$/],
    ['RSA 3072', ['-algorithm', 'rsa', '-pkeyopt', 'rsa_keygen_bits:3072', '-quiet'], /^$/],
    ['EC P-256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], /^$/],
    ['EC P-384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp384r1'], /^$/],
    ['EC P-521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], /^$/],
    ['EC secp256k1', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1'], /^$/],
    ['Ed25519', ['-algorithm', 'ED25519'], /^$/],
  ];
  for (const [label, args, stderr] of cases) {
    it(label, async () => {
      const made = await sim(['genpkey', ...args, '-out', 'k.pem'], {}, ['k.pem']);
      expect(made.code).toBe(0);
      expect(made.stderr).toMatch(stderr);
      const file = made.files['k.pem']!;
      expect(file.toString()).toMatch(/^-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END PRIVATE KEY-----\n$/);
      checkWithOpenssl(file);
      const der = await sim(['genpkey', ...args, '-outform', 'DER', '-quiet'], {});
      checkWithOpenssl(der.stdout, true);
    });
  }

  it('a generated P-256 key derives the same secret with a real OpenSSL key, and its signatures verify there', async () => {
    const ours = (await sim(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'])).stdout;
    const theirs = real(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']).stdout;
    const pub = (key: Buffer) => real(['pkey', '-in', 'k', '-pubout'], { files: { k: key } }).stdout;
    const a = await sim(['pkeyutl', '-derive', '-inkey', 'mine.pem', '-peerkey', 'peer.pem'], { files: { 'mine.pem': ours, 'peer.pem': pub(theirs) } });
    const b = real(['pkeyutl', '-derive', '-inkey', 'mine.pem', '-peerkey', 'peer.pem'], { files: { 'mine.pem': theirs, 'peer.pem': pub(ours) } });
    expect(a.stdout.length).toBe(32);
    expect(a.stdout.equals(b.stdout)).toBe(true);
    const sig = (await sim(['dgst', '-sha256', '-sign', 'k.pem', 'm'], { files: { 'k.pem': ours, m: 'hello\n' } })).stdout;
    const ok = real(['dgst', '-sha256', '-verify', 'p.pem', '-signature', 's', 'm'], { files: { 'p.pem': pub(ours), s: sig, m: 'hello\n' } });
    expect(ok.stdout.toString()).toBe('Verified OK\n');
  });

  it('genrsa: PKCS#8 by default, RSA PRIVATE KEY with -traditional, exponent 3 with -3', async () => {
    const made = await sim(['genrsa', '1024'], {});
    expect([made.code, made.stderr]).toEqual([0, '']);
    checkWithOpenssl(made.stdout);
    const old = await sim(['genrsa', '-traditional', '-3', '-out', 'k', '1024'], {}, ['k']);
    expect(old.files['k']?.toString()).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const text = real(['rsa', '-in', 'k', '-text', '-noout'], { files: { k: old.files['k']! } });
    expect(text.stdout.toString()).toContain('publicExponent: 3 (0x3)\n');
  });

  const errors: string[][] = [
    ['genpkey'],
    ['genpkey', '-algorithm', 'FOO'],
    ['genpkey', '-algorithm', 'EC'],
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-999'],
    ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:100'],
    ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'bogus:1'],
    ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:abc'],
    ['genpkey', '-x'],
    ['genrsa', '-out'],
    ['genrsa', 'x'],
    ['genrsa', '100'],
    ['genrsa', '512', '1024'],
    ['genrsa', '-x'],
  ];
  for (const args of errors) it(args.join(' '), () => expectSame(args));

  it('-help pages', async () => {
    for (const prog of ['genpkey', 'genrsa']) {
      const help = await sim([prog, '-help']);
      expect([help.code, help.stderr.includes(`openssl ${prog}`)]).toEqual([0, true]);
    }
  });
});
