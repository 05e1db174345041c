import { crawlSite } from '../crawl/crawler.js';
import type { RenderReport } from '../crawl/renderer.js';
import { assertCrawlableUrl } from '../crawl/ssrf.js';
import { AbortedError, LtxError, ValidationFailedError } from '../errors.js';
import { buildFullText } from '../extract/full-text.js';
import { answerProblem, completionTokenCap } from '../llm/answer-bounds.js';
import { type ChatClient, createChatClient, requireApiKey } from '../llm/client.js';
import { normalizeLlmsTxt } from '../llmstxt/normalize.js';
import { exactKey } from '../llmstxt/url-key.js';
import { formatIssue, type Issue, type ValidationResult, validateLlmsTxt } from '../llmstxt/validate.js';
import { silentLogger } from '../logger.js';
import {
  type CoreSettings,
  CRAWL_TIME_SHARE,
  type JobOptions,
  resolveLimits,
  resolveModel,
} from '../options.js';
import { buildPrompt, buildRetryMessages } from '../prompt/build-prompt.js';
import { resolvePageRefs } from '../prompt/page-refs.js';
import type {
  CrawlResult,
  GenerateContext,
  GenerateResult,
  LimitName,
  Progress,
  RenderSummary,
  TokenUsage,
} from '../types.js';
import { buildExtractive, type ExtractiveResult } from './extractive.js';

/**
 * generate(url): crawl -> extractive skeleton -> (extractive generator: done) prompt -> model -> normalise ->
 * validate (links must be crawled pages or their Markdown twins) -> retry with the exact errors fed back, up to
 * validationAttempts -> ValidationFailedError with the last errors.
 *
 * Update jobs (kind 'update', ctx.previous): an unchanged crawl (same content hash) keeps the previous file
 * without calling the model; otherwise the model updates the previous file from the new digest.
 */

export type GenerateOptions = JobOptions & { kind?: 'new' | 'update' | undefined };

const ZERO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 };

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof LtxError) throw reason;
    throw new AbortedError(reason instanceof Error ? reason.message : 'generation aborted', {
      cause: reason,
    });
  }
}

/** Every URL a link may point to: the crawled pages and their Markdown twins. */
export function allowedUrlsOf(crawl: CrawlResult): Set<string> {
  const urls = new Set<string>();
  for (const page of crawl.pages) {
    urls.add(exactKey(page.url));
    if (page.markdownUrl) urls.add(exactKey(page.markdownUrl));
  }
  return urls;
}

function linkCount(validation: ValidationResult | undefined): number {
  return validation?.parsed?.sections.reduce((sum, section) => sum + section.links.length, 0) ?? 0;
}

function crawlWarnings(crawl: CrawlResult): string[] {
  const warnings: string[] = [];
  const empty = crawl.pages.filter((page) => page.text.trim() === '').length;
  if (empty > 0 && empty >= crawl.pages.length / 2) {
    warnings.push(
      `${empty} of ${crawl.pages.length} pages have no text: the site may need JavaScript to render, descriptions come from metadata only`,
    );
  }
  const render = crawl.render;
  if (render && render.needed.length > 0) {
    const rendered = render.needed.length - render.notRendered.length;
    const names = (urls: readonly string[]): string =>
      urls.slice(0, 5).join(', ') + (urls.length > 5 ? `, and ${urls.length - 5} more` : '');
    if (render.notRendered.length > 0) {
      const why =
        render.mode === 'off'
          ? 'rendering is off (LTX_RENDER=off)'
          : render.available
            ? 'the per-job render cap or a render failure left them as served'
            : 'no browser is available to this process (install Chromium or set LTX_CHROMIUM_PATH; LTX_RENDER)';
      warnings.push(
        `${render.needed.length} page${render.needed.length === 1 ? '' : 's'} needed JavaScript; ${render.notRendered.length} kept as served because ${why}: ${names(render.notRendered)}`,
      );
    } else {
      warnings.push(
        `${rendered} page${rendered === 1 ? '' : 's'} needed JavaScript and ${rendered === 1 ? 'was' : 'were'} rendered`,
      );
    }
  }
  if (render && render.refusedCount > 0) {
    warnings.push(
      `${render.refusedCount} browser request${render.refusedCount === 1 ? ' was' : 's were'} refused by the SSRF guard or robots.txt: ${render.refused
        .slice(0, 3)
        .map((entry) => entry.url)
        .join(', ')}`,
    );
  }
  const blocked = render?.blocked;
  if (blocked && blocked.trackers + blocked.thirdParty > 0) {
    warnings.push(
      `${blocked.trackers + blocked.thirdParty} browser request${blocked.trackers + blocked.thirdParty === 1 ? ' was' : 's were'} not made: ${blocked.trackers} to trackers, ${blocked.thirdParty} to other sites (${blocked.hosts.slice(0, 3).join(', ')}); a job allows a host with renderAllowHosts`,
    );
  }
  const heavy = crawl.skipped.filter((entry) => entry.reason === 'cpu_budget').map((entry) => entry.url);
  if (heavy.length > 0) {
    const named = heavy.slice(0, 5).join(', ') + (heavy.length > 5 ? `, and ${heavy.length - 5} more` : '');
    warnings.push(
      `${heavy.length} page${heavy.length === 1 ? ' was' : 's were'} skipped: parsing and extraction took over the per-page CPU budget (pageCpuBudgetMs): ${named}`,
    );
  }
  return warnings;
}

export async function generate(
  url: string,
  options: GenerateOptions = {},
  ctx: GenerateContext = {},
): Promise<GenerateResult> {
  const started = Date.now();
  const settings = ctx.settings ?? {};
  const logger = ctx.logger ?? silentLogger;
  const generator = options.generator ?? settings.defaultGenerator ?? 'llm';
  // Fail fast on what no crawl can fix: a bad URL or, for the llm generator, a missing key (an update job may
  // keep its previous file without the model, so it crawls first).
  if (generator === 'llm' && !(options.kind === 'update' && ctx.previous?.contentHash)) {
    requireApiKey(settings);
    resolveModel(options, settings);
  }
  await assertCrawlableUrl(url, settings);
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ phase: 'crawling', pagesFound: 0, pagesFetched: 0 });
  // The crawl gets its share of the job's time, so hitting it leaves time to generate from what was crawled.
  const timeLimitMs = resolveLimits(options).jobTimeoutMs * CRAWL_TIME_SHARE - (Date.now() - started);
  logger.debug({ url, generator, crawlTimeLimitMs: Math.round(timeLimitMs) }, 'crawling');
  const crawl = await crawlSite(url, options, {
    signal: ctx.signal,
    logger,
    settings,
    onProgress: ctx.onProgress,
    timeLimitMs,
    renderer: ctx.renderer,
    renderMode: settings.renderMode,
  });
  return generateFromCrawl(crawl, options, ctx, started);
}

/** What every generator path shares: the crawl, options, logger, the progress reporter and the result finisher. */
interface RunContext {
  crawl: CrawlResult;
  options: GenerateOptions;
  ctx: GenerateContext;
  settings: CoreSettings;
  logger: NonNullable<GenerateContext['logger']>;
  generator: 'llm' | 'extractive';
  pagesFound: number;
  pagesFetched: number;
  warnings: string[];
  limitsHit: Set<LimitName>;
  progress: (update: Omit<Progress, 'pagesFound' | 'pagesFetched'>) => void;
  finish: (result: FinishInput) => GenerateResult;
}

type FinishInput = Omit<
  GenerateResult,
  'durationMs' | 'limitsHit' | 'contentHash' | 'skipped' | 'warnings' | 'render'
>;

/** Pages and requests a job's result names at most, in each list of its render summary. */
const RENDER_LISTED = 20;

/** What the job's result says about rendering: counts, and the first pages and requests by name. */
export function renderSummaryOf(report: RenderReport | undefined): RenderSummary | undefined {
  if (!report) return undefined;
  return {
    mode: report.mode,
    available: report.available,
    pagesNeedingJs: report.needed.length,
    pagesRendered: report.rendered,
    needed: report.needed.slice(0, RENDER_LISTED),
    notRendered: report.notRendered.slice(0, RENDER_LISTED),
    notRenderedCount: report.notRendered.length,
    refusedRequests: report.refusedCount,
    refused: report.refused.slice(0, RENDER_LISTED),
    blocked: { ...report.blocked, hosts: report.blocked.hosts.slice(0, RENDER_LISTED) },
    renderMs: report.renderMs,
  };
}

/** The generation steps after the crawl, for callers that already hold one (cron's change check, benchmarks). */
export async function generateFromCrawl(
  crawl: CrawlResult,
  options: GenerateOptions = {},
  ctx: GenerateContext = {},
  startedAt: number = Date.now(),
): Promise<GenerateResult> {
  const settings = ctx.settings ?? {};
  const pagesFound = crawl.pages.length + crawl.skipped.length;
  const pagesFetched = crawl.pages.length;
  const progress = (update: Omit<Progress, 'pagesFound' | 'pagesFetched'>) =>
    ctx.onProgress?.({ pagesFound, pagesFetched, ...update });
  const limitsHit = new Set<LimitName>(crawl.limitsHit);
  const warnings = crawlWarnings(crawl);
  const run: RunContext = {
    crawl,
    options,
    ctx,
    settings,
    logger: ctx.logger ?? silentLogger,
    generator: options.generator ?? settings.defaultGenerator ?? 'llm',
    pagesFound,
    pagesFetched,
    warnings,
    limitsHit,
    progress,
    finish: (result) => {
      progress({ phase: 'done', ...(result.pages.inPrompt ? { pagesInPrompt: result.pages.inPrompt } : {}) });
      return {
        contentHash: crawl.contentHash,
        skipped: crawl.skipped.length,
        ...result,
        warnings,
        limitsHit: [...limitsHit],
        render: renderSummaryOf(crawl.render),
        durationMs: Date.now() - startedAt,
      };
    },
  };

  // Update job whose crawl did not change: keep the previous file, no model call.
  const previous = (options.kind ?? 'new') === 'update' ? ctx.previous : undefined;
  if (previous?.contentHash && previous.contentHash === crawl.contentHash)
    return keepPrevious(run, previous.llmsTxt);

  const skeleton = buildExtractive(crawl, { noteLanguages: options.languageNote === true });
  const site = skeleton.plan.site;
  run.logger.debug(
    {
      kinds: site.counts,
      navigation: site.nav.source,
      navPages: site.nav.covered,
      lang: site.lang,
      otherLanguages: site.otherLanguages,
      version: site.currentVersion || undefined,
      linked: skeleton.linked,
    },
    'site understood',
  );
  const llmsFullTxt = options.full ? fullText(run, skeleton) : undefined;
  if (run.generator === 'extractive') return generateExtractive(run, skeleton, llmsFullTxt);
  return generateWithModel(run, skeleton, llmsFullTxt, previous);
}

/** The page counts of a result made without the model (no page in a prompt). */
function pagesWithoutModel(run: RunContext, linked: number): GenerateResult['pages'] {
  return { discovered: run.pagesFound, fetched: run.pagesFetched, inPrompt: 0, linked };
}

/** An update job whose site did not change keeps its previous file. */
function keepPrevious(run: RunContext, llmsTxt: string): GenerateResult {
  run.logger.debug({ contentHash: run.crawl.contentHash }, 'site unchanged since the previous file: kept');
  return run.finish({
    llmsTxt,
    generator: run.generator,
    usage: { ...ZERO_USAGE },
    pages: pagesWithoutModel(run, linkCount(validateLlmsTxt(llmsTxt))),
    attempts: 0,
    unchanged: true,
  });
}

function fullText(run: RunContext, skeleton: ExtractiveResult): string {
  const full = buildFullText(
    run.crawl.pages.map((page) => ({ url: page.url, title: page.title, markdown: page.markdown })),
    resolveLimits(run.options).fullTextMaxBytes,
    skeleton.plan.siteName,
  );
  if (full.limitHit) run.limitsHit.add(full.limitHit);
  return full.text;
}

/** The extractive generator: the plan rendered, validated like any answer. */
function generateExtractive(
  run: RunContext,
  skeleton: ExtractiveResult,
  llmsFullTxt: string | undefined,
): GenerateResult {
  const validation = validateLlmsTxt(skeleton.llmsTxt, { allowedUrls: allowedUrlsOf(run.crawl) });
  if (!validation.valid) {
    // Never expected: the renderer only writes what the validator accepts. Fail loudly, not silently.
    throw new LtxError(
      'internal',
      `the extractive llms.txt is invalid: ${validation.errors.map(formatIssue).join('; ')}`,
    );
  }
  run.warnings.push(...validation.warnings.map(formatIssue));
  return run.finish({
    llmsTxt: skeleton.llmsTxt,
    llmsFullTxt,
    generator: run.generator,
    usage: { ...ZERO_USAGE },
    pages: { ...pagesWithoutModel(run, skeleton.linked), kinds: skeleton.plan.site.counts },
    attempts: 1,
    unchanged: false,
  });
}

/**
 * The llm generator: prompt -> model -> page references resolved to URLs -> normalise -> validate, retried
 * with the exact errors fed back up to validationAttempts.
 */
async function generateWithModel(
  run: RunContext,
  skeleton: ExtractiveResult,
  llmsFullTxt: string | undefined,
  previous: GenerateContext['previous'],
): Promise<GenerateResult> {
  const { crawl, options, ctx, settings, logger, progress, warnings, limitsHit } = run;
  const limits = resolveLimits(options);
  const allowedUrls = allowedUrlsOf(crawl);
  const model = resolveModel(options, settings);
  const client: ChatClient = createChatClient(settings, { logger });
  const prompt = await buildPrompt(crawl, skeleton, {
    promptTokenBudget: limits.promptTokenBudget,
    kind: previous ? 'update' : 'new',
    previousLlmsTxt: previous?.llmsTxt,
  });
  for (const limit of prompt.limitsHit) limitsHit.add(limit);
  if (prompt.pagesOmitted > 0) {
    warnings.push(
      `${prompt.pagesOmitted} of ${crawl.pages.length} pages left out of the prompt to fit promptTokenBudget (${prompt.budget} tokens)`,
    );
  }
  progress({ phase: 'prompting', pagesInPrompt: prompt.pagesInPrompt });
  logger.debug(
    {
      model,
      promptTokens: prompt.promptTokens,
      pagesInPrompt: prompt.pagesInPrompt,
      pagesOmitted: prompt.pagesOmitted,
      pagesExcluded: prompt.pagesExcluded,
      kind: previous ? 'update' : 'new',
    },
    'prompt built',
  );

  const maxAttempts = limits.validationAttempts;
  const maxCompletionTokens = completionTokenCap(prompt.pagesInPrompt, model);
  let messages = prompt.messages;
  let lastErrors: Issue[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    throwIfAborted(ctx.signal);
    progress({ phase: 'model', pagesInPrompt: prompt.pagesInPrompt, attempt, maxAttempts });
    const completion = await client.complete(messages, { model, signal: ctx.signal, maxCompletionTokens });
    progress({ phase: 'validating', pagesInPrompt: prompt.pagesInPrompt, attempt, maxAttempts });
    // Cut off at the token cap, or over the byte limit: a failed attempt, whether or not the text parses.
    const problem = answerProblem(completion, { maxCompletionTokens: completion.maxCompletionTokens });
    // Page references ([Title](p12)) become the pages' URLs before the one validator sees the file.
    const refs =
      problem?.rule === 'answer-too-large'
        ? undefined
        : resolvePageRefs(normalizeLlmsTxt(completion.content ?? ''), prompt.refs);
    const answer = refs ? refs.text : (completion.content ?? '').slice(0, 4000);
    if (refs && (refs.resolved > 0 || refs.unknown.length > 0))
      logger.debug(
        { attempt, resolved: refs.resolved, unknown: refs.unknown.slice(0, 10) },
        'page references',
      );
    let validation: ValidationResult | undefined;
    if (problem) {
      lastErrors = [problem];
    } else if (answer === '') {
      lastErrors = [
        {
          rule: 'empty-answer',
          message:
            completion.content === null
              ? 'the answer had no text content'
              : 'the answer was empty once code fences and blank lines were removed',
        },
      ];
    } else {
      validation = validateLlmsTxt(answer, { allowedUrls });
      lastErrors = validation.errors;
    }
    if (validation?.valid) {
      warnings.push(...validation.warnings.map(formatIssue));
      logger.debug({ attempt, links: linkCount(validation) }, 'valid llms.txt');
      return run.finish({
        llmsTxt: answer,
        llmsFullTxt,
        generator: run.generator,
        model: completion.model || model,
        usage: { ...client.usage },
        pages: {
          discovered: run.pagesFound,
          fetched: run.pagesFetched,
          inPrompt: prompt.pagesInPrompt,
          linked: linkCount(validation),
          kinds: skeleton.plan.site.counts,
        },
        attempts: attempt,
        unchanged: false,
        promptTokens: prompt.promptTokens,
      });
    }
    logger.debug(
      { attempt, errors: lastErrors.length, first: lastErrors.slice(0, 5).map(formatIssue) },
      'invalid llms.txt',
    );
    messages = buildRetryMessages(prompt.messages, answer, lastErrors);
  }
  throw new ValidationFailedError(
    `the model's answer was not a valid llms.txt after ${maxAttempts} attempt${maxAttempts === 1 ? '' : 's'}: ${lastErrors
      .slice(0, 3)
      .map(formatIssue)
      .join('; ')}${lastErrors.length > 3 ? `; and ${lastErrors.length - 3} more` : ''}`,
    lastErrors.map(formatIssue),
    { details: { usage: { ...client.usage } } },
  );
}
