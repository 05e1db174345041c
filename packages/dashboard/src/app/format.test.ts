import { describe, expect, it } from 'vitest';
import { elapsed, formatCount, formatDuration, formatInterval, formatRelative, shortUrl } from './format.js';

describe('format', () => {
  it('formats durations from milliseconds to days', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12 s');
    expect(formatDuration(4_200)).toBe('4.2 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(2 * 3600_000 + 3 * 60_000)).toBe('2 h 03 min');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d 0 h');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });

  it('measures elapsed time between timestamps, or until now', () => {
    expect(elapsed('2026-11-02T10:00:00Z', '2026-11-02T10:00:12Z')).toBe(12_000);
    expect(elapsed('2026-11-02T10:00:00Z', null, Date.parse('2026-11-02T10:01:00Z'))).toBe(60_000);
    expect(elapsed(null)).toBeNull();
    expect(elapsed('not a date')).toBeNull();
  });

  it('says how long ago, or in how long', () => {
    const now = Date.parse('2026-11-02T10:00:00Z');
    expect(formatRelative('2026-11-02T09:59:58Z', now)).toBe('just now');
    expect(formatRelative('2026-11-02T09:59:30Z', now)).toBe('30 s ago');
    expect(formatRelative('2026-11-02T09:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2026-11-02T13:00:00Z', now)).toBe('in 3 h');
    expect(formatRelative(undefined, now)).toBe('—');
  });

  it('names intervals and counts', () => {
    expect(formatInterval(3600)).toBe('hourly');
    expect(formatInterval(6 * 3600)).toBe('every 6 h');
    expect(formatInterval(86_400)).toBe('daily');
    expect(formatInterval(7 * 86_400)).toBe('every 7 days');
    expect(formatInterval(90)).toBe('every 90 s');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(undefined)).toBe('—');
  });

  it('shortens URLs for tables', () => {
    expect(shortUrl('https://docs.example.com/')).toBe('docs.example.com');
    expect(shortUrl('http://127.0.0.1:4000/summit-docs/?a=1')).toBe('127.0.0.1:4000/summit-docs/?a=1');
    expect(shortUrl('not a url')).toBe('not a url');
  });
});
