// @ltx/core public surface: crawl -> extract -> site -> plan -> prompt -> LLM -> validate -> render. No database.

export * from './crawl/index.js';
export * from './errors.js';
export * from './extract/index.js';
export * from './generate/index.js';
export { sha256 } from './hash.js';
export * from './llm/index.js';
export * from './llmstxt/index.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export * from './options.js';
export * from './plan/index.js';
export * from './prompt/index.js';
export { type HeaderSource, retryAfterMs } from './retry-after.js';
export * from './site/index.js';
export { type AcceptedUrl, acceptSiteUrl, siteKeyOf } from './site-url.js';
export * from './types.js';
