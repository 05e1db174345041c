/** The quality report's table: one compact row per site, a totals line, and a legend. */
import type { SiteJudgement } from './judge-site.js';

export type QualityRow =
  | {
      site: string;
      crawled: number;
      seconds: number;
      judgement: SiteJudgement;
      prompt: {
        /** Input tokens of the prompt's messages, counted here with core's token counter. */
        tokens: number;
        /** The same as core reports it (BuiltPrompt.promptTokens). */
        coreCount: number;
        pagesInPrompt: number;
        perPage: number | undefined;
        /** Crawled pages named in the prompt that the judges call junk / foreign / another version. */
        junkPages: number;
        foreignPages: number;
        otherVersionPages: number;
        /** Share of the prompt's tokens on the lines of those pages. */
        unwantedTokenShare: number;
      };
      error?: undefined;
    }
  | { site: string; error: string };

const SUMMARY_CODES: Record<string, string> = {
  missing: 'none',
  boilerplate: 'boiler',
  generic: 'generic',
  notice: 'notice',
  cut: 'cut',
  'not-a-sentence': 'no-sent',
};

const pct = (n: number | undefined) => (n === undefined ? 'n/a' : `${Math.round(n * 100)}%`);

export const COLUMNS = [
  'site',
  'links m/o',
  'summary',
  'undesc',
  'cut',
  'frag',
  'markup',
  'junk',
  'foreign',
  'oldver',
  'badsec',
  'dup',
  'nav ord',
  'groups',
  'p.tok',
  'tok/page',
  'p.junk',
] as const;

function cells(row: QualityRow): string[] {
  if (row.error !== undefined) return [row.site, 'error (below)'];
  const j = row.judgement;
  const nav = j.nav;
  return [
    row.site,
    `${j.links.main}/${j.links.optional}`,
    j.summary.defect ? SUMMARY_CODES[j.summary.defect]! : 'ok',
    String(j.undescribed.count),
    String(j.cut.count),
    String(j.fragments.count),
    String(j.markup.count),
    String(j.junk.count),
    String(j.foreign.count),
    String(j.oldVersions.count),
    String(j.badSections.count),
    String(j.duplicates.count),
    nav ? `${pct(nav.fraction)} (${nav.outOfOrder}/${nav.pairs})` : 'no nav',
    nav && nav.groups > 0 ? `${nav.groupsSplit}s ${nav.linksMisgrouped}m` : 'n/a',
    String(row.prompt.tokens),
    row.prompt.perPage === undefined ? 'n/a' : row.prompt.perPage.toFixed(0),
    `${row.prompt.junkPages + row.prompt.foreignPages + row.prompt.otherVersionPages} (${pct(row.prompt.unwantedTokenShare)})`,
  ];
}

function totals(rows: QualityRow[]): string[] {
  const ok = rows.filter(
    (r): r is Extract<QualityRow, { judgement: SiteJudgement }> => r.error === undefined,
  );
  const sum = (f: (r: (typeof ok)[number]) => number) => ok.reduce((s, r) => s + f(r), 0);
  const pairs = sum((r) => r.judgement.nav?.pairs ?? 0);
  const outOfOrder = sum((r) => r.judgement.nav?.outOfOrder ?? 0);
  const tokens = sum((r) => r.prompt.tokens);
  const pages = sum((r) => r.prompt.pagesInPrompt);
  return [
    `TOTAL ${ok.length}/${rows.length}`,
    `${sum((r) => r.judgement.links.main)}/${sum((r) => r.judgement.links.optional)}`,
    `${sum((r) => (r.judgement.summary.defect ? 1 : 0))} bad`,
    String(sum((r) => r.judgement.undescribed.count)),
    String(sum((r) => r.judgement.cut.count)),
    String(sum((r) => r.judgement.fragments.count)),
    String(sum((r) => r.judgement.markup.count)),
    String(sum((r) => r.judgement.junk.count)),
    String(sum((r) => r.judgement.foreign.count)),
    String(sum((r) => r.judgement.oldVersions.count)),
    String(sum((r) => r.judgement.badSections.count)),
    String(sum((r) => r.judgement.duplicates.count)),
    `${pct(pairs ? outOfOrder / pairs : undefined)} (${outOfOrder}/${pairs})`,
    `${sum((r) => r.judgement.nav?.groupsSplit ?? 0)}s ${sum((r) => r.judgement.nav?.linksMisgrouped ?? 0)}m`,
    String(tokens),
    pages ? (tokens / pages).toFixed(0) : 'n/a',
    `${sum((r) => r.prompt.junkPages + r.prompt.foreignPages + r.prompt.otherVersionPages)} (${pct(
      tokens ? sum((r) => r.prompt.unwantedTokenShare * r.prompt.tokens) / tokens : undefined,
    )})`,
  ];
}

export const LEGEND = `links m/o: links in main sections / in Optional. summary: ok, or none | boiler (redirect text, generator
default, placeholder) | generic (only the name and words like "documentation") | notice (an admonition) | cut |
no-sent (no sentence end). undesc: main-section links without description (none, the title again, or one
text shared by 3+ links). cut: main-section descriptions clipped by an ellipsis, ending on a hyphen, a function
word, ':' ',' ';' or a dash, or without a sentence end while the page's own text goes on (cut where the source
wrapped or at a length). frag: descriptions without a sentence end that are complete phrases (the whole source
block, or a short phrase): not cut, but not the sentence the issue asks for. markup: texts (summary, titles,
descriptions, section names) holding HTML tags, entities, [source], permalink signs, '#' heading marks, code or
template syntax ({% %}, {{ }}).
junk: links (all sections) to generated indexes, source listings, tag/category/archive/pagination listings,
redirect/moved stubs, drafts, error pages, noindex pages (judged from the URL and the page's own HTML). foreign: links to pages
whose language (html lang, else path locale) is not the start page's. oldver: main-section links in a version
folder that is not the start page's current one. badsec: section names that are language codes, versions,
slugs, single characters, or "Modules" over source listings. dup: links repeating an earlier link's title.
nav ord: share of adjacent main-section link pairs (among links the site's navigation lists) that go backwards
in the navigation's order. groups: nav groups split over several sections (s) and links in a section whose
majority is another nav group (m). p.tok: prompt input tokens (core's counter). tok/page: per page represented
in the prompt. p.junk: crawled pages named in the prompt that are junk, foreign or another version (the share
of the prompt's tokens on their lines).`;

/** Token counts move by a few between runs (the port number is in every URL): under 1% is no change. */
function changed(column: string, before: string | undefined, after: string): boolean {
  if (before === undefined || before === after) return false;
  if (column !== 'p.tok' && column !== 'tok/page') return true;
  const [a, b] = [Number(before), Number(after)];
  return !(Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 0.01 * Math.max(a, b));
}

/**
 * The table; with `baseline` (rows of an earlier `--json` run), each cell that changed shows the earlier value
 * after an arrow (`12 ←30`), for before/after comparisons. Sites are matched by name.
 */
export function formatTable(rows: QualityRow[], baseline?: QualityRow[]): string {
  const body = [...rows.map(cells), totals(rows)];
  if (baseline) {
    const before = new Map(baseline.map((row) => [row.site, cells(row)]));
    const beforeTotals = totals(baseline.filter((row) => rows.some((r) => r.site === row.site)));
    body.forEach((row, r) => {
      const old = r === rows.length ? beforeTotals : before.get(row[0]!);
      if (!old) return;
      body[r] = row.map((cell, i) =>
        i > 0 && changed(COLUMNS[i]!, old[i], cell) ? `${cell} ←${old[i]}` : cell,
      );
    });
  }
  const table = [[...COLUMNS], ...body];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  // Aligned as Biome formats Markdown tables, so the output pastes into docs/benchmarks.md as it is.
  const sep = `| ${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w - 1)}` : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  const errors = rows.flatMap((row) => (row.error !== undefined ? [`${row.site}: error: ${row.error}`] : []));
  return [line(table[0]!), sep, ...table.slice(1).map(line), ...(errors.length ? ['', ...errors] : [])].join(
    '\n',
  );
}

/** Per site, up to five examples of each defect class found (for reading the outputs behind the counts). */
export function formatExamples(rows: QualityRow[]): string {
  const out: string[] = [];
  for (const row of rows) {
    if (row.error !== undefined) continue;
    const j = row.judgement;
    out.push(
      `## ${row.site} (start ${j.resolvedStart}, language ${j.startLanguage ?? '?'}, current version ${j.currentVersions
        .map((v) => v || '(none)')
        .join('/')}, nav: ${j.nav ? `${j.nav.source}, ${j.nav.size} links` : 'none'})`,
    );
    if (j.summary.defect) out.push(`  summary ${j.summary.defect}: ${j.summary.text ?? ''}`);
    const classes = [
      ['undesc', j.undescribed.examples],
      ['cut', j.cut.examples],
      ['frag', j.fragments.examples],
      ['markup', j.markup.examples],
      ['junk', j.junk.examples],
      ['foreign', j.foreign.examples],
      ['oldver', j.oldVersions.examples],
      ['badsec', j.badSections.examples],
    ] as const;
    for (const [name, examples] of classes)
      for (const e of examples)
        out.push(
          `  ${name}: ${e.title}${e.detail ? ` [${e.detail}]` : ''}${e.url ? ` ${new URL(e.url).pathname}` : ''}`,
        );
    for (const title of j.duplicates.examples) out.push(`  dup: ${title}`);
  }
  return out.join('\n');
}
