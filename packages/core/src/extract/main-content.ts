/**
 * Main-content selection: the first landmark or well-known content container that has text (main, a single
 * article, [role=main], MkDocs/Sphinx/Docusaurus/GitBook containers, #content ...), else the body. Chrome
 * inside it (nav, sidebars, footers, scripts, forms, SVG, permalink anchors) is removed; when falling back to
 * the body, headers are removed too.
 */
import type { Cheerio, CheerioAPI, contains } from 'cheerio';
import { findAll, removeAll } from './query.js';

/** domhandler's AnyNode, named through cheerio (which does not re-export domhandler's types). */
export type AnyNode = Parameters<typeof contains>[1];
/** A cheerio selection of nodes. */
export type Selection = Cheerio<AnyNode>;

/** Containers tried in order; the first with non-empty text wins. */
export const MAIN_SELECTORS: readonly string[] = [
  'main',
  '[role=main]',
  'article',
  '.md-content',
  '.rst-content',
  '.theme-doc-markdown',
  '.markdown-body',
  '.markdown',
  '#content',
  '#main-content',
  '.main-content',
  '#main',
  '.content',
  '.post-content',
  '.entry-content',
  '.post',
  '.document',
];

/** Elements that are never content. */
export const CHROME_SELECTORS =
  'script, style, noscript, template, svg, canvas, iframe, object, embed, form, button, input, select, textarea, ' +
  'nav, aside, footer, dialog, [role=navigation], [role=search], [role=complementary], [role=contentinfo], ' +
  '[aria-hidden=true], [hidden], .sidebar, #sidebar, .md-sidebar, .md-nav, .md-footer, .wy-nav-side, .toc, #toc, ' +
  '.table-of-contents, .breadcrumbs, .breadcrumb, .headerlink, .anchor-link, .skip-link, .edit-this-page, ' +
  '.rst-footer-buttons, .pagination-nav, .cookie-banner, #cookie-banner';

/**
 * Returns a detached copy of the main content with chrome removed. `$` is not modified.
 */
export function selectMainContent($: CheerioAPI): Selection {
  const hasText = (element: Selection): boolean => element.text().trim() !== '';
  for (const selector of MAIN_SELECTORS) {
    const found = $(selector);
    if (found.length === 0) continue;
    // Several <article>s are a listing (blog index): the list, not the first teaser, is the content.
    if (selector === 'article' && found.length > 1) continue;
    const candidate = found.first().clone();
    // findAll/removeAll, not .find().remove(): linear in the number of children (see query.ts).
    removeAll(findAll(candidate.toArray(), CHROME_SELECTORS));
    if (hasText(candidate)) return candidate;
  }
  const body = $('body' as string)
    .first()
    .clone();
  removeAll(findAll(body.toArray(), `${CHROME_SELECTORS}, header, [role=banner]`));
  return body;
}
