/**
 * The main content's first prose paragraphs, for link descriptions and the summary: <p> elements outside
 * quotes (epigraphs), figures, tables, lists, admonitions and code, in document order, as one line each (the
 * source's hard wraps joined). Permalink signs, "[source]" links, footnote marks and images are left out.
 */
import type { CheerioAPI } from 'cheerio';
import type { Selection } from './main-content.js';
import { inlineText } from './text.js';

const MAX_PARAGRAPHS = 4;
const MAX_PARAGRAPH_CHARS = 600;
const MIN_PARAGRAPH_CHARS = 20;

/** Containers whose paragraphs are not the page's own lead prose. */
const NOT_LEAD =
  'blockquote, figure, figcaption, table, li, pre, aside, nav, header, footer, dl.field-list, .admonition, ' +
  '.note, .warning, .tip, .alert, .callout, .epigraph, .highlights, .pull-quote, .sidebar, .toc, .mdbook-help-container';
/** Inline parts that are not prose. */
const NOT_PROSE =
  'img, picture, svg, sup.footnote-reference, a.footnote-reference, .headerlink, .anchor, .anchor-link, ' +
  '.hash-link, .viewcode-link, .permalink, .zola-anchor, script, style, button';

export function leadParagraphs($: CheerioAPI, main: Selection): string[] {
  const out: string[] = [];
  const paragraphs = main.find('p').toArray();
  for (const element of paragraphs) {
    if (out.length >= MAX_PARAGRAPHS) break;
    const el = $(element);
    if (el.closest(NOT_LEAD).length > 0) continue;
    const copy = el.clone();
    copy.find(NOT_PROSE).remove();
    const text = inlineText(copy.text()).replace(/[¶§]/g, '').trim();
    if (text.length < MIN_PARAGRAPH_CHARS) continue;
    out.push(text.slice(0, MAX_PARAGRAPH_CHARS));
  }
  return out;
}
