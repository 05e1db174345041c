import { detectSiteAffix } from '../extract/titles.js';
import { clip, type LlmsTxtDraft, oneLine } from '../llmstxt/render.js';
import type { CrawledPage, CrawlResult } from '../types.js';

/**
 * The site's structure as an llms.txt would present it, from the crawl alone: name, summary, sections from URL
 * folders (ordered by navigation), secondary pages under Optional. The extractive generator renders it; the
 * prompt shows it to the model as the skeleton to improve and as the suggested sections.
 */

export interface PlannedLink {
  url: string;
  title: string;
  description?: string | undefined;
  page: CrawledPage;
}

export interface PlannedSection {
  name: string;
  /** URL folder (relative to the crawl's base path) the section was built from; '' for the main section. */
  folder: string;
  optional: boolean;
  links: PlannedLink[];
}

export interface SitePlan {
  siteName: string;
  summary: string;
  info: string;
  home: CrawledPage | undefined;
  /** Non-empty sections, main first, Optional last. */
  sections: PlannedSection[];
  /** Pages left out of the plan and why. */
  excluded: { url: string; reason: 'utility' | 'duplicate' | 'limit' }[];
}

export interface PlanOptions {
  /** Link to the Markdown twin instead of the HTML page when the page has one. Default false. */
  linkMarkdownTwins?: boolean;
  /** At most this many links (highest-ranked kept). Default 400. */
  maxLinks?: number;
  /** At most this many sections besides Optional. Default 11 (12 with Optional). */
  maxSections?: number;
}

export const DEFAULT_MAX_LINKS = 400;
const DEFAULT_MAX_SECTIONS = 11;
const MAX_DESCRIPTION_CHARS = 200;
const MAX_SUMMARY_CHARS = 280;

/** Path segments that mark secondary pages (they go under Optional). */
const OPTIONAL_SEGMENT =
  /^(blog|blogs|news|newsroom|press|changelog|changelogs|changes|release-notes|releases|history|legal|privacy|privacy-policy|terms|terms-of-service|terms-of-use|tos|cookies|cookie-policy|imprint|impressum|license|licence|archive|archives|tag|tags|category|categories|author|authors|careers|jobs|drafts?|old|legacy|deprecated|nightly|canary)$/i;
/** Version segments such as v1.2, 1.2, 2.0.1 (old documentation versions). */
const VERSION_SEGMENT = /^v?\d+(?:\.\d+)+$/i;
const OPTIONAL_TITLE =
  /^(changelog|change log|release notes|releases|what's new|news|blog|privacy( policy| notice)?|terms( of (service|use))?|cookie( policy)?|legal( notice)?|imprint|impressum|license|archive|tags?)$/i;
/** Pages that help no reader of an llms.txt. */
const UTILITY_SEGMENT =
  /^(search|search\.html|404|404\.html|login|log-in|signin|sign-in|signup|sign-up|register|logout|account|cart|checkout)$/i;
const UTILITY_TITLE = /^(search|404|page not found|not found|log ?in|sign ?in|sign ?up)\b/i;
const DOCS_HINT =
  /(^|\/)(docs?|documentation|guides?|tutorials?|reference|references|api|manual|handbook|learn)(\/|$)/i;

const ACRONYMS: Record<string, string> = {
  api: 'API',
  apis: 'APIs',
  cli: 'CLI',
  sdk: 'SDK',
  sdks: 'SDKs',
  faq: 'FAQ',
  faqs: 'FAQs',
  ui: 'UI',
  http: 'HTTP',
  url: 'URL',
  css: 'CSS',
  html: 'HTML',
  js: 'JS',
  json: 'JSON',
  sql: 'SQL',
  ai: 'AI',
  llm: 'LLM',
  io: 'IO',
};

/** 'getting_started' -> 'Getting Started', 'rest-api' -> 'Rest API'. */
export function humanize(segment: string): string {
  const words = decodeURIComponentSafe(segment)
    .replace(/\.[a-z0-9]+$/i, '')
    .split(/[-_\s.]+/)
    .filter(Boolean);
  return words
    .map((word) => ACRONYMS[word.toLowerCase()] ?? `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join(' ');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Path segments of a page below the crawl's base path; `index.html` and `.html` are ignored. */
export function relativeSegments(url: string, basePath: string): string[] {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return [];
  }
  if (basePath && path.startsWith(basePath)) path = path.slice(basePath.length);
  const segments = path.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  if (last && /^index\.html?$/i.test(last)) segments.pop();
  else if (last) segments[segments.length - 1] = last.replace(/\.html?$/i, '');
  return segments;
}

/** The page the site starts from: the root URL, else the shallowest page. */
export function findHome(crawl: CrawlResult): CrawledPage | undefined {
  const roots = new Set([crawl.rootUrl, crawl.startUrl]);
  return (
    crawl.pages.find((page) => roots.has(page.url)) ??
    [...crawl.pages].sort((a, b) => a.depth - b.depth || b.rank - a.rank)[0]
  );
}

/** The site's name: the site-name affix of its titles, else the home page's title, else the host. */
export function siteNameOf(crawl: CrawlResult, home: CrawledPage | undefined): string {
  if (crawl.siteName?.trim()) return oneLine(crawl.siteName);
  const affix = detectSiteAffix(crawl.pages.map((page) => page.rawTitle));
  if (affix) return oneLine(affix.name);
  if (home?.title.trim()) return clip(home.title, 80);
  try {
    return new URL(crawl.rootUrl).host;
  } catch {
    return 'Website';
  }
}

/** Descriptions that say nothing: template placeholders left in meta tags. */
const JUNK_DESCRIPTION = /^(none|null|undefined|n\/a|na|todo|tbd|description|untitled|-|\.+)$/i;

/** A page's meta description, '' when it is a placeholder. */
export function metaDescription(page: CrawledPage): string {
  const description = oneLine(page.description);
  return JUNK_DESCRIPTION.test(description) ? '' : description;
}

/**
 * The first sentence of the page's first real paragraph: blocks that are headings, labels ("Important"), the
 * title, or too short to be prose are skipped. '' when the page has no such paragraph.
 */
export function firstSentence(
  text: string,
  title = '',
  max = MAX_DESCRIPTION_CHARS,
  headings: readonly string[] = [],
): string {
  const skip = new Set([title, ...headings].map((value) => oneLine(value).toLowerCase()).filter(Boolean));
  for (const block of text.split(/\n+/)) {
    const paragraph = oneLine(block).replace(/^[#>*\-\s¶]+/, '');
    if (paragraph.length < 40 || skip.has(paragraph.toLowerCase())) continue;
    if (paragraph.split(' ').length < 6 || !/[a-z]{3}/i.test(paragraph)) continue;
    const match = /^(.{30,}?[.!?])(?=\s+[A-Z0-9("'“]|$)/.exec(paragraph);
    return clip(match?.[1] ?? paragraph, max);
  }
  return '';
}

/** Equal texts, or one a clipped copy of the other. */
function sameText(a: string, b: string): boolean {
  const strip = (text: string) => text.replace(/…$/, '');
  const [x, y] = [strip(a), strip(b)];
  return x === y || (x.length >= 60 && y.startsWith(x)) || (y.length >= 60 && x.startsWith(y));
}

function isUtility(page: CrawledPage, segments: string[]): boolean {
  return segments.some((segment) => UTILITY_SEGMENT.test(segment)) || UTILITY_TITLE.test(oneLine(page.title));
}

function isSecondary(page: CrawledPage, segments: string[]): boolean {
  return (
    segments.some((segment) => OPTIONAL_SEGMENT.test(segment) || VERSION_SEGMENT.test(segment)) ||
    OPTIONAL_TITLE.test(oneLine(page.title))
  );
}

/** Crawl order of every nav link: home's navigation first, then the others' in rank order. */
function navOrder(pages: readonly CrawledPage[], home: CrawledPage | undefined): Map<string, number> {
  const order = new Map<string, number>();
  const sources = home ? [home, ...pages.filter((page) => page !== home)] : [...pages];
  for (const page of sources)
    for (const link of page.navLinks) if (!order.has(link)) order.set(link, order.size);
  return order;
}

export function planSite(crawl: CrawlResult, options: PlanOptions = {}): SitePlan {
  const maxLinks = options.maxLinks ?? DEFAULT_MAX_LINKS;
  const maxSections = options.maxSections ?? DEFAULT_MAX_SECTIONS;
  const home = findHome(crawl);
  const siteName = siteNameOf(crawl, home);
  const excluded: SitePlan['excluded'] = [];

  // 1. Pages worth listing: no utility pages, no duplicates (same content or same title + description).
  const byRank = [...crawl.pages].sort((a, b) => b.rank - a.rank);
  const seenContent = new Set<string>();
  const seenMeta = new Set<string>();
  const listed: { page: CrawledPage; segments: string[] }[] = [];
  for (const page of byRank) {
    const segments = relativeSegments(page.url, crawl.basePath);
    if (page !== home && isUtility(page, segments)) {
      excluded.push({ url: page.url, reason: 'utility' });
      continue;
    }
    const meta = metaDescription(page)
      ? `${oneLine(page.title)}\n${metaDescription(page)}`.toLowerCase()
      : '';
    const content = page.text.trim() ? page.contentHash : '';
    if ((content && seenContent.has(content)) || (meta && seenMeta.has(meta))) {
      excluded.push({ url: page.url, reason: 'duplicate' });
      continue;
    }
    if (content) seenContent.add(content);
    if (meta) seenMeta.add(meta);
    if (listed.length >= maxLinks) {
      excluded.push({ url: page.url, reason: 'limit' });
      continue;
    }
    listed.push({ page, segments });
  }

  // 2. Descriptions: meta description, else the first sentence of the text; boilerplate dropped.
  const homeDescription = home ? metaDescription(home).toLowerCase() : '';
  const summary = summaryOf(home, siteName, crawl);
  const summaryKey = summary.toLowerCase();
  const candidates = new Map<CrawledPage, string>();
  const counts = new Map<string, number>();
  for (const { page } of listed) {
    const text =
      metaDescription(page) || firstSentence(page.text, page.title, MAX_DESCRIPTION_CHARS, page.headings);
    const description = clip(text, MAX_DESCRIPTION_CHARS);
    candidates.set(page, description);
    if (description) counts.set(description.toLowerCase(), (counts.get(description.toLowerCase()) ?? 0) + 1);
  }
  const describe = (page: CrawledPage): string | undefined => {
    const description = candidates.get(page) ?? '';
    const key = description.toLowerCase();
    if (!description || (counts.get(key) ?? 0) >= 3) return undefined;
    if (
      page === home ||
      key === homeDescription ||
      sameText(key, summaryKey) ||
      key === oneLine(page.title).toLowerCase()
    ) {
      return undefined;
    }
    return description;
  };

  // 3. Group by first URL folder (a big folder with sub-folders splits by its sub-folders); secondary pages go
  //    to Optional (unless that would leave nothing else).
  const secondary = new Set(
    listed
      .filter(({ page, segments }) => page !== home && isSecondary(page, segments))
      .map(({ page }) => page),
  );
  const useOptional = listed.length - secondary.size >= 1 + (home ? 1 : 0);
  const regular = listed.filter(({ page }) => !(useOptional && secondary.has(page)));
  const folderSizes = new Map<string, number>();
  const subfolderSizes = new Map<string, Map<string, number>>();
  for (const { segments } of regular) {
    if (segments.length < 2) continue;
    const [first, second] = segments as [string, string];
    folderSizes.set(first, (folderSizes.get(first) ?? 0) + 1);
    if (segments.length >= 3) {
      const subs = subfolderSizes.get(first) ?? new Map<string, number>();
      subs.set(second, (subs.get(second) ?? 0) + 1);
      subfolderSizes.set(first, subs);
    }
  }
  const splits = new Map<string, Set<string>>();
  for (const [folder, subs] of subfolderSizes) {
    const big = [...subs].filter(([, size]) => size >= 2).map(([sub]) => sub);
    if ((folderSizes.get(folder) ?? 0) >= 4 && big.length >= 2) splits.set(folder, new Set(big));
  }
  const folderOf = (segments: string[]): string => {
    const [first, second] = segments;
    if (!first) return '';
    if (second && segments.length >= 3 && splits.get(first)?.has(second)) return `${first}/${second}`;
    if (segments.length >= 2 || folderSizes.has(first)) return first;
    return '';
  };

  const docsLike = listed.some(({ page }) => DOCS_HINT.test(new URL(page.url).pathname));
  const topNames = new Set([...folderSizes.keys()].map((folder) => humanize(folder).toLowerCase()));
  const mainName = docsLike && !topNames.has('docs') ? 'Docs' : 'Pages';
  const groups = new Map<string, PlannedSection>();
  const optional: PlannedSection = { name: 'Optional', folder: '', optional: true, links: [] };
  const nav = navOrder(crawl.pages, home);
  for (const { page, segments } of listed) {
    const url = options.linkMarkdownTwins && page.markdownUrl ? page.markdownUrl : page.url;
    const title = oneLine(page.title) || humanize(segments[segments.length - 1] ?? '') || siteName;
    const link: PlannedLink = { url, title: clip(title, 120), description: describe(page), page };
    if (useOptional && secondary.has(page)) {
      optional.links.push(link);
      continue;
    }
    const folder = folderOf(segments);
    let group = groups.get(folder);
    if (!group) {
      let name = folder ? humanize(folder.split('/').at(-1)!) : mainName;
      if (/^optional$/i.test(name)) name = `${name} Topics`;
      group = { name, folder, optional: false, links: [] };
      groups.set(folder, group);
    }
    group.links.push(link);
  }

  // 4. Singleton folders join the main section; so do the smallest folders beyond the section cap.
  const main = groups.get('') ?? { name: mainName, folder: '', optional: false, links: [] };
  groups.delete('');
  const folders = [...groups.values()];
  for (const group of folders.filter((g) => g.links.length < 2)) {
    main.links.push(...group.links);
    groups.delete(group.folder);
  }
  const rest = [...groups.values()].sort((a, b) => b.links.length - a.links.length);
  while (rest.length > maxSections - 1) {
    const smallest = rest.pop()!;
    main.links.push(...smallest.links);
    groups.delete(smallest.folder);
  }
  // Two folders that humanise to the same name (or to the main section's name) become one section.
  const byName = new Map<string, PlannedSection>([[main.name.toLowerCase(), main]]);
  for (const group of rest) {
    const same = byName.get(group.name.toLowerCase());
    if (same) same.links.push(...group.links);
    else byName.set(group.name.toLowerCase(), group);
  }

  // 5. Order: links by navigation position, then rank; sections by their first navigation position.
  const position = (link: PlannedLink) => {
    if (link.page === home) return -1;
    return nav.get(link.page.url) ?? Number.MAX_SAFE_INTEGER;
  };
  const sortLinks = (links: PlannedLink[]) =>
    links.sort(
      (a, b) => position(a) - position(b) || b.page.rank - a.page.rank || a.url.localeCompare(b.url),
    );
  const sections = [...byName.values()].filter((section) => section.links.length > 0);
  for (const section of sections) sortLinks(section.links);
  const first = (section: PlannedSection) => Math.min(...section.links.map(position));
  const best = (section: PlannedSection) => Math.max(...section.links.map((link) => link.page.rank));
  sections.sort((a, b) => (a === main ? -1 : b === main ? 1 : first(a) - first(b) || best(b) - best(a)));
  // A main section holding only the home page reads better as an overview.
  if (
    main.links.length === 1 &&
    main.links[0]!.page === home &&
    sections.length > 1 &&
    !byName.has('overview')
  ) {
    main.name = 'Overview';
  }
  if (optional.links.length > 0) {
    optional.links.sort((a, b) => b.page.rank - a.page.rank || a.url.localeCompare(b.url));
    sections.push(optional);
  }

  return {
    siteName,
    summary,
    info: infoOf(siteName, crawl, sections),
    home,
    sections,
    excluded,
  };
}

/** Pages that introduce the site when the home page does not say what it is. */
const INTRO_PAGE =
  /(^|\/)(intro|introduction|overview|about|getting[-_]started|what[-_]is[^/]*|readme)(\/|\.html?|$)/i;

function summaryOf(home: CrawledPage | undefined, siteName: string, crawl: CrawlResult): string {
  const candidates = home ? [home] : [];
  candidates.push(
    ...[...crawl.pages]
      .filter((page) => page !== home && INTRO_PAGE.test(new URL(page.url).pathname))
      .sort((a, b) => a.depth - b.depth || b.rank - a.rank),
  );
  for (const page of candidates) {
    const summary =
      metaDescription(page) || firstSentence(page.text, page.title, MAX_SUMMARY_CHARS, page.headings);
    if (summary) return clip(summary, MAX_SUMMARY_CHARS);
  }
  return `${siteName}: the website at ${crawl.rootUrl}.`;
}

function infoOf(siteName: string, crawl: CrawlResult, sections: readonly PlannedSection[]): string {
  const named = sections.filter((section) => !section.optional).map((section) => section.name);
  const hasOptional = sections.some((section) => section.optional);
  const listed =
    named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? 'one section');
  const optional = hasOptional
    ? ' Pages under Optional (such as blog posts, changelogs, legal pages and older versions) are secondary and can be skipped.'
    : '';
  return `Key pages of ${siteName} (${crawl.rootUrl}), grouped as ${listed}.${optional}`;
}

export function planToDraft(plan: SitePlan): LlmsTxtDraft {
  return {
    title: plan.siteName,
    summary: plan.summary,
    info: plan.info,
    sections: plan.sections.map((section) => ({
      name: section.name,
      links: section.links.map((link) => ({
        title: link.title,
        url: link.url,
        description: link.description,
      })),
    })),
  };
}
