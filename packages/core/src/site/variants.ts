/**
 * Variant copies: one site published several times under sibling folders (a theme demo per colour scheme,
 * `cactus-dark/public/…` and `cactus-light/public/…`; a framework flavour per folder, `react/guide/x` and
 * `vue/guide/x`). Like versions and languages, the copies are one site: the start page's copy (else the one
 * the start page links first) is kept, the other copies are listed once by their root page, and text the
 * copies share is not boilerplate (it is one page's text, seen several times).
 *
 * Detected from structure only: sibling folders whose pages sit at the same paths below them with the same
 * title and the same lead text or headings, for most of the smaller folder's pages. Version and language
 * folders are left to their own rules (site/url-signals.ts).
 */
import type { CrawledPage } from '../types.js';
import { cleanProse } from './prose.js';
import { pathLanguage, pathVersion, segmentsBelow } from './url-signals.js';

export interface VariantCopies {
  /** Folder prefixes below the base path ('cactus-dark/'), the kept copy first. */
  prefixes: string[];
  /** The kept copy's prefix. */
  kept: string;
  /** Each other copy's root page (its shallowest page), listed once instead of the whole copy. */
  roots: Map<string, CrawledPage>;
  /** The kept copy's root page, when it has one. */
  keptRoot: CrawledPage | undefined;
}

/** Folder depths below the base path where copies are looked for ('x/' and 'x/y/'). */
const MAX_PREFIX_DEPTH = 2;
/** A copy holds at least this many pages, and this many of them match the other copy's. */
const MIN_COPY_PAGES = 3;
/** Share of the smaller folder's pages that must have a matching page in the other folder. */
const MIN_MATCH_SHARE = 0.6;

/** The page's folder prefix at `depth` ('dark/') and its path below it, when it is that deep. */
function split(
  page: CrawledPage,
  basePath: string,
  depth: number,
): { prefix: string; rest: string } | undefined {
  const segments = segmentsBelow(page.url, basePath).filter((segment) => !/^index\.html?$/i.test(segment));
  if (segments.length <= depth) return undefined;
  const head = segments.slice(0, depth);
  // Version and language folders are versions and translations, not copies.
  if (
    head.some(
      (segment) => pathVersion(`http://x/${segment}/`, '/') || pathLanguage(`http://x/${segment}/x`, '/'),
    )
  )
    return undefined;
  return { prefix: `${head.join('/')}/`, rest: segments.slice(depth).join('/') };
}

/** Two pages at the same path in two folders are copies: same title, and same lead text or headings. */
function sameContent(a: CrawledPage, b: CrawledPage): boolean {
  if (a.contentHash === b.contentHash) return true;
  if (a.title.trim().toLowerCase() !== b.title.trim().toLowerCase()) return false;
  const lead = (page: CrawledPage) => cleanProse(page.paragraphs?.[0] ?? '').toLowerCase();
  if (lead(a) !== '' && lead(a) === lead(b)) return true;
  const headings = (page: CrawledPage) => page.headings.join('\n').toLowerCase();
  return a.headings.length > 1 && headings(a) === headings(b);
}

function clusters(prefixes: string[], similar: (a: string, b: string) => boolean): string[][] {
  const parent = new Map(prefixes.map((prefix) => [prefix, prefix]));
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  for (let i = 0; i < prefixes.length; i++)
    for (let j = i + 1; j < prefixes.length; j++)
      if (similar(prefixes[i]!, prefixes[j]!)) parent.set(find(prefixes[i]!), find(prefixes[j]!));
  const groups = new Map<string, string[]>();
  for (const prefix of prefixes) groups.set(find(prefix), [...(groups.get(find(prefix)) ?? []), prefix]);
  return [...groups.values()].filter((group) => group.length >= 2);
}

/** The variant copies among `pages`, or undefined when the site has none. */
export function findVariantCopies(
  pages: readonly CrawledPage[],
  basePath: string,
  home: CrawledPage | undefined,
): VariantCopies | undefined {
  for (let depth = 1; depth <= MAX_PREFIX_DEPTH; depth++) {
    const byPrefix = new Map<string, Map<string, CrawledPage>>();
    for (const page of pages) {
      if (page === home) continue;
      const placed = split(page, basePath, depth);
      if (!placed) continue;
      const folder = byPrefix.get(placed.prefix) ?? new Map<string, CrawledPage>();
      if (!folder.has(placed.rest)) folder.set(placed.rest, page);
      byPrefix.set(placed.prefix, folder);
    }
    const big = [...byPrefix.keys()].filter((prefix) => byPrefix.get(prefix)!.size >= MIN_COPY_PAGES);
    const similar = (a: string, b: string) => {
      const [x, y] = [byPrefix.get(a)!, byPrefix.get(b)!];
      let matching = 0;
      for (const [rest, page] of x) {
        const other = y.get(rest);
        if (other && sameContent(page, other)) matching += 1;
      }
      return matching >= MIN_COPY_PAGES && matching >= MIN_MATCH_SHARE * Math.min(x.size, y.size);
    };
    const found = clusters(big, similar).sort(
      (a, b) =>
        b.reduce((n, p) => n + byPrefix.get(p)!.size, 0) - a.reduce((n, p) => n + byPrefix.get(p)!.size, 0),
    )[0];
    if (!found) continue;
    const kept = keptPrefix(found, byPrefix, basePath, depth, home);
    const rootOf = (prefix: string) =>
      [...byPrefix.get(prefix)!.entries()].sort(
        ([a, pa], [b, pb]) => a.split('/').length - b.split('/').length || pb.rank - pa.rank,
      )[0]?.[1];
    const roots = new Map<string, CrawledPage>();
    for (const prefix of found) {
      const root = prefix === kept ? undefined : rootOf(prefix);
      if (root) roots.set(prefix, root);
    }
    return {
      prefixes: [kept, ...found.filter((prefix) => prefix !== kept)],
      kept,
      roots,
      keptRoot: rootOf(kept),
    };
  }
  return undefined;
}

/** The start page's copy, else the copy the start page links first, else the largest (then best-ranked). */
function keptPrefix(
  prefixes: readonly string[],
  byPrefix: Map<string, Map<string, CrawledPage>>,
  basePath: string,
  depth: number,
  home: CrawledPage | undefined,
): string {
  const prefixOf = (url: string) => {
    const segments = segmentsBelow(url, basePath);
    return segments.length >= depth ? `${segments.slice(0, depth).join('/')}/` : '';
  };
  if (home) {
    const own = prefixOf(home.url);
    if (prefixes.includes(own)) return own;
    for (const url of home.links) {
      const linked = prefixOf(url);
      if (prefixes.includes(linked)) return linked;
    }
  }
  const best = (prefix: string) => Math.max(...[...byPrefix.get(prefix)!.values()].map((page) => page.rank));
  return [...prefixes].sort(
    (a, b) => byPrefix.get(b)!.size - byPrefix.get(a)!.size || best(b) - best(a) || a.localeCompare(b),
  )[0]!;
}

/** The prefix of `url` among the copies, when it is in one. */
export function variantPrefixOf(url: string, basePath: string, copies: VariantCopies): string | undefined {
  const path = `${segmentsBelow(url, basePath).join('/')}/`;
  return copies.prefixes.find((prefix) => path.startsWith(prefix));
}

/** A key that is the same for a page and its copies (its path below its copy's folder), else its URL. */
export function copyKey(url: string, basePath: string, copies: VariantCopies | undefined): string {
  if (!copies) return url;
  const prefix = variantPrefixOf(url, basePath, copies);
  if (!prefix) return url;
  return `copy:${`${segmentsBelow(url, basePath).join('/')}/`.slice(prefix.length)}`;
}
