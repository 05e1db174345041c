/**
 * The crawl frontier: URLs waiting to be fetched, taken shallowest first and, within a depth, in discovery
 * order (breadth-first). A URL found again at a smaller depth before it was taken moves up. Deferred URLs
 * (another language or version than the start page's) are taken only when no other URL waits, so the page
 * limit is spent on the pages that will be kept.
 */

export interface FrontierItem {
  /** URL to request (normalised, on the crawled origin). */
  url: string;
  /** Dedup key (urlKey of url). */
  key: string;
  depth: number;
  /** Discovery sequence number. */
  seq: number;
  via: 'start' | 'link' | 'sitemap';
  taken: boolean;
  /** Taken after every URL that is not deferred. */
  deferred?: boolean | undefined;
}

export class Frontier {
  private readonly buckets: FrontierItem[][] = [];
  private readonly deferredBuckets: FrontierItem[][] = [];
  private readonly items = new Map<string, FrontierItem>();
  private seq = 0;
  private pending = 0;

  get size(): number {
    return this.pending;
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  get(key: string): FrontierItem | undefined {
    return this.items.get(key);
  }

  /**
   * Adds a URL; when its key is known and not taken yet, lowers its depth if smaller and, for a path
   * that only differs by a trailing slash, prefers the directory form. Returns the item when it is new.
   */
  add(
    url: string,
    key: string,
    depth: number,
    via: FrontierItem['via'],
    deferred = false,
  ): FrontierItem | undefined {
    const existing = this.items.get(key);
    if (existing) {
      if (!existing.taken) {
        if (url !== existing.url && url.endsWith('/') && !existing.url.endsWith('/')) existing.url = url;
        if (depth < existing.depth) {
          existing.depth = depth;
          this.bucket(depth, existing.deferred).push(existing);
        }
      }
      return undefined;
    }
    const item: FrontierItem = { url, key, depth, seq: this.seq++, via, taken: false };
    if (deferred) item.deferred = true;
    this.items.set(key, item);
    this.bucket(depth, deferred).push(item);
    this.pending += 1;
    return item;
  }

  /** Marks a key as handled without fetching it (e.g. claimed by a canonical link). */
  claim(key: string): void {
    const existing = this.items.get(key);
    if (existing) {
      if (!existing.taken) {
        existing.taken = true;
        this.pending -= 1;
      }
      return;
    }
    this.items.set(key, { url: '', key, depth: 0, seq: this.seq++, via: 'link', taken: true });
  }

  /** Takes the next URL (smallest depth, then discovery order). */
  take(): FrontierItem | undefined {
    for (const buckets of [this.buckets, this.deferredBuckets]) {
      for (const bucket of buckets) {
        if (!bucket) continue;
        while (bucket.length > 0) {
          const item = bucket.shift()!;
          if (item.taken) continue;
          // A moved-up item also sits in its old, deeper bucket: skip that copy.
          if (buckets[item.depth] !== bucket) continue;
          item.taken = true;
          this.pending -= 1;
          return item;
        }
      }
    }
    return undefined;
  }

  /** Items not taken, in take order (for reporting what a limit left unfetched). */
  remaining(): FrontierItem[] {
    const out: FrontierItem[] = [];
    const seen = new Set<FrontierItem>();
    for (const buckets of [this.buckets, this.deferredBuckets]) {
      for (const bucket of buckets) {
        for (const item of bucket ?? []) {
          if (!item.taken && !seen.has(item) && buckets[item.depth] === bucket) {
            seen.add(item);
            out.push(item);
          }
        }
      }
    }
    return out;
  }

  private bucket(depth: number, deferred = false): FrontierItem[] {
    const buckets = deferred ? this.deferredBuckets : this.buckets;
    for (let i = buckets.length; i <= depth; i += 1) buckets[i] = [];
    return buckets[depth]!;
  }
}
