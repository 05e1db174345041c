/**
 * Page titles. Per page: the <title>, or the main h1 when the <title> carries a separator (`Page | Site`).
 * Across pages: the site name shared by many titles as a prefix or suffix (` | Site`, ` - Site`, ` — Site`,
 * `Site | `...) is detected and stripped when at least 3 pages, or at least 30% of them (and 2 or more), share it.
 */
import { isWhitespace, trimEndWhile, trimStartWhile } from '../text-trim.js';

/**
 * Separators between a page name and a site name; they need spaces around them ("a-b" is a word). The
 * lookbehind starts a match only at the beginning of a whitespace run (the only place one can start), so a long
 * run without a separator is scanned once, not once per position.
 */
const SEPARATOR = /(?<!\s)\s+(?:\||-|–|—|·|•|»|::)\s+/;
const SEPARATOR_GLOBAL = new RegExp(SEPARATOR.source, 'g');

export function hasSeparator(title: string): boolean {
  return SEPARATOR.test(title);
}

/** The text after the last separator and before the first, or undefined without a separator. */
export function titleAffixes(title: string): { prefix: string; suffix: string } | undefined {
  const matches = [...title.matchAll(SEPARATOR_GLOBAL)];
  const first = matches[0];
  const last = matches[matches.length - 1];
  if (!first || !last || first.index === undefined || last.index === undefined) return undefined;
  return {
    prefix: title.slice(0, first.index).trim(),
    suffix: title.slice(last.index + last[0].length).trim(),
  };
}

const isDangling = (char: string): boolean => isWhitespace(char) || '|-–—·•»:'.includes(char);

/** Removes separators left dangling at either end ('Site | ' -> 'Site'). */
export function cleanTitle(title: string): string {
  return trimStartWhile(trimEndWhile(title, isDangling), isDangling);
}

/** The title for one page before cross-page stripping. */
export function pickTitle(rawTitle: string, h1: string | undefined, fallback?: string): string {
  if (rawTitle && h1 && hasSeparator(rawTitle) && h1.length <= 200) return h1;
  return cleanTitle(rawTitle) || h1 || fallback || '';
}

export interface SiteAffix {
  /** The shared site name. */
  name: string;
  position: 'prefix' | 'suffix';
  /** Pages whose raw title carries it. */
  count: number;
}

/** Finds the site name shared by the raw titles as a prefix or suffix, if any qualifies. */
export function detectSiteAffix(rawTitles: readonly string[]): SiteAffix | undefined {
  const total = rawTitles.length;
  const suffixes = new Map<string, number>();
  const prefixes = new Map<string, number>();
  for (const title of rawTitles) {
    const affixes = titleAffixes(title);
    if (!affixes) continue;
    if (affixes.suffix) suffixes.set(affixes.suffix, (suffixes.get(affixes.suffix) ?? 0) + 1);
    if (affixes.prefix) prefixes.set(affixes.prefix, (prefixes.get(affixes.prefix) ?? 0) + 1);
  }
  const best = (counts: Map<string, number>): [string, number] | undefined =>
    [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const suffix = best(suffixes);
  const prefix = best(prefixes);
  const qualifies = (entry: [string, number] | undefined): entry is [string, number] =>
    entry !== undefined && entry[1] >= 2 && (entry[1] >= 3 || entry[1] / total >= 0.3);
  const suffixOk = qualifies(suffix);
  const prefixOk = qualifies(prefix);
  if (suffixOk && (!prefixOk || suffix[1] >= prefix[1]))
    return { name: suffix[0], position: 'suffix', count: suffix[1] };
  if (prefixOk) return { name: prefix[0], position: 'prefix', count: prefix[1] };
  return undefined;
}

/**
 * Removes the site affix from one raw title. Returns undefined when the title does not carry it, and ''
 * when nothing but the site name is left ('Site | ').
 */
export function stripSiteAffix(rawTitle: string, affix: SiteAffix): string | undefined {
  if (cleanTitle(rawTitle) === affix.name) return rawTitle.trim() === affix.name ? undefined : '';
  const affixes = titleAffixes(rawTitle);
  if (!affixes) return undefined;
  if (affix.position === 'suffix' && affixes.suffix === affix.name) {
    const matches = [...rawTitle.matchAll(SEPARATOR_GLOBAL)];
    const last = matches[matches.length - 1]!;
    return cleanTitle(rawTitle.slice(0, last.index));
  }
  if (affix.position === 'prefix' && affixes.prefix === affix.name) {
    const first = rawTitle.match(SEPARATOR)!;
    return cleanTitle(rawTitle.slice((first.index ?? 0) + first[0].length));
  }
  return undefined;
}

/**
 * Final titles for a set of pages: with a shared site affix, each title that carries it loses it; the rest
 * keep their per-page title. A title that was nothing but the site name plus a separator becomes '' (the
 * caller falls back to the h1 or the URL). Returns the titles (same order) and the site name when found.
 */
export function finalizeTitles(pages: readonly { rawTitle: string; title: string }[]): {
  titles: string[];
  siteName: string | undefined;
} {
  const affix = detectSiteAffix(pages.map((page) => page.rawTitle));
  if (!affix) return { titles: stripBracketSuffix(pages.map((page) => page.title)), siteName: undefined };
  return {
    titles: stripBracketSuffix(pages.map((page) => stripSiteAffix(page.rawTitle, affix) ?? page.title)),
    siteName: affix.name,
  };
}

const BRACKET_SUFFIX = /^(.*\S)\s+\(([^()]{2,60})\)$/;

/**
 * A bracketed suffix most titles share ('Retrofit.Builder (retrofit API)', Javadoc's '(Project API)') is the
 * site's, not the page's: stripped where at least 3 pages and 30% of them carry it. It does not name the
 * site (it names the API, not the project).
 */
export function stripBracketSuffix(titles: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const title of titles) {
    const suffix = BRACKET_SUFFIX.exec(title)?.[2];
    if (suffix) counts.set(suffix, (counts.get(suffix) ?? 0) + 1);
  }
  const [shared, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (count < 3 || count < titles.length * 0.3) return [...titles];
  return titles.map((title) => {
    const match = BRACKET_SUFFIX.exec(title);
    return match && match[2] === shared ? match[1]! : title;
  });
}
