// @ltx/core public surface: what the apps and packages use. Layers a consumer needs on their own have subpath
// exports: @ltx/core/crawl (crawler, guarded fetch, the cron's change check), @ltx/core/extract (page extraction
// and its pool), @ltx/core/prompt (prompt building and token counting, for the benchmarks).
// Layers (each imports only those before it): base (types, errors, options, logger, hash, text-trim,
// retry-after, web-date, site-url) -> extract -> site -> crawl -> llmstxt -> plan -> prompt -> llm -> generate. No database.

// The optional renderer a browser package (@ltx/render) implements; core never imports a browser.
export type * from './crawl/renderer.js';
export { type AcceptedUrl, acceptSiteUrl, siteKeyOf } from './crawl/site-url.js';
export {
  AbortedError,
  BlockedHostError,
  ConfigError,
  EmptySiteError,
  type ErrorCode,
  FetchError,
  InvalidUrlError,
  isRetryable,
  LlmError,
  LtxError,
  PageBudgetError,
  TimeoutError,
  toLtxError,
  ValidationFailedError,
} from './errors.js';
export { closeExtractPool, configureExtractPool } from './extract/pool.js';
export { buildExtractive, type ExtractiveResult } from './generate/extractive.js';
export { type GenerateOptions, generate, generateFromCrawl } from './generate/generate.js';
// The llms.txt format: the reference parser's reading and the validator.
export {
  formatIssue,
  type Issue,
  type LlmsTxtDocument,
  type ParseResult,
  parseLlmsTxt,
  type ValidateOptions,
  type ValidationResult,
  validateLlmsTxt,
} from './llmstxt/index.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export {
  type CoreSettings,
  DEFAULT_LIMITS,
  DEFAULT_MODEL,
  type JobOptions,
  jobOptionsSchema,
  type Limits,
  resolveModel,
} from './options.js';
export type { CrawlResult, GenerateResult, Phase, Progress, RenderSummary, TokenUsage } from './types.js';
