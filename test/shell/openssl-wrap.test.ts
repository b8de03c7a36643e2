import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { expectSame, removeScratch } from './openssl-harness.ts';

afterAll(removeScratch);

const KEY = '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F';

describe('openssl enc with AES key wrap (RSA_AES_KEY_WRAP_SHA_* import wrapping)', () => {
  const files = {
    'k1.bin': randomBytes(1),
    'k32.bin': randomBytes(32),
    'k5.bin': randomBytes(5),
    'k1217.bin': randomBytes(1217),
    'k5000.bin': randomBytes(5000),
    'k24.bin': randomBytes(24),
    'k7.bin': randomBytes(7),
  };
  for (const cipher of ['-id-aes256-wrap-pad', '-id-aes128-wrap-pad', '-aes-192-wrap-pad', '-id-aes256-wrap', '-aes128-wrap']) {
    it(`${cipher}: the same bytes as OpenSSL both ways`, async () => {
      const bits = /128/.test(cipher) ? 32 : /192/.test(cipher) ? 48 : 64;
      const key = KEY.slice(0, bits);
      const pad = cipher.endsWith('-pad');
      for (const name of Object.keys(files)) {
        const iv = pad ? ['-iv', 'A65959A6'] : ['-iv', 'A6A6A6A6A6A6A6A6'];
        const enc = await expectSame(['enc', cipher, '-K', key, ...iv, '-in', name, '-out', 'w.bin'], { files }, ['w.bin']);
        if (enc.code !== 0) continue;
        const wrapped = enc.files['w.bin']!;
        await expectSame(['enc', '-d', cipher, '-K', key, ...iv, '-in', 'w.bin'], { files: { 'w.bin': wrapped } });
        const damaged = Buffer.from(wrapped);
        damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 1;
        await expectSame(['enc', '-d', cipher, '-K', key, ...iv, '-in', 'w.bin', '-out', 'x'], { files: { 'w.bin': damaged } }, ['x']);
      }
      await expectSame(['enc', cipher, '-K', key, '-iv', pad ? '01020304' : '0102030405060708', '-a', '-in', 'k32.bin']);
      await expectSame(['enc', cipher, '-K', key, '-in', 'k32.bin'], { files });
    });
  }
  it('truncated wrapped input fails as in OpenSSL', async () => {
    const enc = await expectSame(['enc', '-id-aes256-wrap-pad', '-K', KEY, '-iv', 'A65959A6', '-in', 'k32.bin'], { files });
    expect(enc.stdout.length).toBe(40);
    await expectSame(['enc', '-d', '-id-aes256-wrap-pad', '-K', KEY, '-iv', 'A65959A6', '-in', 'w'], { files: { w: enc.stdout.subarray(0, 36) } });
  });
});
