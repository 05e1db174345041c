/**
 * What a URL's path says about its page's language and version: a language prefix (`/ja/`, `/zh-cn/`,
 * `/pt_BR/`) and a version folder (`/1.x/`, `/v2/`, `/0.9/`, `/2.5.0/`, `latest`, `stable`, `next`). Used by
 * the crawler to spend its page limit on the start URL's language and version first, and by the site model.
 */
import { pagePath } from '../extract/hash-route.js';

/** ISO 639-1 codes of languages documentation sites are translated into (two-letter tech words excluded). */
const LANGUAGES = new Set(
  (
    'af am ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fil fr ga gl gu he hi hr hu hy ' +
    'is it ja ka kk km kn ko ky lo lt lv mk ml mn mr my nb ne nl nn no pa pl ps pt ro ru si sk sl sq sr ' +
    'sv sw ta te tg th tk tl tr uk ur uz vi zh zu'
  ).split(' '),
);
const LANGUAGE_SEGMENT = /^([a-z]{2,3})(?:[-_]([a-z]{2,4}))?$/i;
/** Version folders: 1.x, v2, 0.9, 2.5.0, v3.1.x (a bare number such as a year or a page number is not one). */
const NUMBERED_VERSION = /^(?:v\d+(?:\.(?:\d+|x))*|\d+(?:\.(?:\d+|x))+)$/i;
const NAMED_VERSION =
  /^(latest|stable|current|next|dev|devel|development|main|master|nightly|canary|unstable|beta|alpha|preview|edge)$/i;
/** How deep below the base path a language or version folder is looked for. */
const MAX_SIGNAL_DEPTH = 3;

/** 'zh-CN' -> 'zh-cn', 'pt_BR' -> 'pt-br'. */
export function normalizeLang(lang: string | undefined): string | undefined {
  const value = lang?.trim().toLowerCase().replace(/_/g, '-');
  return value ? value : undefined;
}

/** Primary subtag: 'zh-cn' -> 'zh'. */
export function primaryLang(lang: string | undefined): string | undefined {
  return normalizeLang(lang)?.split('-')[0];
}

/** The path segments of `url` below `basePath` (all of them when the path is not under it); none for a bad URL. */
export function segmentsBelow(url: string, basePath: string): string[] {
  let path: string;
  try {
    path = pagePath(new URL(url));
  } catch {
    return [];
  }
  if (path.startsWith(basePath)) path = path.slice(basePath.length);
  return path.split('/').filter(Boolean);
}

/** The language folder of a URL below the base path ('zh-cn'), when its first segment is one. */
export function pathLanguage(url: string, basePath: string): string | undefined {
  const [first, second] = segmentsBelow(url, basePath);
  // A file ('ja.html') is not a folder; a folder is followed by more path.
  if (!first || second === undefined) return undefined;
  const match = LANGUAGE_SEGMENT.exec(first);
  if (!match || !LANGUAGES.has(match[1]!.toLowerCase())) return undefined;
  return normalizeLang(first);
}

export interface PathVersion {
  /** Index of the version folder among the segments below the base path. */
  index: number;
  /** The folder as written ('1.x', 'v2', 'latest'). */
  name: string;
  /** Numeric parts for ordering ([1, 2] for 'v1.2'); undefined for named versions. */
  numbers?: number[] | undefined;
}

/** The first version folder of a URL within a few segments below the base path. */
export function pathVersion(url: string, basePath: string): PathVersion | undefined {
  const segments = segmentsBelow(url, basePath);
  // The last segment is the page itself (a file or a leaf folder with its index).
  const folders = url.endsWith('/') ? segments : segments.slice(0, -1);
  for (let index = 0; index < Math.min(folders.length, MAX_SIGNAL_DEPTH); index++) {
    const name = folders[index]!;
    if (NUMBERED_VERSION.test(name)) {
      const numbers = name
        .replace(/^v/i, '')
        .split('.')
        .filter((part) => /^\d+$/.test(part))
        .map(Number);
      return { index, name, numbers };
    }
    if (NAMED_VERSION.test(name)) return { index, name: name.toLowerCase() };
  }
  return undefined;
}

/** Version key of a URL: '' for unversioned pages, else 'index:name'. */
export function versionKey(url: string, basePath: string): string {
  const version = pathVersion(url, basePath);
  return version ? `${version.index}:${version.name}` : '';
}

export interface StartSignals {
  url: string;
  basePath: string;
  lang?: string | undefined;
  alternates?: readonly { lang: string; url: string }[] | undefined;
}

/**
 * Whether the crawl should take a URL only after the start page's language and version: a language folder
 * other than the start's (known from the start page's lang or its hreflang alternates), or a version folder
 * other than the start's.
 */
export function crawlDeferral(start: StartSignals): (url: string) => boolean {
  const startLang = primaryLang(pathLanguage(start.url, start.basePath) ?? start.lang);
  const startPathLang = pathLanguage(start.url, start.basePath);
  const alternateFolders = new Set<string>();
  for (const alternate of start.alternates ?? []) {
    if (primaryLang(alternate.lang) === startLang) continue;
    const folder = pathLanguage(alternate.url, start.basePath);
    if (folder) alternateFolders.add(folder);
  }
  const startVersion = versionKey(start.url, start.basePath);
  return (url: string) => {
    const folder = pathLanguage(url, start.basePath);
    if (folder && folder !== startPathLang) {
      if (alternateFolders.has(folder)) return true;
      if (startLang && primaryLang(folder) !== startLang) return true;
    }
    const version = versionKey(url, start.basePath);
    return version !== startVersion && version !== '';
  };
}
