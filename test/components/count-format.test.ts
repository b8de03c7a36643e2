import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/components/count-format.ts';

describe('formatCount', () => {
  it('groups digits as en-US does', () => {
    for (const n of [0, 1, 12, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 10_000, 123_456_789, -1, -1234, -1_000_000, Number.MAX_SAFE_INTEGER]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });
  it('leaves what is not a safe whole number as String() prints it', () => {
    expect(formatCount(1.5)).toBe('1.5');
    expect(formatCount(Number.NaN)).toBe('NaN');
  });
});
