/**
 * How the judges read the served site: pages over HTTP with a cache, Markdown twins read as the HTML pages
 * they stand for, other hosts never fetched, the start page followed through its meta refreshes.
 */
import { type PageFacts, pageFacts } from './html-facts.js';
import { pageKey, type Scope } from './site-nav.js';

export interface FetchedPage {
  url: string;
  finalUrl: string;
  status: number;
  html: string | undefined;
}

export type PageReader = (url: string) => Promise<FetchedPage>;

/** A reader over HTTP (the served fixture), with a cache; HTML only, bounded in time and size. */
export function httpPageReader(maxBytes = 5_000_000): PageReader {
  const cache = new Map<string, Promise<FetchedPage>>();
  return (url) => {
    let page = cache.get(url);
    if (!page) {
      page = (async () => {
        try {
          const response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(15_000) });
          const type = response.headers.get('content-type') ?? '';
          const body = await response.arrayBuffer();
          const text = body.byteLength <= maxBytes ? new TextDecoder().decode(body) : undefined;
          // HTML by its type, or sniffed when the server names no useful type.
          const sniffed =
            (type === '' || /octet-stream/i.test(type)) &&
            /^\s*<(!doctype html|html|head|body)/i.test(text?.slice(0, 512) ?? '');
          const html = /html/i.test(type) || sniffed ? text : undefined;
          return { url, finalUrl: response.url || url, status: response.status, html };
        } catch {
          return { url, finalUrl: url, status: 0, html: undefined };
        }
      })();
      cache.set(url, page);
    }
    return page;
  };
}

/** HTML pages a Markdown twin URL stands for: `x.html.md` -> `x.html`, `x/index.md` -> `x/`, `x.md` -> `x.html`, `x/`. */
export function htmlCandidates(url: string): string[] {
  const parsed = new URL(url);
  const path = parsed.pathname;
  const at = (p: string) => new URL(p + parsed.search, parsed).href;
  if (/\.html?\.md$/i.test(path)) return [at(path.replace(/\.md$/i, ''))];
  if (/(^|\/)index\.md$/i.test(path)) return [at(path.replace(/index\.md$/i, ''))];
  if (/\.md$/i.test(path)) return [at(path.replace(/\.md$/i, '.html')), at(path.replace(/\.md$/i, '/'))];
  return [];
}

/**
 * A linked page as the judges read it: only pages of the site are fetched (another host is judged by its URL
 * alone); a Markdown twin is judged by the HTML page it stands for.
 */
export async function readLinked(url: string, scope: Scope, read: PageReader): Promise<FetchedPage> {
  if (new URL(url).origin !== scope.origin) return { url, finalUrl: url, status: 0, html: undefined };
  const page = await read(url);
  if (page.html && page.status < 400) return page;
  for (const candidate of htmlCandidates(url)) {
    const twin = await read(candidate);
    if (twin.html && twin.status < 400) return twin;
  }
  return page;
}

/** Follows meta refreshes that stay inside the site, at most `hops` times. */
export async function resolveStart(
  url: string,
  read: PageReader,
  scope: Scope,
  hops = 3,
): Promise<{ page: FetchedPage; facts: PageFacts | undefined }> {
  let page = await read(url);
  let facts = page.html ? pageFacts(page.html, page.finalUrl) : undefined;
  for (let hop = 0; hop < hops && facts?.refreshTo && pageKey(facts.refreshTo, scope); hop++) {
    const next = await read(facts.refreshTo);
    if (!next.html) break;
    page = next;
    facts = pageFacts(next.html, next.finalUrl);
  }
  return { page, facts };
}
