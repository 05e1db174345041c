import { describe, expect, it } from 'vitest';
import { rankPages, sortByRank } from './rank.js';

describe('rankPages', () => {
  it('ranks the start page 1 and orders others by depth, inbound links and navigation', () => {
    const ranks = rankPages([
      { depth: 0, inboundLinks: 3, inNav: true, isStart: true },
      { depth: 1, inboundLinks: 3, inNav: true },
      { depth: 1, inboundLinks: 1, inNav: false },
      { depth: 3, inboundLinks: 0, inNav: false },
    ]);
    expect(ranks[0]).toBe(1);
    expect(ranks[1]!).toBeGreaterThan(ranks[2]!);
    expect(ranks[2]!).toBeGreaterThan(ranks[3]!);
    for (const rank of ranks) expect(rank).toBeGreaterThanOrEqual(0);
    for (const rank of ranks) expect(rank).toBeLessThanOrEqual(1);
  });

  it('uses sitemap priority when present', () => {
    const [low, high] = rankPages([
      { depth: 1, inboundLinks: 1, inNav: false, sitemapPriority: 0.1 },
      { depth: 1, inboundLinks: 1, inNav: false, sitemapPriority: 0.9 },
    ]);
    expect(high!).toBeGreaterThan(low!);
  });

  it('sorts by rank, then by order', () => {
    const sorted = sortByRank(
      [
        { id: 'b', rank: 0.5, order: 2 },
        { id: 'a', rank: 0.5, order: 1 },
        { id: 'c', rank: 0.9, order: 3 },
      ],
      (item) => item.order,
    );
    expect(sorted.map((item) => item.id)).toEqual(['c', 'a', 'b']);
  });
});
