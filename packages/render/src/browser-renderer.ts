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
import type { RenderedPage, Renderer, RenderPageRequest, RenderSession } from '@ltx/core';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from 'pino';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
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
}

/** Counters for /metrics. */
export interface RenderStats {
  pagesRendered: number;
  renderFailures: number;
  renderMsTotal: number;
  browserLaunches: number;
  browserRestarts: number;
  requestsFulfilled: number;
  requestsAborted: number;
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
  };

  constructor(private readonly options: BrowserRendererOptions) {
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
    const browser = await this.launch();
    const context = await browser.newContext({
      serviceWorkers: 'block',
      acceptDownloads: false,
      permissions: [],
      javaScriptEnabled: true,
    });
    return new BrowserSession(this, context, signal);
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
    let fetched = 0;
    let aborted = 0;
    let documentServed = false;
    const page = await this.context.newPage();
    this.ours.add(page);
    try {
      page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
      page.on('popup', (popup) => void popup.close().catch(() => undefined));
      await page.routeWebSocket(/.*/, (ws) => {
        aborted += 1;
        void ws.close({ code: 1008, reason: 'refused by ltx' });
      });
      await page.route('**/*', async (route) => {
        const req = route.request();
        const url = new URL(req.url());
        url.hash = '';
        if (!documentServed && req.isNavigationRequest() && url.href === documentUrl.href) {
          documentServed = true;
          fetched += 1;
          await route
            .fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: request.html })
            .catch(() => undefined);
          return;
        }
        if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
          // The page navigates elsewhere: the crawl follows links itself, the render stays on this page.
          aborted += 1;
          await route.abort('blockedbyclient').catch(() => undefined);
          return;
        }
        try {
          const answer = await request.fetch({
            url: req.url(),
            method: req.method(),
            resourceType: req.resourceType(),
          });
          fetched += 1;
          this.renderer.stats.requestsFulfilled += 1;
          await route
            .fulfill({ status: answer.status, headers: answer.headers, body: Buffer.from(answer.body) })
            .catch(() => undefined);
        } catch {
          aborted += 1;
          this.renderer.stats.requestsAborted += 1;
          await route.abort('blockedbyclient').catch(() => undefined);
        }
      });
      let timedOut = false;
      const deadline = started + request.timeoutMs;
      const left = () => Math.max(1, deadline - performance.now());
      try {
        await page.goto(request.url, { waitUntil: 'load', timeout: left() });
        await page.waitForLoadState('networkidle', { timeout: left() });
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
        fetched,
        aborted,
        durationMs: performance.now() - started,
      };
    } finally {
      this.ours.delete(page);
      await page.close({ runBeforeUnload: false }).catch(() => undefined);
    }
  }

  close(): Promise<void> {
    this.signal.removeEventListener('abort', this.onAbort);
    this.closing ??= this.context.close().catch(() => undefined);
    return this.closing;
  }
}
