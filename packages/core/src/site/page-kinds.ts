/**
 * Page kinds: what a page is for, from structural signals (URL shape, link density, code share, several
 * <article>s, a meta refresh, a near-empty body saying it moved) and a few generators' well-known page names
 * (Sphinx genindex / py-modindex / _modules, coverage.py reports).
 *
 * Junk kinds never reach the output or the prompt; secondary kinds go to Optional.
 */
import { pagePath } from '../extract/hash-route.js';
import type { CrawledPage, PageKind } from '../types.js';
import { segmentsBelow } from './url-signals.js';

export type { PageKind };

export const PAGE_KINDS: readonly PageKind[] = [
  'home',
  'content',
  'generated-index',
  'source-listing',
  'listing',
  'redirect',
  'draft',
  'unlinked-draft',
  'error',
  'changelog',
  'news',
  'legal',
  'example',
  'old-version',
  'translation',
];

/** Kinds that never reach the output or the prompt. */
export const JUNK_KINDS: ReadonlySet<PageKind> = new Set([
  'generated-index',
  'source-listing',
  'listing',
  'redirect',
  'unlinked-draft',
  'error',
  'old-version',
  'translation',
]);
/**
 * Kinds listed under Optional. A draft that a published page links to is real writing the site points readers
 * to: secondary, marked as such in the prompt. A draft no published page links to ('unlinked-draft', decided
 * across pages in site/understand.ts) is unpublished: junk, like a stub.
 */
export const SECONDARY_KINDS: ReadonlySet<PageKind> = new Set([
  'changelog',
  'news',
  'legal',
  'draft',
  'example',
]);

const GENERATED_INDEX_SEGMENT =
  /^(genindex|py-modindex|modindex|search|searchresults|search-results|sitemap|site-map|_index|np-modindex|r-modindex|js-modindex|objects)$/i;
const GENERATED_INDEX_TITLE =
  /^(index|general index|python module index|module index|search|search results|search page|sitemap|site map|all pages)$/i;
const SOURCE_SEGMENT = /^(_modules|_sources|_source|source|sources|src|htmlcov|coverage|lcov-report|cover)$/i;
const SOURCE_TITLE = /^(source code for|overview: module code|coverage report|code coverage|coverage for)\b/i;
const LISTING_SEGMENT =
  /^(tags?|categories|category|archives?|authors?|labels?|topics|page|pages|series|keywords|topic)$/i;
const LISTING_TITLE = /^(tag|tags|category|categories|archives?|posts tagged|all posts|author|label)\b/i;
const DRAFT_SEGMENT = /^(drafts?|_drafts|wip|unpublished)$/i;
const DRAFT_TITLE = /^(\[?draft\]?|wip)\b[:\s-]/i;
const ERROR_SEGMENT = /^(404|500|error|not-found|notfound)$/i;
const ERROR_TITLE = /^(404|500|error|page not found|not found|oops)\b/i;
const CHANGELOG_SEGMENT =
  /^(changelog|changelogs|changes|release-notes|releasenotes|releases|whatsnew|whats-new|news)$/i;
const CHANGELOG_TITLE =
  /^(changelog|change log|changes|release notes|releases|release history|history|what's new|whats new|version history)\b/i;
const NEWS_SEGMENT = /^(blog|blogs|news|newsroom|press|announcements|events)$/i;
const LEGAL_SEGMENT =
  /^(legal|privacy|privacy-policy|terms|terms-of-service|terms-of-use|tos|cookies|cookie-policy|cookie_policy|imprint|impressum|license|licence|licensing|disclaimer|gdpr)$/i;
const LEGAL_TITLE =
  /^(privacy( policy| notice)?|terms( of (service|use))?|terms and conditions|cookie( policy| notice)?|legal( notice)?|imprint|impressum|license|licence|disclaimer)$/i;
/** Folders of demos and examples: a page there with hardly any prose is a demo, not documentation. */
const EXAMPLE_SEGMENT =
  /^(examples?|demos?|samples?|gallery|galleries|showcase|playground|sandbox|fiddles?|snippets)$/i;
const MOVED_TEXT =
  /\b(has moved|have moved|was moved|page moved|moved to|moved permanently|redirect(ing|ed)?( you)?|if you are not redirected|click here if|this page is no longer|now lives at|new location)\b/i;
/** Pagination: /page/2/, ?page=2, /2/ under a listing. */
const PAGINATION = /(^|\/)page\/\d+\/?$|[?&](page|p)=\d+/i;
const DATE_ARCHIVE = /(^|\/)\d{4}\/(\d{2}\/)?(index\.html?)?$/;

/** The path segments below the base path, without an .html/.htm ending. */
function pathSegments(url: string, basePath: string): string[] {
  return segmentsBelow(url, basePath).map((segment) => segment.replace(/\.html?$/i, ''));
}

function oneLineTitle(page: CrawledPage): string {
  return page.title.replace(/\s+/g, ' ').trim();
}

/** Share of the main text that is link text (1 for a page of links only). */
function linkShare(page: CrawledPage): number {
  const stats = page.stats;
  if (!stats || stats.textChars === 0) return 0;
  return Math.min(1, stats.linkChars / stats.textChars);
}

function codeShare(page: CrawledPage): number {
  const stats = page.stats;
  if (!stats || stats.textChars === 0) return 0;
  return Math.min(1, stats.codeChars / stats.textChars);
}

/** Paragraphs long enough to explain something (a caption or a label does not count). */
function proseParagraphs(page: CrawledPage): number {
  const paragraphs = page.paragraphs ?? page.text.split(/\n+/);
  return paragraphs.filter((text) => text.trim().split(/\s+/).length >= 12).length;
}

export interface KindContext {
  basePath: string;
  /** The start page (kind 'home'). */
  home?: CrawledPage | undefined;
}

/** The kind of one page from its own signals (language and version kinds are decided across pages). */
export function classifyPage(page: CrawledPage, ctx: KindContext): PageKind {
  if (page === ctx.home) return 'home';
  const segments = pathSegments(page.url, ctx.basePath);
  const last = segments.at(-1) ?? '';
  const folders = segments.slice(0, -1);
  const title = oneLineTitle(page);
  const text = page.text.trim();
  const path = (() => {
    try {
      const url = new URL(page.url);
      return pagePath(url) + url.search;
    } catch {
      return page.url;
    }
  })();

  if (ERROR_SEGMENT.test(last) || ERROR_TITLE.test(title)) return 'error';
  if (page.refresh && page.refresh !== page.url) return 'redirect';
  if (text.length < 400 && MOVED_TEXT.test(`${title} ${text}`)) return 'redirect';
  if (segments.some((segment) => DRAFT_SEGMENT.test(segment)) || DRAFT_TITLE.test(title)) return 'draft';
  // genindex, py-modindex ... are always generated; 'search' or 'sitemap' only when the page is not prose.
  const generatedName = GENERATED_INDEX_SEGMENT.test(last);
  const thin = (page.stats?.textChars ?? text.length) < 600 || linkShare(page) > 0.5;
  if (generatedName && (/index|objects/i.test(last) || thin || GENERATED_INDEX_TITLE.test(title)))
    return 'generated-index';
  if (GENERATED_INDEX_TITLE.test(title) && (thin || (page.paragraphs?.length ?? 0) < 2))
    return 'generated-index';
  if (
    folders.some((segment) => SOURCE_SEGMENT.test(segment) && /^_|cov/i.test(segment)) ||
    SOURCE_TITLE.test(title)
  )
    return 'source-listing';
  // Mostly code and hardly any prose: a source listing, whatever its URL.
  if ((page.stats?.textChars ?? 0) > 2_000 && codeShare(page) > 0.85 && (page.paragraphs?.length ?? 0) <= 1)
    return 'source-listing';
  if (PAGINATION.test(path) || DATE_ARCHIVE.test(path)) return 'listing';
  if (folders.some((segment) => LISTING_SEGMENT.test(segment)) || LISTING_SEGMENT.test(last)) {
    // /tags/x/, /categories/a/b/, /archives/2024/: a listing unless it reads like an article.
    if (linkShare(page) > 0.25 || (page.stats?.articles ?? 0) > 1 || (page.paragraphs?.length ?? 0) < 2)
      return 'listing';
  }
  if (LISTING_TITLE.test(title) && linkShare(page) > 0.3) return 'listing';
  if (LEGAL_SEGMENT.test(last) || LEGAL_TITLE.test(title)) return 'legal';
  // A demo or example page (under examples/, demo/, gallery/ ...) that explains nothing in prose: secondary.
  // An example page with real prose (a worked tutorial) stays content.
  if (folders.some((segment) => EXAMPLE_SEGMENT.test(segment)) && proseParagraphs(page) < 2) return 'example';
  if (CHANGELOG_SEGMENT.test(last) || CHANGELOG_TITLE.test(title)) return 'changelog';
  if (folders.some((segment) => NEWS_SEGMENT.test(segment)) || NEWS_SEGMENT.test(last)) return 'news';
  return 'content';
}

export function kindCounts(kinds: Iterable<PageKind>): Partial<Record<PageKind, number>> {
  const counts: Partial<Record<PageKind, number>> = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
