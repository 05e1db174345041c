/**
 * Judges of the pages an llms.txt links to, from each page's URL and its own served HTML (PageFacts): junk
 * kinds, language and version. Pure functions; the facts that depend on the site (its base path, the start
 * page's language, the current version) are derived by the caller from the start page, never hard-coded.
 */
import type { PageFacts } from './html-facts.js';

export type JunkKind =
  | 'generated-index'
  | 'source-listing'
  | 'listing'
  | 'stub'
  | 'draft'
  | 'error-page'
  /** The page asks search engines not to index it (mdBook's print.html, demo pages). */
  | 'noindex';

/** Path segments below the base path, decoded and lower-cased; a trailing `index.html` is dropped. */
export function pathSegments(url: string, basePath = '/'): string[] {
  let path = new URL(url).pathname;
  if (path.startsWith(basePath)) path = path.slice(basePath.length);
  return path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment).toLowerCase();
      } catch {
        return segment.toLowerCase();
      }
    })
    .filter((segment, i, all) => !(i === all.length - 1 && /^index\.html?$/.test(segment)));
}

const stem = (segment: string) => segment.replace(/\.(html?|php|aspx?)$/, '');

/** Generator pages: indexes, search, sitemaps, a version picker page (Docusaurus' versions.html). */
const INDEX_STEMS = new Set([
  'versions',
  'genindex',
  'modindex',
  'py-modindex',
  'search',
  'sitemap',
  'site-map',
  'searchindex',
]);
const LISTING_DIRS = new Set([
  'tag',
  'tags',
  'category',
  'categories',
  'archive',
  'archives',
  'author',
  'authors',
]);
const SOURCE_DIRS = new Set(['_modules', '_sources', '_source', 'source-code']);
const DRAFT_DIRS = new Set(['draft', 'drafts', '_drafts']);
const INDEX_TITLES =
  /^(index|general index|search( results)?|search the docs|python module index|module index|sitemap|site map)$/i;
/** "Tag: x", "Category - x", "Posts tagged x", "Archives", "Tags": titles of listings (when the page is one). */
const LISTING_TITLES =
  /^((tag|category|archive|author|topic)s?\s*[:\-–—]\s*\S|posts? (tagged|in|by|from)\b|(tags|categories|archives?|all posts)$)/i;
/** A listing is mostly links: this share of its text (or more) sits in links. */
const LISTING_LINK_SHARE = 0.35;
const MOVED =
  /\b(this page|page|content|documentation|site) (has )?(been )?(moved|relocated)\b|\bhas moved to\b|\bredirect(ing|ed)?\b|\bno longer (maintained|available|here)\b/i;
const ERROR = /^(404\b.*|(page |file )?not found|error( 404)?|oops!?.*not found.*)[.!]?$/i;

/** Title without a ` | Site` / ` — Site` / ` - Site` part, for matching generator titles like "Index — WEAC". */
function bareTitle(facts: Pick<PageFacts, 'title' | 'h1'>): string[] {
  const parts = facts.title.split(/\s+[|—–·-]\s+/).map((p) => p.trim());
  return [facts.h1, ...parts].filter(Boolean);
}

/**
 * The junk kind of a linked page, or undefined for a page worth listing. URL rules: generated-index stems
 * (genindex, modindex, search, sitemap), source-listing folders (`_modules/`), listing folders (tags,
 * categories, archives, authors) and pagination (`page/N`, `?page=N`), draft folders. HTML rules: a meta
 * refresh or a near-empty page saying it moved (stub), a noindex page (stub when near-empty), generator titles ("Index", "Search", "Python Module Index", "Tag: x"), a "Source code
 * for" heading or a page that is nearly all one code listing, an error title.
 */
export function junkKind(url: string, facts: PageFacts | undefined, basePath = '/'): JunkKind | undefined {
  const segments = pathSegments(url, basePath);
  const last = segments.at(-1) ?? '';
  const query = new URL(url).searchParams;
  if (facts?.refreshTo && facts.refreshTo !== url) return 'stub';
  if (facts && facts.text.length < 400 && MOVED.test(`${facts.title} ${facts.text}`)) return 'stub';
  if (facts && ERROR.test(facts.h1 || facts.title)) return 'error-page';
  if (segments.some((s) => SOURCE_DIRS.has(s))) return 'source-listing';
  if (facts && /^source code for\b/i.test(facts.h1)) return 'source-listing';
  if (facts && facts.text.length > 2000 && facts.codeShare > 0.85) return 'source-listing';
  if (INDEX_STEMS.has(stem(last))) return 'generated-index';
  // By title only when the page is mostly links (an index) or nearly empty (a search form).
  const indexLike = facts && (facts.linkShare >= LISTING_LINK_SHARE || facts.text.length < 300);
  if (facts && indexLike && bareTitle(facts).some((t) => INDEX_TITLES.test(t))) return 'generated-index';
  // A listing folder (tags/, categories/x/, archives/2020/) holds listings; a post that merely has such a
  // slug (/2013/12/24/tags/) has prose, so with the page at hand it must also be mostly links.
  const listingLike = !facts || facts.linkShare >= LISTING_LINK_SHARE || facts.text.length < 200;
  if (segments.some((s) => LISTING_DIRS.has(s)) && listingLike) return 'listing';
  const pageAt = segments.lastIndexOf('page');
  if (pageAt >= 0 && /^\d+$/.test(segments[pageAt + 1] ?? '')) return 'listing';
  if (/^\d+$/.test(query.get('page') ?? query.get('p') ?? '')) return 'listing';
  if (facts && listingLike && bareTitle(facts).some((t) => LISTING_TITLES.test(t) && t.length < 80))
    return 'listing';
  if (segments.some((s) => DRAFT_DIRS.has(s))) return 'draft';
  if (facts && /\bnoindex\b/.test(facts.robots)) return facts.text.length < 400 ? 'stub' : 'noindex';
  return undefined;
}

/** ISO 639-1 codes: a path segment that is one of these (optionally with a region/script) is a locale. */
const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee ' +
    'el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is ' +
    'it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms ' +
    'mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk ' +
    'sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi ' +
    'yo za zh zu'
  ).split(' '),
);

/**
 * Codes that are also common words or abbreviations as folder or section names ("IO", "it", "ml", "os"): read
 * as a locale only from `<html lang>`, never from a path or a name.
 */
const AMBIGUOUS_CODES = new Set([
  'am',
  'an',
  'as',
  'be',
  'hr',
  'id',
  'ie',
  'io',
  'is',
  'it',
  'ml',
  'my',
  'no',
  'or',
  'os',
  'pi',
  'so',
  'to',
  'ts',
]);

/** A locale written in a path segment or a section name, excluding codes that are also ordinary words. */
export function nameLocale(name: string | undefined): string | undefined {
  const locale = localeOf(name);
  return locale && !AMBIGUOUS_CODES.has(locale.split('-')[0]!) ? locale : undefined;
}

/** `zh-cn`, `pt_BR`, `ja`, `zh-Hans` -> normalised locale, or undefined when it is not a language tag. */
export function localeOf(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const match = /^([a-z]{2})(?:[-_]([a-z]{2,4}))?$/i.exec(tag.trim());
  if (!match || !ISO_639_1.has(match[1]!.toLowerCase())) return undefined;
  return match[2] ? `${match[1]!.toLowerCase()}-${match[2].toLowerCase()}` : match[1]!.toLowerCase();
}

/** The locale a URL's first path segment below the base names (`/zh-cn/...`), if any. */
export function pathLocale(url: string, basePath = '/'): string | undefined {
  const first = pathSegments(url, basePath)[0];
  return first && !/\.\w+$/.test(first) ? nameLocale(first) : undefined;
}

/** A page's language: its `<html lang>`, else its path locale. */
export function pageLanguage(url: string, facts: PageFacts | undefined, basePath = '/'): string | undefined {
  return localeOf(facts?.lang?.split(/[\s,]/)[0]) ?? pathLocale(url, basePath);
}

/** Same language: equal primary subtags (en-US = en), except Chinese, where the script/region matters. */
export function sameLanguage(a: string, b: string): boolean {
  const [pa, ra] = a.split('-');
  const [pb, rb] = b.split('-');
  if (pa !== pb) return false;
  if (pa !== 'zh' || !ra || !rb) return true;
  const script = (r: string) => (['tw', 'hk', 'mo', 'hant'].includes(r) ? 'hant' : 'hans');
  return script(ra) === script(rb);
}

/**
 * Foreign: the page's language differs from the start page's. A page's language is its `<html lang>`; a page
 * without one takes the locale folder it sits in (`/ja/...`), if any.
 */
export function isForeignLanguage(
  url: string,
  facts: PageFacts | undefined,
  start: { language: string | undefined; pathLocale: string | undefined },
  basePath = '/',
): boolean {
  const language = pageLanguage(url, facts, basePath);
  if (!language) return false;
  const reference = start.language ?? start.pathLocale;
  if (reference) return !sameLanguage(language, reference);
  // A start page with no language: only a locale folder the start page is not in tells.
  return !localeOf(facts?.lang) && pathLocale(url, basePath) !== undefined;
}

/** `1.2`, `v2`, `0.9.1`, `1.x`, `v3.0` or a named channel (`latest`, `stable`, `next`, `dev`...) */
const NUMBERED = /^v?\d+(\.(\d+|x))+$|^v\d+$/i;
const CURRENT_ALIASES = new Set(['latest', 'stable', 'current', 'release']);
/** Pre-release channels (branch names): ambiguous words such as dev, beta or preview are left out. */
const PRERELEASE = new Set(['next', 'develop', 'master', 'main', 'nightly', 'unstable', 'canary', 'trunk']);

/** The version segment of a URL below the base path: the first numbered or channel folder, else undefined. */
export function versionSegment(url: string, basePath = '/'): string | undefined {
  const segments = pathSegments(url, basePath);
  // Only folders: a file name like "v2.html" or "1.2.html" is a page about a version, not a version tree.
  const folders = new URL(url).pathname.endsWith('/') ? segments : segments.slice(0, -1);
  return folders.find((s) => NUMBERED.test(s) || CURRENT_ALIASES.has(s) || PRERELEASE.has(s));
}

/**
 * The current version(s) of a site: the version segments of the resolved start page and of its canonical URL
 * (mike's 1.2 pages canonicalise to latest/), or none (`''`) when the start page sits in no version folder.
 */
export function currentVersions(startUrls: readonly (string | undefined)[], basePath = '/'): Set<string> {
  const current = new Set<string>();
  for (const url of startUrls) if (url) current.add(versionSegment(url, basePath) ?? '');
  return current;
}

/**
 * Not the current version: a version folder that is not one of the start's. When the start is unversioned,
 * aliases of the current release (latest, stable) count as current; numbered and pre-release trees do not.
 */
export function isOtherVersion(url: string, current: ReadonlySet<string>, basePath = '/'): boolean {
  const version = versionSegment(url, basePath);
  if (version === undefined || current.has(version)) return false;
  if (CURRENT_ALIASES.has(version) && (current.has('') || [...current].some((v) => CURRENT_ALIASES.has(v))))
    return false;
  return true;
}
