/**
 * robots.txt (RFC 9309) through robots-parser: our product token is matched against User-agent groups,
 * Allow/Disallow use longest-match semantics, Crawl-delay becomes a per-host delay, Sitemap lines are kept.
 *
 * Availability rules from RFC 9309 §2.3.1: 2xx -> parse (at most 500 KiB); 4xx (or too many redirects) ->
 * no restrictions; 5xx, timeout or network failure -> complete disallow (the crawl of that site stops with a
 * retryable error rather than ignoring the owner's rules).
 */
import robotsParserImport from 'robots-parser';
import { AbortedError, FetchError, LtxError } from '../errors.js';
import { USER_AGENT } from '../options.js';
import { decodeBody } from './decode.js';
import { type SafeFetchOptions, safeFetch } from './safe-fetch.js';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}
type RobotsParserFn = (url: string, contents: string) => Robot;
// robots-parser is CommonJS (module.exports = fn) but its typings declare a default export.
const robotsParser = ((robotsParserImport as unknown as { default?: RobotsParserFn }).default ??
  robotsParserImport) as unknown as RobotsParserFn;

/** RFC 9309 §2.5: crawlers may stop reading robots.txt after 500 KiB. */
export const ROBOTS_MAX_BYTES = 500 * 1024;
/** A robots Crawl-delay above this is capped (a minute between requests already makes a crawl impractical). */
export const MAX_CRAWL_DELAY_MS = 60_000;

export interface RobotsRules {
  /** 'parsed' (2xx), 'missing' (4xx: everything allowed), 'unreachable' (5xx/network: everything disallowed). */
  status: 'parsed' | 'missing' | 'unreachable';
  url: string;
  isAllowed(url: string): boolean;
  crawlDelayMs: number | undefined;
  sitemaps: string[];
  /** Why the file is unreachable, when it is. */
  error?: LtxError | undefined;
}

/** The product token robots.txt groups are matched against: the User-Agent up to its first '/' or space. */
export function robotsToken(userAgent: string = USER_AGENT): string {
  return userAgent.trim().split(/[\s/]/)[0] || 'ltx';
}

/** Parses a robots.txt body for `robotsUrl` and our user agent. */
export function parseRobots(robotsUrl: string, body: string, userAgent: string = USER_AGENT): RobotsRules {
  const robot = robotsParser(robotsUrl, body);
  const token = robotsToken(userAgent);
  const delay = robot.getCrawlDelay(token);
  return {
    status: 'parsed',
    url: robotsUrl,
    // robots-parser answers undefined for URLs on another origin; those are never crawled anyway.
    isAllowed: (url) => robot.isAllowed(url, token) !== false,
    crawlDelayMs:
      typeof delay === 'number' && Number.isFinite(delay) && delay > 0
        ? Math.min(Math.round(delay * 1000), MAX_CRAWL_DELAY_MS)
        : undefined,
    // Sitemap lines should be absolute; resolve the relative ones some sites write.
    sitemaps: robot.getSitemaps().flatMap((location) => {
      try {
        return [new URL(location, robotsUrl).href];
      } catch {
        return [];
      }
    }),
  };
}

function allowAll(url: string): RobotsRules {
  return { status: 'missing', url, isAllowed: () => true, crawlDelayMs: undefined, sitemaps: [] };
}

/** RFC 9309: a robots.txt that cannot be read (5xx, network) means the whole site is disallowed. */
function disallowAll(url: string, error: FetchError): RobotsRules {
  return { status: 'unreachable', url, isAllowed: () => false, crawlDelayMs: undefined, sitemaps: [], error };
}

/** Fetches and parses `<origin>/robots.txt` with the guarded fetch. Never throws except on abort. */
export async function loadRobots(origin: string, options: SafeFetchOptions): Promise<RobotsRules> {
  const robotsUrl = new URL('/robots.txt', origin).href;
  try {
    const response = await safeFetch(robotsUrl, {
      ...options,
      maxBytes: ROBOTS_MAX_BYTES,
      accept: 'text/plain,*/*;q=0.5',
    });
    if (response.status >= 200 && response.status < 300) {
      const text = decodeBody(response.body, response.contentType, 'text');
      // A site that answers every path with its HTML shell has no robots.txt.
      if (/^\s*<(!doctype|html)/i.test(text)) return allowAll(robotsUrl);
      return parseRobots(robotsUrl, text, options.settings?.userAgent ?? USER_AGENT);
    }
    if (response.status >= 400 && response.status < 500) return allowAll(robotsUrl);
    return disallowAll(
      robotsUrl,
      new FetchError(
        'http_error',
        robotsUrl,
        `robots.txt answered HTTP ${response.status}; RFC 9309 says to assume the whole site is disallowed`,
        { status: response.status, retryable: true },
      ),
    );
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    if (error instanceof FetchError && error.code === 'too_many_redirects') return allowAll(robotsUrl);
    const cause =
      error instanceof LtxError
        ? error
        : new FetchError('fetch_failed', robotsUrl, String(error), { retryable: true });
    if (cause.code === 'blocked_host' || cause.code === 'invalid_url') return allowAll(robotsUrl);
    return disallowAll(
      robotsUrl,
      new FetchError(
        'fetch_failed',
        robotsUrl,
        `robots.txt could not be fetched (${cause.message}); RFC 9309 says to assume the whole site is disallowed`,
        { cause, retryable: true },
      ),
    );
  }
}
