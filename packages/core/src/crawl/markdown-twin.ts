/**
 * Markdown twins (llms.txt convention): a page's clean Markdown copy, announced by
 * `<link rel="alternate" type="text/markdown">` or an HTTP `Link:` header, or found at a conventional URL:
 *   'append'  : page.html -> page.html.md, dir/ -> dir/index.html.md, /x -> /x.md   (llms.txt v1)
 *   'replace' : page.html -> page.md, dir/ -> dir.md                                (llms.txt v2)
 *   'index-md': dir/ -> dir/index.md
 * Probing costs requests, so the crawler probes the start page only and, when one form answers Markdown
 * there, tries that same form on the other pages; sites without twins pay at most three extra requests.
 */
import { LtxError } from '../errors.js';
import { type FetchedText, fetchText, type SafeFetchOptions } from './safe-fetch.js';

export type TwinPattern = 'append' | 'replace' | 'index-md';
export const TWIN_PATTERNS: readonly TwinPattern[] = ['append', 'replace', 'index-md'];

/** The twin URL of `pageUrl` under `pattern`, or undefined when the pattern does not apply. */
export function twinUrl(pageUrl: string, pattern: TwinPattern): string | undefined {
  const url = new URL(pageUrl);
  url.hash = '';
  url.search = '';
  const path = url.pathname;
  const isDir = path.endsWith('/');
  const html = /\.html?$/i.exec(path);
  switch (pattern) {
    case 'append':
      url.pathname = isDir ? `${path}index.html.md` : `${path}.md`;
      break;
    case 'replace':
      if (isDir) url.pathname = path === '/' ? '/index.md' : `${path.slice(0, -1)}.md`;
      else if (html) url.pathname = `${path.slice(0, html.index)}.md`;
      else url.pathname = `${path}.md`;
      break;
    case 'index-md':
      if (!isDir) return undefined;
      url.pathname = `${path}index.md`;
      break;
  }
  return url.href;
}

/**
 * A Link header's parameters (RFC 8288): `; name=value` or `; name="value"`, names and values lowercased, the
 * first occurrence of a name kept. Split on `;` and read by hand: linear on any header.
 */
function linkParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (!name || params.has(name)) continue;
    let value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (value.startsWith('"')) {
      const close = value.indexOf('"', 1);
      value = value.slice(1, close < 0 ? value.length : close);
    }
    params.set(name, value.trim().toLowerCase());
  }
  return params;
}

/** Parses an HTTP Link header for rel=alternate type=text/markdown; returns the absolute target. */
export function markdownLinkHeader(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match?.[1]) continue;
    const params = linkParams(match[2] ?? '');
    if (!(params.get('rel') ?? '').split(/\s+/).includes('alternate')) continue;
    if (!/^text\/(x-)?markdown\b/.test(params.get('type') ?? '')) continue;
    try {
      return new URL(match[1], base).href;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Fetches a twin candidate; returns it when it answered 2xx with Markdown (or plain text that is not an HTML
 * page: many servers send .md as text/plain), else undefined. Aborts propagate.
 */
export async function fetchTwin(url: string, options: SafeFetchOptions): Promise<FetchedText | undefined> {
  try {
    const response = await fetchText(url, { ...options, accept: 'text/markdown,text/plain;q=0.9,*/*;q=0.1' });
    if (response.kind !== 'markdown' && response.kind !== 'text') return undefined;
    if (response.text.trim() === '' || /^\s*<(!doctype|html|head|body)\b/i.test(response.text))
      return undefined;
    return response;
  } catch (error) {
    if (error instanceof LtxError && error.code === 'aborted') throw error;
    return undefined;
  }
}
