/**
 * The crawl scope: the final start URL's origin plus its directory path prefix (a site under /docs/ stays
 * under /docs/), and the host aliases that name the same site (a production host named by the sitemap or the
 * canonical links of a site served elsewhere, e.g. on 127.0.0.1:PORT). URLs on an alias host are rewritten
 * onto the crawled origin, path and query unchanged.
 */
import { hasNonHtmlExtension, tryNormalizeUrl } from './normalize-url.js';

/**
 * Directory prefix of a path: '/docs/' for '/docs/', '/docs/intro.html' and '/docs' (an extensionless last
 * segment is a directory served without its slash, as on sites that answer '/docs' directly); '/' for '/'.
 */
export function basePathOf(pathname: string): string {
  if (pathname.endsWith('/')) return pathname;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (!last.includes('.')) return `${pathname}/`;
  return pathname.slice(0, pathname.lastIndexOf('/') + 1) || '/';
}

export class CrawlScope {
  readonly origin: string;
  readonly basePath: string;
  private readonly originUrl: URL;
  private readonly aliases = new Set<string>();

  constructor(rootUrl: string) {
    const url = new URL(rootUrl);
    this.originUrl = url;
    this.origin = url.origin;
    this.basePath = basePathOf(url.pathname);
  }

  get hostAliases(): string[] {
    return [...this.aliases];
  }

  isAlias(host: string): boolean {
    return this.aliases.has(host.toLowerCase());
  }

  /** Records `host` as another name of the crawled site. Returns true when it is new. */
  addAlias(host: string): boolean {
    const lower = host.toLowerCase();
    if (lower === this.originUrl.host || this.aliases.has(lower)) return false;
    this.aliases.add(lower);
    return true;
  }

  /** True when `pathname` is under the base path ('/docs' itself counts as '/docs/'). */
  pathInScope(pathname: string): boolean {
    return pathname.startsWith(this.basePath) || `${pathname}/` === this.basePath;
  }

  /**
   * Normalises `href` (relative to `base`), maps an alias host onto the crawled origin and returns it when it
   * is an http(s) URL in scope; otherwise undefined.
   */
  resolve(href: string, base?: string): string | undefined {
    const normalized = tryNormalizeUrl(href, base);
    if (!normalized) return undefined;
    const url = new URL(normalized);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.origin !== this.origin) {
      // Another scheme on our own host (http vs https) is the same site; other hosts only when aliases.
      if (url.host !== this.originUrl.host && !this.aliases.has(url.host)) return undefined;
      const mapped = new URL(url.pathname + url.search, this.origin);
      return this.pathInScope(mapped.pathname) ? mapped.href : undefined;
    }
    return this.pathInScope(url.pathname) ? url.href : undefined;
  }

  /**
   * For a URL on another host whose path is in scope, the host that would become an alias; undefined when
   * the URL is on the crawled origin, not http(s), or its path is outside the base path.
   */
  foreignHostInScope(href: string): string | undefined {
    const normalized = tryNormalizeUrl(href);
    if (!normalized) return undefined;
    const url = new URL(normalized);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.host === this.originUrl.host || this.aliases.has(url.host)) return undefined;
    return this.pathInScope(url.pathname) ? url.host : undefined;
  }

  /** Rewrites an alias-host URL onto the crawled origin even when out of scope (for sitemap locations). */
  mapHost(href: string): string | undefined {
    const normalized = tryNormalizeUrl(href);
    if (!normalized) return undefined;
    const url = new URL(normalized);
    if (url.origin === this.origin) return url.href;
    if (url.host === this.originUrl.host || this.aliases.has(url.host))
      return new URL(url.pathname + url.search, this.origin).href;
    return undefined;
  }
}

/** True when a crawlable page could live at this URL (http(s), no asset extension). */
export function mayBeHtml(url: string): boolean {
  return !hasNonHtmlExtension(url);
}
