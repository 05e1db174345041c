/**
 * Evidence that another host names this site, and the path mapping it implies. Only two sources count; a
 * plain link to another host never does (that is how third-party sites stay third-party):
 *
 * - the site's sitemap, when the host holds at least half of its locations:
 *   - a location whose path is already inside the scope: the same paths on both hosts (summit-docs served at
 *     /summit-docs/, production https://adacompnus.github.io/summit-docs/) -> (host, basePath) -> basePath;
 *   - otherwise, for a sitemap read inside the scope (the site's own, e.g. /0atman/sitemap.xml): the longest
 *     common directory of its locations is the directory the sitemap sits in (https://0atman.com/ ->
 *     /0atman/). A location equal to that directory (the home page) confirms it; without one, at least two
 *     locations are required.
 * - the canonical or og:url of a page: a URL in scope for that very page (or any page in scope for the start
 *   page) -> the same paths; for the start page a URL outside the scope whose last segment matches the start
 *   URL's -> its directory is the base path (https://0atman.com/ for http://127.0.0.1:PORT/0atman/).
 */

import { trimEndChars } from '../text-trim.js';
import type { HostAlias } from '../types.js';
import { tryNormalizeUrl } from './normalize-url.js';
import { basePathOf, type CrawlScope, directoryOf } from './scope.js';

export interface AliasEvidence extends HostAlias {
  /** Which rule found it (for the log). */
  rule:
    | 'sitemap same paths'
    | 'sitemap root'
    | 'sitemap common directory'
    | 'canonical same path'
    | 'start URL';
}

function httpUrl(href: string, base?: string): URL | undefined {
  const normalized = tryNormalizeUrl(href, base);
  if (!normalized) return undefined;
  const url = new URL(normalized);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/** Longest directory prefix shared by the paths ('/docs' counts as the directory '/docs/'). */
export function commonDirectory(paths: readonly string[]): string {
  let common: string[] | undefined;
  for (const path of paths) {
    const segments = basePathOf(path).split('/').slice(1, -1);
    if (!common) {
      common = segments;
      continue;
    }
    let shared = 0;
    while (shared < common.length && shared < segments.length && common[shared] === segments[shared])
      shared += 1;
    common = common.slice(0, shared);
  }
  return common && common.length > 0 ? `/${common.join('/')}/` : '/';
}

/** Aliases the locations of one sitemap document (read at `sitemapUrl` on the crawled origin) imply. */
export function sitemapAliases(
  scope: CrawlScope,
  locations: readonly string[],
  sitemapUrl: string,
): AliasEvidence[] {
  const pathsByHost = new Map<string, string[]>();
  let total = 0;
  for (const location of locations) {
    const url = httpUrl(location);
    if (!url) continue;
    total += 1;
    if (!scope.foreignHost(url.href)) continue;
    const paths = pathsByHost.get(url.host) ?? [];
    paths.push(url.pathname);
    pathsByHost.set(url.host, paths);
  }
  const sitemap = httpUrl(sitemapUrl);
  const sitemapDir = sitemap && sitemap.host === scope.host ? directoryOf(sitemap.pathname) : undefined;
  const found: AliasEvidence[] = [];
  for (const [host, paths] of pathsByHost) {
    // A few URLs on another host (a repository, a partner) are links, not this site's other name.
    if (paths.length * 2 < total) continue;
    if (paths.some((path) => scope.pathInScope(path))) {
      found.push({ host, fromPrefix: scope.basePath, toPrefix: scope.basePath, rule: 'sitemap same paths' });
      continue;
    }
    // A sitemap outside the scope (e.g. the origin's root /sitemap.xml) describes another site.
    if (!sitemapDir || !scope.pathInScope(sitemapDir)) continue;
    const fromPrefix = commonDirectory(paths);
    const isRoot = (path: string) => path === fromPrefix || `${path}/` === fromPrefix;
    const confirmed = paths.some(isRoot);
    if (!confirmed && paths.length < 2) continue;
    found.push({
      host,
      fromPrefix,
      toPrefix: sitemapDir,
      rule: confirmed ? 'sitemap root' : 'sitemap common directory',
    });
  }
  return found;
}

/**
 * The alias a page's canonical or og:url (`hint`) implies for the page at `pageUrl` (on the crawled origin),
 * or undefined.
 */
export function pageUrlAlias(
  scope: CrawlScope,
  hint: string | undefined,
  pageUrl: string,
  isStart: boolean,
): AliasEvidence | undefined {
  if (!hint) return undefined;
  const url = httpUrl(hint, pageUrl);
  if (!url || !scope.foreignHost(url.href)) return undefined;
  const pagePath = new URL(pageUrl).pathname;
  if (scope.pathInScope(url.pathname)) {
    const samePath = trimEndChars(url.pathname, '/') === trimEndChars(pagePath, '/');
    if (!samePath && !isStart) return undefined;
    return {
      host: url.host,
      fromPrefix: scope.basePath,
      toPrefix: scope.basePath,
      rule: 'canonical same path',
    };
  }
  if (!isStart) return undefined;
  // The start page says it is `url`: their directories are the same place, if the rest of the paths agree.
  const fromPrefix = basePathOf(url.pathname);
  const toPrefix = basePathOf(pagePath);
  if (url.pathname.slice(fromPrefix.length) !== pagePath.slice(toPrefix.length)) return undefined;
  if (!scope.pathInScope(toPrefix)) return undefined;
  return { host: url.host, fromPrefix, toPrefix, rule: 'start URL' };
}
