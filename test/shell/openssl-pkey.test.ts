import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSame, removeScratch, sim } from './openssl-harness.ts';
import { expectSameMisread, makeKeyFiles, type Files } from './openssl-keys-fixture.ts';

let files: Files;
beforeAll(() => {
  files = makeKeyFiles();
});
afterAll(removeScratch);

const same = (args: string[], read: string[] = [], stdin?: Buffer) =>
  expectSame(args, { files, ...(stdin !== undefined ? { stdin } : {}) }, read);

const NAMES = ['rsa', 'p256', 'p384', 'p521', 'k1', 'ed'];

describe('openssl pkey: PEM and DER, private and public, as OpenSSL writes them', () => {
  for (const name of NAMES) {
    it(`${name}: public keys both ways between DER and PEM, and the public half of the private key`, async () => {
      const toPem = await same(['pkey', '-pubin', '-inform', 'DER', '-in', `${name}pub.der`, '-outform', 'PEM', '-out', 'pub.pem'], ['pub.pem']);
      expect(toPem.files['pub.pem']?.equals(files[`${name}pub.pem`]!)).toBe(true);
      const toDer = await same(['pkey', '-pubin', '-in', `${name}pub.pem`, '-outform', 'DER', '-out', 'pub.der'], ['pub.der']);
      expect(toDer.files['pub.der']?.equals(files[`${name}pub.der`]!)).toBe(true);
      await same(['pkey', '-pubin', '-in', `${name}pub.der`]);
      await same(['pkey', '-in', `${name}.pem`, '-pubout']);
      await same(['pkey', '-in', `${name}.der`, '-pubout', '-outform', 'DER']);
      await same(['pkey', '-in', `${name}.pem`]);
      await same(['pkey', '-in', `${name}.pem`, '-outform', 'DER']);
      await same(['pkey', '-in', `${name}.der`, '-inform', 'DER']);
      await same(['pkey', '-pubin', '-outform', 'DER'], [], files[`${name}pub.pem`]);
    });
    it(`${name}: -text, -text_pub and -noout`, async () => {
      await same(['pkey', '-in', `${name}.pem`, '-text']);
      await same(['pkey', '-in', `${name}.pem`, '-text', '-noout']);
      await same(['pkey', '-in', `${name}.pem`, '-text_pub', '-noout']);
      await same(['pkey', '-in', `${name}.pem`, '-pubout', '-text']);
      await same(['pkey', '-pubin', '-in', `${name}pub.pem`, '-text', '-noout']);
    });
  }
  it('-traditional writes RSA PRIVATE KEY and EC PRIVATE KEY, and reads them back', async () => {
    await same(['pkey', '-in', 'rsa.pem', '-traditional']);
    await same(['pkey', '-in', 'p256.pem', '-traditional']);
    await same(['pkey', '-in', 'rsatrad.pem']);
    await same(['pkey', '-in', 'p256trad.pem']);
    await same(['pkey', '-in', 'ed.pem', '-traditional']);
  });
});

describe('openssl rsa', () => {
  it('public keys both ways, PKCS#1 public keys, the modulus, and "writing RSA key"', async () => {
    await same(['rsa', '-pubin', '-inform', 'DER', '-in', 'rsapub.der', '-outform', 'PEM', '-out', 'pub.pem'], ['pub.pem']);
    await same(['rsa', '-pubin', '-in', 'rsapub.pem', '-outform', 'DER']);
    await same(['rsa', '-in', 'rsa.pem', '-pubout']);
    await same(['rsa', '-in', 'rsa.pem', '-RSAPublicKey_out']);
    await same(['rsa', '-in', 'rsa.pem']);
    await same(['rsa', '-in', 'rsa.pem', '-traditional', '-outform', 'DER']);
    await same(['rsa', '-in', 'rsatrad.pem', '-modulus', '-noout']);
    await same(['rsa', '-pubin', '-in', 'rsapub.pem', '-text', '-modulus']);
    await same(['rsa', '-in', 'rsa.pem', '-text', '-noout']);
    await same(['rsa', '-in', 'rsa.pem', '-text', '-pubout']);
  });
  it('refuses keys that are not RSA', async () => {
    await same(['rsa', '-pubin', '-inform', 'DER', '-in', 'p256pub.der']);
    await same(['rsa', '-in', 'ed.pem']);
  });
});

describe('openssl pkey / rsa: bad input gets OpenSSL\'s messages', () => {
  const cases: string[][] = [
    ['pkey', '-x'],
    ['pkey', '-in', 'nofile'],
    ['pkey', '-pubin', '-in', 'nofile'],
    ['pkey', '-in', 'junk.txt'],
    ['pkey', '-pubin', '-in', 'junk.txt'],
    ['pkey', '-in', 'p256pub.pem'],
    ['pkey', '-pubin', '-in', 'rsa.pem'],
    ['pkey', '-pubin', '-inform', 'PEM', '-in', 'rsapub.der'],
    ['pkey', '-in', 'rsa.pem', '-outform', 'XML'],
    ['pkey'],
    ['rsa', '-in', 'nofile'],
    ['rsa', '-pubin', '-in', 'nofile'],
    ['rsa', '-in', 'junk.txt'],
    ['rsa', '-x'],
  ];
  for (const args of cases) it(args.join(' '), () => same(args, [], Buffer.from('not a key\n')));

  it('a PEM key read as DER: OpenSSL\'s first line and kinds of library line', async () => {
    for (const name of NAMES) {
      await expectSameMisread(['pkey', '-pubin', '-inform', 'DER', '-in', `${name}pub.pem`], files);
      await expectSameMisread(['pkey', '-inform', 'DER', '-in', `${name}.pem`], files);
    }
  });

  it('-help prints our own pages and succeeds', async () => {
    for (const prog of ['pkey', 'rsa']) {
      const help = await sim([prog, '-help']);
      expect(help.code).toBe(0);
      expect(help.stderr).toContain(`openssl ${prog}`);
    }
  });
});
