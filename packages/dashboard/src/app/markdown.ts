/**
 * A safe Markdown renderer for llms.txt files. Parsing is CommonMark's, by micromark (mdast-util-from-markdown)
 * with GFM's bare-URL autolinks; raw HTML constructs are switched off, so HTML in a file is plain text.
 *
 * `parseMarkdown` is pure (text in, a small tree out): it maps the CommonMark tree onto the few node kinds the
 * dashboard shows. `renderMarkdown` turns that tree into DOM nodes with createElement/createTextNode: no HTML
 * string is ever built or parsed. Link targets are kept only when they are http(s) or mailto; anything else
 * (javascript:, data:, relative paths that would point into the dashboard) is shown as plain text.
 */
import type { Nodes, Parent, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { type Child, h } from './dom.js';

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string | null; children: Inline[] };

export interface ListItem {
  children: Inline[];
  /** Blocks indented under the item (a nested list, usually). */
  blocks: Block[];
}

export type Block =
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'blockquote'; blocks: Block[] }
  | { type: 'list'; ordered: boolean; start: number; items: ListItem[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'hr' };

/** Cap on nesting (blockquotes in lists in blockquotes...): deeper content is shown as plain text. */
const MAX_DEPTH = 8;

/** Raw HTML is not Markdown we render: without these constructs it stays text. */
const NO_RAW_HTML = { disable: { null: ['htmlFlow', 'htmlText'] } };

interface Source {
  text: string;
  /** Link reference definitions by their normalised label. */
  definitions: Map<string, string>;
}

function parseTree(text: string): { root: Parent; source: Source } {
  const root = fromMarkdown(text, {
    extensions: [gfmAutolinkLiteral(), NO_RAW_HTML],
    mdastExtensions: [gfmAutolinkLiteralFromMarkdown()],
  });
  const definitions = new Map<string, string>();
  const collect = (node: Nodes) => {
    if (node.type === 'definition') definitions.set(node.identifier, node.url);
    if ('children' in node) for (const child of node.children) collect(child);
  };
  collect(root);
  return { root, source: { text, definitions } };
}

export function parseMarkdown(text: string): Block[] {
  const { root, source } = parseTree(text);
  return toBlocks(root.children as RootContent[], source, 0);
}

/** The inline content of one line or paragraph of Markdown. */
export function parseInline(text: string): Inline[] {
  const { root, source } = parseTree(text);
  const [first] = root.children;
  return first?.type === 'paragraph'
    ? toInlines(first.children, source, false)
    : text
      ? [{ type: 'text', text }]
      : [];
}

/** Everything a node says, as text (alt texts, code, the deep end of a hostile nesting). */
function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if (node.type === 'image' || node.type === 'imageReference') return node.alt ?? '';
  if ('children' in node) return node.children.map((child) => plainText(child as Nodes)).join(' ');
  return '';
}

function toBlocks(nodes: readonly RootContent[], source: Source, depth: number): Block[] {
  const blocks: Block[] = [];
  for (const node of nodes) {
    const block = toBlock(node, source, depth);
    if (block) blocks.push(block);
  }
  return blocks;
}

function toBlock(node: RootContent, source: Source, depth: number): Block | undefined {
  if (depth >= MAX_DEPTH && 'children' in node)
    return { type: 'paragraph', children: [{ type: 'text', text: plainText(node) }] };
  switch (node.type) {
    case 'heading':
      return { type: 'heading', level: node.depth, children: toInlines(node.children, source, false) };
    case 'paragraph':
      return { type: 'paragraph', children: toInlines(node.children, source, false) };
    case 'blockquote':
      return { type: 'blockquote', blocks: toBlocks(node.children, source, depth + 1) };
    case 'list':
      return {
        type: 'list',
        ordered: node.ordered === true,
        start: node.start ?? 1,
        items: node.children.map((item): ListItem => {
          const [first, ...rest] = item.children;
          return first?.type === 'paragraph'
            ? {
                children: toInlines(first.children, source, false),
                blocks: toBlocks(rest, source, depth + 1),
              }
            : { children: [], blocks: toBlocks(item.children, source, depth + 1) };
        }),
      };
    case 'code':
      return { type: 'code', lang: node.lang ?? '', text: node.value };
    case 'thematicBreak':
      return { type: 'hr' };
    case 'definition':
      return undefined;
    default: {
      const text = plainText(node);
      return text ? { type: 'paragraph', children: [{ type: 'text', text }] } : undefined;
    }
  }
}

function toInlines(nodes: readonly PhrasingContent[], source: Source, inLink: boolean): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    for (const inline of toInline(node, source, inLink)) {
      const last = out[out.length - 1];
      // Adjacent text (an unmatched marker, a refused autolink) reads as one run, as in the file.
      if (inline.type === 'text' && last?.type === 'text') last.text += inline.text;
      else out.push(inline);
    }
  }
  return out;
}

function toInline(node: PhrasingContent, source: Source, inLink: boolean): Inline[] {
  switch (node.type) {
    case 'text':
      // A soft line break inside a paragraph reads as a space.
      return [{ type: 'text', text: node.value.replace(/[ \t]*\r?\n[ \t]*/g, ' ') }];
    case 'break':
      return [{ type: 'text', text: ' ' }];
    case 'inlineCode':
      return [{ type: 'code', text: node.value }];
    case 'strong':
      return [{ type: 'strong', children: toInlines(node.children, source, inLink) }];
    case 'emphasis':
      return [{ type: 'em', children: toInlines(node.children, source, inLink) }];
    case 'link':
    case 'linkReference': {
      // No links inside link text: the inner one is its text.
      if (inLink) return toInlines(node.children, source, true);
      const url = node.type === 'link' ? node.url : source.definitions.get(node.identifier);
      const href = url === undefined ? null : safeHref(url);
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      // An <autolink> whose target is refused is not a link at all: the file's own text.
      if (!href && start !== undefined && end !== undefined && source.text[start] === '<')
        return [{ type: 'text', text: source.text.slice(start, end) }];
      return [{ type: 'link', href, children: toInlines(node.children, source, true) }];
    }
    case 'image':
    case 'imageReference': {
      // Never load an image from a file's content: its alt text, linked to its source when that is safe.
      const url = node.type === 'image' ? node.url : source.definitions.get(node.identifier);
      const alt: Inline[] = [{ type: 'text', text: node.alt ?? '' }];
      return inLink ? alt : [{ type: 'link', href: url === undefined ? null : safeHref(url), children: alt }];
    }
    default:
      return [{ type: 'text', text: plainText(node) }];
  }
}

/** The link target when it is safe to follow (absolute http(s) or mailto), else null. */
export function safeHref(raw: string): string | null {
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:"): so do we.
  const href = raw.trim();
  const compact = [...href].filter((ch) => ch.charCodeAt(0) > 0x20 && ch.charCodeAt(0) !== 0x7f).join('');
  if (/^https?:\/\//i.test(compact)) {
    try {
      return new URL(href).href;
    } catch {
      return null;
    }
  }
  if (/^mailto:[^\s]+$/i.test(compact)) return compact;
  return null;
}

function inlineNodes(nodes: Inline[]): Child[] {
  return nodes.map(inlineNode);
}

function inlineNode(node: Inline): Child {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'code':
      return h('code', null, node.text);
    case 'strong':
      return h('strong', null, inlineNodes(node.children));
    case 'em':
      return h('em', null, inlineNodes(node.children));
    case 'link':
      return node.href
        ? h(
            'a',
            { href: node.href, rel: 'noopener noreferrer nofollow', target: '_blank' },
            inlineNodes(node.children),
          )
        : h(
            'span',
            { class: 'md-unsafe-link', title: 'link target not shown: not an http(s) URL' },
            inlineNodes(node.children),
          );
  }
}

function blockNodes(blocks: Block[], headingOffset: number): Child[] {
  return blocks.map((block) => blockNode(block, headingOffset));
}

function blockNode(block: Block, headingOffset: number): Child {
  switch (block.type) {
    case 'heading': {
      const level = Math.min(6, block.level + headingOffset) as 1 | 2 | 3 | 4 | 5 | 6;
      return h(`h${level}`, { class: `md-h${block.level}` }, inlineNodes(block.children));
    }
    case 'paragraph':
      return h('p', null, inlineNodes(block.children));
    case 'blockquote':
      return h('blockquote', null, blockNodes(block.blocks, headingOffset));
    case 'list': {
      const items = block.items.map((item) =>
        h('li', null, inlineNodes(item.children), blockNodes(item.blocks, headingOffset)),
      );
      return block.ordered
        ? h('ol', { start: block.start === 1 ? null : block.start }, items)
        : h('ul', null, items);
    }
    case 'code':
      return h('pre', null, h('code', { 'data-lang': block.lang || null }, block.text));
    case 'hr':
      return h('hr');
  }
}

/**
 * Render Markdown into a fresh container. `headingOffset` shifts heading levels (the file's `#` becomes an h2 when
 * the page already has its own h1) while the class keeps the file's own level for styling.
 */
export function renderMarkdown(source: string, headingOffset = 1): HTMLElement {
  return h('div', { class: 'markdown' }, blockNodes(parseMarkdown(source), headingOffset));
}
