/**
 * Heavy libraries loaded on first use instead of at import time (issue 13 item 3): importing @ltx/core must not
 * cost a process that never extracts a page on its main thread (an idle worker, the API, `ltx --version`) the
 * ~40 MiB of cheerio (with parse5, htmlparser2 and undici behind it), turndown, piscina and undici, and iconv-lite (only non-UTF-8 pages need it). Pages are
 * extracted in the pool's threads, so on the main thread cheerio loads only for a sitemap and piscina with the
 * first page, undici with the first request; the openai SDK (~11 MiB) with the first model client (an idle
 * worker, the extractive generator and `ltx generate --offline` never load it). Loaded synchronously
 * (createRequire: all six ship CommonJS builds) so that the functions using them stay synchronous. Every use of
 * openai's classes goes through loadOpenAI, so `instanceof` always compares against the same (CommonJS) copy.
 */
import { createRequire } from 'node:module';

type CheerioModule = typeof import('cheerio');
type TurndownConstructor = typeof import('turndown');
type PiscinaModule = typeof import('piscina');
type UndiciModule = typeof import('undici');
type IconvModule = typeof import('iconv-lite');
type TldtsModule = typeof import('tldts');
type OpenAIModule = typeof import('openai');

const load = createRequire(import.meta.url);
/** A loader that requires `name` on its first call and hands the same module back after. */
function lazy<T>(name: string): () => T {
  let module: T | undefined;
  return () => {
    module ??= load(name) as T;
    return module;
  };
}

export const loadCheerio = lazy<CheerioModule>('cheerio');
export const loadTurndown = lazy<TurndownConstructor>('turndown');
export const loadPiscina = lazy<PiscinaModule>('piscina');
export const loadUndici = lazy<UndiciModule>('undici');
export const loadIconv = lazy<IconvModule>('iconv-lite');
/** The Public Suffix List (tldts): only a crawl that renders pages asks which site a request goes to. */
export const loadTldts = lazy<TldtsModule>('tldts');
export const loadOpenAI = lazy<OpenAIModule>('openai');
