import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Counter, Gauge } from 'prom-client';
import type { BrowserRenderer } from './browser-renderer.js';
import { createRenderer } from './create.js';

export interface RenderEnv {
  LTX_RENDER: 'off' | 'auto' | 'always';
  LTX_CHROMIUM_PATH?: string | undefined;
  LTX_RENDER_CONCURRENCY: number;
  LTX_RENDER_MAX_RSS_MB?: number | undefined;
}

/**
 * The renderer of one process from its environment, with the start-up line saying whether pages that need
 * JavaScript will be rendered (and why not).
 */
export function rendererFromEnv(env: RenderEnv, logger: Logger): BrowserRenderer | undefined {
  const setup = createRenderer({
    mode: env.LTX_RENDER,
    chromiumPath: env.LTX_CHROMIUM_PATH,
    concurrency: env.LTX_RENDER_CONCURRENCY,
    maxRssMb: env.LTX_RENDER_MAX_RSS_MB,
    logger,
  });
  if (setup.renderer) {
    logger.info(
      {
        render: env.LTX_RENDER,
        concurrency: env.LTX_RENDER_CONCURRENCY,
        maxRssMb: env.LTX_RENDER_MAX_RSS_MB,
      },
      'rendering pages that need JavaScript in headless Chromium',
    );
  } else if (env.LTX_RENDER !== 'off') {
    logger.warn(
      { render: env.LTX_RENDER, reason: setup.reason },
      'no browser: pages that need JavaScript are kept as served (the job warns with their count)',
    );
  }
  return setup.renderer;
}

/** ltx_rendered_pages_total, ltx_render_failures_total, ltx_render_seconds_total, browser restarts, on /metrics. */
export function registerRenderMetrics(registry: Registry, renderer: BrowserRenderer): void {
  const stats = renderer.stats;
  const counter = (name: string, help: string, read: () => number) => {
    let reported = 0;
    const metric: Counter = new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const value = read();
        if (value > reported) metric.inc(value - reported);
        reported = value;
      },
    });
  };
  counter('ltx_rendered_pages_total', 'Pages rendered in the headless browser', () => stats.pagesRendered);
  counter(
    'ltx_render_failures_total',
    'Renders that failed or hung (the page is kept as served)',
    () => stats.renderFailures,
  );
  counter('ltx_render_seconds_total', 'Time spent rendering pages', () => stats.renderMsTotal / 1000);
  counter('ltx_browser_restarts_total', 'Browser restarts after a hang', () => stats.browserRestarts);
  counter(
    'ltx_browser_memory_restarts_total',
    'Browser restarts between jobs because its RSS was over LTX_RENDER_MAX_RSS_MB',
    () => stats.memoryRestarts,
  );
  counter(
    'ltx_render_requests_aborted_total',
    'Browser requests aborted (by type or refused by the guard)',
    () => stats.requestsAborted,
  );
  new Gauge({
    name: 'ltx_browser_rss_bytes',
    help: "The browser's RSS (all its processes) when last measured, between jobs",
    registers: [registry],
    collect() {
      this.set(stats.lastRssBytes);
    },
  });
  new Gauge({
    name: 'ltx_browser_launches',
    help: 'Browser launches by this process (1 while healthy; more after crashes)',
    registers: [registry],
    collect() {
      this.set(stats.browserLaunches);
    },
  });
}
