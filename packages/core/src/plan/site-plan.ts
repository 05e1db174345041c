import { pagePath } from '../extract/hash-route.js';
import { detectSiteAffix } from '../extract/titles.js';
import { clip, type LlmsTxtDraft, oneLine } from '../llmstxt/render.js';
import type { NavNode } from '../site/nav-model.js';
import { type PageKind, SECONDARY_KINDS } from '../site/page-kinds.js';
import {
  asSentence,
  cleanProse,
  firstSentenceOf,
  hasTemplateLeftover,
  isBoilerplate,
  isCompleteSentence,
  isMarkupLeftover,
  leadInSentence,
  looksLikeCode,
} from '../site/prose.js';
import { humanizeSlug } from '../site/slug.js';
import { findHome, type SiteModel, understandSite } from '../site/understand.js';
import { segmentsBelow, versionKey } from '../site/url-signals.js';
import { copyKey } from '../site/variants.js';
import type { CrawledPage, CrawlResult } from '../types.js';
import { structureSentence } from './structure-description.js';

export { findHome };

/**
 * The site's structure as an llms.txt would present it, from the crawl and the site model (site/): name,
 * summary, sections from the site's own navigation (URL folders where it has none), links in navigation
 * order, secondary kinds under Optional, junk kinds, translations and old versions left out. The extractive
 * generator renders it; the prompt shows the model its sections and the navigation tree.
 */

export interface PlannedLink {
  url: string;
  title: string;
  description?: string | undefined;
  page: CrawledPage;
}

export interface PlannedSection {
  name: string;
  /** URL folder (relative to the crawl's base path) the section was built from; '' for the main section;
   *  'nav:<label>' for a section from the site's navigation. */
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
  /** Pages left out of the plan and why (a junk page kind, a duplicate, the link limit). */
  excluded: { url: string; reason: PageKind | 'utility' | 'duplicate' | 'limit' }[];
  /** The site model the plan was made from. */
  site: SiteModel;
}

export interface PlanOptions {
  /** Link to the Markdown twin instead of the HTML page when the page has one. Default false. */
  linkMarkdownTwins?: boolean;
  /** At most this many links (highest-ranked kept). Default 400. */
  maxLinks?: number;
  /** At most this many sections besides Optional. Default 11 (12 with Optional). */
  maxSections?: number;
  /** Say in the info paragraph which other languages the site exists in (default: translations unmentioned). */
  noteLanguages?: boolean;
}

export const DEFAULT_MAX_LINKS = 400;
/** Kinds that are copies of listed pages in another version, language or variant. */
const COPY_KINDS: ReadonlySet<PageKind> = new Set(['old-version', 'translation', 'variant-copy']);
const DEFAULT_MAX_SECTIONS = 11;
const MAX_DESCRIPTION_CHARS = 200;
const MAX_SUMMARY_CHARS = 280;

/** Path segments that mark secondary pages (they go under Optional). */
const OPTIONAL_SEGMENT = /^(press|careers|jobs|author|authors|old|legacy|deprecated|nightly|canary)$/i;
const OPTIONAL_TITLE =
  /^(changelog|change log|release notes|releases|what's new|news|blog|privacy( policy| notice)?|terms( of (service|use))?|cookie( policy)?|legal( notice)?|imprint|impressum|license|archive|tags?)$/i;
/** Pages that help no reader of an llms.txt. */
const UTILITY_SEGMENT =
  /^(search|search\.html|404|404\.html|login|log-in|signin|sign-in|signup|sign-up|register|logout|account|cart|checkout)$/i;
const UTILITY_TITLE = /^(search|404|page not found|not found|log ?in|sign ?in|sign ?up)\b/i;
const DOCS_HINT =
  /(^|\/)(docs?|documentation|guides?|tutorials?|reference|references|api|manual|handbook|learn)(\/|$)/i;

/** Path segments of a page below the crawl's base path; `index.html` and `.html` are ignored. */
export function relativeSegments(url: string, basePath: string): string[] {
  const segments = segmentsBelow(url, basePath);
  const last = segments[segments.length - 1];
  if (last && /^index\.html?$/i.test(last)) segments.pop();
  else if (last) segments[segments.length - 1] = last.replace(/\.html?$/i, '');
  return segments;
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
    segments.slice(0, -1).some((segment) => OPTIONAL_SEGMENT.test(segment)) ||
    OPTIONAL_TITLE.test(oneLine(page.title))
  );
}

/** How a page is described: its meta description when specific, else its first meaningful sentence. */
export interface DescribeContext {
  /** Lower-cased meta descriptions and how many pages carry each. */
  shared: Map<string, number>;
  /** Lead paragraphs repeated on 3 or more pages (breadcrumbs, banners): never a description. */
  repeated: Set<string>;
  pages: number;
}

/**
 * `copyOf` names the page a page is a copy of (site/variants.ts: the same page in another variant folder):
 * a text seen on a page and its copies is one page's text, counted once, not boilerplate.
 */
export function descriptionContext(
  pages: readonly CrawledPage[],
  copyOf: (page: CrawledPage) => string = (page) => page.url,
): DescribeContext {
  const count = (tally: Map<string, Set<string>>, text: string, page: string) => {
    if (text) tally.set(text, (tally.get(text) ?? new Set()).add(page));
  };
  const metas = new Map<string, Set<string>>();
  const paragraphs = new Map<string, Set<string>>();
  for (const page of pages) {
    const key = copyOf(page);
    count(metas, cleanProse(page.description).toLowerCase(), key);
    // A page without <p> (Javadoc's div blocks) has its text lines as its prose, banners and link labels included.
    const blocks = page.paragraphs?.length ? page.paragraphs : page.text.split(/\n+/);
    for (const paragraph of blocks.map((text) => cleanProse(text).toLowerCase()))
      count(paragraphs, paragraph, key);
  }
  const shared = new Map([...metas].map(([text, keys]) => [text, keys.size]));
  const repeated = new Set([...paragraphs].filter(([, keys]) => keys.size >= 3).map(([text]) => text));
  return { shared, repeated, pages: new Set(pages.map(copyOf)).size };
}

/** A meta description that says something about this page: not shared, not a placeholder, not the title. */
export function specificMeta(page: CrawledPage, ctx: DescribeContext): string {
  const raw = page.description ?? '';
  if (!raw.trim() || isMarkupLeftover(raw)) return '';
  const clean = cleanProse(raw);
  const uses = ctx.shared.get(clean.toLowerCase()) ?? 0;
  if (uses >= 3 || (uses >= 2 && uses >= ctx.pages * 0.3)) return '';
  if (isBoilerplate(clean) || clean.toLowerCase() === oneLine(page.title).toLowerCase()) return '';
  // A generator that fills the meta tag with the page's first heading ('Quick Start') says nothing.
  if (page.headings.some((heading) => cleanProse(heading).toLowerCase() === clean.toLowerCase())) return '';
  if (clean.split(/\s+/).length < 2) return '';
  if (isClippedCopy(clean, page)) return '';
  return clean;
}

/**
 * A meta description a generator cut from the page's own first paragraph ("… projects that have not"): no
 * sentence end, and a paragraph of the page goes on after it. The paragraph describes the page better.
 */
export function isClippedCopy(meta: string, page: CrawledPage): boolean {
  if (/[.!?。！？]["'”’)]?$/.test(meta)) return false;
  const lower = meta.toLowerCase().replace(/…$/, '');
  return (page.paragraphs ?? []).some((paragraph) => {
    const text = cleanProse(paragraph).toLowerCase();
    return text.length > lower.length && text.startsWith(lower);
  });
}

/** The first sentence of the page's lead prose that is a real sentence (not code, a label or the title). */
export function leadSentence(page: CrawledPage, max: number, repeated?: ReadonlySet<string>): string {
  return leadSentences(page, max, 1, repeated)[0] ?? '';
}

/** The page's lead prose blocks, cleaned, that could describe it: not code, a label, the title or a notice. */
function* proseBlocks(page: CrawledPage, repeated?: ReadonlySet<string>, short = false): Generator<string> {
  const title = oneLine(page.title).toLowerCase();
  const headings = new Set(page.headings.map((heading) => oneLine(heading).toLowerCase()));
  const sources = page.paragraphs?.length ? page.paragraphs : page.text.split(/\n+/);
  for (const block of sources) {
    const clean = cleanProse(block);
    // Text lines (no <p> on the page) include list items and labels: only long lines count as prose.
    const [minChars, minWords] = short ? [12, 3] : page.paragraphs?.length ? [25, 5] : [40, 6];
    if (clean.length < minChars || clean.split(' ').length < minWords) continue;
    const lower = clean.toLowerCase();
    if (lower === title || headings.has(lower) || isBoilerplate(clean) || looksLikeCode(clean)) continue;
    // In short mode a repeated sentence that names the page ("Make a GET request." on GET) is the page's own
    // summary that index pages (a package summary, a class-use page) list beside its link, not a banner.
    if (repeated?.has(lower) && !(short && namesPage(clean, page))) continue;
    // A note to readers ("NOTE: this guide is being rewritten") says nothing about what the page is.
    if (READER_NOTE.test(clean)) continue;
    // Words without a function word are a list or a label, not prose ('arrays async collections').
    if (!isProse(clean)) continue;
    yield clean;
  }
}

/** The first sentences of up to `limit` lead paragraphs (see leadSentence). */
export function leadSentences(
  page: CrawledPage,
  max: number,
  limit: number,
  repeated?: ReadonlySet<string>,
): string[] {
  const found: string[] = [];
  for (const clean of proseBlocks(page, repeated)) {
    // A lead-in to a list ("... languages, including:") is not a sentence on its own.
    if (/:$/.test(clean) && !/[.!?]\s/.test(clean)) continue;
    const sentence = firstSentenceOf(clean, max);
    // Text a generator failed to render ("the sudo groupsidenote '' 'x' %}") is not the author's prose.
    if (sentence && !looksLikeCode(sentence) && !hasTemplateLeftover(sentence)) found.push(sentence);
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * A page whose prose only leads into code or a list ("It is possible to extend an interface:") is described
 * by that lead-in made a sentence, when it is a complete clause (see leadInSentence).
 */
export function leadInDescription(page: CrawledPage, max: number, repeated?: ReadonlySet<string>): string {
  for (const clean of proseBlocks(page, repeated)) {
    const sentence = leadInSentence(clean, max);
    if (sentence && !hasTemplateLeftover(sentence)) return sentence;
  }
  return '';
}

export function describePage(page: CrawledPage, ctx: DescribeContext, max = MAX_DESCRIPTION_CHARS): string {
  const meta = specificMeta(page, ctx);
  if (meta) {
    const sentence = firstSentenceOf(meta, max);
    if (sentence) return sentence;
  }
  return (
    leadSentence(page, max, ctx.repeated) ||
    leadInDescription(page, max, ctx.repeated) ||
    shortLeadSentence(page, max, ctx.repeated) ||
    structureSentence(page, max) ||
    headingsSentence(page, max)
  );
}

/**
 * A page whose only lead prose is one short but complete sentence ("Make a GET request.", a Javadoc member's
 * summary) is described by it: a sentence of three words or more ending with a full stop, in the page's first
 * two prose blocks, not a text seen on 3+ pages (which is how a label or a link such as "Edit this page." shows).
 */
function shortLeadSentence(page: CrawledPage, max: number, repeated?: ReadonlySet<string>): string {
  let seen = 0;
  for (const clean of proseBlocks(page, repeated, true)) {
    if (
      isCompleteSentence(clean) &&
      !/[.!?]\s/.test(clean) &&
      clean.length <= max &&
      !hasTemplateLeftover(clean)
    )
      return clean;
    if (++seen >= 2) break;
  }
  return '';
}

/**
 * The text names the page: its title stands in it as a word. The title is the page's own name, the crawl having
 * stripped the site's shared affixes already (extract/titles.ts: ' | Site', Javadoc's ' (Project API)').
 */
function namesPage(text: string, page: CrawledPage): boolean {
  const name = oneLine(page.title);
  if (name.length < 2 || name.length > 60) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
}

/** Another copy of the site (site/variants.ts), listed once: what it is, from the copies' own titles. */
function variantSentence(page: CrawledPage, site: SiteModel): string {
  const kept = site.variants?.keptRoot;
  const keptTitle = kept ? oneLine(kept.title) : '';
  const title = oneLine(page.title);
  if (!keptTitle || keptTitle.toLowerCase() === title.toLowerCase())
    return 'The same pages in another variant of the site.';
  return `The pages of ${keptTitle} in another variant, ${title}.`;
}

/** Headings generators put on every page of a kind: they say nothing about one page. */
export const GENERIC_HEADING =
  /^(subpackages|submodules|module contents|package contents|attributes|args|arguments|keyword arguments|yields|notes|parameters|returns?|type parameters|type declaration|defined in|hierarchy|implements|implemented by|properties|methods|constructors?|accessors|index|functions|type aliases|interfaces|classes|variables|enumerations|modules|namespaces|references|settings|on this page|contents|table of contents|member visibility|theme|example|examples|see also|overview|description|usage|signature|throws|remarks|source)\s*:?$/i;

/** A page without prose (an API page of signatures): what it covers, from its own headings. */
function headingsSentence(page: CrawledPage, max: number): string {
  const title = oneLine(page.title).toLowerCase();
  const names = [
    ...new Set(
      page.headings
        .map((heading) => cleanProse(heading))
        .filter((heading) => heading && heading.toLowerCase() !== title && !GENERIC_HEADING.test(heading))
        .filter((heading) => heading.length <= 60),
    ),
  ];
  if (names.length < 2) return '';
  const shown = names.slice(0, 4);
  const list =
    shown.length === names.length
      ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`
      : `${shown.join(', ')} and more`;
  const sentence = `Covers ${list}.`;
  return sentence.length <= max ? sentence : '';
}

const READER_NOTE =
  /^(note|warning|update|important|news|announcement|tip|caution|attention|disclaimer)\b\s*[:!]/i;

const FUNCTION_WORDS =
  /\b(the|a|an|is|are|was|be|of|to|in|on|for|with|and|or|this|that|it|you|we|can|how|what|by|from|as|at|your|its|le|la|les|der|die|das|el|los)\b/i;

/** Prose has function words; scripts without spaces between words (CJK) count as prose. */
function isProse(text: string): boolean {
  if (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(text)) return true;
  return FUNCTION_WORDS.test(text);
}

/** The top of a navigation tree that holds the sections: a lone wrapping group is looked through. */
function sectionRoots(tree: readonly NavNode[]): { lead: string[]; roots: readonly NavNode[] } {
  const lead: string[] = [];
  let roots = tree;
  while (roots.length === 1 && roots[0]!.children.length > 0) {
    if (roots[0]!.url) lead.push(roots[0]!.url);
    roots = roots[0]!.children;
  }
  return { lead, roots };
}

function urlsIn(nodes: readonly NavNode[], out: string[] = []): string[] {
  for (const node of nodes) {
    if (node.url) out.push(node.url);
    urlsIn(node.children, out);
  }
  return out;
}

/** Sections named by the navigation's groups: each top-level group with children is one section. */
function navSections(tree: readonly NavNode[]): {
  main: string[];
  groups: { name: string; urls: string[] }[];
} {
  const { lead, roots } = sectionRoots(tree);
  const main = [...lead];
  const groups: { name: string; urls: string[] }[] = [];
  for (const node of roots) {
    if (node.children.length === 0) {
      if (node.url) main.push(node.url);
      continue;
    }
    const urls = [...(node.url ? [node.url] : []), ...urlsIn(node.children)];
    groups.push({ name: sectionName(node.label), urls });
  }
  return { main, groups };
}

/** A navigation label as a section name: numbering and trailing punctuation dropped. */
function sectionName(label: string): string {
  const clean = cleanProse(label)
    .replace(/^(\d+(\.\d+)*\.?|[ivxlc]+\.)\s+/i, '')
    .replace(/[:.]+$/, '');
  return clip(clean || 'Pages', 60);
}

export function planSite(crawl: CrawlResult, options: PlanOptions = {}): SitePlan {
  const maxLinks = options.maxLinks ?? DEFAULT_MAX_LINKS;
  const maxSections = options.maxSections ?? DEFAULT_MAX_SECTIONS;
  const site = understandSite(crawl);
  const home = site.home;
  const siteName = siteNameOf(crawl, home);
  const excluded: SitePlan['excluded'] = [];
  for (const page of crawl.pages) {
    const kind = site.kinds.get(page)!;
    if (!site.kept.includes(page)) excluded.push({ url: page.url, reason: kind });
  }

  // 1. Pages worth listing: kept kinds, no utility pages, no duplicates (same content or title + description).
  const seenContent = new Set<string>();
  const seenMeta = new Set<string>();
  const listed: { page: CrawledPage; segments: string[] }[] = [];
  // The current version's folder ('1.2/') is where the site lives, not a section.
  const versionIndex = site.currentVersion ? Number(site.currentVersion.split(':')[0]) : -1;
  for (const page of site.kept) {
    const all = relativeSegments(page.url, crawl.basePath);
    const segments =
      versionIndex >= 0 &&
      all.length > versionIndex + 1 &&
      versionKey(page.url, crawl.basePath) === site.currentVersion
        ? all.filter((_, index) => index !== versionIndex)
        : all;
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

  // 2. Descriptions: a specific meta description, else the first meaningful sentence of the lead prose.
  const summary = summaryOf(home, siteName, crawl, site);
  const summaryKey = summary.toLowerCase();
  // Other versions, translations and variant copies are copies of listed pages: text they share with
  // them is that page's own text, not boilerplate, so they are not counted.
  const describeCtx = descriptionContext(
    crawl.pages.filter((page) => !COPY_KINDS.has(site.kinds.get(page)!)),
    (page) => copyKey(page.url, crawl.basePath, site.variants),
  );
  const candidates = new Map<CrawledPage, string>();
  const counts = new Map<string, number>();
  for (const { page } of listed) {
    const description =
      site.kinds.get(page) === 'variant' ? variantSentence(page, site) : describePage(page, describeCtx);
    candidates.set(page, description);
    if (description) counts.set(description.toLowerCase(), (counts.get(description.toLowerCase()) ?? 0) + 1);
  }
  const describe = (page: CrawledPage): string | undefined => {
    const description = candidates.get(page) ?? '';
    const key = description.toLowerCase();
    if (!description || (counts.get(key) ?? 0) >= 3) return undefined;
    if (key === oneLine(page.title).toLowerCase()) return undefined;
    if (sameText(key, summaryKey)) {
      // The summary came from this page (an About page): its next sentence says what the page adds.
      if (page === home) return undefined;
      const next = leadSentences(page, MAX_DESCRIPTION_CHARS, 2, describeCtx.repeated)[1];
      return next && !sameText(next.toLowerCase(), summaryKey) ? next : undefined;
    }
    // "The landing page of X." says only that the home page is the home page.
    if (page === home && SELF_REFERENCE.test(description)) return undefined;
    return description;
  };

  // 3. Secondary kinds (and careers, authors ... by URL) go to Optional, unless that would leave nothing else.
  const secondary = new Set(
    listed
      .filter(
        ({ page, segments }) =>
          page !== home && (SECONDARY_KINDS.has(site.kinds.get(page)!) || isSecondary(page, segments)),
      )
      .map(({ page }) => page),
  );
  const useOptional = listed.length - secondary.size >= 1 + (home ? 1 : 0);
  const regular = listed.filter(({ page }) => !(useOptional && secondary.has(page)));
  const docsLike = listed.some(({ page }) => DOCS_HINT.test(pagePath(new URL(page.url))));
  const optional: PlannedSection = { name: 'Optional', folder: '', optional: true, links: [] };
  const linkOf = (page: CrawledPage, segments: string[]): PlannedLink => {
    const url = options.linkMarkdownTwins && page.markdownUrl ? page.markdownUrl : page.url;
    const title = oneLine(page.title) || humanizeSlug(segments[segments.length - 1] ?? '') || siteName;
    return { url, title: clip(title, 120), description: describe(page), page };
  };

  // 4. Sections: the site's navigation groups when it has them, else URL folders.
  const groups = new Map<string, PlannedSection>();
  const nav = site.nav;
  const regularByUrl = new Map(regular.map((entry) => [entry.page.url, entry]));
  const fromNav =
    nav.source === 'navigation' || nav.source === 'breadcrumbs' ? navSections(nav.tree) : undefined;
  const navGroups =
    fromNav?.groups.filter((group) => group.urls.filter((url) => regularByUrl.has(url)).length >= 2) ?? [];
  const useNav = fromNav !== undefined && navGroups.length >= 1 && nav.covered >= regular.length * 0.3;
  const topNames = new Set(
    regular
      .filter(({ segments }) => segments.length >= 2)
      .map(({ segments }) => humanizeSlug(segments[0]!).toLowerCase()),
  );
  const mainName = docsLike && !topNames.has('docs') ? 'Docs' : 'Pages';
  const main: PlannedSection = { name: mainName, folder: '', optional: false, links: [] };
  const placed = new Set<CrawledPage>();
  if (useNav) {
    for (const url of fromNav.main) {
      const entry = regularByUrl.get(url);
      if (entry && !placed.has(entry.page)) {
        main.links.push(linkOf(entry.page, entry.segments));
        placed.add(entry.page);
      }
    }
    for (const group of navGroups) {
      const section: PlannedSection = {
        name: group.name,
        folder: `nav:${group.name}`,
        optional: false,
        links: [],
      };
      for (const url of group.urls) {
        const entry = regularByUrl.get(url);
        if (entry && !placed.has(entry.page)) {
          section.links.push(linkOf(entry.page, entry.segments));
          placed.add(entry.page);
        }
      }
      const same = groups.get(section.name.toLowerCase());
      if (same) same.links.push(...section.links);
      else if (section.links.length > 0) groups.set(section.name.toLowerCase(), section);
    }
    // Pages the navigation does not list join the section holding most pages of their URL folder.
    const folderHome = new Map<string, Map<PlannedSection, number>>();
    for (const section of [main, ...groups.values()])
      for (const link of section.links) {
        const folder = relativeSegments(link.page.url, crawl.basePath).slice(0, -1).join('/');
        const tally = folderHome.get(folder) ?? new Map<PlannedSection, number>();
        tally.set(section, (tally.get(section) ?? 0) + 1);
        folderHome.set(folder, tally);
      }
    for (const { page, segments } of regular) {
      if (placed.has(page) || page === home) continue;
      const folder = segments.slice(0, -1).join('/');
      const tally = folderHome.get(folder);
      const target = tally ? [...tally].sort((a, b) => b[1] - a[1])[0]![0] : main;
      target.links.push(linkOf(page, segments));
      placed.add(page);
    }
    if (home && regularByUrl.has(home.url) && !placed.has(home)) {
      main.links.unshift(linkOf(home, []));
      placed.add(home);
    }
  } else {
    folderSections(regular, groups, main, linkOf, maxSections);
  }
  for (const { page, segments } of listed)
    if (useOptional && secondary.has(page)) optional.links.push(linkOf(page, segments));

  // 5. Small sections join the main one; so do the smallest beyond the section cap.
  for (const [key, group] of groups)
    if (group.links.length < 2) {
      main.links.push(...group.links);
      groups.delete(key);
    }
  const rest = [...groups.values()].sort((a, b) => b.links.length - a.links.length);
  while (rest.length > maxSections - 1) main.links.push(...rest.pop()!.links);
  const byName = new Map<string, PlannedSection>([[main.name.toLowerCase(), main]]);
  for (const group of rest) {
    const same = byName.get(group.name.toLowerCase());
    if (same) same.links.push(...group.links);
    else byName.set(group.name.toLowerCase(), group);
  }

  // 6. Order: links by navigation position (home first), then rank; sections by their first link's position
  //    (navigation sections keep the navigation's order).
  const position = (link: PlannedLink) => {
    if (link.page === home) return -1;
    return nav.order.get(link.page.url) ?? Number.MAX_SAFE_INTEGER;
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
  if (
    main.links.length === 1 &&
    main.links[0]!.page === home &&
    sections.length > 1 &&
    !byName.has('overview')
  )
    main.name = 'Overview';
  if (optional.links.length > 0) {
    optional.links.sort((a, b) => b.page.rank - a.page.rank || a.url.localeCompare(b.url));
    sections.push(optional);
  }
  disambiguateTitles(sections, home);
  const plan: SitePlan = { siteName, summary, info: '', home, sections, excluded, site };
  // The summary and the intro name the sections as the file writes them (an unlisted home page's section is not).
  const written = sections.filter((section) => section.links.some((link) => !isUnlistedHome(plan, link)));
  plan.summary = summary || summaryFromSections(siteName, written, docsLike, crawl.rootUrl);
  plan.info = infoOf(siteName, crawl, written, site, options.noteLanguages === true);
  return plan;
}

/** Titles used by more than one link get their section (or URL folder) in parentheses. */
function disambiguateTitles(sections: readonly PlannedSection[], home: CrawledPage | undefined): void {
  const byTitle = new Map<string, { link: PlannedLink; section: PlannedSection }[]>();
  for (const section of sections)
    for (const link of section.links) {
      const key = link.title.toLowerCase();
      byTitle.set(key, [...(byTitle.get(key) ?? []), { link, section }]);
    }
  for (const all of byTitle.values()) {
    // The home page keeps its title; the pages that share it are told apart.
    const entries = all.length === 2 ? all.filter((entry) => entry.link.page !== home) : all;
    if (all.length < 2) continue;
    const names = new Set(entries.map((entry) => entry.section.name));
    for (const { link, section } of entries) {
      const path = pagePath(new URL(link.page.url)).split('/').filter(Boolean);
      const slug = humanizeSlug(path.at(-1) ?? '');
      const folder = humanizeSlug(path.at(-2) ?? '');
      const byPath =
        slug && slug.toLowerCase() !== link.title.toLowerCase() && !/^\d+$/.test(slug) ? slug : folder;
      const qualifier = names.size === entries.length ? section.name : byPath;
      if (qualifier && qualifier.toLowerCase() !== link.title.toLowerCase())
        link.title = `${link.title} (${qualifier})`;
    }
  }
}

/** URL-folder sections (a site without navigation): first folder, a big folder split by its sub-folders. */
function folderSections(
  regular: readonly { page: CrawledPage; segments: string[] }[],
  groups: Map<string, PlannedSection>,
  main: PlannedSection,
  linkOf: (page: CrawledPage, segments: string[]) => PlannedLink,
  _maxSections: number,
): void {
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
  for (const { page, segments } of regular) {
    const folder = folderOf(segments);
    if (folder === '') {
      main.links.push(linkOf(page, segments));
      continue;
    }
    let group = groups.get(folder);
    if (!group) {
      // '01_getting_started' -> 'Getting Started': the folder's ordering number is not part of its name.
      const human = humanizeSlug(folder.split('/').at(-1)!);
      let name = human.replace(/^\d+\s+/, '') || human;
      if (/^optional$/i.test(name)) name = `${name} Topics`;
      group = { name, folder, optional: false, links: [] };
      groups.set(folder, group);
    }
    group.links.push(linkOf(page, segments));
  }
}

/** A sentence about the page rather than the project: "The landing page of X.", "This is the home page of X." */
const SELF_REFERENCE =
  /^(this is )?(the )?(official )?(landing|home|front|start|main|index) ?page (of|for)\b|^(this is )?the (official )?(web ?site|homepage) (of|for)\b/i;

/** Introduction pages read for a summary sentence that says what the site is. */
const MAX_INTRO_PAGES = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pages that introduce the site when the home page does not say what it is. */
const INTRO_PAGE =
  /(^|\/)(intro|introduction|overview|about|getting[-_]started|what[-_]is[^/]*|readme)(\/|\.html?|$)/i;

/**
 * The summary: one complete sentence saying what the site is, from the best source that is not boilerplate:
 * the home page's meta description, its first real paragraph, an introduction page's, the site's tagline.
 */
function summaryOf(
  home: CrawledPage | undefined,
  siteName: string,
  crawl: CrawlResult,
  site: SiteModel,
): string {
  const kept = new Set(site.kept);
  const candidates = home ? [home] : [];
  candidates.push(
    ...[...crawl.pages]
      .filter((page) => page !== home && kept.has(page) && INTRO_PAGE.test(pagePath(new URL(page.url))))
      .sort((a, b) => a.depth - b.depth || b.rank - a.rank),
  );
  /** Per candidate page, its summary sentences (home first, then introduction pages). */
  const perPage: string[][] = [];
  for (const page of candidates.slice(0, 1 + MAX_INTRO_PAGES)) {
    const raw = page.description ?? '';
    const meta =
      raw && !isMarkupLeftover(raw) && !isBoilerplate(raw) && !isClippedCopy(cleanProse(raw), page)
        ? firstSentenceOf(raw, MAX_SUMMARY_CHARS)
        : '';
    // "The landing page of X. A clean theme for Y.": the sentence about the page yields to the next one.
    const metaNext =
      meta && SELF_REFERENCE.test(meta)
        ? firstSentenceOf(
            cleanProse(raw).slice(cleanProse(raw).indexOf(meta) + meta.length),
            MAX_SUMMARY_CHARS,
          )
        : '';
    const found: string[] = [];
    for (const candidate of [metaNext, meta, ...leadSentences(page, MAX_SUMMARY_CHARS, 3)]) {
      if (!candidate || isBoilerplate(candidate)) continue;
      // A note to readers ("NOTE: this guide is being rewritten") says nothing about what the site is.
      if (/^(note|warning|update|important|news|announcement|tip)\b[:!]/i.test(candidate)) continue;
      found.push(candidate);
    }
    perPage.push(found);
  }
  // The pages read up to the first with a complete sentence (the home page's, when it has one).
  const firstComplete = perPage.findIndex((found) => found.some((sentence) => !sentence.endsWith('…')));
  const sentences = perPage.slice(0, firstComplete >= 0 ? firstComplete + 1 : perPage.length).flat();
  // A sentence that names the site or says what something is beats a caption.
  const name = siteName.toLowerCase().split(/\s+/)[0] ?? '';
  const defining = (sentence: string) =>
    !SELF_REFERENCE.test(sentence) &&
    ((name.length >= 3 && sentence.toLowerCase().includes(name)) ||
      /\b(is|are) (a|an|the)\b/i.test(sentence));
  // "NumPy is an open source project that …" (the site named as the subject and said what it is), on the
  // home page or else an introduction page, beats taglines and questions ("Why NumPy? Powerful arrays.").
  const subject = new RegExp(`^(the )?${escapeRegExp(name)}\\S*( [\\w.-]+){0,3} (is|are) (a|an|the)\\b`, 'i');
  const strong = (sentence: string) =>
    name.length >= 3 && !sentence.endsWith('…') && !sentence.includes('?') && subject.test(sentence);
  const complete =
    perPage.flat().find(strong) ??
    sentences.find((sentence) => !sentence.endsWith('…') && defining(sentence)) ??
    sentences.find((sentence) => !sentence.endsWith('…'));
  if (complete) return asSentence(complete);
  if (sentences[0]) return sentences[0];
  return '';
}

/** No page says what the site is: say what it holds, from its sections (a complete sentence, no invention). */
function summaryFromSections(
  siteName: string,
  sections: readonly PlannedSection[],
  docsLike: boolean,
  rootUrl: string,
): string {
  const names = sections
    .filter((section) => !section.optional && !/^(pages|docs|overview)$/i.test(section.name))
    .map((section) => section.name.toLowerCase())
    .slice(0, 4);
  if (names.length === 0) return `${siteName} is the website at ${rootUrl}.`;
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  const reference = names.some((name) =>
    /^(modules|classes|functions|interfaces|types|api|reference|enums)$/.test(name),
  );
  return `${siteName}: ${docsLike || reference ? 'documentation' : 'pages'} on ${list}.`;
}

function infoOf(
  siteName: string,
  crawl: CrawlResult,
  sections: readonly PlannedSection[],
  site: SiteModel,
  noteLanguages: boolean,
): string {
  const named = sections.filter((section) => !section.optional).map((section) => section.name);
  const hasOptional = sections.some((section) => section.optional);
  const listed =
    named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? 'one section');
  const optional = hasOptional
    ? ' Pages under Optional (such as blog posts, changelogs, legal pages and older versions) are secondary and can be skipped.'
    : '';
  const languages =
    noteLanguages && site.otherLanguages.length > 0
      ? ` The site is also available in ${site.otherLanguages.join(', ')}; only ${site.lang ?? 'its start language'} pages are listed.`
      : '';
  return `Key pages of ${siteName} (${crawl.rootUrl}), grouped as ${listed}.${optional}${languages}`;
}

/**
 * The home page is not an entry of the file when the H1 and the summary already say what it is (it has no
 * description of its own, or only the summary again): a maintainer's llms.txt rarely lists it. It stays when
 * it is the only link. The prompt still shows it to the model (it is the plan's home).
 */
export function isUnlistedHome(plan: SitePlan, link: PlannedLink): boolean {
  if (!plan.home || link.page !== plan.home || link.description) return false;
  return plan.sections.some((section) => section.links.some((other) => other.page !== plan.home));
}

export function planToDraft(plan: SitePlan): LlmsTxtDraft {
  return {
    title: plan.siteName,
    summary: plan.summary,
    info: plan.info,
    sections: plan.sections
      .map((section) => ({
        name: section.name,
        links: section.links
          .filter((link) => !isUnlistedHome(plan, link))
          .map((link) => ({
            title: link.title,
            url: link.url,
            description: link.description,
          })),
      }))
      .filter((section) => section.links.length > 0),
  };
}
