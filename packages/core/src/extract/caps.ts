/**
 * Caps on the work one page may cost extraction, applied to the parsed document before anything walks it:
 * - maxElements: elements after the first N (in document order) are dropped (the page is kept, truncated);
 * - maxDepth: an element nested deeper than N keeps its text but loses its inner structure (deep nesting
 *   overflows the call stack of recursive DOM code, e.g. turndown's DOM at ~5,000 levels).
 * The links cap is applied where links are collected (extract-page.ts). Each cap that cuts something is
 * reported by name; hitting one is a limit, not a failure.
 */
import type { contains } from 'cheerio';
import { DEFAULT_LIMITS } from '../options.js';
import { removeAll } from './query.js';

type AnyNode = Parameters<typeof contains>[1];
interface ParentLike {
  children: AnyNode[];
}

export interface PageCaps {
  /** Elements kept per page (document order). */
  maxElements: number;
  /** Distinct links kept per page. */
  maxLinks: number;
  /** Nesting depth below which inner structure is flattened to text. */
  maxDepth: number;
}

export const DEFAULT_PAGE_CAPS: PageCaps = {
  maxElements: DEFAULT_LIMITS.maxElementsPerPage,
  maxLinks: DEFAULT_LIMITS.maxLinksPerPage,
  maxDepth: DEFAULT_LIMITS.maxElementDepth,
};

/** The limit names reported for the caps (also the names of the job options that set them). */
export type PageCapName = 'maxElementsPerPage' | 'maxLinksPerPage' | 'maxElementDepth';

const isElement = (node: AnyNode): boolean =>
  node.type === 'tag' || node.type === 'script' || node.type === 'style';

function childrenOf(node: AnyNode): AnyNode[] | undefined {
  return (node as Partial<ParentLike>).children;
}

/** All text under `node`, in order, without recursion. */
function textOf(node: AnyNode): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [node];
  for (let current = stack.pop(); current; current = stack.pop()) {
    if (current.type === 'text') parts.push((current as { data: string }).data);
    const children = childrenOf(current);
    if (children) for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
  }
  return parts.join('');
}

/** The first text node under `node` (depth first), else undefined. */
function firstText(node: AnyNode): AnyNode | undefined {
  const stack: AnyNode[] = [node];
  for (let current = stack.pop(); current; current = stack.pop()) {
    if (current.type === 'text') return current;
    const children = childrenOf(current);
    if (children) for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
  }
  return undefined;
}

/** Replaces the children of `element` by one text node holding their text (or by nothing). */
function flatten(element: AnyNode): void {
  const holder = element as unknown as ParentLike;
  const text = textOf(element);
  const node = firstText(element);
  if (node) {
    (node as { data: string }).data = text;
    node.parent = element as never;
    node.prev = null;
    node.next = null;
  }
  for (const child of holder.children) if (child !== node) child.parent = null;
  holder.children = node ? [node] : [];
}

/**
 * Applies the element and depth caps to the document under `root` in one iterative walk (linear, no
 * recursion). Returns the caps that cut something.
 */
export function capDocument(root: AnyNode, caps: Pick<PageCaps, 'maxElements' | 'maxDepth'>): PageCapName[] {
  const hit: PageCapName[] = [];
  let elements = 0;
  // Pre-order walk: a stack of (node, depth). Children are pushed in reverse so they pop in document order.
  const stack: { node: AnyNode; depth: number }[] = [];
  const top = childrenOf(root) ?? [];
  for (let index = top.length - 1; index >= 0; index -= 1) stack.push({ node: top[index]!, depth: 1 });
  let depthCapped = false;
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node, depth } = entry;
    if (!isElement(node)) continue;
    elements += 1;
    if (elements > caps.maxElements) {
      // This element and everything after it in document order goes: its later siblings and those of
      // every ancestor (the stack holds exactly those nodes, plus text nodes, which go too).
      const dropped = [node, ...stack.map((item) => item.node)];
      removeAll(dropped);
      hit.push('maxElementsPerPage');
      break;
    }
    const children = childrenOf(node);
    if (!children || children.length === 0) continue;
    if (depth >= caps.maxDepth && children.some(isElement)) {
      flatten(node);
      depthCapped = true;
      continue;
    }
    for (let index = children.length - 1; index >= 0; index -= 1)
      stack.push({ node: children[index]!, depth: depth + 1 });
  }
  if (depthCapped) hit.push('maxElementDepth');
  return hit;
}
