/**
 * Importance rank in [0,1] per page: shallow pages, pages many others link to, pages in the site navigation
 * and (when the sitemap gives priorities) high-priority pages come first. The start page always ranks 1.
 *
 *   rank = 0.35 * depthScore + 0.35 * inboundScore + 0.2 * nav + 0.1 * priority
 *   depthScore = 1 / (1 + depth), inboundScore = log(1 + inbound) / log(1 + maxInbound)
 * Without any sitemap priority the 0.1 is spread over depth and inbound links (0.4 / 0.4 / 0.2).
 */

export interface RankInput {
  depth: number;
  inboundLinks: number;
  inNav: boolean;
  sitemapPriority?: number | undefined;
  isStart?: boolean | undefined;
}

export function rankPages(pages: readonly RankInput[]): number[] {
  const maxInbound = Math.max(0, ...pages.map((page) => page.inboundLinks));
  const withPriority = pages.some((page) => page.sitemapPriority !== undefined);
  const weights = withPriority
    ? { depth: 0.35, inbound: 0.35, nav: 0.2, priority: 0.1 }
    : { depth: 0.4, inbound: 0.4, nav: 0.2, priority: 0 };
  return pages.map((page) => {
    if (page.isStart) return 1;
    const depthScore = 1 / (1 + Math.max(0, page.depth));
    const inboundScore = maxInbound > 0 ? Math.log1p(page.inboundLinks) / Math.log1p(maxInbound) : 0;
    const priority = page.sitemapPriority ?? 0.5;
    const rank =
      weights.depth * depthScore +
      weights.inbound * inboundScore +
      weights.nav * (page.inNav ? 1 : 0) +
      weights.priority * priority;
    return Math.round(Math.min(1, Math.max(0, rank)) * 10_000) / 10_000;
  });
}

/** Sorts by rank descending, then by `order` (BFS discovery order) ascending. Returns a new array. */
export function sortByRank<T extends { rank: number }>(items: readonly T[], order: (item: T) => number): T[] {
  return [...items].sort((a, b) => b.rank - a.rank || order(a) - order(b));
}
