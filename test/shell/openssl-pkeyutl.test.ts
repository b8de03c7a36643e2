import { constants, createHash, privateEncrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSame, real, removeScratch, sim, type Setup } from './openssl-harness.ts';
import { expectSameMisread, makeKeyFiles, type Files } from './openssl-keys-fixture.ts';

let files: Files;
let setup: Setup;
const digest = (md: string, data: Buffer) => createHash(md).update(data).digest();

beforeAll(() => {
  files = makeKeyFiles();
  const msg = files['msg.txt']!;
  files["msg.sha256"] = digest('sha256', msg);
  files['msg.sha384'] = digest('sha384', msg);
  files['msg.sha512'] = digest('sha512', msg);
  files['msg.sha1'] = digest('sha1', msg);
  setup = { files };
});
afterAll(removeScratch);

/** Both tools, with `extra` files added. */
const same = (args: string[], extra: Files = {}, read: string[] = []) => expectSame(args, { files: { ...files, ...extra } }, read);

const flip = (data: Buffer, at: number) => {
  const copy = Buffer.from(data);
  copy[at] = copy[at]! ^ 1;
  return copy;
};

const OAEP256 = ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'];

describe('openssl pkeyutl -encrypt / -decrypt (RSA)', () => {
  const paddings: [string, string[]][] = [
    ['OAEP SHA-256 (ImportKeyMaterial)', OAEP256],
    ['OAEP SHA-1 (the default OAEP digest)', ['-pkeyopt', 'rsa_padding_mode:oaep']],
    ['OAEP SHA-1 named twice', ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1', '-pkeyopt', 'rsa_mgf1_md:sha1']],
    ['PKCS#1 v1.5 (the default padding)', []],
  ];
  for (const [label, opts] of paddings) {
    for (const keyArgs of [['-inkey', 'rsapub.der', '-keyform', 'DER', '-pubin'], ['-inkey', 'rsapub.pem', '-pubin'], ['-inkey', 'rsa.pem']]) {
      it(`${label}, ${keyArgs.join(' ')}: each tool decrypts the other's ciphertext`, async () => {
        const encrypt = ['pkeyutl', '-encrypt', '-in', 'key.bin', '-out', 'enc.bin', ...keyArgs, ...opts];
        const ours = await sim(encrypt, setup, ['enc.bin']);
        const theirs = real(encrypt, setup, ['enc.bin']);
        expect([ours.code, ours.stderr, ours.stdout.length]).toEqual([theirs.code, theirs.stderr, 0]);
        expect(ours.files['enc.bin']?.length).toBe(256);
        for (const cipher of [ours.files['enc.bin']!, theirs.files['enc.bin']!]) {
          const back = await same(['pkeyutl', '-decrypt', '-in', 'enc.bin', '-inkey', 'rsa.pem', '-out', 'back.bin', ...opts], { 'enc.bin': cipher }, ['back.bin']);
          expect(back.files['back.bin']?.equals(files['key.bin']!)).toBe(true);
        }
      });
    }
  }

  it('the wrong padding, a damaged ciphertext and a short one fail as in OpenSSL', async () => {
    const enc = real(['pkeyutl', '-encrypt', '-in', 'key.bin', '-out', 'enc.bin', '-inkey', 'rsapub.pem', '-pubin', ...OAEP256], setup, ['enc.bin']).files['enc.bin']!;
    const pkcs1 = real(['pkeyutl', '-encrypt', '-in', 'key.bin', '-out', 'enc.bin', '-inkey', 'rsapub.pem', '-pubin'], setup, ['enc.bin']).files['enc.bin']!;
    await same(['pkeyutl', '-decrypt', '-in', 'enc.bin', '-inkey', 'rsa.pem'], { 'enc.bin': enc });
    await same(['pkeyutl', '-decrypt', '-in', 'enc.bin', '-inkey', 'rsa.pem', '-pkeyopt', 'rsa_padding_mode:oaep'], { 'enc.bin': enc });
    await same(['pkeyutl', '-decrypt', '-in', 'enc.bin', '-inkey', 'rsa.pem', ...OAEP256], { 'enc.bin': flip(enc, 17) });
    await same(['pkeyutl', '-decrypt', '-in', 'enc.bin', '-inkey', 'rsa.pem', ...OAEP256], { 'enc.bin': pkcs1 });
    await same(['pkeyutl', '-decrypt', '-in', 'enc.bin', '-inkey', 'rsa.pem', '-out', 'x'], { 'enc.bin': flip(pkcs1, 3) }, ['x']);
  });

  it('too much data for the key', async () => {
    await same(['pkeyutl', '-encrypt', '-in', 'rsa.pem', '-inkey', 'rsapub.pem', '-pubin']);
    await same(['pkeyutl', '-encrypt', '-in', 'rsapub.pem', '-inkey', 'rsapub.pem', '-pubin', ...OAEP256]);
    await same(['pkeyutl', '-encrypt', '-in', 'big', '-inkey', 'rsapub.pem', '-pubin', ...OAEP256], { big: Buffer.alloc(191) });
  });

  it('with no padding, a block as long as the modulus goes through unchanged both ways', async () => {
    const block = Buffer.alloc(256, 7);
    const enc = await same(['pkeyutl', '-encrypt', '-in', 'b', '-out', 'c', '-inkey', 'rsapub.pem', '-pubin', '-pkeyopt', 'rsa_padding_mode:none'], { b: block }, ['c']);
    const back = await same(['pkeyutl', '-decrypt', '-in', 'c', '-inkey', 'rsa.pem', '-pkeyopt', 'rsa_padding_mode:none'], { c: enc.files['c']! });
    expect(back.stdout.equals(block)).toBe(true);
  });
});

describe('openssl pkeyutl -sign / -verify', () => {
  it('RSA PKCS#1 v1.5 over a digest: the same signature as OpenSSL, verified by both', async () => {
    for (const md of ['sha256', 'sha384', 'sha512', 'sha1']) {
      const signed = await same(['pkeyutl', '-sign', '-in', `msg.${md}`, '-inkey', 'rsa.pem', '-pkeyopt', `digest:${md}`, '-out', 'sig'], {}, ['sig']);
      const sig = signed.files['sig']!;
      await same(['pkeyutl', '-verify', '-in', `msg.${md}`, '-sigfile', 'sig', '-pubin', '-inkey', 'rsapub.der', '-pkeyopt', `digest:${md}`], { sig });
      await same(['dgst', `-${md}`, '-verify', 'rsapub.pem', '-signature', 'sig', 'msg.txt'], { sig });
      await same(['pkeyutl', '-verify', '-in', `msg.${md}`, '-sigfile', 'sig', '-pubin', '-inkey', 'rsapub.der', '-pkeyopt', `digest:${md}`], { sig: flip(sig, 200) });
      await same(['pkeyutl', '-verify', '-in', 'd', '-sigfile', 'sig', '-pubin', '-inkey', 'rsapub.der', '-pkeyopt', `digest:${md}`], { sig, d: flip(files[`msg.${md}`]!, 0) });
    }
  });

  it('RSA PKCS#1 v1.5: a signature whose block is padded wrongly is refused with OpenSSL\'s reason for each kind of block', async () => {
    // Blocks signed raw (no padding), so each is what verification recovers. A changed bit in a real
    // signature gives a random block: mostly the first kind, the others now and then.
    const rawSign = (block: Buffer) => privateEncrypt({ key: files['rsa.pem']!.toString(), padding: constants.RSA_NO_PADDING }, block);
    const ff = (n: number) => Buffer.alloc(n, 0xff);
    for (const block of [
      Buffer.concat([Buffer.from([1]), Buffer.alloc(255)]),
      Buffer.concat([Buffer.from([0, 2]), ff(254)]),
      Buffer.concat([Buffer.from([0, 1]), ff(20), Buffer.from([5]), Buffer.alloc(233)]),
      Buffer.concat([Buffer.from([0, 1]), ff(254)]),
      Buffer.concat([Buffer.from([0, 1]), ff(7), Buffer.from([0]), Buffer.alloc(246, 7)]),
    ]) {
      await same(['pkeyutl', '-verify', '-in', 'msg.sha256', '-sigfile', 'sig', '-pubin', '-inkey', 'rsapub.pem', '-pkeyopt', 'digest:sha256'], { sig: rawSign(block) });
    }
  });

  it('RSA without a digest, raw PKCS#1 v1.5 over the bytes; -rawin hashes first, as dgst does', async () => {
    const signed = await same(['pkeyutl', '-sign', '-in', 'msg.txt', '-inkey', 'rsa.pem'], {});
    await same(['pkeyutl', '-verify', '-in', 'msg.txt', '-sigfile', 'sig', '-inkey', 'rsa.pem'], { sig: signed.stdout });
    await same(['pkeyutl', '-verify', '-in', 'msg.txt', '-sigfile', 'sig', '-inkey', 'rsa.pem'], { sig: flip(signed.stdout, 9) });
    const raw = await same(['pkeyutl', '-sign', '-rawin', '-in', 'msg.txt', '-inkey', 'rsa.pem', '-digest', 'sha384'], {});
    await same(['dgst', '-sha384', '-verify', 'rsapub.pem', '-signature', 'sig', 'msg.txt'], { sig: raw.stdout });
  });

  it('RSA PSS: ours verified by OpenSSL and OpenSSL\'s by ours, with each salt length setting', async () => {
    const pss = ['-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'digest:sha256'];
    for (const salt of [[], ['-pkeyopt', 'rsa_pss_saltlen:digest'], ['-pkeyopt', 'rsa_pss_saltlen:max'], ['-pkeyopt', 'rsa_pss_saltlen:-1'], ['-pkeyopt', 'rsa_pss_saltlen:10']]) {
      const sign = ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsa.pem', ...pss, ...salt, '-out', 'sig'];
      for (const sig of [(await sim(sign, setup, ['sig'])).files['sig']!, real(sign, setup, ['sig']).files['sig']!]) {
        expect(sig.length).toBe(256);
        await same(['pkeyutl', '-verify', '-in', 'msg.sha256', '-sigfile', 'sig', '-pubin', '-inkey', 'rsapub.pem', ...pss, ...salt], { sig });
        await same(['pkeyutl', '-verify', '-in', 'msg.sha256', '-sigfile', 'sig', '-pubin', '-inkey', 'rsapub.pem', ...pss], { sig });
        await same(['pkeyutl', '-verify', '-in', 'msg.sha256', '-sigfile', 'sig', '-pubin', '-inkey', 'rsapub.pem', ...pss, ...salt], { sig: flip(sig, 100) });
      }
    }
  });

  for (const [curve, md] of [['p256', 'sha256'], ['p384', 'sha384'], ['p521', 'sha512'], ['k1', 'sha256'], ['p256', 'sha512'], ['p521', 'sha256']]) {
    it(`ECDSA ${curve} over a ${md} digest: DER signatures, each verified by the other tool`, async () => {
      const sign = ['pkeyutl', '-sign', '-in', `msg.${md}`, '-inkey', `${curve}.pem`, '-out', 'sig'];
      const ours = await sim(sign, setup, ['sig']);
      expect([ours.code, ours.stderr]).toEqual([0, '']);
      for (const sig of [ours.files['sig']!, real(sign, setup, ['sig']).files['sig']!]) {
        const ok = await same(['pkeyutl', '-verify', '-in', `msg.${md}`, '-sigfile', 'sig', '-pubin', '-inkey', `${curve}pub.der`], { sig });
        expect(ok.stdout.toString()).toBe('Signature Verified Successfully\n');
        await same(['dgst', `-${md}`, '-verify', `${curve}pub.pem`, '-signature', 'sig', 'msg.txt'], { sig });
        await same(['pkeyutl', '-verify', '-in', `msg.${md}`, '-sigfile', 'sig', '-pubin', '-inkey', `${curve}pub.der`], { sig: flip(sig, sig.length - 1) });
        await same(['pkeyutl', '-verify', '-in', 'msg.txt', '-sigfile', 'sig', '-pubin', '-inkey', `${curve}pub.der`], { sig });
      }
    });
  }

  it('Ed25519 with -rawin: the same signature as OpenSSL; without -rawin, refused', async () => {
    const signed = await same(['pkeyutl', '-sign', '-rawin', '-in', 'msg.txt', '-inkey', 'ed.pem', '-out', 'sig'], {}, ['sig']);
    const sig = signed.files['sig']!;
    await same(['pkeyutl', '-verify', '-rawin', '-in', 'msg.txt', '-sigfile', 'sig', '-pubin', '-inkey', 'edpub.der'], { sig });
    await same(['pkeyutl', '-verify', '-rawin', '-in', 'msg.txt', '-sigfile', 'sig', '-pubin', '-inkey', 'edpub.der'], { sig: flip(sig, 5) });
    await same(['pkeyutl', '-sign', '-in', 'msg.txt', '-inkey', 'ed.pem']);
    await same(['pkeyutl', '-encrypt', '-in', 'msg.txt', '-pubin', '-inkey', 'edpub.pem']);
  });

  it('older key files (RSA PRIVATE KEY, EC PRIVATE KEY) and PKCS#8 DER sign the same', async () => {
    await same(['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsatrad.pem', '-pkeyopt', 'digest:sha256']);
    await same(['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsa.der', '-keyform', 'DER', '-pkeyopt', 'digest:sha256']);
    const ec = await sim(['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'p256trad.pem', '-out', 'sig'], setup, ['sig']);
    await same(['pkeyutl', '-verify', '-in', 'msg.sha256', '-sigfile', 'sig', '-pubin', '-inkey', 'p256pub.pem'], { sig: ec.files['sig']! });
  });
});

describe('openssl pkeyutl -derive (ECDH)', () => {
  it('the same shared secret as OpenSSL, from both sides', async () => {
    const a = await same(['pkeyutl', '-derive', '-inkey', 'p256.pem', '-peerkey', 'p256bpub.pem', '-out', 's'], {}, ['s']);
    const b = await same(['pkeyutl', '-derive', '-inkey', 'p256b.der', '-keyform', 'DER', '-peerkey', 'p256pub.der', '-peerform', 'DER'], {});
    expect(a.files['s']?.length).toBe(32);
    expect(b.stdout.equals(a.files['s']!)).toBe(true);
    const c = await same(['pkeyutl', '-derive', '-inkey', 'p521.pem', '-peerkey', 'p521pub.der'], {});
    expect(c.stdout.length).toBe(66);
  });

  it('refuses a missing peer, a peer of another curve or type, and an RSA key', async () => {
    await same(['pkeyutl', '-derive', '-inkey', 'p256.pem']);
    await same(['pkeyutl', '-derive', '-inkey', 'p256.pem', '-peerkey', 'edpub.pem']);
    await same(['pkeyutl', '-derive', '-inkey', 'rsa.pem', '-peerkey', 'rsapub.pem']);
    await same(['pkeyutl', '-derive', '-inkey', 'p256.pem', '-peerkey', 'nofile']);
    await same(['pkeyutl', '-derive', '-inkey', 'p256.pem', '-peerkey', 'junk.txt']);
    await same(['pkeyutl', '-derive', '-inkey', 'p256.pem', '-peerkey', 'p384pub.pem']);
    await same(['pkeyutl', '-derive', '-inkey', 'p256.pem', '-peerkey', 'rsapub.pem']);
  });
});

describe('openssl pkeyutl: bad input gets OpenSSL\'s messages', () => {
  const cases: string[][] = [
    ['pkeyutl', '-x'],
    ['pkeyutl'],
    ['pkeyutl', '-in'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'nofile'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'junk.txt'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsapub.pem'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsapub.der'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsapub.pem', '-pubin'],
    ['pkeyutl', '-decrypt', '-in', 'msg.sha256', '-inkey', 'rsapub.pem', '-pubin'],
    ['pkeyutl', '-encrypt', '-in', 'key.bin', '-inkey', 'rsa.pem', '-pubin'],
    ['pkeyutl', '-encrypt', '-in', 'key.bin', '-inkey', 'rsa.der', '-keyform', 'DER', '-pubin'],
    ['pkeyutl', '-encrypt', '-in', 'key.bin', '-inkey', 'rsapub.der', '-keyform', 'PEM', '-pubin'],
    ['pkeyutl', '-encrypt', '-in', 'nofile', '-inkey', 'rsapub.pem', '-pubin'],
    ['pkeyutl', '-encrypt', '-in', 'key.bin', '-inkey', 'rsapub.pem', '-pubin', '-rawin'],
    ['pkeyutl', '-verify', '-in', 'msg.sha256', '-inkey', 'rsapub.pem', '-pubin'],
    ['pkeyutl', '-verify', '-in', 'msg.sha256', '-sigfile', 'nofile', '-inkey', 'rsapub.pem', '-pubin'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsa.pem', '-pkeyopt', 'foo:bar'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsa.pem', '-pkeyopt', 'nocolon'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsa.pem', '-pkeyopt', 'digest:md9'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'p256.pem', '-pkeyopt', 'rsa_padding_mode:pss'],
    ['pkeyutl', '-sign', '-in', 'rsa.pem', '-inkey', 'rsa.pem', '-pkeyopt', 'digest:sha256'],
    ['pkeyutl', '-sign', '-in', 'msg.txt', '-inkey', 'rsa.pem', '-pkeyopt', 'digest:sha256'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsa.pem', '-pkeyopt', 'rsa_padding_mode:pss'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsa.pem', '-keyform', 'XML'],
    ['pkeyutl', '-sign', '-in', 'msg.sha256', '-inkey', 'rsa.pem', '-keyform', 'pkcs12'],
    ['pkeyutl', '-encrypt', '-in', 'key.bin', '-inkey', 'rsapub.pem', '-pubin', 'extra'],
  ];
  for (const args of cases) it(args.join(' '), () => same(args));

  it('a PEM key read as DER: OpenSSL\'s first line and kinds of library line', async () => {
    for (const [key, pub] of [['rsapub.pem', true], ['rsa.pem', false], ['p256pub.pem', true], ['p256.pem', false], ['edpub.pem', true], ['ed.pem', false]] as const) {
      await expectSameMisread(['pkeyutl', pub ? '-encrypt' : '-sign', '-in', 'msg.sha256', '-inkey', key, '-keyform', 'der', ...(pub ? ['-pubin'] : [])], files);
    }
    await expectSameMisread(['pkeyutl', '-derive', '-inkey', 'p256.pem', '-peerkey', 'p256bpub.pem', '-peerform', 'DER'], files);
  });

  it('-help prints our own page and succeeds', async () => {
    const help = await sim(['pkeyutl', '-help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toContain('openssl pkeyutl');
    expect(help.stderr).toContain('rsa_oaep_md');
  });
});
