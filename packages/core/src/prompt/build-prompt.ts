import { linkTargets } from '../llmstxt/link-targets.js';
import { parseLlmsTxt } from '../llmstxt/parse.js';
import { exactKey } from '../llmstxt/url-key.js';
import { formatIssue, type Issue } from '../llmstxt/validate.js';
import { DEFAULT_LIMITS } from '../options.js';
import { describePage, descriptionContext, type SitePlan } from '../plan/site-plan.js';
import { renderNavTree } from '../site/nav-model.js';
import { JUNK_KINDS, type PageKind } from '../site/page-kinds.js';
import type { CrawledPage, CrawlResult, LimitName } from '../types.js';
import { buildDigest } from './digest.js';
import { pageRef } from './page-refs.js';
import { type ChatMessage, countChatTokens, loadTokenCounter, type TokenCounter } from './tokens.js';

/**
 * The model's prompt: a system message with the llms.txt rules and our exact output format, and a user message
 * with the site, its navigation tree and suggested sections (pages by reference), and the page digest fitted to
 * the token budget (or, for an update, the previous file). Junk pages (generated indexes, listings, stubs, other
 * languages and versions) are not in it. Never raw HTML. The model links pages by reference (`[Title](p12)`);
 * resolvePageRefs() turns references into URLs before validation.
 */

export interface PromptOptions {
  /** Input token budget for the whole request (system + user). Default DEFAULT_LIMITS.promptTokenBudget. */
  promptTokenBudget?: number | undefined;
  /** 'update': ask to update `previousLlmsTxt` instead of writing a new file. */
  kind?: 'new' | 'update' | undefined;
  previousLlmsTxt?: string | undefined;
}

/** What the prompt needs from the plan (an ExtractiveResult is one). */
export interface PromptPlan {
  plan: SitePlan;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  /** Input tokens of `messages` (o200k_base, with chat framing). */
  promptTokens: number;
  budget: number;
  /** Pages with at least their reference, URL and title in the digest. */
  pagesInPrompt: number;
  /** Listable pages left out of the digest because even their minimal line did not fit. */
  pagesOmitted: number;
  pagesWithExcerpt: number;
  /** Links in the suggested sections as sent. */
  skeletonLinks: number;
  /** Pages left out as junk (kinds that never reach the prompt), duplicates or utility pages. */
  pagesExcluded: number;
  /** Page reference ('p12') -> URL, for resolvePageRefs(). */
  refs: Map<string, string>;
  limitsHit: LimitName[];
}

/** Share of the budget the previous file may take before it is cut down. */
const MAX_REFERENCE_SHARE = 0.35;
/** Slack for the few tokens joining pieces adds beyond the piece-by-piece count. */
const SAFETY_TOKENS = 32;
/** At most this many lines of navigation tree. */
const MAX_NAV_LINES = 400;

export const SYSTEM_PROMPT = `You write llms.txt files (https://llmstxt.org): a concise Markdown index that helps language models understand and use a website.

Output format, exactly:

# <site or project name>

> <one-sentence summary: what the site or project is and who it is for>

<one short paragraph of key context: what the site covers and how to use the links below>

## <Section name>

- [<page title>](<page reference>): <short description>
- [<page title>](<page reference>): <short description>

## Optional

- [<page title>](<page reference>): <short description>

Rules:
1. Exactly one H1, on the first line. The "> " summary is a single complete sentence right after it.
2. Between the summary and the first section: one short paragraph of plain text. No headings there.
3. Each "## " section contains only list items of the form "- [title](reference): description", one per line. No prose, code, tables, sub-headings (no ###), nested lists or blank-line-separated notes inside sections.
4. Use only URLs that appear in the page list, by their reference: write [Title](p12) for page p12 and ltx puts in its exact URL. (A URL copied exactly from the page list is accepted too.) Never invent a page. List each page at most once.
5. Descriptions: one short factual sentence on what the page contains or when to read it, drawn from the page list (description, headings, excerpt). No marketing, do not just repeat the title.
6. Group pages into clear sections (usually 2 to 10) that follow the site's navigation tree: its group labels make good section names, its order is the order of importance. Most important section first.
7. Put secondary pages (marked changelog, news, legal or draft, and the like) in a final section named exactly "Optional". Junk pages (search, indexes, tag listings, redirects) are already left out.
8. Be concise: the whole file is read by a model with limited context.
9. Answer with the llms.txt content only: no code fences, no explanations before or after.`;

/** Secondary kinds are shown to the model; plain content and home are not. */
function kindLabel(kind: PageKind | undefined): string | undefined {
  return kind === 'changelog' || kind === 'news' || kind === 'legal' || kind === 'draft' ? kind : undefined;
}

/** The plan's sections as `- Name: p3 p4 p9` lines (the suggested grouping, by reference). */
function suggestedSections(
  plan: SitePlan,
  refOf: (url: string) => string | undefined,
): { text: string; links: number } {
  let links = 0;
  const lines = plan.sections
    .map((section) => {
      const refs = section.links.map((link) => refOf(link.page.url)).filter((ref): ref is string => !!ref);
      links += refs.length;
      return refs.length > 0 ? `- ${section.name}: ${refs.join(' ')}` : '';
    })
    .filter(Boolean);
  return { text: lines.join('\n'), links };
}

/** The previous file as sent: cut at a line end when it alone would take too much of the budget. */
function fitPrevious(previous: string, maxTokens: number, count: TokenCounter): string {
  if (count(previous) <= maxTokens) return previous;
  const lines = previous.split('\n');
  let low = 1;
  let high = lines.length;
  let best = lines[0] ?? '';
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const text = lines.slice(0, middle).join('\n');
    if (count(text) <= maxTokens) {
      best = text;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/** URLs the previous llms.txt links to (exact keys). */
function linkedUrls(llmsTxt: string): Set<string> {
  const urls = new Set<string>();
  for (const url of linkTargets(llmsTxt)) urls.add(exactKey(url));
  const parsed = parseLlmsTxt(llmsTxt);
  if (parsed.ok)
    for (const section of parsed.value.sections)
      for (const link of section.links) urls.add(exactKey(link.url));
  return urls;
}

/** Pages the prompt shows: the plan's (no junk kinds, duplicates or utility pages), highest rank first. */
function promptPages(crawl: CrawlResult, plan: SitePlan): CrawledPage[] {
  const planned = new Set(plan.sections.flatMap((section) => section.links.map((link) => link.page)));
  return crawl.pages.filter((page) => planned.has(page)).sort((a, b) => b.rank - a.rank);
}

export async function buildPrompt(
  crawl: CrawlResult,
  skeleton: PromptPlan,
  options: PromptOptions = {},
): Promise<BuiltPrompt> {
  const count = await loadTokenCounter();
  const budget = options.promptTokenBudget ?? DEFAULT_LIMITS.promptTokenBudget;
  const limitsHit: LimitName[] = [];
  const update = options.kind === 'update' && options.previousLlmsTxt !== undefined;
  const referenceMax = Math.floor(budget * MAX_REFERENCE_SHARE);
  const plan = skeleton.plan;
  const site = plan.site;

  const pages = promptPages(crawl, plan);
  const pagesTotal = pages.length;
  const excluded = crawl.pages.length - pagesTotal;
  const refOfAll = new Map(pages.map((page, index) => [page.url, pageRef(index)]));
  const kindCounts = Object.entries(site.counts)
    .filter(([kind]) => JUNK_KINDS.has(kind as PageKind))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const header = [
    `Website: ${crawl.rootUrl}`,
    `Site name (from its page titles): ${plan.siteName}`,
    `Pages crawled: ${crawl.pages.length}; worth listing: ${pagesTotal}${kindCounts ? ` (left out: ${kindCounts})` : ''}`,
    site.lang ? `Language: ${site.lang} (pages in other languages are left out)` : '',
    `Suggested summary: ${plan.summary}`,
  ]
    .filter(Boolean)
    .join('\n');

  let reference = '';
  let newUrls: Set<string> | undefined;
  if (update) {
    const previous = options.previousLlmsTxt!.trim();
    const sent = fitPrevious(previous, referenceMax, count);
    if (sent.length < previous.length) limitsHit.push('promptTokenBudget');
    const linked = linkedUrls(previous);
    const crawled = new Set(
      crawl.pages.flatMap((page) => [page.url, page.markdownUrl].filter(Boolean).map((u) => exactKey(u!))),
    );
    newUrls = new Set(pages.filter((page) => !linked.has(exactKey(page.url))).map((page) => page.url));
    const gone = [...linked].filter((url) => !crawled.has(url));
    const goneNote =
      gone.length > 0
        ? `\nLinks in the current file that are no longer pages of the site (remove them):\n${gone
            .slice(0, 100)
            .map((url) => `- ${url}`)
            .join('\n')}${gone.length > 100 ? `\n- ... and ${gone.length - 100} more` : ''}\n`
        : '';
    reference = [
      'This is the current llms.txt of the site, written from an earlier crawl. Update it for the site as crawled now:',
      'keep what still holds (structure, section names, good descriptions), remove links to pages that are no longer in the page list,',
      'add the important new pages (marked [new] in the page list) and fix descriptions of pages whose content changed.',
      'Answer with the complete updated file.',
      '<current_llms_txt>',
      sent,
      '</current_llms_txt>',
      goneNote,
    ].join('\n');
  }

  const structure = (refOf: (url: string) => string | undefined) => {
    const nav =
      site.nav.source === 'navigation' || site.nav.source === 'breadcrumbs'
        ? renderNavTree(site.nav.tree, refOf, MAX_NAV_LINES)
        : '';
    const sections = suggestedSections(plan, refOf);
    const text = [
      nav
        ? `The site's navigation (group labels, and pages by reference, in the site's order):\n<navigation>\n${nav}\n</navigation>`
        : '',
      `Suggested sections (pages by reference):\n${sections.text}`,
    ]
      .filter(Boolean)
      .join('\n\n');
    return { text, links: sections.links };
  };

  const userMessage = (structureText: string, digest: string, inPrompt: number) =>
    [
      header,
      inPrompt < pagesTotal
        ? `Pages in the list below: ${inPrompt} of ${pagesTotal} (the rest left out to fit the budget)`
        : '',
      '',
      reference,
      '',
      structureText,
      '',
      'Page list, most important first: reference, URL | title (kind), then description, headings and a short excerpt when there is no description.',
      '<pages>',
      digest,
      '</pages>',
      '',
      update
        ? 'Write the updated llms.txt now.'
        : 'Write the llms.txt now, linking pages by reference ([Title](p1)).',
    ]
      .filter((line, index, all) => line !== '' || all[index - 1] !== '')
      .join('\n');

  const messagesFor = (structureText: string, digest: string, inPrompt: number): ChatMessage[] => [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: userMessage(structureText, digest, inPrompt) },
  ];

  // Everything but the digest is the fixed cost (the structure for every page is an upper bound).
  const full = structure((url) => refOfAll.get(url));
  const fixed = countChatTokens(messagesFor(full.text, '', 0), count) + 4;
  const describeCtx = descriptionContext(crawl.pages);
  const descriptions = new Map(
    plan.sections.flatMap((section) => section.links.map((link) => [link.page, link.description] as const)),
  );
  const digest = buildDigest(pages, Math.max(0, budget - fixed - SAFETY_TOKENS), count, {
    newUrls,
    describe: (page) => descriptions.get(page) ?? (describePage(page, describeCtx) || undefined),
    kindOf: (page) => kindLabel(site.kinds.get(page)),
  });
  const represented = new Map(
    pages.slice(0, digest.pagesInPrompt).map((page, index) => [page.url, pageRef(index)] as const),
  );
  const sent = structure((url) => represented.get(url));
  let messages = messagesFor(sent.text, digest.text, digest.pagesInPrompt);
  let promptTokens = countChatTokens(messages, count);
  while (promptTokens > budget && digest.shrink()) {
    messages = messagesFor(sent.text, digest.text, digest.pagesInPrompt);
    promptTokens = countChatTokens(messages, count);
  }
  if (digest.pagesOmitted > 0 && !limitsHit.includes('promptTokenBudget'))
    limitsHit.push('promptTokenBudget');

  return {
    messages,
    promptTokens,
    budget,
    pagesInPrompt: digest.pagesInPrompt,
    pagesOmitted: digest.pagesOmitted,
    pagesWithExcerpt: digest.pagesWithExcerpt,
    skeletonLinks: sent.links,
    pagesExcluded: excluded,
    refs: new Map([...represented].map(([url, ref]) => [ref, url])),
    limitsHit,
  };
}

/** Longest previous answer fed back on a retry (characters); the rest is cut. */
const MAX_ECHOED_ANSWER_CHARS = 40_000;
/** At most this many issues are listed in a retry request. */
const MAX_LISTED_ISSUES = 40;

/**
 * The retry request: the conversation continues with the rejected answer (as the assistant's turn) and a user
 * turn listing the exact validation errors to fix.
 */
export function buildRetryMessages(
  base: readonly ChatMessage[],
  answer: string,
  errors: readonly Issue[],
): ChatMessage[] {
  const echoed =
    answer.length > MAX_ECHOED_ANSWER_CHARS
      ? `${answer.slice(0, MAX_ECHOED_ANSWER_CHARS)}\n[... answer cut ...]`
      : answer;
  const listed = errors.slice(0, MAX_LISTED_ISSUES).map((issue) => `- ${formatIssue(issue)}`);
  if (errors.length > MAX_LISTED_ISSUES)
    listed.push(`- ... and ${errors.length - MAX_LISTED_ISSUES} more errors of the same kinds`);
  const request = answer.trim()
    ? `Your answer is not a valid llms.txt. Fix these errors:\n${listed.join('\n')}\n\nAnswer with the complete corrected llms.txt only (no code fences, no explanations), following the format and rules above, and using only URLs from the page list.`
    : `Your answer was empty or unreadable (${listed.map((line) => line.slice(2)).join('; ')}). Answer with the complete llms.txt only, following the format and rules above.`;
  return [
    ...base,
    { role: 'assistant', content: echoed.trim() ? echoed : '(empty answer)' },
    { role: 'user', content: request },
  ];
}
