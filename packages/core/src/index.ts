// @ltx/core public surface. Kept explicit so the package's contract is visible in one place.
export * from './errors.js';
export * from './options.js';
export * from './types.js';
export { createLogger, silentLogger, type Logger } from './logger.js';
export { normalizeUrl, tryNormalizeUrl } from './crawl/normalize-url.js';
export { assertCrawlableUrl, isBlockedAddress } from './crawl/ssrf.js';
export { safeFetch, fetchText, type SafeFetchOptions, type SafeResponse, type FetchedText } from './crawl/safe-fetch.js';
export { parseLlmsTxt, type LlmsTxtDocument, type LlmsTxtSection, type LlmsTxtLink } from './llmstxt/parse.js';
export { validateLlmsTxt, formatIssue, type Issue, type ValidateOptions, type ValidationResult } from './llmstxt/validate.js';
export { normalizeLlmsTxt } from './llmstxt/normalize.js';
export { htmlToMarkdown, buildFullText } from './extract/index.js';
