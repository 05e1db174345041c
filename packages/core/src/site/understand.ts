/**
 * Site understanding, between the crawl and the plan: the home page (after forwarding stubs), each page's
 * kind, language and version, and the site's own navigation over the pages worth listing.
 */
import type { CrawledPage, CrawlResult } from '../types.js';
import { buildNavModel, type NavModel } from './nav-model.js';
import { classifyPage, JUNK_KINDS, kindCounts, type PageKind, SECONDARY_KINDS } from './page-kinds.js';
import { normalizeLang, pathLanguage, pathVersion, primaryLang, versionKey } from './url-signals.js';
import { findVariantCopies, type VariantCopies, variantPrefixOf } from './variants.js';

export interface SiteModel {
  home: CrawledPage | undefined;
  kinds: Map<CrawledPage, PageKind>;
  /** Pages that may be listed (no junk kind), in rank order. */
  kept: CrawledPage[];
  nav: NavModel;
  /** The start page's language ('en', 'zh-cn') when known. */
  lang?: string | undefined;
  /** Languages of the pages left out as translations. */
  otherLanguages: string[];
  /** Version folder kept in the main sections ('' = unversioned pages). */
  currentVersion: string;
  /** Pages per kind (every crawled page counted once). */
  counts: Partial<Record<PageKind, number>>;
  /** The site's variant copies (one site published under several sibling folders), when it has them. */
  variants?: VariantCopies | undefined;
}

/** The page the site starts from: the root URL, else the start URL, else the shallowest page. */
export function findHome(crawl: CrawlResult): CrawledPage | undefined {
  const roots = new Set([crawl.rootUrl, crawl.startUrl]);
  return (
    crawl.pages.find((page) => roots.has(page.url)) ??
    [...crawl.pages].sort((a, b) => a.depth - b.depth || b.rank - a.rank)[0]
  );
}

function pageLanguage(page: CrawledPage, basePath: string): string | undefined {
  return pathLanguage(page.url, basePath) ?? normalizeLang(page.lang);
}

/** Named versions that are the current release; pre-releases ('next', 'dev') never are. */
const CURRENT_NAMES = /^(latest|stable|current)$/;
const PRERELEASE_NAMES =
  /^(next|dev|devel|development|main|master|nightly|canary|unstable|beta|alpha|preview|edge)$/;

/** The version folder the main sections keep: the start page's, else the one most of the site is in. */
function currentVersionOf(
  pages: readonly CrawledPage[],
  home: CrawledPage | undefined,
  basePath: string,
): string {
  const homeKey = home ? versionKey(home.url, basePath) : '';
  const counts = new Map<string, number>();
  for (const page of pages) {
    if (page === home) continue;
    const key = versionKey(page.url, basePath);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const versioned = [...counts.keys()].filter((key) => key !== '');
  if (versioned.length === 0) return '';
  if (homeKey !== '' || (counts.get('') ?? 0) >= 3) return homeKey;
  // The start page is an unversioned landing page: the current release among the version folders.
  const score = (key: string) => {
    const version = pathVersion(`http://x${basePath}${key.split(':')[1]}/`, basePath);
    if (!version) return [-1];
    if (CURRENT_NAMES.test(version.name)) return [1e9];
    if (PRERELEASE_NAMES.test(version.name)) return [-1];
    return version.numbers ?? [0];
  };
  return versioned.sort((a, b) => {
    const [x, y] = [score(a), score(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const diff = (y[i] ?? 0) - (x[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return (counts.get(b) ?? 0) - (counts.get(a) ?? 0);
  })[0]!;
}

/**
 * Drafts (a drafts folder, a "Draft:" title) that no published page links to are unpublished writing found
 * through a sitemap or a directory listing: left out entirely (a maintainer would not list them, and they
 * would spend the model's tokens). A draft a published page links to stays, under Optional.
 */
export function markUnlinkedDrafts(pages: readonly CrawledPage[], kinds: Map<CrawledPage, PageKind>): void {
  const linked = new Set<string>();
  for (const page of pages) {
    if (kinds.get(page) === 'draft') continue;
    for (const url of page.links) linked.add(url);
    for (const url of page.navLinks ?? []) linked.add(url);
  }
  for (const page of pages)
    if (kinds.get(page) === 'draft' && !linked.has(page.url)) kinds.set(page, 'unlinked-draft');
}

export function understandSite(crawl: CrawlResult): SiteModel {
  const home = findHome(crawl);
  const basePath = crawl.basePath;
  const kinds = new Map<CrawledPage, PageKind>();
  for (const page of crawl.pages) kinds.set(page, classifyPage(page, { basePath, home }));
  markUnlinkedDrafts(crawl.pages, kinds);

  // Language: the start page's (path folder, else <html lang>); pages in another language are translations.
  const lang = home ? pageLanguage(home, basePath) : undefined;
  const homeFolder = home ? pathLanguage(home.url, basePath) : undefined;
  const others = new Set<string>();
  for (const page of crawl.pages) {
    if (page === home || !lang) continue;
    const folder = pathLanguage(page.url, basePath);
    const pageLang = pageLanguage(page, basePath);
    const foreign =
      (folder !== undefined && folder !== homeFolder && primaryLang(folder) !== primaryLang(lang)) ||
      (folder === undefined && pageLang !== undefined && primaryLang(pageLang) !== primaryLang(lang));
    if (foreign) {
      kinds.set(page, 'translation');
      if (pageLang) others.add(pageLang);
    }
  }
  for (const alternate of home?.alternates ?? []) {
    const alt = normalizeLang(alternate.lang);
    if (alt && alt !== 'x-default' && primaryLang(alt) !== primaryLang(lang)) others.add(alt);
  }

  // Versions: pages of another version folder than the current one are old (or pre-release) versions.
  const currentVersion = currentVersionOf(crawl.pages, home, basePath);
  for (const page of crawl.pages) {
    if (page === home || JUNK_KINDS.has(kinds.get(page)!)) continue;
    const key = versionKey(page.url, basePath);
    if (key !== '' && key !== currentVersion) kinds.set(page, 'old-version');
  }

  // Variant copies: the kept copy's pages stay; each other copy is listed once, by its root page.
  const variants = findVariantCopies(
    crawl.pages.filter((page) => !JUNK_KINDS.has(kinds.get(page)!)),
    basePath,
    home,
  );
  if (variants) {
    const roots = new Set(variants.roots.values());
    for (const page of crawl.pages) {
      if (page === home || JUNK_KINDS.has(kinds.get(page)!)) continue;
      const prefix = variantPrefixOf(page.url, basePath, variants);
      if (prefix === undefined || prefix === variants.kept) continue;
      kinds.set(page, roots.has(page) ? 'variant' : 'variant-copy');
    }
  }

  // A blog is its posts: when news pages are most of the site, they are its content.
  const listable = crawl.pages.filter((page) => !JUNK_KINDS.has(kinds.get(page)!));
  const news = listable.filter((page) => kinds.get(page) === 'news');
  if (news.length > listable.length / 2) for (const page of news) kinds.set(page, 'content');

  const kept = [...listable].sort((a, b) => b.rank - a.rank);
  const keep = new Set(kept.filter((page) => !SECONDARY_KINDS.has(kinds.get(page)!)).map((page) => page.url));
  const nav = buildNavModel(kept, home, keep, crawl.pages);
  return {
    home,
    kinds,
    kept,
    nav,
    lang,
    otherLanguages: [...others].sort(),
    currentVersion,
    counts: kindCounts(kinds.values()),
    variants,
  };
}
