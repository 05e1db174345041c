export { buildExtractive, type ExtractiveResult } from './extractive.js';
export { allowedUrlsOf, type GenerateOptions, generate, generateFromCrawl } from './generate.js';
