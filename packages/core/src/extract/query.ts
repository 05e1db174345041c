/**
 * Linear-time DOM queries for extraction, in place of cheerio's `.find()` / `.remove()` on large pages.
 *
 * Why (profiled with `node --cpu-prof`, docs/benchmarks.md "Extraction scaling"): cheerio's `.find(selector)`
 * hands the selection's *children* to css-select as an array, and css-select first runs domutils'
 * `removeSubsets` on that array, which is O(n²·depth) in the number of children. A page whose body or main
 * element holds 40,000 direct children (links separated by <br>, unwrapped <p>s) spent 40 s there. cheerio's
 * `.remove()` splices each element out of its parent's child array one at a time, O(n²) for many siblings.
 *
 * Here css-select is called with one root node (not an array), which searches that node's descendants without
 * any subset pass, and removal rebuilds each parent's child list once. Selectors are compiled once per string.
 * Results are the same as cheerio's for the selectors extraction uses (descendants only, document order).
 */
import type { contains } from 'cheerio';
import { compile, selectAll } from 'css-select';

/** domhandler's AnyNode, named through cheerio (which does not re-export domhandler's types). */
type AnyNode = Parameters<typeof contains>[1];
/** A node that may hold children (domhandler's ParentNode, structurally). */
interface Parent {
  children: AnyNode[];
}

type CompiledQuery = ReturnType<typeof compile<AnyNode, AnyNode>>;

const compiled = new Map<string, CompiledQuery>();

function query(selector: string): CompiledQuery {
  let found = compiled.get(selector);
  if (!found) {
    found = compile<AnyNode, AnyNode>(selector);
    compiled.set(selector, found);
  }
  return found;
}

/**
 * Descendants of each root that match `selector`, in document order, each once (roots that are themselves
 * inside another root are still searched once per root: pass disjoint roots, or dedupe).
 */
export function findAll(roots: Iterable<AnyNode>, selector: string): AnyNode[] {
  const test = query(selector);
  const out: AnyNode[] = [];
  for (const root of roots) {
    if (!('children' in root)) continue;
    for (const element of selectAll(test, root)) out.push(element);
  }
  return out;
}

/** The first descendant of `root` matching `selector`, else undefined. */
export function findFirst(root: AnyNode, selector: string): AnyNode | undefined {
  return findAll([root], selector)[0];
}

/** True when `node` is `ancestor` or lies below it. */
function isInside(node: AnyNode, ancestors: ReadonlySet<AnyNode>): boolean {
  for (let current: AnyNode | null = node.parent; current; current = current.parent)
    if (ancestors.has(current)) return true;
  return false;
}

/**
 * Detaches every node of `nodes` from its parent (and with it, its subtree). Each parent's child list is
 * rebuilt once, and sibling links are repaired, so the cost is linear in the size of the lists touched.
 */
export function removeAll(nodes: readonly AnyNode[]): void {
  if (nodes.length === 0) return;
  const removed = new Set(nodes);
  const parents = new Set<Parent & AnyNode>();
  for (const node of nodes) {
    // A node inside another removed node goes with it: only its topmost removed ancestor is detached.
    if (isInside(node, removed)) continue;
    if (node.parent) parents.add(node.parent as Parent & AnyNode);
  }
  for (const parent of parents) {
    const kept = parent.children.filter((child) => {
      if (!removed.has(child)) return true;
      child.parent = null;
      child.prev = null;
      child.next = null;
      return false;
    });
    for (let index = 0; index < kept.length; index += 1) {
      const child = kept[index]!;
      child.prev = kept[index - 1] ?? null;
      child.next = kept[index + 1] ?? null;
    }
    parent.children = kept;
  }
}
