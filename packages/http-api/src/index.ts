export { type ApiKey, ApiKeysError, type Principal, parseApiKeys } from './api-keys.js';
export { type ApiOptions, createApi, DEFAULT_MAX_BODY_BYTES, DEFAULT_RATE_LIMIT_PER_MINUTE } from './app.js';
export type { ApiApp, ApiEnv } from './context.js';
export { ApiError, type ErrorBody, errorBody } from './errors.js';
export { type RateLimitOptions, TokenBuckets } from './middleware/rate-limit.js';
export { type ServedApi, serveApi } from './serve.js';
export { acceptSiteUrl, siteKeyOf } from './url-policy.js';
