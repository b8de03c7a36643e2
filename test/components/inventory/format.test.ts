import { describe, expect, it } from 'vitest';
import { formatUtc, isoUtc, prettyJson, truncateMiddle } from '../../../src/components/inventory/format.ts';

describe('formatUtc', () => {
  it('writes a Date or an ISO string as YYYY-MM-DD HH:MM:SS in UTC', () => {
    expect(formatUtc(new Date(Date.UTC(2026, 0, 5, 9, 3, 7, 456)))).toBe('2026-01-05 09:03:07');
    expect(formatUtc('2027-12-31T23:59:59Z')).toBe('2027-12-31 23:59:59');
    // An offset is converted, not copied: the table is all UTC.
    expect(formatUtc('2026-06-01T01:30:00+02:00')).toBe('2026-05-31 23:30:00');
  });

  it('leaves a value that is not a date as it is', () => {
    expect(formatUtc('soon')).toBe('soon');
    expect(isoUtc('soon')).toBe('soon');
  });

  it('gives <time> an ISO value without milliseconds', () => {
    expect(isoUtc(new Date(Date.UTC(2026, 0, 5, 9, 0, 0, 6)))).toBe('2026-01-05T09:00:00Z');
  });
});

describe('truncateMiddle', () => {
  const id = 'e08cadc1-5e41-4d34-8a07-c8dbfecbc3e7';

  it('keeps both ends and stays within the length, ellipsis included', () => {
    const short = truncateMiddle(id, 13);
    expect(short).toBe('e08cad…cbc3e7');
    expect(short.length).toBeLessThanOrEqual(13);
    expect(truncateMiddle(id, 10)).toBe('e08ca…c3e7');
  });

  it('returns text that fits unchanged', () => {
    expect(truncateMiddle('alias/demo', 10)).toBe('alias/demo');
    expect(truncateMiddle('', 5)).toBe('');
  });

  it('copes with tiny limits', () => {
    expect(truncateMiddle(id, 1)).toBe('…');
    expect(truncateMiddle(id, 2)).toBe('e…');
  });
});

describe('prettyJson', () => {
  it('indents a one-line key policy by two spaces', () => {
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*"}]}';
    expect(prettyJson(policy)).toBe(
      ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Action": "kms:*"', '    }', '  ]', '}'].join('\n'),
    );
  });

  it('shows text that is not JSON exactly as stored', () => {
    expect(prettyJson('{ not json')).toBe('{ not json');
  });

  it('formats objects (an audit event) too', () => {
    expect(prettyJson({ eventName: 'Encrypt', readOnly: true })).toBe('{\n  "eventName": "Encrypt",\n  "readOnly": true\n}');
    expect(prettyJson(undefined)).toBe('undefined');
  });
});
