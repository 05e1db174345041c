/**
 * Sitemaps (sitemaps.org): <urlset> and <sitemapindex> documents parsed with cheerio in XML mode, gzip
 * (by magic bytes, whatever the extension or Content-Type says) inflated asynchronously with zlib under a size
 * cap (SITEMAP_MAX_BYTES, so a gzip bomb is refused, not inflated), index files followed recursively up to
 * `maxFiles` documents and `maxUrls` URLs in total.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Logger } from 'pino';
import { AbortedError, LtxError } from '../errors.js';
import { loadCheerio } from '../lazy-modules.js';
import { silentLogger } from '../logger.js';
import { decodeBody } from './decode.js';
import { type SafeFetchOptions, safeFetch } from './safe-fetch.js';

export interface SitemapEntry {
  loc: string;
  lastmod?: string | undefined;
  /** <priority> in [0,1] when given. */
  priority?: number | undefined;
  /** The top-level sitemap document (as fetched) this entry was listed under, through any index files. */
  sitemap?: string | undefined;
}

export interface ParsedSitemap {
  kind: 'urlset' | 'index' | 'unknown';
  /** Page entries (urlset) or child sitemap locations (index). */
  entries: SitemapEntry[];
}

/** Parses one sitemap document. Unknown documents give kind 'unknown' and no entries (never throws). */
export function parseSitemap(xml: string): ParsedSitemap {
  const $ = loadCheerio().load(xml, { xml: true });
  const root = $.root().children().first();
  const rootName = (root.prop('tagName') ?? '').toLowerCase().replace(/^.*:/, '');
  const kind = rootName === 'urlset' ? 'urlset' : rootName === 'sitemapindex' ? 'index' : 'unknown';
  if (kind === 'unknown') return { kind, entries: [] };
  const entries: SitemapEntry[] = [];
  root.children().each((_, element) => {
    const child = $(element);
    const name = (child.prop('tagName') ?? '').toLowerCase().replace(/^.*:/, '');
    if (name !== 'url' && name !== 'sitemap') return;
    const field = (tag: string): string | undefined => {
      const value = child
        .children()
        .filter((__, el) => ($(el).prop('tagName') ?? '').toLowerCase().replace(/^.*:/, '') === tag)
        .first()
        .text()
        .trim();
      return value || undefined;
    };
    const loc = field('loc');
    if (!loc) return;
    const priorityText = field('priority');
    const priority = priorityText === undefined ? undefined : Number(priorityText);
    entries.push({
      loc,
      lastmod: field('lastmod'),
      priority:
        priority !== undefined && Number.isFinite(priority) ? Math.min(1, Math.max(0, priority)) : undefined,
    });
  });
  return { kind, entries };
}

export function isGzip(body: Uint8Array): boolean {
  return body[0] === 0x1f && body[1] === 0x8b;
}

export interface LoadSitemapsOptions {
  fetch: SafeFetchOptions;
  /**
   * Rewrites a sitemap location before it is fetched (host aliases, scope): one URL, or alternatives tried in
   * order until one is a sitemap; undefined drops it. `parent` is the index file that named it, if any.
   */
  mapUrl?: ((url: string, parent: string | undefined) => string | readonly string[] | undefined) | undefined;
  /** Maximum number of sitemap documents fetched (index children included). */
  maxFiles?: number | undefined;
  /** Maximum number of page entries collected. */
  maxUrls?: number | undefined;
  /** Maximum inflated size of one document. */
  maxBytes?: number | undefined;
  logger?: Logger | undefined;
}

export interface LoadedSitemaps {
  /** Page entries in document order, locations as written in the sitemaps (not yet mapped or scoped). */
  entries: SitemapEntry[];
  /** Sitemap documents that were fetched and parsed. */
  files: string[];
  /** Locations that failed, with why. */
  failed: { url: string; reason: string }[];
  /** A cap (files or URLs) was reached. */
  capped: boolean;
}

export const DEFAULT_SITEMAP_MAX_FILES = 25;
export const DEFAULT_SITEMAP_MAX_URLS = 50_000;
/**
 * Largest sitemap document read, in bytes after decompression (and the most read from the wire). sitemaps.org
 * allows 50 MB, but 10 MB already holds some 50 000 entries (DEFAULT_SITEMAP_MAX_URLS, the most used from all
 * files together) and bounds the memory of one document: its bytes, its text and its cheerio DOM. A bigger
 * file is recorded as failed ('larger than ... bytes'), not read in part.
 */
export const SITEMAP_MAX_BYTES = 10 * 1024 * 1024;

const gunzipAsync = promisify(gunzip);

/** Inflates gzip bytes off the main thread; refuses output beyond maxBytes (RangeError from zlib). */
async function inflate(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array | string> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
      return `larger than ${maxBytes} bytes when decompressed (gzip)`;
    return `not valid gzip: ${(error as Error).message}`;
  }
}

/** Fetches and parses one sitemap document; a failure is returned as its reason (abort is thrown). */
async function fetchSitemap(
  url: string,
  options: LoadSitemapsOptions,
  maxBytes: number,
): Promise<ParsedSitemap | string> {
  try {
    const response = await safeFetch(url, {
      ...options.fetch,
      maxBytes,
      accept: 'application/xml,text/xml;q=0.9,*/*;q=0.5',
    });
    if (response.status < 200 || response.status >= 300) return `HTTP ${response.status}`;
    if (response.truncated) return `larger than ${maxBytes} bytes`;
    let bytes = response.body;
    if (isGzip(bytes)) {
      const inflated = await inflate(bytes, maxBytes);
      if (typeof inflated === 'string') return inflated;
      bytes = inflated;
    }
    const parsed = parseSitemap(decodeBody(bytes, response.contentType, 'xml'));
    return parsed.kind === 'unknown' ? 'not a sitemap document' : parsed;
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    return error instanceof LtxError ? error.message : String(error);
  }
}

/** Fetches the candidate sitemaps breadth-first, following index files. Errors are recorded, never thrown (except abort). */
export async function loadSitemaps(
  candidates: readonly string[],
  options: LoadSitemapsOptions,
): Promise<LoadedSitemaps> {
  const logger = options.logger ?? silentLogger;
  const maxFiles = options.maxFiles ?? DEFAULT_SITEMAP_MAX_FILES;
  const maxUrls = options.maxUrls ?? DEFAULT_SITEMAP_MAX_URLS;
  const maxBytes = options.maxBytes ?? SITEMAP_MAX_BYTES;
  const result: LoadedSitemaps = { entries: [], files: [], failed: [], capped: false };
  /** `root`: the top-level document an index child descends from. */
  const queue: { location: string; parent?: string; root?: string }[] = candidates.map((location) => ({
    location,
  }));
  const seen = new Set<string>();
  next: while (queue.length > 0) {
    const item = queue.shift()!;
    const mapped = options.mapUrl ? options.mapUrl(item.location, item.parent) : item.location;
    const urls = (typeof mapped === 'string' ? [mapped] : (mapped ?? [])).filter((url) => !seen.has(url));
    for (const url of urls) {
      if (result.files.length + result.failed.length >= maxFiles) {
        result.capped = true;
        break next;
      }
      seen.add(url);
      const parsed = await fetchSitemap(url, options, maxBytes);
      if (typeof parsed === 'string') {
        result.failed.push({ url, reason: parsed });
        continue;
      }
      result.files.push(url);
      logger.debug({ url, kind: parsed.kind, entries: parsed.entries.length }, 'sitemap');
      const root = item.root ?? url;
      if (parsed.kind === 'index') {
        queue.push(...parsed.entries.map((entry) => ({ location: entry.loc, parent: url, root })));
        continue next;
      }
      for (const entry of parsed.entries) {
        if (result.entries.length >= maxUrls) {
          result.capped = true;
          break;
        }
        result.entries.push({ ...entry, sitemap: root });
      }
      continue next;
    }
  }
  return result;
}
