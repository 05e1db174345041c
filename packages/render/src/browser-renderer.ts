/**
 * BrowserRenderer: core's Renderer (pages that need JavaScript) on headless Chromium through playwright-core.
 *
 * - One browser per process, launched on first use and reused across jobs; relaunched on the next render when
 *   it crashed (disconnected) or a render hung past its hard cap (the browser is closed then).
 * - One fresh context per job (RenderSession): no cookies, storage or cache shared between jobs; service
 *   workers blocked, downloads refused, no permissions granted, popups closed as they open, dialogs dismissed.
 *   The job's AbortSignal closes the context at once.
 * - The browser makes no connection of its own: every request of every page is routed. The document request
 *   is answered with the HTML core already fetched; every other request goes to core's guarded fetch (SSRF
 *   policy, robots.txt, politeness, byte limits) and is fulfilled with its answer, or aborted when refused.
 *   Requests of any page the job did not open (a popup) and WebSockets are refused without a connection.
 * - At most `concurrency` pages render at once in this process, whatever the number of jobs.
 * - playwright-core (~30 MiB of RSS once loaded) is imported with the first launch, not with this module: a
 *   worker that never meets a page needing JavaScript never loads it (issue 13 item 3, idle memory).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { RenderedPage, Renderer, RenderPageRequest, RenderSession } from '@ltx/core';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from 'pino';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { browserRssBytes } from './browser-memory.js';
import { CHROMIUM_ARGS } from './chromium.js';

export interface BrowserRendererOptions {
  executablePath: string;
  /** Pages rendering at once in this process (LTX_RENDER_CONCURRENCY). Default 2. */
  concurrency?: number | undefined;
  logger?: Logger | undefined;
  /**
   * V8 heap cap of each page's renderer process, in MB (--max-old-space-size): a page whose script grows past
   * it crashes its tab (the render fails, the page is kept as served), not the machine. Default 512.
   */
  maxPageHeapMb?: number | undefined;
  /** Extra time over a page's timeoutMs before a render counts as hung and the browser is restarted. */
  hangGraceMs?: number | undefined;
  /**
   * LTX_RENDER_MAX_RSS_MB: when the browser's process tree holds more than this (RSS, browser-memory.ts) once
   * no job is using it, it is closed, and the next job launches a fresh one. 0 or unset: no cap.
   */
  maxRssMb?: number | undefined;
  /**
   * When a page counts as settled: 'quiet' (default) once no request is in flight through our route handler
   * and neither the network nor the DOM changed for `quietMs`; 'networkidle' is Playwright's (500 ms without
   * a request). Either way the page's time cap holds and the DOM is taken as it is then.
   */
  settle?: 'quiet' | 'networkidle' | undefined;
  /** The quiet window of settle 'quiet', in ms. Default 150. */
  quietMs?: number | undefined;
}

/** The quiet window: long enough for a script's fetch-then-render chain, a third of networkidle's 500 ms. */
export const DEFAULT_QUIET_MS = 150;

/**
 * Installed in every page before its scripts: the time of the DOM's last change (a MutationObserver on the
 * whole document), read by the settle loop as "ms since the DOM last changed".
 */
const DOM_QUIET_SCRIPT = `(() => {
  let last = performance.now();
  new MutationObserver(() => { last = performance.now(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  Object.defineProperty(window, '__ltxDomQuietMs', { value: () => performance.now() - last });
})();`;

/** Counters for /metrics. */
export interface RenderStats {
  pagesRendered: number;
  renderFailures: number;
  renderMsTotal: number;
  browserLaunches: number;
  browserRestarts: number;
  requestsFulfilled: number;
  requestsAborted: number;
  /** Restarts because the browser's memory was over maxRssMb between jobs. */
  memoryRestarts: number;
  /** The browser's RSS in bytes when it was last measured (between jobs). */
  lastRssBytes: number;
}

/** A render that did not finish within its cap plus grace: the browser was restarted. */
export class RenderHungError extends Error {
  readonly retryable = true;
}

export class BrowserRenderer implements Renderer {
  private browser: Promise<Browser> | undefined;
  private readonly limit: LimitFunction;
  private readonly logger: Logger | undefined;
  private readonly hangGraceMs: number;
  private closed = false;
  readonly stats: RenderStats = {
    pagesRendered: 0,
    renderFailures: 0,
    renderMsTotal: 0,
    browserLaunches: 0,
    browserRestarts: 0,
    requestsFulfilled: 0,
    requestsAborted: 0,
    memoryRestarts: 0,
    lastRssBytes: 0,
  };
  /** Jobs (sessions) using the browser now. */
  private sessions = 0;
  /** A memory check between jobs: a job that starts meanwhile waits for it (it may close the browser). */
  private memoryCheck: Promise<void> | undefined;

  readonly settle: 'quiet' | 'networkidle';
  readonly quietMs: number;

  constructor(private readonly options: BrowserRendererOptions) {
    this.settle = options.settle ?? 'quiet';
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.limit = pLimit(Math.max(1, options.concurrency ?? 2));
    this.logger = options.logger;
    this.hangGraceMs = options.hangGraceMs ?? 5_000;
  }

  private launch(): Promise<Browser> {
    if (this.closed) return Promise.reject(new Error('the renderer is closed'));
    if (!this.browser) {
      const launching = import('playwright-core')
        .then(({ chromium }) =>
          chromium.launch({
            executablePath: this.options.executablePath,
            args: [...CHROMIUM_ARGS, `--js-flags=--max-old-space-size=${this.options.maxPageHeapMb ?? 512}`],
          }),
        )
        .then((browser) => {
          this.stats.browserLaunches += 1;
          browser.on('disconnected', () => {
            if (this.browser === launching) this.browser = undefined;
            if (!this.closed) this.logger?.warn('browser disconnected: relaunched on the next render');
          });
          return browser;
        });
      launching.catch(() => {
        if (this.browser === launching) this.browser = undefined;
      });
      this.browser = launching;
    }
    return this.browser;
  }

  /** Closes the browser (a hung one): the next render launches a new one. */
  private async restart(): Promise<void> {
    const current = this.browser;
    this.browser = undefined;
    this.stats.browserRestarts += 1;
    if (current) await current.then((browser) => browser.close()).catch(() => undefined);
  }

  async openSession(signal: AbortSignal): Promise<RenderSession> {
    this.sessions += 1;
    try {
      await this.memoryCheck;
      const browser = await this.launch();
      const context = await this.newContext(browser);
      return new BrowserSession(this, context, signal);
    } catch (error) {
      this.sessions -= 1;
      throw error;
    }
  }

  /** A job's session closed: once no job uses the browser, its memory is checked against maxRssMb. */
  sessionClosed(): void {
    this.sessions -= 1;
    if (this.sessions === 0 && (this.options.maxRssMb ?? 0) > 0 && !this.memoryCheck) {
      const check = this.checkMemory().finally(() => {
        if (this.memoryCheck === check) this.memoryCheck = undefined;
      });
      this.memoryCheck = check;
    }
  }

  /** Closes a browser that holds more than maxRssMb (the next job launches a fresh one). Never throws. */
  private async checkMemory(): Promise<void> {
    const current = this.browser;
    if (!current || this.closed) return;
    try {
      const browser = await current;
      const rss = await browserRssBytes(browser);
      this.stats.lastRssBytes = rss;
      const capBytes = (this.options.maxRssMb ?? 0) * 1024 * 1024;
      if (rss <= capBytes || this.sessions > 0 || this.browser !== current) return;
      this.logger?.warn(
        { rssMb: Math.round(rss / 1024 / 1024), maxRssMb: this.options.maxRssMb },
        'browser over LTX_RENDER_MAX_RSS_MB between jobs: restarted',
      );
      this.stats.memoryRestarts += 1;
      this.browser = undefined;
      await browser.close().catch(() => undefined);
    } catch (error) {
      this.logger?.debug(
        { err: error instanceof Error ? error.message : String(error) },
        'memory check failed',
      );
    }
  }

  private newContext(browser: Browser): Promise<BrowserContext> {
    return browser.newContext({
      serviceWorkers: 'block',
      acceptDownloads: false,
      permissions: [],
      javaScriptEnabled: true,
    });
  }

  /** Runs one render under the process-wide concurrency cap, with a hard cap that restarts a hung browser. */
  async run(request: RenderPageRequest, work: () => Promise<RenderedPage>): Promise<RenderedPage> {
    return this.limit(async () => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new RenderHungError(
                `rendering ${request.url} did not finish in ${request.timeoutMs + this.hangGraceMs} ms`,
              ),
            ),
          request.timeoutMs + this.hangGraceMs,
        );
      });
      try {
        const page = await Promise.race([work(), hung]);
        this.stats.pagesRendered += 1;
        return page;
      } catch (error) {
        this.stats.renderFailures += 1;
        if (error instanceof RenderHungError) await this.restart();
        throw error;
      } finally {
        clearTimeout(timer);
        this.stats.renderMsTotal += performance.now() - started;
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const current = this.browser;
    this.browser = undefined;
    if (current) await current.then((browser) => browser.close()).catch(() => undefined);
  }
}

/** What one page's render counted (RenderedPage's fetched and aborted). */
interface PageCounts {
  fetched: number;
  aborted: number;
  documentServed: boolean;
}

/** Requests of one page through our route handler: how many are in flight, when that last changed. */
interface NetworkState {
  inFlight: number;
  lastChange: number;
}

class BrowserSession implements RenderSession {
  private readonly ours = new Set<Page>();
  private readonly onAbort = () => {
    void this.close();
  };
  private closing: Promise<void> | undefined;

  constructor(
    private readonly renderer: BrowserRenderer,
    private readonly context: BrowserContext,
    private readonly signal: AbortSignal,
  ) {
    // Anything not routed by one of our pages (a popup, a worker) is aborted: no request leaves on its own.
    void context.route('**/*', (route) => this.abort(route));
    // A page opened by a script (window.open, target=_blank) is a popup: closed as it opens.
    context.on('page', (page) => {
      void page.opener().then((opener) => {
        if (opener) return page.close().catch(() => undefined);
        return undefined;
      });
    });
    if (signal.aborted) void this.close();
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  private abort(route: Route): Promise<void> {
    this.renderer.stats.requestsAborted += 1;
    return route.abort('blockedbyclient').catch(() => undefined);
  }

  render(request: RenderPageRequest): Promise<RenderedPage> {
    return this.renderer.run(request, () => this.renderPage(request));
  }

  private async renderPage(request: RenderPageRequest): Promise<RenderedPage> {
    if (this.signal.aborted || this.closing) throw new Error('render session closed');
    const started = performance.now();
    const documentUrl = new URL(request.url);
    documentUrl.hash = '';
    const counts: PageCounts = { fetched: 0, aborted: 0, documentServed: false };
    const network: NetworkState = { inFlight: 0, lastChange: performance.now() };
    const page = await this.context.newPage();
    this.ours.add(page);
    try {
      page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
      page.on('popup', (popup) => void popup.close().catch(() => undefined));
      await page.routeWebSocket(/.*/, (ws) => {
        counts.aborted += 1;
        void ws.close({ code: 1008, reason: 'refused by ltx' });
      });
      await page.addInitScript(DOM_QUIET_SCRIPT);
      await page.route('**/*', async (route) => {
        network.inFlight += 1;
        network.lastChange = performance.now();
        try {
          await this.handleRoute(route, page, request, documentUrl, counts);
        } finally {
          network.inFlight -= 1;
          network.lastChange = performance.now();
        }
      });
      let timedOut = false;
      const deadline = started + request.timeoutMs;
      const left = () => Math.max(1, deadline - performance.now());
      try {
        await page.goto(request.url, { waitUntil: 'load', timeout: left() });
        if (this.renderer.settle === 'networkidle')
          await page.waitForLoadState('networkidle', { timeout: left() });
        else timedOut = !(await this.waitForQuiet(page, network, deadline));
      } catch (error) {
        if (this.signal.aborted) throw error;
        if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
        timedOut = true;
      }
      const html = await page.content();
      return {
        html,
        url: page.url(),
        timedOut,
        fetched: counts.fetched,
        aborted: counts.aborted,
        durationMs: performance.now() - started,
      };
    } finally {
      this.ours.delete(page);
      await page.close({ runBeforeUnload: false }).catch(() => undefined);
    }
  }

  /**
   * One request of our page: the document is answered with the served HTML, a navigation elsewhere is
   * aborted, everything else goes to core's guarded fetch and is fulfilled, or aborted when refused.
   */
  private async handleRoute(
    route: Route,
    page: Page,
    request: RenderPageRequest,
    documentUrl: URL,
    counts: PageCounts,
  ): Promise<void> {
    const req = route.request();
    const url = new URL(req.url());
    url.hash = '';
    if (!counts.documentServed && req.isNavigationRequest() && url.href === documentUrl.href) {
      counts.documentServed = true;
      counts.fetched += 1;
      await route
        .fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: request.html })
        .catch(() => undefined);
      return;
    }
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
      // The page navigates elsewhere: the crawl follows links itself, the render stays on this page.
      counts.aborted += 1;
      await route.abort('blockedbyclient').catch(() => undefined);
      return;
    }
    try {
      const answer = await request.fetch({
        url: req.url(),
        method: req.method(),
        resourceType: req.resourceType(),
      });
      counts.fetched += 1;
      this.renderer.stats.requestsFulfilled += 1;
      await route
        .fulfill({ status: answer.status, headers: answer.headers, body: Buffer.from(answer.body) })
        .catch(() => undefined);
    } catch {
      counts.aborted += 1;
      this.renderer.stats.requestsAborted += 1;
      await route.abort('blockedbyclient').catch(() => undefined);
    }
  }

  /**
   * Settle 'quiet': polls until no request is in flight through our route handler and neither the network
   * nor the DOM changed for the quiet window. False when the deadline came first.
   */
  private async waitForQuiet(page: Page, network: NetworkState, deadline: number): Promise<boolean> {
    const quietMs = this.renderer.quietMs;
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      // A page whose script never yields never answers: the deadline still ends the wait.
      const timer = new AbortController();
      const domQuiet = await Promise.race([
        page.evaluate<number>('window.__ltxDomQuietMs ? window.__ltxDomQuietMs() : 0'),
        sleep(left, -1, { signal: timer.signal }).catch(() => -1),
      ]).finally(() => timer.abort());
      if (domQuiet < 0) return false;
      const networkQuiet = network.inFlight > 0 ? 0 : performance.now() - network.lastChange;
      const quiet = Math.min(domQuiet, networkQuiet);
      if (quiet >= quietMs) return true;
      await sleep(Math.min(Math.max(10, quietMs - quiet), Math.max(1, deadline - performance.now())));
    }
  }

  close(): Promise<void> {
    this.signal.removeEventListener('abort', this.onAbort);
    this.closing ??= this.context
      .close()
      .catch(() => undefined)
      .finally(() => this.renderer.sessionClosed());
    return this.closing;
  }
}
