/**
 * A token bucket per client, in memory: each bucket holds up to `burst` tokens and refills at
 * `perMinute / 60` tokens a second; a request takes one. Process-local by design (one API process per
 * container): with N API replicas a client gets up to N times the limit, which is the usual trade-off of an
 * in-memory limiter and needs no shared store.
 */
export interface RateLimitOptions {
  /** Sustained requests per minute per client (LTX_RATE_LIMIT_PER_MINUTE, default 120). */
  perMinute: number;
  /** Bucket size: requests allowed at once after an idle spell (default perMinute). */
  burst?: number;
  /** Most clients tracked at once; the idlest are forgotten first (default 100 000). */
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
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private lastSweep = 0;

  constructor(
    options: RateLimitOptions,
    private readonly clock: () => number = Date.now,
  ) {
    if (!(options.perMinute > 0)) throw new Error('rate limit perMinute must be > 0');
    this.perMinute = options.perMinute;
    this.burst = Math.max(1, Math.floor(options.burst ?? options.perMinute));
    this.maxClients = options.maxClients ?? 100_000;
    this.perMs = options.perMinute / 60_000;
  }

  get size(): number {
    return this.buckets.size;
  }

  take(client: string): TakeResult {
    const now = this.clock();
    this.sweep(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, updated: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updated) * this.perMs);
    bucket.updated = now;
    // Re-insert so that Map order is least recently used first (for eviction).
    this.buckets.delete(client);
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

  /** Forgets buckets that have refilled completely (they behave exactly like a new one) and the overflow. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000 && this.buckets.size < this.maxClients) return;
    this.lastSweep = now;
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updated) * this.perMs >= this.burst) this.buckets.delete(client);
    }
    while (this.buckets.size >= this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
  }
}
