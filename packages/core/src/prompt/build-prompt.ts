import type { ExtractiveResult } from '../generate/extractive.js';
import { linkTargets } from '../llmstxt/link-targets.js';
import { parseLlmsTxt } from '../llmstxt/parse.js';
import { renderLlmsTxt } from '../llmstxt/render.js';
import { exactKey } from '../llmstxt/url-key.js';
import { formatIssue, type Issue } from '../llmstxt/validate.js';
import { DEFAULT_LIMITS } from '../options.js';
import { type PlannedSection, planToDraft, type SitePlan } from '../plan/site-plan.js';
import type { CrawlResult, LimitName } from '../types.js';
import { buildDigest } from './digest.js';
import { type ChatMessage, countChatTokens, loadTokenCounter, type TokenCounter } from './tokens.js';

/**
 * The model's prompt: a system message with the llms.txt rules and our exact output format, and a user message
 * with the site, the suggested sections, the extractive skeleton to improve (or, for an update, the previous
 * file) and the page digest fitted to the token budget. Never raw HTML.
 */

export interface PromptOptions {
  /** Input token budget for the whole request (system + user). Default DEFAULT_LIMITS.promptTokenBudget. */
  promptTokenBudget?: number | undefined;
  /** 'update': ask to update `previousLlmsTxt` instead of improving the skeleton. */
  kind?: 'new' | 'update' | undefined;
  previousLlmsTxt?: string | undefined;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  /** Input tokens of `messages` (o200k_base, with chat framing). */
  promptTokens: number;
  budget: number;
  /** Pages with at least their URL and title in the digest. */
  pagesInPrompt: number;
  /** Crawled pages left out of the digest because even their minimal line did not fit. */
  pagesOmitted: number;
  pagesWithExcerpt: number;
  /** Links in the skeleton as sent (it is cut down when it alone would take too much of the budget). */
  skeletonLinks: number;
  limitsHit: LimitName[];
}

/** Share of the budget the skeleton (or previous file) may take before it is cut down. */
const MAX_REFERENCE_SHARE = 0.35;
/** Slack for the few tokens joining pieces adds beyond the piece-by-piece count. */
const SAFETY_TOKENS = 32;

export const SYSTEM_PROMPT = `You write llms.txt files (https://llmstxt.org): a concise Markdown index that helps language models understand and use a website.

Output format, exactly:

# <site or project name>

> <one-sentence summary: what the site or project is and who it is for>

<one short paragraph of key context: what the site covers and how to use the links below>

## <Section name>

- [<page title>](<absolute URL>): <short description>
- [<page title>](<absolute URL>): <short description>

## Optional

- [<page title>](<absolute URL>): <short description>

Rules:
1. Exactly one H1, on the first line. The "> " summary is a single line right after it.
2. Between the summary and the first section: one short paragraph of plain text. No headings there.
3. Each "## " section contains only list items of the form "- [title](url): description", one per line. No prose, code, tables, sub-headings (no ###), nested lists or blank-line-separated notes inside sections.
4. Use only URLs that appear in the page list, copied exactly (scheme, host, path, trailing slash). Never invent, shorten or alter a URL. List each URL at most once.
5. Descriptions: one short factual sentence on what the page contains or when to read it, drawn from the page list (description, headings, excerpt). No marketing, do not just repeat the title.
6. Group pages into clear sections (usually 2 to 10) with short names, most important section first, links in order of importance (follow the site's navigation).
7. Put secondary pages (blog posts, news, changelogs, release notes, legal pages, old versions, archives) in a final section named exactly "Optional". Leave out pages of no use to a reader (search, 404, login, tag listings).
8. Be concise: the whole file is read by a model with limited context.
9. Answer with the llms.txt content only: no code fences, no explanations before or after.`;

function suggestedSections(sections: readonly PlannedSection[], basePath: string): string {
  return sections
    .map((section) => {
      const pages = section.links.length === 1 ? '1 page' : `${section.links.length} pages`;
      const where = section.optional
        ? 'secondary pages (blog, changelog, legal, old versions)'
        : section.folder
          ? `${basePath}${section.folder}/`
          : 'home and top-level pages';
      return `- ${section.name}: ${where} (${pages})`;
    })
    .join('\n');
}

/** The plan cut to its `keep` highest-ranked links (sections that end up empty disappear). */
function cutPlan(plan: SitePlan, keep: number): SitePlan {
  const ranked = plan.sections.flatMap((section) => section.links).sort((a, b) => b.page.rank - a.page.rank);
  const kept = new Set(ranked.slice(0, keep));
  return {
    ...plan,
    sections: plan.sections
      .map((section) => ({ ...section, links: section.links.filter((link) => kept.has(link)) }))
      .filter((section) => section.links.length > 0),
  };
}

/** The skeleton as sent: the whole extractive file, or the largest top-ranked cut of it that fits `maxTokens`. */
function fitSkeleton(
  skeleton: ExtractiveResult,
  maxTokens: number,
  count: TokenCounter,
): { text: string; links: number } {
  if (count(skeleton.llmsTxt) <= maxTokens) return { text: skeleton.llmsTxt, links: skeleton.linked };
  let low = 1;
  let high = skeleton.linked;
  let best = { text: renderLlmsTxt(planToDraft(cutPlan(skeleton.plan, 1))), links: 1 };
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const text = renderLlmsTxt(planToDraft(cutPlan(skeleton.plan, middle)));
    if (count(text) <= maxTokens) {
      best = { text, links: middle };
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
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

export async function buildPrompt(
  crawl: CrawlResult,
  skeleton: ExtractiveResult,
  options: PromptOptions = {},
): Promise<BuiltPrompt> {
  const count = await loadTokenCounter();
  const budget = options.promptTokenBudget ?? DEFAULT_LIMITS.promptTokenBudget;
  const limitsHit: LimitName[] = [];
  const update = options.kind === 'update' && options.previousLlmsTxt !== undefined;
  const referenceMax = Math.floor(budget * MAX_REFERENCE_SHARE);

  const pagesTotal = crawl.pages.length;
  const header = [
    `Website: ${crawl.rootUrl}`,
    `Site name (from its page titles): ${skeleton.plan.siteName}`,
    `Pages crawled: ${pagesTotal}`,
  ].join('\n');

  let reference: string;
  let skeletonLinks = 0;
  let newUrls: Set<string> | undefined;
  let goneNote = '';
  if (update) {
    const previous = options.previousLlmsTxt!.trim();
    const sent = fitPrevious(previous, referenceMax, count);
    if (sent.length < previous.length) limitsHit.push('promptTokenBudget');
    const linked = linkedUrls(previous);
    const crawled = new Set(
      crawl.pages.flatMap((page) => [page.url, page.markdownUrl].filter(Boolean).map((u) => exactKey(u!))),
    );
    newUrls = new Set(crawl.pages.filter((page) => !linked.has(exactKey(page.url))).map((page) => page.url));
    const gone = [...linked].filter((url) => !crawled.has(url));
    if (gone.length > 0) {
      goneNote = `\nLinks in the current file that are no longer pages of the site (remove them):\n${gone
        .slice(0, 100)
        .map((url) => `- ${url}`)
        .join('\n')}${gone.length > 100 ? `\n- ... and ${gone.length - 100} more` : ''}\n`;
    }
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
  } else {
    const fitted = fitSkeleton(skeleton, referenceMax, count);
    skeletonLinks = fitted.links;
    if (fitted.links < skeleton.linked) limitsHit.push('promptTokenBudget');
    reference = [
      `Suggested sections, from the site's URL folders and navigation:\n${suggestedSections(skeleton.plan.sections, crawl.basePath)}`,
      '',
      'A draft llms.txt built mechanically from page titles and meta descriptions. Improve it: a better summary and',
      'context paragraph, informative descriptions, better grouping and section names, secondary pages under Optional.',
      'Keep its URLs exactly as written; you may drop unhelpful pages and add pages from the page list.',
      '<draft>',
      fitted.text.trim(),
      '</draft>',
    ].join('\n');
  }

  const userMessage = (digest: string, inPrompt: number) =>
    [
      header,
      inPrompt < pagesTotal
        ? `Pages in the list below: ${inPrompt} of ${pagesTotal} (the rest left out to fit the budget)`
        : '',
      '',
      reference,
      '',
      'Page list, most important first: [n] URL | title, then description, headings and an excerpt of the text when available.',
      '<pages>',
      digest,
      '</pages>',
      '',
      update ? 'Write the updated llms.txt now.' : 'Write the llms.txt now.',
    ]
      .filter((line, index, all) => line !== '' || all[index - 1] !== '')
      .join('\n');

  const messagesFor = (digest: string, inPrompt: number): ChatMessage[] => [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: userMessage(digest, inPrompt) },
  ];

  // Everything but the digest is the fixed cost (with the "pages left out" note, whose digits may grow a little).
  const fixed = countChatTokens(messagesFor('', 0), count) + 4;
  const digest = buildDigest(crawl.pages, Math.max(0, budget - fixed - SAFETY_TOKENS), count, { newUrls });
  let messages = messagesFor(digest.text, digest.pagesInPrompt);
  let promptTokens = countChatTokens(messages, count);
  while (promptTokens > budget && digest.shrink()) {
    messages = messagesFor(digest.text, digest.pagesInPrompt);
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
    skeletonLinks,
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
