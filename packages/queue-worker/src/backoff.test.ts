import { describe, expect, it } from 'vitest';
import { backoffMs, retryDelayMs } from './backoff.js';

describe('backoffMs', () => {
  it('doubles per step from the base, caps the exponent and the delay', () => {
    expect(backoffMs(0, { baseMs: 100, maxMs: 5000 })).toBe(100);
    expect(backoffMs(3, { baseMs: 100, maxMs: 5000 })).toBe(800);
    expect(backoffMs(9, { baseMs: 100, maxMs: 5000 })).toBe(5000);
    expect(backoffMs(9, { baseMs: 100, maxMs: 60_000, maxExponent: 6 })).toBe(6400);
    expect(backoffMs(-2, { baseMs: 100, maxMs: 5000 })).toBe(100);
  });
});

describe('retryDelayMs', () => {
  const fixed = (r: number) => () => r;
  it('doubles per attempt within ±25 % jitter and caps at maxMs', () => {
    expect(retryDelayMs(1, { baseMs: 1000, maxMs: 60_000, random: fixed(0.5) })).toBe(1000);
    expect(retryDelayMs(3, { baseMs: 1000, maxMs: 60_000, random: fixed(0.5) })).toBe(4000);
    expect(retryDelayMs(3, { baseMs: 1000, maxMs: 60_000, random: fixed(0) })).toBe(3000);
    expect(retryDelayMs(3, { baseMs: 1000, maxMs: 60_000, random: fixed(1) })).toBe(5000);
    expect(retryDelayMs(30, { baseMs: 1000, maxMs: 60_000, random: fixed(1) })).toBe(60_000);
  });
  it('waits at least as long as Retry-After asks, within the cap', () => {
    expect(retryDelayMs(1, { baseMs: 1000, maxMs: 60_000, retryAfterMs: 20_000, random: fixed(0.5) })).toBe(
      20_000,
    );
    expect(
      retryDelayMs(1, { baseMs: 1000, maxMs: 60_000, retryAfterMs: 3_600_000, random: fixed(0.5) }),
    ).toBe(60_000);
  });
  it('spreads a burst of retries (jitter)', () => {
    const delays = new Set(
      Array.from({ length: 50 }, () => retryDelayMs(4, { baseMs: 1000, maxMs: 60_000 })),
    );
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(6000);
      expect(d).toBeLessThanOrEqual(10_000);
    }
  });
});
