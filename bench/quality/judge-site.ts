/**
 * Judges one llms.txt against the site it describes: parses it (core's parseLlmsTxt, for structure only),
 * reads every linked page's own HTML from the server, and counts each defect class. Everything site-specific
 * is derived here from the start page (its resolved URL after meta refreshes, its canonical, its language).
 */
import { parseLlmsTxt } from '@ltx/core';
import { type PageFacts, pageFacts } from './html-facts.js';
import {
  currentVersions,
  isForeignLanguage,
  isOtherVersion,
  type JunkKind,
  junkKind,
  pageLanguage,
  pathLocale,
} from './page-judges.js';
import { type PageReader, readLinked, resolveStart } from './page-reader.js';
import { pageKey, type Scope, siteNavigation } from './site-nav.js';
import { duplicateTitles, type NavOrderResult, navOrder, sectionNameDefect } from './structure-judges.js';
import {
  type CutReason,
  descriptionEnd,
  type EmptyReason,
  emptyDescription,
  type MarkupKind,
  markupKinds,
  normalText,
  type SummaryDefect,
  summaryDefect,
  summaryOf,
} from './text-judges.js';

export interface Example {
  title: string;
  url?: string | undefined;
  detail?: string | undefined;
}

export interface SiteJudgement {
  startUrl: string;
  /** The start page after HTTP redirects and up to 3 meta refreshes inside the site. */
  resolvedStart: string;
  startLanguage: string | undefined;
  currentVersions: string[];
  summary: { text: string | null; defect: SummaryDefect | undefined };
  links: { total: number; main: number; optional: number };
  undescribed: { count: number; reasons: Partial<Record<EmptyReason, number>>; examples: Example[] };
  cut: { count: number; reasons: Partial<Record<CutReason | 'continues', number>>; examples: Example[] };
  /** Main-section descriptions without a sentence end that are complete as phrases (not counted as cut). */
  fragments: { count: number; reasons: Partial<Record<'heading' | 'phrase', number>>; examples: Example[] };
  markup: { count: number; kinds: Partial<Record<MarkupKind, number>>; examples: Example[] };
  junk: { count: number; kinds: Partial<Record<JunkKind, number>>; examples: Example[] };
  foreign: { count: number; examples: Example[] };
  oldVersions: { count: number; examples: Example[] };
  badSections: { count: number; examples: Example[] };
  duplicates: { count: number; examples: string[] };
  nav: (NavOrderResult & { source: string; size: number }) | undefined;
  /** Links whose page did not answer 200 with HTML (judged by URL only). */
  unreadable: number;
}

const MAX_EXAMPLES = 5;
const push = (list: Example[], example: Example) => {
  if (list.length < MAX_EXAMPLES) list.push(example);
};
const tally = <K extends string>(counts: Partial<Record<K, number>>, key: K) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export async function judgeLlmsTxt(
  llmsTxt: string,
  startUrl: string,
  scope: Scope,
  read: PageReader,
): Promise<SiteJudgement> {
  const parsed = parseLlmsTxt(llmsTxt);
  if (!parsed.ok) throw new Error(`not an llms.txt: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const doc = parsed.value;
  const base = scope.basePath;
  const summary = summaryOf(llmsTxt);

  const start = await resolveStart(startUrl, read, scope);
  const startFacts = start.facts;
  const startLanguage = pageLanguage(start.page.finalUrl, startFacts, base);
  const startLocale = pathLocale(start.page.finalUrl, base);
  const canonical = startFacts?.canonical;
  const canonicalServed = canonical && pageKey(canonical, scope) !== undefined ? canonical : undefined;
  const canonicalOnServed =
    canonicalServed && scope.production && canonicalServed.startsWith(scope.production)
      ? `${scope.origin}${base}${canonicalServed.slice(scope.production.length)}`
      : canonicalServed;
  const versions = currentVersions([start.page.finalUrl, canonicalOnServed], base);

  const judgement: SiteJudgement = {
    startUrl,
    resolvedStart: start.page.finalUrl,
    startLanguage,
    currentVersions: [...versions],
    summary: { text: summary, defect: summaryDefect(summary, doc.title) },
    links: { total: 0, main: 0, optional: 0 },
    undescribed: { count: 0, reasons: {}, examples: [] },
    cut: { count: 0, reasons: {}, examples: [] },
    fragments: { count: 0, reasons: {}, examples: [] },
    markup: { count: 0, kinds: {}, examples: [] },
    junk: { count: 0, kinds: {}, examples: [] },
    foreign: { count: 0, examples: [] },
    oldVersions: { count: 0, examples: [] },
    badSections: { count: 0, examples: [] },
    duplicates: duplicateTitles(doc.sections.flatMap((s) => s.links.map((l) => l.title))),
    nav: undefined,
    unreadable: 0,
  };

  const markup = (text: string | null | undefined, where: string, url?: string) => {
    if (!text) return;
    const kinds = markupKinds(text);
    if (kinds.length === 0) return;
    judgement.markup.count += 1;
    for (const kind of kinds) tally(judgement.markup.kinds, kind);
    push(judgement.markup.examples, {
      title: where,
      url,
      detail: `${kinds.join(',')}: ${text.slice(0, 120)}`,
    });
  };
  markup(summary, 'summary');
  markup(doc.info?.replace(/^>.*$/m, ''), 'details');

  const descriptionUses = new Map<string, number>();
  for (const link of doc.sections.flatMap((section) => section.links)) {
    const key = normalText(link.desc ?? '');
    if (key) descriptionUses.set(key, (descriptionUses.get(key) ?? 0) + 1);
  }
  const linkedFacts: PageFacts[] = [];
  const mainSections: string[][] = [];
  const mainNames: { name: string; sourceShare: number }[] = [];
  for (const section of doc.sections) {
    const optional = section.name.trim().toLowerCase() === 'optional';
    markup(section.name, `section ${section.name}`);
    const keys: string[] = [];
    let sourceListings = 0;
    for (const link of section.links) {
      judgement.links.total += 1;
      if (optional) judgement.links.optional += 1;
      else judgement.links.main += 1;
      markup(link.title, `title ${link.title}`, link.url);
      markup(link.desc, `description of ${link.title}`, link.url);
      const page = await readLinked(link.url, scope, read);
      const facts = page.html ? pageFacts(page.html, page.finalUrl) : undefined;
      if (facts) linkedFacts.push(facts);
      else judgement.unreadable += 1;
      const junk = junkKind(page.finalUrl, facts, base) ?? junkKind(link.url, facts, base);
      if (junk) {
        judgement.junk.count += 1;
        tally(judgement.junk.kinds, junk);
        push(judgement.junk.examples, { title: link.title, url: link.url, detail: junk });
        if (junk === 'source-listing') sourceListings += 1;
      }
      if (
        isForeignLanguage(page.finalUrl, facts, { language: startLanguage, pathLocale: startLocale }, base)
      ) {
        judgement.foreign.count += 1;
        push(judgement.foreign.examples, {
          title: link.title,
          url: link.url,
          detail: pageLanguage(page.finalUrl, facts, base),
        });
      }
      if (optional) continue;
      const key = pageKey(page.finalUrl, scope) ?? pageKey(link.url, scope);
      if (key) keys.push(key);
      if (isOtherVersion(page.finalUrl, versions, base)) {
        judgement.oldVersions.count += 1;
        push(judgement.oldVersions.examples, { title: link.title, url: link.url });
      }
      const desc = link.desc?.trim() ?? '';
      const empty = emptyDescription(desc, link.title, descriptionUses);
      if (empty) {
        judgement.undescribed.count += 1;
        tally(judgement.undescribed.reasons, empty);
        push(judgement.undescribed.examples, { title: link.title, url: link.url, detail: empty });
        continue;
      }
      const ending = descriptionEnd(desc, facts?.blocks);
      if (ending.end === 'cut') {
        const reason = ending.reason ?? 'no-end';
        judgement.cut.count += 1;
        tally(judgement.cut.reasons, reason);
        push(judgement.cut.examples, { title: link.title, detail: `${reason}: …${desc.slice(-60)}` });
      } else if (ending.end === 'fragment') {
        // A heading of the page used as its description, or a phrase.
        const plain = desc
          .replace(/^#+\s*/, '')
          .replace(/`/g, '')
          .trim()
          .toLowerCase();
        const heading = facts?.headings.some((h) => h.toLowerCase() === plain) || /^#{1,6}\s/.test(desc);
        const kind = heading ? 'heading' : 'phrase';
        judgement.fragments.count += 1;
        tally(judgement.fragments.reasons, kind);
        push(judgement.fragments.examples, { title: link.title, detail: `${kind}: ${desc.slice(0, 80)}` });
      }
    }
    if (!optional) {
      mainSections.push(keys);
      mainNames.push({
        name: section.name,
        sourceShare: section.links.length ? sourceListings / section.links.length : 0,
      });
    }
  }

  let navLabels = new Set<string>();
  if (startFacts) {
    const frames: PageFacts[] = [];
    for (const src of startFacts.navFrames.slice(0, 3)) {
      const frame = await read(src);
      if (frame.html) frames.push(pageFacts(frame.html, frame.finalUrl));
    }
    const nav = siteNavigation(startFacts, linkedFacts, scope, frames);
    if (nav) {
      judgement.nav = {
        ...navOrder(mainSections, nav.entries),
        source: nav.source,
        size: nav.entries.length,
      };
      navLabels = new Set(nav.entries.map((e) => e.group.toLowerCase()).filter(Boolean));
    }
  }
  for (const { name, sourceShare } of mainNames) {
    const defect = sectionNameDefect(name, sourceShare);
    // A slug-like name the site's own navigation uses as a group label ("weac.core") is the site's name for it.
    if (!defect || (defect === 'slug' && navLabels.has(name.trim().toLowerCase()))) continue;
    judgement.badSections.count += 1;
    push(judgement.badSections.examples, { title: name, detail: defect });
  }
  return judgement;
}
