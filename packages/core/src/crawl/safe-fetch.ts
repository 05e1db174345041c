/**
 * The guarded fetch every crawler request goes through (undici's fetch on the guarded Agent, guarded-agent.ts):
 * - SSRF guard (assertCrawlableUrl) on the first URL and on every redirect target, and the same address policy
 *   in the connect-time DNS lookup, so the address checked is the address connected to (no DNS rebinding);
 * - redirects followed by hand (redirect: 'manual'), at most maxRedirects, loops detected;
 * - a per-request timeout combined with the job's signal (AbortSignal.any), paused while `beforeBody` waits;
 * - a streaming byte limit: reading stops after maxBytes and the response is marked `truncated`. The crawler
 *   keeps a truncated HTML page (its head, title and first content are still useful) and reports the
 *   maxBytesPerPage limit; callers that need whole bodies (sitemaps) reject truncated responses;
 * - our User-Agent; bodies of error responses are discarded unread.
 */
import type { Logger } from 'pino';
import type { Response } from 'undici';
import { AbortedError, FetchError, LtxError, TimeoutError } from '../errors.js';
import { loadUndici } from '../lazy-modules.js';
import { silentLogger } from '../logger.js';
import { type CoreSettings, DEFAULT_LIMITS, USER_AGENT } from '../options.js';
import { retryAfterMs } from '../retry-after.js';
import { type ContentKind, classifyContent, decodeBody, detectEncoding } from './decode.js';
import { dispatcherFor } from './guarded-agent.js';
import { type AddressPolicy, assertCrawlableUrl, type LookupFn } from './ssrf.js';

export const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.8,*/*;q=0.5';

export interface SafeFetchOptions {
  /** The job's signal (cancel, shutdown, job timeout). */
  signal?: AbortSignal | undefined;
  settings?: CoreSettings | undefined;
  requestTimeoutMs?: number | undefined;
  /** Byte limit for the body (after content decoding). */
  maxBytes?: number | undefined;
  maxRedirects?: number | undefined;
  maxUrlLength?: number | undefined;
  accept?: string | undefined;
  method?: 'GET' | 'HEAD' | undefined;
  logger?: Logger | undefined;
  /** DNS resolver for the SSRF guard and the connect-time lookup (tests). */
  lookup?: LookupFn | undefined;
  /** SSRF address policy (tests only; default: public unicast addresses). */
  allowAddress?: AddressPolicy | undefined;
  /** Runs before every request, the first and each redirect hop: politeness delays, robots checks. */
  beforeRequest?: ((url: URL) => Promise<void> | void) | undefined;
  /**
   * Rewrites a redirect target before it is followed, or leaves it (undefined): the crawler points a redirect
   * to the site's production host back at the crawled origin. The SSRF guard still checks the result.
   */
  rewriteRedirect?: ((target: URL) => string | undefined) | undefined;
  /**
   * Runs once the final 2xx response's headers are in, before its body is read (the crawler waits here for an
   * extraction slot, page-slots.ts). The request's time limit is paused while it runs.
   */
  beforeBody?: (() => Promise<void>) | undefined;
}

export interface SafeResponse {
  /** Final URL after redirects. */
  url: string;
  status: number;
  headers: Headers;
  contentType: string;
  /** Body bytes (empty for non-2xx responses and HEAD). */
  body: Uint8Array;
  /** The body was longer than maxBytes and was cut there. */
  truncated: boolean;
  /** Every URL that answered with a redirect, in order (the first is the requested URL). */
  redirects: string[];
  durationMs: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The LtxError in an error's cause chain (undici wraps a refusal from the connect-time lookup). */
function ltxCause(error: unknown): LtxError | undefined {
  let current: unknown = error;
  for (let i = 0; i < 5 && current && typeof current === 'object'; i += 1) {
    if (current instanceof LtxError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < 5 && current && typeof current === 'object'; i += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

async function readLimited(
  response: Response,
  maxBytes: number,
): Promise<{ body: Uint8Array; truncated: boolean }> {
  if (!response.body) return { body: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - total));
      total = maxBytes;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return { body: Buffer.concat(chunks, total), truncated };
}

/**
 * A request's time limit as a signal, with a pause (the time spent waiting in `beforeBody` is not the server's)
 * and a stop (the request is over: no timer left running).
 */
function requestTimer(timeoutMs: number): {
  signal: AbortSignal;
  pause(): void;
  resume(): void;
  stop(): void;
} {
  const controller = new AbortController();
  let left = timeoutMs;
  let since = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    since = performance.now();
    timer = setTimeout(() => controller.abort(new DOMException('request timed out', 'TimeoutError')), left);
    timer.unref();
  };
  arm();
  return {
    signal: controller.signal,
    pause() {
      if (!timer) return;
      clearTimeout(timer);
      timer = undefined;
      left = Math.max(0, left - (performance.now() - since));
    },
    resume() {
      if (!timer && !controller.signal.aborted) arm();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Fetches `input` under the SSRF guard, limits and redirect policy described above. */
export async function safeFetch(input: string, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const logger = options.logger ?? silentLogger;
  const settings = options.settings ?? {};
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs;
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytesPerPage;
  const maxRedirects = options.maxRedirects ?? DEFAULT_LIMITS.maxRedirects;
  const dispatcher = dispatcherFor(settings, { lookup: options.lookup, allowAddress: options.allowAddress });
  const started = performance.now();
  const redirects: string[] = [];
  const visited = new Set<string>();
  let current = input;

  for (;;) {
    if (options.signal?.aborted) throw new AbortedError(`aborted before fetching ${current}`);
    const url = await assertCrawlableUrl(current, settings, {
      maxUrlLength: options.maxUrlLength ?? DEFAULT_LIMITS.maxUrlLength,
      lookup: options.lookup,
      allowAddress: options.allowAddress,
    });
    url.hash = '';
    visited.add(url.href);
    await options.beforeRequest?.(url);
    const timer = requestTimer(timeoutMs);
    const timeout = timer.signal;
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const hopStarted = performance.now();
    const fail = (error: unknown): never => {
      const ltx = ltxCause(error);
      if (ltx) throw ltx;
      if (options.signal?.aborted)
        throw new AbortedError(`aborted while fetching ${url.href}`, { cause: error });
      if (timeout.aborted) {
        throw new TimeoutError(`request to ${url.href} timed out after ${timeoutMs} ms (requestTimeoutMs)`, {
          cause: error,
          details: { url: url.href },
        });
      }
      const code = errorCode(error);
      throw new FetchError(
        'fetch_failed',
        url.href,
        `fetching ${url.href} failed${code ? ` (${code})` : ''}`,
        {
          cause: error,
          retryable: true,
        },
      );
    };
    let response: Response;
    try {
      response = await loadUndici().fetch(url, {
        dispatcher,
        method: options.method ?? 'GET',
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': settings.userAgent ?? USER_AGENT,
          accept: options.accept ?? DEFAULT_ACCEPT,
        },
      });
    } catch (error) {
      timer.stop();
      return fail(error);
    }
    const location = response.headers.get('location');
    if (REDIRECT_STATUSES.has(response.status) && location) {
      timer.stop();
      await response.body?.cancel().catch(() => undefined);
      logger.debug(
        { url: url.href, status: response.status, ms: Math.round(performance.now() - hopStarted), location },
        'fetch redirect',
      );
      redirects.push(url.href);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch (error) {
        throw new FetchError('fetch_failed', url.href, `redirect from ${url.href} to an invalid URL`, {
          cause: error,
        });
      }
      const rewritten = options.rewriteRedirect?.(next);
      if (rewritten) {
        try {
          next = new URL(rewritten);
        } catch (error) {
          throw new FetchError('fetch_failed', url.href, `redirect rewritten to an invalid URL`, {
            cause: error,
          });
        }
      }
      next.hash = '';
      if (visited.has(next.href)) {
        throw new FetchError('too_many_redirects', input, `redirect loop: ${url.href} -> ${next.href}`, {
          details: { loop: true, redirects },
        });
      }
      if (redirects.length > maxRedirects) {
        throw new FetchError(
          'too_many_redirects',
          input,
          `more than ${maxRedirects} redirects from ${input}`,
          {
            details: { loop: false, redirects },
          },
        );
      }
      current = next.href;
      continue;
    }

    let body: Uint8Array = new Uint8Array(0);
    let truncated = false;
    const ok = response.status >= 200 && response.status < 300;
    try {
      if (ok && options.method !== 'HEAD') {
        if (options.beforeBody) {
          timer.pause();
          try {
            await options.beforeBody();
          } catch (error) {
            await response.body?.cancel().catch(() => undefined);
            throw error;
          }
          timer.resume();
        }
        ({ body, truncated } = await readLimited(response, maxBytes));
      } else await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      return fail(error);
    } finally {
      timer.stop();
    }
    const durationMs = Math.round(performance.now() - started);
    logger.debug(
      {
        url: url.href,
        status: response.status,
        ms: Math.round(performance.now() - hopStarted),
        bytes: body.byteLength,
        truncated,
      },
      'fetch',
    );
    return {
      url: url.href,
      status: response.status,
      headers: response.headers,
      contentType: response.headers.get('content-type') ?? '',
      body,
      truncated,
      redirects,
      durationMs,
    };
  }
}

/** The typed error for a non-2xx answer: 5xx, 408 and 429 are retryable, other 4xx are not. */
export function httpError(response: Pick<SafeResponse, 'url' | 'status' | 'headers'>): FetchError {
  const { status } = response;
  const retryable = status >= 500 || status === 408 || status === 429;
  return new FetchError('http_error', response.url, `${response.url} answered HTTP ${status}`, {
    status,
    retryable,
    retryAfterMs: retryable ? retryAfterMs(response.headers) : undefined,
  });
}

export interface FetchedText extends SafeResponse {
  kind: ContentKind;
  encoding: string;
  /** Decoded body; '' when kind is 'other'. */
  text: string;
}

/**
 * safeFetch plus status check (non-2xx -> FetchError 'http_error'), content classification and charset
 * decoding. With `expect`, a body of another kind throws FetchError 'not_html'.
 */
export async function fetchText(
  input: string,
  options: SafeFetchOptions & { expect?: readonly ContentKind[] } = {},
): Promise<FetchedText> {
  const response = await safeFetch(input, options);
  if (response.status < 200 || response.status >= 300) throw httpError(response);
  const kind = classifyContent(response.contentType, response.body);
  if (options.expect && !options.expect.includes(kind)) {
    throw new FetchError(
      'not_html',
      response.url,
      `${response.url} is ${response.contentType || 'untyped'} (${kind}), not ${options.expect.join(' or ')}`,
      {
        status: response.status,
      },
    );
  }
  const encoding = detectEncoding(response.body, response.contentType, kind);
  const text = kind === 'other' ? '' : decodeBody(response.body, response.contentType, kind);
  return { ...response, kind, encoding, text };
}
