import ipaddr from 'ipaddr.js';

/**
 * A token bucket per client, in memory: each bucket holds up to `burst` tokens and refills at
 * `perMinute / 60` tokens a second; a request takes one. Process-local by design (one API process per
 * container): with N API replicas a client gets up to N times the limit, which is the usual trade-off of an
 * in-memory limiter and needs no shared store.
 */
export interface RateLimitOptions {
  /** Sustained requests per minute per client (LTX_RATE_LIMIT_PER_MINUTE, default 600). */
  perMinute: number;
  /** Bucket size: requests allowed at once after an idle spell (default perMinute). */
  burst?: number;
  /** Most clients tracked at once; the least recently seen are forgotten first (default 100 000). */
  maxClients?: number;
}

export type TakeResult =
  | { ok: true; limit: number; remaining: number }
  | { ok: false; limit: number; remaining: 0; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updated: number;
}

export class TokenBuckets {
  readonly perMinute: number;
  readonly burst: number;
  readonly maxClients: number;
  /** Least recently used first: take() deletes and re-inserts a client's bucket. */
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    options: RateLimitOptions,
    private readonly clock: () => number = Date.now,
  ) {
    if (!(options.perMinute > 0)) throw new Error('rate limit perMinute must be > 0');
    this.perMinute = options.perMinute;
    this.burst = Math.max(1, Math.floor(options.burst ?? options.perMinute));
    this.maxClients = Math.max(1, options.maxClients ?? 100_000);
    this.perMs = options.perMinute / 60_000;
  }

  get size(): number {
    return this.buckets.size;
  }

  take(client: string): TakeResult {
    const now = this.clock();
    const known = this.buckets.get(client);
    if (known) this.buckets.delete(client);
    this.forgetIdle(now);
    const bucket = known ?? { tokens: this.burst, updated: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updated) * this.perMs);
    bucket.updated = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, limit: this.burst, remaining: Math.floor(bucket.tokens) };
    }
    return {
      ok: false,
      limit: this.burst,
      remaining: 0,
      retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs),
    };
  }

  /**
   * O(1) amortised per request, never a walk over every client: from the least recently used end, forget the
   * buckets that have refilled completely (they behave exactly like a new one), stopping at the first that
   * has not; then, while the map is full, forget the least recently used.
   */
  private forgetIdle(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updated) * this.perMs < this.burst) break;
      this.buckets.delete(client);
    }
    while (this.buckets.size >= this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
  }
}

/**
 * The rate-limit identity of a client address: an IPv4 address as it is (IPv4-mapped IPv6 included), an IPv6
 * address by its /64 (one host or home gets a whole /64 and can pick a new address for every request, so keying
 * per address would both bypass the limit and fill the table). Anything unparsable is used verbatim.
 */
export function addressKey(address: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return address;
  }
  if (parsed instanceof ipaddr.IPv4) return parsed.toString();
  return `${new ipaddr.IPv6([...parsed.parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`;
}
