import type { CoreSettings } from '@ltx/contracts';
import { z } from 'zod';
import { ConfigError } from './errors.js';

/** A job limit: a whole number from `min` to the hard ceiling `max`, optional (the default applies). */
const limit = (min: number, max: number) => z.number().int().min(min).max(max).optional();

/**
 * Per-job options (stored in jobs.options, accepted by the API and the CLI). Every limit has a default and
 * a hard ceiling so that a job can ask for more, but never for an unbounded crawl.
 */
export const jobOptionsSchema = z
  .object({
    /** 'llm' (default) asks the model; 'extractive' builds the file from the crawl alone, no API key needed. */
    generator: z.enum(['llm', 'extractive']).optional(),
    /** Model name; falls back to the job's `model` column, then LTX_MODEL. */
    model: z.string().min(1).max(200).optional(),
    /** Also produce llms-full.txt. */
    full: z.boolean().optional(),
    /** Name the site's other languages in the info paragraph (default: translations are not mentioned). */
    languageNote: z.boolean().optional(),
    maxPages: limit(1, 5000),
    maxDepth: limit(0, 20),
    maxBytesPerPage: limit(1024, 20_000_000),
    /** Elements of one page that extraction reads (document order); the rest is dropped, reported. */
    maxElementsPerPage: limit(1000, 500_000),
    /** Distinct links of one page that are kept (and followed); the rest is dropped, reported. */
    maxLinksPerPage: limit(100, 100_000),
    /**
     * Time one page's parsing and extraction may take in its worker thread; a page over it is skipped
     * (reason 'cpu_budget') and its thread stopped.
     */
    pageCpuBudgetMs: limit(100, 120_000),
    requestTimeoutMs: limit(100, 120_000),
    /**
     * The whole job's time (the worker's hard timer). The crawl gets CRAWL_TIME_SHARE of it: a slow site ends
     * its crawl early with what it has ('jobTimeoutMs' in limitsHit) and the rest is left for the model and
     * validation, so the job still completes.
     */
    jobTimeoutMs: limit(1000, 3_600_000),
    concurrency: limit(1, 32),
    /** Minimum delay between two requests to the same host (robots Crawl-delay wins when larger). */
    perHostDelayMs: limit(0, 60_000),
    promptTokenBudget: limit(1000, 400_000),
    validationAttempts: limit(1, 10),
    fullTextMaxBytes: limit(1024, 50_000_000),
    /**
     * Pages that need JavaScript: 'auto' (default, LTX_RENDER) renders them when the worker has a browser,
     * 'always' renders every page, 'off' never. A worker without a browser keeps pages as served whatever this says.
     */
    render: z.enum(['off', 'auto', 'always']).optional(),
    /** Time one page may take to settle in the browser before its DOM is taken as it is. */
    renderTimeoutMs: limit(500, 60_000),
    /** Pages rendered in one job; the rest are kept as served (named in the warnings). */
    maxRenderedPages: limit(1, 5000),
    /**
     * Hosts (or host:port) besides the crawled site whose requests the browser may make, through the guard as
     * always: e.g. the CDN an app's bundle comes from. Other third-party and tracker requests are aborted.
     */
    renderAllowHosts: z
      .array(
        z
          .string()
          .max(260)
          .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'a host name or host:port'),
      )
      .max(50)
      .optional(),
  })
  .strict();

export type JobOptions = z.infer<typeof jobOptionsSchema>;

export const DEFAULT_LIMITS = {
  maxPages: 200,
  maxDepth: 5,
  maxBytesPerPage: 2_000_000,
  maxElementsPerPage: 50_000,
  maxLinksPerPage: 10_000,
  pageCpuBudgetMs: 10_000,
  /** Not a job option: nesting deeper than this is flattened to text (extract/caps.ts). */
  maxElementDepth: 256,
  requestTimeoutMs: 15_000,
  jobTimeoutMs: 300_000,
  concurrency: 4,
  perHostDelayMs: 0,
  promptTokenBudget: 32_000,
  validationAttempts: 3,
  fullTextMaxBytes: 5_000_000,
  maxRedirects: 5,
  maxUrlLength: 2048,
} as const;

/**
 * Share of jobTimeoutMs that generate() gives the crawl (measured from the job's start); the remaining 40% is
 * for the prompt, the model calls and validation.
 */
export const CRAWL_TIME_SHARE = 0.6;

export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };

export function resolveLimits(options: JobOptions = {}): Limits {
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(limits) as (keyof Limits)[]) {
    const value = (options as Record<string, unknown>)[key];
    if (typeof value === 'number') limits[key] = value;
  }
  return limits;
}

/** Operator settings of @ltx/core (from the environment, by @ltx/config): one definition, in @ltx/contracts. */
export type { CoreSettings } from '@ltx/contracts';

export const DEFAULT_MODEL = 'gpt-5-mini';
export const USER_AGENT = 'ltx/0.1 (+https://llmstxt.org; llms.txt generator)';

/**
 * The model a job will use: its own, else LTX_MODEL, else the default. When the operator set an allow-list
 * (LTX_ALLOWED_MODELS), any other model is a ConfigError (not retryable): clients cannot pick a costlier model.
 */
export function resolveModel(options: Pick<JobOptions, 'model'>, settings: CoreSettings = {}): string {
  const model = options.model ?? settings.defaultModel ?? DEFAULT_MODEL;
  const allowed = settings.allowedModels;
  if (allowed && allowed.length > 0 && !allowed.includes(model)) {
    throw new ConfigError(`model "${model}" is not allowed here (LTX_ALLOWED_MODELS: ${allowed.join(', ')})`);
  }
  return model;
}
