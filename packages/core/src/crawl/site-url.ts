import { FetchError } from '../errors.js';
import type { CoreSettings } from '../options.js';
import { normalizeUrl } from './normalize-url.js';
import { assertCrawlableUrl, type GuardOptions } from './ssrf.js';

/**
 * The policy every entry point (API, CLI, worker) applies to a submitted site URL, here in core so that none of
 * them depends on the HTTP package for it.
 */

export interface AcceptedUrl {
  /** The normalised URL stored on the job. */
  url: string;
  /** Key that identifies the site (the worker computes the same with normalizeUrl). */
  siteKey: string;
}

/**
 * Applies the crawl policy to a submitted URL before anything is stored: http(s) only, length limit, and the
 * SSRF guard (private, loopback, link-local and metadata addresses are refused unless
 * LTX_ALLOW_PRIVATE_HOSTS). Throws InvalidUrlError / BlockedHostError (the API renders them as 400).
 *
 * A host that does not resolve right now is refused only when DNS says it does not exist (ENOTFOUND); a
 * temporary resolver failure lets the job through, and the worker's guard checks again before every request.
 * `guard` passes a DNS resolver (tests).
 */
export async function acceptSiteUrl(
  input: string,
  settings: CoreSettings,
  guard: Pick<GuardOptions, 'lookup'> = {},
): Promise<AcceptedUrl> {
  try {
    await assertCrawlableUrl(input, settings, guard);
  } catch (error) {
    if (!(error instanceof FetchError) || !error.retryable) throw error;
  }
  const url = normalizeUrl(input.trim());
  return { url, siteKey: url };
}

/** The site key for a URL given in a query (?url=), or the raw string when it is not a URL. */
export function siteKeyOf(input: string): string {
  try {
    return normalizeUrl(input.trim());
  } catch {
    return input;
  }
}
