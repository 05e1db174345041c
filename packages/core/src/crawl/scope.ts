/**
 * The crawl scope: the final start URL's origin plus its directory path prefix (a site under /docs/ stays
 * under /docs/), and the host aliases that name the same site (a production host named by the sitemap or the
 * start page's canonical, for a site served elsewhere, e.g. on 127.0.0.1:PORT). An alias maps a path prefix
 * on its host onto a path prefix on the crawled origin: (0atman.com, '/') -> '/0atman/' for a production
 * root mirrored under a sub-path, (adacompnus.github.io, '/summit-docs/') -> '/summit-docs/' when the paths
 * are the same. A URL on an alias host outside its prefix is not this site. Which evidence creates an alias
 * is decided in alias-evidence.ts; a plain link to another host never does.
 */

import { trimChars } from '../text-trim.js';
import type { HostAlias } from '../types.js';
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

/** The directory a file sits in: '/a/' for '/a/sitemap.xml' and '/a/b' (unlike basePathOf), '/a/b/' for '/a/b/'. */
export function directoryOf(pathname: string): string {
  return pathname.slice(0, pathname.lastIndexOf('/') + 1) || '/';
}

/** '/a/b/' whatever the slashes around `prefix`. */
function asDirectory(prefix: string): string {
  const trimmed = trimChars(prefix, '/');
  return trimmed ? `/${trimmed}/` : '/';
}

/** The URL `pathname` + `search` on `origin`; a path starting '//' stays a path (never a new host). */
function onOrigin(origin: string, pathname: string, search: string): URL {
  const url = new URL(origin);
  url.pathname = pathname;
  url.search = search;
  return url;
}

export class CrawlScope {
  readonly origin: string;
  readonly basePath: string;
  private readonly originUrl: URL;
  private readonly aliasByHost = new Map<string, HostAlias>();

  constructor(rootUrl: string) {
    const url = new URL(rootUrl);
    this.originUrl = url;
    this.origin = url.origin;
    this.basePath = basePathOf(url.pathname);
  }

  /** The crawled origin's host (with its port). */
  get host(): string {
    return this.originUrl.host;
  }

  get hostAliases(): string[] {
    return [...this.aliasByHost.keys()];
  }

  get aliases(): HostAlias[] {
    return [...this.aliasByHost.values()].map((alias) => ({ ...alias }));
  }

  isAlias(host: string): boolean {
    return this.aliasByHost.has(host.toLowerCase());
  }

  aliasOf(host: string): HostAlias | undefined {
    return this.aliasByHost.get(host.toLowerCase());
  }

  /**
   * Records that URLs on `host` under `fromPrefix` are this site's URLs under `toPrefix` (by default the
   * whole host with unchanged paths). A host gets one mapping: the first evidence wins. Returns true when new.
   */
  addAlias(host: string, fromPrefix = '/', toPrefix: string = fromPrefix): boolean {
    const lower = host.toLowerCase();
    if (lower === this.originUrl.host || this.aliasByHost.has(lower)) return false;
    this.aliasByHost.set(lower, {
      host: lower,
      fromPrefix: asDirectory(fromPrefix),
      toPrefix: asDirectory(toPrefix),
    });
    return true;
  }

  /** True when `pathname` is under the base path ('/docs' itself counts as '/docs/'). */
  pathInScope(pathname: string): boolean {
    return pathname.startsWith(this.basePath) || `${pathname}/` === this.basePath;
  }

  /**
   * The URL on the crawled origin that `url` names: itself on the origin, the same path on our host under the
   * other scheme, the mapped path on an alias host under its fromPrefix; otherwise undefined.
   */
  private mapParsed(url: URL): URL | undefined {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.origin === this.origin) return url;
    if (url.host === this.originUrl.host) return onOrigin(this.origin, url.pathname, url.search);
    const alias = this.aliasByHost.get(url.host);
    if (!alias) return undefined;
    const path = url.pathname;
    if (path.startsWith(alias.fromPrefix)) {
      return onOrigin(this.origin, alias.toPrefix + path.slice(alias.fromPrefix.length), url.search);
    }
    // '/docs' names the directory '/docs/' (see pathInScope).
    if (`${path}/` === alias.fromPrefix) {
      return onOrigin(this.origin, alias.toPrefix === '/' ? '/' : alias.toPrefix.slice(0, -1), url.search);
    }
    return undefined;
  }

  /**
   * Normalises `href` (relative to `base`), maps an alias host onto the crawled origin and returns it when it
   * is an http(s) URL in scope; otherwise undefined.
   */
  resolve(href: string, base?: string): string | undefined {
    const normalized = tryNormalizeUrl(href, base);
    if (!normalized) return undefined;
    const mapped = this.mapParsed(new URL(normalized));
    return mapped && this.pathInScope(mapped.pathname) ? mapped.href : undefined;
  }

  /** Rewrites a URL of this site onto the crawled origin even when out of scope (sitemaps, redirects, twins). */
  mapHost(href: string): string | undefined {
    const normalized = tryNormalizeUrl(href);
    if (!normalized) return undefined;
    return this.mapParsed(new URL(normalized))?.href;
  }

  /** The host of an http(s) URL that is neither the crawled origin's nor an alias; otherwise undefined. */
  foreignHost(href: string): string | undefined {
    const normalized = tryNormalizeUrl(href);
    if (!normalized) return undefined;
    const url = new URL(normalized);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.host === this.originUrl.host || this.aliasByHost.has(url.host)) return undefined;
    return url.host;
  }

  /**
   * For a URL on another host whose path is in scope, the host that would become a same-path alias;
   * undefined when the URL is on the crawled origin or an alias, not http(s), or its path is outside the base.
   */
  foreignHostInScope(href: string): string | undefined {
    const host = this.foreignHost(href);
    if (!host) return undefined;
    return this.pathInScope(new URL(tryNormalizeUrl(href)!).pathname) ? host : undefined;
  }
}

/** True when a crawlable page could live at this URL (http(s), no asset extension). */
export function mayBeHtml(url: string): boolean {
  return !hasNonHtmlExtension(url);
}
