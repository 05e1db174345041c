// @ltx/core public surface: crawl -> extract -> prompt -> LLM -> validate -> render. No database.
export * from './errors.js';
export * from './options.js';
export * from './types.js';
export { createLogger, silentLogger, type Logger } from './logger.js';
export * from './crawl/index.js';
export * from './extract/index.js';
export * from './llmstxt/index.js';
export * from './prompt/index.js';
export * from './llm/index.js';
export * from './generate/index.js';
