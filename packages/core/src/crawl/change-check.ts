import type { ChangeSignals } from '@ltx/contracts';
import { FetchError } from '../errors.js';
import { extractPage } from '../extract/extract-page.js';
import { sha256 } from '../hash.js';
import { type Logger, silentLogger } from '../logger.js';
import type { CoreSettings } from '../options.js';
import { parseWebDate } from '../web-date.js';
import { loadRobots } from './robots.js';
import { fetchText, type SafeFetchOptions, safeFetch } from './safe-fetch.js';
import { basePathOf } from './scope.js';
import { loadSitemaps } from './sitemap.js';

/** Limits of one change check: it must stay cheap (a handful of requests, bounded bytes and time). */
export const CHECK_LIMITS = {
  /** Per request. */
  requestTimeoutMs: 15_000,
  /** Start page bytes read for the content hash. */
  maxPageBytes: 2_000_000,
  /** Sitemap documents fetched (index children included). */
  maxSitemapFiles: 5,
  /** Sitemap entries read. */
  maxSitemapUrls: 50_000,
} as const;

export interface CheckOptions {
  settings?: CoreSettings | undefined;
  logger?: Logger | undefined;
  signal?: AbortSignal | undefined;
  requestTimeoutMs?: number | undefined;
}

export interface CheckResult {
  /** What the site shows now (stored on the schedule for the next comparison). */
  signals: ChangeSignals;
  /** True when any signal differs from `previous`, or there is no previous to compare with. */
  changed: boolean;
  /** Why it counts as changed (for the logs); empty when unchanged. */
  reasons: string[];
  /** Requests made. */
  requests: number;
}

/**
 * Fingerprint of the start page: its title, description, main text and links (the parts the llms.txt is made
 * of), so that a changing CSRF token, timestamp or script hash in the markup does not count as a change.
 */
export function pageHash(body: string, url: string, kind: string): string {
  if (kind !== 'html') return sha256(body);
  const page = extractPage(body, url, { markdown: false });
  return sha256(JSON.stringify([page.title, page.description, page.text, page.links]));
}

/** The newest <lastmod> of the sitemap entries under the start URL's path (ISO), or null. */
export function newestLastmod(
  entries: readonly { loc: string; lastmod?: string | undefined }[],
  startUrl: string,
): string | null {
  const base = basePathOf(new URL(startUrl).pathname);
  let newest: number | undefined;
  for (const entry of entries) {
    if (!entry.lastmod) continue;
    let path: string;
    try {
      path = new URL(entry.loc).pathname;
    } catch {
      continue;
    }
    if (!path.startsWith(base)) continue;
    const time = parseWebDate(entry.lastmod);
    if (time !== undefined && (newest === undefined || time > newest)) newest = time;
  }
  return newest === undefined ? null : new Date(newest).toISOString();
}

/**
 * The cron's cheap change check of one site, every request through core's SSRF-guarded fetch:
 * 1. robots.txt (its Sitemap lines; a start page robots disallows is an error, like in the crawl);
 * 2. the sitemaps (robots' or /sitemap.xml, at most 5 documents): the newest lastmod under the start path;
 * 3. a HEAD of the start page for its validators (ETag, Last-Modified). When both are the same as last time and
 *    the sitemap says nothing new, the site is unchanged: no body is downloaded. Otherwise (validators differ
 *    or the server sends none) a GET fetches the page and its content fingerprint decides, so a server whose
 *    ETag changes on every response does not trigger rebuilds by itself.
 * Throws an LtxError when the start page cannot be fetched (HTTP error, network, SSRF guard).
 */
export async function checkSite(
  url: string,
  previous: ChangeSignals | null | undefined,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const logger = options.logger ?? silentLogger;
  const fetchOptions: SafeFetchOptions = {
    settings: options.settings,
    signal: options.signal,
    logger,
    requestTimeoutMs: options.requestTimeoutMs ?? CHECK_LIMITS.requestTimeoutMs,
  };
  let requests = 0;
  const origin = new URL(url).origin;

  const robots = await loadRobots(origin, fetchOptions);
  requests++;
  if (!robots.isAllowed(url)) {
    throw new FetchError('robots_disallowed', url, `robots.txt of ${origin} disallows ${url}`);
  }
  const candidates = robots.sitemaps.length > 0 ? robots.sitemaps : [new URL('/sitemap.xml', origin).href];
  const sitemaps = await loadSitemaps(candidates, {
    fetch: fetchOptions,
    maxFiles: CHECK_LIMITS.maxSitemapFiles,
    maxUrls: CHECK_LIMITS.maxSitemapUrls,
    logger,
  });
  requests += sitemaps.files.length + sitemaps.failed.length;
  const sitemapLastmod = newestLastmod(sitemaps.entries, url);

  const head = await safeFetch(url, { ...fetchOptions, method: 'HEAD' });
  requests++;
  const headOk = head.status >= 200 && head.status < 300;
  const etag = headOk ? head.headers.get('etag') : null;
  const lastModified = headOk ? head.headers.get('last-modified') : null;

  const reasons: string[] = [];
  const sitemapChanged = (previous?.sitemapLastmod ?? null) !== sitemapLastmod;
  if (!previous) reasons.push('first check');
  else if (sitemapChanged)
    reasons.push(`sitemap lastmod ${previous.sitemapLastmod ?? 'none'} -> ${sitemapLastmod ?? 'none'}`);

  const validatorsKnown = Boolean(etag || lastModified);
  const validatorsSame =
    validatorsKnown &&
    previous !== null &&
    previous !== undefined &&
    (previous.etag ?? null) === etag &&
    (previous.lastModified ?? null) === lastModified &&
    Boolean(previous.contentHash);
  if (validatorsSame && previous) {
    return {
      signals: { etag, lastModified, sitemapLastmod, contentHash: previous.contentHash ?? null },
      changed: reasons.length > 0,
      reasons,
      requests,
    };
  }

  // No validators, or they moved: the page's content decides. (fetchText throws on a non-2xx answer.)
  const page = await fetchText(url, { ...fetchOptions, maxBytes: CHECK_LIMITS.maxPageBytes });
  requests++;
  const contentHash = pageHash(page.text, page.url, page.kind);
  if (previous && (previous.contentHash ?? null) !== contentHash) reasons.push('start page content changed');
  return {
    // The HEAD's validators are stored: the next check compares HEAD with HEAD.
    signals: {
      etag,
      lastModified,
      sitemapLastmod,
      contentHash,
    },
    changed: reasons.length > 0,
    reasons,
    requests,
  };
}
