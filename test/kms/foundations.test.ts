import { describe, expect, it } from 'vitest';
import { SimClock, FIXED_START, DAY_MS } from '../../src/kms/clock.ts';
import { parseKeyReference, uuid, UUID_RE } from '../../src/kms/ids.ts';
import { CryptoRandom, SeededRandom } from '../../src/kms/random.ts';

describe('random sources', () => {
  it('repeat exactly for one seed and differ between seeds', () => {
    const a = new SeededRandom(42).bytes(64);
    expect(new SeededRandom(42).bytes(64)).toEqual(a);
    expect(new SeededRandom(43).bytes(64)).not.toEqual(a);
  });

  it('continue from a saved state', () => {
    const original = new SeededRandom(7);
    original.bytes(10);
    const copy = new SeededRandom(original.state());
    expect(copy.bytes(32)).toEqual(original.bytes(32));
  });

  it('fill large requests from the platform CSPRNG', () => {
    const bytes = new CryptoRandom().bytes(70_000);
    expect(bytes.length).toBe(70_000);
    expect(bytes.subarray(65_536).some((b) => b !== 0)).toBe(true);
  });
});

describe('identifiers', () => {
  it('makes version 4 UUIDs', () => {
    const id = uuid(new SeededRandom(1));
    expect(id).toMatch(UUID_RE);
    expect(id[14]).toBe('4');
  });

  it('tells key IDs, key ARNs, alias names and alias ARNs apart', () => {
    const id = '1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(parseKeyReference(id)).toEqual({ kind: 'id', keyId: id });
    expect(parseKeyReference(`arn:aws:kms:us-east-2:111122223333:key/${id}`)).toEqual({
      kind: 'key-arn',
      keyId: id,
      region: 'us-east-2',
      accountId: '111122223333',
    });
    expect(parseKeyReference('alias/app')).toEqual({ kind: 'alias', aliasName: 'alias/app' });
    expect(parseKeyReference('arn:aws:kms:us-east-1:111122223333:alias/app')).toMatchObject({ kind: 'alias-arn', aliasName: 'alias/app' });
    expect(parseKeyReference('fake-key-id')).toEqual({ kind: 'invalid', value: 'fake-key-id' });
    expect(parseKeyReference('arn:aws:s3:::bucket')).toEqual({ kind: 'invalid-arn', value: 'arn:aws:s3:::bucket' });
  });
});

describe('the simulated clock', () => {
  it('in fixed mode starts at a known instant and moves a millisecond per call', () => {
    const clock = new SimClock({ mode: 'fixed' });
    expect(clock.now().getTime()).toBe(FIXED_START);
    clock.tick();
    expect(clock.now().getTime()).toBe(FIXED_START + 1);
    expect(clock.advance(30 * DAY_MS).getTime()).toBe(FIXED_START + 1 + 30 * DAY_MS);
  });

  it('in live mode follows the wall clock plus what was advanced', () => {
    const clock = new SimClock({ mode: 'live' });
    const before = Date.now();
    const later = clock.advance(DAY_MS).getTime();
    expect(later).toBeGreaterThanOrEqual(before + DAY_MS);
  });

  it('never goes backwards and refuses to', () => {
    const clock = new SimClock({ mode: 'fixed' });
    expect(() => clock.advance(-1)).toThrow(RangeError);
    const restored = new SimClock(clock.snapshot());
    expect(restored.now()).toEqual(clock.now());
  });
});
