/**
 * The main content's first prose paragraphs, for link descriptions and the summary: <p> elements outside
 * quotes (epigraphs), figures, tables, lists, admonitions and code, in document order, as one line each (the
 * source's hard wraps joined). Permalink signs, "[source]" links, footnote marks and images are left out.
 */
import type { Selection } from './main-content.js';
import { findAll } from './query.js';
import { inlineText } from './text.js';

const MAX_PARAGRAPHS = 4;
const MAX_PARAGRAPH_CHARS = 600;
const MIN_PARAGRAPH_CHARS = 20;

/** Containers whose paragraphs are not the page's own lead prose. */
const NOT_LEAD =
  'blockquote, figure, figcaption, table, li, pre, aside, nav, header, footer, dl.field-list, .admonition, ' +
  '.note, .warning, .tip, .alert, .callout, .epigraph, .highlights, .pull-quote, .sidebar, .toc, .mdbook-help-container';
/** Inline parts that are not prose: these tags, and elements with these classes. */
const NOT_PROSE_TAGS = new Set(['img', 'picture', 'svg', 'script', 'style', 'button', 'template']);
const NOT_PROSE_CLASS =
  /(^|\s)(footnote-reference|headerlink|anchor|anchor-link|hash-link|viewcode-link|permalink|zola-anchor)(\s|$)/;

interface Node {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

/** Text of a paragraph without its non-prose parts (one walk, no clone). */
function proseText(node: Node): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.type !== 'tag') return '';
  if (NOT_PROSE_TAGS.has(node.name ?? '') || NOT_PROSE_CLASS.test(node.attribs?.class ?? '')) return '';
  let out = '';
  for (const child of node.children ?? []) out += proseText(child);
  return out;
}

export function leadParagraphs(main: Selection): string[] {
  const out: string[] = [];
  // One selector pass for the excluded containers (a closest() per paragraph compiles the list every time).
  // findAll, not .find(): cheerio's find is quadratic in the number of children (query.ts).
  const roots = main.toArray();
  const excluded = new Set(findAll(findAll(roots, NOT_LEAD), 'p'));
  const paragraphs = findAll(roots, 'p');
  for (const element of paragraphs) {
    if (out.length >= MAX_PARAGRAPHS) break;
    if (excluded.has(element)) continue;
    const text = inlineText(proseText(element as unknown as Node))
      .replace(/[¶§]/g, '')
      .trim();
    if (text.length < MIN_PARAGRAPH_CHARS) continue;
    out.push(text.slice(0, MAX_PARAGRAPH_CHARS));
  }
  return out;
}
