// The browser benchmark's arithmetic and verdicts: a wrong percentile or a reversed comparison would pass a budget that was missed.
import { describe, expect, it } from 'vitest';
import { passes, table, type Row } from './report.ts';
import { median, p95, percentile } from './stats.ts';

describe('percentiles (nearest rank)', () => {
  it('takes the sample at the rank, whatever the order', () => {
    const samples = [9, 1, 5, 3, 7, 2, 8, 4, 6, 10];
    expect(median(samples)).toBe(5);
    expect(p95(samples)).toBe(10);
    expect(percentile(samples, 10)).toBe(1);
    expect(percentile([4], 95)).toBe(4);
    expect(median([])).toBeNaN();
  });

  it('with twenty runs, one outlier leaves the p95 alone and two move it', () => {
    const samples = [...Array.from({ length: 19 }, () => 10), 500];
    expect(p95(samples)).toBe(10);
    expect(p95([...samples.slice(0, 18), 400, 500])).toBe(400);
  });
});

describe('verdicts', () => {
  const row = (measured: number, unit: Row['unit'], limit?: number): Row => ({ figure: 'f', state: 's', measured, unit, ...(limit === undefined ? {} : { limit }) });

  it('passes times and sizes at or under the limit, scores at or over it', () => {
    expect(passes(row(16, 'ms', 16))).toBe(true);
    expect(passes(row(16.1, 'ms', 16))).toBe(false);
    expect(passes(row(98, 'score', 98))).toBe(true);
    expect(passes(row(97, 'score', 98))).toBe(false);
    expect(passes(row(250, 'KB', 200))).toBe(false);
  });

  it('fails a figure that could not be measured, and has no verdict without a limit', () => {
    expect(passes(row(Number.NaN, 'ms', 100))).toBe(false);
    expect(passes(row(5, 'ms'))).toBeUndefined();
  });

  it('prints each figure with its limit and verdict', () => {
    const text = table([row(20, 'ms', 16), { ...row(1500, 'ms', 2500), figure: 'start-up' }]);
    expect(text).toMatch(/\| f +\| s +\| 20\.0 ms +\| ≤ 16\.0 ms +\| FAIL +\|/);
    expect(text).toMatch(/\| start-up +\| s +\| 1\.50 s +\| ≤ 2\.50 s +\| pass +\|/);
  });
});
