/**
 * Judges of an llms.txt's structure: section names, duplicate link titles, and link order and grouping
 * against the site's own navigation. Pure functions on names, titles and URL keys.
 */
import { nameLocale } from './page-judges.js';

export type SectionNameDefect = 'language-code' | 'version' | 'slug' | 'single-character' | 'source-listing';

/** Language names a section could be named after by humanising a locale folder ("Zh Hans", "Pt Br"). */
const SCRIPT_OR_REGION = /^[a-z]{2,4}$/i;

/**
 * What is wrong with a section name: a language code ("Ja", "Zh Hans", "pt-BR"), a bare version ("1",
 * "1.2", "v2", "1.x"), a slug (kebab/snake/dotted words without spaces, a folder's numeric order prefix
 * "07 Workarounds", a file name), a single character, or "Modules"/"Source" over source listings
 * (`sourceListingShare` = share of its links that are source listings).
 */
export function sectionNameDefect(name: string, sourceListingShare = 0): SectionNameDefect | undefined {
  const n = name.trim();
  if (/^v?\d+(\.(\d+|x))*$/i.test(n)) return 'version';
  if ([...n].length <= 1) return 'single-character';
  const parts = n.split(/[\s_-]+/);
  if (
    parts.length <= 2 &&
    !/^\p{Lu}{2}$/u.test(parts[0]!) &&
    nameLocale(parts[0]) &&
    (parts.length === 1 || SCRIPT_OR_REGION.test(parts[1]!))
  )
    return 'language-code';
  if (/^[\p{Ll}\p{N}]+([-_.][\p{Ll}\p{N}]+)+$/u.test(n) || /\.(html?|md|php)$/i.test(n)) return 'slug';
  if (/^\d+[\s_.-]+\S/.test(n)) return 'slug';
  if (/^(modules?|module code|source( code)?|_modules)$/i.test(n) && sourceListingShare >= 0.5)
    return 'source-listing';
  return undefined;
}

/** Links whose title (case- and space-insensitive) repeats an earlier link's title: n-1 per repeated title. */
export function duplicateTitles(titles: readonly string[]): { count: number; examples: string[] } {
  const seen = new Map<string, number>();
  let count = 0;
  const examples: string[] = [];
  for (const title of titles) {
    const key = title.trim().replace(/\s+/g, ' ').toLowerCase();
    const times = (seen.get(key) ?? 0) + 1;
    seen.set(key, times);
    if (times > 1) {
      count += 1;
      if (times === 2) examples.push(title);
    }
  }
  return { count, examples };
}

export interface NavEntry {
  key: string;
  group: string;
}

export interface NavOrderResult {
  /** Output links (in the judged sections) that the navigation lists. */
  inNav: number;
  /** Adjacent pairs of those links, in output order. */
  pairs: number;
  /** Pairs whose nav positions go backwards. */
  outOfOrder: number;
  /** outOfOrder / pairs, or undefined when there is no pair. */
  fraction: number | undefined;
  /** Nav groups (with a label) that the output spreads over more than one section. */
  groupsSplit: number;
  /** Links placed in a section whose other links (the majority) come from another nav group. */
  linksMisgrouped: number;
  /** Nav groups with a label that the judged links come from. */
  groups: number;
}

/**
 * Order and grouping of output links against the site's navigation. `sections` holds the judged sections in
 * file order, each as URL keys in link order; `nav` is the navigation's links in order with their group.
 * Pairs are taken between consecutive links that the nav lists, across section boundaries (the file is read
 * top to bottom).
 */
export function navOrder(sections: readonly (readonly string[])[], nav: readonly NavEntry[]): NavOrderResult {
  const position = new Map<string, number>();
  const groupOf = new Map<string, string>();
  nav.forEach((entry, i) => {
    if (!position.has(entry.key)) {
      position.set(entry.key, i);
      groupOf.set(entry.key, entry.group);
    }
  });
  const sequence = sections.flat().filter((key) => position.has(key));
  let outOfOrder = 0;
  for (let i = 1; i < sequence.length; i++) {
    if (position.get(sequence[i]!)! < position.get(sequence[i - 1]!)!) outOfOrder += 1;
  }
  const pairs = Math.max(0, sequence.length - 1);
  const sectionsOfGroup = new Map<string, Set<number>>();
  let linksMisgrouped = 0;
  sections.forEach((section, index) => {
    const groups = section.map((key) => groupOf.get(key)).filter((g): g is string => !!g);
    if (groups.length === 0) return;
    const counts = new Map<string, number>();
    for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
    const majority = Math.max(...counts.values());
    linksMisgrouped += groups.length - majority;
    for (const g of counts.keys()) {
      const set = sectionsOfGroup.get(g) ?? new Set<number>();
      set.add(index);
      sectionsOfGroup.set(g, set);
    }
  });
  let groupsSplit = 0;
  for (const set of sectionsOfGroup.values()) if (set.size > 1) groupsSplit += 1;
  return {
    inNav: sequence.length,
    pairs,
    outOfOrder,
    fraction: pairs > 0 ? outOfOrder / pairs : undefined,
    groupsSplit,
    linksMisgrouped,
    groups: sectionsOfGroup.size,
  };
}
