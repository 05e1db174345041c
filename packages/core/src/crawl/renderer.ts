/**
 * The optional renderer core accepts for pages that need JavaScript (site/needs-js.ts decides which). Core never
 * imports a browser: @ltx/render implements this interface with headless Chromium, and the worker app, ltx serve
 * and ltx generate pass it in when LTX_RENDER is not off.
 *
 * The contract that keeps the SSRF guard whole: the renderer makes no connection of its own. Every request the
 * page makes goes to `fetch` below (core's guarded fetch: SSRF policy with the DNS checked at connect time,
 * robots.txt, per-host politeness, byte limits) or is aborted; core counts the refusals (RenderReport).
 */

/** One request the browser wants made, handed to core's guarded fetch. */
export interface RenderFetchRequest {
  url: string;
  method: string;
  /** The browser's resource type: document, script, xhr, fetch, stylesheet... */
  resourceType: string;
}

export interface RenderFetchResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A request the guard refused (blocked host or port, robots, out of policy): the page got nothing. */
export interface RefusedRequest {
  url: string;
  reason: string;
}

export interface RenderPageRequest {
  url: string;
  /** The HTML as served (the document request is answered with it, not fetched twice). */
  html: string;
  /** Time cap for the page to settle (network idle) before its DOM is taken as it is. */
  timeoutMs: number;
  /** Fetches a sub-request under the guard; throws when refused. */
  fetch: (request: RenderFetchRequest) => Promise<RenderFetchResponse>;
}

export interface RenderedPage {
  /** The DOM's HTML once the page settled (or at the time cap). */
  html: string;
  /** The page's URL at the end (a hash route keeps the document URL). */
  url: string;
  /** The page did not settle within timeoutMs: its DOM was taken as it was. */
  timedOut: boolean;
  /** Requests answered through the guarded fetch. */
  fetched: number;
  /** Requests aborted by type (images, fonts, media, websockets...), not by the guard. */
  aborted: number;
  durationMs: number;
}

/** One job's use of the renderer (a browser context): closed when the crawl ends or its signal aborts. */
export interface RenderSession {
  render(request: RenderPageRequest): Promise<RenderedPage>;
  close(): Promise<void>;
}

export interface Renderer {
  /** Opens a fresh context for one job; the signal closes it at once. */
  openSession(signal: AbortSignal): Promise<RenderSession>;
}

/** LTX_RENDER: off (never), auto (pages that need JavaScript, when a renderer is there), always (every page). */
export type RenderMode = 'off' | 'auto' | 'always';

/** What the crawl reports about rendering (CrawlResult.render). */
export interface RenderReport {
  mode: RenderMode;
  /** A renderer was available to this crawl. */
  available: boolean;
  /** Pages whose served HTML needed JavaScript (by detection). */
  needed: string[];
  /** Pages rendered in the browser. */
  rendered: number;
  /** Pages that needed rendering but were not (no renderer, off, per-job cap, render failure). */
  notRendered: string[];
  /** Browser requests the guard refused, with the first few of them. */
  refusedCount: number;
  refused: RefusedRequest[];
  /**
   * Browser requests aborted by rule before the guarded fetch (nothing was sent): by resource type (images,
   * fonts, media...), to a tracker or analytics host, to a third-party host (crawl/request-party.ts); with the
   * first few hosts that were cut off as trackers or third parties.
   */
  blocked: { byType: number; trackers: number; thirdParty: number; hosts: string[] };
  renderMs: number;
}
