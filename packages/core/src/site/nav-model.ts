/**
 * The site's own navigation, across pages: the navigation blocks repeated on several pages (a sidebar, a
 * toctree, a menu) are merged into one labelled tree (a Sphinx or MkDocs sidebar that only expands the current
 * branch shows a different part on each page; merged, the whole tree appears, in the site's order). The block
 * that covers the most pages is the primary navigation; other repeated blocks add the pages it lacks.
 * Without repeated navigation (or with only a small menu): the pages' breadcrumb trails, merged into groups
 * (a page sits under its trail's parent crumbs); else a contents page (a page linking most of the others,
 * such as a book's table of contents) gives a flat order, else the rel=next chain from the home page.
 */
import type { NavItem } from '../extract/nav-blocks.js';
import type { CrawledPage } from '../types.js';

export interface NavNode {
  label: string;
  url?: string | undefined;
  children: NavNode[];
}

export interface NavModel {
  /** The merged tree over kept pages only. */
  tree: NavNode[];
  source: 'navigation' | 'breadcrumbs' | 'contents-page' | 'next-chain' | 'none';
  /** Position of each URL in the tree (depth first), for link order. */
  order: Map<string, number>;
  /** Kept pages the tree links. */
  covered: number;
}

/** A block must appear on at least this share of pages (and on 2) to count as the site's navigation. */
const MIN_BLOCK_SHARE = 0.2;
/** At most this many nodes in a merged tree (a pathological site cannot grow it without bound). */
const MAX_NODES = 5_000;

function identity(node: NavItem): string {
  return node.url ? `u:${node.url}` : `l:${node.label.toLowerCase()}`;
}

function copy(node: NavItem, budget: { nodes: number }): NavNode {
  budget.nodes -= 1;
  return {
    label: node.label,
    ...(node.url ? { url: node.url } : {}),
    children: node.children.filter(() => budget.nodes > 0).map((child) => copy(child, budget)),
  };
}

/** Merges `source` into `target` keeping both orders: new items go after the last matched sibling. */
function mergeInto(target: NavNode[], source: readonly NavItem[], budget: { nodes: number }): void {
  let last = -1;
  for (const item of source) {
    if (budget.nodes <= 0) return;
    const id = identity(item);
    const found = target.findIndex((node) => identity(node as NavItem) === id);
    if (found >= 0) {
      mergeInto(target[found]!.children, item.children, budget);
      last = found;
    } else {
      target.splice(last + 1, 0, copy(item, budget));
      last += 1;
    }
  }
}

/** The tree restricted to `keep`: nodes of other pages are dropped, their children move up; empty groups go. */
function restrict(nodes: readonly NavNode[], keep: ReadonlySet<string>, seen: Set<string>): NavNode[] {
  const out: NavNode[] = [];
  for (const node of nodes) {
    // The node before its children: a category linking its first page keeps it (the child entry of the
    // same page is then dropped), not the other way round.
    const linked = node.url !== undefined && keep.has(node.url) && !seen.has(node.url);
    if (linked) seen.add(node.url!);
    const children = restrict(node.children, keep, seen);
    if (linked) out.push({ label: node.label, url: node.url, children });
    else if (node.url === undefined && children.length > 0) out.push({ label: node.label, children });
    else out.push(...children);
  }
  return out;
}

function urlsOf(nodes: readonly NavNode[], out: string[] = []): string[] {
  for (const node of nodes) {
    if (node.url) out.push(node.url);
    urlsOf(node.children, out);
  }
  return out;
}

function model(tree: NavNode[], source: NavModel['source']): NavModel {
  const order = new Map<string, number>();
  for (const url of urlsOf(tree)) if (!order.has(url)) order.set(url, order.size);
  return { tree, source, order, covered: order.size };
}

/** Breadcrumb trails count as the site's grouping when at least this share of listed pages has one. */
const MIN_TRAIL_SHARE = 0.3;
const HOME_CRUMB = /^(home|start|top|index|main page)$/i;

/**
 * The breadcrumb trails of the kept pages as a tree: each crumb before the page is a group (the trail's
 * parent is the page's group), the page its leaf; the home page's crumb is the root and left out. Groups
 * keep the order their first page has among `pages`. undefined when too few pages have a trail or no group
 * holds two pages.
 */
export function breadcrumbTree(
  pages: readonly CrawledPage[],
  home: CrawledPage | undefined,
  keep: ReadonlySet<string>,
): NavNode[] | undefined {
  const roots: NavNode[] = [];
  const ids = new Map<NavNode, string>();
  const find = (level: NavNode[], id: string) => level.find((node) => ids.get(node) === id);
  let trails = 0;
  let listed = 0;
  for (const page of pages) {
    if (page === home || !keep.has(page.url)) continue;
    listed += 1;
    const ancestors = [...(page.breadcrumbs ?? [])];
    // The last crumb is the page itself (its URL, or plain text); the first is the home page.
    const last = ancestors.at(-1);
    if (last && (last.url === undefined || last.url === page.url)) ancestors.pop();
    while (ancestors[0] && (ancestors[0].url === home?.url || HOME_CRUMB.test(ancestors[0].label.trim())))
      ancestors.shift();
    const trail = ancestors.filter((crumb) => crumb.url !== page.url && crumb.label.trim());
    if ((page.breadcrumbs ?? []).length === 0) continue;
    trails += 1;
    let level = roots;
    for (const crumb of trail) {
      const id = crumb.url ? `u:${crumb.url}` : `l:${crumb.label.trim().toLowerCase()}`;
      let node = find(level, id);
      if (!node) {
        node = { label: crumb.label.trim(), children: [] };
        if (crumb.url && keep.has(crumb.url)) node.url = crumb.url;
        ids.set(node, id);
        level.push(node);
      }
      level = node.children;
    }
    if (!find(level, `u:${page.url}`)) {
      const leaf: NavNode = { label: page.title.replace(/\s+/g, ' ').trim(), url: page.url, children: [] };
      ids.set(leaf, `u:${page.url}`);
      level.push(leaf);
    }
  }
  if (listed === 0 || trails < Math.max(3, listed * MIN_TRAIL_SHARE)) return undefined;
  const grouped = (nodes: readonly NavNode[]): boolean =>
    nodes.some((node) => urlsOf(node.children).length >= 2 || grouped(node.children));
  return grouped(roots) ? roots : undefined;
}

/** A pager ('Previous: Install', 'Next: Configure'): the neighbours of one page, not a navigation. */
function isPagination(items: readonly NavItem[]): boolean {
  return (
    items.length > 0 &&
    items.length <= 2 &&
    items.every((item) => item.children.length === 0 && PAGER_LABEL.test(item.label.trim()))
  );
}
const PAGER_LABEL = /^(previous|prev|next|older|newer|«|»|‹|›|←|→)/i;

/**
 * Labels that, in a block, link to the page they are on, on several pages and to several URLs: a version or
 * language switcher ('Next' pointing at the current page in its own version), an "edit this page" link.
 * Merged across pages they would list every page under one label.
 */
function switcherLabels(pages: readonly CrawledPage[]): Map<string, Set<string>> {
  const seen = new Map<string, Map<string, Set<string>>>();
  const walk = (key: string, items: readonly NavItem[], url: string) => {
    for (const item of items) {
      if (item.url === url) {
        const labels = seen.get(key) ?? new Map<string, Set<string>>();
        const label = item.label.trim().toLowerCase();
        labels.set(label, (labels.get(label) ?? new Set()).add(url));
        seen.set(key, labels);
      }
      walk(key, item.children, url);
    }
  };
  for (const page of pages) for (const block of page.navBlocks ?? []) walk(block.key, block.items, page.url);
  const out = new Map<string, Set<string>>();
  for (const [key, labels] of seen)
    out.set(
      key,
      new Set([...labels].filter(([, urls]) => urls.size >= MIN_SWITCHER_PAGES).map(([label]) => label)),
    );
  return out;
}
const MIN_SWITCHER_PAGES = 3;

function withoutSelfLinks(
  items: readonly NavItem[],
  url: string,
  labels: ReadonlySet<string> | undefined,
): NavItem[] {
  if (!labels || labels.size === 0) return [...items];
  return items
    .filter((item) => !(item.url === url && labels.has(item.label.trim().toLowerCase())))
    .map((item) => ({ ...item, children: withoutSelfLinks(item.children, url, labels) }));
}

/**
 * The navigation model over `pages` (the kept pages, home first is best). `keep` restricts the tree to pages
 * that are listed (junk kinds, other languages and old versions are not).
 */
export function buildNavModel(
  pages: readonly CrawledPage[],
  home: CrawledPage | undefined,
  keep: ReadonlySet<string>,
  allPages: readonly CrawledPage[] = pages,
): NavModel {
  const sources = home ? [home, ...pages.filter((page) => page !== home)] : [...pages];
  const switchers = switcherLabels(sources);
  const byKey = new Map<string, { pages: number; tree: NavNode[]; budget: { nodes: number } }>();
  for (const page of sources) {
    for (const raw of page.navBlocks ?? []) {
      if (isPagination(raw.items)) continue;
      const block = { key: raw.key, items: withoutSelfLinks(raw.items, page.url, switchers.get(raw.key)) };
      let entry = byKey.get(block.key);
      if (!entry) {
        entry = { pages: 0, tree: [], budget: { nodes: MAX_NODES } };
        byKey.set(block.key, entry);
      }
      entry.pages += 1;
      mergeInto(entry.tree, block.items, entry.budget);
    }
  }
  const minPages = pages.length <= 2 ? 1 : Math.max(2, Math.ceil(pages.length * MIN_BLOCK_SHARE));
  const candidates = [...byKey.values()]
    .filter((entry) => entry.pages >= minPages)
    .map((entry) => {
      const tree = restrict(entry.tree, keep, new Set());
      return { tree, covered: new Set(urlsOf(tree)).size };
    })
    .filter((entry) => entry.covered >= 2 || (keep.size <= 2 && entry.covered >= 1))
    .sort((a, b) => b.covered - a.covered);

  const primary = candidates[0];
  // Breadcrumbs group a site whose repeated navigation is missing or only a small menu.
  const crumbs = breadcrumbTree(pages, home, keep);
  const crumbsCovered = crumbs ? new Set(urlsOf(crumbs)).size : 0;
  const menuOnly = !primary || (primary.covered < keep.size * 0.5 && primary.covered < crumbsCovered);
  if (crumbs && menuOnly) return model(crumbs, 'breadcrumbs');
  if (primary && primary.covered >= Math.min(3, keep.size)) {
    const tree = primary.tree;
    const seen = new Set(urlsOf(tree));
    for (const other of candidates.slice(1)) {
      const extra = restrict(other.tree, new Set([...keep].filter((url) => !seen.has(url))), new Set());
      for (const url of urlsOf(extra)) seen.add(url);
      tree.push(...extra);
    }
    return model(tree, 'navigation');
  }

  // A contents page: the kept page whose links cover the most other kept pages (at least 40% of them).
  let best: { page: CrawledPage; urls: string[] } | undefined;
  for (const page of pages) {
    const urls = [...new Set(page.links.filter((url) => keep.has(url) && url !== page.url))];
    if (!best || urls.length > best.urls.length) best = { page, urls };
  }
  if (best && best.urls.length >= Math.max(3, (keep.size - 1) * 0.4)) {
    const first = keep.has(best.page.url) ? [best.page.url] : [];
    const tree = [...first, ...best.urls].map((url) => ({ label: '', url, children: [] }));
    return model(tree, 'contents-page');
  }

  // The rel=next chain from the home page (a book read front to back).
  const byUrl = new Map(allPages.map((page) => [page.url, page]));
  const chain: string[] = [];
  const visited = new Set<string>();
  let current = home ?? pages[0];
  while (current && !visited.has(current.url) && chain.length < MAX_NODES) {
    visited.add(current.url);
    if (keep.has(current.url)) chain.push(current.url);
    current = current.next ? byUrl.get(current.next) : undefined;
  }
  if (chain.length >= 3)
    return model(
      chain.map((url) => ({ label: '', url, children: [] })),
      'next-chain',
    );
  return model(primary?.tree ?? [], primary ? 'navigation' : 'none');
}

/** The tree as compact labelled lines for the prompt: `- Label` groups, `- ref Title` pages, two-space nesting. */
export function renderNavTree(
  tree: readonly NavNode[],
  refOf: (url: string) => string | undefined,
  maxLines = 400,
): string {
  const lines: string[] = [];
  const walk = (nodes: readonly NavNode[], depth: number) => {
    for (const node of nodes) {
      if (lines.length >= maxLines) return;
      const ref = node.url ? refOf(node.url) : undefined;
      const label = node.label.replace(/\s+/g, ' ').trim();
      if (node.url && !ref) {
        walk(node.children, depth);
        continue;
      }
      lines.push(`${'  '.repeat(depth)}- ${ref ? `${ref}${label ? ` ${label}` : ''}` : label}`);
      walk(node.children, depth + 1);
    }
  };
  walk(tree, 0);
  return lines.join('\n');
}
