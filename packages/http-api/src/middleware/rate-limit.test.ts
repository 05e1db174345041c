import { describe, expect, it } from 'vitest';
import { addressKey, TokenBuckets } from './rate-limit.js';

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
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1, maxClients: 3 }, () => now);
    for (const client of ['a', 'b', 'c']) expect(buckets.take(client).ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false); // a is now the most recently used
    expect(buckets.size).toBe(3);
    expect(buckets.take('d').ok).toBe(true); // over the cap: the least recently used (b) goes, not a
    expect(buckets.size).toBe(3);
    expect(buckets.take('a').ok).toBe(false); // still limited
    expect(buckets.take('b').ok).toBe(true); // forgotten: a fresh bucket (c goes)
    expect(buckets.take('c').ok).toBe(true); // forgotten too (d goes)
    expect(buckets.take('a').ok).toBe(false);
    now += 120_000; // everyone refilled
    buckets.take('e');
    expect(buckets.size).toBe(1);
  });

  it('forgets refilled buckets from the least recently used end without walking past a busy one', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2 }, () => now);
    buckets.take('old'); // 1 token left: full again after 1 s
    now += 500;
    buckets.take('busy');
    buckets.take('busy'); // empty: full again 2 s later
    now += 1000; // old is full, busy is not
    buckets.take('new');
    expect(buckets.size).toBe(2); // old forgotten; busy kept, and its limit with it
    expect(buckets.take('busy')).toMatchObject({ ok: true, remaining: 0 });
  });

  it('keys an IPv6 client by its /64 and an IPv4 (or IPv4-mapped) client by its address', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:db8:1:2:ffff:ffff:ffff:fffe'));
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::1')).toBe('::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80::/64');
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('203.0.113.8')).not.toBe(addressKey('203.0.113.7'));
    expect(addressKey('not an address')).toBe('not an address');
  });

  it('limits a whole /64 as one client, so a host cannot rotate addresses past the limit', () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2 }, () => 0);
    const results = ['2001:db8:0:7::1', '2001:db8:0:7::2', '2001:db8:0:7::3'].map(
      (address) => buckets.take(addressKey(address)).ok,
    );
    expect(results).toEqual([true, true, false]);
    expect(buckets.size).toBe(1);
    expect(buckets.take(addressKey('2001:db8:0:8::1')).ok).toBe(true);
  });

  it('refuses a nonsensical configuration', () => {
    expect(() => new TokenBuckets({ perMinute: 0 })).toThrow(/perMinute/);
  });
});
