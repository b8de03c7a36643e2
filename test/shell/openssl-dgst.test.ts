import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSame, real, removeScratch, sim } from './openssl-harness.ts';
import { makeKeyFiles, type Files } from './openssl-keys-fixture.ts';

let files: Files;
beforeAll(() => {
  files = { ...makeKeyFiles(), 'empty.txt': Buffer.alloc(0), 'big.bin': Buffer.alloc(100_000, 0x5a) };
});
afterAll(removeScratch);

const same = (args: string[], extra: Files = {}, read: string[] = [], stdin?: string) =>
  expectSame(args, { files: { ...files, ...extra }, ...(stdin !== undefined ? { stdin } : {}) }, read);

const flip = (data: Buffer, at: number) => {
  const copy = Buffer.from(data);
  copy[at] = copy[at]! ^ 1;
  return copy;
};

describe('openssl dgst: digests printed as OpenSSL prints them', () => {
  for (const md of ['-sha256', '-sha1', '-sha384', '-sha512', '-md5', '-SHA256', '-sha2-256']) {
    it(`${md}, in each output form`, async () => {
      await same(['dgst', md, 'msg.txt']);
      await same(['dgst', md, '-r', 'msg.txt', 'empty.txt']);
      await same(['dgst', md, '-c', 'big.bin']);
      await same(['dgst', md, '-binary', '-out', 'd.bin', 'msg.txt'], {}, ['d.bin']);
      await same(['dgst', md], {}, [], 'from stdin\n');
    });
  }
  it('the default digest, the digest commands, and -hmac / -mac HMAC', async () => {
    await same(['dgst', 'msg.txt']);
    await same(['dgst', '-hmac', 'k', 'msg.txt']);
    await same(['dgst', '-hex', '-sign', 'rsa.pem', 'msg.txt']);
    await same(['sha256', 'msg.txt']);
    await same(['sha512', '-r', 'msg.txt']);
    await same(['md5', 'msg.txt']);
    await same(['dgst', '-sha256', '-hmac', 'secret', 'msg.txt']);
    await same(['dgst', '-sha384', '-hmac', '', 'msg.txt']);
    await same(['dgst', '-sha256', '-mac', 'HMAC', '-macopt', 'hexkey:00112233445566778899aabbccddeeff', '-binary', 'msg.txt']);
    await same(['dgst', '-sha512', '-mac', 'hmac', '-macopt', 'key:abc', 'msg.txt']);
    await same(['dgst', '-sha1', '-mac', 'HMAC', '-macopt', 'key:abc', '-r', 'msg.txt']);
  });
  it('a missing file is reported and the others still printed, with status 1', async () => {
    await same(['dgst', '-sha256', 'nofile', 'msg.txt']);
  });
});

describe('openssl dgst -sign / -verify', () => {
  const keys: [string, string, string[]][] = [
    ['RSA PKCS#1 v1.5', 'rsa', []],
    ['RSA PSS, salt as long as the digest (KMS RSASSA_PSS)', 'rsa', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1']],
    ['RSA PSS, salt "digest"', 'rsa', ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest']],
    ['RSA PSS, default salt', 'rsa', ['-sigopt', 'rsa_padding_mode:pss']],
    ['ECDSA P-256', 'p256', []],
    ['ECDSA P-384', 'p384', []],
  ];
  for (const [label, name, opts] of keys) {
    for (const md of ['-sha256', '-sha384', '-sha512']) {
      it(`${label} ${md}: each tool verifies the other's signature; a changed bit fails`, async () => {
        const sign = ['dgst', md, '-sign', `${name}.pem`, ...opts, '-out', 'sig', 'msg.txt'];
        const ours = await sim(sign, { files }, ['sig']);
        const theirs = real(sign, { files }, ['sig']);
        expect([ours.code, ours.stderr, ours.stdout.length]).toEqual([theirs.code, theirs.stderr, 0]);
        if (name === 'rsa') expect(ours.files['sig']?.length).toBe(256);
        if (name === 'rsa' && opts.length === 0) expect(ours.files['sig']?.equals(theirs.files['sig']!)).toBe(true);
        for (const sig of [ours.files['sig']!, theirs.files['sig']!]) {
          for (const key of [`${name}pub.pem`, `${name}pub.der`]) {
            const ok = await same(['dgst', md, '-verify', key, ...opts, '-signature', 'sig', 'msg.txt'], { sig });
            expect(ok.stdout.toString()).toBe('Verified OK\n');
          }
          await same(['dgst', md, '-prverify', `${name}.pem`, ...opts, '-signature', 'sig', 'msg.txt'], { sig });
          await same(['dgst', md, '-verify', `${name}pub.pem`, ...opts, '-signature', 'sig', 'msg.txt'], { sig: flip(sig, sig.length - 3) });
          await same(['dgst', md, '-verify', `${name}pub.pem`, ...opts, '-signature', 'sig', 'msg.txt'], { sig, 'msg.txt': flip(files['msg.txt']!, 0) });
        }
      });
    }
  }
  it('-hex signatures, and signatures to stdout', async () => {
    await same(['dgst', '-sha256', '-hex', '-sign', 'rsa.pem', 'msg.txt']);
    await same(['dgst', '-sha256', '-sign', 'rsa.der', '-keyform', 'DER', 'msg.txt']);
    const ec = await sim(['dgst', '-sha256', '-hex', '-sign', 'p256.pem', 'msg.txt'], { files });
    expect(ec.stdout.toString()).toMatch(/^EC-SHA2-256\(msg\.txt\)= 30[0-9a-f]+\n$/);
  });
  it('a PSS signature checked with the wrong salt length names the lengths', async () => {
    const sig = real(['dgst', '-sha256', '-sign', 'rsa.pem', '-sigopt', 'rsa_padding_mode:pss', 'msg.txt'], { files }).stdout;
    await same(['dgst', '-sha256', '-verify', 'rsapub.pem', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1', '-signature', 'sig', 'msg.txt'], { sig });
    await same(['dgst', '-sha256', '-verify', 'rsapub.pem', '-signature', 'sig', 'msg.txt'], { sig });
  });
  it('an RSA signature given to an EC key is an error, not a failure', async () => {
    const sig = real(['dgst', '-sha256', '-sign', 'rsa.pem', 'msg.txt'], { files }).stdout;
    await same(['dgst', '-sha256', '-verify', 'p256pub.pem', '-signature', 'sig', 'msg.txt'], { sig });
  });
});

describe('openssl dgst: bad input gets OpenSSL\'s messages', () => {
  const cases: string[][] = [
    ['dgst', '-sha256', '-x'],
    ['dgst', '-nope', 'msg.txt'],
    ['dgst', '-sha256', '-out'],
    ['dgst', '-sha256', '-verify', 'rsapub.pem', 'msg.txt'],
    ['dgst', '-sha256', '-verify', 'rsapub.pem', '-signature', 'nofile', 'msg.txt'],
    ['dgst', '-sha256', '-verify', 'rsapub.pem', '-signature', 'msg.txt', 'msg.txt', 'msg.txt'],
    ['dgst', '-sha256', '-verify', 'rsa.pem', '-signature', 'msg.txt', 'msg.txt'],
    ['dgst', '-sha256', '-verify', 'junk.txt', '-signature', 'msg.txt', 'msg.txt'],
    ['dgst', '-sha256', '-sign', 'nofile', 'msg.txt'],
    ['dgst', '-sha256', '-sign', 'rsapub.pem', 'msg.txt'],
    ['dgst', '-sha256', '-sign', 'ed.pem', 'msg.txt'],
    ['dgst', '-sha256', '-sign', 'rsa.pem', '-sigopt', 'foo:bar', 'msg.txt'],
    ['dgst', '-sha256', '-sign', 'p256.pem', '-sigopt', 'rsa_padding_mode:pss', 'msg.txt'],
    ['dgst', '-sha256', '-keyform', 'XML', '-sign', 'rsa.pem', 'msg.txt'],
    ['dgst', '-sha256', '-mac', 'HMAC', 'msg.txt'],
    ['dgst', '-sha256', '-signature', 'msg.txt', 'msg.txt'],
    ['sha256', '-x'],
  ];
  for (const args of cases) it(args.join(' '), () => same(args));

  it('digests real OpenSSL has and the sandbox does not are named honestly', async () => {
    const result = await sim(['dgst', '-sha3-256', 'msg.txt'], { files });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/-sha3-256 is a real OpenSSL digest that KMS Lab does not simulate/);
  });

  it('-help prints our own page and succeeds', async () => {
    const help = await sim(['dgst', '-help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toContain('openssl dgst');
  });
});
