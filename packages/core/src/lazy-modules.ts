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
type OpenAIModule = typeof import('openai');

const load = createRequire(import.meta.url);
let cheerio: CheerioModule | undefined;
let turndown: TurndownConstructor | undefined;
let piscina: PiscinaModule | undefined;
let undici: UndiciModule | undefined;
let iconv: IconvModule | undefined;
let openai: OpenAIModule | undefined;

export const loadCheerio = (): CheerioModule => {
  cheerio ??= load('cheerio') as CheerioModule;
  return cheerio;
};

export const loadTurndown = (): TurndownConstructor => {
  turndown ??= load('turndown') as TurndownConstructor;
  return turndown;
};

export const loadPiscina = (): PiscinaModule => {
  piscina ??= load('piscina') as PiscinaModule;
  return piscina;
};

export const loadUndici = (): UndiciModule => {
  undici ??= load('undici') as UndiciModule;
  return undici;
};

export const loadIconv = (): IconvModule => {
  iconv ??= load('iconv-lite') as IconvModule;
  return iconv;
};

export const loadOpenAI = (): OpenAIModule => {
  openai ??= load('openai') as OpenAIModule;
  return openai;
};
