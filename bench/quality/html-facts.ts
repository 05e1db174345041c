/**
 * What the judges need to know about one served HTML page, read from its own HTML with cheerio (independently
 * of @ltx/core's extraction): language, title and first heading, meta refresh, canonical, how much text the
 * page has and how much of it is code, and the candidate navigation containers with their ordered links.
 * Only the rule for resolving a link to an absolute http(s) URL is core's (absoluteLinkUrl): a rule, not a judgement.
 */
import { absoluteLinkUrl } from '@ltx/core/extract';
import * as cheerio from 'cheerio';

export interface NavLink {
  /** Absolute URL, fragment removed. */
  url: string;
  text: string;
  /** Label of the top-level group the link sits in inside its container ('' when the container is flat). */
  group: string;
}

export interface NavCandidate {
  /** How it was found: 'nav', 'aside', 'role', 'class' (sidebar/toc/menu class or id), 'list' (a long list). */
  how: string;
  links: NavLink[];
}

export interface PageFacts {
  url: string;
  /** `<html lang>` as written, lower-cased; undefined when absent or empty. */
  lang: string | undefined;
  title: string;
  h1: string;
  /** Target of `<meta http-equiv="refresh" content="N; url=...">` (also inside `<noscript>`), absolute. */
  refreshTo: string | undefined;
  /** `<link rel="canonical">`, absolute, as written (its host may be the production host). */
  canonical: string | undefined;
  /** `<meta name="robots">` content, lower-cased. */
  robots: string;
  /** Visible body text without nav/header/footer/aside/script/style, whitespace collapsed. */
  text: string;
  /** Share of `text` (characters) inside `<pre>`/`<code>` blocks. */
  codeShare: number;
  /** Share of `text` (characters) inside links: a listing page is mostly links. */
  linkShare: number;
  /** The text of each block (paragraph, list item, heading, cell...) of `text`, whitespace collapsed. */
  blocks: string[];
  /** h1-h6 texts of the body, permalink signs dropped. */
  headings: string[];
  /** `<iframe src>` URLs inside navigation-like containers or `<noscript>` (mdBook's toc.html). */
  navFrames: string[];
  navs: NavCandidate[];
}

const NAV_CLASS =
  /(^|[\s_-])(sidebar|side-bar|sidenav|toc|toctree|menu|nav|navigation|navbar|summary|chapters?)([\s_-]|$)/i;
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** `0; url=/x/`, `1;URL='x'`, `0;x` -> the URL part. */
export function refreshTarget(content: string | undefined): string | undefined {
  if (!content) return undefined;
  const match = /^\s*\d*(?:\.\d+)?\s*[;,]?\s*(?:url\s*=\s*)?(.*)$/i.exec(content);
  const raw = match?.[1]?.trim().replace(/^['"]|['"]$/g, '');
  return raw ? raw : undefined;
}

/** A DOM node as far as containment goes (cheerio's nodes, without importing domhandler's types). */
interface DomNode {
  parent: DomNode | null;
}
type Selection = ReturnType<cheerio.CheerioAPI>;

/**
 * The label of a nav group item: its text up to its nested list, descending into the element that holds the
 * list (`<li><label>Guide</label><nav><label>Guide</label><ul>` -> "Guide"; `<li><details><summary>Book</summary>
 * <ul>` -> "Book").
 */
function groupLabel($: cheerio.CheerioAPI, item: Selection): string {
  let text = '';
  for (const child of item.contents().toArray()) {
    if (child.type === 'text') {
      text += ` ${$(child).text()}`;
      continue;
    }
    if (child.type !== 'tag') continue;
    if (child.name === 'ul' || child.name === 'ol') break;
    const holder = $(child);
    if (holder.find('ul, ol').length > 0) {
      if (collapse(text) === '') text = groupLabel($, holder);
      break;
    }
    text += ` ${holder.text()}`;
  }
  return collapse(text);
}

/** Ordered links of one container, each with its top-level group. */
function containerLinks($: cheerio.CheerioAPI, root: Selection, base: string): NavLink[] {
  const links: NavLink[] = [];
  const seen = new Set<string>();
  const rootNode = root.get(0);
  root.find('a[href]').each((_, a) => {
    const url = absoluteLinkUrl($(a).attr('href'), base);
    if (!url || seen.has(url)) return;
    seen.add(url);
    let group = '';
    // A caption (heading, p.caption) right before the outermost list holding the link names its group;
    // otherwise the outermost list item that holds a nested list does (a toctree's or a tree menu's parent).
    const ancestors = $(a).parents().toArray();
    const within = ancestors.slice(0, Math.max(0, ancestors.indexOf(rootNode as (typeof ancestors)[number])));
    const outerList = within.filter((el) => el.name === 'ul' || el.name === 'ol').at(-1);
    if (outerList) {
      const caption = $(outerList).prevAll('p, h1, h2, h3, h4, h5, h6, span, div, label').first();
      const captionText = collapse(caption.text());
      if (caption.length > 0 && caption.find('a').length === 0 && captionText.length <= 60)
        group = captionText;
    }
    const outerItem = within.filter((el) => el.name === 'li').at(-1);
    if (!group && outerItem && $(outerItem).find('ul, ol').length > 0) group = groupLabel($, $(outerItem));
    if (!group && outerItem) {
      // A flat list with label items between the links (mdBook's "part-title"): the last label before it.
      // An unlinked item of the same kind as the linked ones (a draft chapter) is no label.
      const itemClass = $(outerItem).attr('class') ?? '';
      const label = $(outerItem)
        .prevAll('li')
        .toArray()
        .find(
          (li) =>
            $(li).find('a').length === 0 &&
            collapse($(li).text()) !== '' &&
            (itemClass === '' || ($(li).attr('class') ?? '') !== itemClass),
        );
      const labelText = label ? collapse($(label).text()) : '';
      if (labelText.length <= 60) group = labelText;
    }
    links.push({ url, text: collapse($(a).text()), group });
  });
  return links;
}

function isInside(el: DomNode, ancestors: Set<DomNode>): boolean {
  for (let node = el.parent; node; node = node.parent) if (ancestors.has(node)) return true;
  return false;
}

export function pageFacts(html: string, url: string): PageFacts {
  const $ = cheerio.load(html, { scriptingEnabled: false });
  const lang = collapse($('html').attr('lang') ?? '').toLowerCase() || undefined;
  const refresh = $('meta[http-equiv]')
    .filter((_, el) => ($(el).attr('http-equiv') ?? '').toLowerCase() === 'refresh')
    .first()
    .attr('content');
  const refreshRaw = refreshTarget(refresh);
  const canonical = absoluteLinkUrl($('link[rel~="canonical"]').first().attr('href'), url);
  const robots = ($('meta[name="robots"]').attr('content') ?? '').toLowerCase();
  const title = collapse($('title').first().text());
  const h1 = collapse($('h1').first().text());

  // Navigation candidates, outermost first: an element inside an already chosen container is not another one.
  const chosen = new Set<DomNode>();
  const navs: NavCandidate[] = [];
  const consider = (el: DomNode, how: string) => {
    if (chosen.has(el) || isInside(el, chosen)) return;
    const links = containerLinks($, $(el as never), url);
    if (links.length === 0) return;
    chosen.add(el);
    navs.push({ how, links });
  };
  $('nav').each((_, el) => consider(el, 'nav'));
  $('[role="navigation"]').each((_, el) => consider(el, 'role'));
  $('aside').each((_, el) => consider(el, 'aside'));
  $('[class], [id]').each((_, el) => {
    if (el.type !== 'tag' || ['html', 'body', 'main', 'article', 'a', 'li', 'span'].includes(el.name)) return;
    const names = `${$(el).attr('class') ?? ''} ${$(el).attr('id') ?? ''}`;
    if (NAV_CLASS.test(names)) consider(el, 'class');
  });
  const navFrames: string[] = [];
  $('iframe[src]').each((_, el) => {
    const inNav = $(el).closest('nav, aside, noscript, [role="navigation"]').length > 0;
    const names = `${$(el).attr('class') ?? ''} ${$(el).attr('id') ?? ''}`;
    const src = absoluteLinkUrl($(el).attr('src'), url);
    if (src && (inNav || NAV_CLASS.test(names))) navFrames.push(src);
  });
  // Long link lists in the content (a book's contents page, a home page's chapter list).
  $('ul, ol').each((_, el) => {
    if (isInside(el, chosen)) return;
    if ($(el).parents('ul, ol').length > 0) return;
    const links = containerLinks($, $(el), url);
    if (links.length >= 5) {
      chosen.add(el);
      navs.push({ how: 'list', links });
    }
  });

  const body = $('body').clone();
  body.find('script, style, noscript, template, nav, header, footer, aside, [role="navigation"]').remove();
  const text = collapse(body.text());
  let code = 0;
  body.find('pre, code').each((_, el) => {
    if ($(el).parents('pre, code').length === 0) code += collapse($(el).text()).length;
  });
  let linked = 0;
  body.find('a').each((_, el) => {
    if ($(el).parents('a').length === 0) linked += collapse($(el).text()).length;
  });
  const headings = body
    .find('h1, h2, h3, h4, h5, h6')
    .toArray()
    .map((el) => collapse($(el).text()).replace(/\s*[¶#🔗]$/u, ''))
    .filter(Boolean);
  const BLOCK = '\u0001';
  body
    .find(
      'p, li, dd, dt, td, th, h1, h2, h3, h4, h5, h6, blockquote, figcaption, pre, div, section, article, br, tr',
    )
    .each((_, el) => {
      $(el).prepend(BLOCK).append(BLOCK);
    });
  const blocks = body
    .text()
    .split(BLOCK)
    .map(collapse)
    .filter((block) => block !== '');
  return {
    url,
    lang,
    title,
    h1,
    refreshTo: refreshRaw ? absoluteLinkUrl(refreshRaw, url) : undefined,
    canonical,
    robots,
    text,
    codeShare: text.length > 0 ? Math.min(1, code / text.length) : 0,
    linkShare: text.length > 0 ? Math.min(1, linked / text.length) : 0,
    blocks,
    headings,
    navFrames,
    navs,
  };
}
