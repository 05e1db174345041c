/**
 * crawlSite: robots.txt -> start page (its final URL after redirects defines the scope: origin + directory
 * prefix) -> sitemaps -> breadth-first link crawl, with limits (pages, depth, bytes, request and job time),
 * p-limit concurrency and per-host politeness. Every page failure is recorded in `skipped`; only a start page
 * that cannot be crawled (or a crawl without a single HTML page) is an error.
 *
 * Decisions worth knowing:
 * - A page longer than maxBytesPerPage is kept truncated (page.truncated) and the limit is reported.
 * - A JavaScript-only page is kept with text '' and markdown '' (the generator warns about it).
 * - <meta name=robots content=noindex> pages are skipped (reason 'robots'); nofollow pages' links are ignored.
 * - A page's in-scope <link rel=canonical> becomes its URL (unless it points every page at the home page).
 * - Hosts that the site's sitemap or the start page's canonical/og:url name as this site are aliases of the
 *   crawled origin, with a path mapping (a production root mirrored under a sub-path maps onto that sub-path;
 *   rules in alias-evidence.ts). Links, sitemap locations, canonicals, twins and redirects on an alias host
 *   are rewritten onto the crawled origin (CrawlResult.hostAliases and .aliases). A plain link to another host
 *   never makes it an alias.
 * - A sitemap location naming another host is read on the crawled origin: under the base path first when it
 *   does not already sit there (the sitemap of a production root mirrored under a sub-path), then at the
 *   same path.
 * - Sitemap URLs are crawled at the depth of their path below the base path (capped at maxDepth); link depth
 *   wins when smaller.
 */
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import {
  AbortedError,
  EmptySiteError,
  FetchError,
  type LtxError,
  PageBudgetError,
  TimeoutError,
  toLtxError,
} from '../errors.js';
import type { ExtractedPage } from '../extract/extract-page.js';
import type { NavItem } from '../extract/nav-blocks.js';
import { extractInPool } from '../extract/pool.js';
import { rankPages, sortByRank } from '../extract/rank.js';
import { finalizeTitles } from '../extract/titles.js';
import { sha256 } from '../hash.js';
import { silentLogger } from '../logger.js';
import { type CoreSettings, type JobOptions, type Limits, resolveLimits, USER_AGENT } from '../options.js';
import { hashRouteHrefs, type ShellSignal, shellSignals } from '../site/needs-js.js';
import { humanizeSlug } from '../site/slug.js';
import { crawlDeferral, segmentsBelow } from '../site/url-signals.js';
import type { CrawledPage, CrawlResult, HostAlias, LimitName, Progress, SkippedUrl } from '../types.js';
import { webDateToIso } from '../web-date.js';
import { type AliasEvidence, pageUrlAlias, sitemapAliases } from './alias-evidence.js';
import { Frontier, type FrontierItem } from './frontier.js';
import { fetchTwin, markdownLinkHeader, TWIN_PATTERNS, type TwinPattern, twinUrl } from './markdown-twin.js';
import {
  documentUrlOf,
  hashRoute,
  hasNonHtmlExtension,
  normalizeUrl,
  tryNormalizeUrl,
  urlKey,
} from './normalize-url.js';
import { acquirePageSlot } from './page-slots.js';
import { HostPoliteness } from './politeness.js';
import type {
  RefusedRequest,
  Renderer,
  RenderFetchRequest,
  RenderFetchResponse,
  RenderMode,
  RenderReport,
  RenderSession,
} from './renderer.js';
import { requestParty } from './request-party.js';
import { loadRobots, type RobotsRules, robotsToken } from './robots.js';
import { type FetchedText, fetchText, type SafeFetchOptions, safeFetch } from './safe-fetch.js';
import { CrawlScope, directoryOf } from './scope.js';
import { loadSitemaps, type SitemapEntry } from './sitemap.js';
import { assertCrawlableUrl, type LookupFn, parseHttpUrl } from './ssrf.js';

/** Rendering limits of one crawl (defaults below). */
export interface RenderLimits {
  /** Time for one page to settle in the browser before its DOM is taken as it is. */
  renderTimeoutMs: number;
  /** Pages rendered per job; the rest are kept as served (and named in the report). */
  maxRenderedPages: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = { renderTimeoutMs: 10_000, maxRenderedPages: 200 };

/** Renders that may fail in one crawl before it stops rendering (a browser that cannot start, a broken site). */
const MAX_RENDER_FAILURES = 3;

/** Refused browser requests kept (with URL and reason) in the report; the count has them all. */
const MAX_REFUSED_LISTED = 50;

/** Browser resource types never fetched (aborted in the browser too): the text does not need them. */
const ABORTED_RESOURCE_TYPES = new Set([
  'image',
  'media',
  'font',
  'websocket',
  'manifest',
  'eventsource',
  'texttrack',
  'beacon',
  'ping',
  'other',
]);

/** A start page that is a meta refresh (or a same-origin canonical elsewhere) is followed this many hops. */
export const MAX_START_HOPS = 3;

export interface CrawlContext {
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  settings?: CoreSettings | undefined;
  onProgress?: ((progress: Progress) => void) | undefined;
  /** DNS resolver for the SSRF guard (tests only). */
  lookup?: LookupFn | undefined;
  /**
   * The crawl's own time limit in ms (default: the job's whole jobTimeoutMs). generate() passes a share of the
   * job's time (CRAWL_TIME_SHARE) so that a slow site ends its crawl early, with 'jobTimeoutMs' in limitsHit,
   * and the model and validation still have time before the job's own timer fires.
   */
  timeLimitMs?: number | undefined;
  /** The browser for pages that need JavaScript (@ltx/render); absent: such pages are kept as served. */
  renderer?: Renderer | undefined;
  /** LTX_RENDER (default 'auto'). */
  renderMode?: RenderMode | undefined;
  renderLimits?: Partial<RenderLimits> | undefined;
  /** Hosts besides the site the browser may reach (the job's renderAllowHosts; see request-party.ts). */
  renderAllowHosts?: readonly string[] | undefined;
}

/** A page as fetched and extracted, before cross-page post-processing. */
interface PageRecord {
  url: string;
  keys: string[];
  depth: number;
  order: number;
  extracted: ExtractedPage;
  bytes: number;
  truncated: boolean;
  markdownUrl: string | undefined;
  markdown: string;
  lastModified: string | undefined;
  isStart: boolean;
  /** The served HTML needed JavaScript. */
  needsJs: boolean;
  /** The page's content comes from the rendered DOM. */
  rendered: boolean;
}

class RobotsDisallowedError extends FetchError {
  constructor(url: string, rules: RobotsRules) {
    super(
      'robots_disallowed',
      url,
      rules.status === 'unreachable'
        ? `${rules.url} is unreachable, so the whole site counts as disallowed (RFC 9309): ${rules.error?.message ?? ''}`
        : `${rules.url} disallows ${url} for our user agent`,
      { retryable: rules.status === 'unreachable' },
    );
  }
}

/** A redirect left the crawl scope: the request is not made. */
class LeftScopeError extends FetchError {
  constructor(target: string) {
    super('fetch_failed', target, `redirected out of the crawl scope to ${target}`);
  }
}

/** A redirect landed on a page that is already crawled: the request is not made. */
class AlreadyCrawledError extends FetchError {
  constructor(target: string, owner: string) {
    super('fetch_failed', target, `redirects to ${owner}, already crawled`);
  }
}

const HTML_KINDS = ['html'] as const;

function skipReason(error: LtxError): SkippedUrl['reason'] {
  if (error instanceof LeftScopeError) return 'out_of_scope';
  if (error instanceof AlreadyCrawledError) return 'duplicate';
  switch (error.code) {
    case 'robots_disallowed':
      return 'robots';
    case 'http_error':
      return 'http_error';
    case 'timeout':
      return 'timeout';
    case 'blocked_host':
      return 'blocked_host';
    case 'not_html':
      return 'not_html';
    case 'too_large':
      return 'too_large';
    case 'too_many_redirects':
      return (error.details as { loop?: boolean } | undefined)?.loop ? 'redirect_loop' : 'too_many_redirects';
    case 'aborted':
      return 'limit';
    default:
      return 'fetch_failed';
  }
}

/** Crawls the site at `url` within the job's limits. See the module comment for the rules. */
export async function crawlSite(
  url: string,
  options: JobOptions = {},
  ctx: CrawlContext = {},
): Promise<CrawlResult> {
  const crawler = new Crawler(url, resolveLimits(options), {
    ...ctx,
    renderMode: options.render ?? ctx.renderMode,
    renderAllowHosts: options.renderAllowHosts ?? ctx.renderAllowHosts,
    renderLimits: {
      ...ctx.renderLimits,
      ...(options.renderTimeoutMs ? { renderTimeoutMs: options.renderTimeoutMs } : {}),
      ...(options.maxRenderedPages ? { maxRenderedPages: options.maxRenderedPages } : {}),
    },
  });
  return crawler.run();
}

class Crawler {
  private readonly logger: Logger;
  private readonly settings: CoreSettings;
  private readonly userAgent: string;
  private readonly started = Date.now();
  private readonly jobTimeout: AbortSignal;
  private readonly timeLimitMs: number;
  private readonly signal: AbortSignal;
  private readonly robots = new Map<string, Promise<RobotsRules>>();
  private readonly politeness: HostPoliteness;
  private readonly crawlDelays = new Map<string, number>();
  private readonly frontier = new Frontier();
  private readonly skipped: SkippedUrl[] = [];
  private readonly skippedKeys = new Set<string>();
  private readonly limitsHit = new Set<LimitName>();
  /** Keys owned by a fetched page (fetch URL, final URL, canonical URL). */
  private readonly claimed = new Map<string, PageRecord>();
  private readonly pages: PageRecord[] = [];
  /** In-scope URLs beyond maxDepth (reported when nothing shallower found them). */
  private readonly tooDeep = new Map<string, string>();
  /** Links to other hosts whose paths are in scope, kept in case the host turns out to be an alias. */
  private readonly offsite = new Map<string, { href: string; depth: number }[]>();
  private readonly sitemapInfo = new Map<string, SitemapEntry>();
  private scope!: CrawlScope;
  private twinPattern: TwinPattern | 'alternate' | undefined;
  private sitemapUrls = 0;
  /** URLs of another language or version than the start page's: crawled last. */
  private deferred: (url: string) => boolean = () => false;
  private robotsOfRoot: RobotsRules | undefined;
  private fetchCount = 0;
  private readonly renderMode: RenderMode;
  private readonly renderLimits: RenderLimits;
  /** Hosts besides the site whose requests the browser may make (the job's renderAllowHosts). */
  private readonly renderAllowHosts: readonly string[];
  private renderSession: Promise<RenderSession> | undefined;
  private renderFailed = false;
  private renderFailures = 0;
  private readonly render = {
    needed: [] as string[],
    notRendered: [] as string[],
    rendered: 0,
    refusedCount: 0,
    refused: [] as RefusedRequest[],
    blocked: { byType: 0, trackers: 0, thirdParty: 0, hosts: [] as string[] },
    renderMs: 0,
  };
  /** Served documents of hash-routed apps by document key: each route renders the same HTML (one fetch). */
  private readonly routeDocuments = new Map<string, FetchedText>();
  /** Page URL -> [needs JavaScript, rendered], set by renderIfNeeded for acceptPage. */
  private readonly renderState = new WeakMap<ExtractedPage, { needsJs: boolean; rendered: boolean }>();

  constructor(
    private readonly input: string,
    private readonly limits: Limits,
    private readonly ctx: CrawlContext,
  ) {
    this.logger = ctx.logger ?? silentLogger;
    this.settings = ctx.settings ?? {};
    this.userAgent = this.settings.userAgent ?? USER_AGENT;
    this.timeLimitMs = Math.max(1, Math.round(ctx.timeLimitMs ?? limits.jobTimeoutMs));
    this.jobTimeout = AbortSignal.timeout(this.timeLimitMs);
    this.signal = ctx.signal ? AbortSignal.any([ctx.signal, this.jobTimeout]) : this.jobTimeout;
    this.renderMode = ctx.renderMode ?? 'auto';
    this.renderLimits = { ...DEFAULT_RENDER_LIMITS, ...ctx.renderLimits };
    this.renderAllowHosts = ctx.renderAllowHosts ?? [];
    this.politeness = new HostPoliteness((host) =>
      Math.max(limits.perHostDelayMs, this.crawlDelays.get(host) ?? 0),
    );
  }

  async run(): Promise<CrawlResult> {
    try {
      return await this.runCrawl();
    } finally {
      await this.closeRenderSession();
    }
  }

  private async runCrawl(): Promise<CrawlResult> {
    const startUrl = normalizeUrl(parseHttpUrl(this.input, this.limits.maxUrlLength));
    await assertCrawlableUrl(startUrl, this.settings, {
      maxUrlLength: this.limits.maxUrlLength,
      lookup: this.ctx.lookup,
    });
    this.logger.debug({ url: startUrl, limits: this.limits }, 'crawl start');

    let start = await this.fetchStart(startUrl);
    let startExtract = await this.extractStart(start.response.text, normalizeUrl(start.response.url));
    // A start page that only sends the reader on (meta refresh, or a canonical elsewhere on the same site)
    // is followed a few hops, never out of the first page's scope; the page it lands on is the start.
    const firstScope = new CrawlScope(normalizeUrl(start.response.url));
    const stubs: string[] = [];
    for (let hop = 0; hop < MAX_START_HOPS; hop++) {
      const current = normalizeUrl(start.response.url);
      const target = this.startHop(startExtract, current, firstScope);
      if (!target || stubs.includes(target)) break;
      let next: { response: FetchedText };
      try {
        next = await this.fetchStart(target);
      } catch (error) {
        this.logger.debug({ from: current, to: target, err: toLtxError(error).message }, 'start hop failed');
        break;
      }
      const landed = normalizeUrl(next.response.url);
      if (new URL(landed).origin !== firstScope.origin || !firstScope.pathInScope(new URL(landed).pathname))
        break;
      this.logger.debug({ from: current, to: landed }, 'start page forwards: followed');
      stubs.push(current);
      start = next;
      startExtract = await this.extractStart(next.response.text, landed);
    }
    const rootUrl = normalizeUrl(start.response.url);
    this.scope = new CrawlScope(rootUrl);
    for (const stub of stubs) this.frontier.claim(urlKey(stub));
    startExtract = await this.renderIfNeeded(start.response, startExtract);
    this.deferred = crawlDeferral({
      url: rootUrl,
      basePath: this.scope.basePath,
      lang: startExtract.lang,
      alternates: startExtract.alternates,
    });
    this.robotsOfRoot = await this.robotsFor(new URL(rootUrl).origin);

    const startItem: FrontierItem = {
      url: startUrl,
      key: urlKey(startUrl),
      depth: 0,
      seq: -1,
      via: 'start',
      taken: true,
    };
    this.frontier.claim(startItem.key);
    this.frontier.claim(urlKey(rootUrl));
    // The host the user named redirected here: links that still name it are this site.
    const startHost = new URL(startUrl).host;
    if (startHost !== new URL(rootUrl).host)
      this.addAlias({ host: startHost, fromPrefix: '/', toPrefix: '/' }, 'start redirect');
    for (const hint of [startExtract.canonical, startExtract.ogUrl]) {
      const alias = pageUrlAlias(this.scope, hint, rootUrl, true);
      if (alias) this.addAlias(alias, `start page ${alias.rule}`);
    }

    await this.discoverSitemaps();
    if (this.ctx.signal?.aborted) throw new AbortedError('crawl aborted by the caller');
    // A noindex start page is left out, but its links are still followed (unless nofollow).
    await this.acceptPage(startItem, start.response, startExtract, true);
    this.enqueueSitemapEntries();
    this.progress();

    await this.crawlFrontier();
    if (this.ctx.signal?.aborted) throw new AbortedError('crawl aborted by the caller');
    return this.finish(startUrl, rootUrl);
  }

  /** Where a start page forwards to: its meta refresh, else a same-origin canonical to another page in scope. */
  private startHop(extract: ExtractedPage, current: string, scope: CrawlScope): string | undefined {
    for (const hint of [extract.refresh, extract.canonical]) {
      const target = hint ? tryNormalizeUrl(hint) : undefined;
      if (!target || urlKey(target) === urlKey(current)) continue;
      const url = new URL(target);
      if (url.origin !== scope.origin || !scope.pathInScope(url.pathname) || hasNonHtmlExtension(target))
        continue;
      if (hint === extract.canonical && extract.text.length > 400) continue; // a real page that names another
      return target;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- fetching

  /**
   * Options for one guarded fetch. 'page' fetches (pages and their twins) may not leave the scope, not even
   * by a redirect, and stop when a redirect lands on a page already crawled; 'resource' fetches (sitemaps)
   * may read anything on the origin.
   */
  private fetchOptions(mode: 'page' | 'resource' = 'page'): SafeFetchOptions {
    let hops = 0;
    return {
      signal: this.signal,
      settings: this.settings,
      requestTimeoutMs: this.limits.requestTimeoutMs,
      maxBytes: this.limits.maxBytesPerPage,
      maxRedirects: this.limits.maxRedirects,
      maxUrlLength: this.limits.maxUrlLength,
      logger: this.logger,
      lookup: this.ctx.lookup,
      beforeRequest: async (url) => {
        const redirected = hops > 0;
        hops += 1;
        const scope = this.scope as CrawlScope | undefined;
        if (mode === 'page' && scope) {
          if (url.origin !== scope.origin || !scope.pathInScope(url.pathname))
            throw new LeftScopeError(url.href);
          const owner = redirected ? this.claimed.get(urlKey(normalizeUrl(url))) : undefined;
          if (owner) throw new AlreadyCrawledError(url.href, owner.url);
        }
        await this.beforeRequest(url);
      },
      // A redirect to the production host of this site comes back to the crawled origin.
      rewriteRedirect: (target) => {
        const scope = this.scope as CrawlScope | undefined;
        return scope?.isAlias(target.host) ? scope.mapHost(target.href) : undefined;
      },
    };
  }

  // ---------------------------------------------------------------- rendering

  /**
   * A page whose served HTML needs JavaScript (or every page with renderMode 'always') is rendered in the
   * browser, within the per-job cap, and its DOM extracted like any page: its links join the frontier through
   * acceptPage. Without a renderer (or with 'off') the page is kept as served and named in the report. A render
   * that fails keeps the served page too; a browser that fails to open stops rendering for this crawl.
   */
  private async renderIfNeeded(response: FetchedText, served: ExtractedPage): Promise<ExtractedPage> {
    const signals = shellSignals({ html: response.text, text: served.text, links: served.links });
    const needsJs = signals.length > 0;
    const url = normalizeUrl(response.url);
    if (needsJs) this.render.needed.push(url);
    this.renderState.set(served, { needsJs, rendered: false });
    const wanted = this.renderMode === 'always' || (this.renderMode === 'auto' && needsJs);
    const rendered = wanted ? await this.renderDom(response, url, needsJs, signals) : undefined;
    if (!rendered) {
      if (needsJs) this.render.notRendered.push(url);
      // The routes of a hash-routed app cannot be told apart without its script: named, not crawled.
      if (signals.includes('hash-routes')) this.reportUnrenderedRoutes(response);
      return served;
    }
    return rendered;
  }

  /**
   * One route of a hash-routed app ('/#/guide'): its document (fetched once per crawl) rendered at the route,
   * so that the script shows that route's content. Not rendered (no browser left, the per-job cap, a failed
   * render): the route is named in the report and skipped, since its served HTML is the document's own.
   */
  private async crawlRoute(item: FrontierItem): Promise<void> {
    const documentKey = urlKey(documentUrlOf(item.url));
    let response = this.routeDocuments.get(documentKey);
    if (!response) {
      response = await fetchText(documentUrlOf(item.url), this.fetchOptions());
      if (response.kind !== 'html') {
        this.skip(item.url, 'not_html', response.contentType || 'no content type');
        return;
      }
      this.routeDocuments.set(documentKey, response);
    }
    this.render.needed.push(item.url);
    const rendered = await this.renderDom(response, item.url, true, ['hash-routes']);
    if (!rendered) {
      this.render.notRendered.push(item.url);
      this.skip(item.url, 'limit', 'a hash route that was not rendered (its served HTML is its document)');
      return;
    }
    await this.acceptPage(item, response, rendered, false);
  }

  /** Names the hash routes of a served page that was not rendered as pages that needed JavaScript. */
  private reportUnrenderedRoutes(response: FetchedText): void {
    for (const href of hashRouteHrefs(response.text)) {
      const route = this.scope ? this.scope.resolve(href, response.url) : tryNormalizeUrl(href, response.url);
      if (!route || !hashRoute(new URL(route).hash) || this.render.needed.includes(route)) continue;
      this.render.needed.push(route);
      this.render.notRendered.push(route);
    }
  }

  /**
   * Renders `url` (a page, or a route of a hash-routed app) in the browser within the per-job cap and extracts
   * its DOM, with hash routes kept on its links; undefined when it was not rendered (no renderer, the cap, a
   * failure: see renderIfNeeded).
   */
  private async renderDom(
    response: FetchedText,
    url: string,
    needsJs: boolean,
    signals: readonly ShellSignal[],
  ): Promise<ExtractedPage | undefined> {
    const renderer = this.ctx.renderer;
    if (!renderer || this.renderFailed || this.render.rendered >= this.renderLimits.maxRenderedPages) {
      if (renderer && !this.renderFailed && this.render.rendered >= this.renderLimits.maxRenderedPages)
        this.limitsHit.add('maxRenderedPages');
      return undefined;
    }
    this.render.rendered += 1;
    const started = performance.now();
    const target = hashRoute(new URL(url).hash) ? url : response.url;
    try {
      this.renderSession ??= renderer.openSession(this.signal);
      const session = await this.renderSession;
      const page = await session.render({
        url: target,
        html: response.text,
        timeoutMs: this.renderLimits.renderTimeoutMs,
        fetch: (request) => this.renderFetch(request),
      });
      this.logger.debug(
        {
          url,
          signals,
          ms: Math.round(page.durationMs),
          timedOut: page.timedOut,
          fetched: page.fetched,
          aborted: page.aborted,
        },
        'page rendered',
      );
      if (page.timedOut) this.limitsHit.add('renderTimeoutMs');
      const extracted = await this.extract(page.html, target, { keepHashRoutes: true });
      if (extracted.links.some((link) => hashRoute(new URL(link).hash)))
        this.routeDocuments.set(urlKey(documentUrlOf(url)), response);
      this.renderState.set(extracted, { needsJs, rendered: true });
      return extracted;
    } catch (error) {
      if (error instanceof PageBudgetError) throw error;
      this.render.rendered -= 1;
      const ltx = toLtxError(error);
      if (this.signal.aborted) throw ltx;
      this.logger.warn({ url, err: ltx.message }, 'render failed: the page is kept as served');
      // A crashed or restarted browser leaves this context dead: the next page opens a fresh one (the
      // renderer relaunches the browser). After MAX_RENDER_FAILURES failures the crawl renders no more.
      this.renderFailures += 1;
      if (this.renderFailures >= MAX_RENDER_FAILURES) this.renderFailed = true;
      await this.closeRenderSession();
      return undefined;
    } finally {
      this.render.renderMs += performance.now() - started;
    }
  }

  /**
   * A request from the browser, made through the guarded fetch (SSRF policy, robots, politeness, byte limit).
   * Images, fonts and media are never fetched; a refusal by the guard or robots is counted and rethrown (the
   * renderer aborts the request: the page gets nothing).
   */
  private async renderFetch(request: RenderFetchRequest): Promise<RenderFetchResponse> {
    const blocked = this.render.blocked;
    if (ABORTED_RESOURCE_TYPES.has(request.resourceType)) {
      blocked.byType += 1;
      throw new FetchError('not_html', request.url, `${request.resourceType} requests are not fetched`);
    }
    const target = URL.canParse(request.url) ? new URL(request.url) : undefined;
    const party = target
      ? requestParty(target, {
          siteHosts: [new URL(this.scope.origin).host, ...this.scope.hostAliases],
          allowHosts: this.renderAllowHosts,
        })
      : 'site';
    if (target && (party === 'tracker' || party === 'third-party')) {
      // The guard's verdict first (no connection is made): an address it refuses (another loopback port, a
      // private range, the metadata service) is reported as refused, an SSRF attempt, not as a third party.
      try {
        await assertCrawlableUrl(target.href, this.settings, {
          maxUrlLength: this.limits.maxUrlLength,
          lookup: this.ctx.lookup,
        });
      } catch (error) {
        const ltx = toLtxError(error);
        if (ltx.code === 'blocked_host' || ltx.code === 'invalid_url') this.refuse(request.url, ltx.message);
        throw ltx;
      }
      if (party === 'tracker') blocked.trackers += 1;
      else blocked.thirdParty += 1;
      if (blocked.hosts.length < MAX_REFUSED_LISTED && !blocked.hosts.includes(target.host))
        blocked.hosts.push(target.host);
      this.logger.debug({ url: request.url, party }, 'browser request aborted');
      throw new FetchError('fetch_failed', request.url, `a ${party} request is not made`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      this.refuse(request.url, `${request.method} requests are not made`);
      throw new FetchError('fetch_failed', request.url, `${request.method} requests are not made`);
    }
    try {
      const response = await safeFetch(request.url, {
        ...this.fetchOptions('resource'),
        method: request.method,
        accept: '*/*',
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key] = value;
      });
      // The body is decoded already: the browser must not decode it again.
      delete headers['content-encoding'];
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      return { status: response.status, headers, body: response.body };
    } catch (error) {
      const ltx = toLtxError(error);
      if (ltx.code === 'blocked_host' || ltx.code === 'robots_disallowed' || ltx.code === 'invalid_url') {
        this.refuse(request.url, ltx.message);
      }
      throw ltx;
    }
  }

  private refuse(url: string, reason: string): void {
    this.render.refusedCount += 1;
    if (this.render.refused.length < MAX_REFUSED_LISTED) this.render.refused.push({ url, reason });
    this.logger.info({ url, reason }, 'browser request refused');
  }

  private async closeRenderSession(): Promise<void> {
    const session = this.renderSession;
    this.renderSession = undefined;
    if (!session) return;
    try {
      await (await session).close();
    } catch (error) {
      this.logger.debug({ err: toLtxError(error).message }, 'render session close failed');
    }
  }

  private renderReport(): RenderReport | undefined {
    if (this.render.needed.length === 0 && this.render.rendered === 0 && this.render.refusedCount === 0)
      return undefined;
    return {
      mode: this.renderMode,
      available: this.ctx.renderer !== undefined,
      needed: this.render.needed,
      rendered: this.render.rendered,
      notRendered: [...new Set(this.render.notRendered)],
      refusedCount: this.render.refusedCount,
      refused: this.render.refused,
      blocked: this.render.blocked,
      renderMs: Math.round(this.render.renderMs),
    };
  }

  private robotsFor(origin: string): Promise<RobotsRules> {
    let rules = this.robots.get(origin);
    if (!rules) {
      rules = loadRobots(origin, {
        signal: this.signal,
        settings: this.settings,
        requestTimeoutMs: this.limits.requestTimeoutMs,
        maxRedirects: this.limits.maxRedirects,
        maxUrlLength: this.limits.maxUrlLength,
        logger: this.logger,
        lookup: this.ctx.lookup,
      }).then((loaded) => {
        const host = new URL(origin).host;
        if (loaded.crawlDelayMs) this.crawlDelays.set(host, loaded.crawlDelayMs);
        this.logger.debug(
          {
            origin,
            status: loaded.status,
            crawlDelayMs: loaded.crawlDelayMs,
            sitemaps: loaded.sitemaps.length,
          },
          'robots.txt',
        );
        return loaded;
      });
      this.robots.set(origin, rules);
    }
    return rules;
  }

  /** Runs before every request and redirect hop: robots rules of that origin, then the host's politeness delay. */
  private async beforeRequest(url: URL): Promise<void> {
    const rules = await this.robotsFor(url.origin);
    if (!rules.isAllowed(url.href)) throw new RobotsDisallowedError(url.href, rules);
    await this.politeness.wait(url.host, this.signal);
    this.fetchCount += 1;
  }

  private ensureNotAborted(step: 'read' | 'extracted' = 'read', url?: string): void {
    if (this.ctx.signal?.aborted) throw new AbortedError('crawl aborted by the caller');
    if (this.jobTimeout.aborted) {
      throw new TimeoutError(
        `the crawl ran out of time (${this.timeLimitMs} ms of jobTimeoutMs = ${this.limits.jobTimeoutMs} ms) before the start page${url ? ` ${url}` : ''} was ${step}`,
      );
    }
  }

  /** extract() for a start page: out of time or aborted says so (a heavy start page says itself). */
  private async extractStart(html: string, url: string): Promise<ExtractedPage> {
    try {
      return await this.extract(html, url);
    } catch (error) {
      if (!(error instanceof PageBudgetError)) this.ensureNotAborted('extracted', url);
      throw error;
    }
  }

  /**
   * Parses and extracts one page in the extraction thread pool (extract/pool.ts) within the per-page caps and
   * CPU budget; the caps it hit join limitsHit. Rejects with PageBudgetError when over budget.
   */
  private async extract(
    html: string,
    url: string,
    extra: { keepHashRoutes?: boolean } = {},
  ): Promise<ExtractedPage> {
    const started = performance.now();
    const extracted = await extractInPool(
      {
        html,
        url,
        options: {
          ...extra,
          robotsToken: robotsToken(this.userAgent),
          caps: {
            maxElements: this.limits.maxElementsPerPage,
            maxLinks: this.limits.maxLinksPerPage,
            maxDepth: this.limits.maxElementDepth,
          },
        },
      },
      { budgetMs: this.limits.pageCpuBudgetMs, signal: this.signal },
    );
    for (const limit of extracted.limitsHit ?? []) this.limitsHit.add(limit);
    if (extracted.limitsHit) this.logger.debug({ url, limitsHit: extracted.limitsHit }, 'page capped');
    this.logger.trace(
      { url, ms: Math.round(performance.now() - started), bytes: html.length },
      'page extracted',
    );
    return extracted;
  }

  private async fetchStart(startUrl: string): Promise<{ response: FetchedText }> {
    try {
      const response = await fetchText(startUrl, { ...this.fetchOptions(), expect: HTML_KINDS });
      return { response };
    } catch (error) {
      this.ensureNotAborted();
      const ltx = toLtxError(error);
      if (ltx instanceof FetchError && ltx.code === 'not_html') {
        throw new FetchError('not_html', startUrl, `the start URL is not an HTML page: ${ltx.message}`, {
          cause: ltx,
          status: ltx.status,
        });
      }
      if (ltx instanceof FetchError && ltx.code === 'http_error') {
        throw new FetchError(
          'http_error',
          startUrl,
          `the start URL ${startUrl} answered HTTP ${ltx.status}`,
          {
            cause: ltx,
            status: ltx.status,
            retryable: ltx.retryable,
            retryAfterMs: ltx.retryAfterMs,
          },
        );
      }
      throw ltx;
    }
  }

  // ---------------------------------------------------------------- discovery

  private addAlias(alias: HostAlias | AliasEvidence, source: string): void {
    if (!this.scope.addAlias(alias.host, alias.fromPrefix, alias.toPrefix)) return;
    this.logger.debug({ ...this.scope.aliasOf(alias.host), source }, 'host alias');
    const pending = this.offsite.get(alias.host) ?? [];
    this.offsite.delete(alias.host);
    for (const { href, depth } of pending) this.enqueue(href, depth, 'link');
  }

  /**
   * Sitemaps named by robots.txt, else /sitemap.xml and <basePath>sitemap.xml. When none of them lists a page
   * in scope, the base path's own sitemap.xml is read too (robots.txt at the origin root may describe
   * another site than the one under the base path).
   */
  private async discoverSitemaps(): Promise<void> {
    const origin = this.scope.origin;
    const rules = this.robotsOfRoot;
    const ownSitemap = `${origin}${this.scope.basePath}sitemap.xml`;
    const candidates = rules?.sitemaps.length
      ? rules.sitemaps
      : [...new Set([`${origin}/sitemap.xml`, ownSitemap])];
    const tried = await this.readSitemaps(candidates);
    if (this.sitemapUrls === 0 && this.scope.basePath !== '/' && !tried.has(ownSitemap))
      await this.readSitemaps([ownSitemap]);
  }

  /** Where a sitemap location is read: the alias mapping, else on the crawled origin (see the module comment). */
  private sitemapLocations(location: string, parent: string | undefined): string[] | undefined {
    const origin = this.scope.origin;
    const normalized = tryNormalizeUrl(location, parent ?? origin);
    if (!normalized) return undefined;
    const mapped = this.scope.mapHost(normalized);
    if (mapped) return [mapped];
    const url = new URL(normalized);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const at = (pathname: string): string => {
      const onOrigin = new URL(origin);
      onOrigin.pathname = pathname;
      onOrigin.search = url.search;
      return onOrigin.href;
    };
    const dir = parent ? directoryOf(new URL(parent).pathname) : this.scope.basePath;
    if (dir === '/' || url.pathname.startsWith(dir)) return [at(url.pathname)];
    return [at(dir + url.pathname.slice(1)), at(url.pathname)];
  }

  /** Reads sitemaps, learns host aliases from each top-level document, records the entries in scope. */
  private async readSitemaps(candidates: readonly string[]): Promise<Set<string>> {
    let loaded: Awaited<ReturnType<typeof loadSitemaps>>;
    try {
      loaded = await loadSitemaps(candidates, {
        fetch: { ...this.fetchOptions('resource'), maxBytes: undefined },
        mapUrl: (location, parent) => this.sitemapLocations(location, parent),
        logger: this.logger,
      });
    } catch (error) {
      if (error instanceof AbortedError) return new Set();
      throw error;
    }
    const locationsBySitemap = new Map<string, string[]>();
    for (const entry of loaded.entries) {
      const sitemap = entry.sitemap ?? '';
      const list = locationsBySitemap.get(sitemap) ?? [];
      list.push(entry.loc);
      locationsBySitemap.set(sitemap, list);
    }
    for (const [sitemap, locations] of locationsBySitemap) {
      for (const alias of sitemapAliases(this.scope, locations, sitemap))
        this.addAlias(alias, `${alias.rule} (${sitemap})`);
    }
    let inScope = 0;
    for (const entry of loaded.entries) {
      const resolved = this.scope.resolve(entry.loc);
      if (!resolved) continue;
      inScope += 1;
      this.sitemapInfo.set(urlKey(resolved), { ...entry, loc: resolved });
    }
    this.sitemapUrls += inScope;
    this.logger.debug({ files: loaded.files, failed: loaded.failed, urls: inScope }, 'sitemaps');
    return new Set([...loaded.files, ...loaded.failed.map((failure) => failure.url)]);
  }

  private enqueueSitemapEntries(): void {
    for (const entry of this.sitemapInfo.values()) {
      const below = new URL(entry.loc).pathname.slice(this.scope.basePath.length);
      const segments = below.split('/').filter(Boolean).length;
      this.enqueue(entry.loc, Math.max(1, Math.min(segments, this.limits.maxDepth)), 'sitemap');
    }
  }

  /** Adds an in-scope URL to the frontier (or records why not). */
  private enqueue(href: string, depth: number, via: FrontierItem['via']): void {
    const resolved = this.scope.resolve(href);
    if (!resolved) {
      const host = this.scope.foreignHostInScope(href);
      if (host) {
        const list = this.offsite.get(host) ?? [];
        if (list.length < 10_000) list.push({ href, depth });
        this.offsite.set(host, list);
      }
      return;
    }
    const key = urlKey(resolved);
    if (this.claimed.has(key)) return;
    if (hasNonHtmlExtension(resolved)) {
      this.skip(resolved, 'not_html', 'file extension');
      return;
    }
    if (depth > this.limits.maxDepth) {
      if (!this.frontier.has(key)) {
        this.tooDeep.set(key, resolved);
        this.limitsHit.add('maxDepth');
      }
      return;
    }
    this.tooDeep.delete(key);
    this.frontier.add(resolved, key, depth, via, this.deferred(resolved));
  }

  // ---------------------------------------------------------------- the crawl loop

  /**
   * Fetches the frontier with p-limit as the only concurrency cap. A task takes its URL when it starts, not
   * when it is queued, so the frontier's order (shallowest first, a URL found again shallower moves up) decides
   * what runs next; one task is queued per URL waiting, and no more than can still become pages (maxPages).
   */
  private async crawlFrontier(): Promise<void> {
    const limit = pLimit(this.limits.concurrency);
    const tasks = new Set<Promise<void>>();
    const maxAttempts = this.limits.maxPages * 3 + 10;
    let attempts = 0;
    for (;;) {
      while (
        !this.signal.aborted &&
        limit.pendingCount < this.frontier.size &&
        this.pages.length + tasks.size < this.limits.maxPages &&
        attempts < maxAttempts
      ) {
        attempts += 1;
        const task: Promise<void> = limit(() => this.crawlNext()).finally(() => tasks.delete(task));
        tasks.add(task);
      }
      if (tasks.size === 0) break;
      await Promise.race(tasks);
    }
    const remaining = this.frontier.remaining();
    if (remaining.length > 0) {
      const reason: LimitName = this.jobTimeout.aborted ? 'jobTimeoutMs' : 'maxPages';
      if (!this.ctx.signal?.aborted) this.limitsHit.add(reason);
      for (const item of remaining) this.skip(item.url, 'limit', reason);
    } else if (this.jobTimeout.aborted) {
      this.limitsHit.add('jobTimeoutMs');
    }
    for (const url of this.tooDeep.values()) this.skip(url, 'limit', 'maxDepth');
  }

  /** One queued task: the best URL waiting when it starts (none once the crawl is stopped). */
  private async crawlNext(): Promise<void> {
    if (this.signal.aborted) return;
    const item = this.frontier.take();
    if (item) await this.crawlOne(item);
  }

  private async crawlOne(item: FrontierItem): Promise<void> {
    if (this.claimed.has(item.key)) return;
    // The page's extraction slot (page-slots.ts): taken before its body is read, given back once the pool
    // has returned its record, or when the fetch fails.
    let release: (() => void) | undefined;
    try {
      if (hashRoute(new URL(item.url).hash)) {
        await this.crawlRoute(item);
        return;
      }
      const response = await fetchText(item.url, {
        ...this.fetchOptions(),
        beforeBody: async () => {
          release = await acquirePageSlot(this.signal);
        },
      });
      if (response.kind !== 'html') {
        this.skip(item.url, 'not_html', response.contentType || 'no content type');
        return;
      }
      let served: ExtractedPage;
      try {
        served = await this.extract(response.text, response.url);
      } finally {
        release?.();
      }
      const extracted = await this.renderIfNeeded(response, served);
      await this.acceptPage(item, response, extracted, false);
    } catch (error) {
      if (error instanceof PageBudgetError) {
        this.limitsHit.add('pageCpuBudgetMs');
        this.logger.warn({ url: item.url, ...error.details }, 'page skipped: over its CPU budget');
        this.skip(item.url, 'cpu_budget', error.message);
        return;
      }
      const ltx = toLtxError(error);
      if (ltx.code === 'aborted') {
        this.skip(item.url, 'limit', this.jobTimeout.aborted ? 'jobTimeoutMs' : 'aborted');
        return;
      }
      if (ltx.code === 'timeout') this.limitsHit.add('requestTimeoutMs');
      this.skip(item.url, skipReason(ltx), ltx.message);
    } finally {
      release?.();
      this.progress();
    }
  }

  /**
   * Turns a fetched HTML response into a page: scope and duplicate checks on its final and canonical URL,
   * robots meta, Markdown twin, link discovery. Returns undefined when the page was skipped.
   */
  private async acceptPage(
    item: FrontierItem,
    response: FetchedText,
    extracted: ExtractedPage,
    isStart: boolean,
  ): Promise<PageRecord | undefined> {
    // A route of a hash-routed app is its own page: its URL keeps the route, whatever its document says.
    const route = !isStart && hashRoute(new URL(item.url).hash) ? item.url : undefined;
    const finalUrl = route ?? (isStart ? response.url : this.scope.resolve(response.url));
    if (!finalUrl) {
      this.skip(item.url, 'out_of_scope', `redirected to ${response.url}`);
      return undefined;
    }
    const finalKey = urlKey(finalUrl);
    const owner = this.claimed.get(finalKey);
    if (owner) {
      this.skip(item.url, 'duplicate', `same page as ${owner.url}`);
      return undefined;
    }

    if (!isStart && !route) {
      const alias = pageUrlAlias(this.scope, extracted.canonical, finalUrl, false);
      if (alias) this.addAlias(alias, alias.rule);
    }
    let pageUrl = finalUrl;
    // The canonical of a route names its document (the app), not the route.
    const canonical = extracted.canonical && !route ? this.scope.resolve(extracted.canonical) : undefined;
    if (canonical && !hasNonHtmlExtension(canonical)) {
      const canonicalKey = urlKey(canonical);
      const rootKey = this.pages[0] ? urlKey(this.pages[0].url) : finalKey;
      // Sites that point every page's canonical at the home page are misconfigured: ignore that hint.
      const pointsHome = !isStart && canonicalKey === rootKey && finalKey !== rootKey;
      if (canonicalKey !== finalKey && !pointsHome) {
        const canonicalOwner = this.claimed.get(canonicalKey);
        if (canonicalOwner) {
          this.skip(item.url, 'duplicate', `canonical ${canonical} already crawled`);
          return undefined;
        }
        pageUrl = canonical;
      }
    }

    const keys = [...new Set([item.key, finalKey, urlKey(pageUrl)])];
    if (extracted.robots.noindex) {
      for (const key of keys) this.frontier.claim(key);
      this.skip(pageUrl, 'robots', 'meta robots noindex');
      if (!extracted.robots.nofollow) this.discoverLinks(extracted, item.depth);
      return undefined;
    }

    const record: PageRecord = {
      url: pageUrl,
      keys,
      depth: item.depth,
      order: isStart ? -1 : item.depth * 1_000_000_000 + item.seq,
      extracted,
      bytes: response.body.byteLength,
      truncated: response.truncated,
      markdownUrl: undefined,
      markdown: extracted.markdown,
      lastModified:
        webDateToIso(response.headers.get('last-modified')) ??
        webDateToIso(this.sitemapInfo.get(finalKey)?.lastmod),
      isStart,
      needsJs: this.renderState.get(extracted)?.needsJs ?? false,
      rendered: this.renderState.get(extracted)?.rendered ?? false,
    };
    for (const key of keys) {
      this.claimed.set(key, record);
      this.frontier.claim(key);
    }
    this.pages.push(record);
    if (response.truncated) this.limitsHit.add('maxBytesPerPage');

    if (!route) await this.findTwin(record, response, isStart);
    if (!extracted.robots.nofollow) this.discoverLinks(extracted, item.depth);
    return record;
  }

  private discoverLinks(extracted: ExtractedPage, depth: number): void {
    for (const link of extracted.links) this.enqueue(link, depth + 1, 'link');
  }

  /** Finds and reads the page's Markdown twin (see markdown-twin.ts for when it probes). */
  private async findTwin(record: PageRecord, response: FetchedText, isStart: boolean): Promise<void> {
    const options = this.fetchOptions();
    const announced =
      record.extracted.markdownAlternate ?? markdownLinkHeader(response.headers.get('link'), response.url);
    const candidates: { url: string; pattern: TwinPattern | 'alternate' }[] = [];
    const announcedUrl = announced ? this.scope.mapHost(announced) : undefined;
    if (announcedUrl) candidates.push({ url: announcedUrl, pattern: 'alternate' });
    else if (isStart) {
      for (const pattern of TWIN_PATTERNS) {
        const url = twinUrl(response.url, pattern);
        // Probes stay inside the scope (the base directory's own '/docs.md' is outside '/docs/').
        if (url && this.scope.pathInScope(new URL(url).pathname)) candidates.push({ url, pattern });
      }
    } else if (this.twinPattern && this.twinPattern !== 'alternate') {
      const url = twinUrl(response.url, this.twinPattern);
      if (url && this.scope.pathInScope(new URL(url).pathname))
        candidates.push({ url, pattern: this.twinPattern });
    }
    const tried = new Set<string>();
    for (const candidate of candidates) {
      if (tried.has(candidate.url)) continue;
      tried.add(candidate.url);
      let twin: FetchedText | undefined;
      try {
        twin = await fetchTwin(candidate.url, options);
      } catch {
        return; // aborted: the page keeps its HTML-derived Markdown
      }
      if (!twin) continue;
      record.markdownUrl = twin.url;
      record.markdown = twin.text.trim();
      if (isStart) this.twinPattern = candidate.pattern;
      return;
    }
  }

  // ---------------------------------------------------------------- results

  private skip(url: string, reason: SkippedUrl['reason'], detail?: string): void {
    const key = tryNormalizeUrl(url) ?? url;
    if (this.skippedKeys.has(key)) return;
    this.skippedKeys.add(key);
    this.skipped.push(detail ? { url, reason, detail } : { url, reason });
  }

  private progress(): void {
    this.ctx.onProgress?.({
      phase: 'crawling',
      pagesFound: this.pages.length + this.frontier.size,
      pagesFetched: this.pages.length,
    });
  }

  private finish(startUrl: string, rootUrl: string): CrawlResult {
    if (this.pages.length === 0) {
      const reasons = new Map<string, number>();
      for (const entry of this.skipped) reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + 1);
      const summary = [...reasons.entries()].map(([reason, count]) => `${reason}: ${count}`).join(', ');
      const first = this.skipped[0];
      throw new EmptySiteError(
        `no HTML page could be crawled from ${startUrl}` +
          (first
            ? ` (skipped ${summary}; first: ${first.url}${first.detail ? ` - ${first.detail}` : ''})`
            : ''),
        { retryable: false, details: { skipped: this.skipped.slice(0, 20) } },
      );
    }
    const byKey = (href: string): PageRecord | undefined => {
      const resolved = this.scope.resolve(href);
      return resolved ? this.claimed.get(urlKey(resolved)) : undefined;
    };
    const outLinks = new Map<PageRecord, PageRecord[]>();
    const navLinks = new Map<PageRecord, PageRecord[]>();
    const inbound = new Map<PageRecord, Set<PageRecord>>();
    const inNav = new Set<PageRecord>();
    for (const page of this.pages) {
      const out = [...new Set(page.extracted.links.map(byKey))].filter(
        (target): target is PageRecord => !!target && target !== page,
      );
      const nav = [...new Set(page.extracted.navLinks.map(byKey))].filter(
        (target): target is PageRecord => !!target,
      );
      outLinks.set(page, out);
      navLinks.set(page, nav);
      for (const target of out) {
        const set = inbound.get(target) ?? new Set();
        set.add(page);
        inbound.set(target, set);
      }
      for (const target of nav) inNav.add(target);
    }
    const { titles, siteName } = finalizeTitles(
      this.pages.map((page) => ({ rawTitle: page.extracted.rawTitle, title: page.extracted.title })),
    );
    const ranks = rankPages(
      this.pages.map((page) => ({
        depth: page.depth,
        inboundLinks: inbound.get(page)?.size ?? 0,
        inNav: inNav.has(page),
        sitemapPriority: this.sitemapPriority(page),
        isStart: page.isStart,
      })),
    );
    // Nav trees on crawled URLs: a link to a page not crawled is dropped, its children move up.
    const mapItems = (items: readonly NavItem[]): NavItem[] =>
      items.flatMap((item) => {
        const children = mapItems(item.children);
        if (!item.url) return children.length > 0 ? [{ label: item.label, children }] : [];
        const target = byKey(item.url);
        if (target) return [{ label: item.label, url: target.url, children }];
        return children.length > 0 ? [{ label: item.label, children }] : [];
      });
    const pages: (CrawledPage & { order: number })[] = this.pages.map((page, index) => {
      const fallbackTitle =
        page.extracted.h1 ||
        humanizeSlug(segmentsBelow(page.url, '').at(-1) ?? '') ||
        siteName ||
        new URL(page.url).host;
      return {
        order: page.order,
        url: page.url,
        markdownUrl: page.markdownUrl,
        depth: page.depth,
        title: titles[index] || fallbackTitle,
        rawTitle: page.extracted.rawTitle,
        description: page.extracted.description,
        headings: page.extracted.headings,
        lang: page.extracted.lang,
        text: page.extracted.text,
        markdown: page.markdown,
        inboundLinks: inbound.get(page)?.size ?? 0,
        inNav: inNav.has(page),
        rank: ranks[index] ?? 0,
        contentHash: sha256(page.extracted.text),
        bytes: page.bytes,
        links: (outLinks.get(page) ?? []).map((target) => target.url),
        navLinks: (navLinks.get(page) ?? []).map((target) => target.url),
        lastModified: page.lastModified,
        truncated: page.truncated || undefined,
        sitemapPriority: this.sitemapPriority(page),
        navBlocks: page.extracted.navBlocks
          .map((block) => ({ key: block.key, items: mapItems(block.items) }))
          .filter((block) => block.items.length > 0),
        breadcrumbs:
          (page.extracted.breadcrumbs ?? []).length > 0
            ? page.extracted.breadcrumbs.map((crumb) => ({
                label: crumb.label,
                url: crumb.url ? byKey(crumb.url)?.url : undefined,
              }))
            : undefined,
        paragraphs: page.extracted.paragraphs,
        refresh: page.extracted.refresh
          ? (byKey(page.extracted.refresh)?.url ?? page.extracted.refresh)
          : undefined,
        alternates: page.extracted.alternates,
        next: page.extracted.next ? byKey(page.extracted.next)?.url : undefined,
        generator: page.extracted.generator,
        stats: page.extracted.stats,
        needsJs: page.needsJs || undefined,
        rendered: page.rendered || undefined,
      };
    });
    const sorted = sortByRank(pages, (page) => page.order).map(
      ({ order: _order, ...page }) => page as CrawledPage,
    );
    const contentHash = sha256(
      [...sorted]
        .map((page) => `${page.url}\t${page.contentHash}`)
        .sort()
        .join('\n'),
    );
    const result: CrawlResult = {
      startUrl,
      rootUrl,
      origin: this.scope.origin,
      basePath: this.scope.basePath,
      pages: sorted,
      skipped: this.skipped,
      limitsHit: [...this.limitsHit],
      hostAliases: this.scope.hostAliases,
      aliases: this.scope.aliases,
      robots: {
        found: this.robotsOfRoot?.status === 'parsed',
        crawlDelayMs: this.robotsOfRoot?.crawlDelayMs,
        sitemaps: this.robotsOfRoot?.sitemaps ?? [],
      },
      sitemapUrls: this.sitemapUrls,
      siteName,
      markdownTwinPattern: this.twinPattern,
      contentHash,
      durationMs: Date.now() - this.started,
      render: this.renderReport(),
    };
    this.logger.debug(
      {
        url: rootUrl,
        pages: sorted.length,
        skipped: this.skipped.length,
        requests: this.fetchCount,
        limitsHit: result.limitsHit,
        hostAliases: result.hostAliases,
        ms: result.durationMs,
      },
      'crawl done',
    );
    return result;
  }

  private sitemapPriority(page: PageRecord): number | undefined {
    for (const key of page.keys) {
      const priority = this.sitemapInfo.get(key)?.priority;
      if (priority !== undefined) return priority;
    }
    return undefined;
  }
}
