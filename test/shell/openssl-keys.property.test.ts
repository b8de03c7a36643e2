/**
 * Bad input never crashes the key commands: damaged key files (bytes changed, cut short, PEM
 * bodies garbled) and damaged signatures and ciphertexts end in a message and status 1 (or, when
 * the damage happens to leave a valid key, status 0), never in an exception.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { sim } from './openssl-harness.ts';
import { makeKeyFiles, type Files } from './openssl-keys-fixture.ts';
import { encode, encodeInteger, encodeOid, TAG } from '../../src/shell/commands/openssl-der.ts';

const RSA_ALGORITHM = encode(TAG.SEQUENCE, encodeOid('1.2.840.113549.1.1.1'), Uint8Array.of(TAG.NULL, 0));
const rsaSpki = (n: bigint, e: bigint) =>
  encode(TAG.SEQUENCE, RSA_ALGORITHM, encode(TAG.BIT_STRING, Uint8Array.of(0), encode(TAG.SEQUENCE, encodeInteger(n), encodeInteger(e))));
const rsaPkcs8 = (numbers: bigint[]) =>
  encode(TAG.SEQUENCE, encodeInteger(0n), RSA_ALGORITHM, encode(TAG.OCTET_STRING, encode(TAG.SEQUENCE, ...[0n, ...numbers].map(encodeInteger))));

let files: Files;
beforeAll(() => {
  files = makeKeyFiles();
});

/** A copy of `data` with some bytes replaced and perhaps cut short. */
const damage = (data: Buffer, edits: [number, number][], cut: number | null) => {
  const copy = Buffer.from(data);
  for (const [at, value] of edits) copy[at % copy.length] = value;
  return cut === null ? copy : copy.subarray(0, cut % (copy.length + 1));
};

const edits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 });
const cut = fc.option(fc.nat(), { nil: null });

/** Runs a command and demands an orderly end. */
async function orderly(args: string[], extra: Files): Promise<void> {
  const result = await sim(args, { files: { ...files, ...extra } });
  expect([0, 1]).toContain(result.code);
  expect(result.stderr).not.toMatch(/TypeError|RangeError|SyntaxError|undefined|NaN|\[object/);
}

describe('damaged inputs to the key commands', () => {
  it('well-formed DER holding impossible RSA numbers (n = 0, an even n, e = 0, zero primes)', async () => {
    const n = (1n << 2047n) + 12345n;
    const oaep = ['-pkeyopt', 'rsa_padding_mode:oaep'];
    for (const [key, pub] of [[rsaSpki(0n, 65537n), true], [rsaSpki(n + 1n, 65537n), true], [rsaSpki(n, 0n), true], [rsaPkcs8([n, 65537n, 0n, 0n, 0n, 0n, 0n, 0n]), false]] as const) {
      for (const op of pub ? ['-encrypt'] : ['-sign', '-decrypt', '-encrypt']) {
        for (const opts of [[], oaep]) {
          const result = await sim(['pkeyutl', op, '-inkey', 'k', ...(pub ? ['-pubin'] : []), '-in', 'msg.txt', ...opts], { files: { ...files, k: Buffer.from(key) } });
          expect([result.code, result.stderr]).toEqual([1, `Could not read ${pub ? 'public' : 'private'} key from k\npkeyutl: Error initializing context\n`]);
        }
      }
    }
    // Small but usable numbers are keys: they fail where OpenSSL's would, at the operation.
    await orderly(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'k', '-in', 'msg.txt', ...oaep], { k: Buffer.from(rsaSpki((1n << 200n) + 1n, 65537n)) });
    await orderly(['dgst', '-verify', 'k', '-signature', 'msg.txt', '-sigopt', 'rsa_padding_mode:pss', 'msg.txt'], { k: Buffer.from(rsaSpki(15n, 3n)) });
  });

  const keyNames = ['rsa.der', 'rsapub.der', 'p256.der', 'p256pub.der', 'ed.der', 'edpub.der', 'rsa.pem', 'p384pub.pem', 'rsatrad.pem'];
  it('damaged key files', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keyNames), edits, cut, async (name, e, c) => {
        const key = damage(files[name]!, e, c);
        const pub = name.includes('pub');
        await orderly(['pkey', ...(pub ? ['-pubin'] : []), '-in', 'k', '-text'], { k: key });
        await orderly(['pkeyutl', pub ? '-encrypt' : '-sign', '-in', 'msg.sha256', '-inkey', 'k', ...(pub ? ['-pubin'] : [])], { k: key, 'msg.sha256': Buffer.alloc(32, 1) });
        await orderly(['dgst', '-sha256', pub ? '-verify' : '-sign', 'k', '-signature', 'msg.txt', 'msg.txt'], { k: key });
        if (!pub) await orderly(['pkeyutl', '-derive', '-inkey', 'k', '-peerkey', 'p256bpub.pem'], { k: key });
        if (pub) await orderly(['pkeyutl', '-derive', '-inkey', 'p256.pem', '-peerkey', 'k'], { k: key });
      }),
      { numRuns: 150, seed: 20261203 },
    );
  });

  it('damaged signatures and ciphertexts', { timeout: 120_000 }, async () => {
    const sigs: Files = {};
    for (const [name, args] of [
      ['rsa', ['-inkey', 'rsa.pem', '-pkeyopt', 'digest:sha256']],
      ['pss', ['-inkey', 'rsa.pem', '-pkeyopt', 'digest:sha256', '-pkeyopt', 'rsa_padding_mode:pss']],
      ['p256', ['-inkey', 'p256.pem']],
    ] as const) {
      sigs[name] = (await sim(['pkeyutl', '-sign', '-in', 'd', ...args], { files: { ...files, d: Buffer.alloc(32, 9) } })).stdout;
    }
    const enc = (await sim(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'rsapub.pem', '-in', 'msg.txt'], { files })).stdout;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('rsa', 'pss', 'p256'), edits, cut, async (name, e, c) => {
        const sig = damage(sigs[name]!, e, c);
        const key = name === 'p256' ? 'p256pub.pem' : 'rsapub.pem';
        const opts = name === 'pss' ? ['-pkeyopt', 'rsa_padding_mode:pss'] : [];
        await orderly(['pkeyutl', '-verify', '-pubin', '-inkey', key, '-in', 'd', '-sigfile', 's', ...(name === 'p256' ? [] : ['-pkeyopt', 'digest:sha256']), ...opts], { s: sig, d: Buffer.alloc(32, 9) });
        await orderly(['dgst', '-sha256', '-verify', key, '-signature', 's', 'msg.txt', ...opts.map((o) => o.replace('-pkeyopt', '-sigopt'))], { s: sig });
        await orderly(['pkeyutl', '-decrypt', '-inkey', 'rsa.pem', '-in', 'c'], { c: damage(enc, e, c) });
        await orderly(['pkeyutl', '-decrypt', '-inkey', 'rsa.pem', '-in', 'c', '-pkeyopt', 'rsa_padding_mode:oaep'], { c: damage(enc, e, c) });
      }),
      { numRuns: 150, seed: 20261204 },
    );
  });
});
