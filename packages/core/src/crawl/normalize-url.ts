/**
 * URL normalisation for deduplication. Two URLs that name the same page must normalise to the same string:
 * fragments dropped (except a hash route, below), scheme and host lowercased, default ports removed (the WHATWG URL parser does these three),
 * `index.html` / `index.htm` turned into their directory, tracking parameters removed and the rest sorted.
 *
 * The trailing slash is kept by `normalizeUrl` because it changes how relative links on the page resolve;
 * `urlKey` drops it so that `/a` and `/a/` are one page in the crawler's seen-set.
 */
import { InvalidUrlError } from '../errors.js';
import { hashRoute } from '../extract/hash-route.js';
import { trimEndChars } from '../text-trim.js';

/** Query parameters that only track campaigns or referrers; they never change the page. */
const TRACKING_PARAM_PATTERNS: readonly RegExp[] = [
  /^utm_/i,
  /^mc_(cid|eid)$/i,
  /^(gclid|gclsrc|dclid|fbclid|msclkid|yclid|igshid|twclid|ttclid|li_fat_id|wbraid|gbraid)$/i,
  /^(ref|ref_src|ref_url|referrer|source|_ga|_gl|_hsenc|_hsmi|__hstc|__hssc|__hsfp|hsctatracking|mkt_tok|oly_anon_id|oly_enc_id|vero_id|spm|scid)$/i,
];

export { hashRoute };

export function isTrackingParam(name: string): boolean {
  return TRACKING_PARAM_PATTERNS.some((pattern) => pattern.test(name));
}

const INDEX_FILE = /\/index\.html?$/i;

/** The document a URL names: the URL without its fragment (a hash route's HTML document). */
export function documentUrlOf(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

/**
 * Normalises an absolute URL (or `input` relative to `base`). Throws InvalidUrlError when it cannot be parsed.
 * Non-http(s) URLs are returned parsed but otherwise untouched (the caller decides whether to refuse them).
 */
export function normalizeUrl(input: string | URL, base?: string | URL): string {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch (error) {
    throw new InvalidUrlError(`not a valid URL: ${String(input).slice(0, 200)}`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return url.href;
  url.hash = hashRoute(url.hash) ?? '';
  url.username = '';
  url.password = '';
  if (url.hostname.endsWith('.')) url.hostname = trimEndChars(url.hostname, '.');
  url.pathname = url.pathname.replace(INDEX_FILE, '/');
  if (url.search) {
    const kept = [...url.searchParams.entries()].filter(([name]) => !isTrackingParam(name));
    kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
    url.search = new URLSearchParams(kept).toString();
  }
  // `new URL('http://h/?')` keeps a bare '?'; URLSearchParams('') leaves search empty, so href has none.
  if (url.hash) {
    if (!url.search) url.search = '';
    return url.href;
  }
  return url.href.endsWith('?') ? url.href.slice(0, -1) : url.href;
}

/** Like normalizeUrl but returns undefined instead of throwing. */
export function tryNormalizeUrl(input: string | URL, base?: string | URL): string | undefined {
  try {
    return normalizeUrl(input, base);
  } catch {
    return undefined;
  }
}

/**
 * Deduplication key: the normalised URL with the path's trailing slash removed (except for the root), so that
 * `../setting_up` and `../setting_up/` are the same page.
 */
export function urlKey(normalized: string): string {
  const url = new URL(normalized);
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = trimEndChars(url.pathname, '/');
  return url.href;
}

/** File extensions that are never an HTML page; such URLs are skipped before any request. */
const NON_HTML_EXTENSIONS = new Set([
  // images
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'avif',
  'svg',
  'ico',
  'bmp',
  'tif',
  'tiff',
  'heic',
  // documents and archives
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'odt',
  'ods',
  'odp',
  'epub',
  'rtf',
  'ps',
  'zip',
  'gz',
  'tgz',
  'bz2',
  'xz',
  'zst',
  '7z',
  'rar',
  'tar',
  'jar',
  'war',
  'whl',
  'deb',
  'rpm',
  'dmg',
  'exe',
  'msi',
  'apk',
  'iso',
  'bin',
  'img',
  // web assets
  'css',
  'js',
  'mjs',
  'cjs',
  'map',
  'wasm',
  'json',
  'webmanifest',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  // data and feeds
  'xml',
  'rss',
  'atom',
  'xsl',
  'csv',
  'tsv',
  'yaml',
  'yml',
  'ics',
  'vcf',
  'txt',
  // media
  'mp3',
  'mp4',
  'm4a',
  'm4v',
  'wav',
  'ogg',
  'oga',
  'ogv',
  'webm',
  'mov',
  'avi',
  'mkv',
  'flac',
  'aac',
]);

/** True when the URL's last path segment has an extension that cannot be an HTML page. */
export function hasNonHtmlExtension(url: string): boolean {
  const { pathname } = new URL(url);
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  if (dot <= 0) return false;
  return NON_HTML_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}
