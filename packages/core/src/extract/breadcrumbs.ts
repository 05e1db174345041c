/**
 * A page's breadcrumb trail (Home › Guides › Install), from the first source that has one: schema.org
 * BreadcrumbList as JSON-LD, the same as microdata, else a breadcrumb container in the markup
 * (`nav[aria-label=breadcrumb]`, `.breadcrumb`, `.breadcrumbs`, generator variants such as
 * `.theme-doc-breadcrumbs` or `.wy-breadcrumbs`). The trail is per page; the site model turns trails into
 * groups where a site has no sidebar (site/nav-model.ts).
 */
import type { CheerioAPI } from 'cheerio';
import { inlineText } from './text.js';

export interface Crumb {
  label: string;
  /** Absolute URL (fragment dropped); undefined for a crumb without a link (often the current page). */
  url?: string | undefined;
}

/** Breadcrumb containers: ARIA-labelled navs and the class names themes use. */
export const BREADCRUMB_SELECTORS =
  'nav[aria-label*=breadcrumb i], [role=navigation][aria-label*=breadcrumb i], ol.breadcrumb, ul.breadcrumb, ' +
  '.breadcrumb, .breadcrumbs, [class*=breadcrumbs], .wy-breadcrumbs, .md-path';
const MAX_CRUMBS = 12;
const MAX_LABEL_CHARS = 120;
/** Separator characters some themes put between crumbs as text. */
const SEPARATOR = /^[\s›»>/|·•→:-]*$/;

type Resolve = (href: string) => string | undefined;

function clean(label: string): string {
  return inlineText(label).slice(0, MAX_LABEL_CHARS);
}

interface LdItem {
  position?: number;
  name?: string;
  item?: string | { '@id'?: string; id?: string; name?: string; url?: string };
}

function findLdList(value: unknown, depth = 0): LdItem[] | undefined {
  if (!value || typeof value !== 'object' || depth > 4) return undefined;
  if (Array.isArray(value)) {
    for (const entry of value) {
      const found = findLdList(entry, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const type = record['@type'];
  const types = Array.isArray(type) ? type : [type];
  if (types.some((t) => typeof t === 'string' && /BreadcrumbList$/.test(t))) {
    const items = record.itemListElement;
    return Array.isArray(items) ? (items as LdItem[]) : undefined;
  }
  return findLdList(record['@graph'], depth + 1);
}

function fromJsonLd($: CheerioAPI, resolve: Resolve): Crumb[] {
  for (const element of $('script[type="application/ld+json" i]').toArray()) {
    let data: unknown;
    try {
      data = JSON.parse($(element).text());
    } catch {
      continue;
    }
    const items = findLdList(data);
    if (!items) continue;
    const sorted = [...items].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const crumbs: Crumb[] = [];
    for (const item of sorted.slice(0, MAX_CRUMBS)) {
      const target = typeof item.item === 'string' ? item.item : (item.item?.['@id'] ?? item.item?.url);
      const label = clean(item.name ?? (typeof item.item === 'object' ? (item.item?.name ?? '') : ''));
      if (!label) continue;
      crumbs.push({ label, url: target ? resolve(target) : undefined });
    }
    if (crumbs.length > 0) return crumbs;
  }
  return [];
}

function fromMicrodata($: CheerioAPI, resolve: Resolve): Crumb[] {
  const list = $('[itemtype$="schema.org/BreadcrumbList" i]').first();
  if (list.length === 0) return [];
  const crumbs: Crumb[] = [];
  list.find('[itemprop~=itemListElement]').each((_, element) => {
    if (crumbs.length >= MAX_CRUMBS) return;
    const item = $(element);
    const name = item.find('[itemprop~=name]').first();
    const label = clean(name.attr('content') ?? name.text() ?? item.text());
    const link = item.find('[itemprop~=item]').first();
    const href =
      link.attr('href') ?? link.attr('content') ?? link.attr('itemid') ?? item.find('a[href]').attr('href');
    if (label) crumbs.push({ label, url: href ? resolve(href) : undefined });
  });
  return crumbs;
}

function fromMarkup($: CheerioAPI, resolve: Resolve): Crumb[] {
  const container = $(BREADCRUMB_SELECTORS).first();
  if (container.length === 0) return [];
  const items = container.find('li');
  const crumbs: Crumb[] = [];
  const add = (label: string, href: string | undefined) => {
    const text = clean(label);
    if (!text || SEPARATOR.test(text) || crumbs.length >= MAX_CRUMBS) return;
    crumbs.push({ label: text, url: href && !href.startsWith('#') ? resolve(href) : undefined });
  };
  if (items.length > 0) {
    items.each((_, element) => {
      // A nested list item is read by its own entry.
      const item = $(element);
      if (item.find('li').length > 0) return;
      const link = item.find('a[href]').first();
      add(link.length > 0 ? link.text() : item.text(), link.attr('href'));
    });
  } else {
    // Links separated by text, the last crumb as plain text: 'Home › Guides › Install'.
    container.find('a[href]').each((_, element) => add($(element).text(), $(element).attr('href')));
    const tail = container.children().last();
    if (tail.length > 0 && !tail.is('a') && tail.find('a').length === 0) add(tail.text(), undefined);
  }
  return crumbs;
}

/** The page's breadcrumb trail, root first; [] when the page has none. */
export function extractBreadcrumbs($: CheerioAPI, resolve: Resolve): Crumb[] {
  for (const read of [fromJsonLd, fromMicrodata, fromMarkup]) {
    const crumbs = read($, resolve);
    if (crumbs.length > 0) return crumbs;
  }
  return [];
}
