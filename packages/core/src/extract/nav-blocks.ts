/**
 * The navigation blocks of one page as plain data: each outermost navigation container (nav, sidebar, menu,
 * toctree, header) becomes a tree of labelled items in document order. Group labels are headings, captions,
 * <summary>s and <label>s, or the text of a list item that holds a nested list but no link of its own. Nesting
 * comes from list depth; a label outside any list heads the items after it until the next such label.
 *
 * Breadcrumb trails are not navigation blocks (they are read by breadcrumbs.ts).
 * Per page only: which blocks are the site's navigation (the ones repeated across pages) is decided later
 * (site/nav-model.ts). Links to the page itself by fragment (on-page tables of contents) are left out.
 */
import type { CheerioAPI } from 'cheerio';
import { BREADCRUMB_SELECTORS } from './breadcrumbs.js';
import type { AnyNode } from './main-content.js';
import { inlineText } from './text.js';

export interface NavItem {
  /** Link text or group label. */
  label: string;
  /** Absolute URL (fragment dropped); undefined for a group label. */
  url?: string | undefined;
  children: NavItem[];
}

export interface NavBlock {
  /** The container's identity across pages: tag, id, stable classes, aria-label. */
  key: string;
  items: NavItem[];
}

/** Containers whose links are navigation (outermost matches only). */
export const NAV_BLOCK_SELECTORS =
  'nav, header, aside, [role=navigation], [role=banner], .sidebar, #sidebar, .md-nav, .md-sidebar, .md-tabs, ' +
  '.wy-nav-side, .wy-menu, .navbar, .menu, .site-nav, .sidebar-nav, .toctree-wrapper, ' +
  '.theme-doc-sidebar-container, .sphinxsidebar, .bd-sidebar, .book-summary, #TableOfContents, ol.chapter';

/** Bounds: a pathological page cannot make the record large. */
const MAX_BLOCKS = 12;
const MAX_LINKS_PER_PAGE = 2_000;
const MAX_LABEL_CHARS = 120;

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'summary', 'label', 'legend', 'dt']);
const LABEL_CLASS =
  /(^|[\s_-])(caption|group-?label|category|categorytitle|navgrouptitle|heading|title|label)\b/i;
/** State classes that differ from page to page for the same container. */
const STATE_CLASS =
  /^(current|active|open|opened|expanded|collapsed|selected|is-|has-|js-|astro-|md-nav--|svelte-)/i;

interface Event {
  kind: 'label' | 'link' | 'end';
  level: number;
  label: string;
  url?: string;
  /** For a heading-like label outside lists: the element holding it (its group ends where that element ends). */
  owner?: Element | undefined;
}

interface Element {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: Element[];
  data?: string;
  parent?: Element | null;
}

function containerKey(element: Element): string {
  const attribs = element.attribs ?? {};
  const classes = (attribs.class ?? '')
    .split(/\s+/)
    .filter((name) => name && !STATE_CLASS.test(name))
    .sort()
    .join('.');
  const aria = attribs['aria-label'] ?? attribs['aria-labelledby'] ?? '';
  return `${element.name ?? ''}#${attribs.id ?? ''}.${classes}[${aria}]`;
}

function textOf(node: Element): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.type !== 'tag' && node.type !== 'root') return '';
  const name = node.name ?? '';
  if (name === 'script' || name === 'style' || name === 'svg' || name === 'button' || name === 'template')
    return '';
  let out = '';
  for (const child of node.children ?? []) out += textOf(child);
  return out;
}

function hasDescendant(node: Element, test: (element: Element) => boolean): boolean {
  for (const child of node.children ?? []) {
    if (child.type !== 'tag') continue;
    if (test(child) || hasDescendant(child, test)) return true;
  }
  return false;
}

const isList = (element: Element) => element.name === 'ul' || element.name === 'ol';
const isAnchor = (element: Element) => element.name === 'a' && !!element.attribs?.href;

/**
 * Events of one container in document order. `resolve` turns an href into an absolute URL (undefined: not a
 * page link); hrefs that start with '#' are on-page anchors and skipped.
 */
function collect(
  root: Element,
  resolve: (href: string) => string | undefined,
  budget: { links: number },
  skip: ReadonlySet<Element>,
) {
  const events: Event[] = [];
  const owners = new Set<Element>();
  const walk = (node: Element, depth: number): void => {
    if (node.type !== 'tag' || budget.links <= 0 || skip.has(node)) return;
    const name = node.name ?? '';
    if (name === 'script' || name === 'style' || name === 'svg' || name === 'template' || name === 'form')
      return;
    if (isAnchor(node)) {
      const href = (node.attribs?.href ?? '').trim();
      if (href.startsWith('#')) return;
      const url = resolve(href);
      const label = inlineText(textOf(node)).slice(0, MAX_LABEL_CHARS);
      if (url && label) {
        budget.links -= 1;
        events.push({ kind: 'link', level: Math.max(1, depth), label, url });
      }
      return;
    }
    const classes = node.attribs?.class ?? '';
    const headingLike =
      HEADING_TAGS.has(name) ||
      node.attribs?.role === 'heading' ||
      (LABEL_CLASS.test(classes) && name !== 'li');
    if (headingLike && !hasDescendant(node, isAnchor)) {
      const label = inlineText(textOf(node)).slice(0, MAX_LABEL_CHARS);
      if (label) {
        const owner = depth === 0 ? (node.parent ?? undefined) : undefined;
        if (owner) owners.add(owner);
        events.push({ kind: 'label', level: depth, label, owner });
      }
      return;
    }
    if (name === 'li') {
      // A list item with a nested list and no link before it: its leading text is the group's label.
      const children = node.children ?? [];
      const listIndex = children.findIndex(
        (child) => child.type === 'tag' && (isList(child) || hasDescendant(child, isList)),
      );
      if (listIndex > 0) {
        const before = children.slice(0, listIndex);
        const linked = before.some(
          (child) => child.type === 'tag' && (isAnchor(child) || hasDescendant(child, isAnchor)),
        );
        const headed = before.some(
          (child) =>
            child.type === 'tag' &&
            (HEADING_TAGS.has(child.name ?? '') ||
              LABEL_CLASS.test(child.attribs?.class ?? '') ||
              hasDescendant(child, (element) => HEADING_TAGS.has(element.name ?? ''))),
        );
        if (!linked && !headed) {
          const label = inlineText(before.map(textOf).join(' ')).slice(0, MAX_LABEL_CHARS);
          if (label) events.push({ kind: 'label', level: depth, label });
          for (const child of children.slice(listIndex)) walk(child, depth);
          return;
        }
      }
    }
    const inner = isList(node) ? depth + 1 : depth;
    for (const child of node.children ?? []) walk(child, inner);
    // A heading's group ends with the element that holds the heading (a navGroup <div>, a <section>).
    if (owners.has(node)) events.push({ kind: 'end', level: 0, label: '', owner: node });
  };
  for (const child of root.children ?? []) walk(child, 0);
  return events;
}

/** Builds the tree: an event is the child of the closest earlier event with a smaller level. */
function toTree(events: readonly Event[]): NavItem[] {
  const roots: NavItem[] = [];
  const stack: { level: number; item: NavItem; owner?: Element | undefined }[] = [];
  for (const event of events) {
    if (event.kind === 'end') {
      const at = stack.findIndex((entry) => entry.owner === event.owner);
      if (at >= 0) stack.length = at;
      continue;
    }
    // A label at list level 0 heads what follows; list items sit at level >= 1.
    const level = event.kind === 'label' && event.level === 0 ? 0 : event.level;
    while (stack.length > 0 && stack.at(-1)!.level >= level) stack.pop();
    const item: NavItem = { label: event.label, ...(event.url ? { url: event.url } : {}), children: [] };
    (stack.at(-1)?.item.children ?? roots).push(item);
    stack.push({ level, item, owner: event.owner });
  }
  return prune(roots);
}

/** Labels without links under them carry nothing. */
function prune(items: NavItem[]): NavItem[] {
  const out: NavItem[] = [];
  for (const item of items) {
    item.children = prune(item.children);
    if (item.url || item.children.length > 0) out.push(item);
  }
  return out;
}

/** The page's navigation blocks (outermost containers), each as a labelled tree. */
export function extractNavBlocks($: CheerioAPI, resolve: (href: string) => string | undefined): NavBlock[] {
  // Breadcrumbs are a trail to the page, not the site's menu: read on their own (breadcrumbs.ts).
  const crumbs = new Set($(BREADCRUMB_SELECTORS).toArray() as unknown as Element[]);
  const containers = ($(NAV_BLOCK_SELECTORS).toArray() as unknown as Element[]).filter(
    (element) => !crumbs.has(element),
  );
  const chosen = new Set<Element>(containers);
  const blocks: NavBlock[] = [];
  const budget = { links: MAX_LINKS_PER_PAGE };
  for (const container of containers) {
    // Outermost only: a container inside another is part of that one's tree.
    let parent = container.parent;
    let nested = false;
    while (parent) {
      if (chosen.has(parent)) {
        nested = true;
        break;
      }
      parent = parent.parent ?? null;
    }
    if (nested) continue;
    const items = toTree(collect(container, resolve, budget, crumbs));
    if (items.length > 0) blocks.push({ key: containerKey(container), items });
    if (blocks.length >= MAX_BLOCKS || budget.links <= 0) break;
  }
  return blocks;
}

/** Every URL of a nav tree, depth first, in order. */
export function navUrls(items: readonly NavItem[], out: string[] = []): string[] {
  for (const item of items) {
    if (item.url) out.push(item.url);
    navUrls(item.children, out);
  }
  return out;
}

export type { AnyNode };
