/**
 * URL comparison keys for llms.txt links.
 * - `exactKey`: what "this is that crawled page" means: scheme and host lowercased, default port and fragment
 *   dropped (but a hash route '#/guide' of a hash-routed app is kept: it is a page of its own), `%28`/`%29`
 *   read as parentheses (we percent-encode them in links so the reference parser does not cut the URL). Everything else (path, trailing slash, query) must match, so a link that passes answers like
 *   the crawled page did.
 * - `looseKey`: what "the same page twice" means for duplicate detection: exactKey plus trailing slash,
 *   `index.html`, and tracking parameters ignored.
 */
import { hashRoute } from '../extract/hash-route.js';
import { trimEndChars } from '../text-trim.js';

const TRACKING_PARAM = /^(utm_[a-z]+|gclid|fbclid|mc_cid|mc_eid|ref|ref_src)$/i;

export function parseHttpUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function exactKey(url: string): string {
  const parsed = parseHttpUrl(url.trim());
  if (!parsed) return url.trim();
  parsed.hash = hashRoute(parsed.hash) ?? '';
  return parsed.href.replace(/%28/gi, '(').replace(/%29/gi, ')');
}

export function looseKey(url: string): string {
  const parsed = parseHttpUrl(url.trim());
  if (!parsed) return url.trim();
  parsed.hash = hashRoute(parsed.hash) ?? '';
  for (const name of [...parsed.searchParams.keys()])
    if (TRACKING_PARAM.test(name)) parsed.searchParams.delete(name);
  // `(.)\/+$`, without the regular expression's quadratic rescans of a long run of slashes.
  const path = parsed.pathname.replace(/\/index\.html?$/i, '/');
  const trimmed = trimEndChars(path, '/');
  parsed.pathname = trimmed === '' ? path.slice(0, 1) : trimmed;
  return parsed.href.replace(/%28/gi, '(').replace(/%29/gi, ')');
}

/** Percent-encodes the characters that break a Markdown link or the reference parser: `(`, `)`, spaces, `<>`. */
export function linkSafeUrl(url: string): string {
  return url
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/ /g, '%20')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E');
}
