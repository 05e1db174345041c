import { describe, expect, it } from 'vitest';
import { parseWebDate, webDateToIso } from './web-date.js';

describe('webDateToIso: sitemap <lastmod> (W3C Datetime)', () => {
  it('reads a date with time and zone', () => {
    expect(webDateToIso('2026-11-02T10:15:30+01:00')).toBe('2026-11-02T09:15:30.000Z');
    expect(webDateToIso('2026-11-02T10:15:30Z')).toBe('2026-11-02T10:15:30.000Z');
    expect(webDateToIso('2026-11-02T10:15:30.45-05:00')).toBe('2026-11-02T15:15:30.450Z');
    expect(webDateToIso('2026-11-02T10:15+0530')).toBe('2026-11-02T04:45:00.000Z');
  });

  it('reads a time without a zone as UTC, whatever the machine zone is', () => {
    expect(webDateToIso('2026-11-02T10:15:30')).toBe('2026-11-02T10:15:30.000Z');
    expect(webDateToIso('2026-11-02 10:15')).toBe('2026-11-02T10:15:00.000Z');
  });

  it('reads a date only, a month and a year as the first instant in UTC', () => {
    expect(webDateToIso('2026-11-02')).toBe('2026-11-02T00:00:00.000Z');
    expect(webDateToIso('2026-11')).toBe('2026-11-01T00:00:00.000Z');
    expect(webDateToIso('2026')).toBe('2026-01-01T00:00:00.000Z');
    expect(webDateToIso('  2026-11-02\n')).toBe('2026-11-02T00:00:00.000Z');
  });
});

describe('webDateToIso: HTTP dates (Last-Modified, Retry-After)', () => {
  it('reads RFC 1123 (IMF-fixdate), with or without the day name', () => {
    expect(webDateToIso('Sun, 06 Nov 1994 08:49:37 GMT')).toBe('1994-11-06T08:49:37.000Z');
    expect(webDateToIso('Mon, 2 Nov 2026 10:00:00 GMT')).toBe('2026-11-02T10:00:00.000Z');
    expect(webDateToIso('02 Nov 2026 10:00:00 UTC')).toBe('2026-11-02T10:00:00.000Z');
  });

  it('reads the obsolete RFC 850 and asctime forms', () => {
    expect(webDateToIso('Sunday, 06-Nov-94 08:49:37 GMT')).toBe('1994-11-06T08:49:37.000Z');
    expect(webDateToIso('Sun Nov  6 08:49:37 1994')).toBe('1994-11-06T08:49:37.000Z');
  });
});

describe('parseWebDate: anything else is undefined', () => {
  it.each([
    '',
    '   ',
    'yesterday',
    '1',
    '12345',
    'not a date 2026',
    '2026-13-01',
    '2026-02-30',
    '2026-11-02T25:00:00Z',
    '2026-11-02T10:61Z',
    'Sun, 06 Foo 1994 08:49:37 GMT',
    'Sun, 32 Nov 1994 08:49:37 GMT',
    '2026/11/02',
  ])('%j', (value) => {
    expect(parseWebDate(value)).toBeUndefined();
  });

  it('is undefined for null and undefined', () => {
    expect(parseWebDate(null)).toBeUndefined();
    expect(parseWebDate(undefined)).toBeUndefined();
  });

  it('agrees with Date.parse on the instants both read', () => {
    expect(parseWebDate('2026-11-02T10:15:30Z')).toBe(Date.parse('2026-11-02T10:15:30Z'));
    expect(parseWebDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(Date.parse('Sun, 06 Nov 1994 08:49:37 GMT'));
  });
});
