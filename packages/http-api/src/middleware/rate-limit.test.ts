import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  it('allows a burst, then one request per refill period, per client', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2 }, () => now);
    expect(buckets.take('a')).toMatchObject({ ok: true, remaining: 1 });
    expect(buckets.take('a')).toMatchObject({ ok: true, remaining: 0 });
    const refused = buckets.take('a');
    expect(refused).toMatchObject({ ok: false, retryAfterMs: 1000 });
    expect(buckets.take('b').ok).toBe(true);
    now += 500;
    expect(buckets.take('a')).toMatchObject({ ok: false, retryAfterMs: 500 });
    now += 500;
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  it('forgets full buckets and evicts the least recently used past maxClients', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, maxClients: 3 }, () => now);
    for (const client of ['a', 'b', 'c']) buckets.take(client);
    expect(buckets.size).toBe(3);
    buckets.take('d'); // over the cap: the oldest goes
    expect(buckets.size).toBe(3);
    now += 120_000; // everyone refilled
    buckets.take('e');
    expect(buckets.size).toBe(1);
  });

  it('refuses a nonsensical configuration', () => {
    expect(() => new TokenBuckets({ perMinute: 0 })).toThrow(/perMinute/);
  });
});
