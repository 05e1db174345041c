/**
 * Extraction of one HTML page with cheerio: title, description, headings, main content (text and Markdown),
 * language, links (all, and those inside navigation), canonical / og:url, the Markdown alternate, and the
 * robots meta directives.
 *
 * A JavaScript-only page (a shell whose body holds only scripts / noscript) yields text '' and markdown '':
 * an empty `text` is the signal the generator uses to warn that the site needs a browser to render.
 */

import { loadCheerio } from '../lazy-modules.js';
import { capDocument, DEFAULT_PAGE_CAPS, type PageCapName, type PageCaps } from './caps.js';
import { hashRoute } from './hash-route.js';
import { clampTextNodes, fragmentToMarkdown } from './html-to-markdown.js';
import { type AnyNode, selectMainContent } from './main-content.js';
import { extractNavBlocks, type NavBlock } from './nav-blocks.js';
import { leadParagraphs } from './paragraphs.js';
import { findAll } from './query.js';
import { blockText, type DomNode, inlineText } from './text.js';
import { pickTitle } from './titles.js';

export interface ExtractedPage {
  /** Best per-page title (h1 when the <title> carries a separator); cross-page affix stripping comes later. */
  title: string;
  /** <title> text, whitespace collapsed. */
  rawTitle: string;
  /** First h1 of the main content (else of the document). */
  h1: string | undefined;
  /** meta description, else og:description, else twitter:description; '' when none. */
  description: string;
  /** h1-h3 texts of the main content, in order. */
  headings: string[];
  lang: string | undefined;
  /** Main content as plain text; '' for JavaScript-only shells and empty pages. */
  text: string;
  /** Main content as Markdown (links and images absolute). */
  markdown: string;
  /** Absolute http(s) URLs of the page's <a href>s, fragment dropped, in order, deduplicated. */
  links: string[];
  /** The subset of `links` that sits inside navigation (nav, header, sidebars), in order. */
  navLinks: string[];
  /** <link rel=canonical>, absolute. */
  canonical: string | undefined;
  /** og:url, absolute. */
  ogUrl: string | undefined;
  /** <link rel=alternate type=text/markdown>, absolute. */
  markdownAlternate: string | undefined;
  /** <meta name=robots> (or our own agent's) directives. */
  robots: { noindex: boolean; nofollow: boolean };
  /** The per-page caps (see caps.ts) that cut this page; absent when none did. */
  limitsHit?: PageCapName[];
  /** The page's navigation blocks as labelled trees (which are the site's is decided across pages). */
  navBlocks: NavBlock[];
  /** The main content's first prose paragraphs (hard wraps joined, code and markup gone), for descriptions. */
  paragraphs: string[];
  /** Target of a <meta http-equiv=refresh>, absolute. */
  refresh: string | undefined;
  /** hreflang alternates: <link rel=alternate hreflang=..>, absolute. */
  alternates: { lang: string; url: string }[];
  /** rel=next (the following page of a book or a paginated listing), absolute. */
  next: string | undefined;
  /** <meta name=generator>. */
  generator: string | undefined;
  /** Shape of the main content: what page-kind rules read. */
  stats: ContentStats;
}

export interface ContentStats {
  /** Characters of main text. */
  textChars: number;
  /** Characters inside <pre>/<code> in the main content. */
  codeChars: number;
  /** Characters of link text in the main content. */
  linkChars: number;
  /** Links in the main content. */
  links: number;
  /** <article> elements in the document (several: a listing of posts). */
  articles: number;
}

export interface ExtractOptions {
  /** Skip the Markdown conversion (the caller has a Markdown twin). */
  markdown?: boolean;
  /** robots meta name to honour besides 'robots' (our user-agent token). */
  robotsToken?: string;
  /** Work caps for this page (elements, links, nesting depth); DEFAULT_PAGE_CAPS for those not given. */
  caps?: Partial<PageCaps>;
  /**
   * Keep hash routes ('#/guide', '#!/api') on links, nav links and nav blocks: the crawler asks for it when it
   * extracts a rendered DOM, where such a link names a page of a hash-routed app. Other fragments are dropped.
   */
  keepHashRoutes?: boolean;
}

/** Selectors whose links count as site navigation. */
export const NAV_SELECTORS =
  'nav, header, [role=navigation], [role=banner], .sidebar, #sidebar, .md-nav, .md-sidebar, .md-tabs, ' +
  '.wy-nav-side, .wy-menu, .navbar, .menu, .site-nav, .sidebar-nav, .toctree-wrapper, .theme-doc-sidebar-container';

/**
 * `href` resolved against `base` as an http(s) URL without its fragment (undefined for other schemes or junk);
 * `keepRoute` keeps a hash route ('#/guide', see hashRoute).
 */
export function absoluteLinkUrl(
  href: string | undefined,
  base: string,
  keepRoute = false,
): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  if (!trimmed || /^(javascript|mailto|tel|data|blob|about|sms|ftp|file):/i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = keepRoute ? (hashRoute(url.hash) ?? '') : '';
    return url.href;
  } catch {
    return undefined;
  }
}

/** An element's attribute (domhandler keeps them in `attribs`). */
function attr(element: AnyNode, name: string): string | undefined {
  return (element as { attribs?: Record<string, string> }).attribs?.[name];
}

function setAttr(element: AnyNode, name: string, value: string | undefined): void {
  const attribs = (element as { attribs?: Record<string, string> }).attribs;
  if (!attribs) return;
  if (value === undefined) delete attribs[name];
  else attribs[name] = value;
}

export function extractPage(html: string, url: string, options: ExtractOptions = {}): ExtractedPage {
  const $ = loadCheerio().load(html);
  const caps: PageCaps = { ...DEFAULT_PAGE_CAPS, ...options.caps };
  const limitsHit = capDocument($.root()[0]!, caps);
  // <base href> changes how every relative link resolves.
  const base = absoluteLinkUrl($('base[href]').first().attr('href'), url) ?? url;

  const meta = (selector: string): string | undefined => {
    const value = $(selector).first().attr('content');
    return value === undefined ? undefined : inlineText(value) || undefined;
  };
  const rawTitle = inlineText($('head title').first().text() || $('title').first().text());
  const description =
    meta('meta[name="description" i]') ??
    meta('meta[property="og:description" i]') ??
    meta('meta[name="twitter:description" i]') ??
    '';
  const lang = ($('html').attr('lang') ?? meta('meta[http-equiv="content-language" i]'))?.trim() || undefined;

  const linkRel = (rel: string, type?: string): string | undefined => {
    let found: string | undefined;
    $('link[href]').each((_, element) => {
      if (found) return;
      const el = $(element);
      const rels = (el.attr('rel') ?? '').toLowerCase().split(/\s+/);
      if (!rels.includes(rel)) return;
      if (type && (el.attr('type') ?? '').toLowerCase().split(';')[0]?.trim() !== type) return;
      found = absoluteLinkUrl(el.attr('href'), base);
    });
    return found;
  };
  const canonical = linkRel('canonical');
  const markdownAlternate = linkRel('alternate', 'text/markdown') ?? linkRel('alternate', 'text/x-markdown');
  const ogUrl = absoluteLinkUrl(meta('meta[property="og:url" i]'), base);
  // A refresh inside <noscript> is raw text to the parser: read it from there too.
  const noscriptRefresh =
    /<meta\b[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["']([^"']*)["']/i.exec(
      $('noscript')
        .toArray()
        .map((element) => $(element).text())
        .join(' ')
        .slice(0, 20_000),
    )?.[1];
  const refresh = refreshTarget(meta('meta[http-equiv="refresh" i]') ?? noscriptRefresh, base);
  const alternates: { lang: string; url: string }[] = [];
  $('link[hreflang][href]').each((_, element) => {
    const el = $(element);
    const lang = (el.attr('hreflang') ?? '').trim();
    const href = absoluteLinkUrl(el.attr('href'), base);
    if (lang && href && alternates.length < 100) alternates.push({ lang, url: href });
  });
  const next = linkRel('next') ?? absoluteLinkUrl($('a[rel~="next" i][href]').first().attr('href'), base);
  const generator = meta('meta[name="generator" i]');

  const robotsContent = [
    meta('meta[name="robots" i]'),
    options.robotsToken ? meta(`meta[name="${options.robotsToken.replace(/"/g, '')}" i]`) : undefined,
  ]
    .filter(Boolean)
    .join(',')
    .toLowerCase();
  const robots = {
    noindex: /\b(noindex|none)\b/.test(robotsContent),
    nofollow: /\b(nofollow|none)\b/.test(robotsContent),
  };

  // Links, before any element is removed.
  const keepRoutes = options.keepHashRoutes === true;
  const links: string[] = [];
  const navLinks: string[] = [];
  const seenLinks = new Set<string>();
  const seenNav = new Set<string>();
  // One selector pass for navigation containers; an anchor is a nav link when one of its ancestors is one.
  // (Not $(NAV_SELECTORS).find(...): cheerio's find is quadratic in the number of children, see query.ts.)
  const navContainers = new Set<unknown>($(NAV_SELECTORS).toArray());
  const inNav = (element: AnyNode): boolean => {
    if (navContainers.size === 0) return false;
    for (let node = element.parent; node; node = node.parent) if (navContainers.has(node)) return true;
    return false;
  };
  for (const element of findAll($.root().toArray(), 'a[href], area[href]')) {
    const href = absoluteLinkUrl(attr(element, 'href'), base, keepRoutes);
    if (!href) continue;
    if (!seenLinks.has(href)) {
      if (links.length >= caps.maxLinks) {
        limitsHit.push('maxLinksPerPage');
        break;
      }
      seenLinks.add(href);
      links.push(href);
    }
    if (!seenNav.has(href) && inNav(element)) {
      seenNav.add(href);
      navLinks.push(href);
    }
  }

  const navBlocks = extractNavBlocks($, (href) => absoluteLinkUrl(href, base, keepRoutes));
  const articles = $('article').length;
  const main = selectMainContent($);
  // Make links and images absolute so the Markdown stands on its own.
  const mainRoots = main.toArray();
  for (const element of findAll(mainRoots, 'a[href]')) {
    const href = attr(element, 'href') ?? '';
    if (href.startsWith('#') && !(keepRoutes && hashRoute(href))) continue;
    const resolved = absoluteLinkUrl(href, base, keepRoutes);
    if (resolved) setAttr(element, 'href', resolved);
  }
  for (const element of findAll(mainRoots, 'img[src]')) {
    const src = attr(element, 'src') ?? '';
    if (/^\s*data:/i.test(src)) continue;
    try {
      setAttr(element, 'src', new URL(src, base).href);
    } catch {
      setAttr(element, 'src', undefined);
    }
  }

  const headings: string[] = [];
  let mainH1: AnyNode | undefined;
  for (const element of findAll(mainRoots, 'h1, h2, h3')) {
    if (!mainH1 && (element as { name?: string }).name === 'h1') mainH1 = element;
    const text = inlineText($(element).text());
    if (text) headings.push(text);
  }
  const h1 = (mainH1 && inlineText($(mainH1).text())) || inlineText($('h1').first().text()) || undefined;
  const text = blockText(main.toArray() as unknown as DomNode[]);
  const counted = contentCounts(main.toArray() as unknown as DomNode[]);
  const stats: ContentStats = { textChars: text.length, ...counted, articles };
  const paragraphs = leadParagraphs(main);
  let markdown = '';
  if (options.markdown !== false && text !== '') {
    clampTextNodes(main.toArray() as unknown as DomNode[]);
    markdown = fragmentToMarkdown(main.html() ?? '');
  }
  const ogTitle = meta('meta[property="og:title" i]');

  return {
    title: pickTitle(rawTitle, h1, ogTitle),
    rawTitle,
    h1,
    description,
    headings,
    lang,
    text,
    markdown,
    links,
    navLinks,
    canonical,
    ogUrl,
    markdownAlternate,
    robots,
    navBlocks,
    paragraphs,
    refresh,
    alternates,
    next,
    generator,
    stats,
    ...(limitsHit.length > 0 ? { limitsHit } : {}),
  };
}

/** Characters of code and of link text, and links, in one walk over the main content. */
function contentCounts(nodes: readonly DomNode[]): { codeChars: number; linkChars: number; links: number } {
  const counts = { codeChars: 0, linkChars: 0, links: 0 };
  const walk = (node: DomNode, inCode: boolean, inLink: boolean): void => {
    if (node.type === 'text') {
      const length = (node.data ?? '').replace(/\s+/g, ' ').trim().length;
      if (inCode) counts.codeChars += length;
      if (inLink) counts.linkChars += length;
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const name = node.name?.toLowerCase() ?? '';
    if (name === 'script' || name === 'style') return;
    const link = name === 'a' && !!(node as { attribs?: Record<string, string> }).attribs?.href;
    if (link) counts.links += 1;
    for (const child of node.children ?? [])
      walk(child, inCode || name === 'pre' || name === 'code', inLink || link);
  };
  for (const node of nodes) walk(node, false, false);
  return counts;
}

/** The URL of a meta refresh ('0; url=docs/'), absolute; undefined without one. */
export function refreshTarget(content: string | undefined, base: string): string | undefined {
  if (!content) return undefined;
  // 'delay' alone reloads the same page; 'delay; url=target' (or 'delay, target') forwards.
  const match = /^\s*\d*(?:\.\d*)?\s*[;,]\s*(?:url\s*=\s*)?(['"]?)([^'"]+)\1\s*$/i.exec(content);
  const target = match?.[2]?.trim();
  return target ? absoluteLinkUrl(target, base) : undefined;
}
