/**
 * A small, safe Markdown renderer for the llms.txt subset: ATX headings, blockquotes, bullet and numbered lists
 * (nested by indentation), fenced code, thematic breaks, paragraphs; inline code, links, autolinks, bare URLs,
 * strong and emphasis, backslash escapes.
 *
 * `parseMarkdown` is pure (text in, a small tree out). `renderMarkdown` turns the tree into DOM nodes with
 * createElement/createTextNode: no HTML string is ever built or parsed, so raw HTML in the file shows as text.
 * Link targets are kept only when they are http(s) or mailto; anything else (javascript:, data:, relative paths
 * that would point into the dashboard) is shown as plain text.
 */
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

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;
const BLANK = /^[ \t]*$/;

/** Cap on nesting (blockquotes in lists in blockquotes...) so a hostile file cannot blow the stack. */
const MAX_DEPTH = 8;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  return parseBlocks(lines, 0);
}

function indentOf(line: string): number {
  const match = /^ */.exec(line);
  return match ? match[0].length : 0;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || HR.test(line) || QUOTE.test(line) || ITEM.test(line);
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (BLANK.test(line)) {
      i += 1;
      continue;
    }
    if (depth >= MAX_DEPTH) {
      blocks.push({ type: 'paragraph', children: [{ type: 'text', text: lines.slice(i).join('\n') }] });
      break;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i += 1;
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const trimmed = current.trim();
        if (trimmed.startsWith(marker[0]!.repeat(marker.length)) && /^([`~])\1*$/.test(trimmed)) {
          i += 1;
          break;
        }
        body.push(current);
        i += 1;
      }
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({
        type: 'heading',
        level: (heading[1] ?? '#').length,
        children: parseInline(heading[2] ?? '', depth),
      });
      i += 1;
      continue;
    }

    if (HR.test(line)) {
      blocks.push({ type: 'hr' });
      i += 1;
      continue;
    }

    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length) {
        const match = QUOTE.exec(lines[i] ?? '');
        if (!match) break;
        inner.push(match[1] ?? '');
        i += 1;
      }
      blocks.push({ type: 'blockquote', blocks: parseBlocks(inner, depth + 1) });
      continue;
    }

    const item = ITEM.exec(line);
    if (item) {
      const baseIndent = (item[1] ?? '').length;
      const ordered = /\d/.test(item[2] ?? '');
      const start = ordered ? Number.parseInt(item[2] ?? '1', 10) : 1;
      const items: { text: string[]; rest: string[] }[] = [];
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const match = ITEM.exec(current);
        if (match && (match[1] ?? '').length === baseIndent && /\d/.test(match[2] ?? '') === ordered) {
          items.push({ text: [match[3] ?? ''], rest: [] });
          i += 1;
          continue;
        }
        const last = items[items.length - 1];
        if (!last) break;
        if (BLANK.test(current)) {
          // A blank line ends the list unless an indented line follows.
          const next = lines[i + 1];
          if (next !== undefined && !BLANK.test(next) && indentOf(next) > baseIndent) {
            last.rest.push('');
            i += 1;
            continue;
          }
          break;
        }
        if (indentOf(current) > baseIndent) {
          // Indented under the item: a nested block, or a continuation of the item's own text.
          if (last.rest.length > 0 || startsBlock(current.trimStart())) last.rest.push(current);
          else last.text.push(current.trim());
          i += 1;
          continue;
        }
        if (!startsBlock(current)) {
          // Lazy continuation of the item's paragraph.
          last.text.push(current.trim());
          i += 1;
          continue;
        }
        break;
      }
      blocks.push({
        type: 'list',
        ordered,
        start,
        items: items.map((it) => ({
          children: parseInline(it.text.join('\n'), depth),
          blocks: it.rest.length > 0 ? parseBlocks(dedent(it.rest), depth + 1) : [],
        })),
      });
      continue;
    }

    // A paragraph runs until a blank line or the start of another block.
    const para: string[] = [];
    while (i < lines.length) {
      const current = lines[i] ?? '';
      if (BLANK.test(current) || (para.length > 0 && startsBlock(current))) break;
      para.push(current.trim());
      i += 1;
    }
    blocks.push({ type: 'paragraph', children: parseInline(para.join('\n'), depth) });
  }
  return blocks;
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => !BLANK.test(l)).map(indentOf);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, indentOf(l))));
}

const PUNCT = /[!-/:-@[-`{-~]/;
const AUTOLINK = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i;
const BARE_URL = /^https?:\/\/[^\s<>]*[^\s<>.,;:!?'")\]]/i;

export function parseInline(text: string, depth = 0, inLink = false): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ type: 'text', text: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const rest = text.slice(i);

    if (ch === '\\' && i + 1 < text.length && PUNCT.test(text[i + 1] ?? '')) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }

    if (ch === '\n') {
      // Soft line break inside a paragraph.
      buffer += ' ';
      i += 1;
      continue;
    }

    if (ch === '`') {
      const run = /^`+/.exec(rest)?.[0] ?? '`';
      const close = findBacktickRun(text, i + run.length, run.length);
      if (close >= 0) {
        flush();
        let code = text.slice(i + run.length, close).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim())
          code = code.slice(1, -1);
        out.push({ type: 'code', text: code });
        i = close + run.length;
        continue;
      }
      buffer += run;
      i += run.length;
      continue;
    }

    if (ch === '[' && !inLink && depth < MAX_DEPTH) {
      const link = parseLink(text, i);
      if (link) {
        flush();
        out.push({
          type: 'link',
          href: safeHref(link.href),
          children: parseInline(link.label, depth + 1, true),
        });
        i = link.end;
        continue;
      }
    }

    if (ch === '<' && !inLink) {
      const auto = AUTOLINK.exec(rest);
      if (auto) {
        flush();
        const href = auto[1] ?? '';
        out.push({ type: 'link', href: safeHref(href), children: [{ type: 'text', text: href }] });
        i += auto[0].length;
        continue;
      }
    }

    if ((ch === 'h' || ch === 'H') && !inLink && !/[A-Za-z0-9]/.test(text[i - 1] ?? '')) {
      const bare = BARE_URL.exec(rest);
      if (bare) {
        flush();
        out.push({ type: 'link', href: safeHref(bare[0]), children: [{ type: 'text', text: bare[0] }] });
        i += bare[0].length;
        continue;
      }
    }

    if ((ch === '*' || ch === '_') && depth < MAX_DEPTH) {
      const emphasis = parseEmphasis(text, i, ch);
      if (emphasis) {
        flush();
        const children = parseInline(emphasis.inner, depth + 1, inLink);
        out.push(emphasis.strong ? { type: 'strong', children } : { type: 'em', children });
        i = emphasis.end;
        continue;
      }
    }

    buffer += ch;
    i += 1;
  }
  flush();
  return out;
}

function findBacktickRun(text: string, from: number, length: number): number {
  let i = from;
  while (i < text.length) {
    const at = text.indexOf('`', i);
    if (at < 0) return -1;
    const run = /^`+/.exec(text.slice(at))?.[0].length ?? 1;
    if (run === length) return at;
    i = at + run;
  }
  return -1;
}

/** `[label](destination "title")` starting at `start`; null when the text there is not a link. */
function parseLink(text: string, start: number): { label: string; href: string; end: number } | null {
  let depth = 0;
  let i = start;
  for (; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (ch === '[') depth += 1;
    else if (ch === ']') {
      depth -= 1;
      if (depth === 0) break;
    }
  }
  if (depth !== 0 || text[i + 1] !== '(') return null;
  const label = text.slice(start + 1, i);
  let j = i + 2;
  while (text[j] === ' ') j += 1;
  let href = '';
  if (text[j] === '<') {
    const close = text.indexOf('>', j);
    if (close < 0) return null;
    href = text.slice(j + 1, close);
    j = close + 1;
  } else {
    let parens = 0;
    const from = j;
    for (; j < text.length; j += 1) {
      const ch = text[j] ?? '';
      if (ch === '\\') {
        j += 1;
        continue;
      }
      if (/\s/.test(ch)) break;
      if (ch === '(') parens += 1;
      else if (ch === ')') {
        if (parens === 0) break;
        parens -= 1;
      }
    }
    href = text.slice(from, j);
  }
  while (text[j] === ' ') j += 1;
  const quote = text[j];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, j + 1);
    if (close < 0) return null;
    j = close + 1;
    while (text[j] === ' ') j += 1;
  }
  if (text[j] !== ')') return null;
  return { label, href: href.replace(/\\([!-/:-@[-`{-~])/g, '$1'), end: j + 1 };
}

function parseEmphasis(
  text: string,
  start: number,
  marker: string,
): { inner: string; strong: boolean; end: number } | null {
  const strong = text[start + 1] === marker;
  const open = strong ? marker + marker : marker;
  const after = text[start + open.length] ?? '';
  if (!after || /\s/.test(after)) return null;
  // `_` only opens at a word boundary, so snake_case_names stay text.
  if (marker === '_' && /[A-Za-z0-9]/.test(text[start - 1] ?? '')) return null;
  let i = start + open.length;
  while (i < text.length) {
    const at = text.indexOf(open, i);
    if (at < 0) return null;
    const before = text[at - 1] ?? '';
    const next = text[at + open.length] ?? '';
    const closes =
      at > start + open.length &&
      !/\s/.test(before) &&
      (marker !== '_' || !/[A-Za-z0-9]/.test(next)) &&
      // a single `*` must not be half of a `**`
      (strong || (next !== marker && before !== marker));
    if (closes) return { inner: text.slice(start + open.length, at), strong, end: at + open.length };
    i = at + 1;
  }
  return null;
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
