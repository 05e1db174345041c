import { describe, expect, it } from 'vitest';
import { exponentialBackoff } from './backoff.js';
import { reconnectDelaySeconds } from './connect.js';

describe('exponentialBackoff', () => {
  it('doubles from base and stops at max', () => {
    const delays = [0, 1, 2, 3, 4].map((step) => exponentialBackoff(step, { base: 500, max: 4000 }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it('grows by another factor when asked', () => {
    const delays = [0, 1, 2, 3].map((step) => exponentialBackoff(step, { base: 0.01, factor: 3, max: 1 }));
    expect(delays.map((d) => Number(d.toFixed(4)))).toEqual([0.01, 0.03, 0.09, 0.27]);
  });

  it('caps the exponent so a long run of failures stays finite', () => {
    expect(exponentialBackoff(10_000, { base: 1, max: Number.POSITIVE_INFINITY, maxExponent: 4 })).toBe(16);
    expect(exponentialBackoff(-3, { base: 7, max: 100 })).toBe(7);
  });
});

describe('reconnectDelaySeconds', () => {
  it("is the driver's 3^n / 100 s with jitter (half to all of it), capped", () => {
    for (const retries of [0, 1, 2, 3, 10]) {
      const full = Math.min(3 ** retries / 100, 1);
      const delay = reconnectDelaySeconds(retries, 1);
      expect(delay).toBeGreaterThanOrEqual(full / 2);
      expect(delay).toBeLessThanOrEqual(full);
    }
  });
});
