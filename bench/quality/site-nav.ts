/**
 * The site's own navigation as the judge reads it, and the URL keys used to compare links with it. Pure
 * functions over PageFacts.
 */
import type { NavCandidate, PageFacts } from './html-facts.js';
import type { NavEntry } from './structure-judges.js';

export interface Scope {
  /** Served origin, e.g. http://127.0.0.1:4000 */
  origin: string;
  /** Served base path, e.g. '/weac/'. */
  basePath: string;
  /** Production origin + path the site names for itself (its links may use it), e.g. https://0atman.com/ */
  production?: string | undefined;
}

/**
 * The key of a URL for comparisons, or undefined when it is outside the site: a production-host URL is moved
 * onto the served base; `x`, `x/`, `x.html`, `x/index.html` and their Markdown twins (`x.md`, `x.html.md`,
 * `x/index.md`) are one page; query and fragment are dropped.
 */
export function pageKey(url: string, scope: Scope): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  let path = parsed.pathname;
  if (scope.production) {
    const production = new URL(scope.production);
    const sameHost = parsed.host === production.host;
    if (sameHost && path.startsWith(production.pathname)) {
      path = scope.basePath + path.slice(production.pathname.length);
    } else if (parsed.origin !== scope.origin) return undefined;
  } else if (parsed.origin !== scope.origin) return undefined;
  if (!path.startsWith(scope.basePath) && `${path}/` !== scope.basePath) return undefined;
  try {
    path = decodeURI(path);
  } catch {
    // keep it encoded
  }
  return (
    path
      .replace(/\/index\.(html?\.md|html?|md)$/i, '/')
      .replace(/\.(html?\.md|html?|md)$/i, '')
      .replace(/\/+$/, '') || '/'
  );
}

export interface SiteNavigation {
  /** Where it was found: 'start page <how>', 'frame', 'common <how>' or 'start page list'. */
  source: string;
  entries: NavEntry[];
}

function entriesOf(candidate: NavCandidate, scope: Scope): NavEntry[] {
  const seen = new Set<string>();
  const entries: NavEntry[] = [];
  for (const link of candidate.links) {
    const key = pageKey(link.url, scope);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    entries.push({ key, group: link.group });
  }
  return entries;
}

const MIN_NAV_LINKS = 3;

/**
 * The navigation to judge order against: the start page's largest navigation container (nav, role, aside,
 * sidebar/toc/menu class, or an `<iframe>` table of contents), else the container repeated on the most of the
 * other pages, else the start page's longest link list (a book's contents), else none.
 */
export function siteNavigation(
  start: PageFacts,
  others: readonly PageFacts[],
  scope: Scope,
  frames: readonly PageFacts[] = [],
): SiteNavigation | undefined {
  const largest = (candidates: { source: string; entries: NavEntry[] }[]) =>
    candidates
      .filter((c) => c.entries.length >= MIN_NAV_LINKS)
      .sort((a, b) => b.entries.length - a.entries.length)[0];
  const startNavs = start.navs
    .filter((c) => c.how !== 'list')
    .map((c) => ({ source: `start page ${c.how}`, entries: entriesOf(c, scope) }));
  const frameNavs = frames.map((f) => ({
    source: 'frame',
    entries: entriesOf({ how: 'frame', links: f.navs.flatMap((c) => c.links) }, scope),
  }));
  const fromStart = largest([...startNavs, ...frameNavs]);
  if (fromStart) return fromStart;
  const counts = new Map<string, { source: string; entries: NavEntry[]; pages: number }>();
  for (const page of others) {
    const seenOnPage = new Set<string>();
    for (const candidate of page.navs.filter((c) => c.how !== 'list')) {
      const entries = entriesOf(candidate, scope);
      if (entries.length < MIN_NAV_LINKS) continue;
      const signature = entries.map((e) => e.key).join('\n');
      if (seenOnPage.has(signature)) continue;
      seenOnPage.add(signature);
      const known = counts.get(signature) ?? { source: `common ${candidate.how}`, entries, pages: 0 };
      known.pages += 1;
      counts.set(signature, known);
    }
  }
  const common = [...counts.values()]
    .filter((c) => c.pages >= 2)
    .sort((a, b) => b.pages - a.pages || b.entries.length - a.entries.length)[0];
  if (common) return { source: common.source, entries: common.entries };
  const list = largest(
    start.navs
      .filter((c) => c.how === 'list')
      .map((c) => ({ source: 'start page list', entries: entriesOf(c, scope) })),
  );
  return list;
}
